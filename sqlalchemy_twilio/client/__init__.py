"""The Twilio REST client: Basic auth, host by base URL or region and edge, lazy paging over
``next_page_uri``, retries with backoff for 429, 5xx and connection errors, and Twilio's error
JSON as typed exceptions. It knows nothing of SQL."""

from __future__ import annotations

from ._client import TwilioClient
from ._config import DEFAULT_API_ORIGIN, ClientConfig
from ._exceptions import (
    TwilioAPIError,
    TwilioAuthError,
    TwilioBadRequestError,
    TwilioError,
    TwilioNotFoundError,
    TwilioRateLimitError,
    TwilioResponseError,
    TwilioServerError,
    TwilioTransportError,
)
from ._retry import RetryPolicy

__all__ = [
    "TwilioClient",
    "ClientConfig",
    "DEFAULT_API_ORIGIN",
    "RetryPolicy",
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
