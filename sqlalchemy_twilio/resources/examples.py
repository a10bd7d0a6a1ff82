"""Queries the shell offers a newcomer (``.demo``, and on start with ``--demo``): each runs on
the bundled emulator's sample data, as a test checks."""

from __future__ import annotations

__all__ = ["EXAMPLE_QUERIES"]

EXAMPLE_QUERIES: tuple[str, ...] = (
    "SELECT Status, COUNT(*) FROM Conferences GROUP BY Status;",
    "SELECT date(StartTime) AS day, COUNT(*) AS calls, SUM(Duration) / 60 AS minutes\n"
    "  FROM Calls GROUP BY day ORDER BY day DESC LIMIT 7;",
    "SELECT c.Name, p.CallSid, p.Muted FROM Conferences c\n"
    "  JOIN ConferenceParticipants p ON p.ConferenceSid = c.Sid;",
)
