"""Checks on the ORG and PROGRAM gazetteers in models/gazetteers/.

organizations.jsonl: companies, consortia, associations, NGOs, news agencies (label ORG).
programs.jsonl: named programmes, initiatives, funds, corridors, strategies,
reserves, summits and events (label PROGRAM); laws and acts are excluded.
"""

import json
import re
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

GAZ = Path(__file__).resolve().parents[1] / "models" / "gazetteers"
ORGS = GAZ / "organizations.jsonl"
PROGRAMS = GAZ / "programs.jsonl"

ORG_CATEGORIES = {
    "mining", "metals", "battery", "automotive", "energy", "trading", "finance",
    "state_company", "sovereign_fund", "association", "ngo", "news_agency",
    "technology", "industrial", "other",
}
PROGRAM_CATEGORIES = {
    "project", "initiative", "fund", "facility", "corridor", "strategy", "reserve",
    "summit", "event", "programme", "partnership", "plan",
}
# Acronyms written in lower or mixed case by their owners.
NON_UPPER_ACRONYMS = {"dpa"}
# Bodies the guideline labels AGENCY: they must not turn up as ORG or PROGRAM.
AGENCY_NAMES = {
    "World Bank", "International Finance Corporation", "African Development Bank",
    "Export-Import Bank of the United States", "EXIM",
    "US International Development Finance Corporation", "DFC", "JOGMEC", "JBIC", "KfW",
    "Minerals Security Partnership", "Forum on Resource Geostrategic Engagement",
    "FORGE", "Sustainable Critical Minerals Alliance", "European Commission",
    "European Union", "International Energy Agency", "IEA", "Afreximbank",
}


def _load(path):
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            assert line.strip(), f"{path.name}:{n}: blank line"
            row = json.loads(line)
            assert isinstance(row, dict), f"{path.name}:{n}: not an object"
            rows.append(row)
    return rows


@pytest.fixture(scope="module")
def orgs():
    return _load(ORGS)


@pytest.fixture(scope="module")
def programs():
    return _load(PROGRAMS)


def _forms(row):
    return [row["name"], *row["aliases"], *row["acronyms"]]


def test_files_are_utf8_jsonl():
    for path in (ORGS, PROGRAMS):
        text = path.read_bytes().decode("utf-8")
        assert text.endswith("\n")


def test_counts(orgs, programs):
    assert len(orgs) >= 350
    assert len(programs) >= 120


@pytest.mark.parametrize("which", ["orgs", "programs"])
def test_shape_and_unique_names(which, request):
    rows = request.getfixturevalue(which)
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names)), "duplicate names"
    for r in rows:
        assert isinstance(r["name"], str) and r["name"].strip() == r["name"] and r["name"]
        for key in ("aliases", "acronyms"):
            assert isinstance(r[key], list), (r["name"], key)
            assert all(isinstance(x, str) and x and x.strip() == x for x in r[key]), (r["name"], key)
            assert len(r[key]) == len(set(r[key])), (r["name"], key)
        assert r["name"] not in r["aliases"], r["name"]


def test_org_fields(orgs):
    for r in orgs:
        assert r["category"] in ORG_CATEGORIES, (r["name"], r["category"])
        assert isinstance(r["ambiguous"], bool), r["name"]
        assert isinstance(r["norm"], str) and r["norm"] in _forms(r), r["name"]
        cc = r["country"]
        assert cc is None or (
            re.fullmatch(r"[A-Z]{2}", cc) and pycountry.countries.get(alpha_2=cc)
        ), (r["name"], cc)


def test_program_fields(programs):
    for r in programs:
        assert r["category"] in PROGRAM_CATEGORIES, (r["name"], r["category"])


def test_no_form_shared_between_entries(orgs, programs):
    owners = defaultdict(set)
    for tag, rows in (("ORG", orgs), ("PROGRAM", programs)):
        for r in rows:
            for form in _forms(r):
                owners[form].add(f"{tag}:{r['name']}")
    shared = {f: o for f, o in owners.items() if len(o) > 1}
    assert not shared, shared


def test_no_lowercase_single_word_alias(orgs, programs):
    for r in orgs + programs:
        for a in r["aliases"]:
            assert not (" " not in a and a[0].islower()), (r["name"], a)


def test_acronyms_are_single_tokens(orgs, programs):
    for r in orgs + programs:
        for a in r["acronyms"]:
            assert " " not in a, (r["name"], a)
            assert a in NON_UPPER_ACRONYMS or any(c.isupper() for c in a), (r["name"], a)


def test_no_program_is_an_act(programs):
    for r in programs:
        for form in [r["name"], *r["aliases"]]:
            assert not re.search(r"\bAct\b", form), (r["name"], form)


def test_agencies_are_left_out(orgs, programs):
    forms = {f for r in orgs + programs for f in _forms(r)}
    assert not forms & AGENCY_NAMES, forms & AGENCY_NAMES


def test_seed_entities_present(orgs, programs):
    org_forms = {f for r in orgs for f in _forms(r)}
    prog_forms = {f for r in programs for f in _forms(r)}
    for f in ("Glencore", "Orion Critical Mineral Consortium", "ANI"):
        assert f in org_forms, f
    for f in ("Project Vault", "2026 Critical Minerals Ministerial", "Critical Minerals Ministerial",
              "Lobito Corridor"):
        assert f in prog_forms, f
    by_form = {f: r for r in orgs for f in _forms(r)}
    assert by_form["Glencore"]["norm"] == "Glencore"
    assert by_form["ANI"]["norm"] == "ANI"


def test_classes_added_for_new_batches(orgs, programs):
    """Stock exchanges, commercial banks, state-owned miners and state funds constituted as
    companies are ORG; national investment plans are PROGRAM (one probe per class)."""
    org_forms = {f: r for r in orgs for f in _forms(r)}
    for form, category in (("Lima Stock Exchange", "finance"), ("Borsa Istanbul", "finance"),
                           ("Caixa Geral de Depósitos", "finance"), ("Kyrgyzaltyn", "state_company"),
                           ("SODEMI", "state_company"), ("Türkiye Wealth Fund", "sovereign_fund"),
                           ("Canada Growth Fund", "sovereign_fund"), ("Kabar", "news_agency")):
        assert form in org_forms and org_forms[form]["category"] == category, form
    prog_forms = {f for r in programs for f in _forms(r)}
    assert {"France 2030", "Recovery and Resilience Plan", "Industriklivet"} <= prog_forms
    assert "Canada Growth Fund" not in prog_forms  # a corporation: ORG
