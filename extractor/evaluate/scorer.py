"""Scoring predictions against golden annotations, exactly as ANNOTATION.md defines it.

Spans: a prediction matches a golden span with the same label that overlaps it
(lenient) or has the same offsets (strict). Matching is one to one, greedily by the
largest overlap. Precision, recall and F1 per label, micro-averaged over the core labels
and over all labels. Normalization accuracy: of the lenient matches, the share whose
norm equals the golden one (AGENCY by country and comparable name; MONEY by currency,
qualifier and amount within 0.5%).

Deals: gold and predicted deals of a document are paired one to one, greedily, by equal
kind and the highest Jaccard overlap of party norms (at least 0.5; deals with no parties
pair when their evidence overlaps; ties go to more evidence overlap).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from extractor.nlp.normalize.agency import comparable_name
from extractor.records import CORE_LABELS, LABELS

MONEY_TOLERANCE = 0.005


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    strict: int = 0
    lenient: int = 0
    norm_correct: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.strict += other.strict
        self.lenient += other.lenient
        self.norm_correct += other.norm_correct

    def scores(self) -> dict[str, float | int | None]:
        return {
            "gold": self.gold,
            "pred": self.pred,
            "strict": _prf(self.strict, self.pred, self.gold),
            "lenient": _prf(self.lenient, self.pred, self.gold),
            "norm_accuracy": (self.norm_correct / self.lenient) if self.lenient else None,
        }


def _prf(matched: int, predicted: int, gold: int) -> dict[str, float]:
    precision = matched / predicted if predicted else (1.0 if gold == 0 else 0.0)
    recall = matched / gold if gold else (1.0 if predicted == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def money_equal(gold: Any, pred: Any) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    if not isinstance(gold, Mapping) or not isinstance(pred, Mapping):
        return False
    if gold.get("currency") != pred.get("currency") or gold.get("qualifier") != pred.get("qualifier"):
        return False
    return _close(gold.get("amount"), pred.get("amount"))


def _close(gold: Any, pred: Any) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    try:
        gold_value, pred_value = float(gold), float(pred)
    except (TypeError, ValueError):
        return False
    if gold_value == 0:
        return pred_value == 0
    return abs(gold_value - pred_value) <= MONEY_TOLERANCE * abs(gold_value)


def agency_equal(gold: Any, pred: Any) -> bool:
    if not isinstance(gold, Mapping) or not isinstance(pred, Mapping):
        return False
    if gold.get("country") != pred.get("country"):
        return False
    return comparable_name(str(gold.get("name") or "")) == comparable_name(str(pred.get("name") or ""))


def norm_equal(label: str, gold: Any, pred: Any) -> bool:
    if label == "AGENCY":
        return agency_equal(gold, pred)
    if label == "MONEY":
        return money_equal(gold, pred)
    return gold == pred


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def match_spans(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """One-to-one lenient pairs (gold index, pred index), largest overlap first."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if g["label"] == p["label"]:
                overlap = _overlap(g, p)
                if overlap > 0:
                    exact = g["start"] == p["start"] and g["end"] == p["end"]
                    candidates.append((not exact, -overlap, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return pairs


def score_document_spans(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]
) -> dict[str, Counts]:
    counts = {label: Counts() for label in LABELS}
    for span in gold:
        counts.setdefault(span["label"], Counts()).gold += 1
    for span in pred:
        counts.setdefault(span["label"], Counts()).pred += 1
    for gi, pi in match_spans(gold, pred):
        g, p = gold[gi], pred[pi]
        label_counts = counts[g["label"]]
        label_counts.lenient += 1
        if g["start"] == p["start"] and g["end"] == p["end"]:
            label_counts.strict += 1
        if norm_equal(g["label"], g.get("norm"), p.get("norm")):
            label_counts.norm_correct += 1
    return counts


# -- deals ------------------------------------------------------------------------------
def _party_norms(deal: Mapping[str, Any]) -> set[str]:
    return {str(p.get("norm")) for p in deal.get("parties") or []}


def _party_triples(deal: Mapping[str, Any]) -> set[tuple[str, str, str]]:
    return {(str(p.get("role")), str(p.get("label")), str(p.get("norm")))
            for p in deal.get("parties") or []}


def _evidence_overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> int:
    ea, eb = a.get("evidence") or (0, 0), b.get("evidence") or (0, 0)
    return max(0, min(ea[1], eb[1]) - max(ea[0], eb[0]))


def pair_deals(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if g.get("kind") != p.get("kind"):
                continue
            gold_parties, pred_parties = _party_norms(g), _party_norms(p)
            evidence = _evidence_overlap(g, p)
            if not gold_parties and not pred_parties:
                if evidence > 0:
                    candidates.append((-1.0, -evidence, gi, pi))
                continue
            union = gold_parties | pred_parties
            jaccard = len(gold_parties & pred_parties) / len(union) if union else 0.0
            if jaccard >= 0.5:
                candidates.append((-jaccard, -evidence, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


DEAL_ATTRIBUTES = ("amount", "date", "status", "count", "commodities", "programs")


@dataclass
class DealCounts:
    gold: int = 0
    pred: int = 0
    paired: int = 0
    attribute_correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DEAL_ATTRIBUTES, 0))
    party_gold: int = 0
    party_pred: int = 0
    party_matched: int = 0

    def scores(self) -> dict[str, Any]:
        accuracy = {
            name: (correct / self.paired if self.paired else None)
            for name, correct in self.attribute_correct.items()
        }
        return {
            "gold": self.gold,
            "pred": self.pred,
            "paired": self.paired,
            "deals": _prf(self.paired, self.pred, self.gold),
            "attribute_accuracy": accuracy,
            "parties": _prf(self.party_matched, self.party_pred, self.party_gold),
        }


def score_document_deals(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]], counts: DealCounts
) -> None:
    counts.gold += len(gold)
    counts.pred += len(pred)
    for gi, pi in pair_deals(gold, pred):
        g, p = gold[gi], pred[pi]
        counts.paired += 1
        if money_equal(g.get("amount"), p.get("amount")):
            counts.attribute_correct["amount"] += 1
        for name in ("date", "status", "count"):
            if g.get(name) == p.get(name):
                counts.attribute_correct[name] += 1
        for name in ("commodities", "programs"):
            if set(g.get(name) or []) == set(p.get(name) or []):
                counts.attribute_correct[name] += 1
        gold_parties, pred_parties = _party_triples(g), _party_triples(p)
        counts.party_gold += len(gold_parties)
        counts.party_pred += len(pred_parties)
        counts.party_matched += len(gold_parties & pred_parties)


