"""JSON Lines writers that leave only complete lines behind, whatever happens.

Each record is serialized to one line in memory and written with a single `write` plus
`flush`, so a crash or `kill -9` can at worst lose the line being written, never leave
half of it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from pydantic import BaseModel


def to_json_line(item: BaseModel | dict[str, Any]) -> str:
    if isinstance(item, BaseModel):
        return item.model_dump_json(exclude_none=False) + "\n"
    return json.dumps(item, ensure_ascii=False) + "\n"


class JsonlWriter:
    """Append-only JSON Lines output to a path, or to standard output for `-`/None."""

    def __init__(self, target: str | Path | None, *, append: bool = False, fsync: bool = False):
        self.target = None if target in (None, "-") else Path(target)  # type: ignore[arg-type]
        self.count = 0
        self._fsync = fsync
        self._handle: IO[str]
        if self.target is None:
            self._handle = sys.stdout
            self._owned = False
        else:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            if append:
                _drop_partial_last_line(self.target)
            self._handle = self.target.open("a" if append else "w", encoding="utf-8")
            self._owned = True

    def write(self, item: BaseModel | dict[str, Any]) -> None:
        self._handle.write(to_json_line(item))
        self._handle.flush()
        if self._fsync and self._owned:
            os.fsync(self._handle.fileno())
        self.count += 1

    def close(self) -> None:
        if self._owned and not self._handle.closed:
            self._handle.close()

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _drop_partial_last_line(path: Path) -> None:
    """Cut a trailing line without its newline (left by a crash mid-write) before appending."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb+") as handle:
        handle.seek(-1, os.SEEK_END)
        if handle.read(1) == b"\n":
            return
        size = handle.seek(0, os.SEEK_END)
        block = 65536
        position = size
        while position > 0:
            start = max(0, position - block)
            handle.seek(start)
            chunk = handle.read(position - start)
            newline = chunk.rfind(b"\n")
            if newline != -1:
                handle.truncate(start + newline + 1)
                return
            position = start
        handle.truncate(0)


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """All JSON objects of a JSON Lines file (blank lines skipped)."""
    items = []
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                items.append(json.loads(line))
    return items
