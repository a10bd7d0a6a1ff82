"""The emulator served over real HTTP on 127.0.0.1, and the ``Emulator`` context manager."""

from __future__ import annotations

import copy
import datetime as _dt
import socket
import threading
import time
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from ._app import EmulatorApp, Fault
from ._data import credentials_for, generate
from ._dataset import Dataset, load
from ._sample import sample, with_subaccounts

__all__ = ["DEFAULT_CALLS", "DEFAULT_MESSAGES", "DEFAULT_SUBACCOUNTS", "Emulator"]

DEFAULT_CALLS = 2000
DEFAULT_MESSAGES = 3000
DEFAULT_SUBACCOUNTS = 4


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Without TCP_NODELAY a response split over two sends waits ~40 ms for a delayed ACK;
        # each response is also written in one piece below.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection)

    def finish(self) -> None:
        self.server.untrack(self.connection)
        super().finish()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        response = self.server.app.handle(self.command, parts.path, parts.query, headers, body)
        head = [f"HTTP/1.1 {response.status} {response.reason}",
                f"Content-Length: {len(response.body)}"]
        head += [f"{k}: {v}" for k, v in response.headers.items()]
        if self.close_connection:
            head.append("Connection: close")
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + response.body)

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log at /_emulator/requests is the record."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], app: EmulatorApp) -> None:
        super().__init__(address, _Handler)
        self.app = app
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def track(self, sock: socket.socket) -> None:
        with self._open_lock:
            self._open.add(sock)

    def untrack(self, sock: socket.socket) -> None:
        with self._open_lock:
            self._open.discard(sock)

    def drop_connections(self) -> None:
        """Cut every kept-alive connection, as a server going away would."""
        with self._open_lock:
            for sock in self._open:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self._open.clear()


