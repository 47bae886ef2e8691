"""Throughput of `extractor run`: the whole path, against the blank tokenizer's floor.

Builds N documents by cycling the bundled corpus and seed with small variations (a
reference line, a shifted figure), writes them as JSON Lines shards of 1,000 documents
into a temporary folder, then runs the whole path (load, pipeline, normalize, validate,
serialize, write) with the local engine and prints:

- documents/s and words/s of the whole path;
- words/s of `spacy.blank("en")` tokenizing the same documents (the floor; measured on
  the first `--floor-docs` of them) and the ratio of the two;
- words/s of the least any pipeline writing our records does (tokenize, read each token
  once into Python, write the line), and what the half-the-blank-tokenizer target leaves
  per word for the rules once that is paid;
- start-up time (building the pipeline in a fresh process);
- peak memory (max RSS) of the parent and of each worker;
- the time split by stage, summed over workers (tokenize, each component, validate,
  serialize, load), with the share of each.

Each (size, workers) configuration runs in a fresh subprocess so peak memory is its own.

    .venv/bin/python bench/throughput.py                       # 2,000 documents, all cores
    .venv/bin/python bench/throughput.py --sizes 1000,10000,100000 --workers 1,2
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARD_DOCS = 1000

# Stages as the targets name them; the rest of the split is shown per component.
# Anything not named here (the tokenizer and the matching components) is "tokenize+match".
GROUPS = {
    "load": ("load",),
    "tokenize+match": (),
    "normalize": ("entity_normalizer",),
    "deals": ("deal_extractor",),
    "validate+serialize": ("validate", "serialize"),
}


def _grouped(stages: dict[str, float]) -> dict[str, tuple[str, ...]]:
    named = {name for names in GROUPS.values() for name in names}
    rest = ("tokenize", *sorted(n for n in stages if n not in named and n != "tokenize"))
    return {group: names or rest for group, names in GROUPS.items()}


def base_texts() -> list[tuple[str, str | None]]:
    from extractor.ingest.files import iter_documents
    from extractor.records import Document

    return [(item.text, item.meta.published) for item in
            iter_documents([str(ROOT / "seeds"), str(ROOT / "corpus")])
            if isinstance(item, Document)]


def _vary(text: str, index: int) -> str:
    """A small, deterministic variation so no two documents are identical."""
    shifted = re.sub(r"\b(\d{2,3})\b", lambda m: str(int(m.group(1)) + index % 7), text, count=3)
    return f"{shifted}\n\nReference {index:07d}.\n"


def build_documents(count: int, folder: Path) -> Path:
    texts = base_texts()
    folder.mkdir(parents=True, exist_ok=True)
    handle = None
    for index in range(count):
        if index % SHARD_DOCS == 0:
            if handle:
                handle.close()
            handle = (folder / f"docs-{index // SHARD_DOCS:05d}.jsonl").open("w", encoding="utf-8")
        text, published = texts[index % len(texts)]
        handle.write(json.dumps({"id": f"doc-{index:07d}", "text": _vary(text, index),
                                 "meta": {"published": published}}) + "\n")
    if handle:
        handle.close()
    return folder


def iter_texts(folder: Path, limit: int) -> list[str]:
    texts: list[str] = []
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                texts.append(json.loads(line)["text"])
                if len(texts) >= limit:
                    return texts
    return texts


def measure_floor(folder: Path, limit: int) -> dict[str, float]:
    """Words/s of the blank tokenizer, of ours, and of ours plus reading each token once
    and writing the record (each a fresh tokenizer, so every cache starts cold)."""
    import spacy

    from extractor.nlp.extensions import token_table
    from extractor.nlp.pipeline import customize_tokenizer

    texts = iter_texts(folder, limit)
    words = sum(len(t.split()) for t in texts)

    def ours() -> Any:
        nlp = spacy.blank("en")
        customize_tokenizer(nlp)
        return nlp

    def rate(work: Any) -> float:
        started = time.perf_counter()
        for index, text in enumerate(texts):
            work(index, text)
        return words / (time.perf_counter() - started)

    blank, tokenizer, reader = spacy.blank("en"), ours(), ours()

    def read_and_write(index: int, text: str) -> None:
        # the least any pipeline writing our records does: read each token once into
        # Python (the token table every component reads), write the record's line
        table = token_table(reader.make_doc(text))
        json.dumps({"id": f"doc-{index}", "text": text, "tokens": len(table.text),
                    "spans": [], "deals": []})

    return {"documents": len(texts),
            "blank_words_per_s": rate(lambda _, text: blank(text)),
            "our_tokenizer_words_per_s": rate(lambda _, text: tokenizer.make_doc(text)),
            "read_and_write_words_per_s": rate(read_and_write)}


def budget_lines(floor: dict[str, float], rows: list[dict[str, Any]]) -> list[str]:
    """What the half-the-blank-tokenizer target leaves per word for the rules, against
    what they take (microseconds per word, one worker, the largest run)."""
    single = [row for row in rows if row["workers"] == 1]
    if not single:
        return []
    row = max(single, key=lambda r: r["documents"])
    target = 1e6 / (0.5 * floor["blank_words_per_s"])
    read_write = 1e6 / floor["read_and_write_words_per_s"]
    path = 1e6 * row["seconds"] / row["words"]
    return [
        f"Per word: the target (half the blank tokenizer) allows {target:.2f} us; tokenizing, "
        f"reading the tokens once and writing the record take {read_write:.2f} us, leaving "
        f"{target - read_write:.2f} us for every rule, lookup and check.",
        f"The whole path takes {path:.2f} us per word ({row['documents']:,} documents, "
        f"1 worker): {path - read_write:.2f} us beyond reading and writing, "
        f"{(path - read_write) / max(target - read_write, 1e-9):.0f} times that allowance.",
    ]


def measure_startup() -> float:
    code = ("import time; t = time.perf_counter(); "
            "from extractor.nlp.pipeline import load_pipeline; load_pipeline(); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def run_single(folder: Path, workers: int, batch_size: int) -> dict[str, Any]:
    """One configuration, in this process (called in a subprocess by `main`)."""
    from extractor.runner import RunConfig, execute, peak_rss_mb

    with tempfile.TemporaryDirectory(prefix="bench-out-") as out:
        config = RunConfig()
        config.sources.inputs = [str(folder)]
        config.output.path = f"{out}/records.jsonl"
        config.output.errors = f"{out}/errors.jsonl"
        config.run.workers = workers
        config.run.batch_size = batch_size
        config.run.progress = False
        stages: dict[str, float] = {}
        summary = execute(config, timing=True, stage_seconds=stages)
        own, _ = peak_rss_mb()
    return {
        "workers": workers, "documents": summary.documents_in, "records": summary.records,
        "errors": summary.errors, "reconciled": summary.reconciled, "seconds": summary.seconds,
        "words": summary.words, "stages": stages, "parent_peak_mb": own,
        "worker_peak_mb": sorted(kb / 1024 for kb in summary.worker_peak_kb.values()),
    }


def _table(rows: list[dict[str, Any]], floor: dict[str, float]) -> str:
    lines = ["| documents | workers | docs/s | words/s | vs blank tokenizer | speed-up | "
             "peak MB parent | peak MB per worker | reconciled |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|:---|"]
    single: dict[int, float] = {}
    for row in rows:
        rate = row["words"] / row["seconds"]
        if row["workers"] == 1:
            single[row["documents"]] = rate
        speedup = rate / single[row["documents"]] if row["documents"] in single else float("nan")
        workers_mb = ", ".join(f"{mb:.0f}" for mb in row["worker_peak_mb"]) or "(in parent)"
        lines.append(
            f"| {row['documents']:,} | {row['workers']} | {row['documents'] / row['seconds']:,.1f} "
            f"| {rate:,.0f} | {rate / floor['blank_words_per_s']:.2f}x | {speedup:.2f}x "
            f"| {row['parent_peak_mb']:.0f} | {workers_mb} | {row['reconciled']} |")
    return "\n".join(lines)


def _stage_table(row: dict[str, Any]) -> str:
    stages = row["stages"]
    total = sum(stages.values()) or 1.0
    lines = [f"Stage split, {row['documents']:,} documents, {row['workers']} worker(s) "
             "(seconds summed over workers):", "| stage | seconds | share |", "|---|---:|---:|"]
    for group, names in _grouped(stages).items():
        seconds = sum(stages.get(name, 0.0) for name in names)
        lines.append(f"| **{group}** | {seconds:.1f} | {seconds / total:.0%} |")
        for name in names:
            if name in stages and len(names) > 1:
                lines.append(f"| &nbsp;&nbsp;{name} | {stages[name]:.1f} | {stages[name] / total:.0%} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000", help="comma-separated document counts")
    parser.add_argument("--workers", default=str(os.cpu_count() or 1),
                        help="comma-separated worker counts")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--floor-docs", type=int, default=2000,
                        help="documents the blank tokenizer is timed on")
    parser.add_argument("--json", action="store_true", help="also print the raw figures")
    parser.add_argument("--single", nargs=2, metavar=("FOLDER", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.single:
        print(json.dumps(run_single(Path(args.single[0]), int(args.single[1]), args.batch_size)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    worker_counts = [int(w) for w in args.workers.split(",")]
    startup = measure_startup()
    rows: list[dict[str, Any]] = []
    floor: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-docs-") as tmp:
        for size in sizes:
            folder = build_documents(size, Path(tmp) / f"n{size}")
            if not floor:
                floor = measure_floor(folder, args.floor_docs)
            for workers in worker_counts:
                out = subprocess.run(
                    [sys.executable, __file__, "--single", str(folder), str(workers),
                     "--batch-size", str(args.batch_size)],
                    capture_output=True, text=True, check=True)
                rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
                print(f"... {size:,} documents, {workers} worker(s): "
                      f"{rows[-1]['seconds']:.1f} s", file=sys.stderr, flush=True)
    print(f"Start-up (build the pipeline, fresh process): {startup:.2f} s")
    print(f"Floor: spacy.blank('en') tokenizing alone: {floor['blank_words_per_s']:,.0f} words/s; "
          f"our customized tokenizer alone: {floor['our_tokenizer_words_per_s']:,.0f} words/s "
          f"(first {floor['documents']:,} documents); tokenize, read the tokens once and "
          f"write the record: {floor['read_and_write_words_per_s']:,.0f} words/s")
    for line in budget_lines(floor, rows):
        print(line)
    print()
    print(_table(rows, floor))
    for row in rows:
        print()
        print(_stage_table(row))
    if args.json:
        print(json.dumps({"startup_s": startup, "floor": floor, "runs": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
