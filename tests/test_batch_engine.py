"""`extractor run` end to end: reconciliation, order, workers, shards, chunks, config."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from extractor.batch import extract_document
from extractor.engines.chunks import chunk_bounds
from extractor.errors import ConfigError
from extractor.records import Document, Record
from extractor.runner import RunConfig, execute

ROOT = Path(__file__).resolve().parents[1]
SOME_CORPUS = sorted((ROOT / "corpus" / "dev").glob("a-*"))[:8]


def make_config(tmp_path: Path, inputs: list[str], **run: object) -> RunConfig:
    config = RunConfig()
    config.sources.inputs = inputs
    config.output.path = str(tmp_path / "out" / "records.jsonl")
    config.output.errors = str(tmp_path / "out" / "errors.jsonl")
    config.output.state = str(tmp_path / "out" / "state.sqlite")
    config.run.workers = 1
    config.run.progress = False
    for name, value in run.items():
        setattr(config.run, name, value)
    return config


def lines(path: str | Path) -> list[str]:
    path = Path(path)
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_every_input_is_one_record_or_one_error(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("The United States and Japan signed an MOU on 3 March 2026.")
    (docs / "empty.txt").write_bytes(b"")
    (docs / "batch.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Canada lent $5 million."}) + "\n{broken\n"
        + json.dumps({"id": "j2", "text": "Chile and Peru agreed."}) + "\n")
    config = make_config(tmp_path, [str(docs), str(tmp_path / "missing.txt")])
    summary = execute(config)
    records = [json.loads(line) for line in lines(config.output.path)]
    errors = [json.loads(line) for line in lines(config.output.errors)]
    assert sorted(r["id"] for r in records) == ["good", "j1", "j2"]
    assert sorted(e["stage"] for e in errors) == ["decode", "discover", "parse"]
    assert summary.documents_in == 6 == summary.records + summary.errors
    assert summary.reconciled
    assert "reconciled" in summary.lines()[0]


def test_run_writes_what_extract_writes(tmp_path: Path) -> None:
    """The batch engine and the single-step path give the same records, in order."""
    from extractor.batch import extract_documents
    from extractor.ingest.files import iter_documents

    inputs = [str(p) for p in SOME_CORPUS]
    config = make_config(tmp_path, inputs)
    execute(config)
    expected = [item.model_dump_json() for item in extract_documents(iter_documents(inputs))
                if isinstance(item, Record)]
    assert lines(config.output.path) == expected


def test_two_workers_write_exactly_what_one_writes(tmp_path: Path) -> None:
    inputs = [str(p) for p in SOME_CORPUS] + [str(ROOT / "seeds")]
    one = make_config(tmp_path / "one", inputs, workers=1, batch_size=2)
    two = make_config(tmp_path / "two", inputs, workers=2, batch_size=2)
    first, second = execute(one), execute(two)
    assert first.records == second.records == len(inputs)
    assert lines(one.output.path) == lines(two.output.path)
    # Two worker processes were started; under load one of them may finish every batch
    # before the other has built its pipeline, so only an upper bound is certain.
    assert 1 <= len(second.worker_peak_kb) <= 2


def test_sharded_output_rotates_and_keeps_order(tmp_path: Path) -> None:
    inputs = [str(p) for p in SOME_CORPUS[:5]]
    flat = make_config(tmp_path / "flat", inputs)
    sharded = make_config(tmp_path / "sharded", inputs)
    sharded.output.path = str(tmp_path / "sharded" / "records")
    sharded.output.sharded = True
    sharded.output.shard_lines = 2
    execute(flat)
    execute(sharded)
    shards = sorted(Path(sharded.output.path).glob("part-*.jsonl"))
    assert [p.name for p in shards] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert [line for p in shards for line in lines(p)] == lines(flat.output.path)


def test_long_document_is_chunked_and_offsets_map_back(nlp) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "dev").glob("*.txt"))]
    text = "\n\n".join(texts)
    assert len(text) > 30_000
    whole = extract_document(Document(id="long", text=text), nlp, max_chunk_chars=8_000)
    assert isinstance(whole, Record), whole
    assert whole.spans, "nothing found in a long document"
    assert max(s.start for s in whole.spans) > 8_000  # later chunks were extracted too
    for span in whole.spans:
        assert text[span.start : span.end] == span.text
    # Each chunk's spans equal what the chunk alone yields, shifted by its start.
    bounds = chunk_bounds(text, 8_000)
    assert len(bounds) >= 4
    start, end = bounds[2]
    alone = extract_document(Document(id="part", text=text[start:end]), nlp, max_chunk_chars=8_000)
    assert isinstance(alone, Record)
    shifted = [(s.start + start, s.end + start, s.label) for s in alone.spans]
    inside = [(s.start, s.end, s.label) for s in whole.spans if start <= s.start < end]
    assert inside == shifted


def test_chunks_cut_at_paragraphs_first() -> None:
    text = ("A sentence here. " * 30 + "\n\n") * 10
    bounds = chunk_bounds(text, 1_000)
    assert all(text[end - 2 : end] == "\n\n" for _, end in bounds[:-1])
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))


def test_example_config_parses_and_names_every_setting() -> None:
    from dataclasses import fields

    from extractor.runner import SECTIONS

    path = ROOT / "extractor.example.toml"
    config = RunConfig.from_toml(path)
    assert config.run.engine == "local"
    text = path.read_text(encoding="utf-8")
    for section, kind in SECTIONS.items():
        assert f"[{section}]" in text
        for item in fields(kind):
            assert f"\n{item.name} =" in text or f"\n# {item.name} =" in text, item.name


def test_config_rejects_unknown_keys(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[run]\nworkerz = 2\n")
    with pytest.raises(ConfigError, match="workerz"):
        RunConfig.from_toml(bad)
    bad.write_text("[run]\nengine = 'spark'\n")
    with pytest.raises(ConfigError, match="engine"):
        RunConfig.from_toml(bad)


def test_cli_run_prints_a_reconciled_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from extractor.cli import main

    out = tmp_path / "r.jsonl"
    status = main(["run", "--input", str(SOME_CORPUS[0]), "-o", str(out), "--errors",
                   str(tmp_path / "e.jsonl"), "--workers", "1", "--no-progress"])
    err = capsys.readouterr().err
    assert status == 0
    assert "documents in: 1 = 1 records + 0 errors + 0 skipped [reconciled" in err
    assert "words/s" in err
    assert len(lines(out)) == 1


def test_memory_zones_change_no_record_and_free_the_vocab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the warm-up, partitions run in spaCy memory zones: the records are the same, and
    the words the documents brought are gone from the shared vocab afterwards."""
    from extractor.engines import work

    docs = tmp_path / "docs"
    docs.mkdir()
    for k, path in enumerate(SOME_CORPUS):
        (docs / path.name).write_text(path.read_text(encoding="utf-8") + f"\nZonecheckword{k}.\n", encoding="utf-8")
    plain = make_config(tmp_path / "plain", [str(docs)])
    execute(plain)
    strings = work._pipeline(work.WorkSettings()).vocab.strings  # the pipeline the run used
    assert "Zonecheckword0" in strings  # outside a zone the vocab keeps every new word

    monkeypatch.setattr(work, "_documents_warming", 0)
    zoned = make_config(tmp_path / "zoned", [str(docs)])
    for path in docs.iterdir():  # new words, unseen by the run above
        path.write_text(path.read_text(encoding="utf-8").replace("Zonecheckword", "Zonedword"), encoding="utf-8")
    execute(zoned)
    assert "Zonedword0" not in strings
    # nor do the token table's copies of lexeme values keep them (they grew a long run by
    # every new number and name before)
    from spacy.strings import get_string_id

    from extractor.nlp import extensions
    zoned_orth = get_string_id("Zonedword0")
    assert all(zoned_orth not in cache for cache in extensions._LEX_CACHES.values())
    assert not extensions._ZONE_LEXES
    expected = [line.replace("Zonecheckword", "Zonedword") for line in lines(plain.output.path)]
    assert [json.loads(line)["spans"] for line in lines(zoned.output.path)] == \
        [json.loads(line)["spans"] for line in expected]
