"""The evaluation as a plain-text table."""

from __future__ import annotations

from extractor.evaluate.scorer import Counts, Evaluation
from extractor.records import CORE_LABELS, EXTENDED_LABELS, LABELS


def _row(name: str, counts: Counts) -> str:
    scores = counts.scores()
    strict, lenient = scores["strict"], scores["lenient"]
    norm = scores["norm_accuracy"]
    return (
        f"{name:<14}{counts.gold:>6}{counts.pred:>6}  "
        f"{strict['precision']:>6.3f}{strict['recall']:>6.3f}{strict['f1']:>6.3f}  "  # type: ignore[index]
        f"{lenient['precision']:>6.3f}{lenient['recall']:>6.3f}{lenient['f1']:>6.3f}  "  # type: ignore[index]
        f"{'-' if norm is None else format(norm, '.3f'):>6}"
    )


def format_report(result: Evaluation) -> str:
    header = (
        f"{'label':<14}{'gold':>6}{'pred':>6}  {'strict':^18}  {'lenient':^18}  {'norm':>6}\n"
        f"{'':<26}  {'P':>6}{'R':>6}{'F1':>6}  {'P':>6}{'R':>6}{'F1':>6}  {'acc':>6}"
    )
    lines = [f"documents: {result.documents}", header]
    for label in CORE_LABELS:
        lines.append(_row(label, result.labels[label]))
    lines.append(_row("core (micro)", result.micro(CORE_LABELS)))
    for label in EXTENDED_LABELS:
        lines.append(_row(label, result.labels[label]))
    lines.append(_row("ext. (micro)", result.micro(EXTENDED_LABELS)))
    lines.append(_row("all (micro)", result.micro(LABELS)))
    deals = result.deals.scores()
    if deals["gold"] or deals["pred"]:
        d = deals["deals"]
        p = deals["parties"]
        lines.append("")
        lines.append(
            f"deals: gold {deals['gold']}, pred {deals['pred']}, paired {deals['paired']}: "
            f"P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}; "
            f"parties (role, label, norm) on paired deals: P {p['precision']:.3f} "
            f"R {p['recall']:.3f} F1 {p['f1']:.3f}"
        )
        accuracy = ", ".join(
            f"{name} {'-' if value is None else format(value, '.3f')}"
            for name, value in deals["attribute_accuracy"].items()
        )
        lines.append(f"deal attribute accuracy on paired deals: {accuracy}")
    if result.missing_predictions:
        lines.append(f"warning: {len(result.missing_predictions)} golden documents have no "
                     f"prediction (counted as misses): {', '.join(result.missing_predictions[:10])}")
    if result.text_mismatches:
        lines.append(f"warning: {len(result.text_mismatches)} documents' predicted text differs "
                     f"from the golden text: {', '.join(result.text_mismatches[:10])}")
    if result.extra_predictions:
        lines.append(f"note: {result.extra_predictions} predicted documents are not in the gold")
    return "\n".join(lines)
