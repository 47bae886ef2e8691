"""The normalizer: sets `Span._.norm` on every entity, as ANNOTATION.md defines it.

Gazetteer entities take their entry's norm; rule entities are normalized from their text
and the document (the fullest form of a person's or company's name, the full name of a
programme referred to in short, the reference date for relative dates). Entities that
cannot be normalized (a relative date in a document with no date) are dropped rather
than written with a wrong norm.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.nlp.components.gazetteer_matcher import AMBIGUOUS_SUFFIX
from extractor.nlp.extensions import (
    ENTITIES_KEY,
    RULE_PREFIX,
    Entity,
    doc_text,
    set_entities,
    span_details,
    span_norms,
)
from extractor.nlp.gazetteers import MODELS_DIR, Gazetteer, load_gazetteer, load_pattern_data
from extractor.nlp.normalize import agency as agency_norms
from extractor.nlp.normalize import names
from extractor.nlp.normalize.date import reference_date, resolve

LINK_PREFIX = RULE_PREFIX + "link:"
# Names many governments give a body ("Ministry of Energy and Mines", "Department of Energy"):
# a gazetteer entry of another country yields to the document's own.
GENERIC_BODY_HEADS = ("Ministry of", "Department of", "Directorate of", "Secretariat of")
# Bare names of legislatures, and the word their full names carry.
GENERIC_LEGISLATURES = {"Parliament": "Parliament", "Senate": "Senate", "Congress": "Congress",
                        "National Assembly": "National Assembly", "PARLIAMENT": "Parliament"}


def entry_key(span: Span) -> str:
    """The gazetteer key behind a span, through acronym links; '' for rule spans."""
    key = span.kb_id_.removeprefix(LINK_PREFIX).removesuffix(AMBIGUOUS_SUFFIX)
    return "" if key.startswith(RULE_PREFIX) or ":" not in key else key


class Normalizer:
    def __init__(self, nlp: Language, name: str, models_dir: str) -> None:
        self.name = name
        self.gazetteer: Gazetteer = load_gazetteer(Path(models_dir) if models_dir else MODELS_DIR)
        self.agency_index = agency_norms.AgencyIndex.from_gazetteer(self.gazetteer)
        # each country's legislatures by the generic word in their names ("Parliament of Ghana")
        self.legislatures: dict[tuple[str, str], dict[str, Any]] = {}
        for entry in self.gazetteer.entries.values():
            if entry.category == "legislature" and entry.country:
                for word in GENERIC_LEGISLATURES.values():
                    if word in entry.norm["name"]:
                        self.legislatures.setdefault((entry.country, word), entry.norm)
        # country names and demonyms, for a body named with its country first ("Chilean ...")
        self.country_forms: dict[str, str] = {
            p.text: p.key.split(":", 1)[1] for p in self.gazetteer.phrases
            if p.key.startswith("COUNTRY:") and not p.ambiguous
        }
        suffixes = load_pattern_data("org_suffixes", Path(models_dir) if models_dir else MODELS_DIR)
        self.org_suffixes = frozenset(suffixes.get("suffixes", [])) | frozenset(
            suffixes.get("weak_suffixes", [])
        )
        # The current document's entities and countries, set for the length of one call.
        self._ents: list[Span] = []
        self._countries: list[Span] = []
        self._forms: dict[str, list[tuple[str, list[str]]]] = {}
        self._company_forms: dict[str, str] = {}  # a known company's fullest form, per document

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        reference: dt.date | None = reference_date(doc_text(doc), published)
        doc._.reference_date = reference
        ents = list(doc.ents)
        # Read once: `doc.ents` makes new spans on every access, and the entities do not
        # change until the end of this component.
        self._ents = ents
        self._countries = [e for e in ents if e.label_ == "COUNTRY"]
        countries = Counter(
            self._entry_norm(e) for e in self._countries if entry_key(e)
        )
        # Known national bodies tell the jurisdiction too ("Cabinet of Ministers" in a release
        # of the Department of Government Information and the Geological Survey and Mines Bureau).
        for e in ents:
            norm = self._entry_norm(e) if e.label_ == "AGENCY" else None
            if isinstance(norm, dict) and norm.get("country") not in (None, "EU"):
                countries[norm["country"]] += 1
        by_offsets: dict[tuple[int, int, str], Any] = {}
        persons = [e for e in ents if e.label_ == "PERSON"]
        orgs = [e for e in ents if e.label_ == "ORG"]
        programs = [e for e in ents if e.label_ == "PROGRAM"]
        # Each name is compared with every other of its kind: their texts are read once.
        self._company_forms = {}
        self._forms = {"PERSON": names.name_forms(persons), "ORG": names.name_forms(orgs),
                       "PROGRAM": names.name_forms(programs)}
        # `Span._.norm` and `Span._.detail` by offsets, without an `Underscore` per access.
        norms, details = span_norms(doc), span_details(doc)
        links = {e.start: (details.get((e.start_char, e.end_char)) or {}).get("link") for e in ents}
        kept: list[Span] = []
        # Full forms first, so acronyms linked to them can copy their norms.
        ordered = sorted(ents, key=lambda e: e.kb_id_.startswith(LINK_PREFIX) and bool(links[e.start]))
        for ent in ordered:
            norm = self._norm(doc, ent, links[ent.start], reference, countries, by_offsets,
                              persons, orgs, programs)
            if norm is None:
                continue
            norms[(ent.start_char, ent.end_char)] = norm
            by_offsets[(ent.start_char, ent.end_char, ent.label_)] = norm
            kept.append(ent)
        self._fill_defined_acronyms(doc, kept, links)
        kept.sort(key=lambda e: e.start)
        if len(kept) < len(ents):
            # (Setting the same entities again would change nothing.)
            set_entities(doc, [(e.start, e.end, e.label_, e.kb_id_) for e in kept])
        # The entities are final: the stages after (deals, records) share them as one table.
        doc.user_data[ENTITIES_KEY] = [
            Entity(doc, e.start, e.end, e.start_char, e.end_char, e.label_, norms.get((e.start_char, e.end_char)))
            for e in kept]
        self._ents, self._countries, self._forms, self._company_forms = [], [], {}, {}
        return doc

    def _entry_norm(self, span: Span) -> Any:
        entry = self.gazetteer.entries.get(entry_key(span))
        return entry.norm if entry is not None else None

    def _norm(
        self,
        doc: Doc,
        ent: Span,
        link: tuple[int, int] | None,
        reference: dt.date | None,
        countries: Counter[Any],
        by_offsets: dict[tuple[int, int, str], Any],
        persons: list[Span],
        orgs: list[Span],
        programs: list[Span],
    ) -> Any:
        label = ent.label_
        if link is not None and (*link, label) in by_offsets:
            return by_offsets[(*link, label)]
        detail = span_details(doc).get((ent.start_char, ent.end_char)) or {}
        if label == "MONEY":
            return detail.get("MONEY")
        if label == "DATE":
            match = detail.get("DATE")
            if match is None:
                return None
            text = doc_text(doc)
            return resolve(match, reference, text[max(0, ent.start_char - 100) : ent.start_char],
                           text[ent.end_char : ent.end_char + 100])
        # `ent.text` is the document text between the entity's character offsets.
        if label == "PERSON":
            return names.fullest_person(ent, persons, self._forms["PERSON"],
                                        doc_text(doc)[ent.start_char : ent.end_char])
        if label == "ORG":
            text = doc_text(doc)
            key = entry_key(ent)
            if key:
                # a known company named several ways ("Almalyk MMC", "Almalyk Mining and
                # Metallurgical Complex JSC"): each mention takes the fullest form used
                # (found once per company and document)
                if key not in self._company_forms:
                    forms = [names.fullest_org(o, orgs, self.org_suffixes, self._forms["ORG"],
                                               text[o.start_char : o.end_char]) for o in orgs if entry_key(o) == key]
                    self._company_forms[key] = max(forms, key=lambda form: (len(form.split()), len(form)))
                return self._company_forms[key]
            return names.fullest_org(ent, orgs, self.org_suffixes, self._forms["ORG"],
                                     text[ent.start_char : ent.end_char])
        if label == "PROGRAM":
            return names.full_program(ent, programs, self._entry_norm(ent), self._forms["PROGRAM"],
                                      doc_text(doc)[ent.start_char : ent.end_char])
        if label == "AGENCY":
            return self._agency(doc, ent, countries)
        return self._entry_norm(ent)

    def _agency(self, doc: Doc, ent: Span, countries: Counter[Any]) -> dict[str, Any] | None:
        prefix_country = (span_details(doc).get((ent.start_char, ent.end_char)) or {}).get(
            "prefix_country")
        entry = self._entry_norm(ent)
        detail = span_details(doc).get((ent.start_char, ent.end_char)) or {}
        if entry is None and detail.get("defined_by"):
            # "Denmark's Export and Investment Fund (EIFO)": the body its acronym names
            known = self.gazetteer.entries.get(
                str(detail["defined_by"]).removesuffix(AMBIGUOUS_SUFFIX))
            entry = known.norm if known is not None and known.label == "AGENCY" else None
        if isinstance(entry, dict) and detail.get("group") and not entry["name"].endswith(" Group"):
            return dict(entry, name=entry["name"] + " Group")  # "African Development Bank Group"
        if isinstance(entry, dict) and entry.get("country") and not prefix_country and countries \
                and entry["country"] not in countries and str(entry.get("name", "")).startswith(GENERIC_BODY_HEADS):
            # "Ministry of Energy and Mines" in a release about the Dominican Republic that
            # never names Peru: many governments have a body of that name; the document's own
            home = countries.most_common(1)[0][0]
            own = self.agency_index.lookup(entry["name"], home)
            return dict(own) if own is not None else {"name": entry["name"], "acronym": None, "country": home}
        if entry is not None:
            text = doc_text(doc)[ent.start_char : ent.end_char]
            if text in GENERIC_LEGISLATURES and countries and not prefix_country:
                # a bare "Parliament" or "Senate" is the legislature of the document's country
                home = countries.most_common(1)[0][0]
                own = self.legislatures.get((home, GENERIC_LEGISLATURES[text]))
                if own is not None and entry.get("country") != home:
                    return dict(own)
            return dict(entry)
        code, agency_start = prefix_country if prefix_country else (None, ent.start_char)
        parent = self._adjacent_agency(doc, ent)
        if ent.kb_id_ == RULE_PREFIX + "agency_bilateral":
            context_country = None  # a body of two governments has no single jurisdiction
        else:
            context_country = code or self._leading_country(doc_text(doc)[agency_start:ent.end_char]) or \
                (parent.get("country") if parent else None) or \
                agency_norms.context_country(doc, ent, countries, self._countries)
        # The joined country word is not part of the name ("Chilean Ministry of Mining").
        text = doc_text(doc)[agency_start : ent.end_char]
        name = agency_norms.clean_name(text)
        known = self.agency_index.lookup(name, context_country)
        if known is not None:
            return dict(known)
        return {"name": name, "acronym": None, "country": context_country}

    def _leading_country(self, name: str) -> str | None:
        """The country a body's name opens with ("Chilean Economic Development Agency")."""
        words = name.split()
        for size in (3, 2, 1):
            if len(words) > size and " ".join(words[:size]) in self.country_forms:
                return self.country_forms[" ".join(words[:size])]
        return None

    def _adjacent_agency(self, doc: Doc, ent: Span) -> dict[str, Any] | None:
        """The body right before a sub-office ("EXIM Office of Communications")."""
        if ent.start == 0:
            return None
        for other in self._ents:
            if other.end == ent.start and other.label_ == "AGENCY":
                norm = self._entry_norm(other)
                return norm if isinstance(norm, dict) else None
        return None

    def _fill_defined_acronyms(self, doc: Doc, ents: list[Span],
                               links: dict[int, tuple[int, int] | None]) -> None:
        """A rule agency defined with an acronym in brackets carries that acronym."""
        norms = span_norms(doc)
        # Entities do not overlap: at most one has the offsets a link points to.
        offsets = {(e.start_char, e.end_char) for e in ents}
        for ent in ents:
            link = links[ent.start]
            if ent.label_ != "AGENCY" or link is None:
                continue
            full = tuple(link)
            if full not in offsets:
                continue
            norm = norms.get(full)
            text = doc_text(doc)[ent.start_char : ent.end_char]
            if isinstance(norm, dict) and norm.get("acronym") is None and text.isupper():
                updated = dict(norm, acronym=text)
                norms[full] = updated
                norms[(ent.start_char, ent.end_char)] = updated


@Language.factory("entity_normalizer", default_config={"models_dir": ""})
def make_normalizer(nlp: Language, name: str, models_dir: str) -> Normalizer:
    return Normalizer(nlp, name, models_dir)
