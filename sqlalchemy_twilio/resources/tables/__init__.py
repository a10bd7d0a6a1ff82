"""Every generated table declaration (see ``tools/generate_resources.py``)."""

from __future__ import annotations

from .conference_participants import CONFERENCE_PARTICIPANTS
from .conference_recordings import CONFERENCE_RECORDINGS
from .conferences import CONFERENCES

__all__ = ["ALL", "CONFERENCES", "CONFERENCE_PARTICIPANTS", "CONFERENCE_RECORDINGS"]

#: Every table, in the order of the overrides file.
ALL = (CONFERENCES, CONFERENCE_PARTICIPANTS, CONFERENCE_RECORDINGS)
