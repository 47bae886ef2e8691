"""Golden annotations written inline, and the builder that turns them into corpus + golden.

Annotators write each document once under `golden/markup/{dev,test}/NAME.EXT` with spans
inline as `[[surface|LABEL|norm]]`, and its deals in `NAME.deals.jsonl` with evidence
quoted as text. `build` strips the markup into `corpus/{split}/NAME.EXT`, loads that
file with the project's own loader (so HTML offsets index the extracted text) and writes
`golden/{split}/NAME.jsonl`. `check` does the same in memory and reports problems.

Norm shorthands: AGENCY `name; acronym; country` (`-` for null); MONEY
`amount CURRENCY [qualifier] [max=AMOUNT]`; every other label the norm string itself.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.evaluate.validate import validate_record
from extractor.ingest.files import LoadSettings, load_file
from extractor.records import QUALIFIERS, Document, ErrorEntry

MARKUP_PATTERN = re.compile(r"\[\[([^\[\]|]+)\|([A-Z]+)\|([^\[\]|]*)\]\]")
HTML_SUFFIXES = (".html", ".htm")


class MarkupError(ValueError):
    pass


@dataclass(frozen=True)
class MarkupSpan:
    start: int  # offset in the stripped source
    end: int
    label: str
    surface: str
    norm: Any


def _number(text: str) -> int | float:
    value = float(text.replace(",", "").replace("_", ""))
    return int(value) if value.is_integer() else value


def parse_norm(label: str, raw: str) -> Any:
    raw = raw.strip()
    if label == "AGENCY":
        parts = [part.strip() for part in raw.split(";")]
        if len(parts) != 3:
            raise MarkupError(f"AGENCY norm {raw!r} must be 'name; acronym; country'")
        name, acronym, country = (None if part in ("", "-") else part for part in parts)
        return {"name": name, "acronym": acronym, "country": country}
    if label == "MONEY":
        tokens = raw.split()
        if len(tokens) < 2:
            raise MarkupError(f"MONEY norm {raw!r} must be 'amount CURRENCY [qualifier] [max=N]'")
        norm: dict[str, Any] = {"amount": _number(tokens[0]), "currency": tokens[1],
                                "qualifier": None}
        for token in tokens[2:]:
            if token.startswith("max="):
                norm["amount_max"] = _number(token[4:])
            elif token in QUALIFIERS:
                norm["qualifier"] = token
            elif token != "-":
                raise MarkupError(f"MONEY norm {raw!r}: unknown part {token!r}")
        return norm
    return raw


def parse_markup(source: str) -> tuple[str, list[MarkupSpan]]:
    """The text with markup removed, and the spans with offsets into that text."""
    pieces: list[str] = []
    spans: list[MarkupSpan] = []
    cursor = 0
    length = 0
    for match in MARKUP_PATTERN.finditer(source):
        before = source[cursor : match.start()]
        pieces.append(before)
        length += len(before)
        surface, label, raw_norm = match.group(1), match.group(2), match.group(3)
        try:
            norm = parse_norm(label, raw_norm)
        except (MarkupError, ValueError) as exc:
            line = source.count("\n", 0, match.start()) + 1
            raise MarkupError(f"line {line}: {match.group(0)!r}: {exc}") from exc
        spans.append(MarkupSpan(length, length + len(surface), label, surface, norm))
        pieces.append(surface)
        length += len(surface)
        cursor = match.end()
    pieces.append(source[cursor:])
    stripped = "".join(pieces)
    leftover = re.search(r"\[\[|\]\]", stripped)
    if leftover:
        line = stripped.count("\n", 0, leftover.start()) + 1
        context = stripped[max(0, leftover.start() - 30) : leftover.start() + 30]
        raise MarkupError(f"line {line}: malformed markup near {context!r}")
    return stripped, spans


def _project_spans(text: str, spans: list[MarkupSpan], is_html: bool) -> list[dict[str, Any]]:
    """Place each span in the loaded text: in order, each after the previous one."""
    placed = []
    cursor = 0
    for span in spans:
        surface = html.unescape(span.surface) if is_html else span.surface
        position = text.find(surface, cursor)
        if position < 0:
            raise MarkupError(
                f"span {span.surface!r} ({span.label}) not found in the loaded text after "
                f"offset {cursor} (is it outside the article text?)"
            )
        placed.append({"start": position, "end": position + len(surface), "label": span.label,
                       "text": surface, "norm": span.norm})
        cursor = position + len(surface)
    return placed


def _resolve_deals(text: str, deals_path: Path) -> list[dict[str, Any]]:
    if not deals_path.exists():
        raise MarkupError(f"missing {deals_path.name} (write an empty file if there are no deals)")
    deals = []
    for number, line in enumerate(deals_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            deal = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MarkupError(f"{deals_path.name}:{number}: not JSON: {exc}") from exc
        quote = deal.pop("evidence", None)
        occurrence = int(deal.pop("evidence_occurrence", 1))
        if not isinstance(quote, str) or not quote.strip():
            raise MarkupError(f"{deals_path.name}:{number}: evidence must be the quoted text")
        positions = [m.start() for m in re.finditer(re.escape(quote), text)]
        if not positions:
            raise MarkupError(f"{deals_path.name}:{number}: evidence not found in the text: "
                              f"{quote[:80]!r}")
        if len(positions) > 1 and "evidence_occurrence" not in line:
            raise MarkupError(f"{deals_path.name}:{number}: evidence occurs {len(positions)} "
                              "times; add evidence_occurrence")
        if occurrence > len(positions):
            raise MarkupError(f"{deals_path.name}:{number}: evidence_occurrence {occurrence} "
                              f"but only {len(positions)} occurrences")
        start = positions[occurrence - 1]
        deal["evidence"] = [start, start + len(quote)]
        deals.append(deal)
    return deals


def build_one(markup_path: Path, corpus_root: Path, *, write: bool, golden_root: Path) -> dict:
    """The golden record of one markup file; with `write`, also the corpus and golden files."""
    split = markup_path.parent.name
    stripped, spans = parse_markup(markup_path.read_text(encoding="utf-8"))
    corpus_path = corpus_root / split / markup_path.name
    is_html = markup_path.suffix.lower() in HTML_SUFFIXES
    if write:
        corpus_path.parent.mkdir(parents=True, exist_ok=True)
        corpus_path.write_text(stripped, encoding="utf-8")
        loaded = list(load_file(corpus_path, LoadSettings()))
    else:
        import tempfile

        with tempfile.TemporaryDirectory() as scratch:
            scratch_path = Path(scratch) / markup_path.name
            scratch_path.write_text(stripped, encoding="utf-8")
            loaded = list(load_file(scratch_path, LoadSettings()))
    if len(loaded) != 1 or isinstance(loaded[0], ErrorEntry):
        raise MarkupError(f"the loader did not return one document: {loaded!r}")
    document: Document = loaded[0]  # type: ignore[assignment]
    if is_html:
        placed = _project_spans(document.text, spans, is_html=True)
    else:
        if document.text != stripped:
            raise MarkupError("the loaded text differs from the file's text")
        placed = [{"start": s.start, "end": s.end, "label": s.label, "text": s.surface,
                   "norm": s.norm} for s in spans]
    deals = _resolve_deals(document.text, markup_path.with_name(_stem(markup_path) + ".deals.jsonl"))
    meta = document.meta.model_dump(exclude_none=True)
    meta["path"] = str(Path("corpus") / split / markup_path.name)
    record = {"id": _stem(markup_path), "text": document.text, "meta": meta,
              "spans": placed, "deals": deals}
    problems = validate_record(record)
    if problems:
        raise MarkupError("; ".join(problems))
    if write:
        out = golden_root / split / (_stem(markup_path) + ".jsonl")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return record


def _stem(path: Path) -> str:
    return path.name[: -len(path.suffix)]


def markup_files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        found.extend(p for p in candidates
                     if p.is_file() and p.suffix in (".txt", ".md", ".html", ".htm")
                     and not p.name.startswith("README"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractor.evaluate.markup",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["check", "build"])
    parser.add_argument("paths", nargs="*", default=["golden/markup"])
    parser.add_argument("--corpus", default="corpus", help="where build writes documents")
    parser.add_argument("--golden", default="golden", help="where build writes annotations")
    args = parser.parse_args(argv)
    failures = 0
    files = markup_files(args.paths)
    for path in files:
        try:
            record = build_one(path, Path(args.corpus), write=args.action == "build",
                               golden_root=Path(args.golden))
        except (MarkupError, OSError, ValueError) as exc:
            failures += 1
            print(f"FAIL {path}: {exc}", file=sys.stderr)
            continue
        print(f"ok   {path}: {len(record['spans'])} spans, {len(record['deals'])} deals")
    print(f"{len(files) - failures} ok, {failures} failed", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
