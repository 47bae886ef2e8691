"""Polite, resumable web crawling of press releases into documents.

    from extractor.ingest.crawl import CrawlSettings, crawl_sync
    for item in crawl_sync(["https://example.gov/news"], CrawlSettings(delay=2.0)):
        ...

See docs/crawl.md for the command and every setting.
"""

from extractor.ingest.crawl.crawler import CrawlStats, crawl, crawl_sync
from extractor.ingest.crawl.fetch import FetchError, FetchResult
from extractor.ingest.crawl.settings import CrawlSettings
from extractor.ingest.crawl.urls import canonicalize, doc_id_for

__all__ = [
    "CrawlSettings",
    "CrawlStats",
    "FetchError",
    "FetchResult",
    "canonicalize",
    "crawl",
    "crawl_sync",
    "doc_id_for",
]
