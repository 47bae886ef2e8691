"""Crawl settings: one dataclass with documented defaults, mapped from CLI flags."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.errors import ConfigError

TOOL_NAME = "press-extractor"
TOOL_VERSION = "0.1"
DEFAULT_CONTACT = "https://github.com/press-extractor/press-extractor"
DEFAULT_STATE_PATH = ".extractor/crawl-state.sqlite"


@dataclass(frozen=True)
class CrawlSettings:
    """Everything the crawler can be told. Times are in seconds, sizes in bytes."""

    # Politeness.
    delay: float = 1.0  # minimum gap between two requests to the same host
    per_host_concurrency: int = 1  # requests in flight per host
    concurrency: int = 8  # requests in flight overall (worker tasks)
    max_crawl_delay: float = 30.0  # a robots.txt Crawl-delay above this is clipped to it
    max_retry_after: float = 120.0  # a longer Retry-After gives up on the URL instead
    contact: str = DEFAULT_CONTACT  # put in the User-Agent so site owners can reach us
    agent_name: str = TOOL_NAME  # product token matched against robots.txt groups

    # Fault tolerance.
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence while waiting for bytes
    total_timeout: float = 60.0  # whole exchange of one attempt, headers to last byte
    retries: int = 3  # extra attempts after the first, for network errors, 5xx and 429
    backoff_base: float = 0.5  # retry n waits about base * 2**(n-1), with jitter
    backoff_max: float = 30.0
    max_redirects: int = 5  # hops followed before giving up
    max_body_bytes: int = 20 * 1024 * 1024  # bytes on the wire, checked while streaming
    max_decompressed_bytes: int = 50 * 1024 * 1024  # after Content-Encoding or gzip files

    # Scope.
    depth: int = 1  # link hops followed from a seed page (pagination and sitemaps are free)
    include: tuple[str, ...] = ()  # regexes; when given, a discovered URL must match one
    exclude: tuple[str, ...] = ()  # regexes; a discovered URL matching one is skipped
    max_pages: int | None = None  # stop after this many fetches in one run (resumable)
    keep_non_articles: bool = False  # write index pages too, with meta is_article false

    # Safety.
    allow_private: bool = False  # permit private, loopback and link-local addresses
    allow_private_hosts: tuple[str, ...] = ()  # host names exempt from the private check

    # Persistence.
    state_path: str | None = DEFAULT_STATE_PATH  # SQLite file; None keeps state in memory
    warc_dir: str | None = None  # write raw responses as WARC files here

    _compiled: dict[str, tuple[re.Pattern[str], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        positive = {
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "total_timeout": self.total_timeout,
            "per_host_concurrency": self.per_host_concurrency,
            "concurrency": self.concurrency,
            "max_body_bytes": self.max_body_bytes,
            "max_decompressed_bytes": self.max_decompressed_bytes,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ConfigError(f"{name} must be positive, got {value}")
        non_negative = {
            "delay": self.delay,
            "retries": self.retries,
            "backoff_base": self.backoff_base,
            "max_redirects": self.max_redirects,
            "depth": self.depth,
        }
        for name, value in non_negative.items():
            if value < 0:
                raise ConfigError(f"{name} must not be negative, got {value}")
        if self.max_pages is not None and self.max_pages < 1:
            raise ConfigError(f"max_pages must be at least 1, got {self.max_pages}")
        for name in ("include", "exclude"):
            patterns = []
            for pattern in getattr(self, name):
                try:
                    patterns.append(re.compile(pattern))
                except re.error as exc:
                    raise ConfigError(f"--{name} {pattern!r} is not a valid regex: {exc}") from exc
            self._compiled[name] = tuple(patterns)

    @property
    def user_agent(self) -> str:
        return f"{self.agent_name}/{TOOL_VERSION} (+{self.contact})"

    def url_wanted(self, url: str) -> bool:
        """True when `url` passes the include and exclude patterns."""
        include = self._compiled["include"]
        if include and not any(p.search(url) for p in include):
            return False
        return not any(p.search(url) for p in self._compiled["exclude"])
