"""What earlier runs did: the incremental-run state (SQLite) and the resume scan.

Incremental runs keep one SQLite file (stdlib `sqlite3`, WAL mode so workers can read
while the parent writes). Two tables:

- `documents(content_hash)`: every document text already turned into a record or an
  error entry; a document with a known hash is skipped;
- `files(path, fingerprint)`: size and modification time of each input file as last
  processed; an unchanged file is skipped without being read.

Resume reads the keys (record id, or error id/source) already in the output and errors
files; `ResumeKeys` hands each out once per occurrence, so inputs sharing an id are
neither dropped nor duplicated.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from extractor.output import iter_complete_lines, shard_paths

DEFAULT_STATE_PATH = "out/state.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    content_hash TEXT PRIMARY KEY,
    key TEXT,
    outcome TEXT NOT NULL,
    processed_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    processed_at REAL NOT NULL
);
"""


def file_fingerprint(path: str | Path) -> str | None:
    """Size and modification time of a file, or None when it cannot be statted."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return f"{stat.st_size}:{stat.st_mtime_ns}"


class StateStore:
    """The parent's read-write view of the incremental state."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._db.commit()

    def known_hash(self, content_hash: str) -> bool:
        row = self._db.execute("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,))
        return row.fetchone() is not None

    def file_unchanged(self, path: str, fingerprint: str | None) -> bool:
        if fingerprint is None:
            return False
        row = self._db.execute("SELECT fingerprint FROM files WHERE path = ?", (path,)).fetchone()
        return row is not None and row[0] == fingerprint

    def mark_document(self, content_hash: str, key: str, outcome: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)",
            (content_hash, key, outcome, time.time()),
        )

    def mark_file(self, path: str, fingerprint: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                         (path, fingerprint, time.time()))

    def commit(self) -> None:
        self._db.commit()

    def close(self) -> None:
        self._db.commit()
        self._db.close()


class StateReader:
    """A worker's read-only view: lets a worker skip a known document before the pipeline."""

    def __init__(self, path: str | Path) -> None:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        self._db = sqlite3.connect(uri, uri=True)

    def known_hash(self, content_hash: str) -> bool:
        try:
            row = self._db.execute("SELECT 1 FROM documents WHERE content_hash = ?",
                                   (content_hash,)).fetchone()
        except sqlite3.Error:
            return False  # no table yet, or busy: the parent checks again anyway
        return row is not None


def outcome_key(item: dict[str, object]) -> str:
    """The resume key of an output line: its id, else its source."""
    if item.get("id"):
        return f"id:{item['id']}"
    return f"source:{item.get('source')}"


class ResumeKeys:
    """Keys already written by an interrupted run, each usable as often as it was written."""

    def __init__(self, counts: Counter[str] | None = None) -> None:
        self._counts: Counter[str] = counts or Counter()

    @classmethod
    def scan(cls, paths: Iterable[Path]) -> ResumeKeys:
        counts: Counter[str] = Counter()
        for path in paths:
            if not path.is_file():
                continue
            for line in iter_complete_lines(path):
                try:
                    item = json.loads(line)
                except ValueError:
                    continue
                if isinstance(item, dict):
                    counts[outcome_key(item)] += 1
        return cls(counts)

    def __len__(self) -> int:
        return sum(self._counts.values())

    def take(self, key: str) -> bool:
        """True (and one use spent) when `key` was already written."""
        if self._counts.get(key, 0) > 0:
            self._counts[key] -= 1
            return True
        return False


def output_files(target: str | Path, sharded: bool) -> list[Path]:
    """The files an output target consists of."""
    return shard_paths(target) if sharded else [Path(target)]
