"""Custom attributes on spaCy objects, registered once.

- `Span._.norm`: the normalized value of an entity (ANNOTATION.md's `norm`).
- `Span._.detail`: what a recognizer knew when it proposed the span, by label (a money
  norm, a date match), read by the normalizer. Both are keyed by the span's character
  offsets, as spaCy keys span attributes, so the payload is a dict per label to keep two
  readings of one range apart.
- `Doc._.published`: the document's publication date from its metadata, if known.
- `Doc._.reference_date`: the date relative expressions resolve against.
- `Doc._.deals`: deal records found in the document.

The two span attributes live in per-document dicts (`span_norms`, `span_details`) behind
getters and setters: the components read and write them by offsets, without the
`Underscore` object that every `span._` access builds.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE, IDX, ORTH, SPACY
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

# `doc.user_data` key of the matchers' `Candidate` list, read by the resolver.
CANDIDATES_KEY = "candidates"
RULE_PREFIX = "rule:"

NORMS_KEY = "span_norms"
DETAILS_KEY = "span_details"
# (start_char, end_char) of a span: what its attributes are keyed by.
Offsets = tuple[int, int]


def span_norms(doc: Doc) -> dict[Offsets, Any]:
    """The document's entity norms by character offsets (the store behind `Span._.norm`)."""
    norms = doc.user_data.get(NORMS_KEY)
    if norms is None:
        norms = doc.user_data[NORMS_KEY] = {}
    return norms


def span_details(doc: Doc) -> dict[Offsets, dict[str, Any]]:
    """The recognizers' details by character offsets (the store behind `Span._.detail`)."""
    details = doc.user_data.get(DETAILS_KEY)
    if details is None:
        details = doc.user_data[DETAILS_KEY] = {}
    return details


def _get_norm(span: Span) -> Any:
    return span_norms(span.doc).get((span.start_char, span.end_char))


def _set_norm(span: Span, value: Any) -> None:
    span_norms(span.doc)[(span.start_char, span.end_char)] = value


def _get_detail(span: Span) -> dict[str, Any] | None:
    return span_details(span.doc).get((span.start_char, span.end_char))


def _set_detail(span: Span, value: dict[str, Any] | None) -> None:
    span_details(span.doc)[(span.start_char, span.end_char)] = value


