"""One Twilio client per set of credentials and options, shared by every connection.

Tools such as Superset open a new DB-API connection for every operation; sharing the client
keeps its HTTP connections alive across them, so connecting stays cheap.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

from ..client import ClientConfig, TwilioClient

__all__ = ["shared_client", "fetch_executor"]

_MAX_CLIENTS = 16
_lock = threading.Lock()
_clients: OrderedDict[ClientConfig, TwilioClient] = OrderedDict()
_executor: ThreadPoolExecutor | None = None
#: Threads for concurrent requests, shared by all connections; each statement also keeps at
#: most ``max_concurrency`` of its own in flight, well inside Twilio's concurrency limits.
FETCH_WORKERS = 16


def shared_client(config: ClientConfig) -> TwilioClient:
    """The client for ``config``, created on first use."""
    with _lock:
        client = _clients.get(config)
        if client is None:
            client = _clients[config] = TwilioClient(config)
            if len(_clients) > _MAX_CLIENTS:
                # The evicted client may still serve open connections; it closes with them.
                _clients.popitem(last=False)
        else:
            _clients.move_to_end(config)
        return client


def fetch_executor() -> ThreadPoolExecutor:
    """The thread pool that runs the requests of an IN list concurrently."""
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(FETCH_WORKERS, thread_name_prefix="twilio-fetch")
        return _executor
