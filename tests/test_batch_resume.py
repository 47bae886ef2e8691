"""Nothing lost, nothing twice: kill -9 and --resume, and incremental runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from extractor.output import JsonlWriter
from extractor.runner import RunConfig, execute

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ["Japan", "Chile", "Canada", "Peru", "Kenya", "Brazil", "India", "Norway"]


def make_config(out: Path, inputs: list[str], **run: object) -> RunConfig:
    config = RunConfig()
    config.sources.inputs = inputs
    config.output.path = str(out / "records.jsonl")
    config.output.errors = str(out / "errors.jsonl")
    config.output.state = str(out / "state.sqlite")
    config.run.workers = 1
    config.run.progress = False
    for name, value in run.items():
        setattr(config.run, name, value)
    return config


def write_documents(folder: Path, count: int) -> None:
    """Short documents (fast to extract), with an empty file every 50 for error lines."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        country = COUNTRIES[index % len(COUNTRIES)]
        text = "" if index % 50 == 7 else (
            f"The United States and {country} signed a memorandum of understanding on "
            f"{index % 28 + 1} March 2026. EXIM approved a ${index + 1} million loan.\n")
        (folder / f"doc-{index:04d}.txt").write_text(text, encoding="utf-8")


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_kill_9_then_resume_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_documents(docs, 300)
    reference = make_config(tmp_path / "reference", [str(docs)])
    execute(reference)

    out = tmp_path / "killed"
    command = [sys.executable, "-m", "extractor.cli", "run", "--input", str(docs),
               "-o", str(out / "records.jsonl"), "--errors", str(out / "errors.jsonl"),
               "--workers", "2", "--batch-size", "4", "--no-progress"]
    process = subprocess.Popen(command, cwd=tmp_path, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and len(read_lines(out / "records.jsonl")) < 60:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, mid-run
    process.wait()
    written = len(read_lines(out / "records.jsonl"))
    assert 60 <= written < 294, "the run was not killed mid-way"
    done = written + len(read_lines(out / "errors.jsonl"))
    # A crash mid-write leaves a cut last line; make sure there is one to repair.
    with (out / "records.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"id": "doc-99')

    status = subprocess.run([*command, "--resume"], cwd=tmp_path, capture_output=True, text=True)
    assert status.returncode == 1, status.stderr  # 1: the empty files are error entries
    assert "reconciled" in status.stderr and "NOT RECONCILED" not in status.stderr

    got = read_lines(out / "records.jsonl")
    expected = read_lines(Path(reference.output.path))
    assert len(got) == len(set(got)) == 294
    assert sorted(got) == sorted(expected)
    assert sorted(read_lines(out / "errors.jsonl")) == sorted(read_lines(Path(reference.output.errors)))
    assert f"(resume: {done})" in status.stderr


def test_resume_of_a_finished_run_does_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_documents(docs, 12)
    config = make_config(tmp_path / "out", [str(docs)])
    first = execute(config)
    before = read_lines(Path(config.output.path))
    config.run.resume = True
    again = execute(config)
    assert again.records == again.errors == 0
    assert again.skipped == {"resume": first.documents_in}
    assert read_lines(Path(config.output.path)) == before


def test_incremental_second_run_processes_nothing_and_a_change_is_redone(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_documents(docs, 6)  # doc-0000 .. doc-0005, all with text
    config = make_config(tmp_path / "out", [str(docs)], incremental=True)
    first = execute(config)
    assert first.records == 6

    second = execute(config)
    assert (second.records, second.errors, second.skipped) == (0, 0, {"unchanged": 6})

    changed = docs / "doc-0003.txt"
    changed.write_text("Australia and India signed a critical minerals pact on 2 May 2026.\n")
    os.utime(changed, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    (docs / "copy-of-0001.txt").write_bytes((docs / "doc-0001.txt").read_bytes())  # same text
    third = execute(config)
    assert third.records == 1 and third.skipped == {"unchanged": 6}
    records = [json.loads(line) for line in read_lines(Path(config.output.path))]
    assert len(records) == 7  # appended, not overwritten
    assert records[-1]["id"] == "doc-0003" and "Australia" in records[-1]["text"]


def test_a_cut_last_line_is_dropped_before_appending(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text('{"id": "a"}\n{"id": "b"}\n{"id": "c", "te')
    with JsonlWriter(path, append=True) as writer:
        writer.write_lines(['{"id": "d"}\n'])
    assert read_lines(path) == ['{"id": "a"}', '{"id": "b"}', '{"id": "d"}']
