"""What the Twilio client raises.

Exception tree::

    TwilioError
     ├── TwilioTransportError        no answer: connection refused, timeout, broken response
     ├── TwilioResponseError         an answer that cannot be used: not a list page, a
     │                               paging loop
     └── TwilioAPIError              an error answer: status, code, message, more_info
          ├── TwilioAuthError        401, 403: wrong credentials
          ├── TwilioNotFoundError    404
          ├── TwilioBadRequestError  400 and other 4xx: a bad parameter
          ├── TwilioRateLimitError   429, still after every retry
          └── TwilioServerError      5xx, still after every retry

No message carries a credential: requests authenticate with a header, messages name only the
method and path, and text taken from an error answer has any echo of the credentials removed.
"""

from __future__ import annotations

__all__ = [
    "TwilioError",
    "TwilioTransportError",
    "TwilioResponseError",
    "TwilioAPIError",
    "TwilioAuthError",
    "TwilioNotFoundError",
    "TwilioBadRequestError",
    "TwilioRateLimitError",
    "TwilioServerError",
]


class TwilioError(Exception):
    """Base class of every error the client raises."""

    #: A request that creates something failed in a way that leaves open whether Twilio
    #: acted on it (a 5xx, an answer that never came): check before trying again.
    may_have_taken_effect: bool = False


class TwilioTransportError(TwilioError):
    """Twilio could not be reached, or its answer could not be read."""


class TwilioResponseError(TwilioError):
    """Twilio answered, but not with something that can be used (a list page without its
    list, a paging loop): an error rather than a short or endless answer."""


class TwilioAPIError(TwilioError):
    """Twilio answered with an error."""

    def __init__(self, *, status: int, code: int | None, message: str,
                 more_info: str | None, method: str, path: str) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.more_info = more_info
        self.method = method
        self.path = path
        code_text = f"Twilio error {code}" if code is not None else "Twilio error"
        text = f"{code_text} (HTTP {status}) on {method} {path}: {message}"
        if more_info:
            text += f" ({more_info})"
        super().__init__(text)

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(status={self.status}, code={self.code}, "
                f"method={self.method!r}, path={self.path!r})")


class TwilioAuthError(TwilioAPIError):
    """The credentials were refused (401 or 403)."""


class TwilioNotFoundError(TwilioAPIError):
    """The resource does not exist (404)."""


class TwilioBadRequestError(TwilioAPIError):
    """The request was refused as invalid (400 and other 4xx)."""


class TwilioRateLimitError(TwilioAPIError):
    """Too many requests (429), still after every retry."""


class TwilioServerError(TwilioAPIError):
    """Twilio failed (5xx), still after every retry."""


def error_class(status: int) -> type[TwilioAPIError]:
    """The exception class for an HTTP error status."""
    if status in (401, 403):
        return TwilioAuthError
    if status == 404:
        return TwilioNotFoundError
    if status == 429:
        return TwilioRateLimitError
    if status >= 500:
        return TwilioServerError
    return TwilioBadRequestError