class Emulator:
    """Twilio's API on 127.0.0.1, with deterministic sample data.

    >>> with Emulator(conferences=500, seed=1) as emu:
    ...     engine = create_engine(emu.url)

    ``calls`` and ``messages`` size the sample data besides the conferences (their
    participants, legs and recordings come with them); ``subaccounts`` is how many
    subaccounts the account has (active, suspended and closed ones), each with a tenth as
    many records of its own; ``retention_days`` is Twilio's
    retention window for ``DateSent`` filters of Messages. ``data`` (a path, or the parsed
    JSON) replaces the sample data: an object keyed by list path, or an array of conferences.
    ``ties`` is how a list orders records that share their timestamp, which Twilio does not
    document: ``"sid"`` (descending) or ``"shuffled"`` (an order drawn from ``seed``, the same
    for every request).
    """

    def __init__(self, conferences: int = 500, seed: int = 1, *,
                 until: str | _dt.date | None = None,
                 data: str | Path | list[dict[str, Any]] | dict[str, Any] | None = None,
                 calls: int = DEFAULT_CALLS, messages: int = DEFAULT_MESSAGES,
                 subaccounts: int = DEFAULT_SUBACCOUNTS, retention_days: int = 400,
                 latency_ms: float = 0.0, fault_rate: float = 0.0,
                 fault_status: Iterable[int] = (429, 503), retry_after: float | None = None,
                 ties: str = "sid", host: str = "127.0.0.1", port: int = 0) -> None:
        if min(conferences, calls, messages, subaccounts) < 0:
            raise ValueError("conferences, calls, messages and subaccounts must not be "
                             "negative")
        source: Dataset | Any
        clock: Any = time.time
        day = _dt.date.fromisoformat(until) if isinstance(until, str) else until
        if day is None:
            end = _dt.datetime.now(_dt.timezone.utc).timestamp()
        else:
            end = _dt.datetime.combine(day, _dt.time(23, 59, 59), _dt.timezone.utc).timestamp()
            # A pinned day is the emulator's "now": its clock stands at the last second of
            # that day, so retention windows, "today" of the usage lists, the time of a
            # write and the Date of its answers keep to it, whatever the real date.
            clock = lambda: end  # noqa: E731
        if data is not None:
            account_sid, source = load(data)
            self.credentials = credentials_for(seed, account_sid)
        else:
            self.credentials = credentials_for(seed)
            account = self.credentials.account_sid
            records = generate(conferences, seed, day, account)
            frozen = copy.deepcopy(records)

            def source() -> Dataset:
                main = sample(copy.deepcopy(frozen), seed, end, account, calls=calls,
                              messages=messages)
                return with_subaccounts(main, subaccounts, seed, end, account,
                                        conferences=conferences, calls=calls,
                                        messages=messages)
        self.app = EmulatorApp(source, self.credentials, seed=seed, latency_ms=latency_ms,
                               fault_rate=fault_rate, fault_status=fault_status,
                               retry_after=retry_after, retention_days=retention_days,
                               clock=clock, ties=ties)
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> Emulator:
        if self._server is None:
            self._server = _Server(self._address, self.app)
            # A short poll interval makes stop() quick, which suites that start many notice.
            self._thread = threading.Thread(target=self._server.serve_forever,
                                            kwargs={"poll_interval": 0.05},
                                            name="twilio-emulator", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and cut open connections (a later request is refused)."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.drop_connections()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- what clients need ----------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the emulator is not running: use start() or a with block")
        host, port = self._server.server_address[:2]
        if isinstance(host, bytes):
            host = host.decode()
        return f"http://{host}:{port}"

    @property
    def now(self) -> _dt.datetime:
        """The emulator's time: the end of ``until`` when it was given, else the real time."""
        return _dt.datetime.fromtimestamp(self.app.now(), _dt.timezone.utc)

    @property
    def account_sid(self) -> str:
        return self.credentials.account_sid

    @property
    def auth_token(self) -> str:
        return self.credentials.auth_token

    @property
    def api_key_sid(self) -> str:
        return self.credentials.api_key_sid

    @property
    def api_key_secret(self) -> str:
        return self.credentials.api_key_secret

    @property
    def url(self) -> str:
        """A ready ``twilio://`` URL for this emulator."""
        return (f"twilio://{self.account_sid}:{self.auth_token}@/"
                f"?base_url={quote(self.base_url, safe='')}")

    def info(self) -> dict[str, str]:
        return {"base_url": self.base_url, "account_sid": self.account_sid,
                "auth_token": self.auth_token, "api_key_sid": self.api_key_sid,
                "api_key_secret": self.api_key_secret, "url": self.url}

    # -- what tests need ------------------------------------------------------------------

    @property
    def records(self) -> list[dict[str, Any]]:
        """A copy of every conference as it is now, newest first."""
        return self.app.records()

    def table(self, list_path: str, account: str | None = None) -> list[dict[str, Any]]:
        """A copy of every record a list path serves now (with no filters), all parents
        together: ``table("/Conferences/{ConferenceSid}/Participants.json")`` is every
        participant of every conference. The keys are those of ``--data``: of the main
        account, or of the subaccount ``account``; ``table("/Accounts.json")`` is every
        account (without its token). A record that does not name its parent carries it
        under the path parameter's name (``DomainSid``), which no answer shows.

        Each list's own order, newest first: ``date_created`` then the key (``sid``, or
        ``call_sid`` for participants), both descending (ties as ``ties`` orders them); usage
        records by ``start_date`` then ``category``, both descending. Deleted recordings are
        left out."""
        return self.app.table(list_path, account)

    def requests(self) -> list[dict[str, Any]]:
        """The API requests served so far: method, path, query (name → values), a POST's
        form (name → values), status, and when it arrived and was answered (``started``,
        ``finished``: ``time.monotonic()``)."""
        return self.app.requests()

    def reset(self, *, data: bool = False) -> None:
        """Clear the request log and scripted faults; with ``data``, restore the sample data."""
        self.app.reset(data=data)

    def set_faults(self, *, rate: float | None = None, statuses: Iterable[int] | None = None,
                   retry_after: float | None = None) -> None:
        self.app.set_faults(rate=rate, statuses=statuses, retry_after=retry_after)

    def add_fault(self, status: int, *, match: Any = None, times: int = 1,
                  retry_after: float | None = None) -> None:
        """Answer ``status`` to the next ``times`` requests ``match(request)`` accepts."""
        self.app.add_fault(Fault(status, match, times, retry_after))

    @property
    def latency_ms(self) -> float:
        return self.app.latency_ms

    @latency_ms.setter
    def latency_ms(self, value: float) -> None:
        self.app.latency_ms = value
