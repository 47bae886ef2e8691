"""Custom attributes on spaCy objects, registered once.

- `Span._.norm`: the normalized value of an entity (ANNOTATION.md's `norm`).
- `Span._.detail`: what a recognizer knew when it proposed the span, by label (a money
  norm, a date match), read by the normalizer. spaCy keys span attributes by character
  offsets, so the payload is a dict per label to keep two readings of one range apart.
- `Doc._.published`: the document's publication date from its metadata, if known.
- `Doc._.reference_date`: the date relative expressions resolve against.
- `Doc._.deals`: deal records found in the document.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

CANDIDATES_KEY = "candidates"
RULE_PREFIX = "rule:"


def register_extensions() -> None:
    for name in ("norm", "detail"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    for name in ("published", "reference_date", "deals"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def set_detail(span: Span, label: str, payload: Any) -> None:
    detail = dict(span._.detail or {})
    detail[label] = payload
    span._.detail = detail


def get_detail(span: Span, label: str) -> Any:
    return (span._.detail or {}).get(label)


register_extensions()


def sentence_index(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token offsets of the sentence each token is in, computed once per doc.

    `Span.sent` walks the document on every call; the resolver and the normalizer ask for
    many spans' sentences, so they share this table instead.
    """
    cached = doc.user_data.get("sentence_index")
    if cached is not None and len(cached) == len(doc):
        return cached
    bounds: list[tuple[int, int]] = []
    if doc.has_annotation("SENT_START"):
        for sentence in doc.sents:
            bounds.extend([(sentence.start, sentence.end)] * len(sentence))
    else:
        bounds = [(0, len(doc))] * len(doc)
    doc.user_data["sentence_index"] = bounds
    return bounds


def doc_text(doc: Doc) -> str:
    """The document's text, built once (`Doc.text` joins every token on each access)."""
    cached = doc.user_data.get("text")
    if cached is None:
        cached = doc.text
        doc.user_data["text"] = cached
    return cached
