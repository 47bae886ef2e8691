"""Hostile input: each file ends as a clear error entry or a correct record, and the batch goes on."""

from __future__ import annotations

import codecs
import contextlib
import gzip
import json
import multiprocessing
import os
import pathlib
import time
from pathlib import Path

import pytest

from extractor.runner import RunConfig, RunSummary, execute

GOOD = "The United States and Japan signed a memorandum of understanding on 3 March 2026.\n"
ACCENTED = "Chile and Peru signed an MOU in São Paulo; Zürich-based Glencore and Açaí Ltd.\n"


def run_folder(tmp_path: Path, files: dict[str, bytes], **limits: object) -> tuple[RunSummary, dict[str, dict]]:
    """Run a folder of files; returns the summary and every outcome by file name."""
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    for name, data in files.items():
        (docs / name).write_bytes(data)
    config = RunConfig()
    config.sources.inputs = [str(docs)]
    config.output.path = str(tmp_path / "out" / "records.jsonl")
    config.output.errors = str(tmp_path / "out" / "errors.jsonl")
    config.run.workers = 1
    config.run.progress = False
    for name, value in limits.items():
        setattr(config.limits, name, value)
    summary = execute(config)
    outcomes: dict[str, dict] = {}
    for path, kind in ((config.output.path, "record"), (config.output.errors, "error")):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            source = (item.get("meta") or {}).get("path") or item.get("source")
            outcomes[Path(source).name] = {**item, "kind": kind}
    assert summary.reconciled
    return summary, outcomes


def test_hostile_files_each_end_as_one_clear_outcome(tmp_path: Path) -> None:
    files = {
        "empty.txt": b"",
        "whitespace.txt": b"  \n\t\n   \r\n",
        "binary.txt": bytes(range(256)) * 64,
        "latin1.txt": ACCENTED.encode("latin-1"),
        "utf16.txt": codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"),
        "utf16-nobom.txt": GOOD.encode("utf-16-le") * 3,
        "utf8-bom.txt": codecs.BOM_UTF8 + GOOD.encode(),
        "truncated.html": b"<html><head><title>Deal</title></head><body><p>" + GOOD.encode()
                          + b"<p>Canada and Chile agreed a lithium partnersh",
        "malformed.html": b"<html><body><div><p>" + GOOD.encode() + b"</span></td><<<>>></html",
        "Zürich deal — 2026 final.txt": GOOD.encode(),
        "good.txt": GOOD.encode(),
    }
    summary, outcomes = run_folder(tmp_path, files)
    assert summary.documents_in == len(files)
    assert set(outcomes) == set(files)

    for name in ("empty.txt", "whitespace.txt", "binary.txt"):
        assert outcomes[name]["kind"] == "error", name
        assert outcomes[name]["stage"] == "decode"
    assert "binary" in outcomes["binary.txt"]["message"]

    latin = outcomes["latin1.txt"]
    assert latin["kind"] == "record" and latin["text"] == ACCENTED
    assert latin["meta"]["encoding"] in ("cp1252", "latin_1", "iso8859-1", "latin-1")
    for name, encoding in (("utf16.txt", "utf-16"), ("utf16-nobom.txt", "utf-16-le"),
                           ("utf8-bom.txt", "utf-8-sig")):
        record = outcomes[name]
        assert record["kind"] == "record", record
        assert record["meta"]["encoding"] == encoding
        assert record["text"].startswith("The United States")  # no BOM left in the text
        assert {s["norm"] for s in record["spans"] if s["label"] == "COUNTRY"} >= {"US", "JP"}

    for name in ("truncated.html", "malformed.html"):
        outcome = outcomes[name]
        assert outcome["kind"] == "record" and "Japan" in outcome["text"], outcome
    assert outcomes["Zürich deal — 2026 final.txt"]["id"] == "Zürich deal — 2026 final"
    assert outcomes["good.txt"]["kind"] == "record"


