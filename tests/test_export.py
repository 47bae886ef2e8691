from __future__ import annotations

import csv
import json
from pathlib import Path

from extractor.cli import main
from extractor.records import Deal, Record, Span


def test_export_writes_deals_parties_and_spans(tmp_path: Path) -> None:
    text = "EXIM approved a loan of $5 million to Acme Ltd."
    record = Record(
        id="doc-1", text=text,
        spans=[Span(start=24, end=34, label="MONEY", text="$5 million",
                    norm={"amount": 5000000, "currency": "USD", "qualifier": None}),  # type: ignore[arg-type]
               Span(start=0, end=4, label="AGENCY", text="EXIM",
                    norm={"name": "Export-Import Bank of the United States", "acronym": "EXIM",  # type: ignore[arg-type]
                          "country": "US"})],
        deals=[Deal(kind="LOAN", status="approved", evidence=(0, len(text)),
                    amount={"amount": 5000000, "currency": "USD", "qualifier": None},  # type: ignore[arg-type]
                    commodities=["graphite", "lithium"],
                    parties=[{"role": "lender", "label": "AGENCY",  # type: ignore[list-item]
                              "norm": "Export-Import Bank of the United States"},
                             {"role": "borrower", "label": "ORG", "norm": "Acme Ltd."}])],
    )
    source = tmp_path / "records.jsonl"
    source.write_text(record.model_dump_json() + "\n" + json.dumps({"stage": "load", "source": "x"}) + "\n",
                      encoding="utf-8")
    deals_csv, spans_csv = tmp_path / "deals.csv", tmp_path / "spans.csv"
    assert main(["export", str(source), "--deals", str(deals_csv), "--spans", str(spans_csv)]) == 0
    deals = list(csv.DictReader(deals_csv.open(encoding="utf-8")))
    parties = list(csv.DictReader((tmp_path / "deals_parties.csv").open(encoding="utf-8")))
    spans = list(csv.DictReader(spans_csv.open(encoding="utf-8")))
    assert deals == [{**deals[0], "doc_id": "doc-1", "deal_index": "0", "kind": "LOAN",
                      "amount": "5000000", "currency": "USD", "commodities": "graphite; lithium",
                      "party_count": "2", "evidence_text": text}]
    assert [(p["deal_index"], p["role"], p["norm"]) for p in parties] == [
        ("0", "lender", "Export-Import Bank of the United States"), ("0", "borrower", "Acme Ltd.")]
    assert spans[1]["agency_acronym"] == "EXIM" and spans[1]["agency_country"] == "US"
    assert spans[0]["currency"] == "USD"
    assert main(["export", str(source)]) == 2
