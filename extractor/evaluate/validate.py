"""Checks for golden annotation files: the record shape plus the rules a model cannot see.

`validate_record` returns a list of human-readable problems (empty when the record is
sound); `validate_golden_path` does the same for every record of a file or folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from extractor.records import Record


def _party_norms(record: Record) -> set[tuple[str, str]]:
    norms: set[tuple[str, str]] = set()
    for span in record.spans:
        if span.label in ("COUNTRY", "ORG", "PERSON"):
            norms.add((span.label, str(span.norm)))
        elif span.label == "AGENCY":
            norms.add(("AGENCY", span.norm.name))  # type: ignore[union-attr]
    return norms


def validate_record(raw: dict[str, Any], where: str = "") -> list[str]:
    """Problems with one golden record, each prefixed with `where` and the document id."""
    prefix = f"{where}{raw.get('id', '?')}: "
    try:
        record = Record.model_validate(raw)
    except ValidationError as exc:
        return [prefix + _first_line(error) for error in _errors(exc)]
    problems: list[str] = []
    known = _party_norms(record)
    span_norms = {
        label: {str(s.norm) for s in record.spans if s.label == label}
        for label in ("COMMODITY", "PROGRAM")
    }
    for index, deal in enumerate(record.deals):
        for party in deal.parties:
            if (party.label, party.norm) not in known:
                problems.append(
                    f"{prefix}deal {index}: party {party.label} {party.norm!r} is not the norm "
                    "of any span in the document"
                )
        for commodity in deal.commodities:
            if commodity not in span_norms["COMMODITY"]:
                problems.append(f"{prefix}deal {index}: commodity {commodity!r} has no span")
        for program in deal.programs:
            if program not in span_norms["PROGRAM"]:
                problems.append(f"{prefix}deal {index}: program {program!r} has no span")
        if deal.amount is not None and not any(
            s.label == "MONEY" and s.norm == deal.amount for s in record.spans
        ):
            problems.append(f"{prefix}deal {index}: amount is not the norm of a MONEY span")
    return problems


def _errors(exc: ValidationError) -> list[str]:
    return [
        f"{'.'.join(str(part) for part in error['loc']) or 'record'}: {error['msg']}"
        for error in exc.errors()
    ]


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else text


def golden_files(path: str | Path) -> list[Path]:
    """A JSON Lines file, or the `*.jsonl` files directly inside a folder (not recursive)."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.glob("*.jsonl") if p.is_file())
    return [path]


def validate_golden_path(path: str | Path) -> list[str]:
    problems: list[str] = []
    seen_ids: dict[str, str] = {}
    for file in golden_files(path):
        for line_number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{file}:{line_number}: "
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}not JSON: {exc}")
                continue
            if not isinstance(raw, dict):
                problems.append(f"{where}not a JSON object")
                continue
            doc_id = str(raw.get("id"))
            if doc_id in seen_ids:
                problems.append(f"{where}id {doc_id!r} already used in {seen_ids[doc_id]}")
            seen_ids[doc_id] = where
            problems.extend(validate_record(raw, where))
    return problems