# -- corpus -----------------------------------------------------------------------------
@dataclass
class Evaluation:
    labels: dict[str, Counts]
    deals: DealCounts
    documents: int
    missing_predictions: list[str]
    extra_predictions: int
    text_mismatches: list[str]

    def micro(self, labels: Iterable[str]) -> Counts:
        total = Counts()
        for label in labels:
            total.add(self.labels.get(label, Counts()))
        return total

    def core_lenient_f1(self) -> float:
        return float(self.micro(CORE_LABELS).scores()["lenient"]["f1"])  # type: ignore[index]

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "missing_predictions": self.missing_predictions,
            "extra_predictions": self.extra_predictions,
            "text_mismatches": self.text_mismatches,
            "labels": {label: self.labels[label].scores() for label in LABELS},
            "core": self.micro(CORE_LABELS).scores(),
            "all": self.micro(LABELS).scores(),
            "deals": self.deals.scores(),
        }


def evaluate(gold_records: Sequence[Mapping[str, Any]], pred_records: Sequence[Mapping[str, Any]]) -> Evaluation:
    predictions = {str(r.get("id")): r for r in pred_records if "text" in r or "spans" in r}
    labels = {label: Counts() for label in LABELS}
    deals = DealCounts()
    missing: list[str] = []
    mismatches: list[str] = []
    gold_ids = set()
    for gold in gold_records:
        doc_id = str(gold.get("id"))
        gold_ids.add(doc_id)
        pred = predictions.get(doc_id)
        if pred is None:
            missing.append(doc_id)
            pred = {"spans": [], "deals": []}
        elif "text" in pred and pred.get("text") != gold.get("text"):
            mismatches.append(doc_id)
        for label, counts in score_document_spans(gold.get("spans") or [], pred.get("spans") or []).items():
            labels.setdefault(label, Counts()).add(counts)
        score_document_deals(gold.get("deals") or [], pred.get("deals") or [], deals)
    extra = sum(1 for doc_id in predictions if doc_id not in gold_ids)
    return Evaluation(labels, deals, len(gold_records), missing, extra, mismatches)


def span_differences(
    gold_records: Sequence[Mapping[str, Any]], pred_records: Sequence[Mapping[str, Any]]
) -> list[str]:
    """Readable lines for every missed, spurious and wrongly normalized span."""
    predictions = {str(r.get("id")): r for r in pred_records}
    lines: list[str] = []
    for gold in gold_records:
        doc_id = str(gold.get("id"))
        pred = predictions.get(doc_id, {})
        gold_spans, pred_spans = gold.get("spans") or [], pred.get("spans") or []
        pairs = match_spans(gold_spans, pred_spans)
        matched_gold = {gi for gi, _ in pairs}
        matched_pred = {pi for _, pi in pairs}
        for gi, g in enumerate(gold_spans):
            if gi not in matched_gold:
                lines.append(f"{doc_id}\tmissed\t{g['label']}\t{g['text']!r}\t{g['start']}")
        for pi, p in enumerate(pred_spans):
            if pi not in matched_pred:
                lines.append(f"{doc_id}\tspurious\t{p['label']}\t{p['text']!r}\t{p['start']}")
        for gi, pi in pairs:
            g, p = gold_spans[gi], pred_spans[pi]
            if not norm_equal(g["label"], g.get("norm"), p.get("norm")):
                lines.append(f"{doc_id}\tnorm\t{g['label']}\t{g['text']!r}\tgold={g.get('norm')!r}"
                             f"\tpred={p.get('norm')!r}")
            elif (g["start"], g["end"]) != (p["start"], p["end"]):
                lines.append(f"{doc_id}\tboundary\t{g['label']}\tgold={g['text']!r}\tpred={p['text']!r}")
    return lines
