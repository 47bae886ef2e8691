"""Merge the hand-written agency sources into models/gazetteers/agencies.jsonl.

Usage: /work/main/.venv/bin/python models/build/build_agencies.py [--check]

Sources: models/sources/agencies/*.jsonl, one government body or public institution a
line. A source line needs `name`, `country` and `category`; `acronym`, `aliases`,
`acronyms` and `parent` may be left out (null / empty). The build

- validates every field (country: pycountry alpha-2, "EU", "XK" or null; category from
  CATEGORIES; no leading "the"; no all-lower-case single-word alias or acronym);
- puts `acronym` first in `acronyms` and drops aliases equal to the name;
- merges lines with the same (name, country) (union of aliases and acronyms);
- checks that every `parent` names an entry, and that no alias is claimed by two
  different bodies (a form shared across countries is allowed only when every
  claimant has that same `name`, e.g. "Foreign Ministry" on each "Ministry of Foreign
  Affairs"; acronyms may be shared across countries, never within one);
- writes the entries sorted by (name, country), keys in a fixed order.

`--check` only compares the merge with the committed file (exit 1 if they differ).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pycountry

MODELS = Path(__file__).resolve().parents[1]
SOURCE_DIR = MODELS / "sources" / "agencies"
OUT_PATH = MODELS / "gazetteers" / "agencies.jsonl"

CATEGORIES = frozenset({
    "ministry", "department", "agency", "office", "regulator", "central_bank",
    "legislature", "eca", "dfi", "sovereign_fund", "igo", "forum", "eu_institution",
    "eu_dg", "eu_agency", "sub_office", "geological_survey", "state_bank",
})
EXTRA_COUNTRIES = frozenset({"EU", "XK"})
KEYS = ("name", "acronym", "country", "aliases", "acronyms", "category", "parent")
OPTIONAL = {"acronym": None, "aliases": [], "acronyms": [], "parent": None}


class SourceError(ValueError):
    pass


def valid_country(code: Any) -> bool:
    if code is None or code in EXTRA_COUNTRIES:
        return True
    return isinstance(code, str) and len(code) == 2 and code.isupper() and (
        pycountry.countries.get(alpha_2=code) is not None)


def is_lower_word(form: str) -> bool:
    """A single word with no capital letter: would match ordinary prose."""
    return " " not in form and form == form.lower()


def _clean_list(values: Any, where: str, key: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SourceError(f"{where}: {key} must be a list of strings")
    out: list[str] = []
    for value in values:
        if not value or value != value.strip() or "  " in value:
            raise SourceError(f"{where}: bad {key} item {value!r}")
        if value not in out:
            out.append(value)
    return out


def normalise(raw: dict[str, Any], where: str) -> dict[str, Any]:
    unknown = set(raw) - set(KEYS)
    if unknown:
        raise SourceError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("name", "country", "category"):
        if key not in raw:
            raise SourceError(f"{where}: missing {key}")
    row = {key: raw.get(key, OPTIONAL.get(key)) for key in KEYS}
    name = row["name"]
    if not isinstance(name, str) or not name or name != name.strip():
        raise SourceError(f"{where}: bad name {name!r}")
    if name.lower().startswith("the "):
        raise SourceError(f"{where}: name starts with 'the': {name!r}")
    where = f"{where} ({name})"
    if not valid_country(row["country"]):
        raise SourceError(f"{where}: bad country {row['country']!r}")
    if row["category"] not in CATEGORIES:
        raise SourceError(f"{where}: bad category {row['category']!r}")
    if row["acronym"] is not None and (not isinstance(row["acronym"], str) or not row["acronym"]):
        raise SourceError(f"{where}: bad acronym {row['acronym']!r}")
    if row["parent"] is not None and (not isinstance(row["parent"], str) or row["parent"] == name):
        raise SourceError(f"{where}: bad parent {row['parent']!r}")
    aliases = [a for a in _clean_list(row["aliases"], where, "aliases") if a != name]
    acronyms = _clean_list(row["acronyms"], where, "acronyms")
    if row["acronym"]:
        acronyms = [row["acronym"], *(a for a in acronyms if a != row["acronym"])]
    for form in aliases + acronyms:
        if is_lower_word(form):
            raise SourceError(f"{where}: lower-case single word {form!r}")
        if form.lower().startswith("the "):
            raise SourceError(f"{where}: form starts with 'the': {form!r}")
    row["aliases"], row["acronyms"] = aliases, acronyms
    return row


def read_sources(source_dir: Path = SOURCE_DIR) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    paths = sorted(source_dir.glob("*.jsonl"))
    if not paths:
        raise SourceError(f"no sources in {source_dir}")
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = f"{path.name}:{n}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SourceError(f"{where}: {exc}") from exc
            if not isinstance(raw, dict):
                raise SourceError(f"{where}: not an object")
            rows.append(normalise(raw, where))
    return rows


def _dedupe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["name"], row["country"] or "")
        if key not in merged:
            merged[key] = row
            continue
        kept = merged[key]
        for field in ("acronym", "category", "parent"):
            if kept[field] is None:
                kept[field] = row[field]
            elif row[field] is not None and row[field] != kept[field]:
                raise SourceError(f"{row['name']} ({row['country']}): conflicting {field}")
        kept["aliases"] = list(dict.fromkeys(kept["aliases"] + row["aliases"]))
        kept["acronyms"] = list(dict.fromkeys(kept["acronyms"] + row["acronyms"]))
    return list(merged.values())


def check_forms(rows: list[dict[str, Any]]) -> None:
    names = {row["name"] for row in rows}
    for row in rows:
        if row["parent"] is not None and row["parent"] not in names:
            raise SourceError(f"{row['name']}: unknown parent {row['parent']!r}")
    claims: dict[str, list[dict[str, Any]]] = defaultdict(list)
    acronym_claims: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for row in rows:
        for form in {f.casefold() for f in [row["name"], *row["aliases"]]}:
            claims[form].append(row)
        for form in row["acronyms"]:
            acronym_claims[(form, row["country"])].append(row["name"])
    problems = []
    for form, owners in claims.items():
        if len(owners) < 2:
            continue
        same_country = defaultdict(int)
        for owner in owners:
            same_country[owner["country"]] += 1
        if any(count > 1 for count in same_country.values()):
            problems.append(f"{form!r} names two bodies of one jurisdiction")
        if len({owner["name"] for owner in owners}) > 1:
            problems.append(f"{form!r} claimed by {sorted({o['name'] for o in owners})}")
    for (form, country), owners in acronym_claims.items():
        if len(owners) > 1:
            problems.append(f"acronym {form!r} ({country}) claimed by {owners}")
    if problems:
        raise SourceError("; ".join(problems))


def merge(source_dir: Path = SOURCE_DIR) -> list[dict[str, Any]]:
    rows = _dedupe(read_sources(source_dir))
    check_forms(rows)
    rows.sort(key=lambda r: (r["name"].casefold(), r["name"], r["country"] or ""))
    return rows


def render(rows: list[dict[str, Any]]) -> str:
    return "".join(
        json.dumps({key: row[key] for key in KEYS}, ensure_ascii=False) + "\n" for row in rows)


def main(argv: list[str]) -> int:
    try:
        text = render(merge())
    except SourceError as exc:
        print(f"build_agencies: {exc}", file=sys.stderr)
        return 2
    if "--check" in argv:
        current = OUT_PATH.read_text(encoding="utf-8") if OUT_PATH.exists() else ""
        if current != text:
            print("build_agencies: agencies.jsonl is out of date", file=sys.stderr)
            return 1
        return 0
    OUT_PATH.parent.mkdir(parents=True, exist_ok=True)
    OUT_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} agencies to {OUT_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
