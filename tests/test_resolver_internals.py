"""The resolver's shortcuts give what the slower forms they replace give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.tokens import Doc, Span

from extractor.nlp.components.entity_resolver import find_whole_words
from extractor.nlp.extensions import (
    ENTITIES_KEY,
    char_token_span,
    entity_table,
    read_entities,
    sentence_bounds,
    set_entities,
    token_table,
)
from extractor.nlp.pipeline import load_pipeline

# Letters, digits, word joiners, hyphens, spaces and non-ASCII letters and digits.
ALPHABET = "aAb-_ .,()é٣Ⅻ\n"


@given(st.text(alphabet=ALPHABET, max_size=40), st.text(alphabet=ALPHABET, min_size=1, max_size=3))
def test_find_whole_words_is_the_lookaround_pattern(text: str, phrase: str) -> None:
    pattern = rf"(?<![\w-]){re.escape(phrase)}(?![\w-])"
    expected = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    assert list(find_whole_words(text, phrase)) == expected


def test_char_token_span_is_strict_char_span() -> None:
    doc = load_pipeline().make_doc(
        "The U.S.-Japan  deal (EXIM) is\nworth US$1.2bn, said Jane Doe-Smith.  \n")
    table = token_table(doc)
    for start in range(len(doc.text) + 1):
        for end in range(start + 1, len(doc.text) + 1):
            span = doc.char_span(start, end)
            expected = None if span is None else (span.start, span.end)
            assert char_token_span(table, start, end) == expected


def _entity_columns(doc: Doc) -> list[tuple[int, ...]]:
    return [tuple(row) for row in doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]).tolist()]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 11), st.integers(1, 3), st.sampled_from(["ORG", "DATE"]),
                          st.sampled_from(["", "rule:x", "COUNTRY:US"])), max_size=5),
       st.lists(st.tuples(st.integers(0, 11), st.integers(1, 3)), max_size=3))
def test_set_entities_is_set_ents(
    wanted: list[tuple[int, int, str, str]], earlier: list[tuple[int, int]]
) -> None:
    nlp = load_pipeline()
    text = "The U.S. and Japan signed a $2 billion loan on Monday in Tokyo."
    entities = [(start, min(start + size, 12), label, kb_id) for start, size, label, kb_id in wanted]
    docs = [nlp.make_doc(text), nlp.make_doc(text)]
    for doc in docs:  # earlier entities leave KB ids behind on tokens that become O
        previous = sorted({(s, min(s + n, 12)) for s, n in earlier})
        kept, end = [], 0
        for start, stop in previous:
            if start >= end:
                kept.append(Span(doc, start, stop, label="AGENCY", kb_id="AGENCY:1"))
                end = stop
        doc.set_ents(kept)
    expected_error = actual_error = None
    try:
        docs[0].set_ents([Span(docs[0], s, e, label=label, kb_id=kb) for s, e, label, kb in entities])
    except ValueError as exc:
        expected_error = str(exc)
    try:
        set_entities(docs[1], entities)
    except ValueError as exc:
        actual_error = str(exc)
    assert actual_error == expected_error
    assert _entity_columns(docs[1]) == _entity_columns(docs[0])
    assert [(e.start, e.end, e.label_, e.kb_id_) for e in docs[1].ents] == \
        [(e.start, e.end, e.label_, e.kb_id_) for e in docs[0].ents]


def test_span_attributes_are_keyed_by_offsets() -> None:
    doc = load_pipeline().make_doc("EXIM approved a loan to Chad.")
    first, same_range, other = Span(doc, 0, 1, label="AGENCY"), Span(doc, 0, 1), Span(doc, 3, 4)
    assert first._.norm is None and first._.detail is None
    first._.norm = {"name": "EXIM"}
    first._.detail = {"link": (10, 20)}
    assert same_range._.norm == {"name": "EXIM"} and same_range._.detail == {"link": (10, 20)}
    assert other._.norm is None and other._.detail is None


def test_entity_table_is_the_final_entities_with_their_norms() -> None:
    """The table the normalizer leaves equals the entities and norms read back from the
    document, and `set_entities` drops it (a stale table would feed deals old entities)."""
    nlp = load_pipeline()
    doc = nlp("The Export-Import Bank of the United States (EXIM) approved a $500 million loan "
              "to Korea Zinc on 3 March 2026. Chile and Peru signed an MoU on lithium.")
    stored = doc.user_data[ENTITIES_KEY]
    read_back = read_entities(doc)
    assert [(e.start, e.end, e.start_char, e.end_char, e.label_, e.norm) for e in stored] == [
        (e.start, e.end, e.start_char, e.end_char, e.label_, e.norm) for e in read_back]
    assert [(e.start, e.end, e.label_) for e in stored] == [(e.start, e.end, e.label_) for e in doc.ents]
    assert all(e.norm == e._.norm for e in stored)
    assert {"MONEY", "AGENCY", "COUNTRY", "DATE", "AGREEMENT"} <= {e.label_ for e in stored}
    set_entities(doc, [(0, 1, "ORG", "")])
    assert [(e.start, e.end, e.label_) for e in entity_table(doc)] == [(0, 1, "ORG")]


def test_sentence_bounds_follow_the_sentences() -> None:
    doc = load_pipeline()("Chile signed an MoU. Peru did not.\n\nA third one here.")
    assert sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents]
    assert doc[sentence_bounds(doc)[-1][0]].text == "A"  # the paragraph break is a sentence too
    assert sentence_bounds(load_pipeline().make_doc("")) == []
