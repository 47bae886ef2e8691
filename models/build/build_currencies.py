"""Generate models/gazetteers/currencies.json from pycountry + a hand-written supplement.

Usage: /work/main/.venv/bin/python models/build/build_currencies.py

ISO 4217 (via pycountry.currencies) gives the codes; the supplement
`models/sources/currencies_extra.json` lists the codes to drop (fund codes, units of
account, precious metals, testing codes) and the hand-written symbols, currency words,
scale words and number words. Keys that start with "_" in the supplement are notes.

The build fails if a symbol or word maps to a code that is not in the output list, so
the gazetteer is always self-consistent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

MODELS = Path(__file__).resolve().parents[1]
EXTRA_PATH = MODELS / "sources" / "currencies_extra.json"
OUT_PATH = MODELS / "gazetteers" / "currencies.json"


def build() -> dict:
    extra = json.loads(EXTRA_PATH.read_text(encoding="utf-8"))
    iso = {c.alpha_3 for c in pycountry.currencies}
    excluded = set(extra["exclude_codes"])
    unknown = excluded - iso
    if unknown:
        raise SystemExit(f"exclude_codes not in ISO 4217: {sorted(unknown)}")
    codes = sorted(iso - excluded)
    listed = set(codes)

    problems = []
    for part in ("symbols", "words"):
        for key, code in extra[part].items():
            if code not in listed:
                problems.append(f"{part}: {key!r} -> {code} (not a listed code)")
    for symbol, by_country in extra.get("country_symbols", {}).items():
        for country, code in by_country.items():
            if code not in listed or pycountry.countries.get(alpha_2=country) is None:
                problems.append(f"country_symbols: {symbol!r} {country} -> {code}")
    if problems:
        raise SystemExit("\n".join(problems))

    # Longest first, so a consumer that tries keys in order prefers "US$" to "$".
    def by_length(d: dict) -> dict:
        return dict(sorted(d.items(), key=lambda kv: (-len(kv[0]), kv[0])))

    return {
        "symbols": by_length(extra["symbols"]),
        "codes": codes,
        "words": by_length(extra["words"]),
        "scales": dict(extra["scales"]),
        "number_words": dict(extra["number_words"]),
        "country_symbols": {k: dict(v) for k, v in extra.get("country_symbols", {}).items()},
    }


def main() -> int:
    data = build()
    OUT_PATH.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    OUT_PATH.write_text(text, encoding="utf-8")
    print(
        f"wrote {OUT_PATH.relative_to(MODELS.parent)}: {len(data['codes'])} codes, "
        f"{len(data['symbols'])} symbols, {len(data['words'])} words, "
        f"{len(data['scales'])} scales, {len(data['number_words'])} number words "
        f"(pycountry {getattr(pycountry, '__version__', '?')})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
