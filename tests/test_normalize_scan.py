"""The position scans find exactly what a plain `finditer` over the whole text finds.

The money and date finders try their patterns only at candidate positions (normalize/
scan.py); a candidate set that missed one real match start would silently lose amounts
or dates. These tests compare, pattern by pattern, the scanned matches with `finditer`'s
on the seed and on generated text full of the characters the prefixes are about.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.nlp.normalize import date
from extractor.nlp.normalize.money import default_money_finder
from extractor.nlp.normalize.scan import (
    StartIndex,
    char_positions,
    finditer_at,
    literal_alternation,
    word_starts,
)

ROOT = Path(__file__).parents[1]
SEED = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
# The bundled corpus's plain-text documents: thousands of real amounts and dates.
CORPUS = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpus").rglob("*"))
          if path.suffix in (".txt", ".md")]

# Pieces that open matches, sit next to them, or fold onto ASCII letters when case is
# ignored ("ſ" is "s", "K" the Kelvin sign is "k").
PIECES = ["January", "Jan.", "Sept", "May", "Monday", "Tues", "last", "LAST", "Next", "this",
          "past", "previous", "coming", "today", "Yesterday", "tomorrow", "on the", "the",
          "12th", "2026", "1999", "27.01.2026", "13/04/2026", "2026-02-04", "1,200", ".5", "1.5",
          "bn", "m", "million", "Billion", "lakh crore", "a", "an", "one", "Twenty-five",
          "hundred and", "euros", "US dollars", "USD", "EUR", "eur", "US$", "$", "€", "Rs.",
          "R", "K", "CFA", "to", "-", "–", "between", "and", "of", ",", ".", " ", "  ", "\n",
          "(", "ſ", "K", "É", "ﬁ", "laſt", "week", "month", "year", "x", "September 4, 2026",
          "Sept. 4 2026", "4 March 2026", "Monday, 2 March 2026", "last November",
          "this Friday", "on the 20th", "five million euros", "a billion USD", "an additional",
          "1.2bn yuan", "$5-10 billion", "EUR 300 million", "USD1.2bn"]
# Pieces mostly spaced, sometimes glued or split by a comma or a line break.
texts = st.lists(st.tuples(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)),
                           st.sampled_from([" ", " ", " ", "", ", ", "\n"])),
                 max_size=40).map(lambda pairs: "".join(piece + gap for piece, gap in pairs))
CHECKS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _spans(matches: object) -> list[tuple[int, int]]:
    return [m.span() for m in matches]  # type: ignore[attr-defined]


def _date_scans(text: str) -> list[tuple[str, list[tuple[int, int]], list[tuple[int, int]]]]:
    starts = date._START_INDEX.positions(text)
    return [(kind, _spans(finditer_at(pattern, text, at)), _spans(pattern.finditer(text)))
            for (kind, pattern), at in zip(date.PATTERNS, starts, strict=True)]


def _money_scans(text: str) -> list[tuple[str, list[tuple[int, int]], list[tuple[int, int]]]]:
    finder = default_money_finder()
    prefixed = char_positions(text, finder._prefixed_starts)
    suffixed = finder._suffixed_starts.positions(text)[0]
    return [
        ("prefixed", _spans(finditer_at(finder._prefixed, text, prefixed)),
         _spans(finder._prefixed.finditer(text))),
        ("suffixed", _spans(finditer_at(finder._suffixed, text, suffixed)),
         _spans(finder._suffixed.finditer(text))),
    ]


@pytest.mark.parametrize("scans", [_date_scans, _money_scans])
def test_scans_find_what_finditer_finds_on_the_seed_and_the_corpus(scans) -> None:
    assert len(CORPUS) > 100
    results = [result for text in [SEED, *CORPUS] for result in scans(text)]
    assert sum(len(found) for _, found, _ in results) > 500  # the corpus has plenty
    for kind, found, expected in results:
        assert found == expected, kind


@CHECKS
@given(texts)
def test_date_scans_find_what_finditer_finds(text: str) -> None:
    for kind, found, expected in _date_scans(text):
        assert found == expected, kind


@CHECKS
@given(texts)
def test_money_scans_find_what_finditer_finds(text: str) -> None:
    for kind, found, expected in _money_scans(text):
        assert found == expected, kind


def test_a_prefix_that_no_pattern_opens_is_no_candidate() -> None:
    index = StartIndex([re.compile("Jan|Feb"), re.compile("[0-9]")])
    text = "In January, 12 firms; Febrile 3rd xJan"
    months, digits = index.positions(text)
    assert months == [text.index("January"), text.index("Febrile")]
    assert digits == [text.index("12"), text.index("3rd")]


def test_a_prefix_with_a_non_ascii_character_is_a_candidate_for_every_pattern() -> None:
    index = StartIndex([re.compile("las", re.IGNORECASE)])
    assert index.positions("the laſt week")[0] == [4]


def test_a_stop_starts_a_word_after_a_word_only() -> None:
    # "b.c": the stop and "c" are starts; " .5": "5" is, the stop after a space is not
    # (every pattern opens with `\\b`)
    assert word_starts("a .5 b.c") == [0, 3, 5, 6, 7]


@pytest.mark.parametrize("items", [["a", "ab", "abc"], ["euro", "euros", "eur", "yen"], ["x"],
                                   ["US$", "U.S.$", "A$", "$"]])
def test_literal_alternation_matches_as_the_longest_first_alternation(items: list[str]) -> None:
    plain = re.compile("|".join(re.escape(i) for i in sorted(items, key=len, reverse=True)))
    trie = re.compile(literal_alternation(items))
    for text in ["abcd", "ab", "euros", "eurx", "yen", "US$5", "U.S.$", "A$ $", "xyz", ""]:
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