# The timeout may fire inside the gc callback hypothesis installs; the interpreter drops
# that exception (and pytest reports it), the repeated alarm then stops the document.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_deeply_nested_html_does_not_stop_the_batch(tmp_path: Path) -> None:
    depth = 100_000
    nested = b"<html><body>" + b"<div>" * depth + GOOD.encode() + b"</div>" * depth + b"</body></html>"
    started = time.perf_counter()
    # The HTML reader needs minutes for this page: the time cap must end it.
    _, outcomes = run_folder(tmp_path, {"nested.html": nested, "good.txt": GOOD.encode()},
                             timeout_seconds=3.0)
    assert time.perf_counter() - started < 30
    outcome = outcomes["nested.html"]
    if outcome["kind"] == "error":
        assert outcome["stage"] in ("parse", "load") and outcome["message"]
        assert outcome["error_type"] in ("DocumentTimeout", "RecursionError", "ParseError")
    else:
        assert "Japan" in outcome["text"]
    assert outcomes["good.txt"]["kind"] == "record"


def test_huge_file_and_gzip_bomb_are_capped(tmp_path: Path) -> None:
    big = (GOOD * (30 * 1024 * 1024 // len(GOOD) + 1)).encode()  # ~30 MB of text
    bomb = gzip.compress(b"A" * (80 * 1024 * 1024), compresslevel=9)  # 80 MB from ~80 KB
    assert len(bomb) < 200_000
    _, outcomes = run_folder(tmp_path, {"big.txt": big, "bomb.txt.gz": bomb,
                                        "small.txt.gz": gzip.compress(GOOD.encode()),
                                        "good.txt": GOOD.encode()})
    assert outcomes["big.txt"]["kind"] == "error"
    assert outcomes["big.txt"]["error_type"] == "DocumentTooLong"
    assert outcomes["bomb.txt.gz"]["kind"] == "error"
    assert "cap" in outcomes["bomb.txt.gz"]["message"]
    assert outcomes["small.txt.gz"]["kind"] == "record"
    assert outcomes["good.txt"]["kind"] == "record"


def test_file_size_cap_is_a_setting(tmp_path: Path) -> None:
    _, outcomes = run_folder(tmp_path, {"good.txt": GOOD.encode() * 10}, max_file_bytes=100)
    assert outcomes["good.txt"]["kind"] == "error" and "cap" in outcomes["good.txt"]["message"]


def test_jsonl_with_a_malformed_line_keeps_the_good_ones(tmp_path: Path) -> None:
    rows = [json.dumps({"id": "a", "text": GOOD}), '{"id": "b", "text": "unterminated',
            json.dumps({"id": "c"}), "[1, 2]", json.dumps({"id": "d", "text": ACCENTED})]
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "batch.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    config = RunConfig()
    config.sources.inputs = [str(docs)]
    config.output.path = str(tmp_path / "r.jsonl")
    config.output.errors = str(tmp_path / "e.jsonl")
    config.run.workers = 1
    config.run.progress = False
    summary = execute(config)
    records = [json.loads(x) for x in Path(config.output.path).read_text().splitlines()]
    errors = [json.loads(x) for x in Path(config.output.errors).read_text().splitlines()]
    assert [r["id"] for r in records] == ["a", "d"]
    assert [e["source"].rsplit(":", 1)[1] for e in errors] == ["2", "3", "4"]
    assert all(e["stage"] == "parse" and e["message"].startswith("line ") for e in errors)
    assert summary.documents_in == 5 and summary.reconciled


def test_symlink_loops_are_reported_not_followed_forever(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "good.txt").write_text(GOOD)
    (docs / "sub" / "back").symlink_to(docs, target_is_directory=True)  # a directory loop
    (docs / "self.txt").symlink_to(docs / "self.txt")  # a link to itself
    config = RunConfig()
    config.sources.inputs = [str(docs)]
    config.output.path = str(tmp_path / "r.jsonl")
    config.output.errors = str(tmp_path / "e.jsonl")
    config.run.workers = 1
    config.run.progress = False
    summary = execute(config)
    errors = [json.loads(x) for x in Path(config.output.errors).read_text().splitlines()]
    assert summary.records == 1
    assert [(Path(e["source"]).name, e["error_type"]) for e in errors] == [("self.txt", "SymlinkLoop")]


def test_unreadable_file_chmod_000(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root from reading "
                    "(test_unreadable_file_permission_error simulates it)")
    secret = GOOD.encode()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "secret.txt").write_bytes(secret)
    (docs / "secret.txt").chmod(0)
    try:
        _, outcomes = run_folder(tmp_path, {"good.txt": GOOD.encode()})
    finally:
        (docs / "secret.txt").chmod(0o644)
    assert outcomes["secret.txt"]["kind"] == "error"
    assert outcomes["secret.txt"]["stage"] == "load"


def test_unreadable_file_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = pathlib.Path.open

    def guarded(self: pathlib.Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "secret.txt").write_bytes(GOOD.encode())
    monkeypatch.setattr(pathlib.Path, "open", guarded)
    _, outcomes = run_folder(tmp_path, {"good.txt": GOOD.encode()})
    assert outcomes["secret.txt"]["kind"] == "error"
    assert outcomes["secret.txt"]["stage"] == "load"
    assert "Permission denied" in outcomes["secret.txt"]["message"]
    assert outcomes["good.txt"]["kind"] == "record"


def test_a_runaway_document_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.engines import work

    real = work.extract_document

    def slow(document, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "RUNAWAY" in document.text:
            time.sleep(30)
        return real(document, *args, **kwargs)

    monkeypatch.setattr(work, "extract_document", slow)
    started = time.perf_counter()
    _, outcomes = run_folder(tmp_path, {"a.txt": b"RUNAWAY " + GOOD.encode(), "b.txt": GOOD.encode()},
                             timeout_seconds=1.0)
    assert time.perf_counter() - started < 20
    assert outcomes["a.txt"]["kind"] == "error"
    assert outcomes["a.txt"]["error_type"] == "DocumentTimeout"
    assert outcomes["b.txt"]["kind"] == "record"


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_a_crashing_worker_loses_only_its_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.engines import local, work

    # Forked workers inherit the patch below (earlier tests may have left threads, which
    # would make the engine choose spawn).
    monkeypatch.setattr(local, "_context", lambda: multiprocessing.get_context("fork"))

    real = work.extract_document

    def crash(document, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "SEGFAULT" in document.text:
            os._exit(139)  # as a crash in native code would
        return real(document, *args, **kwargs)

    monkeypatch.setattr(work, "extract_document", crash)
    files = {f"doc-{i}.txt": GOOD.encode() for i in range(6)}
    files["doc-3.txt"] = b"SEGFAULT " + GOOD.encode()
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, data in files.items():
        (docs / name).write_bytes(data)
    config = RunConfig()
    config.sources.inputs = [str(docs)]
    config.output.path = str(tmp_path / "r.jsonl")
    config.output.errors = str(tmp_path / "e.jsonl")
    config.run.workers = 2
    config.run.batch_size = 2
    config.run.progress = False
    summary = execute(config)
    errors = [json.loads(x) for x in Path(config.output.errors).read_text().splitlines()]
    records = [json.loads(x)["id"] for x in Path(config.output.path).read_text().splitlines()]
    assert [(e["id"], e["error_type"]) for e in errors] == [("doc-3", "WorkerCrashed")]
    assert records == ["doc-0", "doc-1", "doc-2", "doc-4", "doc-5"]
    assert summary.reconciled


def test_a_timeout_swallowed_once_fires_again() -> None:
    """A DocumentTimeout raised inside a finalizer or a gc callback is dropped by the
    interpreter; the alarm repeats, so the document still times out."""
    from extractor.engines.work import DocumentTimeout, deadline

    started = time.perf_counter()
    with pytest.raises(DocumentTimeout), deadline(0.2):
        # dropped, as the interpreter drops an exception raised in a gc callback
        with contextlib.suppress(DocumentTimeout):
            time.sleep(5)
        time.sleep(5)
    assert time.perf_counter() - started < 3
