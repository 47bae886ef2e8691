"""People, companies and programmes: the fullest form of the name the document uses."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span


def _words(text: str) -> list[str]:
    return text.replace("’s", "").split()


def fullest_person(span: Span, persons: Sequence[Span]) -> str:
    """'Rubio' -> 'Marco Rubio' when the document says 'Marco Rubio' somewhere."""
    words = _words(span.text)
    best = span.text
    for other in persons:
        other_words = _words(other.text)
        if (len(other_words) > len(best.split()) and other_words[-len(words):] == words) or (len(other_words) > len(best.split()) and len(words) == 1
              and words[0] == other_words[-1]):
            best = other.text
    return best


def fullest_org(span: Span, orgs: Sequence[Span], suffixes: frozenset[str] = frozenset()) -> str:
    """'Korea Zinc' -> 'Korea Zinc Co.' when the document writes it so: the longest mention
    that is this name plus legal or corporate suffixes only (not a subsidiary's name)."""
    words = _words(span.text)
    best = span.text
    for other in orgs:
        other_words = _words(other.text)
        extra = [w.strip(",") for w in other_words[len(words):]]
        if (len(other_words) > len(best.split()) and other_words[: len(words)] == words
                and all(w in suffixes or not w for w in extra)):
            best = other.text
    return best


def full_program(span: Span, programs: Sequence[Span], entry_name: str | None) -> str:
    """'the Reserve' / 'Critical Minerals Ministerial' -> the longest programme name in the
    document that ends with the same words; a gazetteer programme keeps its canonical name."""
    words = _words(span.text)
    best = entry_name or span.text
    for other in programs:
        other_words = _words(other.text)
        if len(other_words) > len(best.split()) and other_words[-len(words):] == words:
            best = other.text
    return best
