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

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from extractor.nlp.extensions import (
    RULE_PREFIX,
    Candidate,
    TokenTable,
    candidates,
    doc_text,
    make_candidate,
    set_detail_at,
    token_table,
)
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
# Lower-case particles inside company names ("Lítio do Jequitinhonha S.A.").
ORG_PARTICLES = NAME_PARTICLES | {"do", "des"}
# ... and the Spanish and Portuguese "and" inside a described name ("Jujuy Energía y Minería").
DESCRIBED_NAME_JOINERS = ORG_PARTICLES | {"y", "e"}
AGENCY_PREFIX_HEADS = frozenset({"Ministry", "Department", "Secretariat", "Office", "Bureau",
                                 "Directorate", "Commission", "Agency", "Authority", "Embassy",
                                 "Consulate", "Superintendency",
                                 "Directorate-General", "Ministère", "Secretaría"})
# A government's collective executive ("Council of Ministers", "Cabinet").
EXECUTIVE_HEADS = frozenset({"Cabinet", "CABINET", "Council", "COUNCIL"})
# Lower-case words after "Cabinet" that make it a title, a room or an event, not the body.
CABINET_NOT_BODY = frozenset({"secretary", "secretaries", "minister", "ministers", "member",
                              "members", "office", "level", "rank", "reshuffle", "room", "meeting",
                              "meetings", "colleagues", "post", "posts", "division"})
# Heads of bodies of two governments ("Türkiye–Qatar Supreme Strategic Committee").
BILATERAL_HEADS = frozenset({"Commission", "Committee", "Council", "COMMISSION", "COMMITTEE",
                             "COUNCIL"})
DASHES = frozenset({"–", "-", "—", "‑"})
AGENCY_SUFFIX_HEADS = frozenset({"Agency", "Authority", "Commission", "Ministry", "Bureau",
                                 "Office", "Department", "Directorate", "Secretariat", "Regulator",
                                 "Inspectorate"})
# Heads of bodies: a "Project X" ending in one is a committee or a team, not a project.
BODY_HEADS = frozenset({"Committee", "Council", "Board", "Office", "Unit", "Team", "Department",
                        "Agency", "Secretariat", "Commission", "Group"})
# Suffixes that close a company's name for certain ("Sahel Gold Corp."), unlike topic words
# that also end programme names ("Afrika Minerals Processing Fund").
CORPORATE_WORDS = frozenset({"Corp", "Corp.", "Corporation", "Co.", "Company", "Companies"})
# Words before "Facility" that make it a debt instrument rather than a programme.
INSTRUMENT_WORDS = frozenset({"Loan", "Credit", "Debt", "Guarantee", "Term", "Revolving", "Bridge",
                              "Equipment", "LOAN", "CREDIT", "DEBT", "TERM"})
PROGRAM_JOINERS = frozenset({"and", "&", "of", "for", "on", "in", "the", "-", "–"})
# "Saskatchewan Research Council", "National Science Council": public councils (a bare
# "Council" is as often an industry association).
PUBLIC_COUNCIL_WORDS = frozenset({"Research", "Science", "Sciences", "Grants", "Funding"})
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
# Lower-case words that say what kind of company the name after them is ("magnet maker X").
ORG_DESCRIPTORS = frozenset({"company", "maker", "miner", "producer", "developer", "trader", "firm",
                             "manufacturer", "refiner", "explorer", "giant", "startup", "start-up",
                             "operator", "supplier", "subsidiary", "conglomerate", "smelter", "processor",
                             "recycler", "lender", "insurer"})
GENERIC_NAME_WORDS = frozenset(
    ["Critical", "Strategic", "Rare", "Earth", "Earths", "Global", "National", "International", "New", "Green", "Clean", "Minerals", "Mineral", "Mining", "Metals", "Metal", "Resources", "Energy", "Battery", "Batteries", "Supply", "Chain", "Chains", "Joint", "Bilateral", "Economic", "Trade", "Investment", "Development", "Security", "Sustainable", "Responsible", "Key", "Major", "Total", "Further", "Additional", "Advanced", "Technology", "Technologies", "Industry", "Industrial", "Material", "Materials", "Raw", "Project", "Projects", "Partners", "Group", "Capital", "Holdings", "Company", "Bank", "Banks", "Natural"]
)


def _is_name_word(text: str, is_punct: bool, is_space: bool) -> bool:
    """A capitalised word that can be part of a name (not a sentence opener or a month)."""
    if not text or is_punct or is_space:
        return False
    if text in STOP_CAPS or text in MONTH_AND_DAY_WORDS:
        return False
    return (text[0].isupper() or _elided(text)) and any(c.isalpha() for c in text)


def _elided(text: str) -> bool:
    """A capitalised word after an elided French or Italian article ("l'Anosy", "d'Ivoire")."""
    return len(text) > 2 and text[:2].lower() in ("l'", "d'", "l’", "d’") and text[2].isupper()


def _span(table: TokenTable, start: int, end: int, label: str, rule: str) -> Candidate | None:
    if end <= start:
        return None
    return make_candidate(table, start, end, label, RULE_PREFIX + rule)


