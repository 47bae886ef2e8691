"""`extractor crawl`: the command-line face of the crawler."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator

from extractor.errors import ConfigError
from extractor.ingest.crawl.crawler import CrawlStats, crawl_sync
from extractor.ingest.crawl.settings import DEFAULT_STATE_PATH, CrawlSettings
from extractor.ingest.crawl.urls import UrlError, canonicalize
from extractor.records import Document, ErrorEntry

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    d = CrawlSettings()
    p = subparsers.add_parser(
        "crawl",
        help="fetch press releases from the web into documents",
        description="Crawl pages, index pages, sitemaps and RSS/Atom feeds politely and "
        "write one document per article page.",
    )
    p.add_argument("urls", nargs="+", metavar="URL", help="page, index page, sitemap or feed")
    p.add_argument("-o", "--output", default="-", help="documents (or records) JSONL; - is stdout")
    p.add_argument("--errors", default=None, help="error entries JSONL (default: stderr lines)")
    p.add_argument("--extract", action="store_true", help="run extraction, write records")
    p.add_argument("--depth", type=int, default=d.depth, help=f"link hops (default {d.depth})")
    p.add_argument("--include", action="append", default=[], metavar="REGEX")
    p.add_argument("--exclude", action="append", default=[], metavar="REGEX")
    p.add_argument("--max-pages", type=int, default=None, help="fetch budget of one run")
    p.add_argument("--keep-index-pages", action="store_true", help="write non-article pages too")
    p.add_argument(
        "--delay", type=float, default=d.delay, help=f"seconds per host (default {d.delay})"
    )
    p.add_argument("--per-host", type=int, default=d.per_host_concurrency, dest="per_host")
    p.add_argument("--concurrency", type=int, default=d.concurrency)
    p.add_argument("--retries", type=int, default=d.retries)
    p.add_argument("--timeout", type=float, default=d.total_timeout, help="seconds per attempt")
    p.add_argument("--connect-timeout", type=float, default=d.connect_timeout)
    p.add_argument("--read-timeout", type=float, default=d.read_timeout)
    p.add_argument("--max-redirects", type=int, default=d.max_redirects)
    p.add_argument("--max-bytes", type=int, default=d.max_body_bytes, help="body size cap")
    p.add_argument("--contact", default=d.contact, help="URL in the User-Agent")
    p.add_argument("--state", default=DEFAULT_STATE_PATH, help="SQLite state file")
    p.add_argument("--no-state", action="store_true", help="keep no state between runs")
    p.add_argument("--warc", default=None, metavar="DIR", help="keep raw responses as WARC")
    p.add_argument("--allow-private", action="store_true", help="allow private addresses")
    p.set_defaults(func=run_crawl)


def settings_from_args(args: argparse.Namespace) -> CrawlSettings:
    return CrawlSettings(
        delay=args.delay,
        per_host_concurrency=args.per_host,
        concurrency=args.concurrency,
        retries=args.retries,
        total_timeout=args.timeout,
        connect_timeout=args.connect_timeout,
        read_timeout=args.read_timeout,
        max_redirects=args.max_redirects,
        max_body_bytes=args.max_bytes,
        contact=args.contact,
        depth=args.depth,
        include=tuple(args.include),
        exclude=tuple(args.exclude),
        max_pages=args.max_pages,
        keep_non_articles=args.keep_index_pages,
        allow_private=args.allow_private,
        state_path=None if args.no_state else args.state,
        warc_dir=args.warc,
    )


def run_crawl(args: argparse.Namespace) -> int:
    from extractor.output import JsonlWriter, to_json_line

    try:
        settings = settings_from_args(args)
        for url in args.urls:
            canonicalize(url)
    except (ConfigError, UrlError) as exc:
        print(f"extractor crawl: {exc}", file=sys.stderr)
        return EXIT_USAGE
    stats = CrawlStats()
    items: Iterable[Document | ErrorEntry] = crawl_sync(args.urls, settings, stats=stats)
    if args.extract:
        try:
            from extractor.batch import extract_documents
        except ImportError as exc:
            print(f"extractor crawl: --extract is not available: {exc}", file=sys.stderr)
            return EXIT_USAGE
        items = extract_documents(items)
    written = 0
    extraction_errors = 0
    # Appended: with the state file a run adds what is new to what earlier runs wrote.
    with JsonlWriter(args.output, append=True) as out:
        errors = JsonlWriter(args.errors, append=True) if args.errors else None
        try:
            for item in _interruptible(items):
                if isinstance(item, ErrorEntry):
                    if item.stage != "fetch" and args.extract:
                        extraction_errors += 1
                    if errors is not None:
                        errors.write(item)
                    else:
                        sys.stderr.write(to_json_line(item))
                else:
                    out.write(item)
                    written += 1
        finally:
            if errors is not None:
                errors.close()
    stats.documents = written
    print(stats.summary(), file=sys.stderr)
    return EXIT_SOME_FAILED if stats.errors or extraction_errors else EXIT_OK


def _interruptible(items: Iterable[Document | ErrorEntry]) -> Iterator[Document | ErrorEntry]:
    """Stop cleanly on Ctrl-C: what was written stays, the state says what is pending."""
    iterator = iter(items)
    try:
        yield from iterator
    except KeyboardInterrupt:
        print("extractor crawl: interrupted; rerun the same command to resume", file=sys.stderr)
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()
