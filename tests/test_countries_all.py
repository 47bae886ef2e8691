"""Every country of the gazetteer, by its ISO common name, gives one COUNTRY span.

ANNOTATION.md: COUNTRY marks "a sovereign state or territory with an ISO 3166-1 code, by
name"; its norm is the alpha-2 code. The first name of each line of
`models/gazetteers/countries.jsonl` is the ISO common name. The sentence is neutral
("Officials from X attended the meeting."): lower-case words on both sides, so the
country reading of an ambiguous name ("Chad", "Jordan", "Georgia") is the only one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

COUNTRIES = Path(__file__).resolve().parents[1] / "models" / "gazetteers" / "countries.jsonl"


def _rows() -> list[dict]:
    with COUNTRIES.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


ROWS = _rows()

# Names that read as a plural or collective take "the" in English ("the Bahamas"); the
# article is outside the span either way.
SENTENCE = "Officials from {name} attended the meeting."


def test_gazetteer_is_complete() -> None:
    codes = [row["code"] for row in ROWS]
    assert len(codes) == len(set(codes))
    assert len(codes) >= 249  # every ISO 3166-1 alpha-2 code
    assert all(row.get("names") for row in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[f'{row["code"]}-{row["names"][0]}' for row in ROWS])
def test_country_by_common_name(extract_text, row: dict) -> None:
    name = row["names"][0]
    text = SENTENCE.format(name=name)
    spans = extract_text(text, "2026-02-04")
    countries = [(t, norm) for label, t, norm in spans if label == "COUNTRY"]
    assert countries == [(name, row["code"])], spans
    # The country name is not read as anything else as well.
    others = [(label, t) for label, t, _ in spans if label != "COUNTRY"]
    assert others == [], spans
