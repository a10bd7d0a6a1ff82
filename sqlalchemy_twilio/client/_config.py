"""Connection settings, validated once and shared by the client, the DB-API and the dialect."""

from __future__ import annotations

import re
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

__all__ = ["ClientConfig", "DEFAULT_API_ORIGIN"]

DEFAULT_API_ORIGIN = "https://api.twilio.com"
_ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")
_HOST_PART = re.compile(r"[a-z0-9][a-z0-9-]*")


class ClientConfig(BaseModel):
    """Who to talk to and how. ``password`` is the auth token or API key secret."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    account_sid: str
    username: str = Field(description="Account SID, or API key SID (SK…) with account_sid set")
    password: SecretStr
    base_url: Optional[str] = Field(default=None, description="API origin, e.g. an emulator")
    region: Optional[str] = None
    edge: Optional[str] = None
    page_size: int = Field(default=1000, ge=1, le=1000)
    timeout: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=5, ge=0, le=20)
    #: Seconds a request may spend waiting between retries, all retries together.
    retry_budget: float = Field(default=60.0, ge=0)
    cache_ttl: Optional[float] = Field(default=None, ge=0)
    #: Fetch the next page of a scan while SQLite reads the current one. A scan that stops
    #: early may then have asked for one page it does not use, so it is off by default.
    prefetch: bool = False
    #: Most requests in flight at once, across every statement and connection of an engine
    #: (IN lists, fan-outs, date windows); a 429 lowers it for a while.
    max_concurrency: int = Field(default=10, ge=1, le=16)
    #: Date windows a long scan is cut into and fetched concurrently (default: as many as
    #: max_concurrency); 1 pages every scan strictly in order, one request after another.
    scan_concurrency: Optional[int] = Field(default=None, ge=1, le=16)
    #: Most list pages one statement may read: a paging loop, or a scan far larger than
    #: meant, stops with an error that names this option instead of running on.
    max_pages: int = Field(default=10_000, ge=1)
    #: Most parent rows a table read without its parent key may fan out over (one request
    #: each), counted before any child request is sent.
    max_fanout: int = Field(default=100, ge=1)
    #: Most write requests (UPDATE, INSERT, DELETE) one statement may send: a statement that
    #: would send more sends none and fails, naming this option.
    max_writes: int = Field(default=100, ge=0)
    #: Run the reads of a write statement and report the writes it would send, sending none.
    dry_run: bool = False

    @property
    def scan_windows(self) -> int:
        return self.scan_concurrency or self.max_concurrency

    @field_validator("account_sid")
    @classmethod
    def _check_account_sid(cls, value: str) -> str:
        if not _ACCOUNT_SID.fullmatch(value):
            raise ValueError("must be 'AC' followed by 32 hexadecimal characters")
        return value

    @field_validator("region", "edge")
    @classmethod
    def _check_host_part(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not _HOST_PART.fullmatch(value):
            raise ValueError("must be a lower-case host label such as 'ie1' or 'dublin'")
        return value

    @field_validator("base_url")
    @classmethod
    def _check_base_url(cls, value: Optional[str]) -> Optional[str]:
        if value is None:
            return None
        if not re.fullmatch(r"https?://[^/?#\s]+/?", value):
            raise ValueError("must be an origin such as 'https://api.twilio.com' or 'http://127.0.0.1:8080'")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _check_origin(self) -> ClientConfig:
        if self.base_url and (self.region or self.edge):
            raise ValueError("give either base_url or region/edge, not both")
        return self

    @property
    def origin(self) -> str:
        """The API origin: ``base_url``, or the host Twilio's SDKs build from region and edge."""
        if self.base_url:
            return self.base_url
        if not (self.region or self.edge):
            return DEFAULT_API_ORIGIN
        # As Twilio's SDKs do: an edge without a region implies us1.
        region = self.region or "us1"
        labels = ["api", self.edge, region] if self.edge else ["api", region]
        return "https://" + ".".join(labels) + ".twilio.com"
