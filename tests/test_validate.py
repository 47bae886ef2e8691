"""The golden validator, and every golden file in the project passing it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.evaluate.validate import validate_golden_path, validate_record
from tests.conftest import GOLDEN_DIR

TEXT = "Chile and Japan signed an MoU."


def record(**changes: object) -> dict:
    base = {
        "id": "d1",
        "text": TEXT,
        "spans": [
            {"start": 0, "end": 5, "label": "COUNTRY", "text": "Chile", "norm": "CL"},
            {"start": 10, "end": 15, "label": "COUNTRY", "text": "Japan", "norm": "JP"},
            {"start": 26, "end": 29, "label": "AGREEMENT", "text": "MoU", "norm": "MOU"},
        ],
        "deals": [{"kind": "MOU", "parties": [{"role": "party", "label": "COUNTRY", "norm": "CL"}],
                   "evidence": [0, 30], "status": "signed"}],
    }
    base.update(changes)
    return base


def test_a_sound_record_has_no_problems() -> None:
    assert validate_record(record()) == []


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ([{"start": 0, "end": 5, "label": "COUNTRY", "text": "Japan", "norm": "JP"}], "text has"),
        ([{"start": 0, "end": 5, "label": "NATION", "text": "Chile", "norm": "CL"}], "label"),
        ([{"start": 0, "end": 5, "label": "COUNTRY", "text": "Chile", "norm": "Chile"}], "alpha-2"),
        ([{"start": 0, "end": 15, "label": "COUNTRY", "text": "Chile and Japan", "norm": "CL"},
          {"start": 10, "end": 15, "label": "COUNTRY", "text": "Japan", "norm": "JP"}], "overlaps"),
        ([{"start": 26, "end": 29, "label": "AGREEMENT", "text": "MoU", "norm": "MEMO"}], "vocabulary"),
    ],
)
def test_problems_are_reported(spans: list, message: str) -> None:
    problems = validate_record(record(spans=spans, deals=[]))
    assert problems and any(message in p for p in problems), problems


def test_deal_party_must_be_a_span_norm() -> None:
    bad = record(deals=[{"kind": "MOU", "parties": [{"role": "party", "label": "COUNTRY", "norm": "PE"}],
                         "evidence": [0, 30]}])
    assert any("not the norm of any span" in p for p in validate_record(bad))


def test_duplicate_ids_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps(record()) + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps(record()) + "\n" + "not json\n", encoding="utf-8")
    problems = validate_golden_path(tmp_path)
    assert any("already used" in p for p in problems)
    assert any("not JSON" in p for p in problems)


@pytest.mark.parametrize("folder", ["", "dev", "test"])
def test_project_golden_files_are_valid(folder: str) -> None:
    path = GOLDEN_DIR / folder
    assert list(path.glob("*.jsonl")), f"no golden files in {path}"
    assert validate_golden_path(path) == []


def test_golden_split_is_disjoint_and_sized() -> None:
    dev = {p.stem for p in (GOLDEN_DIR / "dev").glob("*.jsonl")}
    test = {p.stem for p in (GOLDEN_DIR / "test").glob("*.jsonl")}
    assert len(dev) >= 40 and len(test) >= 20
    assert not dev & test
