"""Deal records: who agreed what with whom, for how much, when, about which commodity.

Works without a parser, from sentences, token cues and the entities already found:

1. In each sentence, AGREEMENT mentions are grouped into coordinated lists ("letters of
   interest, investments, loans and other support"); a list of several financing kinds is
   one FINANCING deal, other kinds are one deal each, and "A or B" is one deal.
2. Each group needs an act: the nearest act verb before it (or after it, for the passive
   "an MoU was signed"), giving the status. Wishes, eligibility, hypotheticals and
   background references ("under the 2019 agreement") give no deal.
3. Parties: the coordinated actors before the act (lender, investor or party by kind),
   and the list after "with", "between", "to", "for" (borrower, recipient or party).
   Country words used as modifiers ("US-backed") are not parties.
4. Amount, date, count, commodities and programmes from the sentence; the amount may come
   from the next sentence ("The loan is worth ..."), the date from a preceding "On
   Tuesday, ..." sentence or from the event the text dates ("at the ministerial").

Records are set on `doc._.deals` as dicts in the `Deal` shape.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.nlp.extensions import (
    Entity,
    doc_text,
    entity_table,
    sentence_bounds,
    sentence_index,
    token_table,
)
from extractor.nlp.gazetteers import MODELS_DIR, load_pattern_data

PARTY_LABELS = frozenset({"COUNTRY", "AGENCY", "ORG"})
TITLE_HEADS = frozenset({"Minister", "President", "Secretary", "Prime", "Vice", "Deputy",
                         "Ambassador", "Commissioner", "Chancellor", "Governor", "King", "Crown"})
# Lower-case words after a country that keep it a noun ("Korea said", "Chile and Peru").
CLAUSE_WORDS = frozenset(["and", "or", "but", "to", "in", "on", "for", "with", "at", "of", "by", "from", "as", "is", "was", "are", "were", "has", "have", "had", "will", "would", "said", "says", "signed", "announced", "approved", "agreed", "concluded", "also", "jointly", "which", "that", "who", "government", "governments"])
GOVERNMENT_NOUNS = frozenset({"government", "governments", "agencies", "agency", "authorities",
                              "officials", "side", "ministries", "delegations", "delegation",
                              "institutions"})
# Words before "to" that make it part of an amount ("amounting to", "up to").
AMOUNT_LEADS = frozenset({"amounting", "up", "totalling", "totaling", "worth", "equivalent",
                          "close", "rising", "increased", "increase", "raising", "bringing"})
# Nouns that refer back to the last company or bank named ("the company had signed ...").
COREFERENT_NOUNS = {"company": "ORG", "group": "ORG", "miner": "ORG", "developer": "ORG",
                    "firm": "ORG", "producer": "ORG", "bank": "AGENCY", "corporation": "ORG", "board": "AGENCY",
                    "agency": "AGENCY", "lender": "AGENCY", "insurer": "AGENCY",
                    "mine": "ORG", "smelter": "ORG", "refiner": "ORG", "operator": "ORG"}
AUXILIARIES = frozenset({"has", "have", "had", "was", "were", "is", "are", "also", "jointly",
                         "formally", "officially", "today", "both", "all", "it", "they", "we",
                         "which", "who", "that", "and", "recently", "just", "yesterday", "now",
                         "successfully", "subsequently", "then", "finally", "reportedly"})
PASSIVE_GLUE = frozenset({"was", "were", "is", "are", "has", "have", "had", "been", "being", "also",
                          "formally", "officially", "jointly", "today", "successfully", "then"})
# Words that, before a lender-like name, mark a bank or finance body.
# The first word of a government body's name: it receives, where a bank or fund gives.
GOVERNMENT_BODY_HEADS = frozenset({"Ministry", "Department", "Government", "Cabinet", "Council", "Office",
                                   "Secretariat", "Presidency", "Treasury", "Federal", "State"})
LENDER_WORDS = frozenset({"Bank", "Banking", "Banca", "Banco", "Banque", "Capital", "Finance", "Financial", "Credit", "Fund",
                          "Investment", "Investments", "Lending"})
# Openings skipped when looking for a sentence's subject: datelines and time phrases.
CLAUSE_OPENERS = frozenset({"on", "the", "same", "day", "today", ",", "in", "also", "separately",
                            "meanwhile", "additionally", "earlier", "later", "this", "week", "month",
                            "year", "last", "at", "a", "ceremony", "-", "–", "—", "(", ")"})
# Lower-case words that cannot sit between the items of one list of instruments.
NON_ADJECTIVES = frozenset(["to", "for", "with", "in", "on", "at", "by", "from", "of", "that", "which", "who", "will", "would", "has", "have", "had", "is", "are", "was", "were", "be", "been", "signed", "approved", "announced", "agreed", "provided", "including", "under"])
LIST_GLUE = frozenset({",", "and", "or", "as", "well", "other", "new", "additional", "&", "/",
                       "related", "further", "various", "similar"})
PARTY_GLUE = frozenset({",", "and", "the", "&", "its", "their", "partner", "partners", "-", "as",
                        "well", "both", "(", ")", "“", "”", '"', "government", "governments"})
# Words inside an official's title and name between two signing countries.
OFFICIAL_GLUE = PARTY_GLUE | {"of", "for", "and", "'s", "’s", "his", "her", "counterpart"}
# Words before a participle that make it an adjective ("a closed loan", "the first signed
# contract", "newly signed agreements").
DETERMINERS = frozenset({"a", "an", "the", "its", "their", "this", "these", "those", "no", "any"})
PARTICIPLE_MODIFIERS = frozenset({"first", "second", "third", "last", "latest", "new", "previous",
                                  "earlier", "recent", "already", "other", "existing"})
# Words that make the participle after them an adjective: "a senior secured loan".
ADJECTIVAL_BEFORE = frozenset({"senior", "junior", "first-lien", "second-lien"})
# Act words too common to govern an instrument more than a few words away ("made clear
# that the agreement ...", but "have each made an additional equity investment").
WEAK_ACTS = frozenset({"made"})
# Acts whose subject receives the money ("Ghana has secured a loan from Afreximbank").
RECEIVING_VERBS = frozenset({"secured", "secures", "obtained", "obtains", "received", "receives",
                             "raised", "raises", "won", "wins", "clinched", "landed", "attracted",
                             "benefit", "benefits", "benefited", "benefitted"})
# Words between a party and a country that keep the country in the list ("Barrick and the
# Government of Mali").
STATE_NOUNS = frozenset({"government", "republic", "kingdom", "state", "federation", "sultanate",
                         "emirate", "principality", "of", "the", "people's", "democratic",
                         "federal", "islamic", "united"})
# Openings of a sentence that gives one part of a total just reported ("The second, of R$
# 420 million, goes to X").
ORDINAL_OPENINGS = ("the first", "the second", "the third", "the larger", "the smaller", "the largest",
                    "the remaining", "the other")
# "signature expected in June 2026": a date a table row looks ahead to, not its act's.
EXPECTED_WORDS = frozenset({"expected", "planned", "scheduled", "due", "targeted", "anticipated"})
# The key of the first dated occasion among a document's event dates.
OCCASION = "<occasion>"
# "The three institutions also signed": as many bodies as a sentence just before names.
GROUP_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
GROUP_NOUNS = frozenset({"institutions", "banks", "agencies", "companies", "partners", "parties",
                         "organisations", "organizations", "lenders", "firms", "entities", "bodies",
                         "corporations", "funds"})
# "the two governments", "both sides", "the Ministers" signed: the document's two countries.
PAIR_NOUNS = ("governments", "countries", "sides", "nations", "states", "ministers", "leaders",
              "presidents", "prime ministers", "heads of state", "delegations")
# Openings of a sentence that lists members of an aggregate just reported.
INCLUSION_OPENERS = ("among them", "among these", "among the", "they include", "these include",
                     "they included", "these included", "the agreements include", "the documents include")
# "an agreement to establish a joint venture"
FORMING_VERBS = frozenset({"establish", "form", "create", "set", "incorporate", "launch", "build"})
# Words by which a guarantee names the loan it covers.
COVER_WORDS = frozenset({"covering", "covers", "cover", "backing", "backs", "insuring", "securing", "on"})
# What an approval may authorize others to do ("approved ... to sign the MoU").
AUTHORIZED_ACTS = frozenset({"sign", "enter", "conclude", "award", "ratify", "execute", "negotiate"})
# Words between a cover word and the loan it covers, besides the amount.
COVERED_LOAN_GLUE = frozenset({"a", "an", "the", "their", "its", "all", "part", "of", "senior", "new", "bank",
                               "commercial", "term", "syndicated", "secured", "export", "credit", "up", "to"})
# Words of a time phrase between a passive act and its "by" ("signed last week by").
TIME_GLUE = frozenset({"on", "in", "at", "last", "this", "earlier", "today", "yesterday", "week", "month",
                       "formally", "jointly", "also", "unanimously", "the", "same", "day", "date"})
# Words around an amount right after an instrument ("of up to US$150 million").
AMOUNT_GLUE = frozenset({"of", "worth", "for", "up", "to", "totalling", "totaling", "about",
                         "around", "some", "nearly", "approximately", "more", "than"})
# Words that make "negotiations" an act: they were concluded.
COMPLETION_WORDS = frozenset({"completed", "concluded", "finalised", "finalized", "completion",
                              "conclusion", "wrapped", "closed", "successful", "successfully"})
# Words of buying and selling around a stake.
BUY_WORDS = frozenset({"acquire", "acquired", "acquiring", "acquisition", "buy", "bought", "buying",
                       "purchase", "purchased", "purchasing", "take", "took", "taking", "taken",
                       "subscribe", "subscribed", "subscribes"})
BOUGHT_WORDS = frozenset({"acquired", "bought", "purchased", "took", "taken", "subscribed"})
SELL_WORDS = frozenset({"sell", "sold", "selling", "sale", "divest", "divested", "divestment", "dispose"})
# Words after which "in" names the investee ("a 15% stake in X").
STAKE_WORDS = frozenset({"stake", "stakes", "interest", "shareholding", "equity", "shares"})
OBJECT_MARKERS = ("with", "between", "to", "for", "from", "in", "into", "including", "among",
                  "alongside")
NOT_ACT_DATE_LEADS = frozenset({"by", "until", "till", "through", "from", "since", "before",
                                "after", "to", "of", "over"})
# "X said (that) the company had signed": X reports the act, it is not its subject.
REPORTING_VERBS = frozenset({"said", "says", "noted", "confirmed", "added", "told"})
# Words before the name that opens a clause ("the Board of Directors of X, ..., approved").
SUBJECT_LEADS = frozenset({"the", "board", "boards", "of", "directors", "management", "executive",
                           "shareholders", "council", "government", "governments", "cabinet"})
# Units a price is quoted in ("$80 a tonne").
UNIT_WORDS = frozenset({"tonne", "ton", "share", "unit", "barrel", "pound", "ounce", "kilogram",
                        "lb", "kg", "oz"})
# Words that make a package's sources lenders.
DEBT_WORDS = frozenset({"loan", "loans", "tranche", "tranches", "facility", "facilities", "credit",
                        "debt", "bond", "bonds", "notes"})
# Verbs that open a list of a package's instruments ("The package comprises a loan ...").
PACKAGE_VERBS = frozenset({"comprises", "comprise", "includes", "include", "consists", "combines",
                           "covers", "made", "composed", "contains", "brings"})
# Lower-case words that carry on a programme's or facility's name after a kind word.
NAME_HEADS = frozenset({"scheme", "programme", "program", "facility", "fund", "initiative",
                        "window", "instrument", "mechanism", "platform", "policy"})
CONTINUATION_STARTS = frozenset({"the", "this", "it", "its", "that", "these", "each", "under"})


@dataclass(frozen=True)
class ActGuard:
    """When a word that can be an act is none, by the words around it (`act_guards` in
    deals.json): "the signing ceremony", "ready for signature", "subject to approval",
    "clears the way", "confirmed the memorandum" (a report, not "confirmed a loan of")."""

    not_after: frozenset[str] = frozenset()
    not_before: tuple[tuple[str, ...], ...] = ()
    only_before: frozenset[str] = frozenset()
    within_words: frozenset[str] = frozenset()
    within_tokens: int = 0

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ActGuard:
        within = data.get("within", {})
        return cls(frozenset(data.get("not_after", [])), tuple(tuple(p.split()) for p in data.get("not_before", [])),
                   frozenset(data.get("only_before", [])), frozenset(within.get("words", [])),
                   int(within.get("tokens", 0)))

    def blocks(self, lowers: Sequence[str], i: int, end: int) -> bool:
        """Whether the word at `i` (in a sentence ending at token `end`) is no act."""
        if self.not_after and i > 0 and lowers[i - 1] in self.not_after:
            return True
        if any(tuple(lowers[i + 1 : i + 1 + len(words)]) == words for words in self.not_before):
            return True
        if self.only_before and (i + 1 >= end or lowers[i + 1] not in self.only_before):
            return True
        return bool(self.within_words) and self.within_words.isdisjoint(lowers[i + 1 : min(end, i + 1 + self.within_tokens)])


@dataclass
class DealCues:
    verbs: dict[str, str]
    phrases: dict[str, str]
    not_a_deal: tuple[str, ...]
    background_before: tuple[str, ...]
    venue_before: tuple[str, ...]
    financing_kinds: frozenset[str]
    debt_kinds: frozenset[str]
    offer_kinds: frozenset[str]
    event_words: frozenset[str]
    count_words: dict[str, int | None]
    act_guards: dict[str, ActGuard] = field(default_factory=dict)
    not_a_deal_pattern: re.Pattern[str] = field(default_factory=lambda: re.compile(r"(?!)"))

    def __post_init__(self) -> None:
        # one search per window instead of one substring test per cue
        cues = sorted({cue.strip() for cue in self.not_a_deal if cue.strip()}, key=len, reverse=True)
        if cues:
            self.not_a_deal_pattern = re.compile(" (?:" + "|".join(re.escape(c) for c in cues) + ") ")

    @classmethod
    def load(cls, path: Path) -> DealCues:
        data = json.loads(path.read_text(encoding="utf-8"))
        verbs: dict[str, str] = {}
        phrases: dict[str, str] = dict(data.get("negated_status_words", {}))
        for status, words in data["act_verbs"].items():
            for word in words:
                if " " in word:
                    phrases[word] = status
                else:
                    verbs[word] = status
        return cls(
            verbs=verbs,
            phrases=phrases,
            not_a_deal=tuple(data.get("not_a_deal", [])),
            background_before=tuple(data.get("background_before", [])),
            venue_before=tuple(data.get("venue_before", [])),
            financing_kinds=frozenset(data.get("financing_kinds", [])),
            debt_kinds=frozenset(data.get("debt_kinds", [])),
            offer_kinds=frozenset(data.get("offer_kinds", [])),
            event_words=frozenset(data.get("event_words", [])),
            count_words=dict(data.get("count_words", {})),
            act_guards={word: ActGuard.from_data(guard) for word, guard in data.get("act_guards", {}).items()},
        )


BASE_FORMS = frozenset({"approve", "invest", "provide", "fund", "finance", "lend", "guarantee",
                        "supply", "purchase", "acquire", "sign", "award", "extend", "issue",
                        "insure", "underwrite", "grant", "contribute", "deploy", "mobilise",
                        "mobilize", "make", "buy", "back", "support", "administer", "benefit"})
# Acts named by a noun: "the approval by X of a loan" (a "by" after them names the agent of
# the instrument that follows, not of one before).
NOMINAL_ACTS = frozenset({"approval", "signing", "signature"})
# Verbs that deny what the clause after "that" reports.
DENIAL_VERBS = frozenset({"denied", "denies", "deny", "dismissed", "dismisses", "rejected", "rejects", "refuted"})
# Verbs that report a loan without naming the instrument ("will lend EUR 180 million").
LENDING_VERBS = frozenset({"lend", "lends", "lent"})
# ... or a grant ("awarded SEK 1.2 billion to X").
AWARD_VERBS = frozenset({"awarded", "awards"})
# What to find in the text for those verbs and for holdings ("a 20% interest", "shares").
KINDLESS_CUES = ("invest", "lend", "lent", "award", "stake", "interest", "share")
# Verbs that make a following "would invest" an announcement, not a hypothetical.
ANNOUNCING_VERBS = REPORTING_VERBS | {"announced", "stated", "disclosed"}
# "said it would", "announced that they will", "told the ceremony that the fund would take a
# 15% stake": a reported announcement, not a hypothetical
REPORTED_FUTURE = re.compile(rf" (?:{'|'.join(sorted(ANNOUNCING_VERBS))})\b[^.;]{{0,60}}? (?:would|will) ")
DECISION_VERBS = {"decided": "approved", "voted": "approved", "resolved": "approved",
                  "agreed": "signed", "committed": "approved", "pledged": "announced",
                  "announced": "announced"}
GUARANTEE_VERBS = frozenset({"guaranteed", "guarantees", "guarantee", "insured", "insures",
                             "underwritten", "underwrote", "underwrites", "covers", "covered"})


@dataclass
class Act:
    start: int  # token index
    end: int
    status: str
    guarantees: bool = False


@dataclass
class Draft:
    kind: str
    mentions: list[Span]
    act: Act
    sentence: Span
    parties: list[dict[str, str]] = field(default_factory=list)
    evidence: list[int] = field(default_factory=list)
    stake: bool = False  # a stake bought: "from" names the seller, who receives the money


def _ents(sentence: Span, labels: Iterable[str]) -> list[Span]:
    """The sentence's entities with these labels (`Span.ents` scans the whole document, so
    each sentence's list is computed once per document)."""
    doc = sentence.doc
    by_sentence = doc.user_data.get("sentence_ents")
    if by_sentence is None:
        _doc_ents(doc)
        by_sentence = doc.user_data["sentence_ents"]
    # the rules ask each sentence for the same few label sets many times: one label's
    # entities are kept by label, a set's once per set
    answers = doc.user_data["sentence_ents_by_label"]
    start = sentence.start
    by_label = answers.get(start)
    if by_label is None:
        by_label = answers[start] = {}
        for ent in by_sentence.get(start, ()):
            by_label.setdefault(ent.label_, []).append(ent)
    if isinstance(labels, list) and len(labels) == 1:
        return list(by_label.get(labels[0], ()))
    key = labels if isinstance(labels, frozenset) else tuple(labels)
    found = by_label.get(key)
    if found is None:
        wanted = set(labels)
        found = by_label[key] = [e for e in by_sentence.get(start, ()) if e.label_ in wanted]
    return list(found)


