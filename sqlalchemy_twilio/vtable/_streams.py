"""Page streams fetched concurrently, within a bound, and read back in order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from typing import Any

__all__ = ["Pages", "bounded_map", "first_pages_together", "prefetched"]

Pages = Iterator[dict[str, Any]]


def bounded_map(fn: Callable[[Any], Any], items: list[Any], executor: Executor, limit: int
                ) -> list[Any]:
    """``[fn(item) for item in items]``, at most ``limit`` at a time."""
    if len(items) <= 1:
        return [fn(item) for item in items]
    out: list[Any] = []
    for start in range(0, len(items), limit):
        out.extend(executor.map(fn, items[start:start + limit]))
    return out


def first_pages_together(streams: list[Pages], executor: Executor, limit: int) -> list[Pages]:
    """The streams, their first pages requested together; later pages only as they are read."""
    firsts = [executor.submit(next, s, None) for s in streams[:limit]]

    def chained(n: int, stream: Pages) -> Pages:
        first = firsts[n].result() if n < len(firsts) else next(stream, None)
        if first is None:
            return
        yield first
        yield from stream

    return [chained(n, s) for n, s in enumerate(streams)]


def prefetched(stream: Pages, executor: Executor) -> Pages:
    """The pages of ``stream``, each requested while the one before it is being read."""
    future = executor.submit(next, stream, None)
    try:
        while True:
            page = future.result()
            if page is None:
                return
            future = executor.submit(next, stream, None)
            yield page
    finally:
        # The request in flight finishes in the background; close the stream after it.
        future.add_done_callback(lambda _: stream.close())
