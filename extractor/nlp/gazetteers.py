"""Loading the gazetteers under `models/` into phrases the matchers can use.

Each gazetteer file has its own shape (see models/README.md); this module turns them all
into `Entry` objects (what a match means) and `Phrase` objects (how it is written and
whether case matters), so one matcher component serves every label.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"

# Labels the gazetteer matcher produces; BLOCK marks phrases that are not entities.
BLOCK = "BLOCK"


@dataclass(frozen=True)
class Entry:
    key: str  # unique, e.g. "COUNTRY:US", "AGENCY:17"
    label: str
    norm: Any  # the normalized value (str, or a dict for AGENCY)
    country: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class Phrase:
    text: str
    key: str
    case_sensitive: bool
    ambiguous: bool = False


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    phrases: list[Phrase] = field(default_factory=list)
    # country adjectives and nationals ("Chilean", "Emiratis"), as written and in capitals
    demonyms: set[str] = field(default_factory=set)

    def add(self, entry: Entry) -> None:
        self.entries[entry.key] = entry

    def phrase(self, text: str, key: str, *, case_sensitive: bool, ambiguous: bool = False) -> None:
        text = " ".join(text.split())
        if text:
            self.phrases.append(Phrase(text, key, case_sensitive, ambiguous))


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _json(path: Path, default: Any = None) -> Any:
    if not path.exists():
        return default
    return json.loads(path.read_text(encoding="utf-8"))


def is_acronym_like(text: str) -> bool:
    """One word with capitals inside (EXIM, MoU, K-SURE, U.S.): matched case-sensitively."""
    letters = [c for c in text if c.isalpha()]
    return " " not in text and sum(c.isupper() for c in letters) >= 2


def needs_exact_case(text: str) -> bool:
    """Single words and acronyms are matched as written; longer names ignore case."""
    return " " not in text.strip() or is_acronym_like(text)


def load_countries(gazetteer: Gazetteer, models_dir: Path) -> None:
    for raw in _jsonl(models_dir / "gazetteers" / "countries.jsonl"):
        code = raw["code"]
        key = f"COUNTRY:{code}"
        gazetteer.add(Entry(key, "COUNTRY", code, country=code))
        ambiguous = set(raw.get("ambiguous") or [])
        gazetteer.demonyms.update(raw.get("demonyms", []))
        gazetteer.demonyms.update(d.upper() for d in raw.get("demonyms", []))
        # Country names are proper nouns: always matched as written ("turkey" is a bird).
        for name in [*raw.get("names", []), *raw.get("demonyms", [])]:
            gazetteer.phrase(name, key, case_sensitive=True, ambiguous=name in ambiguous)
            if len(name) > 4 and not name.isupper():
                # Headlines and letterheads: "REPUBLIC OF ZAMBIA", "MONGOLIA".
                gazetteer.phrase(name.upper(), key, case_sensitive=True, ambiguous=name in ambiguous)
            if name.isascii() is False:
                folded = _ascii_fold(name)
                if folded != name:
                    gazetteer.phrase(folded, key, case_sensitive=True, ambiguous=name in ambiguous)
    blockers = models_dir / "gazetteers" / "not_countries.txt"
    if blockers.exists():
        gazetteer.add(Entry(BLOCK, BLOCK, None))
        for line in blockers.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                gazetteer.phrase(line, BLOCK, case_sensitive=True)
                if len(line) > 4 and line.upper() != line:
                    gazetteer.phrase(line.upper(), BLOCK, case_sensitive=True)  # "MEXICO CITY"


def _ascii_fold(text: str) -> str:
    import unicodedata

    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )


def load_named_bodies(gazetteer: Gazetteer, path: Path, label: str) -> None:
    """Agencies, organisations and programmes: name, aliases and acronyms."""
    for index, raw in enumerate(_jsonl(path)):
        key = f"{label}:{index}"
        if label == "AGENCY":
            norm: Any = {"name": raw["name"], "acronym": raw.get("acronym"),
                         "country": raw.get("country")}
        else:
            norm = raw["name"]
        gazetteer.add(Entry(key, label, norm, country=raw.get("country"),
                            category=raw.get("category")))
        ambiguous = bool(raw.get("ambiguous"))
        names = [raw["name"], *raw.get("aliases", [])]
        if label == "AGENCY":
            # "U.S. International Development Finance Corporation" is also written without
            # the prefix, and the resolver joins whatever country word precedes it.
            names += [_strip_country_prefix(name) for name in names]
        # "Korea Trade Insurance Corp.": the abbreviated legal word of a name
        names += [_abbreviated(name) for name in names if _abbreviated(name) != name]
        # Names are proper nouns: matched as written (so "mineral resources" in prose is not
        # the company Mineral Resources), plus the all-capitals form headlines use.
        for name in dict.fromkeys(names):
            gazetteer.phrase(name, key, case_sensitive=True, ambiguous=ambiguous)
            if name.upper() != name and (" " in name or (label == "AGENCY" and len(name) >= 4)):
                # headings: "AIR FORCE", and for agencies single words too ("ARMY", "SEJM")
                gazetteer.phrase(name.upper(), key, case_sensitive=True, ambiguous=ambiguous)
        acronyms = list(raw.get("acronyms") or [])
        if raw.get("acronym"):
            acronyms.append(raw["acronym"])
        for acronym in dict.fromkeys(acronyms):
            gazetteer.phrase(acronym, key, case_sensitive=True, ambiguous=ambiguous)


_ABBREVIATED_ENDINGS = ((" Corporation", " Corp."), (" Company", " Co."))


def _abbreviated(name: str) -> str:
    """The name with its closing legal word abbreviated ("... Corporation" -> "... Corp.")."""
    for full, short in _ABBREVIATED_ENDINGS:
        if name.endswith(full) and len(name) > len(full) + 3:
            return name[: -len(full)] + short
    return name


_COUNTRY_PREFIXES = ("U.S. ", "US ", "United States ", "UK ", "U.K. ", "EU ")


def _strip_country_prefix(name: str) -> str:
    for prefix in _COUNTRY_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 3:
            return name[len(prefix) :]
    return name


def load_vocabulary(gazetteer: Gazetteer, path: Path, label: str) -> None:
    """Commodities and agreement kinds: a norm with its surface patterns."""
    for raw in _jsonl(path):
        norm = raw["norm"]
        key = f"{label}:{norm}"
        gazetteer.add(Entry(key, label, norm))
        for pattern in raw.get("patterns", []):
            gazetteer.phrase(pattern, key, case_sensitive=False)
        for pattern in raw.get("case_sensitive_patterns", []):
            gazetteer.phrase(pattern, key, case_sensitive=True)
        # Words that are this kind only in some contexts; the resolver's guards decide.
        for pattern in raw.get("context_patterns", []):
            gazetteer.phrase(pattern, key, case_sensitive=False, ambiguous=True)


@cache
def load_gazetteer(models_dir: Path = MODELS_DIR) -> Gazetteer:
    """Every gazetteer under `models_dir`, loaded once per process."""
    gazetteer = Gazetteer()
    load_countries(gazetteer, models_dir)
    folder = models_dir / "gazetteers"
    load_named_bodies(gazetteer, folder / "agencies.jsonl", "AGENCY")
    load_named_bodies(gazetteer, folder / "organizations.jsonl", "ORG")
    load_named_bodies(gazetteer, folder / "programs.jsonl", "PROGRAM")
    load_vocabulary(gazetteer, folder / "commodities.jsonl", "COMMODITY")
    load_vocabulary(gazetteer, folder / "agreements.jsonl", "AGREEMENT")
    return gazetteer


@cache
def load_pattern_data(name: str, models_dir: Path = MODELS_DIR) -> dict[str, Any]:
    """A small JSON file from models/patterns/ (titles, suffixes, date words...)."""
    return _json(models_dir / "patterns" / f"{name}.json", default={}) or {}


@cache
def load_currencies(models_dir: Path = MODELS_DIR) -> dict[str, Any]:
    return _json(models_dir / "gazetteers" / "currencies.json", default={}) or {}
