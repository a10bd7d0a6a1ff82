"""What a list page must look like, and how paging is kept from going round in circles.

A page that is not a well-formed list page (an object whose list key holds a list of records,
with sane paging fields) is an error, never an empty or shorter answer; so is a
``next_page_uri`` that leads back to a page already read, or a page that repeats the one
before it under a new address.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from ._exceptions import TwilioResponseError

__all__ = ["PageWalk"]

_PAGING_INTS = ("page", "page_size", "start", "end")


class PageWalk:
    """Checks the pages of one list, in the order they arrive."""

    def __init__(self, path: str, list_key: str) -> None:
        self.path = path
        self.list_key = list_key
        self._seen_uris: set[str] = set()
        self._seen_tokens: set[str] = set()
        self._previous: list[Any] | None = None

    def _bad(self, what: str) -> TwilioResponseError:
        return TwilioResponseError(
            f"Twilio's answer to GET {self.path} is not a list page: {what}. Nothing was "
            "returned rather than a partial answer; try again, and check base_url if it "
            "persists.")

    def check(self, page: Any) -> list[Any]:
        """The records of ``page``, or an error saying what is wrong with it."""
        if not isinstance(page, dict):
            raise self._bad(f"expected a JSON object, got {type(page).__name__}")
        if self.list_key not in page:
            keys = ", ".join(sorted(map(str, page))[:8]) or "none"
            raise self._bad(f"it has no {self.list_key!r} list (its keys: {keys})")
        records = page[self.list_key]
        if not isinstance(records, list):
            shown = "null" if records is None else type(records).__name__
            raise self._bad(f"{self.list_key!r} is {shown}, not a list")
        if not all(isinstance(r, dict) for r in records):
            raise self._bad(f"{self.list_key!r} holds something other than records")
        for name in _PAGING_INTS:
            value = page.get(name)
            if value is not None and (type(value) is not int or value < 0):
                raise self._bad(f"{name!r} is {value!r}")
        size = page.get("page_size")
        if isinstance(size, int) and len(records) > max(size, 1):
            raise self._bad(f"{len(records)} records on a page of page_size {size}")
        next_uri = page.get("next_page_uri")
        if next_uri is not None and not isinstance(next_uri, str):
            raise self._bad("next_page_uri is not a string")
        if records and records == self._previous:
            raise TwilioResponseError(
                f"Twilio's paging of GET {self.path} returned the same records twice in a "
                "row: stopping rather than reading them again")
        self._previous = records
        return records

    def follow(self, next_uri: str) -> None:
        """Raise if ``next_uri`` leads back to a page of this list already read."""
        token = parse_qs(urlsplit(next_uri).query).get("PageToken", [None])[-1]
        if next_uri in self._seen_uris or (token is not None and token in self._seen_tokens):
            raise TwilioResponseError(
                f"Twilio's paging of GET {self.path} leads back to a page already read: "
                "stopping rather than reading it again")
        self._seen_uris.add(next_uri)
        if token is not None:
            self._seen_tokens.add(token)
