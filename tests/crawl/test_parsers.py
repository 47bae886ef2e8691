"""Sitemaps, feeds, links, content sniffing and Retry-After, without a server."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import time
from datetime import UTC, datetime

import pytest
from conftest import make_pdf

from extractor.errors import ParseError
from extractor.ingest.crawl.content import classify
from extractor.ingest.crawl.feeds import parse_feed
from extractor.ingest.crawl.links import extract_links
from extractor.ingest.crawl.politeness import HostGate, parse_retry_after
from extractor.ingest.crawl.sitemaps import parse_sitemap

URLSET = (
    b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<url><loc> https://a.gov/1 </loc><lastmod>2024-01-02</lastmod></url>"
    b"<url><loc>https://a.gov/2</loc></url><url><lastmod>2024</lastmod></url></urlset>"
)


def test_sitemap_urlset_and_index() -> None:
    sitemap = parse_sitemap(URLSET)
    assert not sitemap.is_index
    assert [(e.url, e.lastmod) for e in sitemap.entries] == [
        ("https://a.gov/1", "2024-01-02"),
        ("https://a.gov/2", None),
    ]
    index = parse_sitemap(
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://a.gov/s1.xml.gz</loc></sitemap></sitemapindex>"
    )
    assert index.is_index and index.entries[0].url == "https://a.gov/s1.xml.gz"


def test_sitemap_does_not_expand_entities() -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&e;</loc></url></urlset>'
    )
    assert all("root:" not in e.url for e in parse_sitemap(evil).entries)


def test_sitemap_rejects_other_xml() -> None:
    with pytest.raises(ParseError):
        parse_sitemap(b"<html><body>hi</body></html>")


def test_feeds_rss_and_atom() -> None:
    rss = b'<rss version="2.0"><channel><item><title>A</title><link>https://a.gov/a</link></item></channel></rss>'
    assert [e.url for e in parse_feed(rss)] == ["https://a.gov/a"]
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        b'<entry><title>B</title><link rel="alternate" href="/b"/><updated>2024-03-01T00:00:00Z</updated></entry></feed>'
    )
    entries = parse_feed(atom, "https://a.gov/atom.xml")
    assert [(e.url, e.title) for e in entries] == [("https://a.gov/b", "B")]
    with pytest.raises(ParseError):
        parse_feed(b"just some text, not a feed")


def test_links() -> None:
    html = (
        '<html><head><base href="https://a.gov/news/"><link rel="stylesheet" href="/s.css">'
        '<link rel="next" href="?page=2"></head><body>'
        '<a href="one">1</a><a href="one#x">1 again</a><a href="mailto:x@a.gov">m</a>'
        '<a rel="nofollow" href="/secret">s</a><a href="https://b.gov/x?utm_source=q">b</a></body></html>'
    )
    links = extract_links(html, "https://a.gov/ignored")
    assert [(link.url, link.pagination) for link in links] == [
        ("https://a.gov/news/?page=2", True),
        ("https://a.gov/news/one", False),
        ("https://b.gov/x", False),
    ]
    assert (
        extract_links(
            '<meta name="robots" content="noindex, nofollow"><a href="/x">x</a>', "https://a.gov/"
        )
        == []
    )


@pytest.mark.parametrize(
    "data, ctype, kind",
    [
        (make_pdf("hi", "t"), "text/html", "pdf"),
        (gzip.compress(URLSET), "application/octet-stream", "gzip"),
        (URLSET, "text/plain", "sitemap"),
        (b'<?xml version="1.0"?><!-- c --><rss version="2.0"></rss>', "text/xml", "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', None, "feed"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "application/octet-stream", "html"),
        (b"plain words", "text/plain", "text"),
        (bytes(range(256)), "text/html", "binary"),
    ],
)
def test_classify(data: bytes, ctype: str | None, kind: str) -> None:
    assert classify(data, ctype) == kind


def test_retry_after() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    now = datetime(2024, 3, 5, 10, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Tue, 05 Mar 2024 10:00:30 GMT", now) == 30
    assert parse_retry_after("Tue, 05 Mar 2024 09:00:00 GMT", now) == 0


def test_host_gate_spaces_requests_and_limits_concurrency() -> None:
    async def go() -> tuple[list[float], int]:
        gate = HostGate(delay=0.05, concurrency=1)
        starts: list[float] = []
        active = peak = 0

        async def request() -> None:
            nonlocal active, peak
            async with gate:
                starts.append(time.monotonic())
                active += 1
                peak = max(peak, active)
                await asyncio.sleep(0.01)
                active -= 1

        await asyncio.gather(*(request() for _ in range(4)))
        return starts, peak

    starts, peak = asyncio.run(go())
    assert peak == 1
    assert all(b - a >= 0.05 for a, b in itertools.pairwise(starts))