def _positions(words: list[str], triggers: frozenset[str]) -> list[int]:
    """Indices of the words in `triggers`, in order: the rules only look around these."""
    return [i for i, word in enumerate(words) if word in triggers]


@dataclass(slots=True)
class _Tokens:
    """What the rules read about one document: the `TokenTable` lists plus, per token,
    whether it can be part of a name. Rules index these lists instead of `doc[i]`."""

    doc: Doc
    table: TokenTable
    text: list[str]
    lower: list[str]
    space: list[bool]
    name: list[bool]
    n: int

    @classmethod
    def of(cls, doc: Doc) -> _Tokens:
        table = token_table(doc)
        # Whether a word can be part of a name depends on its text alone (the flags are
        # the lexeme's): computed once per distinct word, then looked up.
        flags = _NAME_WORDS
        if len(flags) > _NAME_WORDS_LIMIT:
            flags.clear()
        if not flags.keys() >= set(table.text):
            for text, punct, space in zip(table.text, table.is_punct, table.is_space, strict=True):
                if text not in flags:
                    flags[text] = (text[:1].isupper() or _elided(text)) and _is_name_word(text, punct, space)
        name = [flags[text] for text in table.text]
        return cls(doc, table, table.text, table.lower, table.space, name, len(table.text))


@dataclass(slots=True)
class _Bodies:
    """Where named bodies and instruments already proposed lie, for the programme rule: a
    programme's name does not run across a company, an agency or an agreement word."""

    covered: frozenset[int]  # tokens inside a known agency or company name
    ends: frozenset[int]  # last tokens of multi-word bodies and of agreement words

    @classmethod
    def of(cls, found: list[Candidate], table: TokenTable, suffixes: frozenset[str]) -> _Bodies:
        covered: set[int] = set()
        ends: set[int] = set()
        for c in found:
            known = not c.kb_id.startswith(RULE_PREFIX)
            if c.label in ("AGENCY", "ORG") and known:
                covered.update(range(c.start, c.end))
            if c.label in ("AGENCY", "ORG") and c.end - c.start > 1 and (
                    known or table.text[c.end - 1] in suffixes):
                ends.add(c.end - 1)  # "Qatar Investment Authority", "Sahel Gold Corp."
            elif c.label == "AGREEMENT" and not c.kb_id.endswith("|ambiguous") and \
                    table.text[c.end - 1].isupper():
                ends.add(c.end - 1)  # "SUBSCRIPTION AGREEMENT AND LETTER OF INTENT FOR PROJECT"
        return cls(frozenset(covered), frozenset(ends))


# Word text -> can be part of a name, shared by all documents (bounded, like the lexeme cache).
_NAME_WORDS: dict[str, bool] = {}
# Word text -> a cue the person rules look around (see `RuleMatcher._persons`), likewise.
_PERSON_CUES: dict[str, bool] = {}
_NAME_WORDS_LIMIT = 500_000


