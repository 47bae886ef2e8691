"""The resolver's shortcuts give what the slower forms they replace give."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from extractor.nlp.components.entity_resolver import find_whole_words
from extractor.nlp.extensions import token_bounds
from extractor.nlp.pipeline import load_pipeline

# Letters, digits, word joiners, hyphens, spaces and non-ASCII letters and digits.
ALPHABET = "aAb-_ .,()é٣Ⅻ\n"


@given(st.text(alphabet=ALPHABET, max_size=40), st.text(alphabet=ALPHABET, min_size=1, max_size=3))
def test_find_whole_words_is_the_lookaround_pattern(text: str, phrase: str) -> None:
    pattern = rf"(?<![\w-]){re.escape(phrase)}(?![\w-])"
    expected = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    assert list(find_whole_words(text, phrase)) == expected


def test_token_bounds_is_strict_char_span() -> None:
    doc = load_pipeline().make_doc("The U.S.-Japan  deal (EXIM) is\nworth US$1.2bn, said Jane Doe-Smith.")
    by_start, by_end = token_bounds(doc)
    for start in range(len(doc.text) + 1):
        for end in range(start + 1, len(doc.text) + 1):
            span = doc.char_span(start, end)
            found = (by_start.get(start), by_end.get(end))
            if span is None:
                assert None in found
            else:
                assert found == (span.start, span.end)
