"""The `crawl` subcommand: flags, output files, exit status, summary, WARC, --extract."""

from __future__ import annotations

import argparse
import json
import sys
import types
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from conftest import Site, quicken
from warcio.archiveiterator import ArchiveIterator

from extractor.ingest.crawl.command import register
from extractor.records import Document, ErrorEntry


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="extractor")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _common(site: Site, tmp_path: Path) -> list[str]:
    quicken(site)
    return [
        "--allow-private", "--delay", "0.02", "--read-timeout", "0.3", "--retries", "1",
        "--state", str(tmp_path / "state.sqlite"), "--errors", str(tmp_path / "errors.jsonl"),
        "-o", str(tmp_path / "docs.jsonl"), "--depth", "0",
    ]  # fmt: skip


def test_crawl_writes_documents_and_errors(site: Site, tmp_path: Path, capsys) -> None:
    argv = [
        "crawl",
        site.url("/news/cobalt-loan"),
        site.url("/faults/always-500"),
        site.url("/news/nickel-mou"),
    ]
    status = main(argv + _common(site, tmp_path))
    assert status == 1  # finished, but a URL failed
    docs = _lines(tmp_path / "docs.jsonl")
    assert len(docs) == 2 and all(Document.model_validate(d) for d in docs)
    errors = _lines(tmp_path / "errors.jsonl")
    assert [(e["url"], e["stage"], e["attempts"]) for e in errors] == [
        (site.url("/faults/always-500"), "fetch", 2)
    ]
    ErrorEntry.model_validate(errors[0])
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert summary.startswith("crawl: 3 pages fetched, 2 documents written")
    assert "1 errors" in summary
    # A rerun with the same state writes nothing new and keeps what was written.
    assert main(["crawl", site.url("/news/cobalt-loan"), *_common(site, tmp_path)]) == 0
    assert len(_lines(tmp_path / "docs.jsonl")) == 2
    assert "1 not modified" in capsys.readouterr().err


def test_exit_0_when_everything_fetched_and_warc_kept(site: Site, tmp_path: Path) -> None:
    warc_dir = tmp_path / "warc"
    argv = ["crawl", site.url("/news/cobalt-loan"), "--warc", str(warc_dir)]
    assert main(argv + _common(site, tmp_path)) == 0
    (warc_file,) = warc_dir.glob("*.warc.gz")
    with warc_file.open("rb") as handle:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(handle)
        ]
    responses = {uri: body for kind, uri, body in records if kind == "response"}
    assert site.url("/robots.txt") in responses
    assert b"Cobalt refinery loan guarantee" in responses[site.url("/news/cobalt-loan")]
    assert sum(1 for kind, _, _ in records if kind == "request") == 2


@pytest.mark.parametrize(
    "bad",
    [["--include", "("], ["--delay", "-1"], ["--depth", "-2"]],
)
def test_bad_arguments_exit_2(site: Site, tmp_path: Path, bad: list[str]) -> None:
    assert main(["crawl", site.url("/news"), *_common(site, tmp_path), *bad]) == 2
    assert site.hits == []


def test_bad_url_exits_2(tmp_path: Path, site: Site) -> None:
    assert main(["crawl", "ftp://example.org/x", *_common(site, tmp_path)]) == 2


def test_extract_runs_the_pipeline_on_crawled_documents(
    site: Site, tmp_path: Path, monkeypatch
) -> None:
    seen: list[str] = []

    def extract_documents(items: Iterable[Document | ErrorEntry]) -> Iterator[object]:
        for item in items:
            if isinstance(item, Document):
                seen.append(item.id)
                yield {"id": item.id, "spans": [], "deals": []}  # stands in for a Record
            else:
                yield item

    fake = types.ModuleType("extractor.batch")
    fake.extract_documents = extract_documents  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "extractor.batch", fake)
    argv = ["crawl", site.url("/news/cobalt-loan"), "--extract"]
    assert main(argv + _common(site, tmp_path)) == 0
    assert [r["id"] for r in _lines(tmp_path / "docs.jsonl")] == seen and len(seen) == 1
