"""People, companies and programmes: the fullest form of the name the document uses.

Each function compares one name with every other mention of its kind; a document's
mentions can be read once into `NameForms` (text and words) and passed as `forms`, so
that the comparisons do not rebuild span texts for every name.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span

# (text, words) of each mention, in document order.
NameForms = Sequence[tuple[str, list[str]]]


def _words(text: str) -> list[str]:
    # "Oconee Anode Materials, Inc." starts with the words of "Oconee Anode Materials"
    return [word.rstrip(",") for word in text.replace("’s", "").split()]


def name_forms(spans: Sequence[Span]) -> list[tuple[str, list[str]]]:
    """The texts and words of mentions, read once."""
    return [(text, _words(text)) for text in (span.text for span in spans)]


def fullest_person(span: Span, persons: Sequence[Span], forms: NameForms | None = None,
                   text: str | None = None) -> str:
    """'Rubio' -> 'Marco Rubio' when the document says 'Marco Rubio' somewhere."""
    best = span.text if text is None else text
    words = _words(best)
    best_size = len(best.split())
    for other_text, other_words in name_forms(persons) if forms is None else forms:
        if (len(other_words) > best_size and other_words[-len(words):] == words) or (len(other_words) > best_size and len(words) == 1
              and words[0] == other_words[-1]):
            best = other_text
            best_size = len(best.split())
    return best


def fullest_org(span: Span, orgs: Sequence[Span], suffixes: frozenset[str] = frozenset(),
                forms: NameForms | None = None, text: str | None = None) -> str:
    """'Korea Zinc' -> 'Korea Zinc Co.' when the document writes it so: the longest mention
    that is this name plus legal or corporate suffixes only (not a subsidiary's name)."""
    best = span.text if text is None else text
    words = _words(best)
    size = len(words)
    best_size = len(best.split())
    for other_text, other_words in name_forms(orgs) if forms is None else forms:
        if len(other_words) <= best_size or other_words[:size] != words:
            continue
        extra = [w.strip(",") for w in other_words[size:]]
        # "Sdn Bhd", "sp. z o.o.": a suffix of several words counts whole
        if all(w in suffixes or not w for w in extra) or " ".join(w for w in extra if w) in suffixes:
            best = other_text
            best_size = len(best.split())
    return best


def full_program(span: Span, programs: Sequence[Span], entry_name: str | None,
                 forms: NameForms | None = None, text: str | None = None) -> str:
    """'the Reserve' / 'Critical Minerals Ministerial' -> the longest programme name in the
    document that ends with the same words; a gazetteer programme keeps its canonical name."""
    text = span.text if text is None else text
    words = _words(text)
    best = entry_name or text
    best_size = len(best.split())
    for other_text, other_words in name_forms(programs) if forms is None else forms:
        if len(other_words) > best_size and other_words[-len(words):] == words:
            best = other_text
            best_size = len(best.split())
    return best
