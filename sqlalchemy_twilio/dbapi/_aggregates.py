"""``SUM``, ``TOTAL`` and ``AVG`` that add decimals exactly, as aggregates and window functions.

SQLite holds Twilio's decimal strings (``"-0.00750"``) as REAL numbers and adds them in binary,
so ``SUM(Price)`` of three prices can end in ``…0000003``. The functions here replace SQLite's
own on each connection: every REAL is taken at its shortest ``repr`` (the string Twilio sent,
for up to 15 significant digits), the values are added exactly with :class:`decimal.Decimal`,
and the result is the float nearest the exact answer, whose ``repr`` is the decimal sum.

Everything else keeps SQLite's meaning: integers add as integers (``SUM`` of integers is an
integer, and an integer overflow is an error), NULLs are skipped, ``SUM`` and ``AVG`` of no
values are NULL and ``TOTAL`` 0.0, text and blobs count as SQLite reads them, and ``DISTINCT``,
``FILTER`` and ``OVER (…)`` work as they do for SQLite's own functions.
"""

from __future__ import annotations

import decimal
import threading
from fractions import Fraction
from typing import Any

import apsw

__all__ = ["register_exact_aggregates"]

#: A context in which adding two decimals never rounds.
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN,
                         traps=[])
_add = _EXACT.add
_subtract = _EXACT.subtract
_ZERO = decimal.Decimal(0)
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1

#: The decimals of the REALs seen last (prices repeat), so most rows skip ``repr``.
_DECIMALS: dict[float, decimal.Decimal] = {}
_DECIMALS_KEPT = 4096


def _decimal(value: float) -> decimal.Decimal:
    """``value`` as the decimal its shortest ``repr`` writes (``inf`` as ``Infinity``)."""
    exact = decimal.Decimal(repr(value))
    if len(_DECIMALS) >= _DECIMALS_KEPT:
        _DECIMALS.clear()
    _DECIMALS[value] = exact
    return exact


# SQLite's own SUM tells how it reads a text or blob value: an integer, or the REAL it adds.
_PLAIN = apsw.Connection(":memory:")
_PLAIN_LOCK = threading.Lock()


def _as_sqlite_reads(value: str | bytes) -> int | float:
    with _PLAIN_LOCK:
        (number,) = _PLAIN.execute("SELECT sum(?)", (value,)).fetchone()
    return number  # type: ignore[no-any-return]


# What the values so far make the answer, as SQLite decides it.
_INTEGER = 0  # every value an integer, the sum within int64: an integer
_REAL = 1  # a REAL among them: a REAL
_OVERFLOW = 2  # only integers, whose sum left int64 on the way: an error


class _Sum:
    """The state of one ``SUM``: the count of values, the exact sum of the integers and of
    the REALs apart, and the kind of answer they make."""

    __slots__ = ("count", "integers", "reals", "kind")

    def __init__(self) -> None:
        self.count = 0
        self.integers = 0
        self.reals = _ZERO
        self.kind = _INTEGER

    def step(self, value: Any) -> None:
        cls = value.__class__
        if cls is float:
            self.count += 1
            self.kind = _REAL
            self.reals = _add(self.reals, _DECIMALS.get(value) or _decimal(value))
        elif cls is int:
            self.count += 1
            self.integers += value
            if self.kind == _INTEGER and not _INT64_MIN <= self.integers <= _INT64_MAX:
                self.kind = _OVERFLOW
        elif value is not None:
            self.step(_as_sqlite_reads(value))

    def inverse(self, value: Any) -> None:
        """A value leaving a window's frame (SQLite's answer stays a REAL once it is one)."""
        cls = value.__class__
        if cls is float:
            self.count -= 1
            self.reals = _subtract(self.reals, _DECIMALS.get(value) or _decimal(value))
        elif cls is int:
            self.count -= 1
            self.integers -= value
            if self.kind == _INTEGER and not _INT64_MIN <= self.integers <= _INT64_MAX:
                self.kind = _OVERFLOW
        elif value is not None:
            self.inverse(_as_sqlite_reads(value))

    def exact(self) -> decimal.Decimal:
        """The exact sum: NaN for ``+inf`` plus ``-inf``, which SQLite makes NULL."""
        return _add(self.reals, self.integers)

    def value(self) -> int | float | None:
        if not self.count:
            return None
        if self.kind == _INTEGER:
            return self.integers
        if self.kind == _OVERFLOW:
            raise apsw.SQLError("integer overflow")
        return float(self.exact())

    final = value


class _Total(_Sum):
    """``TOTAL``: the sum as a REAL, 0.0 for no values, never an overflow."""

    __slots__ = ()

    def value(self) -> float:
        return float(self.exact()) if self.count else 0.0

    final = value


class _Avg(_Sum):
    """``AVG``: the REAL nearest the exact sum divided by the count."""

    __slots__ = ()

    def value(self) -> float | None:
        if not self.count:
            return None
        exact = self.exact()
        if not exact.is_finite():
            return float(exact)
        return float(Fraction(exact) / self.count)

    final = value


_FUNCTIONS = {"sum": _Sum, "total": _Total, "avg": _Avg}


def register_exact_aggregates(db: apsw.Connection) -> None:
    """Replace SQLite's ``sum``, ``total`` and ``avg`` (of one argument) on ``db`` with the
    exact ones, for aggregate and window use alike."""
    flags = apsw.SQLITE_DETERMINISTIC | apsw.SQLITE_INNOCUOUS
    for name, factory in _FUNCTIONS.items():
        db.create_window_function(name, factory, 1, flags=flags)
