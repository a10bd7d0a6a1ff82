"""``python -m sqlalchemy_twilio.emulator``: serve the emulator until stopped."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence

from ._server import DEFAULT_CALLS, DEFAULT_MESSAGES, DEFAULT_SUBACCOUNTS, Emulator
from ._store import TIE_ORDERS


def _statuses(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(s) for s in text.split(",") if s.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected HTTP statuses like 429,503, not {text!r}"
                                         ) from None
    if not values or any(not 400 <= v <= 599 for v in values):
        raise argparse.ArgumentTypeError("fault statuses must be HTTP errors (400-599)")
    return values


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a count of 0 or more, not {text!r}")
    return value


def _days(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 day or more, not {text!r}")
    return value


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("--fault-rate must be between 0 and 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sqlalchemy_twilio.emulator",
        description="Serve Twilio's API (Conferences, their Participants and Recordings, "
                    "Recordings, Calls, Messages, Usage records) on this machine with sample "
                    "data.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--conferences", type=_count, default=500)
    parser.add_argument("--calls", type=_count, default=DEFAULT_CALLS,
                        help="calls besides the conference legs (default %(default)s)")
    parser.add_argument("--messages", type=_count, default=DEFAULT_MESSAGES,
                        help="messages (default %(default)s)")
    parser.add_argument("--subaccounts", type=_count, default=DEFAULT_SUBACCOUNTS,
                        help="subaccounts of the account, each with a tenth as many records "
                             "(default %(default)s)")
    parser.add_argument("--retention-days", type=_days, default=400,
                        help="how far back DateSent filters of Messages may reach "
                             "(default %(default)s, as Twilio)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--until", help="last day of the sample data, YYYY-MM-DD (default today)")
    parser.add_argument("--data", help="JSON object keyed by list path (\"/Calls.json\", …), "
                        "each an array of records in Twilio's shape; or an array of "
                        "conferences")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--fault-rate", type=_rate, default=0.0)
    parser.add_argument("--fault-status", type=_statuses, default=(429, 503))
    parser.add_argument("--retry-after", type=float, default=None,
                        help="seconds sent in a Retry-After header with each fault")
    parser.add_argument("--ties", choices=TIE_ORDERS, default="sid",
                        help="how lists order records sharing a timestamp: by SID, "
                             "descending, or shuffled by the seed (default %(default)s)")
    args = parser.parse_args(argv)
    try:
        emulator = Emulator(
            args.conferences, args.seed, until=args.until, data=args.data,
            calls=args.calls, messages=args.messages, subaccounts=args.subaccounts,
            retention_days=args.retention_days,
            latency_ms=args.latency_ms, fault_rate=args.fault_rate,
            fault_status=args.fault_status, retry_after=args.retry_after,
            ties=args.ties, host=args.host, port=args.port).start()
    except (OSError, ValueError) as exc:
        print(f"emulator: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(emulator.info()), flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