class RuleMatcher:
    def __init__(self, nlp: Language, name: str, models_dir: str) -> None:
        self.name = name
        root = Path(models_dir) if models_dir else MODELS_DIR
        titles = load_pattern_data("person_titles", root)
        suffixes = load_pattern_data("org_suffixes", root)
        heads = load_pattern_data("program_heads", root)
        self.portfolio_words = frozenset(titles.get("portfolio_words", []))
        self.org_suffixes = frozenset(suffixes.get("suffixes", []))
        # Suffixes the tokenizer splits ("sp. z o.o.", "Pty Ltd"), as token sequences by last token.
        self.multi_suffixes: dict[str, list[tuple[str, ...]]] = {}
        for tokens in nlp.tokenizer.pipe(sorted(self.org_suffixes)):
            words = tuple(t.text for t in tokens)
            if len(words) > 1:
                self.multi_suffixes.setdefault(words[-1], []).append(words[:-1])
        self.org_prefixes = frozenset(suffixes.get("prefixes", []))
        # legal forms make a company whatever words precede them ("Finnish Industry Investment Ltd")
        self.legal_forms = frozenset(suffixes.get("legal_forms", []))
        self.program_prefix_heads = frozenset(heads.get("prefix_heads", ["Project", "Operation"]))
        # Suffix heads by their last word, with the words before it ("Business Forum"), in
        # the case written and in capitals ("MINING WEEK").
        self.program_heads_by_last: dict[str, list[tuple[str, ...]]] = {}
        for head in heads.get("suffix_heads", []):
            for form in (head, head.upper()):
                *rest, last = form.split()
                self.program_heads_by_last.setdefault(last, []).append(tuple(rest))
        self.program_suffix_heads = frozenset(self.program_heads_by_last)
        title_texts = sorted(set(titles.get("titles", [])))
        self.title_words = frozenset(word for title in title_texts for word in title.split())
        # One-word titles ("Minister", "Vice-President"): a capitalised run holding one is a
        # title ("Vice-President for Industrial Strategy"), where portfolio words alone
        # ("Energy", "Mining") are not.
        self.title_heads = frozenset(title for title in title_texts if " " not in title)
        self.titles = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.titles.add("TITLE", list(nlp.tokenizer.pipe(title_texts)))
        self.money = default_money_finder()
        gazetteer = load_gazetteer(root)
        self.country_words = frozenset(
            word for p in gazetteer.phrases if p.key.startswith("COUNTRY:") for word in p.text.split()
        )
        self.agency_countries = {key: e.country for key, e in gazetteer.entries.items()
                                 if e.label == "AGENCY" and e.country and e.country != "EU"}
        # Words at which each rule can fire (the loops visit only these positions).
        self.person_triggers = SPEECH_VERBS | {"by"} | ROLE_WORDS_AFTER_NAME | {",", ":", ";", "–", "—"}
        self.org_triggers = self.org_prefixes | self.org_suffixes | frozenset(self.multi_suffixes)
        self.agency_triggers = AGENCY_PREFIX_HEADS | AGENCY_SUFFIX_HEADS | {"Bank", "Council"} | \
            EXECUTIVE_HEADS | BILATERAL_HEADS | {"Directorate"}
        self.program_triggers = self.program_prefix_heads | self.program_suffix_heads | {"Vision"}

    def __call__(self, doc: Doc) -> Doc:
        found = candidates(doc)
        tokens = _Tokens.of(doc)
        found.extend(self._money(doc))
        found.extend(self._dates(doc))
        found.extend(self._persons(tokens))
        found.extend(self._orgs(tokens))
        found.extend(self._described_orgs(tokens))
        found.extend(self._agencies(tokens))
        found.extend(self._programs(tokens))
        return doc

    # MONEY and DATE: patterns over the text, snapped to tokens.
    def _money(self, doc: Doc) -> Iterator[Candidate]:
        # the countries the document names, for symbols several currencies share ("K", "CFA")
        countries: Counter[str] = Counter()
        found = [c for c in candidates(doc) if c.label in ("COUNTRY", "AGENCY", "ORG", "PROGRAM")
                 and "|" not in c.kb_id and not c.kb_id.startswith(RULE_PREFIX)]
        # a name inside a longer one ("Republic of Korea" in "Export-Import Bank of the
        # Republic of Korea", "Korea" in "Republic of Korea") is not a mention of its own
        nested: set[tuple[int, int]] = set()
        reach = -1
        for start, end in sorted({(c.start, c.end) for c in found}, key=lambda se: (se[0], -se[1])):
            if end <= reach:
                nested.add((start, end))
            else:
                reach = end
        for c in found:
            if (c.start, c.end) in nested:
                continue
            if c.label == "COUNTRY":
                countries[c.kb_id.split(":", 1)[1]] += 1
            elif c.label == "AGENCY" and c.kb_id in self.agency_countries:
                countries[self.agency_countries[c.kb_id]] += 1  # its national bodies count too
        for match in self.money.find(doc_text(doc), countries):
            span = doc.char_span(match.start, match.end, alignment_mode="expand")
            if span is not None:
                offsets = (span.start_char, span.end_char)
                set_detail_at(doc, offsets, "MONEY", match.norm)
                yield Candidate(span.start, span.end, "MONEY", RULE_PREFIX + "money", *offsets)

    def _dates(self, doc: Doc) -> Iterator[Candidate]:
        text = doc_text(doc)
        for match in find_dates(text):
            span = doc.char_span(match.start, match.end, alignment_mode="contract")
            # `span.text` is the document text between its character offsets.
            if span is not None and span.end_char > span.start_char:
                offsets = (span.start_char, span.end_char)
                set_detail_at(doc, offsets, "DATE", match)
                yield Candidate(span.start, span.end, "DATE", RULE_PREFIX + "date", *offsets)

    # PERSON
    def _name_after(self, d: _Tokens, start: int) -> int:
        """End of a personal name starting at `start` (== start when there is none).

        Hyphenated parts written without spaces belong to the name ("Lee Dong-hoon",
        "Al-Mutairi", "Jean-Pierre")."""
        text, name, n = d.text, d.name, d.n
        end = start
        words = 0
        while end < n and words < 4:
            word = text[end]
            if name[end] and word not in self.title_words:
                end += 1
                words += 1
            elif word in NAME_PARTICLES and end > start and end + 1 < n and name[end + 1]:
                end += 1
            elif (word in ("-", "‑") and end > start and not d.space[end - 1]
                  and not d.space[end] and end + 1 < n and d.table.is_alpha[end + 1]):
                end += 2
            else:
                break
        return end

    def _name_before(self, d: _Tokens, end: int) -> int:
        """Start of a personal name ending at `end` (== end when there is none)."""
        text, name = d.text, d.name
        start = end
        while start > 0 and end - start < 5:
            word = text[start - 1]
            if name[start - 1] and word not in self.title_words:
                start -= 1
            elif (word in ("-", "‑") and start - 2 >= 0 and not d.space[start - 1]
                  and not d.space[start - 2] and d.table.is_alpha[start - 2]):
                start -= 2
            else:
                break
        while start < end and not name[start]:
            start += 1
        return start

    @staticmethod
    def _is_title_at(d: _Tokens, index: int, title_starts: set[int]) -> bool:
        """A title or role starts at `index`, possibly after an article or a possessive
        country ("an analyst at", "Guinea's Minister of Commerce")."""
        text, lower, n = d.text, d.lower, d.n
        if index < n and lower[index] in ("a", "an", "the"):
            index += 1
        if index + 1 < n and text[index + 1] in ("'s", "’s") and text[index][:1].isupper():
            index += 2
        return index in title_starts or (index < n and lower[index] in ROLE_WORDS_AFTER_NAME)

    def _persons(self, d: _Tokens) -> Iterator[Candidate]:
        text, lower, n = d.text, d.lower, d.n
        matches = sorted(self.titles(d.doc), key=lambda m: (m[1], -m[2]))
        title_starts = {start for _, start, _ in matches}
        last_end = -1
        for _, start, end in matches:
            if start < last_end:
                continue
            last_end = end
            cursor = end
            if cursor < n and text[cursor] == ":":
                cursor += 1  # "Chairman and CEO: OTSUKA Masahiro"
            while cursor < n and text[cursor] in HONORIFICS:
                cursor += 1  # "Senator the Hon Tom Callaghan"
            # "Minister for Resources and Northern Australia Madeleine King": skip the portfolio.
            if cursor < n and lower[cursor] in ("for", "of"):
                probe = cursor + 1
                while probe < n and (
                    text[probe] in self.portfolio_words or text[probe] in self.country_words
                    or (lower[probe] in ("and", "&", ",", "the") and probe + 1 < n
                        and (text[probe + 1] in self.portfolio_words
                             or text[probe + 1] in self.country_words))
                ):
                    probe += 1
                if probe == cursor + 1:
                    continue  # "Chairman of the Bank": a role, no name follows
                cursor = probe
                if cursor < n and text[cursor] == ",":
                    cursor += 1  # "Minister of Finance and National Planning, Mwila Kabwe"
            name_end = self._name_after(d, cursor)
            if name_end > cursor:
                span = _span(d.table, cursor, name_end, "PERSON", "person_title")
                if span is not None:
                    yield span
        yield from self._persons_by_cue(d)
        is_space = d.table.is_space
        # Speech verbs, "by", clause punctuation and line breaks: a property of the word
        # (its lower form and space flag are the lexeme's), so looked up per distinct word.
        cues = _PERSON_CUES
        if len(cues) > _NAME_WORDS_LIMIT:
            cues.clear()
        if not cues.keys() >= set(text):
            for word, low, space in zip(text, lower, is_space, strict=True):
                if word not in cues:
                    cues[word] = (low in SPEECH_VERBS or low == "by"
                                  or word in (",", ":", "–", "—", ";") or (space and "\n" in word))
        triggers = [i for i, word in enumerate(text) if cues[word]]
        for i in triggers:
            word, low = text[i], lower[i]
            following = i + 1
            # "..., said Jane Doe," / "By Hadeel Nasser and Tom Ellery" / "Editing by Martin Crowe"
            if (low in SPEECH_VERBS or low == "by") and following < n:
                end = self._name_after(d, following)
                closes = end == n or text[end] in (",", ".", ";", ")", "\n") or \
                    is_space[end] or lower[end] in ("and", "in", "at")
                if end - following >= 2 and closes and (low != "by" or self._byline(d, i)):
                    span = _span(d.table, following, end, "PERSON", "person_speech")
                    if span is not None:
                        yield span
                    if end + 1 < n and lower[end] == "and":
                        second_end = self._name_after(d, end + 1)
                        if second_end - (end + 1) >= 2:
                            second = _span(d.table, end + 1, second_end, "PERSON", "person_speech")
                            if second is not None:
                                yield second
            # "Jane Doe, chief executive of X" / "Sophie Gagnon, Press Secretary to ..."
            if word == "," and i >= 2 and self._is_title_at(d, following, title_starts):
                start = self._name_before(d, i)
                if i - start >= 2 and (start == 0 or not d.name[start - 1]):
                    span = _span(d.table, start, i, "PERSON", "person_role")
                    if span is not None:
                        yield span
            # Contact lines: "Media contact: Laura Benning, press@dfc.gov", "Marta Lindqvist (EIB)"
            if word in (":", "–", "—", ";") or (is_space[i] and "\n" in word):
                end = self._name_after(d, following)
                if end - following >= 2 and end < n and self._contact_follows(d, end):
                    span = _span(d.table, following, end, "PERSON", "person_contact")
                    if span is not None:
                        yield span

    def _persons_by_cue(self, d: _Tokens) -> Iterator[Candidate]:
        """Names after lower-case roles ("managing director Patrice Ilunga"), right before a
        speech verb ("... Strategy Stéphane Séjourné said"), and in contact lines."""
        text, lower, n = d.text, d.lower, d.n
        is_space = d.table.is_space
        for i in _positions(lower, self.person_triggers):
            low = lower[i]
            if low in ROLE_WORDS_AFTER_NAME and d.table.is_lower[i] and i + 2 < n:
                start = i + 1
                end = self._name_after(d, start)
                if end - start >= 2:
                    span = _span(d.table, start, end, "PERSON", "person_role_before")
                    if span is not None:
                        yield span
            if low in SPEECH_VERBS and i >= 2 and d.name[i - 1]:
                start = self._name_before(d, i)
                if i - start >= 3:
                    start = i - 2 if text[i - 2] not in ("-",) else i - 4
                if i - start >= 2:
                    span = _span(d.table, start, i, "PERSON", "person_before_speech")
                    if span is not None:
                        yield span
            if text[i] in (":", ";", ",") and self._in_contact_line(d, i):
                start = i + 1
                while start < n and is_space[start] and "\n" not in text[start]:
                    start += 1
                end = self._name_after(d, start)
                if end - start >= 2:
                    span = _span(d.table, start, end, "PERSON", "person_contact")
                    if span is not None:
                        yield span

    @staticmethod
    def _in_contact_line(d: _Tokens, i: int) -> bool:
        text = doc_text(d.doc)
        idx = d.table.idx[i]
        line_start = text.rfind("\n", 0, idx) + 1
        line = text[line_start:idx].lower()
        return "contact" in line or ("office" in line and ":" in line)

    @staticmethod
    def _byline(d: _Tokens, i: int) -> bool:
        """'By' opening a line, or 'Reporting/Editing/Writing by'."""
        if i == 0 or "\n" in d.text[i - 1] or d.table.is_space[i - 1]:
            return True
        return d.lower[i - 1] in ("reporting", "editing", "writing", "compiled", "written",
                                  "additional")

    @staticmethod
    def _contact_follows(d: _Tokens, end: int) -> bool:
        """After a name: an e-mail, a phone number, or an office acronym in brackets."""
        text, n = d.text, d.n
        word = text[end]
        if word in (",", "–", "-") and end + 1 < n:
            nxt = text[end + 1]
            if end + 2 < n and text[end + 2] in MONTH_AND_DAY_WORDS:
                return False  # "Kuala Lumpur Convention Centre, 10 March 2026": a dateline
            # digits, not number words ("One People – One Goal" is a motto)
            return "@" in nxt or nxt.startswith("+") or nxt[:1].isdigit() or \
                d.table.like_email[end + 1]
        if word == "(" and end + 2 < n and text[end + 2] == ")":
            return text[end + 1].isupper()
        return False

    # ORG
    def _orgs(self, d: _Tokens) -> Iterator[Candidate]:
        text, name, n = d.text, d.name, d.n
        for i in _positions(text, self.org_triggers):
            word = text[i]
            if word in self.org_prefixes and i + 1 < n and name[i + 1]:
                end = self._name_after(d, i + 1)  # "PT Halmahera Sinar Nikel"
                if end > i + 1:
                    span = _span(d.table, i, end, "ORG", "org_prefix")
                    if span is not None:
                        yield span
            suffix_start = self._multi_suffix_start(d, i)
            if word not in self.org_suffixes and suffix_start is None:
                continue
            end = i + 1
            if end + 1 < n and text[end] == "de" and text[end + 1] in ("C.V.", "R.L.", "CV", "RL"):
                end += 2  # "Minera Sonora Cobre, S.A. de C.V."
            if word == "Exchange" and end + 1 < n and text[end] == "of" and text[end + 1] in self.country_words:
                end += 2  # "Electronic Stock Exchange of Chile"
            start = i if suffix_start is None else suffix_start
            i = start  # the suffix's first token, for the checks below
            if start >= 2 and text[start - 1] == "," and name[start - 2] and text[i] in self.legal_forms:
                start -= 1  # "MUFG Bank, Ltd." (but not "Mr Mamadou Lamine Sarr, Mining Engineer")
            while start > 0:
                previous = text[start - 1]
                if (previous == ")" and start >= 4 and text[start - 3] == "("
                        and name[start - 2] and name[start - 4]):
                    start -= 3  # "IREL (India) Ltd."
                    continue
                if previous in ("-", "‑") and start >= 2 and name[start - 2] and \
                        not d.space[start - 2] and not d.space[start - 1]:
                    start -= 2  # "KfW IPEX-Bank GmbH", "Tri-Valley Gallium LLC"
                    continue
                if name[start - 1] or (
                    previous in ("&", "and") and start - 2 >= 0 and name[start - 2]
                    and previous == "&"
                ) or (previous in ORG_PARTICLES and start - 2 >= 0 and name[start - 2]):
                    start -= 1  # "Lítio do Jequitinhonha S.A."
                else:
                    break
            start = self._acronym_confirmed_start(d, start, end)
            if start > 0 and text[start - 1] in self.org_prefixes:
                start -= 1
            words = text[start:end]
            if start == i:
                continue  # a suffix alone ("Holdings") is no name
            if any(w in AGENCY_PREFIX_HEADS or w in AGENCY_SUFFIX_HEADS for w in words):
                continue
            if word not in self.legal_forms and all(
                    self._generic(w) or w in self.org_suffixes or w in DASHES for w in words):
                continue  # "Critical Minerals", "Indian Mines": topics, not names (but
                # "Finnish Industry Investment Ltd" is a company by its legal form)
            span = _span(d.table, start, end, "ORG", "org_suffix")
            if span is not None:
                yield span

    def _described_orgs(self, d: _Tokens) -> Iterator[Candidate]:
        """'state mining company Cominière', 'Korean magnet maker Sungwoo Magnetics': a name
        right after a lower-case word that says what kind of company it is."""
        text, name, n = d.text, d.name, d.n
        for i in _positions(d.lower, ORG_DESCRIPTORS):
            if text[i] != d.lower[i] or i + 1 >= n or not d.space[i]:
                continue  # "Company" closes a name; "company-wide"
            end = i + 1
            while end < n and text[end] not in self.title_heads and (name[end] or (
                    end > i + 1 and text[end] in DESCRIBED_NAME_JOINERS and end + 1 < n and name[end + 1])):
                end += 1  # "Instituto Provincial de Exploraciones", "Jujuy Energía y Minería"
            if end > i + 1 and not all(self._generic(w) for w in text[i + 1 : end]):
                span = _span(d.table, i + 1, end, "ORG", "org_descriptor")
                if span is not None:
                    yield span

    def _acronym_confirmed_start(self, d: _Tokens, start: int, end: int) -> int:
        """'Kenticha Tantalum and Lithium Share Company (KTL)': a name joined by "and" runs
        back over it only when the acronym after it spells the longer name's initials."""
        text, name = d.text, d.name
        if not (end + 2 < d.n and text[end] == "(" and text[end + 2] == ")" and text[end + 1].isupper()):
            return start
        acronym = text[end + 1]
        k = start
        if not (k >= 2 and d.lower[k - 1] == "and" and name[k - 2]):
            return start
        k -= 1
        while k > 0 and name[k - 1]:
            k -= 1

        def initials(first: int) -> str:
            return "".join(w[0] for w in text[first:end]
                           if w[:1].isupper() and w not in self.legal_forms and w not in ("Company", "Corporation"))

        if initials(k).startswith(acronym) and not initials(start).startswith(acronym):
            return k
        return start

    def _multi_suffix_start(self, d: _Tokens, i: int) -> int | None:
        """First token of a suffix the tokenizer split, ending at token `i` ("sp. z o.o.")."""
        for rest in self.multi_suffixes.get(d.text[i], ()):
            k = i - len(rest)
            if k > 0 and tuple(d.text[k:i]) == rest:
                return k
        return None

    def _generic(self, word: str) -> bool:
        return word in GENERIC_NAME_WORDS or word in self.country_words or any(
            part in self.country_words for part in word.replace("–", "-").split("-") if part
        )

    # AGENCY
    def _name_run(self, d: _Tokens, start: int) -> int:
        """End of a capitalised name run with connectors ("Mines and Energy", "the Treasury")."""
        text, lower, name, n = d.text, d.lower, d.name, d.n
        end = start
        has_and_ahead = False
        while end < n:
            word = text[end]
            if name[end] or word in ("Affairs", "Trade"):
                end += 1
            elif word in ("-", "–") and end > start and end + 1 < n and name[end + 1]:
                end += 1  # "Export-Import"
            elif lower[end] in ("and", "&", "the", "for", "of") and end + 1 < n and (
                name[end + 1] or lower[end + 1] == "the"
            ):
                end += 1
            elif word == "," and end + 1 < n and name[end + 1]:
                # keep a comma only in a list that closes with "and" ("Industry, Science and Resources")
                probe = end + 1
                while probe < n and (name[probe] or text[probe] == ","):
                    probe += 1
                has_and_ahead = probe + 1 < n and lower[probe] == "and" and name[probe + 1]
                if not has_and_ahead:
                    break
                end += 1
            else:
                break
        while end > start and lower[end - 1] in ("and", "&", "the", "for", "of", ","):
            end -= 1
        # "the Ministry of Mines and Kenticha Tantalum and Lithium Share Company": a company
        # after "and" is the other party, not part of the ministry's name
        for cut in range(start + 1, end):
            if lower[cut] in ("and", "&") and any(
                    text[k] in self.legal_forms or text[k] in ("Company", "Corporation")
                    for k in range(cut + 1, end)):
                end = cut
                break
            # "the Ministry of Energy Transition and Sustainable Development and the Ministry of
            # Energy and Infrastructure": a second body's head after "and" opens a second name
            following = cut + 2 if cut + 2 < end and lower[cut + 1] == "the" else cut + 1
            if lower[cut] in ("and", "&") and following < end \
                    and text[following] in ("Ministry", "Department", "Secretariat"):
                end = cut
                break
        # "Ministry of Trade ... of the Republic of Korea", "... Resources and Japan": the
        # country closing the run is context, not part of the name.
        countries = self.country_words
        for cut in range(start + 1, end):
            if lower[cut] in ("of", "and", "&") and all(
                lower[k] in ("the", "of") or text[k] in countries for k in range(cut + 1, end)
            ) and any(text[k] in countries for k in range(cut + 1, end)):
                return cut
            if lower[cut] == "of":
                # "... Natural Resources of the Republic of Türkiye and the Ministry of ...":
                # the country, then a second body, close the first name
                k = cut + 1
                while k < end and (lower[k] in ("the", "of") or (text[k] in countries and name[k])):
                    k += 1
                if k < end and lower[k] in ("and", "&") and any(
                        text[j] in countries and name[j] for j in range(cut + 1, k)):
                    return cut
        return end

    def _executive(self, d: _Tokens, i: int) -> Candidate | None:
        """'the Council of Ministers', 'COUNCIL OF MINISTERS', 'the Union Cabinet', 'tabled in
        Cabinet': the government's collective executive, which every country has."""
        text, lower, n = d.text, d.lower, d.n
        start = i
        while start > 0 and text[start - 1] in AGENCY_ADJECTIVES | {"Union", "UNION", "FEDERAL"}:
            start -= 1
        if i + 2 < n and lower[i + 1] == "of" and lower[i + 2] == "ministers":
            return _span(d.table, start, i + 3, "AGENCY", "agency_executive")
        if lower[i] != "cabinet" or (i + 1 < n and (
                lower[i + 1] in CABINET_NOT_BODY or text[i + 1] in self.title_heads)):
            return None  # "Cabinet Secretary", "Cabinet Office", "cabinet reshuffle"
        if i > 0 and lower[i - 1] in ("shadow", "kitchen"):
            return None
        return _span(d.table, start, i + 1, "AGENCY", "agency_executive")

    def _bilateral(self, d: _Tokens, i: int) -> Candidate | None:
        """'Türkiye–Qatar Supreme Strategic Committee', 'Oman–India Joint Commission': a body
        of two governments, named by their countries joined with a dash."""
        text, name = d.text, d.name
        start = i
        while start > 0 and i - start < 8 and (
                name[start - 1] or (text[start - 1] in DASHES and start - 2 >= 0 and name[start - 2])):
            start -= 1
        for k in range(start + 1, i - 1):
            if text[k] in DASHES and (text[k - 1] in self.country_words
                                      or text[k + 1] in self.country_words):
                first = k - 1
                while first > start and text[first - 1] not in DASHES and name[first - 1] and \
                        text[first - 1] in self.country_words and \
                        d.lower[first - 1] not in ("of", "the", "and"):
                    first -= 1
                if i - k >= 2:
                    return _span(d.table, first, i + 1, "AGENCY", "agency_bilateral")
        return None

    def _agencies(self, d: _Tokens) -> Iterator[Candidate]:
        text, lower, n = d.text, d.lower, d.n
        for i in _positions(text, self.agency_triggers):
            word = text[i]
            if word in EXECUTIVE_HEADS:
                span = self._executive(d, i)
                if span is not None:
                    yield span
            if word in BILATERAL_HEADS and i > 2:
                span = self._bilateral(d, i)
                if span is not None:
                    yield span
            if word == "Directorate" and i + 3 < n and text[i + 1] == "General" and \
                    lower[i + 2] in ("of", "for"):
                end = self._name_run(d, i + 3)  # "Directorate General of Armaments"
                if end > i + 3:
                    span = _span(d.table, i, end, "AGENCY", "agency_head")
                    if span is not None:
                        yield span
            if word in AGENCY_PREFIX_HEADS and i + 2 < n and lower[i + 1] in ("of", "for"):
                run_start = i + 2
                end = self._name_run(d, run_start)
                if word not in ("Embassy", "Consulate", "Commission") and all(
                        text[k] in self.country_words or lower[k] in ("the", "of") for k in range(run_start, end)):
                    continue  # "Geological Survey Department of Zambia": the country, not a body's name
                if end > run_start:
                    start = i
                    while start > 0 and text[start - 1] in AGENCY_ADJECTIVES:
                        start -= 1
                    span = _span(d.table, start, end, "AGENCY", "agency_head")
                    if span is not None:
                        yield span
            elif (word == "Bank" and i > 0 and text[i - 1] in STATE_BANK_WORDS
                  and i + 2 < n and lower[i + 1] == "of"):
                # "Development Bank of Namibia", "Export-Import Bank of Thailand"
                end = self._name_run(d, i + 2)
                start = i - 1
                while start > 0 and (text[start - 1] in STATE_BANK_WORDS or text[start - 1] == "-"):
                    start -= 1
                if end > i + 2:
                    span = _span(d.table, start, end, "AGENCY", "agency_bank")
                    if span is not None:
                        yield span
            elif (word in AGENCY_SUFFIX_HEADS or (word == "Council" and text[i - 1] in PUBLIC_COUNCIL_WORDS)) and i > 0:
                start = i
                while start > 0 and start > i - 5 and d.name[start - 1]:
                    start -= 1
                words = text[start:i]
                if any(w in INTERNAL_UNIT_WORDS for w in words):
                    continue  # "Public Relations Office", "Corporate Planning Department"
                if start < i and not all(w in GENERIC_NAME_WORDS for w in words):
                    span = _span(d.table, start, i + 1, "AGENCY", "agency_suffix")
                    if span is not None:
                        yield span

    # PROGRAM
    def _head_start(self, d: _Tokens, i: int) -> int | None:
        """Where the suffix head ending at token `i` starts ("Business Forum": at
        "Business"); None when the words before do not complete a multi-word head."""
        best = None
        for rest in self.program_heads_by_last.get(d.text[i], ()):
            k = i - len(rest)
            if k >= 0 and tuple(d.text[k:i]) == rest and (best is None or k < best):
                best = k
        return best

    def _program_part(self, d: _Tokens, k: int) -> bool:
        """A word of a programme's name: capitalised (not a joiner written in capitals, as
        in "OPENING OF THE MINING EXPO"), a year, or a country word ("d'Ivoire")."""
        text = d.text
        return d.lower[k] not in PROGRAM_JOINERS and (
            d.name[k] or (d.table.like_num[k] and len(text[k]) == 4 and text[k].isdigit())
            or (text[k] in self.country_words and text[k] not in STOP_CAPS))

    def _programs(self, d: _Tokens) -> Iterator[Candidate]:
        text, lower, name, n = d.text, d.lower, d.name, d.n
        like_num = d.table.like_num
        bodies = _Bodies.of(candidates(d.doc), d.table, self.legal_forms | CORPORATE_WORDS)
        for i in _positions(text, self.program_triggers):
            word = text[i]
            if word == "Vision" and i + 1 < n and text[i + 1].isdigit() and len(text[i + 1]) == 4:
                span = _span(d.table, i, i + 2, "PROGRAM", "program_vision")  # "Vision 2030"
                if span is not None:
                    yield span
            if word in self.program_prefix_heads and i + 1 < n:
                end = i + 1
                while end < n and end - i <= 4 and name[end]:
                    end += 1
                if end > i + 1 and text[end - 1] in BODY_HEADS:
                    continue  # "the Project Committee": a body, not a project
                if end > i + 1:
                    span = _span(d.table, i, end, "PROGRAM", "program_prefix")
                    if span is not None:
                        yield span
            elif word in self.program_suffix_heads and i > 0:
                head_start = self._head_start(d, i)
                if head_start is None or i in bodies.covered:
                    continue  # "African Development Fund", "OPEC Fund for ...": a known body
                if lower[i] in ("facility", "facilities") and text[i - 1] in INSTRUMENT_WORDS:
                    continue  # "ICO Loan Facility": an instrument, not a programme
                start = head_start
                countries = self.country_words
                part = self._program_part
                crossed = False
                while start > 0 and i - start < 7:
                    k = start - 1
                    if k in bodies.ends:
                        crossed = True  # "Sahel Gold Corp. Signs ...", "QIA and Türkiye Wealth Fund"
                        break
                    if part(d, k) or (lower[k] in PROGRAM_JOINERS and start - 2 >= 0
                                      and part(d, start - 2) and start - 2 not in bodies.ends):
                        start -= 1  # "Italy–Côte d'Ivoire Business Forum"
                    else:
                        break
                while start < i and lower[start] in PROGRAM_JOINERS:
                    start += 1
                if crossed and start < head_start:
                    continue  # a headline verb after a company's name, not a programme's name
                if i + 1 < n and name[i + 1] and not like_num[i + 1] and text[i + 1] not in countries:
                    continue  # "Kuala Lumpur Convention Centre": the head is inside a longer name
                if any(w in self.title_heads for w in text[start:i]):
                    continue  # "Vice-President for Industrial Strategy" is a title
                end = i + 1
                if end + 1 < n and lower[end] in ("for", "of", "on") and name[end + 1]:
                    # "Japan Fund for Prosperous and Resilient Asia and the Pacific"
                    run_end = self._name_run(d, end + 1)
                    # not over a company or agency: "the Modernisation Fund for Krušné Lithium a.s."
                    beneficiary = any(k in bodies.covered or k in bodies.ends or text[k] in self.legal_forms
                                      or text[k] in self.org_suffixes or text[k] + "." in self.org_suffixes
                                      for k in range(end + 1, min(n, run_end + 1)))
                    if run_end > end + 1 and not beneficiary:
                        end = run_end
                elif end + 1 < n and lower[end] == "to" and lower[i] == "mission" and \
                        text[end + 1] in countries:
                    end += 2  # "Team Canada Trade Mission to Chile"
                elif end < n and name[end] and text[end] in countries and not (end + 1 < n and name[end + 1]):
                    end += 1  # "Future Fund Oman"
                if end < n and like_num[end] and len(text[end]) == 4 and text[end][:2] in ("19", "20"):
                    end += 1  # "Malaysia Critical Minerals Summit 2026": the edition's year
                if start < head_start or (start < i and head_start < i):
                    span = _span(d.table, start, end, "PROGRAM", "program_suffix")
                    if span is not None:
                        yield span


@Language.factory("rule_matcher", default_config={"models_dir": ""})
def make_rule_matcher(nlp: Language, name: str, models_dir: str) -> RuleMatcher:
    return RuleMatcher(nlp, name, models_dir)
