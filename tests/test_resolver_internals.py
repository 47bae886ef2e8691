"""The resolver's shortcuts give what the slower forms they replace give."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from extractor.nlp.components.entity_resolver import find_whole_words
from extractor.nlp.extensions import char_token_span, token_table
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
