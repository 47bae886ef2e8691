"""Documents in, records out: the pipeline applied document by document.

`extract_documents` takes loaded documents (and passes error entries through), runs the
pipeline on each and yields a validated `Record` or, when a document fails, an
`ErrorEntry` with stage "extract" or "validate" — one bad document never stops a batch.

Documents longer than `max_chunk_chars` are run chunk by chunk (split at paragraph or
sentence boundaries) and their spans mapped back to document offsets, so a long report
is extracted instead of rejected. An optional `StageTimes` hook (`set_stage_timer`)
measures tokenizer, components and validation, for the benchmark.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from spacy.language import Language
from spacy.tokens import Doc

from extractor.engines.chunks import DEFAULT_CHUNK_CHARS, chunk_bounds
from extractor.nlp.extensions import doc_text, entity_table
from extractor.nlp.pipeline import load_pipeline
from extractor.records import Document, ErrorEntry, Record

# Failures of one document inside the pipeline; anything else is a bug worth stopping for.
PIPELINE_ERRORS = (ValueError, RecursionError, MemoryError, KeyError, IndexError, TypeError,
                   AttributeError, ArithmeticError, AssertionError)


@dataclass
class StageTimes:
    """Seconds spent per stage, summed over documents (the benchmark's stage split)."""

    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, elapsed: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + elapsed

    def merge(self, other: dict[str, float]) -> None:
        for stage, elapsed in other.items():
            self.add(stage, elapsed)


_stage_timer: StageTimes | None = None


def set_stage_timer(timer: StageTimes | None) -> StageTimes | None:
    """Install (or remove, with None) the process-wide timing hook; returns the old one."""
    global _stage_timer
    previous, _stage_timer = _stage_timer, timer
    return previous


def stage_timer() -> StageTimes | None:
    return _stage_timer


def doc_spans(doc: Doc, offset: int = 0) -> list[dict[str, Any]]:
    # The entity table the normalizer left (`doc.ents` makes a Span per entity per read),
    # texts sliced from the document text.
    text = doc_text(doc)
    spans = []
    for ent in entity_table(doc):
        norm = ent.norm
        if norm is None:
            continue
        start, end = ent.start_char, ent.end_char
        spans.append({"start": start + offset, "end": end + offset,
                      "label": ent.label_, "text": text[start:end], "norm": norm})
    return spans


def run_pipeline(nlp: Language, document: Document) -> Doc:
    """The pipeline on one document, component by component (our components are per-doc)."""
    timer = _stage_timer
    if timer is None:
        doc = nlp.make_doc(document.text)
        doc._.published = document.meta.published
        for _, component in nlp.pipeline:
            doc = component(doc)
        return doc
    started = time.perf_counter()
    doc = nlp.make_doc(document.text)
    doc._.published = document.meta.published
    timer.add("tokenize", time.perf_counter() - started)
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        doc = component(doc)
        timer.add(name, time.perf_counter() - started)
    return doc


def _shift_deal(deal: Any, offset: int) -> Any:
    """A deal with its evidence moved by `offset` (deals may be dicts or models)."""
    if not offset:
        return deal
    if hasattr(deal, "model_dump"):
        deal = deal.model_dump()
    if isinstance(deal, dict) and "evidence" in deal:
        start, end = deal["evidence"]
        return {**deal, "evidence": (start + offset, end + offset)}
    return deal


def _validated(document: Document, spans: list[dict[str, Any]], deals: list[Any]) -> Record:
    timer = _stage_timer
    started = time.perf_counter() if timer else 0.0
    record = Record.model_validate(
        {
            "id": document.id,
            "text": document.text,
            "meta": document.meta,
            "content_hash": document.content_hash,
            "spans": spans,
            "deals": deals,
        }
    )
    if timer:
        timer.add("validate", time.perf_counter() - started)
    return record


def to_record(document: Document, doc: Doc) -> Record:
    return _validated(document, doc_spans(doc), list(doc._.deals or []))


def _extract_chunked(nlp: Language, document: Document, max_chunk_chars: int) -> Record:
    """Run each chunk as its own document and map spans and deal evidence back."""
    spans: list[dict[str, Any]] = []
    deals: list[Any] = []
    for start, end in chunk_bounds(document.text, max_chunk_chars):
        part = Document(id=document.id, text=document.text[start:end], meta=document.meta,
                        content_hash="-")  # the chunk's own hash is never used
        doc = run_pipeline(nlp, part)
        spans.extend(doc_spans(doc, offset=start))
        deals.extend(_shift_deal(deal, start) for deal in doc._.deals or [])
    return _validated(document, spans, deals)


def extract_document(
    document: Document, nlp: Language | None = None, *, max_chunk_chars: int = DEFAULT_CHUNK_CHARS
) -> Record | ErrorEntry:
    nlp = nlp or load_pipeline()
    source = document.meta.path or document.meta.url or document.id
    try:
        if len(document.text) > max_chunk_chars:
            return _extract_chunked(nlp, document, max_chunk_chars)
        doc = run_pipeline(nlp, document)
    except ValidationError as exc:
        return ErrorEntry(id=document.id, source=source, stage="validate",
                          error_type="ValidationError", message=_first_line(exc))
    except PIPELINE_ERRORS as exc:
        return ErrorEntry(id=document.id, source=source, stage="extract",
                          error_type=type(exc).__name__, message=_first_line(exc))
    try:
        return to_record(document, doc)
    except ValidationError as exc:
        return ErrorEntry(id=document.id, source=source, stage="validate",
                          error_type="ValidationError", message=_first_line(exc))


def extract_documents(
    items: Iterable[Document | ErrorEntry],
    nlp: Language | None = None,
    *,
    max_chunk_chars: int = DEFAULT_CHUNK_CHARS,
) -> Iterator[Record | ErrorEntry]:
    """Records for documents, error entries passed through, in input order."""
    nlp = nlp or load_pipeline()
    for item in items:
        if isinstance(item, ErrorEntry):
            yield item
        else:
            yield extract_document(item, nlp, max_chunk_chars=max_chunk_chars)


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