def register_extensions() -> None:
    if not Span.has_extension("norm"):
        Span.set_extension("norm", getter=_get_norm, setter=_set_norm)
    if not Span.has_extension("detail"):
        Span.set_extension("detail", getter=_get_detail, setter=_set_detail)
    for name in ("published", "reference_date", "deals"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def set_detail_at(doc: Doc, offsets: Offsets, label: str, payload: Any) -> None:
    """Add `label`'s payload to the details of every span over these character offsets."""
    details = span_details(doc)
    detail = dict(details.get(offsets) or {})
    detail[label] = payload
    details[offsets] = detail


def get_detail_at(doc: Doc, offsets: Offsets, label: str) -> Any:
    return (span_details(doc).get(offsets) or {}).get(label)


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
    sentences: list[tuple[int, int]] = []
    if doc.has_annotation("SENT_START"):
        for sentence in doc.sents:
            sentences.append((sentence.start, sentence.end))
            bounds.extend([sentences[-1]] * len(sentence))
    elif len(doc):
        sentences = [(0, len(doc))]
        bounds = sentences * len(doc)
    doc.user_data["sentence_index"] = bounds
    doc.user_data["sentence_bounds"] = sentences
    return bounds


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token offsets of each sentence, in order (built with `sentence_index`)."""
    sentence_index(doc)
    return doc.user_data["sentence_bounds"]


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


# Lexemes first met inside a spaCy memory zone are transient: the zone frees them at its end,
# so their values are kept apart and dropped with them (`forget_zone_lexemes`); kept in the
# main cache, every new number and name of a long run would stay there.
_ZONE_LEXES: dict[int, dict[int, _LexInfo]] = {}


def forget_zone_lexemes(vocab: Vocab) -> None:
    """Drop the values of the lexemes a memory zone created; call when the zone ends."""
    _ZONE_LEXES.pop(id(vocab), None)


def _lex_info(vocab: Vocab, orth: int) -> _LexInfo:
    lex = vocab[orth]
    return (lex.orth_, lex.lower_, lex.is_punct, lex.is_space, lex.is_alpha, lex.is_lower,
            lex.is_title, lex.like_num, lex.is_currency, lex.like_email)


# The last document asked for and its table: the rules ask for the same document's table
# hundreds of times in a row, and a weak reference's identity test is cheaper than the
# `user_data` lookup (the weak reference keeps no document alive).
_LAST_TABLE: list[Any] = [None, None]


def token_table(doc: Doc) -> TokenTable:
    """The document's `TokenTable`, built on first use and kept in `doc.user_data`."""
    last_ref, last_table = _LAST_TABLE
    if last_ref is not None and last_ref() is doc and len(last_table.text) == len(doc):
        return last_table
    table = _token_table(doc)
    _LAST_TABLE[0], _LAST_TABLE[1] = weakref.ref(doc), table
    return table


def _token_table(doc: Doc) -> TokenTable:
    cached = doc.user_data.get("token_table")
    # `len(cached.text)`, not `len(cached)`: this runs ~150 times per document, and
    # `TokenTable.__len__` is a Python call.
    if cached is not None and len(cached.text) == len(doc):
        return cached
    if not len(doc):
        table = TokenTable(*([] for _ in range(12)))
        doc.user_data["token_table"] = table
        return table
    array = doc.to_array([ORTH, SPACY, IDX])
    orths = array[:, 0].tolist()
    cache = _lex_cache(doc.vocab)
    missing = set(orths).difference(cache)
    if not missing:
        rows = [cache[orth] for orth in orths]
    elif doc.vocab.in_memory_zone:
        zone = _ZONE_LEXES.setdefault(id(doc.vocab), {})
        for orth in missing.difference(zone):
            zone[orth] = _lex_info(doc.vocab, orth)
        rows = [cache[orth] if orth in cache else zone[orth] for orth in orths]
    else:
        for orth in missing:
            cache[orth] = _lex_info(doc.vocab, orth)
        rows = [cache[orth] for orth in orths]
    columns = [list(column) for column in zip(*rows, strict=True)]
    text, lower, *flags = columns
    space = array[:, 1].astype(bool).tolist()
    idx = array[:, 2].tolist()
    table = TokenTable(text, lower, space, idx, *flags)
    doc.user_data["token_table"] = table
    return table


@dataclass(slots=True)
class Candidate:
    """A proposed entity before the resolver picks: what a `Span` would say, as plain
    attributes. The matchers propose about as many candidates as the document has
    sentences, and the resolver reads each one's offsets, label and key many times: a
    `Span` builds `label_`/`kb_id_`/`text` anew on each access, and storing spans in
    `doc.spans` makes new objects again on every read. Only the chosen ones become spans.

    `kb_id` is the reading behind it: a gazetteer entry key (with "|ambiguous" when the
    phrase is ambiguous) or "rule:<rule>" for a rule's proposal."""

    start: int
    end: int
    label: str
    kb_id: str
    start_char: int
    end_char: int

    @property
    def offsets(self) -> Offsets:
        return (self.start_char, self.end_char)


def make_candidate(table: TokenTable, start: int, end: int, label: str, kb_id: str) -> Candidate:
    """A candidate over tokens start:end, with the character offsets `Span` would give it."""
    return Candidate(start, end, label, kb_id, table.idx[start],
                     table.idx[end - 1] + len(table.text[end - 1]))


def candidates(doc: Doc) -> list[Candidate]:
    """The document's candidates so far (the matchers add to this list in place)."""
    found = doc.user_data.get(CANDIDATES_KEY)
    if found is None:
        found = doc.user_data[CANDIDATES_KEY] = []
    return found


def char_token_span(table: TokenTable, start_char: int, end_char: int) -> tuple[int, int] | None:
    """The tokens start:end of `doc.char_span(start_char, end_char)` (strict alignment),
    or None when the characters do not begin and end on token boundaries.

    Tokens are never empty and tile the text (with their trailing spaces), so the span
    exists exactly when a token starts at `start_char` and a token ends at `end_char`;
    two binary searches find them without building a Span (the resolver looks up a few
    name mentions per document)."""
    idx = table.idx
    start = bisect_left(idx, start_char)
    if start == len(idx) or idx[start] != start_char:
        return None
    last = bisect_right(idx, end_char - 1) - 1  # the token holding the last character
    if last < start or idx[last] + len(table.text[last]) != end_char:
        return None
    return start, last + 1


def set_entities(doc: Doc, entities: Sequence[tuple[int, int, str, str]]) -> None:
    """`doc.set_ents` for (start, end, label, kb_id) entities in token order, written as
    one array instead of a `Span` per entity and per-token Python loops.

    The result is set_ents' with the default "outside": entity tokens get B/I, the label
    and the key; every other token is O with no type (its KB id left as it was, as
    set_ents leaves it). Entities that overlap or are empty go through `set_ents` itself,
    so that they fail or are skipped exactly as there."""
    doc.user_data.pop(ENTITIES_KEY, None)
    previous_end = 0
    for start, end, _, _ in entities:
        if start < previous_end or end <= start:
            doc.set_ents([Span(doc, start, end, label=label, kb_id=kb_id)
                          for start, end, label, kb_id in entities])
            return
        previous_end = end
    length = len(doc)
    if not length:
        return
    strings = doc.vocab.strings
    # (ENT_IOB, ENT_TYPE, ENT_KB_ID) per token; the KB ids of O tokens stay as they are.
    values = doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID])
    iob = [2] * length  # O
    types = [0] * length
    kb_ids = values[:, 2].tolist()
    for start, end, label, kb_id in entities:
        size = end - start
        iob[start] = 3  # B
        iob[start + 1 : end] = [1] * (size - 1)  # I
        types[start:end] = [strings.add(label)] * size
        kb_ids[start:end] = [strings.add(kb_id)] * size
    values[:, 0] = iob
    values[:, 1] = types
    values[:, 2] = kb_ids
    doc.from_array([ENT_IOB, ENT_TYPE, ENT_KB_ID], values)


