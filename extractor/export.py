"""Flat CSV exports of records, for databases that load rows rather than JSON.

- deals: one row per deal, keyed by (doc_id, deal_index);
- parties: one row per party of a deal, keyed by (doc_id, deal_index, party_index);
- spans: one row per span, keyed by (doc_id, span_index), with the norm spread over
  typed columns (AGENCY name/acronym/country, MONEY amount/currency/qualifier).

Lists (commodities, programmes) are joined with "; ". Every file has a header row.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

DEAL_COLUMNS = ("doc_id", "deal_index", "kind", "status", "date", "amount", "currency",
                "qualifier", "amount_max", "count", "commodities", "programs", "party_count",
                "evidence_start", "evidence_end", "evidence_text")
PARTY_COLUMNS = ("doc_id", "deal_index", "party_index", "role", "label", "norm")
SPAN_COLUMNS = ("doc_id", "span_index", "start", "end", "label", "text", "norm",
                "agency_acronym", "agency_country", "amount", "currency", "qualifier",
                "amount_max")
LIST_SEPARATOR = "; "


def read_records(paths: Iterable[str | Path]) -> Iterator[dict[str, Any]]:
    for path in paths:
        with Path(path).open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    if "text" in record:  # error entries have no text
                        yield record


def _money(norm: Any) -> dict[str, Any]:
    norm = norm or {}
    return {"amount": norm.get("amount"), "currency": norm.get("currency"),
            "qualifier": norm.get("qualifier"), "amount_max": norm.get("amount_max")}


def deal_rows(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    text = record.get("text", "")
    for index, deal in enumerate(record.get("deals") or []):
        start, end = deal.get("evidence") or (None, None)
        yield {
            "doc_id": record["id"],
            "deal_index": index,
            "kind": deal.get("kind"),
            "status": deal.get("status"),
            "date": deal.get("date"),
            **_money(deal.get("amount")),
            "count": deal.get("count"),
            "commodities": LIST_SEPARATOR.join(deal.get("commodities") or []),
            "programs": LIST_SEPARATOR.join(deal.get("programs") or []),
            "party_count": len(deal.get("parties") or []),
            "evidence_start": start,
            "evidence_end": end,
            "evidence_text": text[start:end] if start is not None and end is not None else None,
        }


def party_rows(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for index, deal in enumerate(record.get("deals") or []):
        for party_index, party in enumerate(deal.get("parties") or []):
            yield {"doc_id": record["id"], "deal_index": index, "party_index": party_index,
                   "role": party.get("role"), "label": party.get("label"), "norm": party.get("norm")}


def span_rows(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for index, span in enumerate(record.get("spans") or []):
        norm = span.get("norm")
        row: dict[str, Any] = {"doc_id": record["id"], "span_index": index, "start": span["start"],
                               "end": span["end"], "label": span["label"], "text": span["text"],
                               "norm": None, "agency_acronym": None, "agency_country": None,
                               "amount": None, "currency": None, "qualifier": None,
                               "amount_max": None}
        if span["label"] == "AGENCY" and isinstance(norm, dict):
            row.update(norm=norm.get("name"), agency_acronym=norm.get("acronym"),
                       agency_country=norm.get("country"))
        elif span["label"] == "MONEY" and isinstance(norm, dict):
            row.update(_money(norm))
            row["norm"] = f"{norm.get('amount')} {norm.get('currency')}"
        else:
            row["norm"] = norm
        yield row


def write_csv(path: str | Path, columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def default_parties_path(deals_path: str | Path) -> Path:
    path = Path(deals_path)
    return path.with_name(f"{path.stem}_parties{path.suffix or '.csv'}")


def export(inputs: list[str], deals: str | None, parties: str | None, spans: str | None) -> dict[str, int]:
    written: dict[str, int] = {}
    records = list(read_records(inputs)) if (deals and spans) else None

    def source() -> Iterable[dict[str, Any]]:
        return records if records is not None else read_records(inputs)

    if deals:
        written["deals"] = write_csv(deals, DEAL_COLUMNS, (r for rec in source() for r in deal_rows(rec)))
        parties_path = parties or default_parties_path(deals)
        written["parties"] = write_csv(parties_path, PARTY_COLUMNS,
                                       (r for rec in source() for r in party_rows(rec)))
    if spans:
        written["spans"] = write_csv(spans, SPAN_COLUMNS, (r for rec in source() for r in span_rows(rec)))
    return written


def cmd_export(args: argparse.Namespace) -> int:
    if not (args.deals or args.spans):
        print("error: give --deals and/or --spans", file=sys.stderr)
        return 2
    try:
        written = export(args.inputs, args.deals, args.parties, args.spans)
    except (OSError, json.JSONDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(", ".join(f"{count} {name} rows" for name, count in written.items()), file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="flatten records to CSV (deals, parties, spans)",
        description="One CSV row per deal (and per party in a second file) and per span, keyed "
        "by document id and index, for databases that load rows.")
    parser.add_argument("inputs", nargs="+", help="records JSON Lines files")
    parser.add_argument("--deals", help="deals CSV to write")
    parser.add_argument("--parties", help="parties CSV (default: DEALS_parties.csv beside it)")
    parser.add_argument("--spans", help="spans CSV to write")
    parser.set_defaults(func=cmd_export)
