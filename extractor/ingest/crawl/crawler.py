"""The crawl loop: a frontier of URLs, worker tasks, and a stream of documents and errors.

`crawl(seeds, settings)` is an async generator of `Document | ErrorEntry`; `crawl_sync`
wraps it for plain code. A page's state (validators, content hash, frontier entry) is
committed only after the consumer has taken its document, so an interrupted crawl may
fetch a page twice but never loses one.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from extractor.errors import DocumentError, ExtractorError
from extractor.ingest.compression import gunzip_capped
from extractor.ingest.crawl.content import classify
from extractor.ingest.crawl.documents import Page, html_page, pdf_page, text_page
from extractor.ingest.crawl.feeds import parse_feed
from extractor.ingest.crawl.fetch import Fetcher, FetchError, FetchResult, RobotsDisallowed
from extractor.ingest.crawl.links import extract_links
from extractor.ingest.crawl.robots import RobotsCache
from extractor.ingest.crawl.settings import CrawlSettings
from extractor.ingest.crawl.sitemaps import parse_sitemap
from extractor.ingest.crawl.state import CrawlState, FrontierItem, PageState
from extractor.ingest.crawl.urls import UrlError, canonicalize, doc_id_for, host_of
from extractor.ingest.crawl.warc import WarcSink
from extractor.records import Document, ErrorEntry

# How a URL was found; only "link" costs a hop of depth.
HOP_VIAS = frozenset({"link"})


@dataclass
class CrawlStats:
    fetched: int = 0  # page requests that got a response or failed (robots.txt not counted)
    documents: int = 0
    index_pages: int = 0  # HTML pages that are not articles (links followed, not written)
    skipped_robots: int = 0
    skipped_offsite: int = 0
    skipped_filtered: int = 0  # --include / --exclude
    skipped_duplicate: int = 0
    skipped_not_modified: int = 0
    errors: int = 0
    failed_urls: list[tuple[str, str, int]] = field(default_factory=list)  # url, reason, attempts

    def summary(self) -> str:
        return (
            f"crawl: {self.fetched} pages fetched, {self.documents} documents written, "
            f"{self.index_pages} index pages; skipped {self.skipped_robots} robots, "
            f"{self.skipped_offsite} off-site, {self.skipped_filtered} filtered, "
            f"{self.skipped_duplicate} duplicate, {self.skipped_not_modified} not modified; "
            f"{self.errors} errors"
        )


@dataclass
class _Outcome:
    """What a worker hands to the consumer: an item to yield and the state to save after."""

    item: Document | ErrorEntry | None = None
    commit: Callable[[], None] | None = None
    page_url: str | None = None  # for documents: the frontier URL, to de-duplicate


_DONE = object()


class Crawler:
    def __init__(self, settings: CrawlSettings) -> None:
        self.settings = settings
        self.stats = CrawlStats()
        self.resumed = False
        self._offsite_seen: set[str] = set()
        self._run_hashes: dict[str, str] = {}  # content hash -> URL written in this run

    async def run(self, seeds: Sequence[str]) -> AsyncIterator[Document | ErrorEntry]:
        settings = self.settings
        canonical_seeds: list[str] = []
        for seed in seeds:
            try:
                canonical_seeds.append(canonicalize(seed))
            except UrlError as exc:
                yield self._error(seed, "UnsupportedURL", str(exc), 0)
        state = CrawlState(settings.state_path)
        warc = WarcSink(settings.warc_dir, settings.user_agent) if settings.warc_dir else None
        fetcher = Fetcher(settings, on_response=warc.record if warc else None)
        robots = RobotsCache(fetcher)
        fetcher.robots_check = robots.allowed
        self._state, self._fetcher, self._robots = state, fetcher, robots
        queue: asyncio.Queue[FrontierItem] = asyncio.Queue()
        out: asyncio.Queue[_Outcome | object] = asyncio.Queue()
        self._queue = queue
        workers: list[asyncio.Task[None]] = []
        drained = False
        try:
            _, self.resumed = state.begin_run(host_of(s) for s in canonical_seeds)
            self._scope = state.scope()
            for seed in canonical_seeds:
                state.add(seed, 0, "seed")
            for item in state.pending():
                queue.put_nowait(item)
            workers = [
                asyncio.create_task(self._worker(queue, out)) for _ in range(settings.concurrency)
            ]

            async def close_when_drained() -> None:
                await queue.join()
                await out.put(_DONE)

            workers.append(asyncio.create_task(close_when_drained()))
            while True:
                outcome = await out.get()
                if outcome is _DONE:
                    drained = True
                    break
                assert isinstance(outcome, _Outcome)
                item = outcome.item
                if isinstance(item, Document) and not self._keep(item, outcome.page_url or ""):
                    item = None
                if item is not None:
                    if isinstance(item, Document):
                        self.stats.documents += 1
                    try:
                        yield item
                    except GeneratorExit:
                        # Closed after taking the item (a consumer's break, Ctrl-C between
                        # items): it was delivered, so its page is done.
                        if outcome.commit is not None:
                            outcome.commit()
                        raise
                if outcome.commit is not None:
                    outcome.commit()  # only now: the consumer has the item
        finally:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            await fetcher.__aexit__(None, None, None)
            if drained and state.pending_count() == 0:
                state.finish_run()
            state.close()
            if warc is not None:
                warc.close()

    # De-duplication -------------------------------------------------------------------

    def _keep(self, document: Document, page_url: str) -> bool:
        digest = document.content_hash or ""
        previous = self._state.page(page_url)
        if previous is not None and previous.content_hash == digest:
            self.stats.skipped_not_modified += 1  # served again without validators
            return False
        owner = self._run_hashes.get(digest) or self._state.url_with_hash(digest, page_url)
        if owner is not None and owner != page_url:
            self.stats.skipped_duplicate += 1
            return False
        self._run_hashes[digest] = page_url
        return True

    # Workers ----------------------------------------------------------------------------

    async def _worker(self, queue: asyncio.Queue[FrontierItem], out: asyncio.Queue[object]) -> None:
        while True:
            item = await queue.get()
            try:
                outcome = await self._process(item)
            except Exception as exc:  # a bug on one page must not stop the crawl
                outcome = self._failure(item, type(exc).__name__, f"unexpected: {exc}", 0, "parse")
            try:
                if outcome is not None:
                    await out.put(outcome)
            finally:
                queue.task_done()

    def _failure(
        self,
        item: FrontierItem,
        error_type: str,
        message: str,
        attempts: int,
        stage: str = "fetch",
        status: int | None = None,
    ) -> _Outcome:
        entry = self._error(item.url, error_type, message, attempts, stage, status)
        return _Outcome(entry, lambda: self._state.mark(item.url, "error"))

    def _error(
        self,
        url: str,
        error_type: str,
        message: str,
        attempts: int,
        stage: str = "fetch",
        status: int | None = None,
    ) -> ErrorEntry:
        self.stats.errors += 1
        self.stats.failed_urls.append((url, message, attempts))
        extra = {"url": url, "attempts": attempts}
        if status is not None:
            extra["status"] = status
        return ErrorEntry(
            id=doc_id_for(url),
            source=url,
            stage=stage,
            error_type=error_type,
            message=message,  # type: ignore[arg-type]
            **extra,
        )

    async def _process(self, item: FrontierItem) -> _Outcome | None:
        settings, state = self.settings, self._state
        if not await self._robots.allowed(item.url):
            self.stats.skipped_robots += 1
            state.mark(item.url, "skipped")
            return None
        if settings.max_pages is not None and self.stats.fetched >= settings.max_pages:
            return None  # left pending: the next run resumes here
        previous = state.page(item.url)
        headers = previous.conditional_headers() if previous else {}
        self.stats.fetched += 1
        try:
            result = await self._fetcher.fetch(item.url, headers)
        except RobotsDisallowed:
            self.stats.skipped_robots += 1
            state.mark(item.url, "skipped")
            return None
        except FetchError as exc:
            return self._failure(item, exc.error_type, str(exc), exc.attempts, status=exc.status)
        if item.via == "seed" and result.redirects:
            self._widen_scope(result.final_url)  # example.gov -> www.example.gov
        if result.status == 304 and previous is not None:
            self.stats.skipped_not_modified += 1
            self._discover(item, previous.links)
            state.mark(item.url, "done")
            return None
        if not 200 <= result.status < 300:
            return self._failure(
                item,
                "HTTPStatusError",
                f"HTTP {result.status}",
                result.attempts,
                status=result.status,
            )
        try:
            return self._handle_body(item, result, previous)
        except DocumentError as exc:
            return self._failure(item, type(exc).__name__, str(exc), result.attempts, exc.stage)

    def _handle_body(
        self, item: FrontierItem, result: FetchResult, previous: PageState | None
    ) -> _Outcome | None:
        body = result.body
        kind = classify(body, result.content_type, result.final_url)
        if kind == "gzip":
            body = gunzip_capped(body, self.settings.max_decompressed_bytes)
            kind = classify(body, None, result.final_url.removesuffix(".gz"))
        links: list[tuple[str, str]] = []
        page: Page | None = None
        if kind in ("sitemap", "sitemapindex"):
            sitemap = parse_sitemap(body)
            via = "sitemapindex" if sitemap.is_index else "sitemap"
            links = self._resolve([(e.url, via) for e in sitemap.entries], result.final_url)
        elif kind == "feed":
            entries = parse_feed(body, result.final_url)
            links = self._resolve([(e.url, "feed") for e in entries], result.final_url)
        elif kind == "html":
            page = html_page(result, body)
            if page.html is not None:
                links = [
                    (link.url, "pagination" if link.pagination else "link")
                    for link in extract_links(page.html, result.final_url)
                ]
        elif kind == "pdf":
            page = pdf_page(result, body)
        elif kind == "text":
            page = text_page(result, body)
        else:
            return self._failure(
                item,
                "UnsupportedContent",
                f"{kind} content ({result.content_type or 'no Content-Type'}) is not crawled",
                result.attempts,
                "parse",
            )
        self._discover(item, links)
        document = page.document if page is not None else None
        if page is not None and not page.is_article and not self.settings.keep_non_articles:
            self.stats.index_pages += 1
            document = None
        elif page is not None and page.document is None:
            self.stats.index_pages += 1

        def commit() -> None:
            self._state.save_page(
                item.url,
                final_url=result.final_url,
                kind=kind if page is None else ("article" if document else "index"),
                status=result.status,
                etag=result.headers.get("etag"),
                last_modified=result.headers.get("last-modified"),
                content_hash=document.content_hash if document else None,
                doc_id=document.id if document else None,
                links=links,
                fetched_at=result.fetched_at,
            )

        if document is None:
            commit()
            return None
        return _Outcome(document, commit, item.url)

    # Frontier ---------------------------------------------------------------------------

    @staticmethod
    def _resolve(pairs: Iterable[tuple[str, str]], base: str) -> list[tuple[str, str]]:
        resolved = []
        for url, via in pairs:
            try:
                resolved.append((canonicalize(url, base), via))
            except UrlError:
                continue
        return resolved

    def _widen_scope(self, url: str) -> None:
        host = host_of(url)
        if host not in self._scope:
            self._scope.add(host)
            self._state.extend_scope(host)

    def _discover(self, source: FrontierItem, links: Iterable[tuple[str, str]]) -> None:
        for url, via in links:
            if host_of(url) not in self._scope:
                if url not in self._offsite_seen:
                    self._offsite_seen.add(url)
                    self.stats.skipped_offsite += 1
                continue
            depth = source.depth + (1 if via in HOP_VIAS else 0)
            if depth > self.settings.depth:
                continue
            # Child sitemaps are plumbing, not content: the patterns do not apply to them.
            if via != "sitemapindex" and not self.settings.url_wanted(url):
                if self._state.frontier_status(url) is None and url not in self._offsite_seen:
                    self._offsite_seen.add(url)
                    self.stats.skipped_filtered += 1
                continue
            if self._state.add(url, depth, via):
                self._queue.put_nowait(FrontierItem(url, depth, via))


async def crawl(
    seeds: Sequence[str], settings: CrawlSettings, *, stats: CrawlStats | None = None
) -> AsyncIterator[Document | ErrorEntry]:
    """Crawl from `seeds`, yielding a Document per article page and an ErrorEntry per failure.

    Pass a `CrawlStats` to read the counts after (or during) the crawl.
    """
    crawler = Crawler(settings)
    if stats is not None:
        crawler.stats = stats
    # aclosing: closing this generator must close the crawl at once (and commit what the
    # consumer took), not whenever the event loop gets round to finalising it.
    async with contextlib.aclosing(crawler.run(seeds)) as items:
        async for item in items:
            yield item


def crawl_sync(
    seeds: Sequence[str], settings: CrawlSettings, *, stats: CrawlStats | None = None
) -> Iterator[Document | ErrorEntry]:
    """`crawl` for synchronous code: one event loop, advanced one item at a time."""
    generator = crawl(seeds, settings, stats=stats)
    with asyncio.Runner() as runner:
        try:
            while True:
                try:
                    item = runner.run(generator.__anext__())
                except StopAsyncIteration:
                    return
                yield item
        finally:
            with contextlib.suppress(ExtractorError, RuntimeError):
                runner.run(generator.aclose())
