"""Checks on the vocabulary files described in models/README.vocab.md.

gazetteers/currencies.json (generated), gazetteers/agreements.jsonl,
gazetteers/commodities.jsonl, patterns/person_titles.json, patterns/org_suffixes.json,
patterns/program_heads.json.
"""

import json
from collections import Counter
from pathlib import Path

import pycountry
import pytest

MODELS = Path(__file__).resolve().parents[1] / "models"
GAZ = MODELS / "gazetteers"
PAT = MODELS / "patterns"

AGREEMENT_VALUES = {
    "MOU", "FRAMEWORK", "AGREEMENT", "TREATY", "TRADE_AGREEMENT", "LOAN", "LOAN_GUARANTEE",
    "GRANT", "INVESTMENT", "LETTER_OF_INTEREST", "CONDITIONAL_COMMITMENT", "FINANCING",
    "ACTION_PLAN", "JOINT_VENTURE", "OFFTAKE", "PARTNERSHIP", "CONTRACT",
}
VOCAB_KEYS = {"norm", "patterns", "case_sensitive_patterns", "context_patterns"}


def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    dups = [k for k, n in Counter(keys).items() if n > 1]
    assert not dups, f"duplicate JSON keys: {dups}"
    return dict(pairs)


def _json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_no_duplicate_keys)


def _jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path.name}:{n}: blank line"
        rows.append(json.loads(line, object_pairs_hook=_no_duplicate_keys))
    return rows


def _vocab_surface_owners(rows: list[dict]) -> dict[tuple[str, str], list[str]]:
    """(mode, form) -> norms; case-insensitive forms folded, case-sensitive kept."""
    owners: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        for p in row.get("patterns", []) + row.get("context_patterns", []):
            owners.setdefault(("ci", p.lower()), []).append(row["norm"])
        for p in row.get("case_sensitive_patterns", []):
            owners.setdefault(("cs", p), []).append(row["norm"])
    return owners


# -- every file parses ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["currencies.json"])
def test_gazetteer_json_parses(name):
    assert isinstance(_json(GAZ / name), dict)


@pytest.mark.parametrize("name", ["agreements.jsonl", "commodities.jsonl"])
def test_gazetteer_jsonl_parses(name):
    rows = _jsonl(GAZ / name)
    assert rows
    for row in rows:
        assert set(row) <= VOCAB_KEYS and "norm" in row and row.get("patterns"), row
        for key in VOCAB_KEYS - {"norm"}:
            values = row.get(key, [])
            assert isinstance(values, list) and all(isinstance(v, str) and v.strip() == v and v for v in values)


@pytest.mark.parametrize("name", ["person_titles.json", "org_suffixes.json", "program_heads.json"])
def test_pattern_json_parses(name):
    data = _json(PAT / name)
    assert isinstance(data, dict)
    for key, value in data.items():
        if isinstance(value, list):
            assert all(isinstance(v, str) and v for v in value), key
            assert len(value) == len(set(value)), f"{name}: duplicates in {key}"


# -- currencies -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def currencies():
    return _json(GAZ / "currencies.json")


def test_currency_sections(currencies):
    assert set(currencies) == {"symbols", "codes", "words", "scales", "number_words", "country_symbols",
                               "country_words"}


def test_country_words_map_countries_to_listed_codes(currencies):
    codes = set(currencies["codes"])
    for word, by_country in currencies["country_words"].items():
        assert word == word.lower() and by_country, word
        for country, code in by_country.items():
            assert pycountry.countries.get(alpha_2=country) is not None, (word, country)
            assert code in codes, (word, code)
    assert currencies["country_words"]["pesos"]["CL"] == "CLP"


def test_country_symbols_map_countries_to_listed_codes(currencies):
    codes = set(currencies["codes"])
    for symbol, by_country in currencies["country_symbols"].items():
        assert by_country, symbol
        for country, code in by_country.items():
            assert pycountry.countries.get(alpha_2=country) is not None, (symbol, country)
            assert code in codes, (symbol, code)
    assert currencies["country_symbols"]["K"]["PG"] == "PGK"


