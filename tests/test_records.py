from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from extractor.records import SCHEMA_VERSION, Deal, Document, MoneyNorm, Record, Span
from tests.conftest import GOLDEN_DIR


def test_golden_seed_parses_as_records() -> None:
    for line in (GOLDEN_DIR / "seed.jsonl").read_text(encoding="utf-8").splitlines():
        record = Record.model_validate_json(line)
        assert record.schema_version == SCHEMA_VERSION
        assert record.spans and record.deals


def test_span_text_must_match_offsets() -> None:
    with pytest.raises(ValidationError, match="does not fit"):
        Span(start=0, end=3, label="COUNTRY", text="US", norm="US")


def test_record_rejects_span_that_does_not_index_text() -> None:
    with pytest.raises(ValidationError, match="the text has"):
        Record(id="x", text="The US and Peru", spans=[Span(start=4, end=6, label="COUNTRY", text="UK", norm="GB")])


def test_record_rejects_overlapping_spans() -> None:
    text = "Export-Import Bank of the United States"
    spans = [
        Span(start=0, end=len(text), label="AGENCY", text=text,
             norm={"name": text, "acronym": "EXIM", "country": "US"}),  # type: ignore[arg-type]
        Span(start=26, end=39, label="COUNTRY", text="United States", norm="US"),
    ]
    with pytest.raises(ValidationError, match="overlaps"):
        Record(id="x", text=text, spans=spans)


@pytest.mark.parametrize(
    ("label", "norm", "message"),
    [
        ("COUNTRY", "usa", "alpha-2"),
        ("AGREEMENT", "DEAL", "vocabulary"),
        ("DATE", "4 Feb 2026", "ISO 8601"),
        ("COMMODITY", "Lithium", "lower case"),
        ("MONEY", "USD 5", "object"),
        ("AGENCY", "EXIM", "object"),
    ],
)
def test_norm_shape_is_checked_per_label(label: str, norm: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Span(start=0, end=4, label=label, text="abcd", norm=norm)  # type: ignore[arg-type]


def test_dict_norm_is_read_by_label() -> None:
    money = Span.model_validate({"start": 0, "end": 3, "label": "MONEY", "text": "$5m",
                                 "norm": {"amount": 5000000, "currency": "USD", "qualifier": None}})
    assert isinstance(money.norm, MoneyNorm)
    with pytest.raises(ValidationError):
        Span.model_validate({"start": 0, "end": 3, "label": "MONEY", "text": "$5m",
                             "norm": {"amount": 5, "currency": "dollars"}})


def test_money_range_omits_missing_max_and_orders_range() -> None:
    assert "amount_max" not in MoneyNorm(amount=1, currency="USD").model_dump()
    assert MoneyNorm(amount=1, currency="USD", amount_max=2).model_dump()["amount_max"] == 2
    with pytest.raises(ValidationError, match="below"):
        MoneyNorm(amount=5, currency="USD", amount_max=2)


def test_document_gets_content_hash_and_schema_version() -> None:
    doc = Document(id="a", text="hello")
    assert doc.content_hash and doc.content_hash.startswith("sha256:")
    assert json.loads(doc.model_dump_json())["schema_version"] == SCHEMA_VERSION
    assert Document(id="b", text="hello").content_hash == doc.content_hash


def test_deal_evidence_and_enums() -> None:
    deal = Deal(kind="LOAN", evidence=(3, 10), status="approved")
    assert deal.parties == []
    with pytest.raises(ValidationError):
        Deal(kind="LOAN", evidence=(10, 3))
    with pytest.raises(ValidationError):
        Deal(kind="LOAN", evidence=(0, 3), status="maybe")  # type: ignore[arg-type]


def test_schema_command_prints_a_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from extractor.cli import main

    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "spans" in schema["properties"] and "schema_version" in schema["properties"]
