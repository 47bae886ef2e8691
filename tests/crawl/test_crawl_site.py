"""A whole crawl of the fixture site: what is fetched, what is not, how fast, what is written."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from conftest import CRAWL_DELAY, Site, fast_settings, serve_site

from extractor.ingest.crawl import CrawlStats, crawl_sync
from extractor.records import Document, ErrorEntry

ARTICLES = {
    "/news/lithium-deal",
    "/news/cobalt-loan",
    "/news/nickel-mou",
    "/news/graphite-grant",
    "/news/rare-earths-offtake",
    "/news/feed-only",
    "/news/related-deep",
}


def run(
    site: Site, seeds: list[str], **overrides: object
) -> tuple[list[Document], list[ErrorEntry], CrawlStats]:
    stats = CrawlStats()
    items = list(crawl_sync([site.url(s) for s in seeds], fast_settings(**overrides), stats=stats))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, ErrorEntry)]
    return docs, errors, stats


@pytest.fixture(scope="module")
def full_crawl() -> Iterator[tuple[Site, list[Document], list[ErrorEntry], CrawlStats]]:
    """One crawl from an index page, a sitemap index and a feed, shared by several tests."""
    with serve_site() as site:
        docs, errors, stats = run(site, ["/news", "/sitemap_index.xml", "/feed.xml"])
        yield site, docs, errors, stats


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_writes_one_document_per_article(full_crawl) -> None:
    _site, docs, errors, stats = full_crawl
    assert errors == []
    assert {_path(d.meta.url) for d in docs} == ARTICLES  # type: ignore[arg-type]
    assert len({d.id for d in docs}) == len(docs)
    assert stats.documents == len(ARTICLES)
    assert stats.skipped_duplicate == 1  # lithium-deal-copy has lithium-deal's text
    assert stats.index_pages == 4  # /news, its pages 2 and 3, and the home page


def test_fetches_every_allowed_page_exactly_once(full_crawl) -> None:
    site, _, _, _ = full_crawl
    counts = site.paths()
    assert all(n == 1 for n in counts.values()), counts
    expected = ARTICLES | {
        "/robots.txt",
        "/",
        "/news",
        "/news?page=2",
        "/news?page=3",
        "/news/lithium-deal-copy",
        "/sitemap_index.xml",
        "/sitemap-news.xml",
        "/sitemap-pages.xml.gz",
        "/feed.xml",
    }
    assert set(counts) == expected


def test_never_requests_disallowed_offsite_or_tracking_urls(full_crawl) -> None:
    site, _, _, stats = full_crawl
    requested = set(site.paths())
    assert "/private/secret" not in requested  # robots.txt Disallow, linked and in a sitemap
    assert "/offsite-trap" not in requested  # same server, but host "localhost" is off-site
    assert not any("utm_" in p or "fbclid" in p for p in requested)
    assert stats.skipped_robots == 1
    assert stats.skipped_offsite == 2


def test_spaces_requests_by_the_robots_crawl_delay(full_crawl) -> None:
    site, _, _, _ = full_crawl
    times = sorted(hit.at for hit in site.hits)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= CRAWL_DELAY - 0.005, gaps


def test_sends_a_user_agent_with_a_contact_url(full_crawl) -> None:
    site, _, _, _ = full_crawl
    agents = {hit.headers.get("User-Agent") for hit in site.hits}
    assert len(agents) == 1
    agent = agents.pop() or ""
    assert agent.startswith("press-extractor/") and "+https://" in agent


def test_document_metadata(full_crawl) -> None:
    site, docs, _, _ = full_crawl
    by_path = {_path(d.meta.url): d for d in docs}  # type: ignore[arg-type]
    lithium = by_path["/news/lithium-deal"].meta
    assert lithium.title and "Lithium processing loan" in lithium.title
    assert lithium.canonical_url == site.url("/news/lithium-deal")  # type: ignore[attr-defined]
    assert lithium.final_url == site.url("/news/lithium-deal")  # type: ignore[attr-defined]
    assert lithium.status == 200  # type: ignore[attr-defined]
    assert lithium.content_type == "text/html"  # type: ignore[attr-defined]
    assert lithium.fetched_at.endswith("Z")  # type: ignore[attr-defined]
    assert lithium.published == "2024-03-05"  # JSON-LD datePublished
    assert by_path["/news/cobalt-loan"].meta.published == "2024-02-20"  # meta tag
    assert by_path["/news/nickel-mou"].meta.published == "2024-02-10"  # <time>
    assert "conditional commitment" in by_path["/news/graphite-grant"].text
    # Ids are stable: a readable slug and a hash of the canonical URL.
    assert by_path["/news/cobalt-loan"].id.startswith("127-0-0-1-news-cobalt-loan-")


def test_depth_limits_link_hops_but_not_pagination(site: Site) -> None:
    docs, _, _ = run(site, ["/news"], depth=1)
    paths = {_path(d.meta.url) for d in docs}  # type: ignore[arg-type]
    # Pages 2 and 3 are pagination (rel=next), so their articles are one hop away.
    assert paths == {
        "/news/lithium-deal",
        "/news/cobalt-loan",
        "/news/nickel-mou",
        "/news/graphite-grant",
    }
    assert site.count("/news/related-deep") == 0  # two hops away
    docs, _, _ = run(site, ["/news"], depth=0)
    assert docs == []


def test_include_and_exclude_patterns(site: Site) -> None:
    docs, _, stats = run(site, ["/news"], include=(r"/news",), exclude=(r"cobalt",))
    paths = {_path(d.meta.url) for d in docs}  # type: ignore[arg-type]
    assert "/news/cobalt-loan" not in paths and "/news/lithium-deal" in paths
    assert site.count("/news/cobalt-loan") == 0
    assert stats.skipped_filtered >= 1


def test_keep_non_articles_marks_index_pages(site: Site) -> None:
    docs, _, _ = run(site, ["/news"], depth=0, keep_non_articles=True)
    assert {_path(d.meta.url) for d in docs} == {"/news", "/news?page=2", "/news?page=3"}  # type: ignore[arg-type]
    assert all(d.meta.is_article is False for d in docs)  # type: ignore[attr-defined]
