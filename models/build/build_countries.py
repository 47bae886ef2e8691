"""Generate models/gazetteers/countries.jsonl from pycountry + a hand-written supplement.

Usage: /work/main/.venv/bin/python models/build/build_countries.py

ISO 3166-1 (via pycountry) gives every code and its official names; the supplement
`models/sources/countries_extra.json` (keyed by alpha-2) adds prose names, abbreviations,
former names, demonyms, the ambiguous subset and a few official-name overrides, and can
drop ISO forms that never occur in prose.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pycountry

MODELS = Path(__file__).resolve().parents[1]
EXTRA_PATH = MODELS / "sources" / "countries_extra.json"
OUT_PATH = MODELS / "gazetteers" / "countries.jsonl"

_PAREN = re.compile(r"\s*\(([^)]*)\)")


def _strip_the(name: str) -> str:
    # The matcher handles a leading article itself, so names never carry one.
    return re.sub(r"^(the|The)\s+", "", name).strip()


def clean_iso_name(name: str) -> list[str]:
    """Turn an ISO list form into the forms used in prose.

    "Korea, Republic of" -> "Republic of Korea"; "Virgin Islands, British" ->
    "British Virgin Islands"; "Holy See (Vatican City State)" -> "Holy See",
    "Vatican City State"; "Saint Martin (French part)" -> "Saint Martin".
    A comma that separates a list ("Bonaire, Sint Eustatius and Saba") is kept.
    """
    out: list[str] = []
    paren = _PAREN.search(name)
    if paren:
        inner = paren.group(1)
        bare = _PAREN.sub("", name).strip()
        out.append(bare)
        # "(French part)" qualifies, it is not a name; a trailing "(Malvinas)" is one,
        # a mid-name "(Keeling)" is not a name on its own.
        if not inner.endswith("part") and name.rstrip().endswith(")"):
            out.append(inner)
        return [_strip_the(n) for n in out]
    if ", " in name:
        head, tail = name.split(", ", 1)
        if re.search(r"\bof( the)?$", tail):
            return [_strip_the(f"{tail} {head}")]
        if " " not in tail and tail[:1].isupper() and "and" not in head.split():
            return [_strip_the(f"{tail} {head}")]
        return [name]
    return [_strip_the(name)]


def _curly_variants(names: list[str]) -> list[str]:
    # Press text often uses the typographic apostrophe (People’s, d’Ivoire).
    return [n.replace("'", "\u2019") for n in names if "'" in n]


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        item = item.strip()
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def build_entry(code: str, iso: Any | None, extra: dict[str, Any]) -> dict[str, Any]:
    raw: list[str] = []
    official: str | None = None
    if iso is not None:
        common = getattr(iso, "common_name", None)
        off = getattr(iso, "official_name", None)
        if common:
            raw.append(common)
        raw.extend(clean_iso_name(iso.name))
        if off:
            raw.extend(clean_iso_name(off))
        official = clean_iso_name(off)[0] if off else clean_iso_name(iso.name)[0]
    raw.extend(extra.get("names", []))
    drop = set(extra.get("drop", []))
    names = [n for n in _dedupe(raw) if n not in drop]
    names = _dedupe(names + _curly_variants(names))
    demonyms = _dedupe(extra.get("demonyms", []))
    demonyms = _dedupe(demonyms + _curly_variants(demonyms))
    official = extra.get("official_name") or official or names[0]
    ambiguous = _dedupe(extra.get("ambiguous", []))
    missing = [a for a in ambiguous if a not in names and a not in demonyms]
    if missing:
        raise ValueError(f"{code}: ambiguous entries not among names/demonyms: {missing}")
    if not names:
        raise ValueError(f"{code}: no names")
    return {
        "code": code,
        "names": names,
        "demonyms": demonyms,
        "ambiguous": ambiguous,
        "official_name": official,
    }


def build() -> list[dict[str, Any]]:
    extra_all: dict[str, dict[str, Any]] = json.loads(EXTRA_PATH.read_text(encoding="utf-8"))
    iso_codes = {c.alpha_2: c for c in pycountry.countries}
    unknown = sorted(set(extra_all) - set(iso_codes))
    # Codes outside ISO 3166-1 (Kosovo's user-assigned XK) must bring their own names.
    entries = [build_entry(code, iso_codes[code], extra_all.get(code, {})) for code in iso_codes]
    entries += [build_entry(code, None, extra_all[code]) for code in unknown]
    entries.sort(key=lambda e: e["code"])
    _check_unique(entries)
    return entries


def _check_unique(entries: list[dict[str, Any]]) -> None:
    owner: dict[str, str] = {}
    for entry in entries:
        for form in entry["names"] + entry["demonyms"]:
            prev = owner.setdefault(form, entry["code"])
            if prev != entry["code"]:
                raise ValueError(f"{form!r} maps to both {prev} and {entry['code']}")


def main() -> int:
    entries = build()
    with OUT_PATH.open("w", encoding="utf-8") as fh:
        for entry in entries:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    print(f"wrote {len(entries)} entries to {OUT_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
