"""Documents in, records out: the pipeline applied document by document.

`extract_documents` takes loaded documents (and passes error entries through), runs the
pipeline on each and yields a validated `Record` or, when a document fails, an
`ErrorEntry` with stage "extract" or "validate" — one bad document never stops a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp.pipeline import load_pipeline
from extractor.records import Document, ErrorEntry, Record


def doc_spans(doc: Doc) -> list[dict[str, Any]]:
    spans = []
    for ent in doc.ents:
        norm = ent._.norm
        if norm is None:
            continue
        spans.append({"start": ent.start_char, "end": ent.end_char, "label": ent.label_,
                      "text": ent.text, "norm": norm})
    return spans


def run_pipeline(nlp: Language, document: Document) -> Doc:
    """The pipeline on one document, component by component (our components are per-doc)."""
    doc = nlp.make_doc(document.text)
    doc._.published = document.meta.published
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def to_record(document: Document, doc: Doc) -> Record:
    deals = doc._.deals or []
    return Record.model_validate(
        {
            "id": document.id,
            "text": document.text,
            "meta": document.meta,
            "content_hash": document.content_hash,
            "spans": doc_spans(doc),
            "deals": deals,
        }
    )


def extract_document(document: Document, nlp: Language | None = None) -> Record | ErrorEntry:
    nlp = nlp or load_pipeline()
    source = document.meta.path or document.meta.url or document.id
    try:
        doc = run_pipeline(nlp, document)
    except (ValueError, RecursionError, MemoryError, KeyError, IndexError, TypeError) as exc:
        return ErrorEntry(id=document.id, source=source, stage="extract",
                          error_type=type(exc).__name__, message=_first_line(exc))
    try:
        return to_record(document, doc)
    except ValidationError as exc:
        return ErrorEntry(id=document.id, source=source, stage="validate",
                          error_type="ValidationError", message=_first_line(exc))


def extract_documents(
    items: Iterable[Document | ErrorEntry], nlp: Language | None = None
) -> Iterator[Record | ErrorEntry]:
    """Records for documents, error entries passed through, in input order."""
    nlp = nlp or load_pipeline()
    for item in items:
        if isinstance(item, ErrorEntry):
            yield item
        else:
            yield extract_document(item, nlp)


def _first_line(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return " ".join(text.split("\n")[:2])[:500]


@dataclass
class BatchSummary:
    documents_in: int = 0
    records: int = 0
    errors: int = 0
    words: int = 0
    errors_by_stage: dict[str, int] = field(default_factory=dict)

    def count(self, item: Record | ErrorEntry) -> None:
        if isinstance(item, ErrorEntry):
            self.errors += 1
            self.errors_by_stage[item.stage] = self.errors_by_stage.get(item.stage, 0) + 1
        else:
            self.records += 1
            self.words += len(item.text.split())

    def line(self, seconds: float) -> str:
        rate = self.words / seconds if seconds > 0 else 0.0
        stages = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors_by_stage.items()))
        return (f"{self.records} records, {self.errors} errors"
                + (f" ({stages})" if stages else "")
                + f" in {seconds:.1f} s ({rate:,.0f} words/s)")
