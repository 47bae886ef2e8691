"""Each fault endpoint ends as a document or as an error with a reason; none stops the crawl."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import READ_TIMEOUT, Site, fast_settings, serve_site

from extractor.ingest.crawl import CrawlStats, crawl_sync
from extractor.records import Document, ErrorEntry

FAULTS = [
    "/faults/slow",
    "/faults/always-500",
    "/faults/flaky",
    "/faults/big",
    "/faults/big-declared",
    "/faults/encoded-bomb",
    "/faults/pdf-as-html",
    "/faults/charset-lies",
    "/faults/binary-as-html",
    "/faults/redirect/1",
    "/faults/loop/a",
    "/faults/hops/1",
    "/faults/to-disallowed",
    "/faults/missing",
]


@pytest.fixture(scope="module")
def fault_crawl() -> Iterator[tuple[Site, dict[str, Document], dict[str, ErrorEntry], CrawlStats]]:
    with serve_site() as site:
        stats = CrawlStats()
        # depth 0: only the fault URLs themselves, not the links of the pages they serve.
        items = list(crawl_sync([site.url(p) for p in FAULTS], fast_settings(depth=0), stats=stats))
        docs = {d.meta.url.split(str(site.port), 1)[1]: d for d in items if isinstance(d, Document)}  # type: ignore[union-attr]
        errors = {
            e.source.split(str(site.port), 1)[1]: e for e in items if isinstance(e, ErrorEntry)
        }
        yield site, docs, errors, stats


def test_every_fault_is_a_document_or_an_error(fault_crawl) -> None:
    _site, docs, errors, stats = fault_crawl
    assert set(docs) | set(errors) | {"/faults/to-disallowed"} == set(FAULTS)
    assert stats.errors == len(errors)
    for entry in errors.values():
        assert entry.stage in ("fetch", "parse", "decode")
        assert entry.message and entry.error_type
        assert entry.url == entry.source  # type: ignore[attr-defined]
        assert isinstance(entry.attempts, int)  # type: ignore[attr-defined]
    assert {url for url, _, _ in stats.failed_urls} == {e.source for e in errors.values()}


def test_slow_page_times_out_after_retries(fault_crawl) -> None:
    site, _, errors, _ = fault_crawl
    entry = errors["/faults/slow"]
    assert entry.error_type == "ReadTimeout"
    assert entry.attempts == 3  # type: ignore[attr-defined]
    assert site.count("/faults/slow") == 3
    assert f"{READ_TIMEOUT}" in entry.message


def test_server_error_is_retried_then_reported(fault_crawl) -> None:
    site, _, errors, _ = fault_crawl
    entry = errors["/faults/always-500"]
    assert (entry.error_type, entry.status, entry.attempts) == ("HTTPStatusError", 500, 3)  # type: ignore[attr-defined]
    assert site.count("/faults/always-500") == 3  # retries=2: three requests
    times = site.times("/faults/always-500")
    assert times[1] - times[0] >= 0.025  # backoff: at least half of backoff_base


def test_flaky_page_succeeds_on_the_third_request(fault_crawl) -> None:
    site, docs, _, _ = fault_crawl
    assert site.count("/faults/flaky") == 3
    assert "Flaky but fine" in (docs["/faults/flaky"].meta.title or "")


def test_size_caps(fault_crawl) -> None:
    _, _, errors, _ = fault_crawl
    assert errors["/faults/big"].error_type == "BodyTooLarge"  # no Content-Length: streamed
    assert "Content-Length" in errors["/faults/big-declared"].message
    assert "decompresses" in errors["/faults/encoded-bomb"].message
    assert errors["/faults/big"].attempts == 1  # type: ignore[attr-defined]  # not retried


def test_content_is_sniffed_not_trusted(fault_crawl) -> None:
    _, docs, errors, _ = fault_crawl
    pdf = docs["/faults/pdf-as-html"]
    assert pdf.meta.content_type == "application/pdf"  # type: ignore[attr-defined]
    assert pdf.meta.declared_content_type == "text/html"  # type: ignore[attr-defined]
    assert "Critical minerals fact sheet" in pdf.text
    assert errors["/faults/binary-as-html"].error_type == "UnsupportedContent"


def test_lying_charset_is_detected(fault_crawl) -> None:
    _, docs, _, _ = fault_crawl
    doc = docs["/faults/charset-lies"]
    assert "Société Générale" in doc.text and "d’euros" in doc.text
    assert doc.meta.encoding != "utf-8"


def test_redirects(fault_crawl) -> None:
    site, docs, errors, stats = fault_crawl
    followed = docs["/faults/redirect/1"]
    assert followed.meta.final_url == site.url("/news/redirect-target")  # type: ignore[attr-defined]
    assert followed.meta.canonical_url == site.url("/news/redirect-target")  # type: ignore[attr-defined]
    assert errors["/faults/loop/a"].error_type == "RedirectLoop"
    assert site.count("/faults/loop/a") == 1 and site.count("/faults/loop/b") == 1
    assert errors["/faults/hops/1"].error_type == "TooManyRedirects"
    assert site.count("/faults/hops/7") == 0  # max_redirects=5: hops 1..6 requested
    # A redirect into a robots.txt-disallowed path is skipped, not fetched.
    assert site.count("/private/secret") == 0
    assert stats.skipped_robots == 1
    assert errors["/faults/missing"].status == 404  # type: ignore[attr-defined]


def test_429_retry_after_is_honoured(site: Site) -> None:
    items = list(crawl_sync([site.url("/faults/rate-limited")], fast_settings(depth=0)))
    assert [type(i) for i in items] == [Document]
    first, second = site.times("/faults/rate-limited")
    assert second - first >= 0.99  # Retry-After: 1


def test_robots_5xx_disallows_the_origin(site: Site) -> None:
    site.dynamic["/robots.txt"] = lambda h: h.send_body(503, "text/plain", b"down")
    stats = CrawlStats()
    items = list(crawl_sync([site.url("/news")], fast_settings(retries=0), stats=stats))
    assert items == [] and stats.skipped_robots == 1
    assert site.count("/news") == 0


def test_robots_404_allows_everything(site: Site) -> None:
    del site.static["/robots.txt"]
    items = list(crawl_sync([site.url("/private/secret")], fast_settings(depth=0)))
    assert [type(i) for i in items] == [Document]
