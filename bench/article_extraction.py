"""Main-content extraction benchmark: our HTML loader vs trafilatura vs BeautifulSoup get_text().

Data: the ScrapingHub article-extraction benchmark (181 real pages `html/<id>.html.gz`,
expected article bodies in `ground-truth.json` as {id: {"articleBody", "url"}}), looked
for at `../shared/benchmarks/article-extraction` next to the repository or at `--data`.
When it is missing the script says so and exits 0.

Metric, as the benchmark's own evaluate.py computes it:
- both texts are split into `\\w+` tokens (Unicode, case kept);
- each becomes a bag (multiset) of 4-token shingles (a text under 4 tokens is one
  shorter shingle; an empty text has none);
- per page: TP = shared shingles (min of the counts), FP = extra predicted, FN = missed;
  the three are divided by their sum so that every page weighs the same;
- precision(page) = TP/(TP+FP), recall(page) = TP/(TP+FN), both 1 when FP = FN = 0;
  precision is averaged over the pages with TP+FP > 0 (a page with no output does not
  count against precision, only against recall), recall over pages with TP+FN > 0;
- F1 = 2PR/(P+R) from the averaged P and R (not an average of per-page F1).

Extractors, each given the decoded page (UTF-8) and its URL where it accepts one:
- ours: `extractor.ingest.html.html_to_article(html).text` (no URL, as the file loader);
- trafilatura: `trafilatura.extract(html, include_comments=False)` as the benchmark runs it;
- get_text: `BeautifulSoup(html, "html.parser").get_text(" ", strip=True)`, likewise.

Time is wall-clock per page, parsing included, one process, pages in id order.

    .venv/bin/python bench/article_extraction.py [--data DIR] [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "article-extraction"
SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")

sys.path.insert(0, str(REPO))


@dataclass(frozen=True)
class Page:
    id: str
    html: str
    url: str | None
    expected: str


@dataclass(frozen=True)
class Result:
    name: str
    precision: float
    recall: float
    f1: float
    ms_per_page: float
    empty_pages: int


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Bag of `size`-token shingles of `\\w+` tokens, as the benchmark builds it."""
    tokens = _TOKEN.findall(text or "")
    grams = (tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))
    return Counter(gram for gram in grams if gram)


def page_tp_fp_fn(expected: str, predicted: str) -> tuple[float, float, float]:
    """Shared, extra and missed shingles of one page, normalised to sum to 1."""
    truth, guess = shingles(expected), shingles(predicted)
    tp = sum((truth & guess).values())
    fp = sum((guess - truth).values())
    fn = sum((truth - guess).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def scores(per_page: Iterable[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(precision, recall, F1): P and R averaged over pages, F1 from the averages."""
    rows = list(per_page)
    precision = statistics.mean([_precision(*row) for row in rows if row[0] + row[1] > 0] or [0.0])
    recall = statistics.mean([_recall(*row) for row in rows if row[0] + row[2] > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_pages(data: Path, limit: int | None = None) -> list[Page]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        with gzip.open(data / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as handle:
            html = handle.read()
        entry = truth[page_id]
        pages.append(Page(page_id, html, entry.get("url"), entry.get("articleBody") or ""))
    return pages


def ours(page: Page) -> str:
    from extractor.errors import ParseError
    from extractor.ingest.html import html_to_article

    try:
        return html_to_article(page.html).text
    except ParseError:
        return ""


def trafilatura_default(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, include_comments=False) or ""


def bs4_get_text(page: Page) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(page.html, "html.parser").get_text(" ", strip=True)


EXTRACTORS: dict[str, Callable[[Page], str]] = {
    "ours (html_to_article)": ours,
    "trafilatura extract()": trafilatura_default,
    "bs4 get_text()": bs4_get_text,
}


def run(name: str, extract: Callable[[Page], str], pages: list[Page]) -> Result:
    extract(pages[0])  # warm up imports so they are not billed to the first page
    rows = []
    empty = 0
    started = time.perf_counter()
    for page in pages:
        predicted = extract(page)
        empty += not predicted.strip()
        rows.append(page_tp_fp_fn(page.expected, predicted))
    elapsed = time.perf_counter() - started
    precision, recall, f1 = scores(rows)
    return Result(name, precision, recall, f1, 1000 * elapsed / len(pages), empty)


def table(results: list[Result], pages: int) -> str:
    lines = [
        f"Article extraction, {pages} pages (ScrapingHub benchmark, 4-token shingle bags)",
        f"{'extractor':<24} {'precision':>9} {'recall':>7} {'F1':>7} {'ms/page':>8} {'empty':>6}",
    ]
    lines += [
        f"{r.name:<24} {r.precision:>9.4f} {r.recall:>7.4f} {r.f1:>7.4f} {r.ms_per_page:>8.1f} {r.empty_pages:>6}"
        for r in results
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file() or not (args.data / "html").is_dir():
        print(f"benchmark data not found at {args.data} (expected ground-truth.json and html/); "
              "pass --data DIR. Nothing measured.")
        return 0
    pages = load_pages(args.data, args.limit)
    if not pages:
        print(f"no pages in {args.data}")
        return 0
    results = [run(name, extract, pages) for name, extract in EXTRACTORS.items()]
    if args.json:
        print(json.dumps({"pages": len(pages), "results": [r.__dict__ for r in results]}, indent=2))
    else:
        print(table(results, len(pages)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
