"""JSON Lines writers that leave only complete lines behind, whatever happens.

Each record is serialized to one line in memory and written with a single `write` plus
`flush`, so a crash or `kill -9` can at worst lose the line being written, never leave
half of it. `write_lines` writes a whole batch of finished lines with one `os.write`
(fewer system calls, same guarantee: a line is only ever cut at the end of the file, and
an append first drops such a cut line). `ShardedWriter` spreads lines over
`part-00000.jsonl`, `part-00001.jsonl`... in a directory.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol

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
            else:
                self.target.write_bytes(b"")
            # Always O_APPEND: `write_lines` writes to the descriptor directly.
            self._handle = self.target.open("a", encoding="utf-8")
            self._owned = True

    def write(self, item: BaseModel | dict[str, Any]) -> None:
        self._handle.write(to_json_line(item))
        self._handle.flush()
        if self._fsync and self._owned:
            os.fsync(self._handle.fileno())
        self.count += 1

    def write_lines(self, lines: Sequence[str]) -> None:
        """Finished lines (each ending in a newline), in one write."""
        if not lines:
            return
        if not self._owned:
            self._handle.write("".join(lines))
            self._handle.flush()
        else:
            self._handle.flush()
            _write_all(self._handle.fileno(), "".join(lines).encode("utf-8", "surrogatepass"))
            if self._fsync:
                os.fsync(self._handle.fileno())
        self.count += len(lines)

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


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class LineSink(Protocol):
    """Where finished JSON lines go: a single file or a directory of shards."""

    count: int

    def write_lines(self, lines: Sequence[str]) -> None: ...

    def close(self) -> None: ...


SHARD_PATTERN = "part-*.jsonl"


def shard_name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


def shard_paths(directory: str | Path) -> list[Path]:
    """The shards of an output directory, in order."""
    return sorted(Path(directory).glob(SHARD_PATTERN))


class ShardedWriter:
    """Lines spread over numbered shards of at most `shard_lines` lines each.

    Appending (resume, incremental) starts a new shard after the last one, so earlier
    shards are never rewritten; only the last shard can have been cut by a crash, and its
    cut line is dropped first.
    """

    def __init__(self, directory: str | Path, *, shard_lines: int = 10_000, append: bool = False,
                 fsync: bool = False) -> None:
        if shard_lines < 1:
            raise ValueError("shard_lines must be at least 1")
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.shard_lines = shard_lines
        self.count = 0
        self._fsync = fsync
        existing = shard_paths(self.directory)
        if append and existing:
            _drop_partial_last_line(existing[-1])
            self._next_index = int(existing[-1].stem.split("-")[-1]) + 1
        else:
            for path in existing:  # a fresh run: old shards would mix with new ones
                path.unlink()
            self._next_index = 0
        self._current: JsonlWriter | None = None

    def _open_next(self) -> JsonlWriter:
        if self._current is not None:
            self._current.close()
        self._current = JsonlWriter(self.directory / shard_name(self._next_index),
                                    fsync=self._fsync)
        self._next_index += 1
        return self._current

    def write_lines(self, lines: Sequence[str]) -> None:
        position = 0
        while position < len(lines):
            current = self._current
            if current is None or current.count >= self.shard_lines:
                current = self._open_next()
            room = self.shard_lines - current.count
            current.write_lines(lines[position : position + room])
            position += room
        self.count += len(lines)

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None


def open_sink(target: str | Path | None, *, sharded: bool = False, shard_lines: int = 10_000,
              append: bool = False, fsync: bool = False) -> LineSink:
    if sharded and target not in (None, "-"):
        return ShardedWriter(target, shard_lines=shard_lines, append=append,  # type: ignore[arg-type]
                             fsync=fsync)
    return JsonlWriter(target, append=append, fsync=fsync)


def iter_complete_lines(path: str | Path) -> Iterator[str]:
    """Lines of a JSON Lines file that end in a newline (a line cut by a crash is not one)."""
    with Path(path).open("rb") as handle:
        for raw in handle:
            if raw.endswith(b"\n") and raw.strip():
                yield raw.decode("utf-8", "surrogateescape")


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
