"""The entity resolver: from overlapping candidates to the document's entities.

1. Guards drop candidates their context rules out (an ambiguous country name inside a
   person's or a company's name, "investment opportunities", "lead" the verb).
2. Selection keeps the longest candidates that do not overlap; on a tie, gazetteer
   entries beat rules. Blockers ("New Mexico") win like any phrase and emit nothing.
3. Names propagate: a person's surname, a company's short name and an acronym defined in
   brackets ("Export-Import Bank of the United States (EXIM)") are marked wherever they
   recur, with the same norm; a second selection settles the new overlaps.
4. A country word right before an agency joins it ("US State Department").
The result is `doc.ents`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp.components.gazetteer_matcher import AMBIGUOUS_SUFFIX
from extractor.nlp.components.rule_matcher import GENERIC_NAME_WORDS, STATE_BANK_WORDS, STOP_CAPS
from extractor.nlp.extensions import (
    CANDIDATES_KEY,
    RULE_PREFIX,
    Candidate,
    TokenTable,
    char_token_span,
    doc_text,
    get_detail_at,
    make_candidate,
    sentence_index,
    set_detail_at,
    set_entities,
    token_table,
)
from extractor.nlp.gazetteers import (
    BLOCK,
    MODELS_DIR,
    Gazetteer,
    load_currencies,
    load_gazetteer,
    load_pattern_data,
)

# Kind words that are also verbs, read as verbs before an object.
VERB_LIKE_KINDS = frozenset({"guarantee", "guarantees", "grant", "grants", "fund", "funds",
                             "finance", "finances"})
# Words before "Bank" that do not make a company name ("the World Bank" is in the gazetteer).
GENERIC_BANK_WORDS = STATE_BANK_WORDS | {"World", "Commercial", "Merchant", "Savings", "Cooperative",
                                         "State", "People", "Federal", "International", "Regional",
                                         "Islamic", "European", "African", "Asian"}

ACRONYM_RE = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Za-z0-9&.\-]{2,14}$")
OPENING_QUOTES = frozenset({"‘", "“", "'", '"', "’", "”"})
LINKABLE_LABELS = frozenset({"AGENCY", "ORG", "PROGRAM", "COUNTRY", "COMMODITY", "AGREEMENT"})
# Words after an ambiguous country name that keep it a country ("Chad Government").
COUNTRY_FOLLOWERS = frozenset(
    ["Government", "Governments", "Ministry", "Minister", "Ministers", "President", "Prime", "Vice", "Embassy", "Ambassador", "Parliament", "Senate", "State", "Republic", "Kingdom", "Federation", "Cabinet", "Authorities", "Official", "Officials", "Delegation", "Secretary", "Department", "Agency", "Mission", "Army", "Navy", "Forces"]
)


# Heads of job titles: a capitalised run holding one is a title, not a body's name.
TITLE_HEADS = frozenset({"Minister", "Ministers", "Secretary", "President", "Vice-President",
                         "Director", "Director-General", "Chairman", "Chairwoman", "Chairperson",
                         "Ambassador", "Governor", "Commissioner", "Deputy", "Spokesperson"})

# Context that makes a company's first word the place it is named after.
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "from", "across", "outside", "around"})
COMPASS_WORDS = frozenset({"North", "South", "East", "West", "Northern", "Southern", "Eastern",
                           "Western", "Central", "Upper", "Lower"})
PLACE_NOUNS = frozenset({"mine", "mines", "project", "projects", "deposit", "deposits", "province",
                         "provinces", "region", "area", "district", "county", "state", "plant",
                         "smelter", "refinery", "site", "field", "basin", "port", "city",
                         "acquisition", "nickel", "copper", "gold", "lithium", "cobalt", "mining"})

# A reference number glued to an acronym: "-LP-007-2026", "-CM-003".
REFERENCE_CODE = re.compile(r"-(?:[A-Z]{1,5}-)*\d")

# Words after a hyphenated demonym that make it name a language ("Russian-language media").
LANGUAGE_WORDS = frozenset({"language", "languages", "speaking", "speaker", "speakers"})

# Capitalised head nouns that, after "the", refer back to a body named in full.
AGENCY_REFERENCE_HEADS = frozenset({"Bank", "Department", "Ministry", "Secretariat", "Commission",
                                    "Agency", "Corporation", "Authority", "Fund", "Council",
                                    "Directorate", "Bureau", "Committee", "Cabinet"})
# Lower-case words inside names in several languages ("Corporación Nacional del Cobre de Chile").
NAME_JOINERS = frozenset({"of", "and", "for", "de", "del", "des", "du", "la", "le", "y", "e", "et",
                          "di", "da", "do", "dos", "das", "van", "von", "&", "the"})
# Single words that never stand alone for a company named with them.
SHORT_NAME_STOP = frozenset(["Bank", "Group", "Global", "International", "National", "Critical", "Strategic", "New", "First", "General", "United", "American", "British", "European", "Asian", "African", "Pacific", "Atlantic", "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central", "Royal", "Federal", "State", "Energy", "Mining", "Minerals", "Resources", "Metals", "Capital", "Holdings", "Rare", "Green", "Clean", "Advanced", "Lithium", "Copper", "Gold", "Silver", "Nickel", "Cobalt", "Graphite", "Iron", "Steel", "Power", "Electric", "Battery", "Mineral", "Natural", "Investment", "Development", "Trade", "Export", "Import", "Standard", "Premier", "Prime", "Alpha", "Sierra", "Golden", "Silver", "Blue", "Red", "Black", "White", "Star", "Sun", "Pan", "Trans", "Anglo", "Rio", "Saudi", "Korea", "Japan", "China", "India"])
# Words that end a noun phrase: an amount before them is not the instrument's.
FUNCTION_WORDS = frozenset({"of", "for", "in", "and", "or", "to", "on", "by", "with", "from", "at",
                            "the", "a", "an"})
# Words between "of" and an amount ("support of up to $125 million").
AMOUNT_QUALIFIERS = frozenset({"up", "to", "about", "around", "some", "nearly", "approximately",
                               "over", "more", "than", "at", "least", "almost", "roughly"})
COORDINATION_WORDS = frozenset({"and", "or", ",", "other", "additional", "further", "related"})
# The three words before an ambiguous name that make it a US state ("the state of Georgia").
US_STATE_CONTEXT = re.compile(r"\b(?:state of|u\.s\. state|us state|atlanta,?)$")


def _priority(label: str, kb_id: str) -> int:
    """Lower wins a tie in length."""
    if label == BLOCK:
        return 0
    if not kb_id.startswith(RULE_PREFIX):
        return 2 if kb_id.endswith(AMBIGUOUS_SUFFIX) else 1
    if kb_id in (RULE_PREFIX + "money", RULE_PREFIX + "date"):
        return 1
    if kb_id.startswith(RULE_PREFIX + "link"):
        return 0
    if kb_id.startswith(RULE_PREFIX + "person"):
        return 4  # the weakest reading: "Lima Stock Exchange" after a line break is no person
    if kb_id == RULE_PREFIX + "defined":
        return 2  # a name its known acronym defines beats a head-word rule ("... Fund (EIFO)")
    return 3


def select_spans(spans: Iterable[Candidate], length: int) -> list[Candidate]:
    """Longest first, then by priority, then leftmost; no two chosen spans share a token
    (`length`: the document's number of tokens)."""
    ordered = sorted(spans, key=lambda s: (s.start_char - s.end_char, _priority(s.label, s.kb_id),
                                           s.start))
    # One byte per token, 1 once taken: a slice says whether any token of a span is taken.
    taken = bytearray(length)
    chosen: list[Candidate] = []
    for span in ordered:
        start, end = span.start, span.end
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


class EntityResolver:
    def __init__(self, nlp: Language, name: str, models_dir: str) -> None:
        self.name = name
        root = Path(models_dir) if models_dir else MODELS_DIR
        self.gazetteer: Gazetteer = load_gazetteer(root)
        guards = load_pattern_data("guards", root)
        agreement = guards.get("agreement", {})
        self.agreement_blocked_before: dict[str, frozenset[str]] = {
            kind: frozenset(words) for kind, words in agreement.get("blocked_before", {}).items()
        }
        self.agreement_blocked_after = frozenset(agreement.get("blocked_after", []))
        self.agreement_needs_determiner = frozenset(agreement.get("needs_determiner", []))
        self.determiners = frozenset(agreement.get("determiners", []))
        self.agreement_context_only = frozenset(agreement.get("context_only", []))
        self.agreement_phrase_blocks = [
            tuple(p.lower().split()) for p in agreement.get("phrase_blocks", [])
        ]
        self.financial_words = frozenset(agreement.get("financial_words", []))
        # Context words accepted after a word that makes them instruments ("federal support",
        # "state equity", "a mining convention"), or next to an amount ("a US$60 million
        # equipment facility", "support of up to $125 million"), or after the body or
        # programme that gives them ("World Bank support", "France 2030 support").
        self.agreement_accepted_before: dict[str, frozenset[str]] = {
            head: frozenset(words) for head, words in agreement.get("accepted_before", {}).items()
        }
        self.agreement_with_amount = frozenset(agreement.get("accepted_with_amount", []))
        # "acquired a 10 per cent stake", "giving it a 20% stake": a stake taken is an
        # investment; one held, kept or sold is not.
        self.agreement_after_verbs: dict[str, frozenset[str]] = {
            head: frozenset(words) for head, words in agreement.get("accepted_after_verbs", {}).items()
        }
        self.agreement_verb_gap = frozenset(agreement.get("verb_gap_words", []))
        self.agreement_after_body = frozenset(agreement.get("accepted_after_body", []))
        # Context words that, after "the", refer back to the same instrument named earlier
        # ("a senior debt facility ... The facility has a tenor of 12 years").
        self.agreement_references: dict[str, str] = {
            form: group for group, forms in agreement.get("references", {}).items() for form in forms
        }
        self._body_ends: frozenset[int] = frozenset()
        commodity = guards.get("commodity", {})
        self.commodity_ambiguous = frozenset(commodity.get("ambiguous", []))
        self.commodity_contexts = frozenset(commodity.get("context_words", []))
        self.commodity_blocked_after = frozenset(commodity.get("blocked_after", []))
        self.person_stop = frozenset(guards.get("person", {}).get("not_names", []))
        self.portfolio_words = frozenset(load_pattern_data("person_titles", root).get("portfolio_words", []))
        self.document_cues: dict[str, list[str]] = guards.get("country", {}).get("document_cues", {})
        org_suffixes = load_pattern_data("org_suffixes", root)
        self.org_suffixes = frozenset(org_suffixes.get("suffixes", []))
        self.weak_org_suffixes = frozenset(org_suffixes.get("weak_suffixes", []))
        self.legal_forms = frozenset(org_suffixes.get("legal_forms", []))
        currencies = load_currencies(root)
        # currency codes and symbols, and the scale words that end an amount ("a US$250 million facility")
        self.currency_marks = frozenset(currencies.get("codes", [])) | frozenset(currencies.get("symbols", {}))
        self.amount_scales = frozenset(word.lower() for word in currencies.get("scales", {}))
        self.country_phrases = frozenset(
            p.text for p in self.gazetteer.phrases if p.key.startswith("COUNTRY:")
        )
        self.country_words = frozenset(word for phrase in self.country_phrases for word in phrase.split())
        self.demonyms = self.gazetteer.demonyms

    # -- guards -----------------------------------------------------------------------
    def _keep(self, doc: Doc, table: TokenTable, span: Candidate, agreement_starts: set[int],
              blocked: frozenset[str]) -> bool:
        label = span.label
        if label == "COUNTRY" and span.end + 1 < len(table) and table.text[span.end] in ("-", "‑") \
                and table.lower[span.end + 1] in LANGUAGE_WORDS:
            return False  # "a Russian-language news site": the language, not the country
        if label in ("AGENCY", "ORG", "COUNTRY") and span.end - span.start == 1 and (
                self._in_code(doc, table, span)):
            return False  # "Tender No. SGC-LP-007-2026", "(TSX-V: SGC)": codes, not names
        if label == "AGENCY" and span.end < len(table) and table.text[span.end] in ("Base", "BASE"):
            return False  # "Wright-Patterson Air Force Base": a place
        if label == "COUNTRY" and span.kb_id.endswith(AMBIGUOUS_SUFFIX):
            return _span_text(doc, span) not in blocked and \
                self._country_in_context(doc, table, span, agreement_starts)
        if label == "AGREEMENT":
            return self._agreement_in_context(doc, table, span, agreement_starts)
        if label == "COMMODITY":
            return self._commodity_in_context(doc, table, span)
        if label == "ORG" and not span.kb_id.startswith(RULE_PREFIX) and span.start > 0 and \
                table.lower[span.start - 1] in ("and", "&", "of", "for") and \
                all(w in GENERIC_NAME_WORDS for w in table.text[span.start : span.end]):
            return False  # "Mining and Mineral Resources": a portfolio, not the company
        if label == "PERSON":
            words = table.text[span.start : span.end]
            # "Minister for Regional Development, Minister for Resources": a portfolio, no name
            return not any(w in self.person_stop for w in words) and \
                not all(w in self.portfolio_words for w in words)
        # "Minister of Energy and Natural Resources": a portfolio, no company
        return not (label in ("ORG", "AGENCY", "COMMODITY") and self._inside_title(table, span))

    @staticmethod
    def _in_code(doc: Doc, table: TokenTable, span: Candidate) -> bool:
        """An acronym that is part of a reference code ("SGC-LP-007-2026") or a stock ticker
        after an exchange ("(TSX-V: SGC)", "AIM: GRC; BSE: GRC")."""
        if REFERENCE_CODE.match(doc_text(doc), span.end_char):
            return True
        start = span.start
        return (start >= 2 and table.text[start - 1] == ":" and table.text[start - 2].isupper()
                and span.end < len(table) and table.text[span.end] in (")", ";", ","))

    def _inside_title(self, table: TokenTable, span: Candidate) -> bool:
        start = span.start
        index = start - 1
        while index >= max(0, start - 8):
            word = table.text[index]
            if word in ("Minister", "Secretary", "Ministers", "Secretaries", "Commissioner"):
                return index + 1 < start and table.lower[index + 1] in ("of", "for")
            if not (word[:1].isupper() or word in ("of", "for", "and", "&", ",", "the")):
                return False
            index -= 1
        return False

    def _blocked_in_document(self, doc: Doc) -> frozenset[str]:
        """Ambiguous names the document uses in another sense throughout ("County,
        Georgia", "Georgia Power" make every "Georgia" the US state)."""
        return frozenset(
            name for name, cues in self.document_cues.items()
            if any(cue in doc_text(doc) for cue in cues)
        )

    def _country_in_context(self, doc: Doc, table: TokenTable, span: Candidate,
                            agreement_starts: AbstractSet[int] = frozenset()) -> bool:
        text, start, end = table.text, span.start, span.end
        named_agreement = any(k in agreement_starts for k in range(end, min(len(text), end + 4)))
        if (end < len(text) and text[end][:1].isupper() and table.is_alpha[end]
                and text[end] not in COUNTRY_FOLLOWERS and not named_agreement):
            return False  # "Chad Smith", "Georgia Power", but "the Japan-Chile Economic Partnership Agreement"
        before = start - 1
        # `is_sent_start`: the token opens its sentence (the sentence index says where)
        if start > 0 and sentence_index(doc)[before][0] != before and text[before][:1].isupper() \
                and table.is_alpha[before] and text[before] not in ("The", "In", "On", "And", "Of"):
            return False  # "Michael Jordan", "New Guinea"
        window = _text(doc, max(0, start - 3), start).lower()
        return not US_STATE_CONTEXT.search(window)

    def _agreement_in_context(self, doc: Doc, table: TokenTable, span: Candidate,
                              agreement_starts: set[int]) -> bool:
        lower, n = table.lower, len(table)
        kind = span.kb_id.split(":", 1)[-1].removesuffix(AMBIGUOUS_SUFFIX)
        before = lower[span.start - 1] if span.start > 0 else ""
        after = lower[span.end] if span.end < n else ""
        head_word = lower[span.end - 1]
        accepted = before in self.agreement_accepted_before.get(head_word, ())
        if not accepted and (before in self.agreement_blocked_before.get(kind, ()) or before in
                             self.agreement_blocked_before.get("*", ())):
            return False  # "public investment" is the activity, but "public equity" is not
        if after in self.agreement_blocked_after:
            return False  # "investment opportunities": a modifier, not an instrument
        window = lower[max(0, span.start - 3) : min(n, span.end + 3)]
        for phrase in self.agreement_phrase_blocks:
            if _contains(window, phrase) and any(w in phrase for w in lower[span.start : span.end]):
                return False
        head = _span_text(doc, span).lower()
        if head in VERB_LIKE_KINDS and span.end < n and (
                after in ("the", "a", "an", "up", "its", "their") or table.is_currency[span.end]
                or table.text[span.end] in self.currency_marks or table.text[span.end][:1] in self.currency_marks):
            return False  # "Finnvera and EKN guarantee EUR 210 million", "grants the state a stake"
        if head in self.agreement_needs_determiner:
            following = span.end + 1
            of_money = after == "of" and following < n and (
                table.like_num[following] or table.is_currency[following]
                or table.text[following][:1] in "$€£¥₹"
            )
            if before not in self.determiners and not of_money:
                return False  # "encourage investment": the activity, not an instrument
        if head in self.agreement_context_only or span.kb_id.endswith(AMBIGUOUS_SUFFIX):
            if head not in self.agreement_context_only:
                return False  # "commitments" and the like: generic unless listed
            if before in self.financial_words or before in self.amount_scales:
                return True  # "credit facility", "a US$250 million facility"
            if before in self.agreement_accepted_before.get(head, ()):
                return True  # "federal support", "state equity", "a mining convention"
            if head in self.agreement_with_amount and span.end not in agreement_starts and (
                    self._amount_before(table, span.start) or self._amount_after(table, span.end)):
                return True  # "a US$60 million equipment facility", "support of up to $125 million"
            verbs = self.agreement_after_verbs.get(head)
            if verbs and self._verb_before(table, span.start, verbs):
                return True  # "acquired a 10 per cent stake"
            if head in self.agreement_after_body and span.start in self._body_ends:
                return True  # "World Bank support", "EU support"
            if span.start >= 3 and table.text[span.start - 1] in OPENING_QUOTES and \
                    lower[span.start - 2] == "the" and table.text[span.start - 3] == "(":
                return True  # '... credit agreement for up to US$320 million (the "Facility")'
            # Only as a member of a list of instruments: "loans and other support".
            left = span.start - 1
            while left >= 0 and lower[left] in COORDINATION_WORDS:
                left -= 1
            right = span.end
            while right < n and lower[right] in ("and", "or", ","):
                right += 1
            return (left < span.start - 1 and left in agreement_starts) or (
                right > span.end and right in agreement_starts
            )
        return True

    def _amount_before(self, table: TokenTable, start: int) -> bool:
        """An amount ends at most one lower-case modifier before `start` ("US$60 million
        equipment facility", "a €35 million facility")."""
        for k in (start - 1, start - 2):
            if k < 0:
                return False
            word = table.lower[k]
            if word in self.amount_scales or (table.like_num[k] and k > 0 and (
                    table.text[k - 1] in self.currency_marks or table.is_currency[k - 1])):
                return True
            if not (table.is_alpha[k] and table.is_lower[k]) or word in FUNCTION_WORDS:
                return False
        return False

    def _verb_before(self, table: TokenTable, start: int, verbs: frozenset[str]) -> bool:
        """One of `verbs` a few words before `start`, with only articles, amounts, shares
        and at most one name or pronoun between ("take a 30 per cent stake", "give DFC a
        minority stake")."""
        names = 0
        for k in range(start - 1, max(-1, start - 8), -1):
            word = table.lower[k]
            if word in verbs:
                return True
            if word in self.agreement_verb_gap or table.like_num[k]:
                continue
            if names == 0 and (table.text[k][:1].isupper() or word in ("it", "them")):
                names += 1
                continue
            return False
        return False

    def _amount_after(self, table: TokenTable, end: int) -> bool:
        """'of' and an amount follow, with an optional qualifier ("of up to $125 million")."""
        n = len(table)
        if end >= n or table.lower[end] != "of":
            return False
        k = end + 1
        while k < n and k <= end + 3 and table.lower[k] in AMOUNT_QUALIFIERS:
            k += 1
        return k < n and (table.is_currency[k] or table.text[k] in self.currency_marks
                          or table.text[k][:1] in "$€£¥₹" or (
                              table.like_num[k] and k + 1 < n and (
                                  table.lower[k + 1] in self.amount_scales
                                  or table.text[k + 1] in self.currency_marks)))

    def _agreement_references(self, table: TokenTable, kept: list[Candidate],
                              dropped: list[Candidate]) -> list[Candidate]:
        """'The facility', 'the senior facilities', 'the convention': a context word after a
        determiner, taken back when an instrument of the same kind was accepted earlier."""
        groups = self.agreement_references
        if not groups or not dropped:
            return []
        first: dict[str, int] = {}
        for span in kept:
            if span.label == "AGREEMENT":
                group = groups.get(table.lower[span.end - 1])
                if group is not None and span.start < first.get(group, len(table)):
                    first[group] = span.start
        added = []
        for span in dropped:
            group = groups.get(table.lower[span.end - 1]) if span.end - span.start == 1 else None
            if group is None or first.get(group, len(table)) >= span.start:
                continue
            k = span.start - 1
            if k >= 0 and table.is_alpha[k] and table.is_lower[k] and table.lower[k] not in (
                    "the", "this", "these", "that"):
                k -= 1  # one modifier: "the senior facilities"
            if k >= 0 and table.lower[k] in ("the", "this", "these", "that"):
                added.append(span)
        return added

    def _commodity_in_context(self, doc: Doc, table: TokenTable, span: Candidate) -> bool:
        lower, n, end = table.lower, len(table), span.end
        if end < n and table.text[end] == "-" and end + 1 < n and \
                lower[end + 1] in self.commodity_blocked_after:
            return False  # "lithium-ion" is a battery type
        if end < n and lower[end] in self.commodity_blocked_after:
            return False
        if _span_text(doc, span).lower() in self.commodity_ambiguous:
            window = set(lower[max(0, span.start - 3) : min(n, end + 3)])
            return bool(window & self.commodity_contexts)
        return True

    # -- agency disambiguation ----------------------------------------------------------
    def _pick_entries(self, doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
        """One gazetteer reading per span: same-name agencies decided by nearby countries."""
        groups: dict[tuple[int, int, str], list[Candidate]] = {}
        for span in candidates:
            groups.setdefault((span.start, span.end, span.label), []).append(span)
        countries = [s for s in candidates if s.label == "COUNTRY"]
        sentences = sentence_index(doc)
        doc_counts = Counter(country_code(s.kb_id) for s in countries
                             if not s.kb_id.startswith(RULE_PREFIX))
        picked: list[Candidate] = []
        for (start, _end, label), group in groups.items():
            if label != "AGENCY":
                picked.extend(group)
                continue
            gazetteer = [s for s in group if not s.kb_id.startswith(RULE_PREFIX)]
            if len(gazetteer) <= 1:
                picked.extend(group)
                continue
            sentence_start = sentences[start][0]
            near = Counter(
                country_code(s.kb_id) for s in countries
                if sentence_start <= s.start and s.end <= start
            )

            def score(span: Candidate, near: Counter[str] = near) -> tuple[int, int]:
                country = self.gazetteer.entries[span.kb_id.removesuffix(AMBIGUOUS_SUFFIX)].country
                return (near.get(country or "", 0), doc_counts.get(country or "", 0))

            best = max(gazetteer, key=score)
            picked.append(best)
            picked.extend(s for s in group if s.kb_id.startswith(RULE_PREFIX))
        return picked

    # -- propagation ------------------------------------------------------------------
    def _acronym_links(self, doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
        """Spans for acronyms defined in brackets after a full name, and their later uses."""
        table = token_table(doc)
        text, n = table.text, len(table)
        document = doc_text(doc)
        added: list[Candidate] = []
        definitions: dict[str, Candidate] = {}
        for span in chosen:
            if span.label not in LINKABLE_LABELS:
                continue
            index = span.end
            while index < n and text[index] in OPENING_QUOTES:
                index += 1
            if index >= n or text[index] not in ("(", "—", "–"):
                continue
            closers = (")",) if text[index] == "(" else ("—", "–", ",")
            close = index + 1
            while close < n and close - index <= 4 and text[close] not in closers:
                close += 1
            if close >= n or text[close] not in closers or close == index + 1:
                continue
            inner_start, inner_end = index + 1, close
            while inner_start < inner_end and text[inner_start] in OPENING_QUOTES:
                inner_start += 1
            while inner_end > inner_start and text[inner_end - 1] in OPENING_QUOTES:
                inner_end -= 1
            if inner_end <= inner_start:
                continue
            inner_text = _text(doc, inner_start, inner_end)
            if not self._is_alias(doc, inner_start, inner_end, span.label) or (
                span.label != "COUNTRY" and inner_text in self.country_phrases
            ):
                continue  # "IREL (India) Ltd.": a country in brackets is no alias
            initials = {word[0].lower() for word in _span_text(doc, span).split()
                        if word[:1].isupper()}
            if inner_text[0].lower() not in initials:
                continue  # "... of the United States (EXIM)": the acronym is of a longer name
            link = make_candidate(table, inner_start, inner_end, span.label,
                                  RULE_PREFIX + "link:" + span.kb_id)
            set_detail_at(doc, link.offsets, "link", span.offsets)
            added.append(link)
            definitions.setdefault(inner_text, span)
        for acronym, full in definitions.items():
            forms = [acronym]
            if full.label == "AGREEMENT":
                # "Mineral Production Sharing Agreements (MPSAs) ... every new MPSA"
                forms.append(acronym[:-1] if acronym.endswith("s") else acronym + "s")
            for found_start, found_end in (hit for form in forms for hit in find_whole_words(document, form)):
                tokens = char_token_span(table, found_start, found_end)
                if tokens is None:
                    continue
                start, end = tokens
                if any(a.start == start for a in added):
                    continue
                link = Candidate(start, end, full.label, RULE_PREFIX + "link:" + full.kb_id,
                                 found_start, found_end)
                set_detail_at(doc, link.offsets, "link", full.offsets)
                added.append(link)
        # "Oconee" for "Oconee Anode Materials, Inc.": a distinctive first word
        for span in chosen:
            if span.label != "ORG" or span.end - span.start < 2 or \
                    span.kb_id.startswith(RULE_PREFIX + "link"):
                continue
            first = text[span.start]
            if text[span.end - 1] == "Exchange":
                continue  # "Lima Stock Exchange": exchanges are named after their city
            if (len(first) < 4 or not table.is_title[span.start] or first in SHORT_NAME_STOP
                    or first in self.country_phrases or first in self.org_suffixes
                    or first in self.country_words):
                continue
            for found_start, found_end in find_whole_words(document, first):
                tokens = char_token_span(table, found_start, found_end)
                if tokens is not None and tokens[0] != span.start and \
                        not self._place_reading(table, *tokens):
                    start, end = tokens
                    link = Candidate(start, end, "ORG", RULE_PREFIX + "link:org",
                                     found_start, found_end)
                    set_detail_at(doc, link.offsets, "link", span.offsets)
                    added.append(link)
        return added

    @staticmethod
    def _place_reading(table: TokenTable, start: int, end: int) -> bool:
        """The first word of a company's name used for the place it is named after: 'the
        Mokoro copper-silver mine', 'in Kedah', 'Greenville, South Carolina', 'Whitehorse,
        Yukon, Canada'."""
        text, lower, n = table.text, table.lower, len(table)
        before = lower[start - 1] if start > 0 else ""
        after = lower[end] if end < n else ""
        if before in PLACE_PREPOSITIONS or text[start - 1 if start else 0] in COMPASS_WORDS:
            return True
        if before == "," and start >= 2 and text[start - 2][:1].isupper():
            return True  # "Whitehorse, Yukon"
        if after in PLACE_NOUNS or (end + 1 < n and table.text[end] == "-" and lower[end + 1] in PLACE_NOUNS):
            return True
        return end + 1 < n and table.is_lower[end] and after not in FUNCTION_WORDS and \
            lower[end + 1] in PLACE_NOUNS  # "the Mokoro copper-silver mine", but "Chamber of Mines"

    @staticmethod
    def _is_alias(doc: Doc, start: int, end: int, full_label: str) -> bool:
        """An acronym ("EXIM", "K-SURE") or, for named bodies, a short capitalised name
        ("Gécamines", "Ma'aden") in brackets after the full name (tokens start:end)."""
        text = _text(doc, start, end)
        if ACRONYM_RE.match(text.replace(" ", "")) and " " not in text:
            return True
        table = token_table(doc)
        return (full_label in ("AGENCY", "ORG", "PROGRAM") and end - start <= 3
                and all(table.text[i][:1].isupper() or not table.is_alpha[i] for i in range(start, end))
                and not table.like_num[start] and len(text) >= 3)

    def _name_links(self, doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
        """Later bare surnames of people and short names of companies."""
        table = token_table(doc)
        text = table.text
        document = doc_text(doc)
        added: list[Candidate] = []
        surnames: dict[str, Candidate] = {}
        for span in chosen:
            if span.label == "PERSON":
                last = text[span.end - 1]
                size = span.end - span.start
                if last not in surnames or size > surnames[last].end - surnames[last].start:
                    surnames[last] = span
                # "Lee Dong-hoon": an East Asian name, family name first
                if size >= 3 and "-" in text[span.start : span.end] and table.is_lower[span.end - 1]:
                    surnames.setdefault(text[span.start], span)
        for full in {_span_text(doc, s) for s in chosen if s.label == "PERSON" and s.end - s.start > 1}:
            for found_start, found_end in find_whole_words(document, full):
                tokens = char_token_span(table, found_start, found_end)
                if tokens is not None:
                    added.append(Candidate(*tokens, "PERSON", RULE_PREFIX + "link:person",
                                           found_start, found_end))
        for i in [i for i, word in enumerate(text) if word in surnames] if surnames else []:
            if not text[i][:1].isupper():
                continue
            added.append(make_candidate(table, i, i + 1, "PERSON", RULE_PREFIX + "link:person"))
        for span in chosen:
            if span.label != "ORG" or span.end - span.start < 2 or \
                    text[span.end - 1] not in self.org_suffixes:
                continue
            short_start, short_end = span.start, span.end - 1
            while short_end - short_start > 1 and (
                text[short_end - 1] in self.org_suffixes or text[short_end - 1] == ","
            ):
                short_end -= 1
            short = _text(doc, short_start, short_end)
            if short in self.country_phrases or not short[:1].isupper():
                continue  # "Indian Mines" must not make every "Indian" a company
            if short_end - short_start == 1 and short in SHORT_NAME_STOP:
                continue
            if short_end - short_start == 1 and short in self.org_suffixes:
                continue
            for found_start, found_end in find_whole_words(document, short):
                tokens = char_token_span(table, found_start, found_end)
                if tokens is not None:
                    added.append(Candidate(*tokens, "ORG", RULE_PREFIX + "link:org",
                                           found_start, found_end))
        return added

    def _short_refs(self, doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
        """'the Reserve', 'the Ministerial', 'the Bank': a capitalised head noun after 'the'
        that refers back to a programme or body named in full earlier."""
        table = token_table(doc)
        text, n = table.text, len(table)
        added = []
        named = [s for s in chosen if s.label in ("PROGRAM", "AGENCY") and s.end - s.start > 1]
        after_determiner = [i + 1 for i, word in enumerate(table.lower)
                            if word in ("the", "this", "that") and i + 1 < n]
        for i in after_determiner:
            word = text[i]
            if not word[:1].isupper():
                continue
            if i + 1 < n and text[i + 1] == "Group" and word in AGENCY_REFERENCE_HEADS:
                # "the Bank Group's concessional window": the group of a body named earlier
                for full in reversed(named):
                    if full.label == "AGENCY" and full.start < i and word in text[full.start : full.end]:
                        ref = make_candidate(table, i, i + 2, "AGENCY", RULE_PREFIX + "link:" + full.kb_id)
                        set_detail_at(doc, ref.offsets, "link", full.offsets)
                        added.append(ref)
                        break
                continue
            if i + 1 < n and text[i + 1][:1].isupper() and table.is_alpha[i + 1]:
                continue  # "the Bank Group": part of a longer name
            fitting = [full for full in named if full.start < i and (
                (full.label == "PROGRAM" and text[full.end - 1] == word)
                or (full.label == "AGENCY" and word in AGENCY_REFERENCE_HEADS and word in text[full.start : full.end]))]
            if not fitting:
                continue
            full = fitting[-1]
            if full.label == "AGENCY":
                # "the Bank" in a bank's release is the bank it is about (named most so far),
                # not another bank it mentions in passing
                counts = Counter(s.kb_id for s in chosen if s.label == "AGENCY" and s.start < i)
                full = max(reversed(fitting), key=lambda f: counts[f.kb_id])
            ref = make_candidate(table, i, i + 1, full.label, RULE_PREFIX + "link:" + full.kb_id)
            set_detail_at(doc, ref.offsets, "link", full.offsets)
            added.append(ref)
        return added

    def _merge_country_prefixes(self, doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
        merged: list[Candidate] = []
        index = 0
        while index < len(chosen):
            span = chosen[index]
            following = chosen[index + 1] if index + 1 < len(chosen) else None
            if (
                following is not None
                and span.label == "COUNTRY"
                and following.label == "AGENCY"
                and following.start == span.end
                and self._agency_country_fits(span, following)
            ):
                joined = Candidate(span.start, following.end, "AGENCY", following.kb_id,
                                   span.start_char, following.end_char)
                set_detail_at(doc, joined.offsets, "prefix_country",
                              (country_code(span.kb_id), following.start_char))
                link = get_detail_at(doc, following.offsets, "link")
                if link:
                    set_detail_at(doc, joined.offsets, "link", link)
                merged.append(joined)
                index += 2
                continue
            merged.append(span)
            index += 1
        return merged

    def _defined_names(self, doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
        """'Empresa Nacional de Minería (ENAMI)', 'Corporación Nacional del Cobre de Chile —
        Codelco —': a capitalised name followed by a known short name in brackets or dashes
        is the same body, named in full."""
        known = {(s.start, s.end): s for s in candidates
                 if s.label in ("ORG", "AGENCY") and not s.kb_id.startswith(RULE_PREFIX)}
        # "Marta Lindqvist (EIB)" in a contact line: a person, not the bank's full name
        persons = {(s.start, s.end) for s in candidates if s.label == "PERSON"}
        table = token_table(doc)
        text, lower = table.text, table.lower
        # the last token of each known body, and where that body starts
        known_ends: dict[int, int] = {}
        for s_start, s_end in known:
            known_ends[s_end - 1] = min(s_start, known_ends.get(s_end - 1, s_start))
        added: list[Candidate] = []
        for (start, end), short in known.items():
            if start < 2 or end >= len(table):
                continue
            opener, closer = text[start - 1], text[end]
            if not ((opener == "(" and closer == ")") or (opener in ("—", "–") and closer in ("—", "–", ","))):
                continue
            run_end = start - 1
            run_start = run_end
            while run_start > 0 and run_end - run_start < 10:
                k = run_start - 1
                if k in known_ends and k < run_end - 1:
                    break  # "DFC and Nacional Financiera (Nafin)": another body ends here
                if (text[k][:1].isupper() and table.is_alpha[k]) or (
                    lower[k] in NAME_JOINERS and run_start - 2 >= 0 and text[run_start - 2][:1].isupper()
                ):
                    run_start -= 1
                else:
                    break
            # "Between the Geological Survey of India (GSI)": an opening word is not the name's
            while run_start < run_end and (lower[run_start] in NAME_JOINERS or text[run_start] in STOP_CAPS):
                run_start += 1
            if run_end - run_start < 2 or text[run_start] in ("The", "A", "An"):
                continue
            if any(word in TITLE_HEADS for word in text[run_start:run_end]):
                continue  # "Federal Minister for Energy (Petroleum Division)": a title
            bare = run_start
            while bare < run_end and text[bare] in self.country_words:
                bare += 1
            if (bare, run_end) in known or (run_start, run_end) in persons:
                continue  # "Dominican National Geological Service (SGN)": a known body and its country
            defined = make_candidate(table, run_start, run_end, short.label, RULE_PREFIX + "defined")
            set_detail_at(doc, defined.offsets, "defined_by", short.kb_id)
            added.append(defined)
        return added

    def _named_agreements(self, table: TokenTable, candidates: list[Candidate]) -> list[Candidate]:
        """'Mineral Production Sharing Agreements (MPSAs)', 'Strategic Economic
        Complementation Agreement (SECA)': a capitalised agreement name whose initials the
        bracketed acronym spells is one AGREEMENT span (a trade agreement when it names
        the economy or trade), as the guideline marks named trade agreements written as one
        phrase. Country words before the name stay outside ('Indonesia-Korea ... (IK-CEPA)')."""
        text, lower, n = table.text, table.lower, len(table)
        added: list[Candidate] = []
        for span in candidates:
            if span.label != "AGREEMENT" or span.kb_id.endswith(AMBIGUOUS_SUFFIX) or \
                    span.kb_id.startswith(RULE_PREFIX):
                continue
            end = span.end
            if not text[end - 1][:1].isupper() or end + 2 >= n or text[end] != "(" or text[end + 2] != ")":
                continue
            letters = "".join(c for c in text[end + 1] if c.isupper())
            if len(letters) < 3:
                continue
            start = span.start
            while start > 0 and start > span.start - 8:
                previous = text[start - 1]
                if previous in self.country_words or not (
                        (previous[:1].isupper() and table.is_alpha[start - 1])
                        or (lower[start - 1] in ("of", "and", "on", "for") and start - 2 >= 0
                            and text[start - 2][:1].isupper())):
                    break
                start -= 1
            while start < span.start and not text[start][:1].isupper():
                start += 1
            words = text[start:end]
            initials = "".join(w[0] for w in words if w[:1].isupper())
            if start == span.start and len(initials) == len(letters):
                continue  # the gazetteer phrase is already the whole name
            if len(initials) < 3 or not letters.endswith(initials) or text[start] in STOP_CAPS:
                continue
            kind = span.kb_id.split(":", 1)[1]
            if kind in ("AGREEMENT", "PARTNERSHIP") and any(
                    w in ("Economic", "Trade", "Commerce") for w in words):
                kind = "TRADE_AGREEMENT"
            added.append(make_candidate(table, start, end, "AGREEMENT", "AGREEMENT:" + kind))
        return added

    def _company_country_forms(self, table: TokenTable, candidates: list[Candidate]) -> list[Candidate]:
        """'Scotiabank Chile', 'BBVA Perú', 'HSBC UK': a company named with the country of
        its subsidiary after it is one ORG, when no capitalised word follows (a headline's
        'Glencore Chile Deal' stays two names). And 'the Moroccan OCP Group': a demonym
        before a known company is the country, not part of a company name the suffix rule
        ran back to."""
        text, n = table.text, len(table)
        countries_at: dict[int, Candidate] = {}
        for span in candidates:
            if span.label == "COUNTRY" and (span.start not in countries_at
                                            or span.end > countries_at[span.start].end):
                countries_at[span.start] = span
        known_orgs = {(s.start, s.end) for s in candidates
                      if s.label == "ORG" and not s.kb_id.startswith(RULE_PREFIX)}
        added: list[Candidate] = []
        dropped: set[tuple[int, int, str]] = set()
        for span in candidates:
            if span.label != "ORG":
                continue
            country = countries_at.get(span.end)
            if country is not None and _span_text_of(table, country) not in self.demonyms and (
                    country.end >= n or not (text[country.end][:1].isupper() and table.is_alpha[country.end])):
                added.append(make_candidate(table, span.start, country.end, "ORG", span.kb_id))
            if span.kb_id.startswith(RULE_PREFIX) and span.start in countries_at:
                first = countries_at[span.start]
                if (first.end, span.end) in known_orgs:
                    dropped.add((span.start, span.end, span.kb_id))
        if dropped:
            candidates[:] = [s for s in candidates if (s.start, s.end, s.kb_id) not in dropped]
        return added

    def _weak_suffixed(self, table: TokenTable, candidates: list[Candidate]) -> list[Candidate]:
        """'Absa Bank', 'Norinchukin Bank': a known company followed by a word that is a
        company suffix only with a second cue ('Bank', 'Energy', 'Lithium') is one name."""
        added: list[Candidate] = []
        for span in candidates:
            if span.label != "ORG" or span.kb_id.startswith(RULE_PREFIX) or span.end >= len(table):
                continue
            if table.text[span.end] in self.weak_org_suffixes:
                added.append(make_candidate(table, span.start, span.end + 1, "ORG", RULE_PREFIX + "weak_suffix"))
            elif table.text[span.end] in self.legal_forms:
                # "Almalyk Mining and Metallurgical Complex JSC": a known company with its legal
                # form is the same company, named in full
                added.append(make_candidate(table, span.start, span.end + 1, "ORG", span.kb_id))
        # "Shinhan Bank", "Woori Bank": a distinctive word before "Bank" names a bank (public
        # banks come from the gazetteer or the agency rules and win over this reading)
        text = table.text
        covered = {i for span in candidates for i in range(span.start, span.end)}
        for i in range(1, len(text)):
            if text[i] != "Bank" or i - 1 in covered:
                continue
            word = text[i - 1]
            if (word[:1].isupper() and word.isalpha() and word not in GENERIC_BANK_WORDS
                    and word not in self.country_words and word not in STOP_CAPS):
                added.append(make_candidate(table, i - 1, i + 1, "ORG", RULE_PREFIX + "bank_name"))
        return added

    def _prefixed_agencies(self, doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
        """'US State Department': the agency with its country word, as one more candidate, so
        that it competes at full length with rule readings ('US ... Corporation' as ORG)."""
        table = token_table(doc)
        countries_by_end: dict[int, list[Candidate]] = {}
        for span in candidates:
            if span.label == "COUNTRY":
                countries_by_end.setdefault(span.end, []).append(span)
        joined = []
        for agency in candidates:
            if agency.label != "AGENCY":
                continue
            if agency.end < len(table) and table.text[agency.end] == "Group":
                # "World Bank Group", "African Development Bank Group": the group of the body
                group = make_candidate(table, agency.start, agency.end + 1, "AGENCY", agency.kb_id)
                set_detail_at(doc, group.offsets, "group", True)
                joined.append(group)
            for country in countries_by_end.get(agency.start, []):
                if self._agency_country_fits(country, agency):
                    span = Candidate(country.start, agency.end, "AGENCY", agency.kb_id,
                                     country.start_char, agency.end_char)
                    set_detail_at(doc, span.offsets, "prefix_country",
                                  (country_code(country.kb_id), agency.start_char))
                    joined.append(span)
        return joined

    def _agency_country_fits(self, country: Candidate, agency: Candidate) -> bool:
        code = country_code(country.kb_id)
        key = agency.kb_id
        if key.startswith(RULE_PREFIX):
            return True  # a rule-made agency takes its jurisdiction from the prefix
        entry = self.gazetteer.entries.get(key.removesuffix(AMBIGUOUS_SUFFIX))
        return entry is not None and entry.country == code

    # -- the component ----------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        candidates = list(doc.user_data.get(CANDIDATES_KEY, ()))
        length = len(doc)
        agreement_starts = {
            i for s in candidates if s.label == "AGREEMENT" and not s.kb_id.endswith(AMBIGUOUS_SUFFIX)
            for i in range(s.start, s.end)
        }
        blocked = self._blocked_in_document(doc)
        table = token_table(doc)
        self._body_ends = frozenset(
            s.end for s in candidates if s.label in ("AGENCY", "PROGRAM", "COUNTRY")
            and not s.kb_id.endswith(AMBIGUOUS_SUFFIX))
        kept, dropped = [], []
        for span in candidates:
            (kept if self._keep(doc, table, span, agreement_starts, blocked) else dropped).append(span)
        self._body_ends = frozenset()
        candidates = kept + self._agreement_references(
            table, kept, [s for s in dropped if s.label == "AGREEMENT"])
        candidates = self._pick_entries(doc, candidates)
        candidates += self._prefixed_agencies(doc, candidates)
        candidates += self._defined_names(doc, candidates)
        candidates += self._named_agreements(table, candidates)
        candidates += self._weak_suffixed(table, candidates)
        candidates += self._company_country_forms(table, candidates)
        first = select_spans(candidates, length)
        first = [s for s in first if s.label != BLOCK]
        links = self._acronym_links(doc, first) + self._name_links(doc, first)
        links += self._short_refs(doc, first)
        chosen = select_spans([*candidates, *links], length) if links else \
            select_spans(candidates, length)
        chosen = [s for s in chosen if s.label != BLOCK]
        chosen = self._merge_country_prefixes(doc, chosen)
        set_entities(doc, [(s.start, s.end, s.label, s.kb_id) for s in chosen])
        return doc


def country_code(kb_id: str) -> str:
    """The ISO code behind a COUNTRY reading's key ("COUNTRY:US|ambiguous",
    "rule:link:COUNTRY:US")."""
    return kb_id.rsplit(":", 1)[-1].removesuffix(AMBIGUOUS_SUFFIX)


def find_whole_words(text: str, phrase: str) -> Iterator[tuple[int, int]]:
    r"""(start, end) of each occurrence of `phrase` in `text` that no word character or
    hyphen touches on either side, left to right and not overlapping: the matches of
    `re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)`, found with
    `str.find` (no pattern to compile per name; `\w` is `str.isalnum()` or "_")."""
    size = len(phrase)
    if not size:
        return
    position = text.find(phrase)
    while position >= 0:
        end = position + size
        before = text[position - 1] if position else ""
        after = text[end] if end < len(text) else ""
        if (not before or not (before.isalnum() or before in "_-")) and \
                (not after or not (after.isalnum() or after in "_-")):
            yield position, end
            position = text.find(phrase, end)
        else:
            position = text.find(phrase, position + 1)


def _span_text_of(table: TokenTable, span: Candidate) -> str:
    """The words of a candidate joined by single spaces (enough to look a phrase up)."""
    return " ".join(table.text[span.start : span.end])


def _span_text(doc: Doc, span: Candidate) -> str:
    """What `Span.text` would be: the document text between the character offsets."""
    return doc_text(doc)[span.start_char : span.end_char]


def _text(doc: Doc, start: int, end: int) -> str:
    """`doc[start:end].text` from the document text, without building the span's tokens."""
    if end <= start:
        return ""
    table = token_table(doc)
    return doc_text(doc)[table.idx[start] : table.idx[end - 1] + len(table.text[end - 1])]


def _contains(window: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    if size and phrase[0] not in window:
        return False  # the usual case, without building the window's slices
    return any(tuple(window[i : i + size]) == phrase for i in range(len(window) - size + 1))


@Language.factory("entity_resolver", default_config={"models_dir": ""})
def make_entity_resolver(nlp: Language, name: str, models_dir: str) -> EntityResolver:
    return EntityResolver(nlp, name, models_dir)
