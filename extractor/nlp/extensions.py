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

from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDX, ORTH, SPACY
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

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
        # Joining the token table's lists is much faster than `Doc.text` (a `Token` each).
        table = token_table(doc)
        cached = "".join([t + " " if s else t for t, s in zip(table.text, table.space, strict=True)])
        doc.user_data["text"] = cached
    return cached


@dataclass(slots=True)
class TokenTable:
    """One document's per-token values as plain lists, read once per document.

    Every `doc[i]` and `for token in doc` builds a new `Token` object; the rules look at
    each token many times, so they read these lists instead. The lexical values (text,
    lower form, flags) depend only on the string and come from a per-vocab cache.
    """

    text: list[str]
    lower: list[str]
    space: list[bool]  # a space follows the token (`whitespace_ == " "`)
    idx: list[int]
    is_punct: list[bool]
    is_space: list[bool]
    is_alpha: list[bool]
    is_lower: list[bool]
    is_title: list[bool]
    like_num: list[bool]
    is_currency: list[bool]
    like_email: list[bool]

    def __len__(self) -> int:
        return len(self.text)


_LexInfo = tuple[str, str, bool, bool, bool, bool, bool, bool, bool, bool]
_LEX_CACHES: dict[int, dict[int, _LexInfo]] = {}
# Enough for a large vocabulary; past it the cache starts over rather than grow unbounded.
_LEX_CACHE_LIMIT = 500_000


def _lex_cache(vocab: Vocab) -> dict[int, _LexInfo]:
    """The lexical values of `TokenTable` by orth id, per vocab. (`Doc.to_array` can read
    the flags too, but several times slower than one dict lookup per token.)"""
    cache = _LEX_CACHES.get(id(vocab))
    if cache is None or len(cache) > _LEX_CACHE_LIMIT:
        cache = _LEX_CACHES[id(vocab)] = {}
    return cache


def _lex_info(vocab: Vocab, orth: int) -> _LexInfo:
    lex = vocab[orth]
    return (lex.orth_, lex.lower_, lex.is_punct, lex.is_space, lex.is_alpha, lex.is_lower,
            lex.is_title, lex.like_num, lex.is_currency, lex.like_email)


def token_table(doc: Doc) -> TokenTable:
    """The document's `TokenTable`, built on first use and kept in `doc.user_data`."""
    cached = doc.user_data.get("token_table")
    if cached is not None and len(cached) == len(doc):
        return cached
    if not len(doc):
        table = TokenTable(*([] for _ in range(12)))
        doc.user_data["token_table"] = table
        return table
    array = doc.to_array([ORTH, SPACY, IDX])
    orths = array[:, 0].tolist()
    cache = _lex_cache(doc.vocab)
    for orth in set(orths).difference(cache):
        cache[orth] = _lex_info(doc.vocab, orth)
    columns = [list(column) for column in zip(*[cache[orth] for orth in orths], strict=True)]
    text, lower, *flags = columns
    space = array[:, 1].astype(bool).tolist()
    idx = array[:, 2].tolist()
    table = TokenTable(text, lower, space, idx, *flags)
    doc.user_data["token_table"] = table
    return table
