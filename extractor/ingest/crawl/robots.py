"""robots.txt per origin (RFC 9309, parsed by protego), fetched once per crawl.

A missing robots.txt (4xx) allows everything; one that cannot be fetched (5xx, network
error) disallows everything on that origin for this crawl, as the RFC asks. The
Crawl-delay of our group slows that host's gate, clipped to `max_crawl_delay`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from protego import Protego

from extractor.ingest.crawl.fetch import Fetcher, FetchError
from extractor.ingest.crawl.urls import host_key, origin_of

ROBOTS_MAX_BYTES = 512 * 1024  # the RFC asks parsers to read at least 500 KiB


@dataclass
class RobotsRules:
    origin: str
    parser: Protego | None  # None: no rules, everything allowed
    disallow_all: bool = False
    reason: str = ""

    def allows(self, url: str, agent: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(url, agent)

    def crawl_delay(self, agent: str) -> float | None:
        return None if self.parser is None else self.parser.crawl_delay(agent)

    def sitemaps(self) -> list[str]:
        return [] if self.parser is None else list(self.parser.sitemaps)


class RobotsCache:
    """Fetches and remembers robots.txt for each origin met during a crawl."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self.settings = fetcher.settings
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: str) -> RobotsRules:
        origin = origin_of(url)
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:  # one fetch per origin, however many workers ask at once
            rules = self._rules.get(origin)
            if rules is None:
                rules = self._rules[origin] = await self._load(origin)
                delay = rules.crawl_delay(self.settings.agent_name)
                if delay:
                    self.fetcher.gates.get(host_key(origin)).set_delay(
                        min(float(delay), self.settings.max_crawl_delay)
                    )
        return rules

    async def allowed(self, url: str) -> bool:
        rules = await self.rules_for(url)
        return rules.allows(url, self.settings.agent_name)

    async def _load(self, origin: str) -> RobotsRules:
        url = origin + "/robots.txt"
        try:
            result = await self.fetcher.fetch(
                url, check_robots=False, max_bytes=ROBOTS_MAX_BYTES * 4
            )
        except FetchError as exc:
            if exc.error_type in ("BlockedAddress", "UnsupportedURL"):
                return RobotsRules(origin, None)  # the page fetch will report the real reason
            return RobotsRules(origin, None, disallow_all=True, reason=f"robots.txt: {exc}")
        if 400 <= result.status < 500:
            return RobotsRules(origin, None)
        if result.status >= 500 or result.status >= 300:
            return RobotsRules(
                origin, None, disallow_all=True, reason=f"robots.txt: HTTP {result.status}"
            )
        text = result.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        return RobotsRules(origin, Protego.parse(text))
