"""The SQLite state: conditional reruns, resuming an interrupted crawl, the fetch budget."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conftest import Site, fast_settings, quicken

from extractor.ingest.crawl import CrawlStats, crawl, crawl_sync
from extractor.records import Document

SEEDS = ["/news", "/sitemap_index.xml", "/feed.xml"]


@pytest.fixture(autouse=True)
def _quick(site: Site) -> None:
    quicken(site)


def _docs(site: Site, state: Path, **overrides: object) -> tuple[list[Document], CrawlStats]:
    stats = CrawlStats()
    settings = fast_settings(state_path=str(state), delay=0.02, **overrides)
    items = list(crawl_sync([site.url(s) for s in SEEDS], settings, stats=stats))
    assert all(isinstance(i, Document) for i in items)
    return items, stats  # type: ignore[return-value]


def test_second_run_sends_conditional_requests_and_writes_nothing(
    site: Site, tmp_path: Path
) -> None:
    state = tmp_path / "crawl.sqlite"
    first, _ = _docs(site, state)
    assert len(first) == 7
    site.hits.clear()
    second, stats = _docs(site, state)
    assert second == []
    pages = [hit for hit in site.hits if hit.path != "/robots.txt"]
    assert pages and all("If-None-Match" in hit.headers for hit in pages)
    assert all("If-Modified-Since" in hit.headers for hit in pages)
    # 304 index pages and sitemaps still lead to their (unchanged) links.
    assert {hit.path for hit in pages} >= {"/news/lithium-deal", "/news/rare-earths-offtake"}
    assert stats.skipped_not_modified == len(pages)


def test_changed_page_is_fetched_again(site: Site, tmp_path: Path) -> None:
    state = tmp_path / "crawl.sqlite"
    first, _ = _docs(site, state)
    old = next(d for d in first if d.meta.url.endswith("/news/cobalt-loan"))  # type: ignore[union-attr]
    ctype, body = site.static["/news/cobalt-loan"]
    site.static["/news/cobalt-loan"] = (ctype, body.replace(b"Nevada", b"Idaho"))
    second, _ = _docs(site, state)
    assert [d.id for d in second] == [old.id]  # same id, new text
    assert "Idaho" in second[0].text


def test_interrupted_crawl_resumes_where_it_stopped(site: Site, tmp_path: Path) -> None:
    state = tmp_path / "crawl.sqlite"
    settings = fast_settings(state_path=str(state), delay=0.02)
    seeds = [site.url(s) for s in SEEDS]
    first: list[Document] = []
    for item in crawl_sync(seeds, settings):  # stop after two documents, like a Ctrl-C
        first.append(item)  # type: ignore[arg-type]
        if len(first) == 2:
            break
    hits_before = len(site.hits)
    second = list(crawl_sync(seeds, settings))
    resumed_paths = [hit.path for hit in site.hits[hits_before:]]
    ids = [d.id for d in first] + [d.id for d in second]
    assert len(ids) == len(set(ids)) == 7  # nothing lost, nothing written twice
    for doc in first:  # what was delivered is not fetched again
        assert doc.meta.url.split(str(site.port))[1] not in resumed_paths  # type: ignore[union-attr]
    # The seeds were done in the first run and are not fetched again when resuming.
    assert "/sitemap_index.xml" not in resumed_paths
    # A third run starts afresh: everything conditional, nothing new.
    assert list(crawl_sync(seeds, settings)) == []


def test_max_pages_leaves_the_rest_for_the_next_run(site: Site, tmp_path: Path) -> None:
    state = tmp_path / "crawl.sqlite"
    docs, stats = _docs(site, state, max_pages=5)
    assert stats.fetched == 5
    rest, _ = _docs(site, state)
    assert len(docs) + len(rest) == 7


def test_async_api(site: Site) -> None:
    async def collect() -> list[object]:
        return [i async for i in crawl([site.url("/news/cobalt-loan")], fast_settings(depth=0))]

    items = asyncio.run(collect())
    assert [type(i) for i in items] == [Document]
