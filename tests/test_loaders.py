"""Local loaders: files, folders and patterns to documents or error entries."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.ingest.files import iter_documents
from extractor.records import Document, ErrorEntry
from tests.conftest import SEED_PATH


def load(*inputs: str | Path) -> list[Document | ErrorEntry]:
    return list(iter_documents([str(i) for i in inputs]))


def test_text_is_kept_exactly_and_id_comes_from_the_file_name(tmp_path: Path) -> None:
    raw = "  Line one\r\n\tLine two — “quoted”\n\n"
    (tmp_path / "release one.txt").write_bytes(raw.encode("utf-8"))
    (tmp_path / "notes.md").write_text("# Title\n\n- bullet\n", encoding="utf-8")
    docs = load(tmp_path)
    assert [d.id for d in docs] == ["notes", "release one"]
    release = docs[1]
    assert isinstance(release, Document)
    assert release.text == raw.replace("\r\n", "\r\n")  # no stripping, no folding
    assert release.meta.path and release.meta.path.endswith("release one.txt")
    assert release.content_hash and release.content_hash.startswith("sha256:")


def test_seed_text_equals_the_golden_text() -> None:
    (doc,) = load(SEED_PATH)
    golden = json.loads((SEED_PATH.parents[1] / "golden" / "seed.jsonl").read_text(encoding="utf-8"))
    assert isinstance(doc, Document)
    assert doc.id == golden["id"] and doc.text == golden["text"]


def test_bad_inputs_become_error_entries_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-good.txt").write_text("The United States signed an MoU.", encoding="utf-8")
    (tmp_path / "b-empty.txt").write_bytes(b"")
    (tmp_path / "c-binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00binary")
    (tmp_path / "d-blank.md").write_text("   \n\t\n", encoding="utf-8")
    (tmp_path / "e-good.md").write_text("Chile approved a loan.", encoding="utf-8")
    items = load(tmp_path, tmp_path / "missing.txt")
    documents = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, ErrorEntry)]
    assert [d.id for d in documents] == ["a-good", "e-good"]
    assert {e.id for e in errors if e.id} == {"b-empty", "c-binary", "d-blank"}
    assert all(e.stage in ("decode", "discover") and e.message for e in errors)
    assert any(e.source.endswith("missing.txt") and e.stage == "discover" for e in errors)


def test_jsonl_documents_keep_id_text_meta_and_a_bad_line_is_an_error(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "wire-1", "text": "Peru signed a framework.", "meta": {"source": "AP"},
                    "spans": [{"start": 0, "end": 4, "label": "COUNTRY", "text": "Peru", "norm": "PE"}]}),
        "{not json",
        json.dumps({"text": "No id here."}),
        json.dumps({"id": "no-text"}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = load(tmp_path / "batch.jsonl")
    documents = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, ErrorEntry)]
    assert [d.id for d in documents] == ["wire-1", "batch-3"]
    assert documents[0].meta.source == "AP"
    assert not hasattr(documents[0], "spans") or not getattr(documents[0], "spans", None)
    assert len(errors) == 2 and {e.source.rsplit(":", 1)[1] for e in errors} == {"2", "4"}


def test_html_becomes_text_with_title(tmp_path: Path) -> None:
    html = ("<html><head><title>EXIM approves loan</title><script>var x=1;</script></head>"
            "<body><article><h1>EXIM approves loan</h1><p>The Export-Import Bank of the United States "
            "approved a loan of $10 million to Acme Graphite Inc. on Tuesday, the bank said in a "
            "statement released in Washington.</p></article></body></html>")
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    (doc,) = load(tmp_path / "page.html")
    assert isinstance(doc, Document)
    assert "Export-Import Bank" in doc.text and "var x" not in doc.text
    assert doc.meta.title == "EXIM approves loan"


def test_globs_and_duplicate_stems(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "same.txt").write_text("one", encoding="utf-8")
    (tmp_path / "y" / "same.txt").write_text("two", encoding="utf-8")
    docs = load(str(tmp_path / "**" / "*.txt"))
    ids = [d.id for d in docs]
    assert ids[0] == "same" and ids[1].startswith("same~") and len(set(ids)) == 2
    assert load(str(tmp_path / "*.nothing"))[0].stage == "discover"  # type: ignore[union-attr]
