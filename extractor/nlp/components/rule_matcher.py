"""Rules for what no list can hold, proposed as candidate spans.

- MONEY and DATE from compiled patterns over the text (normalize/money.py, date.py);
- PERSON after titles and roles ("Secretary of State Marco Rubio", "CEO Jane Doe") and
  around speech verbs ("said Jane Doe");
- ORG by suffix ("X Ltd", "X Corporation", "X Consortium");
- AGENCY by head ("Ministry of X", "Department of X", "X Agency");
- PROGRAM by head ("Project X", "X Initiative", "X Fund", "X Corridor").

The word lists come from `models/patterns/`; the rules are guarded against the usual
false positives (sentence-initial function words, generic title-case phrases).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from extractor.nlp.extensions import CANDIDATES_KEY, RULE_PREFIX, doc_text, set_detail
from extractor.nlp.gazetteers import MODELS_DIR, load_gazetteer, load_pattern_data
from extractor.nlp.normalize.date import find_dates
from extractor.nlp.normalize.money import default_money_finder

# Capitalised words that start sentences or clauses but never names.
STOP_CAPS = frozenset(
    ["The", "A", "An", "This", "These", "That", "Those", "On", "In", "At", "For", "By", "With", "As", "It", "Its", "Our", "We", "He", "She", "They", "His", "Her", "Their", "But", "And", "Or", "If", "When", "While", "After", "Before", "Under", "Over", "Today", "Yesterday", "Tomorrow", "Also", "According", "Since", "Through", "During", "Following", "Under", "Between", "Both", "Each", "Every", "All", "Some", "Other", "Such", "Under", "Meanwhile", "However", "Moreover", "Furthermore", "Additionally", "Further", "Last", "Next", "Earlier", "Later", "Now", "Then", "There", "Here", "What", "Which", "Who", "Where", "Why", "How", "To", "From", "Of", "Not", "No", "Yes", "I", "You", "Mr", "Mrs", "Ms", "Dr", "Read", "Watch", "Click", "Media", "Contact", "About", "Note", "Notes", "Photo", "Source"]
)
MONTH_AND_DAY_WORDS = frozenset(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
)
NAME_PARTICLES = frozenset({"de", "da", "del", "van", "von", "bin", "al", "el", "ibn", "la", "le",
                            "di", "du", "dos", "das", "ben", "der"})
NAME_CONNECTORS = frozenset({"and", "&", "of", "for", "the", "on", "de", "du", "des", "la"})
AGENCY_PREFIX_HEADS = frozenset({"Ministry", "Department", "Secretariat", "Office", "Bureau",
                                 "Directorate", "Commission", "Agency", "Authority", "Embassy",
                                 "Consulate",
                                 "Directorate-General", "Ministère", "Secretaría"})
AGENCY_SUFFIX_HEADS = frozenset({"Agency", "Authority", "Commission", "Ministry", "Bureau",
                                 "Office", "Department", "Directorate", "Secretariat", "Regulator",
                                 "Inspectorate"})
PROGRAM_JOINERS = frozenset({"and", "&", "of", "for", "on", "in", "the", "-", "–"})
PROGRAM_JOINERS = frozenset({"and", "&", "of", "for", "on", "in", "the", "-", "–"})
STATE_BANK_WORDS = frozenset({"Development", "Export", "Import", "Export-Import", "Investment",
                              "Central", "Reserve", "National", "Infrastructure", "Agricultural"})
# Words naming a unit inside an organisation rather than a public body.
INTERNAL_UNIT_WORDS = frozenset({"Press", "Public", "Relations", "Corporate", "Communications",
                                 "Media", "Planning", "Investor", "Human", "Legal", "Finance",
                                 "Marketing", "Sales", "Overseas", "Risk", "Compliance"})
AGENCY_ADJECTIVES = frozenset({"Federal", "National", "State", "Central", "Union", "Provincial",
                               "Joint", "Permanent", "General"})
HONORIFICS = frozenset({"the", "Hon", "Hon.", "Honourable", "Honorable", "Rt", "Rt.", "Right"})
SPEECH_VERBS = frozenset({"said", "says", "added", "noted", "explained", "stated", "commented",
                          "remarked", "told", "announced", "stressed", "emphasised", "emphasized"})
ROLE_WORDS_AFTER_NAME = frozenset({"chief", "president", "minister", "secretary", "director",
                                   "head", "chair", "chairman", "chairwoman", "ceo", "founder",
                                   "managing", "executive", "deputy", "vice", "senior", "general",
                                   "governor", "ambassador", "commissioner", "spokesperson",
                                   "spokesman", "spokeswoman", "partner", "analyst", "adviser",
                                   "advisor", "chairperson", "cfo", "coo"})
GENERIC_NAME_WORDS = frozenset(
    ["Critical", "Strategic", "Rare", "Earth", "Earths", "Global", "National", "International", "New", "Green", "Clean", "Minerals", "Mineral", "Mining", "Metals", "Metal", "Resources", "Energy", "Battery", "Batteries", "Supply", "Chain", "Chains", "Joint", "Bilateral", "Economic", "Trade", "Investment", "Development", "Security", "Sustainable", "Responsible", "Key", "Major", "Total", "Further", "Additional", "Advanced", "Technology", "Technologies", "Industry", "Industrial", "Material", "Materials", "Raw", "Project", "Projects", "Partners", "Group", "Capital", "Holdings", "Company", "Bank", "Banks", "Natural"]
)


def _is_name_token(token: Token) -> bool:
    text = token.text
    if not text or token.is_punct or token.is_space:
        return False
    if text in STOP_CAPS or text in MONTH_AND_DAY_WORDS:
        return False
    return text[0].isupper() and any(c.isalpha() for c in text)


def _span(doc: Doc, start: int, end: int, label: str, rule: str) -> Span | None:
    if end <= start:
        return None
    return Span(doc, start, end, label=label, kb_id=RULE_PREFIX + rule)


class RuleMatcher:
    def __init__(self, nlp: Language, name: str, models_dir: str) -> None:
        self.name = name
        root = Path(models_dir) if models_dir else MODELS_DIR
        titles = load_pattern_data("person_titles", root)
        suffixes = load_pattern_data("org_suffixes", root)
        heads = load_pattern_data("program_heads", root)
        self.portfolio_words = frozenset(titles.get("portfolio_words", []))
        self.org_suffixes = frozenset(suffixes.get("suffixes", []))
        self.org_prefixes = frozenset(suffixes.get("prefixes", []))
        self.program_prefix_heads = frozenset(heads.get("prefix_heads", ["Project", "Operation"]))
        self.program_suffix_heads = frozenset(heads.get("suffix_heads", []))
        title_texts = sorted(set(titles.get("titles", [])))
        self.title_words = frozenset(word for title in title_texts for word in title.split())
        self.titles = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.titles.add("TITLE", list(nlp.tokenizer.pipe(title_texts)))
        self.money = default_money_finder()
        gazetteer = load_gazetteer(root)
        self.country_words = frozenset(
            word for p in gazetteer.phrases if p.key.startswith("COUNTRY:") for word in p.text.split()
        )

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(CANDIDATES_KEY, []))
        spans.extend(self._money(doc))
        spans.extend(self._dates(doc))
        spans.extend(self._persons(doc))
        spans.extend(self._orgs(doc))
        spans.extend(self._agencies(doc))
        spans.extend(self._programs(doc))
        doc.spans[CANDIDATES_KEY] = spans
        return doc

    # MONEY and DATE: patterns over the text, snapped to tokens.
    def _money(self, doc: Doc) -> Iterator[Span]:
        for match in self.money.find(doc_text(doc)):
            span = doc.char_span(match.start, match.end, label="MONEY", kb_id=RULE_PREFIX + "money",
                                 alignment_mode="expand")
            if span is not None:
                set_detail(span, "MONEY", match.norm)
                yield span

    def _dates(self, doc: Doc) -> Iterator[Span]:
        for match in find_dates(doc_text(doc)):
            span = doc.char_span(match.start, match.end, label="DATE", kb_id=RULE_PREFIX + "date",
                                 alignment_mode="contract")
            if span is not None and span.text:
                set_detail(span, "DATE", match)
                yield span

    # PERSON
    def _name_after(self, doc: Doc, start: int) -> int:
        """End of a personal name starting at `start` (== start when there is none).

        Hyphenated parts written without spaces belong to the name ("Lee Dong-hoon",
        "Al-Mutairi", "Jean-Pierre")."""
        end = start
        words = 0
        while end < len(doc) and words < 4:
            token = doc[end]
            if _is_name_token(token) and token.text not in self.title_words:
                end += 1
                words += 1
            elif (token.text in NAME_PARTICLES and end > start and end + 1 < len(doc)
                  and _is_name_token(doc[end + 1])):
                end += 1
            elif (token.text in ("-", "‑") and end > start and not doc[end - 1].whitespace_
                  and not token.whitespace_ and end + 1 < len(doc) and doc[end + 1].is_alpha):
                end += 2
            else:
                break
        return end

    def _name_before(self, doc: Doc, end: int) -> int:
        """Start of a personal name ending at `end` (== end when there is none)."""
        start = end
        while start > 0 and end - start < 5:
            token = doc[start - 1]
            if _is_name_token(token) and token.text not in self.title_words:
                start -= 1
            elif (token.text in ("-", "‑") and start - 2 >= 0 and not token.whitespace_
                  and not doc[start - 2].whitespace_ and doc[start - 2].is_alpha):
                start -= 2
            else:
                break
        while start < end and not _is_name_token(doc[start]):
            start += 1
        return start

    def _is_title_at(self, doc: Doc, index: int, title_starts: set[int]) -> bool:
        """A title or role starts at `index`, possibly after an article or a possessive
        country ("an analyst at", "Guinea's Minister of Commerce")."""
        if index < len(doc) and doc[index].lower_ in ("a", "an", "the"):
            index += 1
        if index + 1 < len(doc) and doc[index + 1].text in ("'s", "’s") and doc[index].text[:1].isupper():
            index += 2
        return index in title_starts or (index < len(doc) and doc[index].lower_ in ROLE_WORDS_AFTER_NAME)

    def _persons(self, doc: Doc) -> Iterator[Span]:
        matches = sorted(self.titles(doc), key=lambda m: (m[1], -m[2]))
        title_starts = {start for _, start, _ in matches}
        last_end = -1
        for _, start, end in matches:
            if start < last_end:
                continue
            last_end = end
            cursor = end
            if cursor < len(doc) and doc[cursor].text == ":":
                cursor += 1  # "Chairman and CEO: OTSUKA Masahiro"
            while cursor < len(doc) and doc[cursor].text in HONORIFICS:
                cursor += 1  # "Senator the Hon Tom Callaghan"
            # "Minister for Resources and Northern Australia Madeleine King": skip the portfolio.
            if cursor < len(doc) and doc[cursor].lower_ in ("for", "of"):
                probe = cursor + 1
                while probe < len(doc) and (
                    doc[probe].text in self.portfolio_words or doc[probe].text in self.country_words
                    or (doc[probe].lower_ in ("and", "&", ",", "the") and probe + 1 < len(doc)
                        and (doc[probe + 1].text in self.portfolio_words
                             or doc[probe + 1].text in self.country_words))
                ):
                    probe += 1
                if probe == cursor + 1:
                    continue  # "Chairman of the Bank": a role, no name follows
                cursor = probe
                if cursor < len(doc) and doc[cursor].text == ",":
                    cursor += 1  # "Minister of Finance and National Planning, Mwila Kabwe"
            name_end = self._name_after(doc, cursor)
            if name_end > cursor:
                span = _span(doc, cursor, name_end, "PERSON", "person_title")
                if span is not None:
                    yield span
        yield from self._persons_by_cue(doc)
        for token in doc:
            lower = token.lower_
            following = token.i + 1
            # "..., said Jane Doe," / "By Hadeel Nasser and Tom Ellery" / "Editing by Martin Crowe"
            if (lower in SPEECH_VERBS or lower == "by") and following < len(doc):
                end = self._name_after(doc, following)
                closes = end == len(doc) or doc[end].text in (",", ".", ";", ")", "\n") or \
                    doc[end].is_space or doc[end].lower_ in ("and", "in", "at")
                if end - following >= 2 and closes and (lower != "by" or self._byline(doc, token)):
                    span = _span(doc, following, end, "PERSON", "person_speech")
                    if span is not None:
                        yield span
                    if end + 1 < len(doc) and doc[end].lower_ == "and":
                        second_end = self._name_after(doc, end + 1)
                        if second_end - (end + 1) >= 2:
                            second = _span(doc, end + 1, second_end, "PERSON", "person_speech")
                            if second is not None:
                                yield second
            # "Jane Doe, chief executive of X" / "Sophie Gagnon, Press Secretary to ..."
            if token.text == "," and token.i >= 2 and self._is_title_at(doc, following, title_starts):
                start = self._name_before(doc, token.i)
                if token.i - start >= 2 and (start == 0 or not _is_name_token(doc[start - 1])):
                    span = _span(doc, start, token.i, "PERSON", "person_role")
                    if span is not None:
                        yield span
            # Contact lines: "Media contact: Laura Benning, press@dfc.gov", "Marta Lindqvist (EIB)"
            if token.text in (":", "–", "—", ";") or (token.is_space and "\n" in token.text):
                end = self._name_after(doc, following)
                if end - following >= 2 and end < len(doc) and self._contact_follows(doc, end):
                    span = _span(doc, following, end, "PERSON", "person_contact")
                    if span is not None:
                        yield span

    def _persons_by_cue(self, doc: Doc) -> Iterator[Span]:
        """Names after lower-case roles ("managing director Patrice Ilunga"), right before a
        speech verb ("... Strategy Stéphane Séjourné said"), and in contact lines."""
        for token in doc:
            lower = token.lower_
            if lower in ROLE_WORDS_AFTER_NAME and token.is_lower and token.i + 2 < len(doc):
                start = token.i + 1
                end = self._name_after(doc, start)
                if end - start >= 2:
                    span = _span(doc, start, end, "PERSON", "person_role_before")
                    if span is not None:
                        yield span
            if lower in SPEECH_VERBS and token.i >= 2 and _is_name_token(doc[token.i - 1]):
                start = self._name_before(doc, token.i)
                if token.i - start >= 3:
                    start = token.i - 2 if doc[token.i - 2].text not in ("-",) else token.i - 4
                if token.i - start >= 2:
                    span = _span(doc, start, token.i, "PERSON", "person_before_speech")
                    if span is not None:
                        yield span
            if token.text in (":", ";", ",") and self._in_contact_line(doc, token):
                start = token.i + 1
                while start < len(doc) and doc[start].is_space and "\n" not in doc[start].text:
                    start += 1
                end = self._name_after(doc, start)
                if end - start >= 2:
                    span = _span(doc, start, end, "PERSON", "person_contact")
                    if span is not None:
                        yield span

    @staticmethod
    def _in_contact_line(doc: Doc, token: Token) -> bool:
        line_start = doc_text(doc).rfind("\n", 0, token.idx) + 1
        line = doc_text(doc)[line_start : token.idx].lower()
        return "contact" in line or ("office" in line and ":" in line)

    @staticmethod
    def _byline(doc: Doc, by: Token) -> bool:
        """'By' opening a line, or 'Reporting/Editing/Writing by'."""
        if by.i == 0 or "\n" in doc[by.i - 1].text or doc[by.i - 1].is_space:
            return True
        return doc[by.i - 1].lower_ in ("reporting", "editing", "writing", "compiled", "written",
                                        "additional")

    @staticmethod
    def _contact_follows(doc: Doc, end: int) -> bool:
        """After a name: an e-mail, a phone number, or an office acronym in brackets."""
        token = doc[end]
        if token.text in (",", "–", "-") and end + 1 < len(doc):
            nxt = doc[end + 1]
            return "@" in nxt.text or nxt.text.startswith("+") or nxt.like_num or nxt.like_email
        if token.text == "(" and end + 2 < len(doc) and doc[end + 2].text == ")":
            return doc[end + 1].text.isupper()
        return False

    # ORG
    def _orgs(self, doc: Doc) -> Iterator[Span]:
        for token in doc:
            if token.text in self.org_prefixes and token.i + 1 < len(doc) and _is_name_token(doc[token.i + 1]):
                end = self._name_after(doc, token.i + 1)  # "PT Halmahera Sinar Nikel"
                if end > token.i + 1:
                    span = _span(doc, token.i, end, "ORG", "org_prefix")
                    if span is not None:
                        yield span
            if token.text not in self.org_suffixes:
                continue
            end = token.i + 1
            start = token.i
            if start >= 2 and doc[start - 1].text == "," and _is_name_token(doc[start - 2]):
                start -= 1  # "MUFG Bank, Ltd."
            while start > 0:
                previous = doc[start - 1]
                if (previous.text == ")" and start >= 4 and doc[start - 3].text == "("
                        and _is_name_token(doc[start - 2]) and _is_name_token(doc[start - 4])):
                    start -= 3  # "IREL (India) Ltd."
                    continue
                if _is_name_token(previous) or (
                    previous.text in ("&", "and") and start - 2 >= 0 and _is_name_token(doc[start - 2])
                    and previous.text == "&"
                ):
                    start -= 1
                else:
                    break
            if start > 0 and doc[start - 1].text in self.org_prefixes:
                start -= 1
            words = [t.text for t in doc[start:end]]
            if start == token.i:
                continue  # a suffix alone ("Holdings") is no name
            if any(word in AGENCY_PREFIX_HEADS or word in AGENCY_SUFFIX_HEADS for word in words):
                continue
            if all(self._generic(word) or word in self.org_suffixes for word in words):
                continue  # "Critical Minerals", "Indian Mines": topics, not names
            span = _span(doc, start, end, "ORG", "org_suffix")
            if span is not None:
                yield span

    def _generic(self, word: str) -> bool:
        return word in GENERIC_NAME_WORDS or word in self.country_words or any(
            part in self.country_words for part in word.replace("–", "-").split("-") if part
        )

    # AGENCY
    def _name_run(self, doc: Doc, start: int) -> int:
        """End of a capitalised name run with connectors ("Mines and Energy", "the Treasury")."""
        end = start
        has_and_ahead = False
        while end < len(doc):
            token = doc[end]
            if _is_name_token(token) or token.text in ("Affairs", "Trade"):
                end += 1
            elif token.text in ("-", "–") and end > start and end + 1 < len(doc) and _is_name_token(
                doc[end + 1]
            ):
                end += 1  # "Export-Import"
            elif token.lower_ in ("and", "&", "the", "for", "of") and end + 1 < len(doc) and (
                _is_name_token(doc[end + 1]) or doc[end + 1].lower_ == "the"
            ):
                end += 1
            elif token.text == "," and end + 1 < len(doc) and _is_name_token(doc[end + 1]):
                # keep a comma only in a list that closes with "and" ("Industry, Science and Resources")
                probe = end + 1
                while probe < len(doc) and (_is_name_token(doc[probe]) or doc[probe].text == ","):
                    probe += 1
                has_and_ahead = probe + 1 < len(doc) and doc[probe].lower_ == "and" and _is_name_token(
                    doc[probe + 1]
                )
                if not has_and_ahead:
                    break
                end += 1
            else:
                break
        while end > start and doc[end - 1].lower_ in ("and", "&", "the", "for", "of", ","):
            end -= 1
        # "Ministry of Trade ... of the Republic of Korea", "... Resources and Japan": the
        # country closing the run is context, not part of the name.
        for cut in range(start + 1, end):
            if doc[cut].lower_ in ("of", "and", "&") and all(
                t.lower_ in ("the", "of") or t.text in self.country_words for t in doc[cut + 1 : end]
            ) and any(t.text in self.country_words for t in doc[cut + 1 : end]):
                return cut
        return end

    def _agencies(self, doc: Doc) -> Iterator[Span]:
        for token in doc:
            text = token.text
            if text in AGENCY_PREFIX_HEADS and token.i + 2 < len(doc) and doc[token.i + 1].lower_ in (
                "of", "for"
            ):
                run_start = token.i + 2
                end = self._name_run(doc, run_start)
                if end > run_start:
                    start = token.i
                    while start > 0 and doc[start - 1].text in AGENCY_ADJECTIVES:
                        start -= 1
                    span = _span(doc, start, end, "AGENCY", "agency_head")
                    if span is not None:
                        yield span
            elif (text == "Bank" and token.i > 0 and doc[token.i - 1].text in STATE_BANK_WORDS
                  and token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "of"):
                # "Development Bank of Namibia", "Export-Import Bank of Thailand"
                end = self._name_run(doc, token.i + 2)
                start = token.i - 1
                while start > 0 and (doc[start - 1].text in STATE_BANK_WORDS or doc[start - 1].text == "-"):
                    start -= 1
                if end > token.i + 2:
                    span = _span(doc, start, end, "AGENCY", "agency_bank")
                    if span is not None:
                        yield span
            elif text in AGENCY_SUFFIX_HEADS and token.i > 0:
                start = token.i
                while start > 0 and start > token.i - 5 and _is_name_token(doc[start - 1]):
                    start -= 1
                words = [t.text for t in doc[start : token.i]]
                if any(w in INTERNAL_UNIT_WORDS for w in words):
                    continue  # "Public Relations Office", "Corporate Planning Department"
                if start < token.i and not all(w in GENERIC_NAME_WORDS for w in words):
                    span = _span(doc, start, token.i + 1, "AGENCY", "agency_suffix")
                    if span is not None:
                        yield span

    # PROGRAM
    def _programs(self, doc: Doc) -> Iterator[Span]:
        for token in doc:
            text = token.text
            if (text == "Vision" and token.i + 1 < len(doc) and doc[token.i + 1].text.isdigit()
                    and len(doc[token.i + 1].text) == 4):
                span = _span(doc, token.i, token.i + 2, "PROGRAM", "program_vision")  # "Vision 2030"
                if span is not None:
                    yield span
            if text in self.program_prefix_heads and token.i + 1 < len(doc):
                end = token.i + 1
                while end < len(doc) and end - token.i <= 4 and _is_name_token(doc[end]):
                    end += 1
                if end > token.i + 1:
                    span = _span(doc, token.i, end, "PROGRAM", "program_prefix")
                    if span is not None:
                        yield span
            elif text in self.program_suffix_heads and token.i > 0:
                start = token.i
                while start > 0 and token.i - start < 7:
                    previous = doc[start - 1]
                    if _is_name_token(previous) or (
                        previous.like_num and len(previous.text) == 4 and previous.text.isdigit()
                    ) or (previous.lower_ in PROGRAM_JOINERS
                          and start - 2 >= 0 and _is_name_token(doc[start - 2])):
                        start -= 1
                    else:
                        break
                while start < token.i and doc[start].lower_ in PROGRAM_JOINERS:
                    start += 1
                if any(t.text in self.title_words for t in doc[start : token.i]):
                    continue  # "Vice-President for Industrial Strategy" is a title
                end = token.i + 1
                if end + 1 < len(doc) and doc[end].lower_ in ("for", "of", "on") and _is_name_token(doc[end + 1]):
                    # "Japan Fund for Prosperous and Resilient Asia and the Pacific"
                    run_end = self._name_run(doc, end + 1)
                    if run_end > end + 1:
                        end = run_end
                if start < token.i:
                    span = _span(doc, start, end, "PROGRAM", "program_suffix")
                    if span is not None:
                        yield span


@Language.factory("rule_matcher", default_config={"models_dir": ""})
def make_rule_matcher(nlp: Language, name: str, models_dir: str) -> RuleMatcher:
    return RuleMatcher(nlp, name, models_dir)


def spans_texts(spans: Iterable[Span]) -> list[tuple[str, str]]:
    """(label, text) pairs, for debugging and tests."""
    return [(span.label_, span.text) for span in spans]
