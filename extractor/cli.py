"""The `extractor` command line.

    extractor extract INPUT... [-o OUT] [--errors FILE]   documents -> records (JSON Lines)
    extractor evaluate --gold PATH --pred PATH [--json] [--min-f1 X]
    extractor validate PATH...                           check golden annotation files
    extractor schema                                     JSON Schema of a record
    extractor crawl URL... -o OUT                        fetch pages, sitemaps, feeds
    extractor run [--config FILE]                        the whole job from a config file
    extractor export RECORDS... --deals D.csv --spans S.csv  flat CSV for databases
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from extractor import __version__

DEFAULT_ERRORS = "errors.jsonl"


def _add_extract(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="extract records from files, folders and glob patterns",
        description="Load documents (.txt .md .html .jsonl ...), run the pipeline, write JSON Lines.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or glob patterns")
    parser.add_argument("-o", "--output", default="-", help="output JSON Lines file ('-' = stdout)")
    parser.add_argument(
        "--errors",
        default=None,
        help=f"error entries file (default: {DEFAULT_ERRORS} beside OUT, or ./{DEFAULT_ERRORS} "
        "when writing to stdout)",
    )
    parser.add_argument("--models", default=None, help="folder of pipeline assets (default: models/)")
    parser.set_defaults(func=cmd_extract)


def default_errors_path(output: str) -> Path:
    if output in ("-", ""):
        return Path(DEFAULT_ERRORS)
    return Path(output).with_name(DEFAULT_ERRORS)


def cmd_extract(args: argparse.Namespace) -> int:
    from extractor.batch import BatchSummary, extract_documents
    from extractor.ingest.files import iter_documents
    from extractor.nlp.pipeline import load_pipeline
    from extractor.output import JsonlWriter
    from extractor.records import ErrorEntry

    started = time.perf_counter()
    nlp = load_pipeline(args.models)
    errors_path = Path(args.errors) if args.errors else default_errors_path(args.output)
    summary = BatchSummary()
    with JsonlWriter(args.output) as records, JsonlWriter(errors_path) as errors:
        for item in extract_documents(iter_documents(args.inputs), nlp):
            summary.documents_in += 1
            summary.count(item)
            if isinstance(item, ErrorEntry):
                errors.write(item)
                print(f"error: {item.source}: {item.stage}: {item.message}", file=sys.stderr)
            else:
                records.write(item)
    print(summary.line(time.perf_counter() - started) + f"; errors in {errors_path}", file=sys.stderr)
    return 1 if summary.errors else 0


def _add_evaluate(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="score predictions against golden annotations",
        description="Precision, recall, F1 (strict and lenient) and normalization accuracy per "
        "label; deal scores when deals are annotated. A folder means its *.jsonl files.",
    )
    parser.add_argument("--gold", required=True, help="golden JSON Lines file or folder")
    parser.add_argument("--pred", required=True, help="predicted JSON Lines file or folder")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--min-f1", type=float, default=None,
                        help="exit 1 when core lenient F1 is below this")
    parser.add_argument("--show-errors", action="store_true",
                        help="also list every missed, spurious and mis-normalized span")
    parser.set_defaults(func=cmd_evaluate)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from extractor.evaluate.report import format_report
    from extractor.evaluate.scorer import evaluate, span_differences
    from extractor.evaluate.validate import golden_files
    from extractor.output import read_jsonl

    gold = [r for path in golden_files(args.gold) for r in read_jsonl(path)]
    pred = [r for path in golden_files(args.pred) for r in read_jsonl(path)]
    if not gold:
        print(f"error: no golden records in {args.gold}", file=sys.stderr)
        return 2
    result = evaluate(gold, pred)
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
    else:
        print(format_report(result))
    if args.show_errors:
        for line in span_differences(gold, pred):
            print(line)
    if args.min_f1 is not None and result.core_lenient_f1() < args.min_f1:
        print(f"core lenient F1 {result.core_lenient_f1():.3f} is below {args.min_f1}",
              file=sys.stderr)
        return 1
    return 0


def _add_validate(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("validate", help="check golden annotation files")
    parser.add_argument("paths", nargs="+", help="golden JSON Lines files or folders")
    parser.set_defaults(func=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    from extractor.evaluate.validate import validate_golden_path

    problems = [p for path in args.paths for p in validate_golden_path(path)]
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def _add_schema(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("schema", help="print the JSON Schema of a record")
    parser.add_argument("--error-entry", action="store_true", help="the schema of an error entry")
    parser.set_defaults(func=cmd_schema)


def cmd_schema(args: argparse.Namespace) -> int:
    from extractor.records import ErrorEntry, Record

    model = ErrorEntry if args.error_entry else Record
    print(json.dumps(model.model_json_schema(), indent=2))
    return 0


def _add_optional_commands(subparsers: argparse._SubParsersAction) -> None:
    """Commands whose modules register themselves."""
    from extractor.export import register as register_export
    from extractor.ingest.crawl.command import register as register_crawl
    from extractor.runner import register as register_run

    register_crawl(subparsers)
    register_run(subparsers)
    register_export(subparsers)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Ingest press releases and fact sheets; extract countries, agencies, money, "
        "agreements, dates, people, companies, commodities and programmes as JSON Lines.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_extract(subparsers)
    _add_evaluate(subparsers)
    _add_validate(subparsers)
    _add_schema(subparsers)
    _add_optional_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
