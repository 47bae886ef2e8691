"""Agencies: canonical names, and the jurisdiction of a body named by pattern."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from extractor.nlp.extensions import sentence_index
from extractor.nlp.gazetteers import Gazetteer

_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")


# Words kept in lower case when a name written in capitals is put in title case.
_TITLE_JOINERS = frozenset({"of", "the", "and", "for", "on", "in", "to", "de", "del", "la", "du", "des"})


def clean_name(text: str) -> str:
    """A body's name as written, without a leading article or outer punctuation; a name
    written in capitals in a heading ("COUNCIL OF MINISTERS") in title case."""
    text = " ".join(text.split())
    text = _LEADING_ARTICLE.sub("", text)
    text = text.strip(" ,;:‘’“”'\"")
    words = text.split()
    if len(words) > 1 and text.isupper():
        text = " ".join(
            w.lower() if k and w.lower() in _TITLE_JOINERS else w[:1] + w[1:].lower()
            for k, w in enumerate(words))
    return text


def comparable_name(name: str) -> str:
    """The scorer's view of a name: case-folded, no 'the', no US prefix."""
    folded = clean_name(name).casefold()
    for prefix in ("u.s. ", "us ", "united states "):
        if folded.startswith(prefix):
            folded = folded[len(prefix) :]
    return folded


@dataclass
class AgencyIndex:
    """Gazetteer agencies by comparable name, for rule-made spans that name a known body."""

    by_name: dict[str, list[dict[str, Any]]]

    @classmethod
    def from_gazetteer(cls, gazetteer: Gazetteer) -> AgencyIndex:
        by_name: dict[str, list[dict[str, Any]]] = {}
        for entry in gazetteer.entries.values():
            if entry.label == "AGENCY":
                by_name.setdefault(comparable_name(entry.norm["name"]), []).append(entry.norm)
        return cls(by_name)

    def lookup(self, name: str, country: str | None) -> dict[str, Any] | None:
        found = self.by_name.get(comparable_name(name), [])
        for norm in found:
            if norm.get("country") == country:
                return norm
        if len(found) == 1 and country is None:
            return found[0]
        return None


def context_country(
    doc: Doc, span: Span, doc_countries: Counter[Any], countries: Sequence[Span] | None = None
) -> str | None:
    """The jurisdiction of a pattern-made agency: a possessive or nearby country, else the
    document's most frequent one. `countries` is the document's COUNTRY entities, when the
    caller has them (`doc.ents` builds every entity anew on each read)."""
    sentence_start, sentence_end = sentence_index(doc)[span.start]
    if countries is None:
        countries = [e for e in doc.ents if e.label_ == "COUNTRY"]
    before = [e for e in countries if sentence_start <= e.start and e.end <= span.start]
    if before:
        return str(before[-1]._.norm or _code(before[-1]))
    after = [e for e in countries if span.end <= e.start < sentence_end]
    if after and after[0].start - span.end <= 2:  # "Ministry of Mines of Zambia"
        return str(after[0]._.norm or _code(after[0]))
    if doc_countries:
        return str(doc_countries.most_common(1)[0][0])
    return None


def _code(span: Span) -> str:
    return span.kb_id_.rsplit(":", 1)[-1].split("|")[0]
