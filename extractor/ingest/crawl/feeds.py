"""RSS and Atom feeds (feedparser) to the links of their entries."""

from __future__ import annotations

from dataclasses import dataclass

import feedparser

from extractor.errors import ParseError


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str | None = None
    published: str | None = None  # as the feed wrote it


def parse_feed(data: bytes, url: str | None = None) -> list[FeedEntry]:
    """Entries with a link; raises ParseError when the bytes are not a feed."""
    # Bytes, never a str: feedparser would fetch a str that looks like a URL by itself.
    parsed = feedparser.parse(data, response_headers={"content-location": url} if url else None)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise ParseError(f"not an RSS or Atom feed{f': {problem}' if problem else ''}")
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            for candidate in entry.get("links", []):
                if candidate.get("href") and candidate.get("rel", "alternate") == "alternate":
                    link = candidate["href"]
                    break
        if link:
            entries.append(
                FeedEntry(link, entry.get("title"), entry.get("published") or entry.get("updated"))
            )
    return entries