# `doc.user_data` key of the final entities as `Entity` objects (see `entity_table`).
ENTITIES_KEY = "entities"


class Entity:
    """A final entity as the stages after the normalizer read it (deal rules, records): what
    its `Span` says, as plain attributes.

    A `Span` builds `label_` and `text` anew on every access, and `span._.norm` builds an
    `Underscore` object each time; the deal rules read each entity's label and norm many
    times per document. The attribute names are the `Span`'s (with `_` standing for the
    extension namespace), so the rules read entities and spans alike; token access
    (iteration, indexing) goes to the document."""

    __slots__ = ("doc", "end", "end_char", "label_", "norm", "start", "start_char")

    def __init__(self, doc: Doc, start: int, end: int, start_char: int, end_char: int,
                 label: str, norm: Any) -> None:
        self.doc, self.start, self.end = doc, start, end
        self.start_char, self.end_char, self.label_, self.norm = start_char, end_char, label, norm

    @property
    def _(self) -> Entity:  # `ent._.norm`, as on a Span
        return self

    @property
    def text(self) -> str:
        return doc_text(self.doc)[self.start_char : self.end_char]

    @property
    def sent(self) -> Span:
        start, end = sentence_index(self.doc)[self.start]
        return self.doc[start:end]

    def __len__(self) -> int:
        return self.end - self.start

    def __iter__(self) -> Iterator[Token]:
        return iter(self.doc[self.start : self.end])

    def __getitem__(self, index: int) -> Token:
        return self.doc[self.start : self.end][index]

    def __repr__(self) -> str:
        return f"Entity({self.text!r}, {self.label_}, {self.start}:{self.end})"


def entity_table(doc: Doc) -> list[Entity]:
    """The document's final entities with their norms, in order, read once: the normalizer
    stores them when it has settled them, later stages share the list (`doc.ents` makes
    new Spans on every read). `set_entities` drops it."""
    entities = doc.user_data.get(ENTITIES_KEY)
    if entities is None:
        entities = doc.user_data[ENTITIES_KEY] = read_entities(doc)
    return entities


def read_entities(doc: Doc) -> list[Entity]:
    """The document's entities from its token array, with their norms."""
    if not len(doc):
        return []
    table, norms = token_table(doc), span_norms(doc)
    array = doc.to_array([ENT_IOB, ENT_TYPE])
    iob = array[:, 0]
    starts = numpy.flatnonzero(iob == 3)  # B
    # an entity ends at the first token after its start that is not I (or at the end)
    breaks = numpy.append(numpy.flatnonzero(iob != 1), len(iob))
    ends = breaks[numpy.searchsorted(breaks, starts, side="right")]
    names = _label_names(doc)
    idx, text = table.idx, table.text
    found: list[Entity] = []
    for start, end, label in zip(starts.tolist(), ends.tolist(), array[starts, 1].tolist(), strict=True):
        start_char, end_char = idx[start], idx[end - 1] + len(text[end - 1])
        found.append(Entity(doc, start, end, start_char, end_char, names[label],
                            norms.get((start_char, end_char))))
    return found


class _LabelNames(dict):  # type: ignore[type-arg]
    """Label strings by hash, filled from the vocab's StringStore on first use."""

    def __init__(self, doc: Doc) -> None:
        super().__init__()
        self.strings = doc.vocab.strings

    def __missing__(self, key: int) -> str:
        name = self[key] = self.strings[key]
        return name


_LABEL_NAMES: dict[int, _LabelNames] = {}


def _label_names(doc: Doc) -> _LabelNames:
    names = _LABEL_NAMES.get(id(doc.vocab))
    if names is None or names.strings is not doc.vocab.strings:
        names = _LABEL_NAMES[id(doc.vocab)] = _LabelNames(doc)
    return names
