"""Shared fixtures: the project's paths and one pipeline per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = ROOT / "seeds" / "000_a7d0ce04a0927997.txt"
GOLDEN_DIR = ROOT / "golden"


@pytest.fixture(scope="session")
def nlp() -> Language:
    from extractor.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extract_text(nlp: Language):
    """Extract spans from a text: a list of (label, text, norm) triples."""
    from extractor.batch import extract_document
    from extractor.records import Document, DocumentMeta

    def run(text: str, published: str | None = None) -> list[tuple[str, str, object]]:
        record = extract_document(Document(id="t", text=text, meta=DocumentMeta(published=published)), nlp)
        assert not hasattr(record, "stage"), record
        return [
            (s.label, s.text, s.norm.model_dump() if hasattr(s.norm, "model_dump") else s.norm)
            for s in record.spans  # type: ignore[union-attr]
        ]

    return run
