"""The scorer on hand-computed examples (ANNOTATION.md 'Scoring')."""

from __future__ import annotations

import pytest

from extractor.evaluate.scorer import agency_equal, evaluate, money_equal, pair_deals


def span(start: int, end: int, label: str, norm: object, text: str = "x") -> dict:
    return {"start": start, "end": end, "label": label, "text": text, "norm": norm}


def doc(doc_id: str, spans: list[dict], deals: list[dict] | None = None) -> dict:
    return {"id": doc_id, "text": "t" * 100, "spans": spans, "deals": deals or []}


def test_strict_lenient_and_norm_accuracy_by_hand() -> None:
    gold = [doc("a", [span(0, 5, "COUNTRY", "US"), span(10, 20, "COUNTRY", "CL"),
                      span(30, 40, "MONEY", {"amount": 100, "currency": "USD", "qualifier": None})])]
    pred = [doc("a", [span(0, 5, "COUNTRY", "US"),      # strict match, norm right
                      span(12, 20, "COUNTRY", "PE"),    # lenient only, norm wrong
                      span(50, 55, "COUNTRY", "JP"),    # spurious
                      span(30, 40, "MONEY", {"amount": 100.4, "currency": "USD", "qualifier": None})])]
    result = evaluate(gold, pred).as_dict()
    country = result["labels"]["COUNTRY"]
    assert country["gold"] == 2 and country["pred"] == 3
    assert country["strict"]["precision"] == pytest.approx(1 / 3)
    assert country["strict"]["recall"] == pytest.approx(1 / 2)
    assert country["lenient"]["precision"] == pytest.approx(2 / 3)
    assert country["lenient"]["recall"] == pytest.approx(1.0)
    assert country["lenient"]["f1"] == pytest.approx(0.8)
    assert country["norm_accuracy"] == pytest.approx(0.5)
    money = result["labels"]["MONEY"]
    assert money["norm_accuracy"] == 1.0  # within 0.5%
    core = result["core"]
    assert core["gold"] == 3 and core["pred"] == 4
    assert core["lenient"]["precision"] == pytest.approx(3 / 4)


def test_label_must_match_and_matching_is_one_to_one() -> None:
    gold = [doc("a", [span(0, 10, "AGENCY", {"name": "EXIM", "acronym": None, "country": "US"}),
                      span(12, 20, "ORG", "Glencore")])]
    pred = [doc("a", [span(0, 20, "ORG", "Glencore"), span(5, 8, "ORG", "x")])]
    result = evaluate(gold, pred).as_dict()
    assert result["labels"]["AGENCY"]["lenient"]["recall"] == 0.0
    org = result["labels"]["ORG"]
    assert org["lenient"]["recall"] == 1.0 and org["lenient"]["precision"] == 0.5


def test_missing_prediction_counts_as_misses() -> None:
    result = evaluate([doc("a", [span(0, 2, "COUNTRY", "US")])], [])
    assert result.missing_predictions == ["a"]
    assert result.as_dict()["labels"]["COUNTRY"]["lenient"]["recall"] == 0.0


@pytest.mark.parametrize(
    ("gold", "pred", "equal"),
    [
        ({"amount": 1e9, "currency": "USD", "qualifier": "up_to"},
         {"amount": 1.004e9, "currency": "USD", "qualifier": "up_to"}, True),
        ({"amount": 1e9, "currency": "USD", "qualifier": None},
         {"amount": 1.006e9, "currency": "USD", "qualifier": None}, False),
        ({"amount": 1e9, "currency": "USD", "qualifier": None},
         {"amount": 1e9, "currency": "AUD", "qualifier": None}, False),
        ({"amount": 1e9, "currency": "USD", "qualifier": "about"},
         {"amount": 1e9, "currency": "USD", "qualifier": None}, False),
    ],
)
def test_money_equality(gold: dict, pred: dict, equal: bool) -> None:
    assert money_equal(gold, pred) is equal


@pytest.mark.parametrize(
    ("gold_name", "pred_name", "equal"),
    [
        ("Department of State", "the Department of State", True),
        ("U.S. International Development Finance Corporation",
         "US International Development Finance Corporation", True),
        ("Department of State", "State Department", False),
        ("European Commission", "european commission", True),
    ],
)
def test_agency_name_comparison(gold_name: str, pred_name: str, equal: bool) -> None:
    assert agency_equal({"name": gold_name, "country": "US"}, {"name": pred_name, "country": "US"}) is equal
    assert not agency_equal({"name": gold_name, "country": "US"}, {"name": gold_name, "country": "EU"})


def deal(kind: str, parties: list[str], evidence: tuple[int, int] = (0, 10), **attrs: object) -> dict:
    return {"kind": kind, "parties": [{"role": "party", "label": "COUNTRY", "norm": p} for p in parties],
            "evidence": list(evidence), "amount": None, "date": None, "status": None, "count": None,
            "commodities": [], "programs": [], **attrs}


def test_deal_pairing_by_kind_and_party_overlap() -> None:
    gold = [deal("MOU", ["US", "JP"]), deal("LOAN", ["US"]), deal("GRANT", [], (50, 60))]
    pred = [deal("MOU", ["US", "JP", "KR"]),   # Jaccard 2/3: pairs
            deal("LOAN", ["CL"]),              # Jaccard 0: no pair
            deal("GRANT", [], (55, 70))]       # no parties: evidence overlaps
    assert sorted(pair_deals(gold, pred)) == [(0, 0), (2, 2)]


def test_deal_scores_and_attribute_accuracy() -> None:
    gold = [doc("a", [], [deal("MOU", ["US", "JP"], date="2026-02-03", status="signed"),
                          deal("LOAN", ["US"], status="approved")])]
    pred = [doc("a", [], [deal("MOU", ["US", "JP"], date="2026-02-04", status="signed")])]
    scores = evaluate(gold, pred).as_dict()["deals"]
    assert scores["paired"] == 1
    assert scores["deals"]["precision"] == 1.0 and scores["deals"]["recall"] == 0.5
    assert scores["attribute_accuracy"]["date"] == 0.0
    assert scores["attribute_accuracy"]["status"] == 1.0
    assert scores["parties"]["f1"] == 1.0