class Sentences(Sequence[Span]):
    """The document's sentences, each a `Span` built only when a rule asks for it (most
    sentences report no deal and are never looked at); where they start, as lists."""

    __slots__ = ("_spans", "bounds", "doc", "start_chars", "starts")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.bounds = sentence_bounds(doc)
        self.starts = [start for start, _ in self.bounds]
        idx = token_table(doc).idx
        self.start_chars = [idx[start] for start in self.starts]
        self._spans: list[Span | None] = [None] * len(self.bounds)

    def __len__(self) -> int:
        return len(self.bounds)

    def containing(self, words: Sequence[str]) -> list[int]:
        """Positions of the sentences any of these words occurs in, in order (found in the
        whole text at once: most rules look at only a few sentences)."""
        return sorted({bisect_right(self.start_chars, offset) - 1 for offset in _word_offsets(self.doc, words)})

    @overload
    def __getitem__(self, index: int) -> Span: ...

    @overload
    def __getitem__(self, index: slice) -> list[Span]: ...

    def __getitem__(self, index: int | slice) -> Span | list[Span]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self.bounds)))]
        span = self._spans[index]
        if span is None:
            start, end = self.bounds[index]
            span = self._spans[index] = Span(self.doc, start, end)
        return span


def _doc_ents(doc: Doc) -> list[Entity]:
    """The document's final entities (the shared `entity_table`), and once per document each
    sentence's entities, by the sentence's first token."""
    ents = entity_table(doc)
    if "sentence_ents" not in doc.user_data:
        by_sentence: dict[int, list[Entity]] = {}
        bounds = sentence_index(doc)
        for ent in ents:
            by_sentence.setdefault(bounds[ent.start][0], []).append(ent)
        doc.user_data["sentence_ents"] = by_sentence
        doc.user_data["sentence_ents_by_label"] = {}
    return ents


def _date_ents(doc: Doc) -> tuple[list[Entity], list[int]]:
    """The document's DATE entities in order, and their first tokens (to bisect)."""
    found = doc.user_data.get("deal_dates")
    if found is None:
        dates = [e for e in _doc_ents(doc) if e.label_ == "DATE"]
        found = doc.user_data["deal_dates"] = (dates, [e.start for e in dates])
    return found


def _ent_labels(doc: Doc) -> list[str]:
    """Each token's entity label ("" outside entities), as `token.ent_type_` gives it,
    built once from the final entities so the rules need no `Token` objects."""
    labels = doc.user_data.get("deal_ent_labels")
    if labels is None or len(labels) != len(doc):
        labels = [""] * len(doc)
        for ent in _doc_ents(doc):
            labels[ent.start : ent.end] = [ent.label_] * (ent.end - ent.start)
        doc.user_data["deal_ent_labels"] = labels
    return labels


def _party_name(ent: Span) -> str:
    """A party's norm as a deal gives it: an agency's name, else the entity's norm."""
    norm = ent._.norm
    return str(norm.get("name") if isinstance(norm, dict) else norm)


def _kindless_kind(word: str) -> str | None:
    """The kind of deal a verb reports without naming an instrument: "will invest
    US$1.2 billion", "will lend EUR 180 million", "awarded SEK 1.2 billion to X"."""
    if word.startswith("invest"):
        return "INVESTMENT"
    if word in LENDING_VERBS:
        return "LOAN"
    return "GRANT" if word in AWARD_VERBS else None


def _lower_window(doc: Doc, start: int, end: int) -> str:
    return " " + " ".join(token_table(doc).lower[max(0, start) : max(0, end)]) + " "


class EventDates:
    """The occasions a document dates (`DealExtractor._event_dates`), found on first use:
    only deals without a date of their own ask."""

    __slots__ = ("_dates", "_find")

    def __init__(self, find: Callable[[], dict[str, str]]) -> None:
        self._find = find
        self._dates: dict[str, str] | None = None

    def get(self, key: str) -> str | None:
        if self._dates is None:
            self._dates = self._find()
        return self._dates.get(key)


