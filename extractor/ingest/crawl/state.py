"""Crawl state in one SQLite file: the frontier of a run, and what every page was.

- `runs`: one row per crawl run; a run without `finished_at` was interrupted and is resumed.
- `frontier`: URLs of the current run with their depth and status (pending, done, error,
  skipped). Pending rows are the work an interrupted run still owes.
- `pages`: per canonical URL, the validators (ETag, Last-Modified) for conditional requests,
  the content hash for de-duplication and the links found, across runs.

All calls come from the event loop's thread; each change is committed at once (WAL), so
a crash loses at most the page in hand.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extractor.ingest.crawl.fetch import utc_now

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    scope TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS frontier (
    url TEXT PRIMARY KEY,
    depth INTEGER NOT NULL,
    via TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    final_url TEXT,
    kind TEXT,
    status INTEGER,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    doc_id TEXT,
    links TEXT,
    fetched_at TEXT
);
CREATE INDEX IF NOT EXISTS pages_by_hash ON pages(content_hash);
"""


@dataclass(frozen=True)
class FrontierItem:
    url: str  # canonical
    depth: int
    via: str  # seed, link, pagination, sitemap, sitemapindex, feed


@dataclass(frozen=True)
class PageState:
    url: str
    final_url: str | None
    kind: str | None
    status: int | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    doc_id: str | None
    links: list[tuple[str, str]]
    fetched_at: str | None

    def conditional_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class CrawlState:
    def __init__(self, path: str | Path | None) -> None:
        if path is None:
            self.conn = sqlite3.connect(":memory:")
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(str(path))
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(_SCHEMA)
        self.run_id: int | None = None
        self._seq = 0

    def close(self) -> None:
        self.conn.close()

    # Runs -------------------------------------------------------------------------------

    def begin_run(self, scope: Iterable[str]) -> tuple[int, bool]:
        """Resume the unfinished run if there is one, else start afresh; (run id, resumed)."""
        row = self.conn.execute(
            "SELECT id, scope FROM runs WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        with self.conn:
            if row is not None:
                self.run_id = int(row[0])
                merged = sorted(set(json.loads(row[1])) | set(scope))
                self.conn.execute(
                    "UPDATE runs SET scope = ? WHERE id = ?", (json.dumps(merged), self.run_id)
                )
                resumed = True
            else:
                self.conn.execute("DELETE FROM frontier")
                cursor = self.conn.execute(
                    "INSERT INTO runs (started_at, scope) VALUES (?, ?)",
                    (utc_now(), json.dumps(sorted(set(scope)))),
                )
                self.run_id = int(cursor.lastrowid or 0)
                resumed = False
        self._seq = self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM frontier").fetchone()[0]
        return self.run_id, resumed

    def scope(self) -> set[str]:
        row = self.conn.execute("SELECT scope FROM runs WHERE id = ?", (self.run_id,)).fetchone()
        return set(json.loads(row[0])) if row else set()

    def extend_scope(self, host: str) -> None:
        hosts = self.scope() | {host}
        with self.conn:
            self.conn.execute(
                "UPDATE runs SET scope = ? WHERE id = ?", (json.dumps(sorted(hosts)), self.run_id)
            )

    def finish_run(self) -> None:
        with self.conn:
            self.conn.execute(
                "UPDATE runs SET finished_at = ? WHERE id = ?", (utc_now(), self.run_id)
            )

    # Frontier ---------------------------------------------------------------------------

    def add(self, url: str, depth: int, via: str) -> bool:
        """Queue `url` unless this run has met it already; True when it is new."""
        self._seq += 1
        with self.conn:
            cursor = self.conn.execute(
                "INSERT OR IGNORE INTO frontier (url, depth, via, seq) VALUES (?, ?, ?, ?)",
                (url, depth, via, self._seq),
            )
        return cursor.rowcount == 1

    def pending(self) -> list[FrontierItem]:
        rows = self.conn.execute(
            "SELECT url, depth, via FROM frontier WHERE status = 'pending' ORDER BY seq"
        ).fetchall()
        return [FrontierItem(url, depth, via) for url, depth, via in rows]

    def pending_count(self) -> int:
        return int(
            self.conn.execute("SELECT COUNT(*) FROM frontier WHERE status = 'pending'").fetchone()[
                0
            ]
        )

    def mark(self, url: str, status: str) -> None:
        with self.conn:
            self.conn.execute("UPDATE frontier SET status = ? WHERE url = ?", (status, url))

    def frontier_status(self, url: str) -> str | None:
        row = self.conn.execute("SELECT status FROM frontier WHERE url = ?", (url,)).fetchone()
        return None if row is None else str(row[0])

    # Pages ------------------------------------------------------------------------------

    def page(self, url: str) -> PageState | None:
        row = self.conn.execute(
            "SELECT url, final_url, kind, status, etag, last_modified, content_hash, doc_id, "
            "links, fetched_at FROM pages WHERE url = ?",
            (url,),
        ).fetchone()
        if row is None:
            return None
        links = [tuple(pair) for pair in json.loads(row[8] or "[]")]
        return PageState(*row[:8], links, row[9])  # type: ignore[arg-type]

    def save_page(
        self,
        url: str,
        *,
        final_url: str,
        kind: str,
        status: int,
        etag: str | None,
        last_modified: str | None,
        content_hash: str | None,
        doc_id: str | None,
        links: list[tuple[str, str]],
        fetched_at: str,
        frontier_status: str = "done",
    ) -> None:
        """Remember a fetched page and close its frontier entry, in one transaction."""
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO pages (url, final_url, kind, status, etag, last_modified, "
                "content_hash, doc_id, links, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    url,
                    final_url,
                    kind,
                    status,
                    etag,
                    last_modified,
                    content_hash,
                    doc_id,
                    json.dumps(links),
                    fetched_at,
                ),
            )
            self.conn.execute(
                "UPDATE frontier SET status = ? WHERE url = ?", (frontier_status, url)
            )

    def url_with_hash(self, content_hash: str, other_than: str) -> str | None:
        row = self.conn.execute(
            "SELECT url FROM pages WHERE content_hash = ? AND url != ? LIMIT 1",
            (content_hash, other_than),
        ).fetchone()
        return None if row is None else str(row[0])