def test_currency_codes_are_iso4217(currencies):
    iso = {c.alpha_3 for c in pycountry.currencies}
    codes = currencies["codes"]
    assert len(codes) == len(set(codes)) and len(codes) > 140
    assert set(codes) <= iso
    for excluded in ("XAU", "XAG", "XPT", "XPD", "XTS", "XXX", "USN", "CLF"):
        assert excluded not in codes
    for kept in ("USD", "EUR", "JPY", "CNY", "ZAR", "XDR", "XOF", "XAF"):
        assert kept in codes


def test_symbols_and_words_map_to_listed_codes(currencies):
    codes = set(currencies["codes"])
    for part in ("symbols", "words"):
        bad = {k: v for k, v in currencies[part].items() if v not in codes}
        assert not bad, f"{part}: {bad}"


def test_currency_words_unique_case_insensitively(currencies):
    folded = Counter(k.lower() for k in currencies["words"])
    assert not [k for k, n in folded.items() if n > 1]


def test_currency_expected_entries(currencies):
    sym, words = currencies["symbols"], currencies["words"]
    assert sym["$"] == "USD" and sym["US$"] == "USD" and sym["€"] == "EUR" and sym["£"] == "GBP"
    assert sym["¥"] == "JPY" and sym["RMB"] == "CNY" and sym["R"] == "ZAR" and sym["₹"] == "INR"
    assert words["dollars"] == "USD" and words["euros"] == "EUR" and words["yuan"] == "CNY"
    for ambiguous in ("pesos", "francs", "pounds", "dinars", "real"):
        assert ambiguous not in words


def test_scales_and_number_words(currencies):
    scales, numbers = currencies["scales"], currencies["number_words"]
    assert scales["million"] == 10**6 and scales["bn"] == 10**9 and scales["trillion"] == 10**12
    assert scales["lakh"] == 10**5 and scales["crore"] == 10**7
    assert all(k == k.lower() for k in scales)
    assert all(isinstance(v, int) and 0 < v < 1000 for v in numbers.values())
    assert "thousand" not in numbers and numbers["ten"] == 10 and numbers["ninety"] == 90


# -- agreements -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def agreements():
    return _jsonl(GAZ / "agreements.jsonl")


def test_all_agreement_values_present_once(agreements):
    norms = [row["norm"] for row in agreements]
    assert len(norms) == len(set(norms))
    assert set(norms) == AGREEMENT_VALUES


def test_no_agreement_pattern_under_two_values(agreements):
    clashes = {k: v for k, v in _vocab_surface_owners(agreements).items() if len(v) > 1}
    assert not clashes
    # A case-sensitive form must not also be a case-insensitive one.
    owners = _vocab_surface_owners(agreements)
    ci = {form for mode, form in owners if mode == "ci"}
    assert not [form for mode, form in owners if mode == "cs" and form.lower() in ci]


@pytest.mark.parametrize("text, norm", [
    ("memorandums of understanding", "MOU"), ("MoU", "MOU"), ("frameworks", "FRAMEWORK"),
    ("agreements", "AGREEMENT"), ("financing commitments", "FINANCING"), ("financing", "FINANCING"),
    ("letters of interest", "LETTER_OF_INTEREST"), ("investments", "INVESTMENT"), ("loans", "LOAN"),
    ("support", "FINANCING"), ("direct loan", "LOAN"), ("conditional commitments", "CONDITIONAL_COMMITMENT"),
    ("action plans", "ACTION_PLAN"), ("free trade agreement", "TRADE_AGREEMENT"), ("joint venture", "JOINT_VENTURE"),
    ("offtake agreement", "OFFTAKE"), ("loan guarantees", "LOAN_GUARANTEE"), ("treaties", "TREATY"),
    ("grants", "GRANT"), ("contracts", "CONTRACT"), ("strategic partnership", "PARTNERSHIP"),
])
def test_seed_and_core_agreement_forms(agreements, text, norm):
    owners = _vocab_surface_owners(agreements)
    assert owners.get(("ci", text.lower())) == [norm] or owners.get(("cs", text)) == [norm]


