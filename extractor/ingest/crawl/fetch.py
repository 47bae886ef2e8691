"""One URL to one response: politeness, retries, redirects and size caps.

`Fetcher.fetch` follows redirects itself, hop by hop, so that every hop is checked for
scheme, private addresses, robots.txt and loops; retries network errors, 5xx, 408 and 429
with exponential backoff and jitter (or the server's Retry-After); and reads the body in a
stream, stopping as soon as it passes the byte caps.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from extractor.errors import ExtractorError
from extractor.ingest.crawl.netguard import AddressPolicy, BlockedAddressError, guarded_transport
from extractor.ingest.crawl.politeness import HostGates, parse_retry_after
from extractor.ingest.crawl.settings import CrawlSettings
from extractor.ingest.crawl.urls import DEFAULT_PORTS, UrlError, canonicalize, host_key

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({408, 429})  # plus every 5xx


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class FetchResult:
    url: str  # the URL asked for
    final_url: str  # where the redirects ended
    status: int
    headers: httpx.Headers
    body: bytes
    attempts: int  # HTTP requests made, over all hops and retries
    redirects: tuple[str, ...] = ()
    fetched_at: str = field(default_factory=utc_now)

    @property
    def content_type(self) -> str | None:
        value = self.headers.get("content-type")
        return value.split(";", 1)[0].strip().lower() or None if value else None

    @property
    def charset(self) -> str | None:
        value = self.headers.get("content-type") or ""
        for param in value.split(";")[1:]:
            name, _, charset = param.partition("=")
            if name.strip().lower() == "charset" and charset.strip():
                return charset.strip().strip("\"'")
        return None


class FetchError(ExtractorError):
    """A URL could not be fetched; `error_type` names the kind, the message says why."""

    def __init__(
        self, url: str, error_type: str, message: str, attempts: int, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.url = url
        self.error_type = error_type
        self.attempts = attempts
        self.status = status


class RobotsDisallowed(ExtractorError):
    """robots.txt forbids the URL (met on a redirect hop); not an error, a skip."""

    def __init__(self, url: str) -> None:
        super().__init__(f"robots.txt disallows {url}")
        self.url = url


class _TooLarge(Exception):
    pass


class _Retry(Exception):
    """An attempt failed in a way worth another try."""

    def __init__(self, error_type: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.status = status


ResponseHook = Callable[[httpx.Request, httpx.Response, bytes], None]
RobotsCheck = Callable[[str], Awaitable[bool]]


class Fetcher:
    """Owns the HTTP client and the per-host gates; use as an async context manager."""

    def __init__(
        self,
        settings: CrawlSettings,
        *,
        on_response: ResponseHook | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.gates = HostGates(settings.delay, settings.per_host_concurrency)
        self.policy = AddressPolicy(settings.allow_private, settings.allow_private_hosts)
        self.robots_check: RobotsCheck | None = None
        self.on_response = on_response
        self._sleep = sleep
        limits = httpx.Limits(
            max_connections=settings.concurrency * 2, max_keepalive_connections=settings.concurrency
        )
        self.client = httpx.AsyncClient(
            transport=guarded_transport(self.policy, limits=limits, trust_env=False),
            timeout=httpx.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.read_timeout,
                pool=settings.total_timeout,
            ),
            follow_redirects=False,  # followed by hand, see fetch()
            trust_env=False,  # an environment proxy would bypass the address checks
            headers={
                "User-Agent": settings.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,"
                "application/pdf;q=0.9,*/*;q=0.8",
                "Accept-Encoding": "gzip, deflate",
            },
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.client.aclose()

    async def fetch(
        self,
        url: str,
        headers: Mapping[str, str] | None = None,
        *,
        check_robots: bool = True,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """GET `url`, following redirects; raises FetchError, or RobotsDisallowed on a hop."""
        attempts = 0
        current = url
        chain: list[str] = []
        seen: set[str] = set()
        while True:
            try:
                key = canonicalize(current)
            except UrlError as exc:
                raise FetchError(current, "UnsupportedURL", str(exc), attempts) from exc
            if key in seen:
                raise FetchError(
                    url,
                    "RedirectLoop",
                    f"redirect loop: {' -> '.join([*chain, current])}",
                    attempts,
                )
            seen.add(key)
            parts = urlsplit(current)
            port = parts.port or DEFAULT_PORTS[parts.scheme.lower()]
            try:
                await self.policy.check(parts.hostname or "", port)
            except BlockedAddressError as exc:
                raise FetchError(current, "BlockedAddress", str(exc), attempts) from exc
            except httpx.TransportError as exc:
                raise FetchError(current, "ConnectError", str(exc), attempts + 1) from exc
            if (
                check_robots
                and self.robots_check
                and chain
                and not await self.robots_check(current)
            ):
                raise RobotsDisallowed(current)
            response, body, used = await self._get_with_retries(current, headers, max_bytes)
            attempts += used
            location = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                if len(chain) >= self.settings.max_redirects:
                    raise FetchError(
                        url,
                        "TooManyRedirects",
                        f"more than {self.settings.max_redirects} redirects, last to {location}",
                        attempts,
                    )
                chain.append(current)
                current = urljoin(current, location.strip())
                continue
            return FetchResult(
                url=url,
                final_url=current,
                status=response.status_code,
                headers=response.headers,
                body=body,
                attempts=attempts,
                redirects=tuple(chain),
            )

    async def _get_with_retries(
        self, url: str, headers: Mapping[str, str] | None, max_bytes: int | None
    ) -> tuple[httpx.Response, bytes, int]:
        settings = self.settings
        gate = self.gates.get(host_key(url))
        tries = settings.retries + 1
        for attempt in range(1, tries + 1):
            wait: float | None = None
            try:
                async with gate:
                    response, body = await self._get_once(url, headers, max_bytes)
                status = response.status_code
                if status < 500 and status not in RETRY_STATUSES:
                    return response, body, attempt
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                if retry_after is not None:
                    if retry_after > settings.max_retry_after:
                        raise FetchError(
                            url,
                            "RetryAfterTooLong",
                            f"HTTP {status} with Retry-After {retry_after:.0f} s, beyond the "
                            f"{settings.max_retry_after:.0f} s cap",
                            attempt,
                            status,
                        )
                    gate.defer(retry_after)  # the whole host waits, not just this URL
                    wait = 0.0
                if attempt == tries:
                    return response, body, attempt  # the caller reports the status
                raise _Retry("HTTPStatusError", f"HTTP {status}", status)
            except _TooLarge as exc:
                raise FetchError(url, "BodyTooLarge", str(exc), attempt) from exc
            except BlockedAddressError as exc:
                raise FetchError(url, "BlockedAddress", str(exc), attempt) from exc
            except (httpx.TransportError, TimeoutError, _Retry) as exc:
                error_type, message = _describe(exc, settings)
                if attempt == tries:
                    raise FetchError(
                        url,
                        error_type,
                        f"{message} (gave up after {attempt} attempts)",
                        attempt,
                        getattr(exc, "status", None),
                    ) from exc
            if wait is None:
                ceiling = min(settings.backoff_max, settings.backoff_base * 2 ** (attempt - 1))
                wait = random.uniform(ceiling / 2, ceiling)  # "equal jitter"
            if wait > 0:
                await self._sleep(wait)
        raise AssertionError("unreachable")

    async def _get_once(
        self, url: str, headers: Mapping[str, str] | None, max_bytes: int | None
    ) -> tuple[httpx.Response, bytes]:
        settings = self.settings
        wire_cap = min(max_bytes or settings.max_body_bytes, settings.max_body_bytes)
        request = self.client.build_request("GET", url, headers=dict(headers or {}))
        async with asyncio.timeout(settings.total_timeout):
            response = await self.client.send(request, stream=True)
            try:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > wire_cap:
                    raise _TooLarge(
                        f"Content-Length {int(declared):,} exceeds the {wire_cap:,}-byte cap"
                    )
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    chunks.append(chunk)
                    if response.num_bytes_downloaded > wire_cap:
                        raise _TooLarge(f"body exceeds the {wire_cap:,}-byte cap")
                    if size > settings.max_decompressed_bytes:
                        raise _TooLarge(
                            f"body decompresses past the {settings.max_decompressed_bytes:,}-byte cap"
                        )
            finally:
                await response.aclose()
        body = b"".join(chunks)
        if self.on_response is not None:
            self.on_response(request, response, body)
        return response, body


def _describe(exc: BaseException, settings: CrawlSettings) -> tuple[str, str]:
    if isinstance(exc, _Retry):
        return exc.error_type, str(exc)
    if isinstance(exc, TimeoutError):
        return "TotalTimeout", f"no complete response within {settings.total_timeout} s"
    if isinstance(exc, httpx.ConnectTimeout):
        return "ConnectTimeout", f"no connection within {settings.connect_timeout} s"
    if isinstance(exc, httpx.ReadTimeout):
        return "ReadTimeout", f"no data for {settings.read_timeout} s"
    detail = str(exc) or type(exc).__name__
    return type(exc).__name__, detail
