"""Per-host pacing: a minimum delay between requests and a cap on requests in flight."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType


class HostGate:
    """Async context manager held around each request to one host.

    A request starts no sooner than `delay` seconds after the previous one started or
    finished, whichever is later, and at most `concurrency` requests are in flight.
    """

    def __init__(self, delay: float, concurrency: int = 1) -> None:
        self.delay = delay
        self._slots = asyncio.Semaphore(concurrency)
        self._turn = asyncio.Lock()  # callers wait for their start time one at a time
        self._next_start = 0.0
        self._last_end = float("-inf")

    def defer(self, seconds: float) -> None:
        """Hold back every request to this host for `seconds` (Retry-After, 429)."""
        self._next_start = max(self._next_start, time.monotonic() + seconds)

    def set_delay(self, delay: float) -> None:
        """Raise the delay (robots.txt Crawl-delay); it applies to the very next request."""
        self.delay = max(self.delay, delay)
        self._next_start = max(self._next_start, self._last_end + self.delay)

    async def __aenter__(self) -> HostGate:
        await self._slots.acquire()
        try:
            async with self._turn:
                while (wait := self._next_start - time.monotonic()) > 0:
                    await asyncio.sleep(wait)
                self._next_start = time.monotonic() + self.delay
        except BaseException:
            self._slots.release()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._last_end = time.monotonic()
        self._next_start = max(self._next_start, self._last_end + self.delay)
        self._slots.release()


class HostGates:
    """One gate per host key, created on first use."""

    def __init__(self, delay: float, concurrency: int) -> None:
        self.delay = delay
        self.concurrency = concurrency
        self._gates: dict[str, HostGate] = {}

    def get(self, key: str) -> HostGate:
        gate = self._gates.get(key)
        if gate is None:
            gate = self._gates[key] = HostGate(self.delay, self.concurrency)
        return gate


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