# -- commodities ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def commodities():
    return _jsonl(GAZ / "commodities.jsonl")


def test_commodity_norms_lower_case_and_unique(commodities):
    norms = [row["norm"] for row in commodities]
    assert len(norms) == len(set(norms))
    assert all(n == n.lower() for n in norms)


def test_no_commodity_pattern_under_two_norms(commodities):
    clashes = {k: v for k, v in _vocab_surface_owners(commodities).items() if len(v) > 1}
    assert not clashes


def test_commodity_exclusions(commodities):
    forms = {form.lower() for _, form in _vocab_surface_owners(commodities)}
    for absent in ("critical minerals", "critical mineral", "lithium-ion", "battery metals",
                   "co", "in", "as", "be", "sn", "li"):
        assert absent not in forms


@pytest.mark.parametrize("text, norm", [
    ("rare earths", "rare earth elements"), ("rare earth materials", "rare earth elements"),
    ("HREEs", "rare earth elements"), ("rare-earth magnets", "rare earth elements"),
    ("lithium carbonate", "lithium"), ("copper", "copper"), ("cobalt", "cobalt"), ("graphite", "graphite"),
    ("aluminium", "aluminum"), ("PGMs", "platinum group metals"), ("nickel sulphate", "nickel"),
    ("iron ore pellets", "iron ore"), ("coking coal", "coking coal"), ("spodumene", "lithium"),
])
def test_core_commodity_forms(commodities, text, norm):
    owners = _vocab_surface_owners(commodities)
    assert owners.get(("ci", text.lower())) == [norm] or owners.get(("cs", text)) == [norm]


def test_critical_minerals_lists_covered(commodities):
    norms = {row["norm"] for row in commodities}
    usgs_2025 = {
        "aluminum", "antimony", "arsenic", "barite", "beryllium", "bismuth", "boron", "cerium", "cesium",
        "chromium", "cobalt", "copper", "dysprosium", "erbium", "europium", "fluorspar", "gadolinium",
        "gallium", "germanium", "graphite", "hafnium", "holmium", "indium", "iridium", "lanthanum", "lead",
        "lithium", "lutetium", "magnesium", "manganese", "coking coal", "neodymium", "nickel", "niobium",
        "palladium", "phosphate", "platinum", "potash", "praseodymium", "rhenium", "rhodium", "rubidium",
        "ruthenium", "samarium", "scandium", "silicon", "silver", "tantalum", "tellurium", "terbium",
        "thulium", "tin", "titanium", "tungsten", "uranium", "vanadium", "ytterbium", "yttrium", "zinc",
        "zirconium",
    }
    eu_2023 = {"bauxite", "feldspar", "helium", "strontium", "phosphorus", "platinum group metals",
               "rare earth elements", "kaolin", "natural rubber"}
    assert not (usgs_2025 | eu_2023) - norms


# -- rule word lists ------------------------------------------------------------------

def test_person_titles():
    data = _json(PAT / "person_titles.json")
    titles = data["titles"]
    assert len(titles) >= 100
    for t in ("President", "Secretary of State", "Vice President", "Minister", "CEO", "Mr.", "Dr."):
        assert t in titles
    assert all(w[:1].isupper() for w in data["portfolio_words"])


def test_org_suffixes():
    data = _json(PAT / "org_suffixes.json")
    for key in ("suffixes", "prefixes", "news_agencies"):
        assert data[key]
    assert "PT" in data["prefixes"] and "ANI" in data["news_agencies"]
    assert not {"Bank", "Copper", "Lithium", "Energy"} & set(data["suffixes"])


def test_program_heads():
    data = _json(PAT / "program_heads.json")
    assert {"Project", "Operation"} <= set(data["prefix_heads"])
    suffix = set(data["suffix_heads"])
    assert {"Initiative", "Fund", "Corridor", "Ministerial", "Reserve"} <= suffix
    assert not {"Plan", "Partnership", "Agreement", "Framework", "Forum"} & suffix