class DealExtractor:
    def __init__(self, nlp: Language, name: str, models_dir: str) -> None:
        self.name = name
        root = Path(models_dir) if models_dir else MODELS_DIR
        self.cues = DealCues.load(root / "patterns" / "deals.json")
        # wires whose name heads a story ("(AFP)"): never the company a text is about
        self.news_agencies = frozenset(load_pattern_data("org_suffixes", root).get("news_agencies", []))
        # every word an act can begin with (`_find_acts` looks only at these)
        self.background_cues = tuple((cue, f" {cue} ") for cue in self.cues.background_before)
        self.act_words = frozenset({*self.cues.verbs, *(p.split()[0] for p in self.cues.phrases),
                                    *BASE_FORMS, "negotiations"})

    # -- acts -------------------------------------------------------------------------
    def _acts(self, sentence: Span) -> list[Act]:
        """The sentence's act words, found once per sentence (several rules ask again)."""
        cache = sentence.doc.user_data.setdefault("deal_acts", {})
        key = (sentence.start, sentence.end)
        if key not in cache:
            cache[key] = self._find_acts(sentence)
        return list(cache[key])

    def _find_acts(self, sentence: Span) -> list[Act]:
        table = token_table(sentence.doc)
        text, lowers, n = table.text, table.lower, len(table)
        acts: list[Act] = []
        words, guards = self.act_words, self.cues.act_guards
        # most tokens cannot begin an act: a set lookup skips them
        for i in [i for i in range(sentence.start, sentence.end) if lowers[i] in words]:
            if acts and i < acts[-1].end:
                continue  # inside a two-word act ("completed negotiations")
            if i > 0 and text[i - 1] in ("-", "–") and not table.space[i - 1]:
                continue  # "US-backed": part of a compound adjective
            if i > 0 and lowers[i - 1] in ADJECTIVAL_BEFORE:
                continue  # "a senior secured credit agreement"
            lower = lowers[i]
            following = lowers[i + 1] if i + 1 < n else ""
            phrase = f"{lower} {following}"
            guard = guards.get(lower)
            if phrase in ("provided that", "providing that") or (
                    guard is not None and guard.blocks(lowers, i, sentence.end)):
                continue  # "told the signing ceremony that ...", "subject to approval": no act
            if phrase in self.cues.phrases:
                acts.append(Act(i, i + 2, self.cues.phrases[phrase]))
            elif lower == "negotiations" and not any(
                    w in COMPLETION_WORDS for w in lowers[max(sentence.start, i - 4) : min(sentence.end, i + 5)]):
                continue  # "Negotiations on the agreement began in March": not concluded
            elif lower in self.cues.verbs and (not text[i][:1].isupper() or i == sentence.start):
                acts.append(Act(i, i + 1, self.cues.verbs[lower],
                                guarantees=lower in GUARANTEE_VERBS))
            elif lower in BASE_FORMS and i >= 1:
                # "will guarantee", "voted on Tuesday to approve", "decided to invest"
                back = lowers[max(sentence.start, i - 5) : i]
                if (back and back[-1] in ("will", "shall")) or (len(back) >= 2 and back[-2] == "will"):
                    acts.append(Act(i, i + 1, "announced", guarantees=lower in GUARANTEE_VERBS))
                elif back and back[-1] == "would" and any(
                        w in ANNOUNCING_VERBS for w in lowers[max(sentence.start, i - 6) : i - 1]):
                    # "announced that it would invest up to $50 million in X"
                    acts.append(Act(i, i + 1, "announced", guarantees=lower in GUARANTEE_VERBS))
                elif back and back[-1] == "to" and any(w in DECISION_VERBS for w in back[:-1]):
                    status = next(DECISION_VERBS[w] for w in back[:-1] if w in DECISION_VERBS)
                    acts.append(Act(i, i + 1, status, guarantees=lower in GUARANTEE_VERBS))
        return acts

    def _negated(self, doc: Doc, sentence: Span, act: Act, first_mention: Span) -> bool:
        """A wish, plan or hypothetical governs the act ("seeks to sign", "could approve")."""
        start = max(sentence.start, min(act.start, first_mention.start) - 6)
        lower = token_table(doc).lower
        before_act = lower[sentence.start : act.start]
        if not DENIAL_VERBS.isdisjoint(before_act):
            denial = next(k for k, w in enumerate(before_act) if w in DENIAL_VERBS)
            if "that" in before_act[denial:]:
                return True  # "The ministry denied reports that La Paz had agreed a framework"
        if act.start >= 2 and lower[act.start - 1] == "to" and lower[act.start - 2] in ("and", "or", ","):
            # "hoped to file an application and to sign an offtake agreement": the
            # infinitive shares the wish of the verb it is joined to
            start = max(sentence.start, act.start - 25)
        # ... up to the instrument when the act comes first ("agreed to launch a joint
        # feasibility study on an economic partnership agreement")
        end = max(act.end, first_mention.start)
        window = _lower_window(doc, start, end)
        if " may " in window:  # the month ("signed on 13 May 2026") is no modal
            labels = _ent_labels(doc)
            window = " " + " ".join("<date>" if labels[i] == "DATE" else w
                                    for i, w in enumerate(token_table(doc).lower[start:end], start)) + " "
        if " would " in window and REPORTED_FUTURE.search(_lower_window(doc, sentence.start, end)):
            window = window.replace(" would ", " will ")  # a reported announcement
        return self.cues.not_a_deal_pattern.search(window) is not None

    def _background(self, doc: Doc, mention: Span, reference_year: int | None) -> bool:
        window = _lower_window(doc, mention.start - 6, mention.start)
        cues = [cue for cue, padded in self.background_cues if padded in window]
        if cues and not (all(cue in ("under a", "under an") for cue in cues) and self._told_after(doc, mention)):
            return True
        start = _name_start(doc, mention)
        dates, starts = _date_ents(doc)
        for ent in dates[bisect_left(starts, start - 4) : bisect_left(starts, mention.start)]:
            year = str(ent.norm or "")[:4]
            if reference_year and year.isdigit() and int(year) < reference_year - 1:
                return True  # "the 2019 U.S.-Japan Trade Agreement"
        return False

    def _told_after(self, doc: Doc, mention: Span) -> bool:
        """'under an offtake agreement that SBNPC signed in January', 'under an offtake
        agreement signed with MCA in December': the clause after reports the signing."""
        lower = token_table(doc).lower
        following = lower[mention.end : min(len(lower), mention.end + 4)]
        if following and following[0] in self.cues.verbs:
            return True
        return bool(following) and following[0] in ("that", "which") and any(
            word in self.cues.verbs for word in lower[mention.end + 1 : min(len(lower), mention.end + 10)])

    # -- grouping ---------------------------------------------------------------------
    def _groups(self, doc: Doc, mentions: Sequence[Span]) -> list[list[Span]]:
        groups: list[list[Span]] = []
        table = token_table(doc)
        lower = table.lower
        for mention in mentions:
            if groups:
                previous = groups[-1][-1]
                between = range(previous.end, mention.start)
                words = lower[previous.end : mention.start]
                listed = all(w in LIST_GLUE for w in words) or (
                    len(words) <= 5 and any(w in (",", "and", "or") for w in words)
                    and all(lower[i] in LIST_GLUE or (table.is_alpha[i] and table.is_lower[i]
                                                      and lower[i] not in NON_ADJECTIVES)
                            for i in between)
                )  # "agreements, financing commitments and new institutional frameworks"
                if listed:
                    groups[-1].append(mention)
                    continue
            groups.append([mention])
        return groups

    def _split_kinds(self, doc: Doc, group: list[Span]) -> list[tuple[str, list[Span]]]:
        """One deal per kind in a list, several financing kinds folded into FINANCING, and
        'A or B' one deal of A's kind."""
        lower = token_table(doc).lower
        alternatives = any("or" in lower[m.end : m.end + 2] for m in group[:-1])
        if alternatives:
            return [(str(group[0]._.norm), group)]
        kinds = {str(m._.norm) for m in group}
        if len(kinds) > 1 and not kinds & self.cues.financing_kinds and self._counted(doc, group[0]):
            # "signed 23 agreements and memoranda of understanding": one aggregate
            return [("AGREEMENT", group)]
        group = [m for k, m in enumerate(group)
                 if not (k and m._.norm == "AGREEMENT" and m.start == group[k - 1].end)]  # "loan agreement"
        # "co-financing loans", "financing agreement": a FINANCING word right before another
        # instrument only describes it
        group = [m for k, m in enumerate(group)
                 if not (m._.norm == "FINANCING" and k + 1 < len(group) and group[k + 1].start == m.end)]
        financing = [m for m in group if m._.norm in self.cues.financing_kinds]
        others = [m for m in group if m._.norm not in self.cues.financing_kinds]
        result: list[tuple[str, list[Span]]] = []
        kinds = {str(m._.norm) for m in financing}
        if len(kinds) > 1:
            result.append(("FINANCING", financing))
        elif financing:
            result.append((kinds.pop(), financing))
        seen: set[str] = set()
        for mention in others:
            kind = str(mention._.norm)
            if kind not in seen:
                seen.add(kind)
                result.append((kind, [mention]))
        result.sort(key=lambda item: item[1][0].start)
        return result

    # -- parties ----------------------------------------------------------------------
    def _is_modifier(self, doc: Doc, ent: Span) -> bool:
        """Not a party: 'US-backed', 'Korean cathode maker', 'Chilean state miner', 'DOE's
        Loan Programs Office' (the possessor), and a source in brackets '(Reuters)'."""
        known = doc.user_data.setdefault("deal_modifiers", {})
        key = (ent.start, ent.end)
        if key not in known:
            known[key] = self._find_modifier(doc, ent)
        return known[key]

    def _find_modifier(self, doc: Doc, ent: Span) -> bool:
        table = token_table(doc)
        text, n, after = table.text, len(table.text), ent.end
        if ent.start > 0 and after < n and text[ent.start - 1] == "(" and text[after] == ")":
            return True
        if ent.start > 0 and after < n and text[ent.start - 1] in ("(", ",", ";") and text[after] == ":":
            return True  # a ticker: "(TSX: LGI)", "(ASX: CVV, ...)"
        if ent.label_ == "COUNTRY" and self._agency_jurisdiction(doc, ent):
            return True  # "the Ministry of Environment of Rwanda": the ministry's country
        if after >= n:
            return False
        if text[after] in ("'s", "’s"):
            following = after + 1 if after + 1 < n else None
            if following is not None and text[following] == "(" and ")" in text[following : following + 4]:
                # "the U.S. Department of Energy's (DOE) Loan Programs Office": past the acronym
                following += text[following : following + 4].index(")") + 1
                following = following if following < n else None
            if ent.label_ == "COUNTRY" and following is not None and text[following] in TITLE_HEADS:
                return False  # "Japan's Minister of Economy ... signed": the country signs
            if ent.label_ == "COUNTRY" and following is not None and table.lower[following] in (
                    "government", "administration", "cabinet"):
                return False  # "Papua New Guinea's government and X signed": the country signs
            return (following is not None and _ent_labels(doc)[following] in ("AGENCY", "ORG", "PERSON")) \
                or ent.label_ == "COUNTRY"
        if text[after] in ("-", "–") and not table.space[after - 1]:
            return True  # "US-backed", "EU-Greenland high-level dialogue"
        if ent.label_ != "COUNTRY":
            return False
        if text[after][:1].isupper() and table.is_alpha[after]:
            # "Mongolian Minister ... signed": the country of a signing official is a party
            return _ent_labels(doc)[after] in ("AGENCY", "ORG") and text[after] not in TITLE_HEADS
        lower = table.lower[after]
        if lower in GOVERNMENT_NOUNS or lower in ("counterpart", "counterparts"):
            return False  # "American and Australian agencies have put ..."
        return table.is_alpha[after] and table.is_lower[after] and lower not in CLAUSE_WORDS \
            and lower not in AUXILIARIES and lower not in self.cues.verbs

    def _party_list(self, doc: Doc, ents: list[Span], start: int, stop: int) -> list[Span]:
        """The coordinated party entities from `start`, until a word that ends the list."""
        found: list[Span] = []
        index = start
        pending = [e for e in ents if start <= e.start < stop]
        table, labels = token_table(doc), _ent_labels(doc)
        lower, text = table.lower, table.text
        while pending:
            ent = pending[0]
            between = range(index, ent.start)
            if found and 0 < len(between) <= 9 and text[between[-1]] == "," and "and" in lower[index : ent.start] \
                    and all(table.is_lower[i] or table.like_num[i] or table.is_punct[i] or labels[i] in PARTY_LABELS
                            for i in between):
                pass  # "..., JBIC and two commercial banks, BDO Unibank and Mizuho Bank"
            elif found and not all(
                lower[i] in PARTY_GLUE or (i > 0 and text[i - 1] == "-") or table.is_space[i]
                or labels[i] in PARTY_LABELS  # "the U.S. Geological Survey (USGS) and ..."
                or text[i] in ("'s", "’s")  # "and Chile's ENAMI"
                # "between the Ministry of Economy, Trade and Industry of Japan and the ...":
                # the first body's jurisdiction
                or (lower[i] == "of" and labels[i + 1 if lower[i + 1] != "the" else i + 2] == "COUNTRY")
                for i in between
            ):
                break
            words = lower[index : ent.start]
            if not found and not (words and ent.label_ == "COUNTRY" and all(w in STATE_NOUNS for w in words)) \
                    and (len(between) > 6 or any(w in NON_ADJECTIVES or w in OBJECT_MARKERS for w in words)):
                break  # "to build a refinery in Finland", not "between the State of Senegal and ..."
            if found and ent.label_ == "COUNTRY" and (not between or (
                    (lower[ent.start - 1] == "of" or lower[ent.start - 2 : ent.start] == ["of", "the"])
                    and all(lower[i] in ("of", "the", "(", ")") or labels[i] in PARTY_LABELS for i in between))):
                # "HSBC UK": the country is part of the company's name; "Hanwa Co., Ltd. of
                # Japan": the company's country
                index = ent.end
                pending = pending[1:]
                continue
            found.append(ent)
            index = ent.end
            pending = pending[1:]
        return found

    def _subjects(self, doc: Doc, sentence: Span, act: Act, previous_act_end: int) -> list[Span]:
        table = token_table(doc)
        lower = table.lower
        ents = [e for e in _ents(sentence, PARTY_LABELS)
                if previous_act_end <= e.start and e.end <= act.start and not self._is_modifier(doc, e)
                # "In Sweden, the fund is providing ...": a place, not the subject
                and not (e.label_ == "COUNTRY" and e.start > 0 and lower[e.start - 1] == "in"
                         and e.end < len(lower) and lower[e.end] == ",")]
        opening = self._clause_start(doc, sentence, previous_act_end)
        ents = [e for e in ents if e.start >= opening]  # not the dateline's city or country
        # "IREL (India) Limited, a Public Sector Undertaking under the Department of Atomic
        # Energy, and Westgate signed": a body named inside a description of another
        described = [range(e.end, close) for e in ents
                     if e.end < act.start and lower[e.end] == "," and (close := _appositive_end(doc, e.end, act.start))]
        ents = [e for e in ents if not any(e.start in r for r in described)]
        coreferent = self._coreferent(doc, sentence, opening, act.start)
        if not ents:
            if coreferent is not None:
                return [coreferent]
            return self._counted_group(doc, sentence, opening, act.start) or \
                self._pair_of_countries(doc, sentence, opening, act.start) or \
                self._leaders_government(doc, sentence, opening, act.start)
        labels = _ent_labels(doc)
        # "that" after a name is a relative clause ("Codelco (“Codelco”) that holds the
        # rights"), elsewhere it reports ("wishes to inform the public that X signed")
        lower, text = table.lower, table.text
        markers = [i for i in range(ents[0].end, act.start) if lower[i] in REPORTING_VERBS or (
            lower[i] == "that" and text[i - 1] not in (")", "”", '"') and not labels[i - 1])]
        reported = bool(markers)
        if reported:
            # "Anglo American announces that Anglo American Quellaveco S.A. (“Quellaveco”),
            # the company that owns ..., signed": the reported clause opens on its subject
            marker = markers[0]
            if table.lower[marker] == "told":  # "told Xinhua that the bank has agreed"
                that = [i for i in range(marker, act.start) if lower[i] == "that"]
                marker = that[0] if that else marker
            reported_ents = [e for e in ents if e.start > marker]
            lower = table.lower
            if reported_ents and (reported_ents[0].start <= marker + 2 or all(
                    w in STATE_NOUNS for w in lower[marker + 1 : reported_ents[0].start])):
                # "announced that the Government of Canada is providing ..."
                return self._coordinated(doc, reported_ents, 0)
            if marker != markers[0]:
                coreferent = self._coreferent(doc, sentence, marker, act.start)
                return [coreferent] if coreferent is not None else []
        leads = table.lower[opening : ents[0].start]
        first = ents[0].start
        if coreferent is not None and not reported and first - 3 >= sentence.start and first - 2 >= opening \
                and table.lower[first - 1] == "and" and table.lower[first - 2] in COREFERENT_NOUNS \
                and table.lower[first - 3] in ("the", "its") and coreferent.end <= first - 3:
            # "the Company and Stellantis signed": the issuer and the body named (in a
            # financing, the issuer is who receives: "the Company and Samil entered into a
            # subscription agreement")
            doc.user_data.setdefault("deal_issuer_subjects", set()).add((act.start, coreferent.start))
            return [coreferent, *self._coordinated(doc, ents, 0)]
        if (ents[0].start <= opening + 1 or all(word in SUBJECT_LEADS for word in leads)) and not reported:
            # "KfW, acting on behalf of the German Government, signed": the clause's subject
            return self._coordinated(doc, ents, 0)
        if reported and coreferent is not None and coreferent.start > ents[-1].end:
            return [coreferent]  # "X said the company had signed ..."
        if reported and any(w in ("it", "they") for w in lower[ents[-1].end : act.start]):
            return self._coordinated(doc, ents, 0)  # "NWF ... said on Monday it had agreed"
        return self._coordinated(doc, ents, len(ents) - 1, backwards=True)

    def _add_co_lenders(self, doc: Doc, sentences: Sentences, deals: list[dict[str, Any]]) -> None:
        """'The loan is co-financed with MUFG Bank, Mizuho Bank and SMBC': lenders named in a
        sentence that refers back to the debt deal just reported."""
        debt = [d for d in deals if d["kind"] in self.cues.debt_kinds or d["kind"] == "FINANCING"]
        if not debt:
            return
        for sentence in (sentences[k] for k in sentences.containing(CO_LENDING_CUES)):
            lower = _span_text(sentence).lower()
            if not any(cue in lower for cue in CO_LENDING_CUES):
                continue
            before = [d for d in debt if d["evidence"][1] <= sentence.start_char]
            if not before or not lower.lstrip().startswith(("the loan", "the financing", "the facility")):
                continue
            target = before[-1]
            known = {p["norm"] for p in target["parties"]}
            for ent in _ents(sentence, ["ORG", "AGENCY"]):
                party = self._party("lender", ent)
                if party["norm"] not in known:
                    target["parties"].append(party)
                    known.add(party["norm"])

    def _counted_group(self, doc: Doc, sentence: Span, start: int, end: int) -> list[Span]:
        """'The three institutions also signed': the three bodies a sentence just before names."""
        lower = token_table(doc).lower
        count = next((GROUP_COUNTS[lower[i]] for i in range(max(start, sentence.start + 1), min(end, len(lower)) - 1)
                      if lower[i] in GROUP_COUNTS and lower[i + 1] in GROUP_NOUNS
                      and lower[i - 1] in ("the", "these", "all")), None)
        if count is None:
            return []
        bounds = sentence_bounds(doc)
        position = bisect_right([b[0] for b in bounds], sentence.start) - 1
        for earlier in range(position - 1, max(-1, position - 3), -1):
            first, last = bounds[earlier]
            named: dict[str, Span] = {}
            for ent in _ents(doc[first:last], ["ORG", "AGENCY"]):
                named.setdefault(str(self._party("", ent)["norm"]), ent)
            if len(named) == count:
                return list(named.values())
        return []

    @staticmethod
    def _signers_stand_for_countries(doc: Doc, sentence: Span, act: Act) -> bool:
        """'The two Ministers signed', 'the leaders signed': people standing for countries."""
        window = " " + " ".join(token_table(doc).lower[sentence.start : act.start]) + " "
        return any(f" {noun} " in window for noun in PAIR_NOUNS if noun not in ("countries", "governments", "states"))

    def _pair_between(self, doc: Doc, sentence: Span) -> list[Span]:
        """'(iv) Memorandum of Understanding on ... between the two Governments.': the two
        countries the document names most."""
        lower = token_table(doc).lower
        for i in range(sentence.start, sentence.end - 3):
            if lower[i] == "between" and lower[i + 1] == "the" and lower[i + 2] in ("two", "both") \
                    and lower[i + 3] in ("governments", "countries", "sides", "states"):
                return self._pair_of_countries(doc, sentence, i, sentence.end)
        return []

    def _pair_of_countries(self, doc: Doc, sentence: Span, start: int, end: int) -> list[Span]:
        """'the two governments signed': the two countries the document names most."""
        lower = token_table(doc).lower
        window = " " + " ".join(lower[sentence.start : min(end, len(lower))]) + " "
        if not any(f" {lead} {noun} " in window for lead in ("the two", "both", "the")
                   for noun in PAIR_NOUNS if lead != "the" or noun not in ("states", "countries", "nations")):
            return []
        counts = Counter(str(e._.norm) for e in _doc_ents(doc) if e.label_ == "COUNTRY")
        top = [code for code, _ in counts.most_common(2)]
        firsts: dict[str, Span] = {}
        for ent in _doc_ents(doc):
            if ent.label_ == "COUNTRY" and str(ent._.norm) in top and str(ent._.norm) not in firsts:
                firsts[str(ent._.norm)] = ent
        return list(firsts.values()) if len(firsts) == 2 else []

    def _leaders_government(self, doc: Doc, sentence: Span, start: int, end: int) -> list[Span]:
        """'The Albanese Government has signed', 'the Trump administration approved': the
        country the document is about (the one it names most)."""
        lower, text = token_table(doc).lower, token_table(doc).text
        found = any(lower[i] in ("government", "administration") and text[i - 1][:1].isupper()
                    and lower[i - 2] == "the" for i in range(max(start - 2, sentence.start + 2), end))
        if not found:
            return []
        countries = [e for e in _doc_ents(doc) if e.label_ == "COUNTRY"]
        if not countries:
            return []
        top, _ = Counter(str(e._.norm) for e in countries).most_common(1)[0]
        return [next(e for e in countries if str(e._.norm) == top)]

    def _coreferent(self, doc: Doc, sentence: Span, start: int, end: int) -> Span | None:
        """'the company', 'the bank' before the act: the last such body named earlier."""
        lower = token_table(doc).lower
        for i in range(max(start, sentence.start), min(end, len(lower))):
            label = COREFERENT_NOUNS.get(lower[i])
            if label is None or i == 0 or (lower[i - 1] not in ("the", "its") and lower[i - 2 : i] != ["the", "same"]):
                continue
            earlier = [e for e in _doc_ents(doc) if e.end <= i - 1
                       and e.label_ in (label, "ORG" if label == "AGENCY" else label)
                       and not self._is_modifier(doc, e)]
            if label == "AGENCY":
                earlier = [e for e in earlier if e.label_ == "AGENCY" or "Bank" in e.text]
            if lower[i] == "board" or (label == "AGENCY" and token_table(doc).text[i][:1].isupper()):
                if i + 1 < len(lower) and lower[i + 1] == "of":
                    continue  # "the Board of the NAIF": the body is named
                # a release's "the Board", "the Bank" is its issuer: the body it names most so
                # far (a lower-case "the bank" is the last one named)
                counts = Counter(self._party("", e)["norm"] for e in earlier)
                if counts:
                    top = max(counts.values())
                    return next(e for e in earlier if counts[self._party("", e)["norm"]] == top)
                continue
            defined = self._defined_as(doc, lower[i], earlier)
            if defined is not None:
                return defined  # Atlas Cobalt Minerals S.A. (“Atlas Cobalt” or “the Group”)
            if token_table(doc).text[i] == "Company" and lower[i - 1] == "the":
                # a filing's or release's "the Company" is its issuer, named first
                bounds = sentence_index(doc)
                issuer = next((e for e in earlier if e.label_ == "ORG" and str(e.norm) not in self.news_agencies
                               and not _is_title(doc[slice(*bounds[e.start])])), None)
                if issuer is not None:
                    return issuer
            if earlier:
                return earlier[-1]
        return None

    @staticmethod
    def _defined_as(doc: Doc, noun: str, candidates: Sequence[Span]) -> Span | None:
        """The body whose bracketed definition names it "the <noun>"."""
        text = doc_text(doc)
        for ent in candidates:
            bracket = text[ent.end_char : ent.end_char + 80]
            if bracket.lstrip().startswith("(") and re.search(
                    rf"[“\"]the {noun}[”\"]|\bthe [“\"]{noun}[”\"]", bracket.split(")")[0], flags=re.IGNORECASE):
                return ent
        return None

    def _clause_start(self, doc: Doc, sentence: Span, start: int) -> int:
        """First token of the clause after a dateline ("WASHINGTON, Feb. 10, 2026 –") and
        opening time phrases ("On the same day,")."""
        table = token_table(doc)
        lower, is_space, labels = table.lower, table.is_space, _ent_labels(doc)
        index = max(start, sentence.start)
        index = _dateline_end(doc, index, sentence.end) or index  # a dateline ends at its dash
        while index < sentence.end and (lower[index] in CLAUSE_OPENERS or is_space[index]
                                         or labels[index] == "DATE"):
            index += 1
        return index

    def _coordinated(self, doc: Doc, ents: list[Span], anchor: int, backwards: bool = False) -> list[Span]:
        """The entity at `anchor` and those joined to it by 'and', commas or an alias in brackets."""
        chosen = [ents[anchor]]

        table, labels = token_table(doc), _ent_labels(doc)
        text, lower = table.text, table.lower

        def joined(left: Span, right: Span) -> bool:
            close = _appositive_end(doc, left.end, right.start)
            if close and all(lower[i] in ("and", "the") for i in range(close + 1, right.start)) \
                    and close + 1 < right.start:
                return True  # "ADQ, an Abu Dhabi-based holding company, and AFC"
            between = list(range(left.end, right.start))
            # skip a bracketed alias: "The Asian Development Bank (ADB) and the AIIB"
            if len(between) >= 3 and text[between[0]] == "(" and ")" in [text[i] for i in between[:6]]:
                close = [text[i] for i in between].index(")")
                between = between[close + 1 :]
            texts = [text[i] for i in between]
            if ")" in texts and "(" not in texts[: texts.index(")")] and texts.index(")") <= 10:
                # the rest of a bracket the left name opened: "(JBIC; Governor: Koichi Tamura) and"
                between = between[texts.index(")") + 1 :]
            if all(lower[i] in PARTY_GLUE or table.is_space[i] or (labels[i] == "COUNTRY" and i > left.end)
                   or text[i] in ("'s", "’s") for i in between):
                return True  # "Germany's KfW and Chile's CORFO"
            words = [lower[i] for i in between]
            if words[:2] == ["and", "the"] and 3 <= len(words) <= 7 and all(
                    table.is_lower[i] or labels[i] == "COUNTRY" or text[i] in ("-", "–") for i in between[2:]):
                return True  # "Fensfeltet Minerals and the German magnet manufacturer Hanau Magnetwerke"
            if right.label_ == "COUNTRY" and "and" in words and all(
                    w in PARTY_GLUE or w in STATE_NOUNS for w in words):
                return True  # "Barrick and the Government of Mali"
            if any(labels[i] == "PERSON" for i in between) and "and" in words \
                    and all(labels[i] == "PERSON" or table.is_title[i] or lower[i] in OFFICIAL_GLUE
                            for i in between):
                return True  # "US Trade Representative Jamieson Greer and Japan's Minister"
            same = left._.norm == right._.norm
            return same and all(text[i] in ("(", ")", ";", ",", "“", "”", '"') for i in between)

        if backwards:
            for ent in reversed(ents[:anchor]):
                if joined(ent, chosen[0]):
                    chosen.insert(0, ent)
                else:
                    break
        else:
            for ent in ents[anchor + 1 :]:
                if joined(chosen[-1], ent):
                    chosen.append(ent)
                else:
                    break
        unique: list[Span] = []
        for ent in chosen:
            if not any(u._.norm == ent._.norm for u in unique):
                unique.append(ent)
        return unique

    def _objects(self, doc: Doc, sentence: Span, after: int, stop: int) -> list[tuple[str, Span]]:
        """(marker, entity) pairs: the first list after 'with', 'to', 'for', ... and a
        'from X' source where the text names one ('a loan from HSBC to Kernow')."""
        ents = [e for e in _ents(sentence, PARTY_LABELS)
                if after <= e.start < stop and not self._is_modifier(doc, e)]
        found: list[tuple[str, Span]] = []
        lower, labels = token_table(doc).lower, _ent_labels(doc)
        for i in range(after, min(stop, len(lower))):
            word = lower[i]
            if word in ("in", "into") and not (i == after or labels[i - 1] in ("MONEY", "AGREEMENT")
                                                or (lower[i - 1] == ")" and labels[i - 2] == "MONEY")  # "($1.07 billion) in"
                                                or lower[i - 1] in STAKE_WORDS or lower[i - 1].startswith("invest")):
                continue  # "to build a refinery in Finland": a place, not the investee
            if word == "of" and i > 0 and lower[i - 1] == "behalf":
                word = "for"  # "signed the memorandum on behalf of the United States"
            if word in OBJECT_MARKERS and not (word == "to" and i > 0 and lower[i - 1] in AMOUNT_LEADS):
                listed = self._party_list(doc, ents, i + 1, stop)
                if not listed and i + 2 < stop and lower[i + 1] == "the":
                    coreferent = self._coreferent(doc, sentence, i + 1, i + 4)  # "to the (same) company"
                    listed = [coreferent] if coreferent is not None else []
                if listed:
                    found.extend((word, ent) for ent in listed)
                    if word != "from":
                        break
        return found

    def _roles(self, kind: str, mentions: list[Span]) -> tuple[str, str]:
        # (a deal told by its verb has its amount for a mention: "will lend EUR 180 million")
        kinds = {str(m._.norm) for m in mentions if m.label_ == "AGREEMENT"} or {kind}
        if kind == "LOAN_GUARANTEE":
            return "guarantor", "borrower"
        if kinds and kinds <= self.cues.debt_kinds:
            return "lender", "borrower"
        if kind == "FINANCING" and kinds == {"FINANCING"} and any(
                word in DEBT_WORDS for m in mentions for word in _span_text(m).lower().split()):
            return "lender", "borrower"  # "a debt package", "a financing facility"
        if kind in self.cues.financing_kinds:
            return "investor", "recipient"
        return "party", "party"

    @staticmethod
    def _bullet_labels(doc: Doc, sentence: Span) -> list[Span]:
        """The label of a bullet: '- **European Commission:** a grant of ...'; or the parties
        a fact-sheet line opens with before a dash: '• X and Y – MoU on ..., signed 3 March'."""
        table = token_table(doc)
        text, lower = table.text, table.lower
        for i in range(sentence.start, min(sentence.end, sentence.start + 14)):
            colon = text[i].startswith(":") and i < sentence.start + 10  # ":" or ":*" in "**EXIM:**"
            dash = text[i] in ("–", "—") or (text[i] == "-" and table.space[i] and i > sentence.start
                                             and table.space[i - 1])
            if not (colon or dash):
                continue
            labels = [e for e in _ents(sentence, PARTY_LABELS) if e.end <= i and e.end <= sentence.end]
            # "- Brazil – Terras Raras do Cerrado: a direct loan ...": the country heading a
            # line is where the project is, not a party
            labels = [e for e in labels if not (e.label_ == "COUNTRY" and e.end < i and text[e.end] in ("–", "—", "-"))]
            if not labels:
                return []
            # the whole lead a list of parties ("X and Y –"): all of them
            covered = set().union(*(range(e.start, e.end) for e in labels))
            lead = [k for k in range(sentence.start, i) if k not in covered and not table.is_space[k]
                    and lower[k] not in ("and", ",", "&", "*", "**", "•", "-", "·")]
            if not lead:
                return labels
            return [labels[-1]] if colon else []
        return []

    @staticmethod
    def _agency_jurisdiction(doc: Doc, ent: Span) -> bool:
        """A country that closes an agency's name as its jurisdiction: 'the Ministry of
        Economy, Trade and Industry of Japan', 'the Ministry of Environment of the Republic
        of Rwanda'."""
        lower, labels = token_table(doc).lower, _ent_labels(doc)
        k = ent.start - 1
        while k > 0 and lower[k] in ("the", "republic", "of", "kingdom", "state", "federal", "united") \
                and ent.start - k <= 4:
            if lower[k] == "of" and labels[k - 1] == "AGENCY":
                return True
            k -= 1
        return False

    @staticmethod
    def _opens_clause(doc: Doc, ent: Span, next_act: int) -> bool:
        table = token_table(doc)
        return all(table.lower[i] in PASSIVE_GLUE or table.is_space[i] for i in range(ent.end, next_act))

    @staticmethod
    def _possessor(doc: Doc, sentence: Span, mention: Span) -> Span | None:
        """The party in "X's [$5 million] [equity] investment"."""
        table, labels = token_table(doc), _ent_labels(doc)
        index = mention.start - 1
        while index > sentence.start and (labels[index] == "MONEY" or (
            table.is_alpha[index] and table.is_lower[index] and table.lower[index] not in ("the", "a", "an")
        )):
            index -= 1
        if index <= sentence.start or table.text[index] not in ("'s", "’s"):
            return None
        owner = [e for e in _ents(sentence, PARTY_LABELS) if e.end == index and e.end <= sentence.end]
        return owner[0] if owner else None

    @staticmethod
    def _funder(ent: Span) -> bool:
        """A body whose business is lending or funding: an agency other than a government
        department."""
        return ent.label_ == "AGENCY" and _party_name(ent).split(" ", 1)[0] not in GOVERNMENT_BODY_HEADS

    @staticmethod
    def _borrowing_government(ent: Span) -> bool:
        """A country, or its finance ministry: who borrows from a bank or fund."""
        if ent.label_ == "COUNTRY":
            return True
        name = _party_name(ent)
        return ent.label_ == "AGENCY" and name.startswith("Ministry") and "Finance" in name

    @staticmethod
    def _lender_like(ent: Span) -> bool:
        return ent.label_ in ("AGENCY", "COUNTRY") or any(
            word in LENDER_WORDS for word in token_table(ent.doc).text[ent.start : ent.end])

    @staticmethod
    def _party(role: str, ent: Span) -> dict[str, str]:
        return {"role": role, "label": ent.label_, "norm": _party_name(ent)}

    # -- attributes -------------------------------------------------------------------
    def _clause(self, doc: Doc, sentence: Span, act: Act) -> tuple[int, int]:
        """The token range of the act's own clause: from the comma or semicolon after the act
        before it to the next act ("X signed A, and Y approved B")."""
        acts = self._acts(sentence)
        if len(acts) < 2:
            return sentence.start, sentence.end
        start = max([a.end for a in acts if a.end <= act.start], default=sentence.start)
        lower = token_table(doc).lower
        # "... announced on the 18th that it had signed a loan ... on the 17th"
        start = max([i for i in range(start, act.start) if lower[i] in (",", ";", "that")] + [start])
        end = min([a.start for a in acts if a.start > act.start], default=sentence.end)
        return start, end

    def _amount(self, sentence: Span, mentions: list[Span], used: set[int],
                clause: tuple[int, int] | None = None) -> Span | None:
        lower, labels = token_table(sentence.doc).lower, _ent_labels(sentence.doc)
        # "C$0.50 per unit", "$80 a tonne": a price, not the deal's amount; "the $1.2
        # billion Critical Minerals Strategic Reserve": the programme's size
        money = [e for e in _ents(sentence, ["MONEY"]) if e.start not in used and not (
            e.end < len(lower) and (lower[e.end] in ("per", "each") or labels[e.end] == "PROGRAM"
                                    or (lower[e.end] in ("a", "an") and e.end + 1 < len(lower)
                                        and lower[e.end + 1] in UNIT_WORDS)))]
        # "¥300 billion (about US$2 billion)": the bracketed conversion is secondary
        text = token_table(sentence.doc).text
        primary = [m for m in money if "(" not in text[max(sentence.start, m.start - 2) : m.start]]
        money = primary or money
        if clause is not None:
            money = [m for m in money if clause[0] <= m.start < clause[1]]
        if not money:
            return None
        first = mentions[0].start
        after = [m for m in money if m.start >= first]
        before = [m for m in money if m.start < first]
        return after[0] if after and (not before or after[0].start - first <= first - before[-1].end) \
            else (before[-1] if before else None)

    def _date(self, doc: Doc, sentence: Span, act: Act) -> str | None:
        dates = []
        lower = token_table(doc).lower
        reference = doc._.reference_date
        reference_iso = reference.isoformat() if reference is not None else ""
        for ent in _ents(sentence, ["DATE"]):
            lead = lower[ent.start - 1] if ent.start > sentence.start else ""
            if lead in NOT_ACT_DATE_LEADS and not (
                    lead == "of" and ent.start - 2 >= sentence.start
                    and lower[ent.start - 2] in ("meeting", "session", "sitting", "date")):
                continue  # "by 2030", "since 2023", but "at its meeting of 26 February"
            norm = str(ent._.norm)
            if reference is not None and norm > reference_iso[: len(norm)]:
                continue  # "expected to close in 2027": a plan, not the date of the act
            dates.append(ent)
        if len(dates) > 1:
            # "Peru and Japan signed X on Tuesday, and Chile and Korea signed Y on Wednesday":
            # each act's own clause, between the acts around it
            start, end = self._clause(doc, sentence, act)
            dates = [e for e in dates if start <= e.start < end] or dates
        if not dates:
            return None
        # "SEOUL, Jan 14 (Reuters) - ... approved a loan on Tuesday": the dateline dates the
        # report; a date in the clause itself dates the act
        opening = self._clause_start(doc, sentence, sentence.start)
        in_clause = [e for e in dates if e.start >= opening]
        if in_clause and len(in_clause) < len(dates) and _dateline_end(doc, sentence.start, sentence.end) is not None:
            dates = in_clause
        best = min(dates, key=lambda e: (len(str(e._.norm)) < 7, abs(e.start - act.start)))
        return str(best._.norm)

    def _count(self, doc: Doc, sentence: Span, mentions: list[Span], act: Act) -> int | None:
        first = mentions[0]
        if first.start < act.start:
            after = self._count_after(doc, sentence, act)
            if after is not None or act.status == "negotiated":
                return after
        table, labels = token_table(doc), _ent_labels(doc)
        lower = table.lower
        for i in reversed(range(max(sentence.start, first.start - 6), first.start)):
            if table.is_punct[i] or labels[i] in ("MONEY", "DATE") or lower[i] in (
                "a", "an", "the", "with", "of", "to"
            ) or lower[i] in self.cues.verbs:
                break
            value = self._number(doc, i)
            if value is not None:
                return value if value >= 2 else None
        # "signed frameworks ... with 21 countries"
        for i in range(mentions[-1].end, min(sentence.end, mentions[-1].end + 8)):
            if lower[i] == "with" and i + 1 < sentence.end:
                value = self._number(doc, i + 1)
                if value is not None and value >= 2:
                    return value
                break
        return None

    def _count_after(self, doc: Doc, sentence: Span, act: Act) -> int | None:
        """'completed negotiations with seventeen other countries'."""
        if min(sentence.end, act.end + 4) - act.end >= 2 and token_table(doc).lower[act.end] == "with":
            value = self._number(doc, act.end + 1)
            if value is not None and value >= 2:
                return value
        return None

    def _counted(self, doc: Doc, mention: Span) -> bool:
        """A count right before the mention ("23 agreements", "nine new frameworks")."""
        table = token_table(doc)
        for i in reversed(range(max(0, mention.start - 3), mention.start)):
            value = self._number(doc, i)
            if value is not None:
                return value >= 2
            if not (table.is_alpha[i] and table.is_lower[i]):
                return False
        return False

    def _number(self, doc: Doc, i: int) -> int | None:
        """The count token `i` writes, if any."""
        table = token_table(doc)
        if i + 1 < len(table) and (table.text[i + 1] in ("-", "%") or table.lower[i + 1] in ("percent", "per", "pct")):
            return None  # "20-year", "20%", "25 percent"
        if table.like_num[i] and table.text[i].isdigit():
            return int(table.text[i])
        value = self.cues.count_words.get(table.lower[i])
        return value if isinstance(value, int) else None

    def _programs(self, doc: Doc, spans: Iterable[Span]) -> list[str]:
        programs: list[str] = []
        for ent in spans:
            if ent.label_ != "PROGRAM":
                continue
            window = _lower_window(doc, ent.start - 6, ent.start)
            if any(window.rstrip().endswith(" " + cue) or window.strip() == cue
                   for cue in self.cues.venue_before):
                continue  # "at the 2026 Critical Minerals Ministerial": only the venue
            if str(ent._.norm) not in programs:
                programs.append(str(ent._.norm))
        return programs

    def _event_dates(self, doc: Doc, sentences: Sentences) -> dict[str, str]:
        """Events the text dates: programme head word -> ISO day ('ministerial' -> date)."""
        dated: dict[str, str] = {}
        if not sentences:
            return dated
        _ents(sentences[0], ())  # builds the per-sentence entity lists once
        lower, bounds = token_table(doc).lower, sentence_index(doc)
        by_sentence = doc.user_data["sentence_ents"]
        for program in _doc_ents(doc):
            if program.label_ != "PROGRAM":
                continue
            day = next((str(e.norm) for e in by_sentence[bounds[program.start][0]]
                        if e.label_ == "DATE" and len(str(e.norm)) == 10), None)
            if day is not None:
                dated.setdefault(lower[program.end - 1], day)
                dated.setdefault(str(program.norm).lower(), day)
        # "held a summit in Seoul on 23 April 2026", "met in Yokohama on 21 August 2025": the
        # occasion later sentences refer to ("On the margins of the summit", "In the presence
        # of the two Ministers"); the first dated one is the document's occasion
        for start, ents in sorted(by_sentence.items()):
            days = [str(e.norm) for e in ents if e.label_ == "DATE" and len(str(e.norm)) == 10]
            sentence_end = bounds[start][1]
            if not days or (self.cues.event_words.isdisjoint(lower[start:sentence_end])
                            and "met" not in lower[start:sentence_end]):
                continue
            for i in range(start, sentence_end):
                word = lower[i]
                if word in self.cues.event_words or word == "met":
                    if i > start and lower[i - 1] in ("next", "upcoming", "coming"):
                        continue  # a future event dates nothing reported
                    dated.setdefault("meeting" if word == "met" else word, days[0])
                    dated.setdefault(OCCASION, days[0])
        return dated

    # -- the component ----------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        sentences = Sentences(doc)
        reference = doc._.reference_date
        reference_year = reference.year if reference else None
        event_dates = EventDates(lambda: self._event_dates(doc, sentences))
        deals: list[dict[str, Any]] = []
        # Only sentences with an instrument, or with "invest"/"stake"/"lend", can report a deal:
        # found once for the document instead of asked sentence by sentence.
        table, bounds = token_table(doc), sentence_index(doc)
        worth_reading = {bounds[e.start][0] for e in _doc_ents(doc) if e.label_ == "AGREEMENT"}
        for offset in _word_offsets(doc, KINDLESS_CUES):
            i = bisect_right(table.idx, offset) - 1
            if table.idx[i] == offset and (_kindless_kind(table.lower[i]) or _holding_word(table.lower, i)):
                worth_reading.add(bounds[i][0])
        # "About EXIM: EXIM supports ... by providing loans": the issuer's profile reports no
        # deal (a deal's evidence starts in its sentence or the one before)
        boilerplate = _boilerplate_start(doc_text(doc))
        for position in range(len(sentences)):
            if sentences.starts[position] not in worth_reading \
                    or sentences.start_chars[max(0, position - 1)] >= boilerplate:
                continue
            # A headline repeats a deal the body reports (and says too little to stand
            # alone: "US signs minerals pact with Chad"), so title lines give no deals; a
            # question reports none ("Has the Commission concluded any agreement with Brazil?"),
            # and "Under it, the Fund will provide ..." gives the terms of the deal just reported.
            if _is_title(sentences[position]) or _asks_or_details(sentences[position]):
                continue
            deals.extend(self._sentence_deals(doc, sentences, position, reference_year, event_dates))
        deals.extend(self._listed_items(doc, sentences))
        deals.extend(self._table_rows(doc, sentences, deals))
        deals.extend(self._breakdown_lines(doc, sentences, deals))
        deals.extend(self._ordinal_parts(doc, sentences, deals))
        text = doc_text(doc)
        deals = [d for d in deals if not _stale(d.get("date"), reference) and d["evidence"][0] < boilerplate
                 and not _annual_total(d, reference) and not _running_total(d, text)
                 and not _announced_summary(d, len(deals))]
        deals.sort(key=lambda d: d["evidence"][0])
        first_day = next((str(e.norm) for e in _doc_ents(doc) if e.label_ == "DATE" and len(str(e.norm)) == 10
                          and not _is_title(doc[slice(*bounds[e.start])])), None)
        _carry_same_day(deals, text, first_day)
        self._add_co_lenders(doc, sentences, deals)
        _guaranteed_facility(deals, text)
        doc._.deals = _merge_duplicates(deals)
        return doc

    def _sentence_deals(
        self,
        doc: Doc,
        sentences: Sentences,
        position: int,
        reference_year: int | None,
        event_dates: EventDates,
    ) -> list[dict[str, Any]]:
        table = token_table(doc)
        sentence = sentences[position]
        mentions = _ents(sentence, ["AGREEMENT"])
        table_lower = table.lower
        lowers = table_lower[sentence.start : sentence.end]
        if not mentions and not any(_kindless_kind(w) for w in lowers) and (
                HOLDING_WORDS.isdisjoint(lowers)
                or not any(_holding_word(table_lower, i) for i in range(sentence.start, sentence.end))):
            return []
        acts = self._acts(sentence)
        if not acts and mentions and position > 0:
            acts = self._inherited_act(doc, sentences, position)
        if not acts:
            # "has taken a minority stake in X": the buying verb is the act
            stakes = self._stake_drafts(doc, sentence, [], set()) if not _ongoing(sentence) else []
            return self._finish(doc, sentences, position, stakes, [], event_dates) if stakes else []
        drafts: list[Draft] = []
        used_acts: set[int] = set()
        mentions = [m for m in mentions if not _inside_name(doc, m) and not self._agreement_to_form(doc, m, mentions)]
        if _ongoing(sentence):
            return []  # "countries with which the EU has signed partnerships since 2021"
        all_groups = self._groups(doc, mentions)
        for group in all_groups:
            for act in acts:
                # "The agreement, signed in Amman, replaces a contract": "signed" is the
                # agreement's, not the contract's
                # ("The following agreements were signed: an MoU ...; a loan ...": the list governs)
                if (0 <= act.start - group[-1].end <= 1 and act.start not in used_acts
                        and not (act.end < len(doc) and table.text[act.end].startswith(":"))
                        and not _reduced_passive(doc, group, act)
                        and (self._background(doc, group[0], reference_year)
                             or _definite(doc, group[0]))):
                    used_acts.add(act.start)
        groups = [g for g in all_groups if not self._background(doc, g[0], reference_year)
                  and not _receiving_body(doc, g[0])]
        for group in groups:
            act = self._governing_act(doc, acts, group)
            if act is None or self._negated(doc, sentence, act, group[0]):
                continue
            if act.start in used_acts and not _second_object(doc, act, group[0]):
                continue  # an act governs its first object only ("signed an MoU on financing")
            used_acts.add(act.start)
            for kind, members in self._split_kinds(doc, group):
                drafts.append(Draft(kind, members, act, sentence))
        # "EGA will invest more than US$1.2 billion in ...", "The Bank will lend EUR 180
        # million to X": an investment or a loan with no kind word
        for act in acts:
            kind = next(filter(None, map(_kindless_kind, table.lower[act.start : act.end])), None)
            if act.start in used_acts or kind is None:
                continue  # "invested", "will invest", "will lend"
            money = [m for m in _ents(sentence, ["MONEY"]) if 0 <= m.start - act.end <= 6]
            # "The partners will invest €180 million": the deal just reported, told again
            if money and not self._negated(doc, sentence, act, money[0]) \
                    and self._subjects(doc, sentence, act, sentence.start):
                used_acts.add(act.start)
                drafts.append(Draft(kind, [money[0]], act, sentence))
        drafts.extend(self._stake_drafts(doc, sentence, acts, used_acts))
        # "... signed ten agreements and completed negotiations with seventeen others"
        for act in acts:
            if act.start in used_acts or act.status != "negotiated" or not drafts:
                continue
            previous = drafts[-1]
            drafts.append(Draft(previous.kind, previous.mentions, act, sentence))
        if not drafts:
            return []
        return self._finish(doc, sentences, position, drafts, acts, event_dates)

    def _covered_loan(self, doc: Doc, sentence: Span, draft: Draft, record: dict[str, Any]) -> list[dict[str, Any]]:
        """'MIGA has issued a guarantee ... to Standard Bank and Absa Bank covering their loans
        to Copperbelt Smelting': the guarantee names the loan it covers, which is a deal of
        its own (the banks lend, the company borrows); the guarantee lists them too."""
        lower = token_table(doc).lower
        cover = next((i for i in range(draft.mentions[-1].end, sentence.end) if lower[i] in COVER_WORDS), None)
        labels = _ent_labels(doc)
        if cover is None:
            return []
        # "covering a EUR 210 million loan", "a guarantee on a €180 million loan"
        # ("on" only with the words of a loan's description between)
        # ("covering SEK 2.4 billion of loans": an amount and "of" before them)
        loan = next((m for m in _ents(sentence, ["AGREEMENT"]) if m._.norm == "LOAN" and (
            (0 < m.start - cover <= 4 and lower[cover] != "on") or (0 < m.start - cover <= 7 and all(
                w in COVERED_LOAN_GLUE or w == "of" or labels[i] == "MONEY"
                for i, w in enumerate(lower[cover + 1 : m.start], cover + 1))))),
            None)
        if loan is None:
            return []
        ents = [e for e in _ents(sentence, PARTY_LABELS) if not self._is_modifier(doc, e)]
        lenders: list[Span] = []
        borrowers: list[Span] = []
        for i in range(loan.end, sentence.end):
            if lower[i] in ("from", "by", "that", "which") and not lenders:
                lenders = self._party_list(doc, ents, i + 1, sentence.end)
            elif lower[i] in ("to", "for") and not borrowers and lower[i - 1] not in AMOUNT_LEADS:
                borrowers = self._party_list(doc, ents, i + 1, sentence.end)
        if not lenders:  # "a guarantee to Standard Bank and Absa Bank covering their loans"
            lenders = [e for e in ents if draft.mentions[-1].end <= e.start < cover and e.label_ != "COUNTRY"]
        if not borrowers and not lenders:
            return []
        guarantee_norms = {p["norm"] for p in record["parties"]}
        for party in record["parties"]:
            if party["norm"] in {self._party("", e)["norm"] for e in lenders}:
                party["role"] = "lender"
        record["parties"].extend(self._party(role, e) for role, group in (("lender", lenders), ("borrower", borrowers))
                                 for e in group if self._party("", e)["norm"] not in guarantee_norms)
        money = [m for m in _ents(sentence, ["MONEY"]) if cover < m.start < loan.start
                 or 0 <= m.start - loan.end <= 4]  # "covering a EUR 210 million loan", "loans of $X"
        loan_parties = [self._party("lender", e) for e in lenders] + [self._party("borrower", e) for e in borrowers]
        return [{**record, "kind": "LOAN", "parties": loan_parties,
                 "amount": money[0]._.norm if money else None, "status": None, "count": None}]

    def _announced_subject(self, doc: Doc, sentence: Span, act: Act) -> list[Span]:
        """'the Minister announced that the Government of Canada is providing ...': the clause
        after "announced that" opens on who provides."""
        lower = token_table(doc).lower
        if act.end >= sentence.end or lower[act.end] != "that":
            return []
        ents = [e for e in _ents(sentence, PARTY_LABELS) if e.start > act.end and not self._is_modifier(doc, e)]
        if ents and all(w in STATE_NOUNS for w in lower[act.end + 1 : ents[0].start]):
            return self._coordinated(doc, ents, 0)
        return []

    def _relative_actors(self, doc: Doc, sentence: Span, mention: Span) -> list[Span]:
        """'the signing of a US$120 million loan that the EBRD approved last month': the
        relative clause names who lends."""
        lower, labels = token_table(doc).lower, _ent_labels(doc)
        i = mention.end
        while i < sentence.end and (labels[i] == "MONEY" or lower[i] in AMOUNT_GLUE or lower[i] == ","):
            i += 1
        if i >= sentence.end or lower[i] not in ("that", "which"):
            return []
        ents = [e for e in _ents(sentence, PARTY_LABELS) if not self._is_modifier(doc, e)]
        listed = self._party_list(doc, ents, i + 1, sentence.end)
        if not listed or not any(lower[k] in self.cues.verbs for k in range(listed[-1].end, min(sentence.end, listed[-1].end + 5))):
            return []
        return listed

    def _co_financiers(self, doc: Doc, sentence: Span, start: int, stop: int) -> list[Span]:
        """'a package ..., arranged together with AIIB, JBIC and two commercial banks, BDO
        Unibank and Mizuho Bank': bodies that provide the money with the actor."""
        lower = token_table(doc).lower
        ents = [e for e in _ents(sentence, PARTY_LABELS) if not self._is_modifier(doc, e)]
        for i in range(start, min(stop, sentence.end) - 1):
            if lower[i + 1] == "with" and lower[i] in ("together", "jointly", "alongside", "co-financed", "partnership"):
                return self._party_list(doc, ents, i + 2, stop)
            if lower[i] == "alongside":
                return self._party_list(doc, ents, i + 1, stop)
        return []

    def _by_actors(self, doc: Doc, sentence: Span, act: Act, stop: int) -> list[Span]:
        """The agents of a passive act: "was signed by X and Y", also after a time phrase
        ("was signed last week by the EBRD and ...", "approved on Thursday by the Board of
        the African Development Bank")."""
        lower = token_table(doc).lower
        labels = _ent_labels(doc)
        by = act.end
        while by < min(sentence.end, act.end + 5) and lower[by] != "by" and (
                labels[by] == "DATE" or lower[by] in TIME_GLUE):
            by += 1
        if by < sentence.end and lower[by] == "to":  # "was extended to the company by X"
            recipient_end = next((k for k in range(by + 1, min(sentence.end, by + 6)) if lower[k] == "by"), None)
            if recipient_end is not None and not any(w in (",", ";", "and") for w in lower[by:recipient_end]):
                by = recipient_end
        if by >= sentence.end or lower[by] != "by":
            return []
        ents = [e for e in _ents(sentence, PARTY_LABELS) if not self._is_modifier(doc, e)]
        return self._party_list(doc, ents, by + 1, max(stop, by + 2))

    def _inherited_act(self, doc: Doc, sentences: Sentences, position: int) -> list[Act]:
        """'They signed nine agreements. Among them was an MoU between X and Y': the listed
        member takes the act of the sentence before."""
        sentence = sentences[position]
        opening = " ".join(token_table(doc).lower[sentence.start : min(sentence.end, sentence.start + 3)])
        if _list_item(_span_text(sentence)):
            # "the following documents were also signed:" and then "- A joint study agreement
            # between JOGMEC and ENAMI ...": a listed item takes the introduction's act
            for earlier in reversed(sentences[:position]):
                words = _span_text(earlier).strip()
                if not words or _list_item(words) or NUMBER_MARK.fullmatch(words):
                    continue
                acts = self._acts(earlier) if words.endswith(":") else []
                lower = token_table(doc).lower
                if acts and not (acts[-1].start > 0 and lower[acts[-1].start - 1] == "the"):
                    # "The Board approved the following transactions:": who acts gives (not
                    # who "welcomed the signing of the following documents")
                    givers = self._subjects(doc, earlier, acts[-1], earlier.start)
                    doc.user_data.setdefault("deal_list_givers", {})[sentence.start] = givers
                return [Act(sentence.start, sentence.start + 1, acts[-1].status)] if acts else []
            return []
        if not opening.startswith(INCLUSION_OPENERS):
            return []
        previous = next((s for s in reversed(sentences[:position]) if _span_text(s).strip()), None)
        before = self._acts(previous) if previous is not None else []
        return [Act(sentence.start, sentence.start + 1, before[0].status)] if before else []

    @staticmethod
    def _agreement_to_form(doc: Doc, mention: Span, mentions: Sequence[Span]) -> bool:
        """'a binding agreement to establish a 50/50 joint venture': the deal is the venture."""
        if mention._.norm != "AGREEMENT":
            return False
        lower = token_table(doc).lower
        if mention.end + 1 >= len(lower) or lower[mention.end] != "to":
            return False
        if lower[mention.end + 1] in BUY_WORDS and "stake" in lower[mention.end : mention.end + 8]:
            return True  # "signed an agreement to acquire a 25 percent stake": an investment
        if lower[mention.end + 1] not in FORMING_VERBS:
            return False
        return any(0 < m.start - mention.end <= 7 and m._.norm != "AGREEMENT" for m in mentions)

    def _listed_items(self, doc: Doc, sentences: Sentences) -> list[dict[str, Any]]:
        """'The following Memoranda of Understanding were exchanged:' and then one numbered or
        bulleted line per instrument ('1. Between GSI and Geoscience Australia, for ...'):
        a deal per line that names its parties and no instrument of its own. The lines carry
        no date of their own."""
        text = doc_text(doc)
        records: list[dict[str, Any]] = []
        for position in sentences.containing((":",)):  # only these can introduce a list
            intro = sentences[position]
            if not _span_text(intro).rstrip().endswith(":"):
                continue
            mentions = [m for m in _ents(intro, ["AGREEMENT"]) if not _inside_name(doc, m)]
            acts = self._acts(intro)
            # "the following documents were signed:": the items name their instruments
            documents = not mentions and "following" in token_table(doc).lower[intro.start : intro.end]
            if not (mentions or documents) or not acts \
                    or self._negated(doc, intro, acts[0], mentions[0] if mentions else intro[-1:]):
                continue
            kind = str(mentions[-1]._.norm) if mentions else ""
            status = "offered" if kind in self.cues.offer_kinds else acts[-1].status
            numbered = stray = False
            previous_end = intro.end_char
            for item in sentences[position + 1 :]:
                words = _span_text(item).strip()
                if not words:
                    previous_end = item.end_char
                    continue
                new_line = "\n" in text[previous_end : item.start_char] or "\n" in text[item.start_char - 1 : item.start_char]
                previous_end = item.end_char
                if NUMBER_MARK.fullmatch(words):
                    numbered = True
                    continue
                bullet = words[:1] in BULLETS
                if not (numbered or bullet):
                    if new_line and (stray or not words.lower().startswith(ITEM_NOTES)):
                        break
                    stray = stray or new_line  # "Signed by: ..." under an item
                    continue  # the rest of an item's line
                numbered = stray = False
                own = [m for m in _ents(item, ["AGREEMENT"]) if not _inside_name(doc, m)]
                if own and self._acts(item):
                    continue  # an item that names its instrument and act is a sentence of its own
                # "1. Action Plan for ... between Mongolia and Japan.": the item's own
                # instrument, signed by the introduction's act (not "4. Between X and Y, for
                # evaluating a joint venture": what a memorandum is about)
                lower = token_table(doc).lower
                between = next((i for i in range(item.start, item.end) if lower[i] == "between"), item.end)
                own = [m for m in own if m.start < between]
                item_kind = str(own[0].norm) if own else kind
                if not item_kind:
                    continue
                parties = self._named_item_parties(doc, item) if own else self._item_parties(doc, item)
                if len(parties) < 2:
                    continue
                roles = self._roles(item_kind, own[:1] or mentions[-1:])
                money = _ents(item, ["MONEY"])
                records.append(self._line_deal(
                    doc, item, item_kind,
                    [self._party(roles[0] if k == 0 else roles[1], e) for k, e in enumerate(parties)],
                    money[0].norm if money else None, None, status))
        return records

    def _table_rows(self, doc: Doc, sentences: Sentences, deals: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows of a table written as text ('| Recipient | Project | Contribution |'): a row
        that names its instrument and a status word ('| Offtake agreement with X | Signed
        July 2025 |') is a deal between the document's issuer and the row's parties; a row
        under a deal just reported ('... is providing $38 million to four projects:') is one
        deal of that kind for the row's party and amount. Rows carry only their own date."""
        records: list[dict[str, Any]] = []
        issuer: Entity | None = None
        for position in sentences.containing(("|",)):  # only these can be rows
            row = sentences[position]
            text = _span_text(row).strip()
            if len(text) < 3 or text[0] != "|" or text[-1] != "|" or not text.strip("|-: "):
                continue
            following = _next_sentence(sentences, position)
            if following is not None and not _span_text(following).strip().strip("|-: "):
                continue  # the header, above its |---| line
            if any(d["evidence"][0] == row.start_char for d in deals):
                continue
            parties = [e for e in _ents(row, ["ORG", "AGENCY"]) if not self._is_modifier(doc, e)]
            if not parties:
                continue
            mentions = [m for m in _ents(row, ["AGREEMENT"]) if not _inside_name(doc, m)]
            lower = token_table(doc).lower[row.start : row.end]
            money = _ents(row, ["MONEY"])
            table_lower = token_table(doc).lower
            dates = [str(e.norm) for e in _ents(row, ["DATE"]) if len(str(e.norm)) >= 7
                     and not any(w in EXPECTED_WORDS for w in table_lower[max(row.start, e.start - 3) : e.start])]
            if mentions:
                status = next((self.cues.verbs[w] for w in lower if w in self.cues.verbs), None)
                if status is None:
                    continue
                kind = str(mentions[0].norm)
                actor_role, object_role = self._roles(kind, mentions[:1])
                # (a country is a party there as its government, not as a location column)
                named = [e for e in _ents(row, PARTY_LABELS) if not self._is_modifier(doc, e) and (
                    e.label_ != "COUNTRY" or table_lower[max(0, e.start - 2) : e.start] in (
                        ["government", "of"], ["state", "of"], ["republic", "of"]))]
                if len({table_lower[row.start : e.start].count("|") for e in named}) >= 2:
                    # "| Loan | Erongo Tin (Pty) Ltd | Development Bank of Namibia | ...": the
                    # columns name both parties; the bank or fund gives, the other receives
                    funders = [e for e in named if self._funder(e) or (self._lender_like(e) and e.label_ == "ORG")] \
                        if kind in self.cues.financing_kinds else []
                    record_parties = [self._party(actor_role if not funders or any(e is f for f in funders)
                                                  else object_role, e) for e in named]
                else:
                    issuer = issuer or self._issuer(doc)
                    own = [self._party(object_role, e) for e in parties]
                    names = {p["norm"] for p in own}
                    actors = [self._party(actor_role, issuer)] if issuer is not None else []
                    record_parties = [p for p in actors if p["norm"] not in names] + own
            else:
                intro = next((d for d in reversed(deals) if d["evidence"][1] <= row.start_char
                              and d["kind"] in self.cues.financing_kinds), None)
                if intro is None or not money or _lines_between(doc, intro["evidence"][1], _table_start(doc, row)) > 2:
                    continue  # the deal reported just above the table (its introduction)
                kind, status = intro["kind"], intro["status"]
                givers, object_role = _givers(intro)
                record_parties = [*givers, self._party(object_role, parties[0])]
            records.append(self._line_deal(doc, row, kind, record_parties, money[0].norm if money else None,
                                           dates[0] if dates else None, status))
        return records

    def _breakdown_lines(self, doc: Doc, sentences: Sentences, deals: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """'... selected four projects to receive a combined $212 million in grants. The
        selected projects are:' and then a line per recipient ('Ohio Valley Graphite Co.
        (Ohio) — synthetic graphite anode material: $61 million'): each line is a deal of the
        total's kind with its givers, for the line's recipient and amount (as rows of a table
        under the deal they break down). Lines carry no date of their own."""
        text = doc_text(doc)
        records: list[dict[str, Any]] = []
        taken = {d["evidence"][0] for d in deals}
        for position in sentences.containing((":",)):
            intro = sentences[position]
            if not _span_text(intro).rstrip().endswith(":"):
                continue
            total = next((d for d in reversed(deals) if d["kind"] in self.cues.financing_kinds
                          and d["evidence"][1] <= intro.end_char
                          and _lines_between(doc, d["evidence"][1], intro.start_char) <= 1), None)
            if total is None or total["amount"] is None:
                continue
            givers, object_role = _givers(total)
            for k in range(position + 1, len(sentences)):
                line = sentences[k]
                words = _span_text(line).strip()
                if not words:
                    continue
                if "\n" not in text[sentences[k - 1].end_char - 1 : line.start_char + 1] or line.start_char in taken:
                    break  # the list ends where a line does not start anew or reports its own deal
                money = _ents(line, ["MONEY"])
                ents = [e for e in _ents(line, ["ORG", "AGENCY"]) if not self._is_modifier(doc, e)]
                lead = 1 if words[:1] in BULLETS else 0
                if len(money) != 1 or not ents or ents[0].start - line.start > lead + 1 \
                        or _ents(line, ["AGREEMENT"]) or self._acts(line):
                    break
                records.append(self._line_deal(doc, line, total["kind"], [*givers, self._party(object_role, ents[0])],
                                               money[0].norm, None, total["status"], total["programs"]))
        return records

    def _ordinal_parts(self, doc: Doc, sentences: Sentences, deals: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """'... approved two financings totalling R$ 1.27 billion. The larger operation, of
        R$ 850 million, will finance X. The second, of R$ 420 million, goes to Y.': each part
        named by its order is a deal of the total's kind (or its own instrument's) for its
        recipient, with the total's givers and status and no date of its own."""
        records: list[dict[str, Any]] = []
        if not any(d["kind"] in self.cues.financing_kinds for d in deals):
            return records
        starts = sentences.start_chars
        taken = {d["evidence"][0] for d in deals}
        for position in sentences.containing(ORDINAL_OPENINGS):
            sentence = sentences[position]
            words = _span_text(sentence).lstrip().lower()
            if not words.startswith(ORDINAL_OPENINGS) or sentence.start_char in taken:
                continue
            total = next((d for d in reversed(deals) if d["kind"] in self.cues.financing_kinds
                          and d["evidence"][1] <= sentence.start_char
                          and d["evidence"][0] >= starts[max(0, position - 3)]), None)
            money = _ents(sentence, ["MONEY"])
            if total is None or not money:
                continue
            givers, object_role = _givers(total)
            given = {p["norm"] for p in givers}
            recipients = [e for e in _ents(sentence, ["ORG", "AGENCY"]) if not self._is_modifier(doc, e)
                          and self._party("", e)["norm"] not in given]
            if not recipients:
                continue
            mentions = [m for m in _ents(sentence, ["AGREEMENT"]) if m._.norm in self.cues.financing_kinds]
            kind = str(mentions[0].norm) if mentions else total["kind"]
            if kind in self.cues.debt_kinds:
                object_role = "borrower"
            giver_role = "lender" if object_role == "borrower" else "investor"
            records.append(self._line_deal(
                doc, sentence, kind,
                [*({**g, "role": giver_role} for g in givers), self._party(object_role, recipients[0])],
                money[0].norm, None, total["status"], total["programs"]))
        return records

    def _line_deal(self, doc: Doc, line: Span, kind: str, parties: list[dict[str, str]], amount: Any,
                   date: str | None, status: str | None, programs: list[str] | None = None) -> dict[str, Any]:
        """The deal of one listed line, table row or named part: its own text is the evidence,
        its commodities (and, unless the total's are given, programmes) are its own."""
        return {
            "kind": kind, "parties": _unique_parties(parties), "amount": amount, "date": date,
            "status": "offered" if kind in self.cues.offer_kinds else status, "count": None,
            "commodities": _unique(str(e.norm) for e in _ents(line, ["COMMODITY"])),
            "programs": self._programs(doc, _ents(line, ["PROGRAM"])) if programs is None else programs,
            "evidence": [line.start_char, _trimmed_end(line)],
        }

    def _issuer(self, doc: Doc) -> Entity | None:
        """The company or body a document is about: the one it names most."""
        counts = Counter(str(self._party("", e)["norm"]) for e in _doc_ents(doc) if e.label_ in ("ORG", "AGENCY"))
        if not counts:
            return None
        top = counts.most_common(1)[0][0]
        return next(e for e in _doc_ents(doc) if e.label_ in ("ORG", "AGENCY") and str(self._party("", e)["norm"]) == top)

    def _item_parties(self, doc: Doc, item: Span) -> list[Span]:
        ents = [e for e in _ents(item, PARTY_LABELS) if not self._is_modifier(doc, e)]
        lower = token_table(doc).lower
        for i in range(item.start, min(item.end, item.start + 3)):
            if lower[i] == "between":
                return self._party_list(doc, ents, i + 1, item.end)
        pair = self._pair_between(doc, item)
        if pair:
            return pair
        if ents and ents[0].start - item.start <= 2:
            return self._coordinated(doc, ents, 0)
        return []

    def _named_item_parties(self, doc: Doc, item: Span) -> list[Span]:
        """The parties of a listed item that names its instrument: '3. Loan Agreement between
        JBIC and the Development Bank of Mongolia ...'."""
        ents = [e for e in _ents(item, PARTY_LABELS) if not self._is_modifier(doc, e)]
        lower = token_table(doc).lower
        for i in range(item.start, item.end):
            if lower[i] == "between":
                return self._party_list(doc, ents, i + 1, item.end) or self._pair_between(doc, item)
        return []

    def _stake_drafts(self, doc: Doc, sentence: Span, acts: list[Act], used_acts: set[int]) -> list[Draft]:
        """'has agreed to buy a 15% stake in X', 'completed its acquisition of a 77% stake':
        a stake bought is an investment with no kind word."""
        lower = token_table(doc).lower
        drafts: list[Draft] = []
        if HOLDING_WORDS.isdisjoint(lower[sentence.start : sentence.end]):
            return drafts
        for i in range(sentence.start, sentence.end):
            if not _holding_word(lower, i):
                continue
            window = lower[max(sentence.start, i - 8) : i]
            if not any(w in BUY_WORDS for w in window) or any(w in SELL_WORDS for w in window):
                continue
            terms = [k for k in range(sentence.start, i) if lower[k] in ("whereby", "which") and (
                lower[k] == "whereby" or lower[k - 1] == "under")]
            if terms and any(m.end <= terms[-1] for m in _ents(sentence, ["AGREEMENT"])):
                continue  # "a subscription agreement with X, under which X will subscribe for shares": its terms
            before = [a for a in acts if a.end <= i and a.start not in used_acts and i - a.end <= 10]
            future = [k for k in range(max(sentence.start, i - 8), i)
                      if lower[k] in BUY_WORDS and (lower[k - 1] in ("will", "to") or (
                          lower[k - 1] == "would" and any(  # "told ... that the fund would take"
                              w in ANNOUNCING_VERBS for w in lower[sentence.start : k - 1])))]
            bought = [k for k in range(max(sentence.start, i - 8), i) if lower[k] in BOUGHT_WORDS]
            if before:
                act = before[-1]
            elif future and lower[future[-1] - 1] in ("will", "would"):
                act = Act(future[-1], future[-1] + 1, "announced")  # "JOGMEC will take a 49% stake"
            elif bought:
                act = Act(bought[-1], bought[-1] + 1, "completed")  # "has acquired a 10 per cent stake"
            else:
                continue
            mention = doc[i : i + 1]
            if self._negated(doc, sentence, act, mention):
                continue
            used_acts.add(act.start)
            drafts.append(Draft("INVESTMENT", [mention], act, sentence, stake=True))
        return drafts

    @staticmethod
    def _governing_act(doc: Doc, acts: list[Act], group: list[Span]) -> Act | None:
        # "a closed loan": a participle used as an adjective after a determiner is no act
        lower, start = token_table(doc).lower, group[0].start
        end = group[-1].end
        article = start - 1  # "under an inter-administrative agreement": past the modifiers
        while article > 0 and start - article <= 4 and lower[article] not in ("a", "an") and (
                lower[article] in ("-", "–") or lower[article].isalpha()):
            article -= 1
        if article >= 1 and lower[article - 1] == "under" and lower[article] in ("a", "an") \
                and end < len(lower) and lower[end] in ("that", "which", "signed", "concluded"):
            # "delivered to X under an agreement that the two entities signed": the clause
            # after the instrument reports its act, not the verb before
            told = [a for a in acts if 0 <= a.start - end <= 6]
            if told:
                return told[0]
        before = [a for a in acts if a.end <= start and (lower[a.end] != "by" or lower[a.start] in NOMINAL_ACTS)
                  and not any(w in REPORTING_VERBS for w in lower[a.end : start]) and not (
            a.end == start and a.start > 0 and (
                lower[a.start - 1] in DETERMINERS or lower[a.start - 1] in PARTICIPLE_MODIFIERS
                or (lower[a.start - 1].endswith("ly") and lower[a.start - 1] not in AUXILIARIES)))
            and not (lower[a.start] in WEAK_ACTS and (start - a.end > 4 or any(
                w in ("that", "clear", "sure", "progress") for w in lower[a.end : start])))]
        if before:
            return before[-1]
        # The passive: "An MoU was signed", "a loan has been approved" (not "the framework
        # that the leaders signed", and not "The guarantee was issued": a reference back).
        after = [a for a in acts if a.start >= group[-1].end]
        if not after:
            return None
        first = group[0]
        if _definite(doc, first):
            # a reference back to an instrument named before, unless a participle with its
            # agent or parties right after reports the act: "We welcome the memorandum of
            # understanding on critical minerals signed today by Canada and Finland"
            return after[0] if _reduced_passive(doc, group, after[0]) else None
        table, labels = token_table(doc), _ent_labels(doc)
        text = table.text
        sentence_start = sentence_index(doc)[first.start][0]
        lead_tokens = list(range(sentence_start, first.start))
        colons = [k for k, i in enumerate(lead_tokens) if text[i].startswith(":")]  # ":", ":*"
        if colons:
            lead_tokens = lead_tokens[colons[-1] + 1 :]  # "- **EXIM:** a letter of interest ..."
        lead = [i for i in lead_tokens if not (table.is_punct[i] or table.is_space[i] or lower[i] in ("a", "an"))]
        bullet = bool(colons) or (bool(lead_tokens) and text[lead_tokens[0]][:1] in ("-", "*", "•", "–", "·"))
        if bullet and after[0].start - group[-1].end <= 30 and (
                len(lead) <= 4 or DealExtractor._bullet_labels(doc, first.sent)):
            # a fact-sheet bullet: "- a letter of interest ... issued to X", "• X and Y –
            # research contract on ... (signed)"
            return after[0]
        act = after[0]
        acts_words = {lower[a.start] for a in acts}
        between = list(range(group[-1].end, act.start))
        # drop one parenthetical ", with combined commitments of US$4.5 billion,"
        if between and text[between[0]] == ",":
            closing = [k for k, i in enumerate(between[1:], 1) if text[i] == ","]
            if closing:
                between = between[closing[-1] + 1 :]
        if not between:
            return act  # "an offtake agreement signed last Tuesday"
        if len(between) <= 12 and all(
            lower[i] in PASSIVE_GLUE or labels[i] or text[i] in (",", "(", ")", "“", "”", '"', "%")
            or table.like_num[i]  # "covering 40% of output"
            or (table.is_alpha[i] and (table.is_lower[i] or table.is_title[i]) and lower[i] not in acts_words)
            for i in between
        ) and any(lower[i] in ("was", "were", "is", "are", "been") for i in between):
            return act  # "An MoU was signed", "X's investment in Y was completed"
        relative = between[1:] if text[between[0]] == "," and len(between) > 1 else between
        while len(relative) > 1 and (labels[relative[0]] == "MONEY" or lower[relative[0]] in AMOUNT_GLUE):
            relative = relative[1:]  # "a conditional commitment of US$150 million that KEXIM issued"
        clause_marks = [k for k, i in enumerate(between[:-1]) if text[i] == "," and lower[between[k + 1]] == "which"]
        if clause_marks and len(between) - clause_marks[-1] <= 8 and len(between) <= 20 \
                and not any(lower[i] in acts_words for i in between):
            return act  # "a senior loan of $60 million to the same company, which IFC's board approved"
        if lower[relative[0]] in ("that", "which") and len(relative) <= 12:
            return act  # "a conditional commitment ... that KEXIM issued", "a loan, which its board approved"
        if act.start - group[-1].end <= 15 and token_table(doc).text[act.start - 1] == "," and act.status != "announced":
            return act  # fact-sheet fragments: "a grant of €45 million ..., announced on 22 April"
        return None

    def _finish(
        self,
        doc: Doc,
        sentences: Sentences,
        position: int,
        drafts: list[Draft],
        acts: list[Act],
        event_dates: EventDates,
    ) -> list[dict[str, Any]]:
        table = token_table(doc)
        sentence = sentences[position]
        records: list[dict[str, Any]] = []
        used_money: set[int] = set()
        by_act: dict[int, list[Draft]] = {}
        for draft in drafts:
            by_act.setdefault(draft.act.start, []).append(draft)
        for act_start, act_drafts in by_act.items():
            act = act_drafts[0].act
            earlier_acts = [a.end for a in acts if a.end <= act.start and a.start != act_start]
            if earlier_acts:
                # the subject of "... and DFC signed" is what follows the last "and"/"," before it
                # (", and Chile and Korea signed": after the words that join two clauses, else
                # after the last "and" or comma)
                boundary = max(earlier_acts)
                lower = table.lower
                joins = [i + 1 for i in range(boundary, act.start) if lower[i] in (";", "while", "whereas")
                         or (lower[i] == "," and lower[i + 1] in ("and", "while", "whereas", "but"))]
                if joins:
                    boundary = joins[-1] + (1 if lower[joins[-1]] in ("and", "while", "whereas", "but") else 0)
                else:
                    for i in range(boundary, act.start):
                        if lower[i] in ("and", ","):
                            boundary = i + 1
                earlier_acts.append(boundary)
            first_mention = act_drafts[0].mentions[0]
            if first_mention.start < act.start and doc_text(doc)[
                    table.idx[first_mention.end] : table.idx[act.start]].strip()[:5] in (
                "that ", "which"
            ):
                subjects = self._subjects(doc, sentence, act, first_mention.end)
            else:
                subjects = self._subjects(doc, sentence, act, max(earlier_acts, default=sentence.start))
            if not subjects and earlier_acts:
                # "The US has signed ... and completed negotiations ...": a shared subject
                subjects = self._subjects(doc, sentence, act, sentence.start)
            if len(subjects) == 1 and subjects[0].label_ == "COUNTRY":
                # "she and Zambia's Minister signed ... on behalf of the two governments"
                pair = self._pair_of_countries(doc, sentence, sentence.start, sentence.end)
                if pair and any(p._.norm == subjects[0]._.norm for p in pair):
                    subjects = pair
            lower = table.lower
            if act.start > 0 and lower[act.start - 1] == "the" and lower[act.start] in ("signing", "exchange"):
                subjects = []  # "the two sides welcomed the signing of ...": witnesses, not parties
            respective = len(act_drafts) > 1 and len(subjects) == len(act_drafts)
            for index, draft in enumerate(act_drafts):
                if act.status == "negotiated" and draft.act.start == act_start and draft.mentions[0].start < act.start:
                    after = act.end
                else:
                    after = max(act.end, draft.mentions[-1].end) if draft.mentions[0].start >= act.start \
                        else act.end
                next_acts = [a.start for a in acts if a.start > act.start]
                clause_end = min(next_acts, default=sentence.end)
                # "an offtake agreement with X, and a supply contract with Y": X is the
                # offtake's, Y the contract's
                clause_end = min([d.mentions[0].start for d in act_drafts
                                  if d.mentions[0].start > draft.mentions[-1].end
                                  and draft.mentions[0].start >= act.start]
                                 + [clause_end])
                objects = self._objects(doc, sentence, after, clause_end)
                if draft.mentions[0].start < act.start and not objects:
                    # "A technical cooperation agreement between SGM and KIGAM was signed"
                    objects = self._objects(doc, sentence, draft.mentions[-1].end, act.start)
                if draft.mentions[0].start > act.end and table.lower[act.end] in ("with", "between"):
                    # "signed with Ivanhoe Mines a memorandum of understanding"
                    objects = self._objects(doc, sentence, act.end, draft.mentions[0].start) + objects
                if next_acts:
                    # "... to Vulcan and DFC signed ...": DFC opens the next clause
                    objects = [(m, e) for m, e in objects if not self._opens_clause(doc, e, next_acts[0])]
                if respective and index < len(act_drafts) - 1:
                    objects = []
                if act.guarantees and draft.kind in ("LOAN", "FINANCING"):
                    draft.kind = "LOAN_GUARANTEE"  # "UKEF has guaranteed an £85m loan"
                actor_role, object_role = self._roles(draft.kind, draft.mentions)
                actors = [subjects[index]] if respective else subjects
                if self._signing_approved_before(doc, acts, act):
                    # "the Cabinet approved the proposal ... to sign the MoU between X and Y":
                    # the approval is the act reported, and the approver is no party
                    actors = []
                    draft = dataclasses.replace(draft, act=dataclasses.replace(act, status="approved"))
                elif self._approves_others_instrument(doc, act, draft):
                    actors = []  # "the decree approving the convention between X and Y"
                by_actors = self._by_actors(doc, sentence, act, clause_end)
                if by_actors:
                    # "a guarantee issued by Bpifrance", "the signing by the Commission of ..."
                    actors = by_actors
                    objects = [(m, e) for m, e in objects if m != "for" and e.start > by_actors[-1].end
                               and not any(e.start == a.start for a in by_actors)]
                if draft.kind in self.cues.financing_kinds and actors:
                    partners = self._co_financiers(doc, sentence, act.end, sentence.end)
                    objects = [(m, e) for m, e in objects if all(e.start != p.start for p in partners)]
                    actors = [*actors, *(p for p in partners if all(p._.norm != a._.norm for a in actors))]
                if not actors:
                    actors = self._relative_actors(doc, sentence, draft.mentions[-1]) or \
                        self._announced_subject(doc, sentence, act)
                givers = doc.user_data.get("deal_list_givers", {}).get(sentence.start) \
                    if act.start == sentence.start else None
                if givers and not actors and not any(m == "between" for m, _ in objects):
                    actors = givers  # a listed item takes the introduction's subject
                labels = self._bullet_labels(doc, sentence) if draft.mentions[0].start < act.start else []
                if labels and labels[-1].end <= draft.mentions[0].start:
                    # "• X – offtake agreement with Y; signed 4 March": the line's label acts
                    actors = labels
                    objects = [(m, e) for m, e in self._objects(doc, sentence, draft.mentions[-1].end, act.start)
                               if all(e.start != label.start for label in labels)]
                possessor = self._possessor(doc, sentence, draft.mentions[0])
                if possessor is not None:
                    actors = [possessor]  # "JOGMEC's investment in Yilgarn"
                    objects = self._objects(doc, sentence, draft.mentions[-1].end, sentence.end)
                elif not actors:
                    actors = self._bullet_labels(doc, sentence)
                if not actors and not objects:
                    actors = self._pair_between(doc, sentence)
                if actors and any(m == "between" for m, _ in objects) and all(a.label_ == "COUNTRY" for a in actors) \
                        and self._signers_stand_for_countries(doc, sentence, act):
                    # "The two Ministers signed a Memorandum between METI and the Ministry of
                    # Environment": who signs for a government is no party; the instrument
                    # names its own
                    actors = []
                if not actors and draft.mentions[0].start < act.start:
                    actors = self._under_clause_subject(doc, sentence, draft.mentions[0], act)
                whereby = [] if actors or draft.kind in self.cues.financing_kinds else \
                    self._whereby_parties(doc, sentence, draft.mentions[-1])
                if whereby:
                    # "the exchange of an offtake agreement under which X will supply ... to Y"
                    objects = [("under", e) for e in whereby]
                if draft.mentions[0].start < act.start and not actors and objects:
                    actor_role = object_role  # passive: "an MoU was signed between X and Y"
                if actor_role in ("lender", "investor") and (table.lower[act.start] in RECEIVING_VERBS or (
                        table.lower[act.start] in ("awarded", "granted") and act.start > 0
                        and table.lower[act.start - 1] in ("was", "were", "been", "be", "is", "are"))):
                    # "Ghana has secured a loan from Afreximbank", "X was awarded $28.1 million"
                    actor_role = object_role
                if actor_role == "lender" and actors and not any(self._lender_like(a) for a in actors) \
                        and objects:
                    actor_role, object_role = "borrower", "lender"  # "the company signed a loan with a bank"
                parties: list[dict[str, str]] = []
                mixed = actor_role == "lender" and len(actors) > 1 and any(self._lender_like(a) for a in actors) \
                    and not all(self._lender_like(a) for a in actors)
                # "The European Union and Zambia signed a grant agreement", "ADFD and Morocco's
                # Ministry of Economy and Finance signed a loan agreement": the bank or fund
                # gives, the government receives
                receivers = [a for a in actors if self._borrowing_government(a)] \
                    if (draft.kind in self.cues.debt_kinds or draft.kind == "GRANT") \
                    and any(self._funder(a) for a in actors) else []
                for ent in actors:
                    # "The EIB and Keliber Oy signed a loan": the bank lends, the company borrows
                    role = ("lender" if self._lender_like(ent) else "borrower") if mixed else actor_role
                    if any(ent is r for r in receivers) or (
                            draft.kind in self.cues.financing_kinds and len(actors) > 1
                            and (act.start, ent.start) in doc.user_data.get("deal_issuer_subjects", ())):
                        role = object_role
                    parties.append(self._party(role, ent))
                for marker, ent in objects:
                    if draft.kind not in self.cues.financing_kinds:  # MOU, OFFTAKE, ...
                        role = "party"
                    elif marker == "from" and draft.stake:
                        role = object_role  # "a stake in the project from Kafue Resources"
                    elif marker == "from" or (draft.kind == "LOAN_GUARANTEE" and self._lender_like(ent)
                                              and ent.label_ != "COUNTRY"):
                        # "a loan from HSBC", "a guarantee to Standard Bank and Absa Bank"
                        role = "lender" if draft.kind in self.cues.debt_kinds or \
                            draft.kind == "LOAN_GUARANTEE" else "investor"
                    elif object_role == "borrower" and marker == "between" and self._lender_like(ent) \
                            and ent.label_ != "COUNTRY":
                        role = "lender"  # "a loan agreement between JBIC and Kazatomprom"
                    else:
                        role = object_role
                    parties.append(self._party(role, ent))
                record = self._record(doc, sentences, position, draft, parties, used_money,
                                      event_dates)
                lower = table.lower
                if len(actors) > 1 and "each" in lower[actors[-1].end : act.start] and draft.kind in self.cues.financing_kinds:
                    # "The EIB and the NIB have each approved a loan of EUR 150 million": one each
                    actor_norms = {self._party("", a)["norm"] for a in actors}
                    rest = [p for p in record["parties"] if p["norm"] not in actor_norms]
                    for party in record["parties"]:
                        if party["norm"] in actor_norms:
                            records.append({**record, "parties": [party, *rest]})
                    continue
                respective_amounts = self._respective_amounts(doc, sentence, actors, act, draft)
                if respective_amounts:
                    # "BGK and KEXIM signed loan agreements with X for PLN 600 million and
                    # USD 150 million respectively": one deal per actor, with its amount
                    actor_norms = [self._party("", a)["norm"] for a in actors]
                    rest = [p for p in record["parties"] if p["norm"] not in actor_norms]
                    for norm, money in zip(actor_norms, respective_amounts, strict=True):
                        own = [p for p in record["parties"] if p["norm"] == norm][:1]
                        records.append({**record, "parties": [*own, *rest], "amount": money.norm})
                    continue
                first = draft.mentions[0].start
                with_objects = [e for m, e in objects if m == "with"]
                if first > 0 and lower[first - 1] == "separate" and len(with_objects) > 1:
                    # "signed separate memoranda of understanding with Mauritania, Morocco and
                    # Tanzania": one instrument per counterpart
                    actor_norms = {self._party("", a)["norm"] for a in actors}
                    givers = [p for p in record["parties"] if p["norm"] in actor_norms]
                    for ent in with_objects:
                        own = self._party(object_role, ent)
                        records.append({**record, "parties": _unique_parties([*givers, own])})
                    continue
                distributed = self._distributed_with(doc, sentence, draft, actors, record)
                if distributed:
                    records.extend(distributed)
                    continue
                records.extend(self._components(doc, sentences, position, record) or [record])
                if draft.kind == "LOAN_GUARANTEE":
                    records.extend(self._covered_loan(doc, sentence, draft, record))
        return records

    def _distributed_with(self, doc: Doc, sentence: Span, draft: Draft, actors: list[Span],
                          record: dict[str, Any]) -> list[dict[str, Any]]:
        """'offtake agreements with X, signed in January, and with Y, signed in February':
        instruments in the plural, each 'with' its own counterpart (and date), are one deal
        per counterpart."""
        mention = draft.mentions[-1]
        lower = token_table(doc).lower
        if not lower[mention.end - 1].endswith("s") or mention.end >= sentence.end or lower[mention.end] != "with":
            return []
        withs = [i for i in range(mention.end, sentence.end) if lower[i] == "with"
                 and (i == mention.end or lower[i - 1] == "and" or lower[i - 2 : i] == [",", "and"])]
        if len(withs) < 2:
            return []
        ents = [e for e in _ents(sentence, PARTY_LABELS) if not self._is_modifier(doc, e)]
        actor_norms = {self._party("", a)["norm"] for a in actors}
        givers = [p for p in record["parties"] if p["norm"] in actor_norms]
        role = next((p["role"] for p in record["parties"] if p["norm"] not in actor_norms), "party")
        records: list[dict[str, Any]] = []
        for k, start in enumerate(withs):
            end = withs[k + 1] if k + 1 < len(withs) else sentence.end
            own = [e for e in ents if start < e.start < end and e.label_ != "COUNTRY"][:1]
            if not own:
                return []
            dates = [str(e.norm) for e in _ents(sentence, ["DATE"]) if own[0].end <= e.start < end]
            records.append({**record, "parties": _unique_parties([*givers, self._party(role, own[0])]),
                            "date": dates[0] if dates else record["date"]})
        return records

    def _under_clause_subject(self, doc: Doc, sentence: Span, mention: Span, act: Act) -> list[Span]:
        """'Under an offtake agreement signed on February 17, X will sell half of its output
        to Y': the subject of the clause the instrument's phrase opens is a party."""
        lower = token_table(doc).lower
        k = mention.start - 1
        while k > sentence.start and lower[k] not in ("under", ",") and mention.start - k <= 4:
            k -= 1
        if lower[k] != "under" or any(lower[i] not in CLAUSE_OPENERS for i in range(sentence.start, k)):
            return []
        comma = next((i for i in range(act.end, min(sentence.end, act.end + 12)) if lower[i] == ","), None)
        if comma is None:
            return []
        ents = [e for e in _ents(sentence, PARTY_LABELS) if e.start > comma and not self._is_modifier(doc, e)]
        if not ents or ents[0].start - comma > 2:
            return []
        return self._coordinated(doc, ents, 0)

    def _whereby_parties(self, doc: Doc, sentence: Span, mention: Span) -> list[Span]:
        """The parties a clause after the instrument names: 'an offtake agreement under which
        X will supply ... to Y', '... whereby X sells Y ...'."""
        lower = token_table(doc).lower
        start = mention.end
        if start + 1 < sentence.end and lower[start] == "under" and lower[start + 1] == "which":
            start += 2
        elif start < sentence.end and lower[start] in ("whereby", "wherein"):
            start += 1
        else:
            return []
        ents = [e for e in _ents(sentence, PARTY_LABELS) if e.start >= start and not self._is_modifier(doc, e)]
        if not ents or ents[0].start - start > 3:
            return []
        first = self._coordinated(doc, ents, 0)
        for i in range(first[-1].end, sentence.end):
            if lower[i] in ("to", "from", "with") and lower[i - 1] not in AMOUNT_LEADS:
                other = [e for e in self._party_list(doc, ents, i + 1, sentence.end)
                         if all(e.norm != f.norm for f in first)]
                if other:
                    return [*first, *other]
        return first

    @staticmethod
    def _signing_approved_before(doc: Doc, acts: list[Act], act: Act) -> bool:
        """An act ("to sign") that an approval earlier in the clause authorizes."""
        lower = token_table(doc).lower
        if act.start == 0 or lower[act.start - 1] != "to" or act.status == "approved":
            return False
        return any(a.status == "approved" and a.end < act.start and act.start - a.end <= 20
                   and not any(w in (";", ".", ":") for w in lower[a.end : act.start]) for a in acts)

    def _approves_others_instrument(self, doc: Doc, act: Act, draft: Draft) -> bool:
        """'The Cabinet of Ministers approved the proposal ... to sign the MoU between Sri Lanka
        and Saudi Arabia', 'the decree approving the mining convention between X and Y': the
        approving body authorizes an instrument others sign; it is no party to it."""
        if act.status != "approved" or draft.kind in self.cues.financing_kinds:
            return False
        first = draft.mentions[0].start
        if not 0 <= first - act.end <= 25:
            return False
        lower = token_table(doc).lower
        between = lower[act.end : first]
        # "approved a mining convention between the State and X": the parties are named (not
        # "approved nine offtake agreements between quota holders and traders")
        end = draft.mentions[-1].end
        labels = _ent_labels(doc)
        named_between = "between" in lower[end : end + 2] and any(
            labels[k] in PARTY_LABELS for k in range(end + 1, min(len(lower), end + 8)))
        return "proposal" in between or "proposals" in between or named_between or any(
            a == "to" and b in AUTHORIZED_ACTS for a, b in itertools.pairwise(between))

    def _respective_amounts(self, doc: Doc, sentence: Span, actors: list[Span], act: Act,
                            draft: Draft) -> list[Entity]:
        """The amounts of 'X and Y ... for A and B respectively', one per actor, in order."""
        lower = token_table(doc).lower
        if len(actors) < 2 or draft.kind not in self.cues.financing_kinds \
                or "respectively" not in lower[act.end : sentence.end]:
            return []
        end = act.end + lower[act.end : sentence.end].index("respectively")
        amounts = [m for m in _ents(sentence, ["MONEY"]) if act.end <= m.start < end]
        return amounts if len(amounts) == len(actors) else []

    def _package_parties(self, doc: Doc, following: Span, record: dict[str, Any]) -> None:
        """'The package comprises a loan from JBIC and a tranche from MUFG Bank and SMBC,
        insured by NEXI': the package's lenders and guarantors; whoever signed it with them
        borrows."""
        lower = token_table(doc).lower
        ents = [e for e in _ents(following, PARTY_LABELS) if not self._is_modifier(doc, e)]
        debt = any(word in DEBT_WORDS for word in lower[following.start : following.end])
        added: list[dict[str, str]] = []
        for i in range(following.start, following.end):
            if lower[i] == "from":
                role = "lender" if debt else "investor"
            elif lower[i] == "by" and lower[i - 1] in GUARANTEE_VERBS | {"backed", "insured"}:
                role = "guarantor"
            else:
                continue
            added.extend(self._party(role, e) for e in self._party_list(doc, ents, i + 1, following.end))
        if not added:
            return
        known = {p["norm"] for p in record["parties"]}
        if any(p["role"] == "lender" for p in added):
            for party in record["parties"]:
                if party["role"] in ("investor", "recipient") and party["norm"] not in {a["norm"] for a in added}:
                    party["role"] = "borrower"
        record["parties"].extend(p for p in added if p["norm"] not in known)

    def _components(
        self, doc: Doc, sentences: Sentences, position: int, record: dict[str, Any]
    ) -> list[dict[str, Any]] | None:
        """'... approved a financing package for Zambia. The package comprises a loan of
        US$300 million from the Bank and a grant of US$45 million from the Fund.': a package
        with no total of its own is reported as one deal per instrument."""
        following = _next_sentence(sentences, position)
        if record["kind"] != "FINANCING" or following is None:
            return None
        lower = token_table(doc).lower
        opening = lower[following.start : min(following.end, following.start + 6)]
        if not opening or opening[0] not in ("the", "this", "it") or not any(
                word in PACKAGE_VERBS for word in opening):
            return None
        if record["amount"] is not None:
            self._package_parties(doc, following, record)
            return None  # a package with a total is one deal
        mentions = [m for m in _ents(following, ["AGREEMENT"]) if m._.norm in self.cues.financing_kinds
                    and m._.norm != "FINANCING"]
        if len(mentions) < 2:
            return None
        money = _ents(following, ["MONEY"])
        parties = _ents(following, PARTY_LABELS)
        actors = [p for p in record["parties"] if p["role"] in ("lender", "investor", "guarantor")]
        receivers = [p for p in record["parties"] if p["role"] in ("borrower", "recipient")]
        components: list[dict[str, Any]] = []
        for index, mention in enumerate(mentions):
            stop = mentions[index + 1].start if index + 1 < len(mentions) else following.end
            start = mentions[index - 1].end if index else following.start
            amounts = [m for m in money if mention.end <= m.start < stop] or \
                [m for m in money if start <= m.start and m.end <= mention.start]
            if not amounts:
                return None  # an instrument without its share: keep the package whole
            kind = str(mention._.norm)
            actor_role, object_role = self._roles(kind, [mention])
            sources = [e for e in parties if mention.end <= e.start < stop
                       and "from" in lower[mention.end : e.start]]
            component_parties = [{**p, "role": actor_role} for p in actors]
            component_parties += [self._party(actor_role, e) for e in sources]
            component_parties += [{**p, "role": object_role} for p in receivers]
            unique: list[dict[str, str]] = []
            for party in component_parties:
                if party not in unique:
                    unique.append(party)
            components.append({**record, "kind": kind, "parties": unique,
                               "amount": amounts[0]._.norm,
                               "evidence": [record["evidence"][0], _trimmed_end(following)]})
        return components

    def _record(
        self,
        doc: Doc,
        sentences: Sentences,
        position: int,
        draft: Draft,
        parties: list[dict[str, str]],
        used_money: set[int],
        event_dates: EventDates,
    ) -> dict[str, Any]:
        sentence = sentences[position]
        start_char, end_char = sentence.start_char, _trimmed_end(sentence)
        money = self._amount(sentence, draft.mentions, used_money, self._clause(doc, sentence, draft.act))
        following = _next_sentence(sentences, position)
        if money is None and following is not None:
            # "The partners will invest ...", "Under the MoU, IRH will fund ...", not "The
            # African Development Bank estimated ...": a sentence that refers back
            table = token_table(doc)
            first = following.start
            refers_back = table.lower[first] in CONTINUATION_STARTS and not (
                table.lower[first] == "the" and len(following) > 1
                and (table.is_title[first + 1] or following[1].is_upper))
            # its own instruments would make it a report of its own ("... more than $30
            # billion in letters of interest, investments, loans")
            if refers_back and all(_definite(doc, m) for m in _ents(following, ["AGREEMENT"])):
                follow_money = _ents(following, ["MONEY"])
                if follow_money:
                    money = follow_money[0]
                    end_char = _trimmed_end(following)
        if money is not None:
            used_money.add(money.start)
        date = self._date(doc, sentence, draft.act)
        if date is None and position > 0:
            previous = sentences[position - 1]
            dates = _ents(previous, ["DATE"])
            # (not when the sentence has a date of its own that governs no act: "issued
            # seven letters of interest since October")
            if dates and dates[0].start - previous.start <= 1 and not _ents(sentence, ["DATE"]) \
                    and "\n\n" not in doc_text(doc)[previous.end_char : sentence.start_char]:
                date = str(dates[0]._.norm)  # "On Tuesday, ... . An MoU was signed ..."
                start_char = previous.start_char
        if date is None and following is not None:
            date = self._date_said_after(doc, following)
        if date is None or len(date) == 4:
            # "At the meeting, the government announced ... this year": the occasion dates
            # the act better than a year (the same year: "received a loan in 2024" stays)
            event = self._event_date(doc, sentence, event_dates)
            if event is not None and (date is None or event.startswith(date)):
                date = event
        status = "offered" if draft.kind in self.cues.offer_kinds else draft.act.status
        if draft.kind in self.cues.financing_kinds and token_table(doc).lower[draft.act.start] in ("adopted", "adopts"):
            status = "approved"  # one body's decision ("the Commission adopted a grant"), not a signing
        ents = _doc_ents(doc)
        starts = doc.user_data.get("deal_ent_start_chars")
        if starts is None:
            starts = doc.user_data["deal_ent_start_chars"] = [e.start_char for e in ents]
        evidence_spans = [e for e in ents[bisect_left(starts, start_char) : bisect_right(starts, end_char)]
                          if e.end_char <= end_char]
        commodities: list[str] = []
        for ent in evidence_spans:
            if ent.label_ == "COMMODITY" and str(ent._.norm) not in commodities:
                commodities.append(str(ent._.norm))
        return {
            "kind": draft.kind,
            "parties": _unique_parties(parties),
            "amount": money._.norm if money is not None else None,
            "date": date,
            "status": status,
            "count": self._count(doc, sentence, draft.mentions, draft.act),
            "commodities": commodities,
            "programs": self._programs(doc, evidence_spans),
            "evidence": [start_char, end_char],
        }

    def _date_said_after(self, doc: Doc, following: Span) -> str | None:
        """'... signed an offtake agreement with Aurubis. The agreement was signed in Santiago
        last month.': the next sentence refers back to the instrument and dates the act."""
        mentions = _ents(following, ["AGREEMENT"])
        if not mentions or mentions[0].start - following.start > 2 or not _definite(doc, mentions[0]):
            return None
        acts = [a for a in self._acts(following) if a.start >= mentions[0].end]
        return self._date(doc, following, acts[0]) if acts else None

    def _event_date(self, doc: Doc, sentence: Span, event_dates: EventDates) -> str | None:
        for ent in _ents(sentence, ["PROGRAM"]):
            found = event_dates.get(str(ent._.norm).lower())
            if found:
                return found
        lower = token_table(doc).lower
        for i in range(sentence.start, sentence.end):
            if lower[i] in self.cues.event_words and i > 0 and lower[i - 1] == "the":
                found = event_dates.get(lower[i])
                if found:
                    return found
            if lower[i] == "presence" and lower[i - 1] == "the" and lower[i - 2] == "in":
                found = event_dates.get(OCCASION)  # "In the presence of the two Ministers"
                if found:
                    return found
        return None


def _receiving_body(doc: Doc, mention: Span) -> bool:
    """'invest EUR 40 million in the joint venture company', 'a loan to the partnership': a
    venture named before, receiving money, not an instrument reported here."""
    if mention._.norm not in ("JOINT_VENTURE", "PARTNERSHIP") or mention.start < 2:
        return False
    lower = token_table(doc).lower
    return lower[mention.start - 1] in ("the", "its", "their") and lower[mention.start - 2] in (
        "in", "into", "to", "for", "from")


BOILERPLATE_HEADING = re.compile(
    r"(?m)^[#*\s]*(?:About (?:the )?[^\n]{1,60}|Notes? (?:to|for) editors?[^\n]{0,20}|Editor'?s notes?)$"
    r"|^[#*\s]*About [A-Z][^\n:]{0,50}:")
# "Finnvera in brief", not a newsletter's "This week in brief"
IN_BRIEF_HEADING = re.compile(r"(?m)^[#*\s]*([A-Z][^\n]{0,40}) in brief$")
IN_BRIEF_NOT_PROFILE = re.compile(r"\b(?:[Ww]eek|[Mm]onth|[Nn]ews|[Tt]oday|[Tt]his|[Dd]ay)\b")


def _boilerplate_start(text: str) -> int:
    """Where the closing profile of the issuer starts ("About Finnvera", "Notes to editors")."""
    after_headline = text.find("\n") + 1  # not the headline itself
    start = len(text)
    if any(word in text for word in ("About", "Note", "Editor")):  # (the search is much slower)
        match = BOILERPLATE_HEADING.search(text, after_headline)
        start = match.start() if match else start
    if " in brief" in text:
        for match in IN_BRIEF_HEADING.finditer(text, after_headline, start):
            if not IN_BRIEF_NOT_PROFILE.search(match.group(1)):
                return match.start()
    return start


def _annual_total(deal: dict[str, Any], reference: Any) -> bool:
    """'In 2024 it signed nearly €89 billion in new financing': a past year's total that
    names no counterpart is a statistic, not a deal."""
    date = deal.get("date") or ""
    counterparts = [p for p in deal["parties"] if p["role"] in ("borrower", "recipient", "party")]
    return bool(reference) and len(date) == 4 and int(date) < reference.year and not counterparts


def _announced_summary(deal: dict[str, Any], total: int) -> bool:
    """'Managem announces two agreements that ...': a release's opening that counts the
    agreements it goes on to report (generic, no amount) is no deal of its own."""
    count = deal["count"]
    return deal["kind"] == "AGREEMENT" and deal["status"] == "announced" and deal["amount"] is None \
        and count is not None and count >= 2 and total > count


def _running_total(deal: dict[str, Any], text: str) -> bool:
    """'To date, the Bank has invested more than €10.5 billion in 330 projects': a running
    total that names no counterpart is a statistic."""
    counterparts = [p for p in deal["parties"] if p["role"] in ("borrower", "recipient", "party")]
    opening = text[deal["evidence"][0] : deal["evidence"][0] + 40].lstrip("-*•# ").lower()
    return not counterparts and opening.startswith(RUNNING_TOTAL_OPENINGS)


RUNNING_TOTAL_OPENINGS = ("to date", "so far", "since its", "in total since", "over the years", "since inception")
BULLETS = ("-", "*", "•")
# Lines under a listed item that only annotate it ("Signed by: X; Y.").
ITEM_NOTES = ("signed by", "signatories", "signed for", "represented by")
# "1." or "2)" opening a numbered item, and the lettered and roman ones of legal texts and
# communiqués: "(i)", "(iv)", "(b)", "ii.", "c)"
_ITEM_MARK = r"(?:\d{1,2}[.)]|\((?:\d{1,2}|[ivx]{1,5}|[a-h])\)|(?:[ivx]{1,5}|[a-h])[.)])"
NUMBER_MARK = re.compile(_ITEM_MARK)
ITEM_OPENING = re.compile(_ITEM_MARK + r"\s")


def _list_item(text: str) -> bool:
    """A bulleted or numbered line ("- A loan ...", "1. Between ...", "(ii) A framework ...")."""
    text = text.lstrip()
    return text[:1] in BULLETS or ITEM_OPENING.match(text) is not None


def _unique_parties(parties: list[dict[str, str]]) -> list[dict[str, str]]:
    unique: list[dict[str, str]] = []
    for party in parties:
        if not any(p["norm"] == party["norm"] and p["label"] == party["label"] for p in unique):
            unique.append(party)
    return unique


def _lines_between(doc: Doc, start_char: int, end_char: int) -> int:
    """How many lines with words lie between two character offsets."""
    return sum(1 for line in doc_text(doc)[start_char:end_char].split("\n") if line.strip())


def _table_start(doc: Doc, row: Span) -> int:
    """Where the table a row belongs to starts: its first line that begins with '|'."""
    text = doc_text(doc)
    start = text.rfind("\n", 0, row.start_char) + 1
    while start > 0:
        previous = text.rfind("\n", 0, start - 1) + 1
        line = text[previous : start].strip()
        if line and not line.startswith("|"):
            break
        start = previous
    return start


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _next_sentence(sentences: Sentences, position: int) -> Span | None:
    """The next sentence with words in it (a paragraph break is a blank sentence of its own)."""
    if not sentences:
        return None
    is_space = token_table(sentences.doc).is_space
    for k in range(position + 1, len(sentences)):
        start, end = sentences.bounds[k]
        if not all(is_space[start:end]):
            return sentences[k]
    return None


def _dateline_end(doc: Doc, start: int, stop: int) -> int | None:
    """The token after a dateline's dash ("WASHINGTON, Feb. 10, 2026 –") within the first
    words from `start`, if there is one."""
    table = token_table(doc)
    for i in range(start, min(stop, start + 14)):
        if table.text[i] in ("—", "–", "--") or (table.text[i] == "-" and table.space[i]):
            return i + 1
    return None


def _appositive_end(doc: Doc, start: int, stop: int) -> int | None:
    """The comma closing a description after a name (", a Perth-based explorer," or ", the
    world's largest producer,"), if one opens at token `start`; not a list of names (", the
    United States,")."""
    table = token_table(doc)
    lower = table.lower
    if start + 2 >= stop or lower[start] != "," or lower[start + 1] not in ("a", "an", "the"):
        return None
    labels = _ent_labels(doc)
    for k in range(start + 2, min(stop, start + 16)):
        if lower[k] in (",", ";", "(", ":"):
            described = range(start + 2, k)
            return k if lower[k] == "," and any(
                table.is_lower[i] and table.is_alpha[i] and not labels[i] and lower[i] not in ("and", "of", "the")
                for i in described) else None
    return None


def _second_object(doc: Doc, act: Act, mention: Span) -> bool:
    """'signed an offtake agreement with X, and a supply contract with Y': one act, two objects."""
    window = doc[max(act.end, mention.start - 8) : mention.start]
    words = [t.lower_ for t in window]
    return "and" in words and any(w in ("a", "an") for w in words[words.index("and") :])



def _reduced_passive(doc: Doc, group: list[Span], act: Act) -> bool:
    """'the partnership on refining concluded by Norway and Canada', 'the framework agreement
    signed today between X and Y': a participle a few words after the instrument, then
    (past a date) its agent or the parties."""
    table, labels = token_table(doc), _ent_labels(doc)
    lower = table.lower
    between = range(group[-1].end, act.start)
    if between and lower[between[0]] not in ("on", "for", "in", "of", "to", "with", "between"):
        return False  # not "the contract must still be approved by ...", only a phrase
    if act.end - act.start != 1 or len(between) > 6 or lower[act.start] in BASE_FORMS or any(
            not (table.is_alpha[k] and (table.is_lower[k] or labels[k])) or lower[k] in AUXILIARIES
            for k in between):
        return False
    k = act.end
    sentence_end = sentence_index(doc)[act.start][1]
    while k < sentence_end and k - act.end < 6 and (labels[k] == "DATE" or lower[k] in ("today", "yesterday", "on", "in")):
        k += 1
    if k >= sentence_end - 1 or lower[k] not in ("by", "between", "with"):
        return False
    k += 1
    if lower[k] == "the" and k + 1 < sentence_end:
        k += 1
    return labels[k] in PARTY_LABELS


def _definite(doc: Doc, mention: Span) -> bool:
    """'the agreement', 'the largest lithium partnership': a reference back."""
    table = token_table(doc)
    index = mention.start - 1
    while index >= 0 and mention.start - index <= 4:
        if table.lower[index] in ("the", "this", "that", "these", "those", "such", "its", "their", "our"):
            return True
        if not (table.is_alpha[index] and table.is_lower[index]) and table.text[index] not in ("-", "–"):
            return False
        index -= 1
    return False


def _name_start(doc: Doc, mention: Span) -> int:
    """Where the name ending in this kind word starts: "the 2023 [U.S.–Japan Critical
    Minerals] Agreement" (capitalised words, countries and the dashes joining them)."""
    table, labels, bounds = token_table(doc), _ent_labels(doc), sentence_index(doc)
    index = mention.start
    while index > 0 and mention.start - index < 8:
        previous = index - 1
        if bounds[previous][0] == previous or table.text[previous] in ("A", "An", "The", "This", "Its", "Their"):
            break
        if not (table.is_title[previous] or labels[previous] == "COUNTRY" or table.text[previous] in ("-", "–")):
            break
        index -= 1
    return index


def _inside_name(doc: Doc, mention: Span) -> bool:
    """'Export Development Guarantee scheme': a capitalised kind word inside a name."""
    table, labels = token_table(doc), _ent_labels(doc)
    start = mention.start
    if not table.text[start].istitle() or start == 0 or sentence_index(doc)[start][0] == start:
        return False
    previous = table.text[start - 1]
    if not (previous.istitle() and previous not in ("A", "An", "The", "This", "These", "That",
                                                    "Its", "Their", "New", "Our")
            and labels[start - 1] not in ("COUNTRY", "AGENCY", "ORG")):
        return False
    # "Critical Minerals Action Plan" ends in its kind word and names the agreement; the
    # name of a scheme or fund goes on after it ("Export Development Guarantee scheme").
    if mention.end >= len(table):
        return False
    return table.text[mention.end].istitle() or table.lower[mention.end] in NAME_HEADS


def _ongoing(sentence: Span) -> bool:
    """A state of affairs since a past year, not an act reported now."""
    tokens = token_table(sentence.doc).lower[sentence.start : sentence.end]
    if "since" not in tokens or "which" not in tokens:
        return False
    since_year = any(a == "since" and b.isdigit() and len(b) == 4 for a, b in itertools.pairwise(tokens))
    relative = any(a in ("with", "in", "under") and b == "which" for a, b in itertools.pairwise(tokens))
    return since_year and relative


def _guaranteed_facility(deals: list[dict[str, Any]], text: str) -> None:
    """'UK Export Finance (UKEF) has guaranteed 85% of the facility.': a guarantee that names
    only its guarantor covers the debt deal just reported, whose lenders and borrower it
    lists too."""
    for k, deal in enumerate(deals):
        if deal["kind"] != "LOAN_GUARANTEE" or any(p["role"] != "guarantor" for p in deal["parties"]):
            continue
        evidence = text[deal["evidence"][0] : deal["evidence"][1]].lower()
        if not any(f"the {noun}" in evidence for noun in ("facility", "loan", "financing", "credit")):
            continue
        debt = next((d for d in reversed(deals[:k]) if d["kind"] in ("LOAN", "FINANCING")
                     and any(p["role"] in ("lender", "borrower") for p in d["parties"])), None)
        if debt is None:
            continue
        known = {p["norm"] for p in deal["parties"]}
        deal["parties"] = deal["parties"] + [p for p in debt["parties"] if p["role"] in ("lender", "borrower")
                                             and p["norm"] not in known]


def _givers(total: dict[str, Any]) -> tuple[list[dict[str, str]], str]:
    """Who gives the money of a total (its investors or lenders), and the role its parts'
    recipients take: borrower under lenders, else recipient."""
    givers = [p for p in total["parties"] if p["role"] in ("investor", "lender")]
    return givers, "borrower" if any(g["role"] == "lender" for g in givers) else "recipient"


def _asks_or_details(sentence: Span) -> bool:
    """A question, or a sentence that opens on the terms of the instrument just reported
    ("Under it, ...", "Under the agreement, ...")."""
    text = _span_text(sentence).strip()
    if text.endswith("?"):
        return True
    if UNDER_THE_INSTRUMENT.match(text) is None:
        return False
    # ("Under the agreement signed today, JOGMEC will take a 49% stake": the signing is reported here)
    opening = set(re.findall(r"[a-z]+", text.split(",")[0].lower()))
    return opening.isdisjoint(OPENING_ACTS)


OPENING_ACTS = frozenset({"signed", "concluded", "agreed", "reached", "struck", "inked", "approved",
                          "announced", "today", "yesterday"})
# "Under it, ...", "Under the contract between X and Y, ...", "Under the new offtake deal, ..."
UNDER_THE_INSTRUMENT = re.compile(
    r"(?i)under (?:it\b|(?:the|this|that|these) (?:[\w-]+ ){0,2}?(?:agreements?|deals?|contracts?|partnerships?"
    r"|memorand\w*|mous?|arrangements?|facilit(?:y|ies)|loans?)\b)")


def _is_title(sentence: Span) -> bool:
    """A headline or heading: a short line with no closing punctuation (a long sentence
    cut before a trailing "(ANI)" credit is body text)."""
    text = _span_text(sentence).strip()
    if not text:
        return False
    if text.startswith("#"):
        return True
    if text[-1] in ".!?\"”’);" or (text[-1] == "," and _list_item(text)):
        return False  # a sentence, or an item of a list ("(i) A memorandum between ...;")
    # a long headline still stands alone on the document's first line
    return len(sentence) <= 25 or (sentence.start_char < 5 and len(sentence) <= 45)


CO_LENDING_CUES = ("co-financed with", "co-financing with", "syndicated with", "together with",
                   "alongside", "co-lenders", "co-lending")
SAME_OCCASION = ("same day", "same date", "same session", "same ceremony", "same occasion",
                 "in parallel", "on the margins", "on the sidelines", "on the occasion",
                 "at the ceremony", "at the event", "during the ceremony", "among them", "at the same time",
                 "among these")


def _carry_same_day(deals: list[dict[str, Any]], text: str, first_day: str | None = None) -> None:
    """'On the same day, DFC signed ...': the date of the act reported before it, else of
    the occasion the text opens with ('The Commission today recognised ... In parallel,
    the EIB signed ...')."""
    last_date = first_day
    for deal in deals:
        start, end = deal["evidence"]
        if deal["date"] is None and last_date:
            evidence = text[start:end].lower()
            if any(phrase in evidence for phrase in SAME_OCCASION):
                deal["date"] = last_date
        if deal["date"] is not None:
            last_date = deal["date"]


def _stale(date: str | None, reference: Any) -> bool:
    """A deal dated more than a year before the document is a background reference."""
    if not date or reference is None:
        return False
    year = int(date[:4])
    month = int(date[5:7]) if len(date) >= 7 else 12
    return (reference.year - year) * 12 + (reference.month - month) > 12


def _merge_duplicates(deals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A headline and the body report one deal once: same kind and the same amount or the
    same parties; the fuller record is kept, completed from the other. A summary line that
    names no party, amount or count ("Memorandum of understanding signed with Korea's state
    minerals agency.") repeats a deal of its kind the text reports with its parties."""
    with_parties = {d["kind"] for d in deals if d["parties"]}
    deals = [d for d in deals if d["parties"] or d["amount"] is not None or d["count"] is not None
             or d["kind"] not in with_parties]
    kept: list[dict[str, Any]] = []
    for deal in deals:
        parties = {p["norm"] for p in deal["parties"]}
        twin = None
        for other in kept:
            if other["kind"] != deal["kind"] or (
                    other["evidence"] == deal["evidence"] and {p["norm"] for p in other["parties"]} != parties):
                continue  # one sentence's deals with other parties are distinct ("each approved")
            other_parties = {p["norm"] for p in other["parties"]}
            same_amount = deal["amount"] is not None and deal["amount"] == other["amount"]
            same_parties = bool(parties) and parties == other_parties
            same_status = deal["status"] == other["status"]
            if (same_amount or same_parties) and same_status:
                twin = other
                break
        if twin is None:
            kept.append(deal)
            continue
        fuller, other = (deal, twin) if _filled(deal) > _filled(twin) else (twin, deal)
        merged = dict(fuller)
        for key in ("amount", "date", "count"):
            if merged.get(key) is None:
                merged[key] = other.get(key)
        kept[kept.index(twin)] = merged
    return kept


def _filled(deal: dict[str, Any]) -> int:
    return len(deal["parties"]) + sum(deal.get(k) is not None for k in ("amount", "date", "count"))


# The words `_holding_word` can accept.
HOLDING_WORDS = STAKE_WORDS - {"equity"}


def _holding_word(lower: Sequence[str], i: int) -> bool:
    """A word for a holding bought: "stake", "a 5% interest", "new ordinary shares" after
    "subscribe for"."""
    word = lower[i]
    if word in ("stake", "stakes"):
        return True
    if word == "shareholding":  # "a minority shareholding of EUR 60 million in X"
        return True
    if word == "interest":  # "a further 5% interest in Mokoro Copper", "a minority interest"
        before = lower[max(0, i - 4) : i]
        return "%" in before or "percent" in before or ("per" in before and "cent" in before) or any(
            w in ("minority", "majority", "controlling") for w in before[-2:])
    if word == "shares":  # "agreed to subscribe for 48,275,862 new ordinary shares"
        return any(w in ("subscribe", "subscribed", "subscribes") for w in lower[max(0, i - 8) : i])
    return False


def _word_offsets(doc: Doc, words: Sequence[str]) -> list[int]:
    """Character offsets where any of these lower-case words occurs in the document's text,
    in any case (`str.find` on the text folded once per document; a case-insensitive regex
    is several times slower)."""
    known = doc.user_data.setdefault("deal_word_offsets", {})  # several rules ask for ":"
    key = tuple(words)
    if key in known:
        return known[key]
    text = doc_text(doc)
    folded = doc.user_data.get("deal_folded_text")
    if folded is None:
        folded = doc.user_data["deal_folded_text"] = text.lower()
    if len(folded) != len(text):  # a character whose lower case is longer ("İ")
        found = [m.start() for m in re.finditer("|".join(map(re.escape, words)), text, re.IGNORECASE)]
    else:
        found = []
        for word in words:
            at = folded.find(word)
            while at >= 0:
                found.append(at)
                at = folded.find(word, at + 1)
        found.sort()
    known[key] = found
    return found


def _span_text(span: Span) -> str:
    """`span.text`, sliced from the document text instead of joined from tokens."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def _trimmed_end(span: Span) -> int:
    text = _span_text(span)
    return span.start_char + len(text.rstrip())


@Language.factory("deal_extractor", default_config={"models_dir": ""})
def make_deal_extractor(nlp: Language, name: str, models_dir: str) -> DealExtractor:
    return DealExtractor(nlp, name, models_dir)


@Language.component("paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, bullets and datelines carry no full stop."""
    table = token_table(doc)
    text, is_space = table.text, table.is_space
    starts = [i for i in range(1, len(table)) if is_space[i - 1] and "\n" in text[i - 1]]
    if starts:
        # Written as one array: `doc[i].is_sent_start = True` makes a Token and checks the
        # whole document for a parse on every call.
        values = doc.to_array([SENT_START])
        values[starts] = 1
        doc.from_array([SENT_START], values)
    return doc
