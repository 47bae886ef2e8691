"""`find_money`: amounts of money in text, their offsets and norms (ANNOTATION.md, MONEY).

MONEY is "currency plus number plus scale word"; qualifiers ("up to", "more than",
"about") stay outside the span and go into `norm["qualifier"]`; a range adds
`amount_max`. Offsets index the text: `text[start:end]` is the span.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest

from extractor.nlp.normalize.money import find_money


class Case(NamedTuple):
    id: str
    text: str
    span: str
    amount: float
    currency: str
    qualifier: str | None = None
    amount_max: float | None = None


def case(id: str, text: str, span: str, amount: float, currency: str,
         qualifier: str | None = None, amount_max: float | None = None) -> Any:
    return pytest.param(Case(id, text, span, amount, currency, qualifier, amount_max), id=id)


M = 1_000_000
B = 1_000_000_000
T = 1_000_000_000_000
LAKH = 100_000
CRORE = 10_000_000

MONEY_CASES = [
    # -- currency symbols -------------------------------------------------------------
    case("dollar-billion", "The bank approved $30 billion for the project.", "$30 billion", 30 * B, "USD"),
    case("dollar-million-decimal", "It costs $7.5 million to build.", "$7.5 million", 7.5 * M, "USD"),
    case("dollar-trillion", "A $1 trillion market is at stake.", "$1 trillion", 1 * T, "USD"),
    case("dollar-2.75-trillion", "Exports reached $2.75 trillion last year.", "$2.75 trillion", 2.75 * T, "USD"),
    case("dollar-thousands-separator", "The grant was worth $250,000 in total.", "$250,000", 250_000, "USD"),
    case("dollar-full-digits-cents", "The fee was $1,234,567.89 in total.", "$1,234,567.89", 1_234_567.89, "USD"),
    case("dollar-zero-point-five", "a loan of $0.5 billion was signed", "$0.5 billion", 0.5 * B, "USD"),
    case("us-dollar-glued-bn", "The miner raised US$1.2bn in new equity.", "US$1.2bn", 1.2 * B, "USD"),
    case("us-dollar-space", "It pledged US$ 2.5 billion over five years.", "US$ 2.5 billion", 2.5 * B, "USD"),
    case("us-dollar-million", "a US$50 million facility", "US$50 million", 50 * M, "USD"),
    case("aud-symbol", "Canberra committed A$500 million to the fund.", "A$500 million", 500 * M, "AUD"),
    case("aud-symbol-billion", "A loan of A$1.2 billion was approved.", "A$1.2 billion", 1.2 * B, "AUD"),
    case("cad-symbol-glued-m", "Ottawa offered C$75m in support.", "C$75m", 75 * M, "CAD"),
    case("cad-symbol-space", "Ottawa offered C$ 10 million in support.", "C$ 10 million", 10 * M, "CAD"),
    case("cad-ca-dollar", "a CA$20 million investment", "CA$20 million", 20 * M, "CAD"),
    case("hkd-symbol", "a HK$10 billion bond", "HK$10 billion", 10 * B, "HKD"),
    case("sgd-symbol", "Singapore set aside S$1 billion for the plan.", "S$1 billion", 1 * B, "SGD"),
    case("nzd-symbol", "Wellington allocated NZ$20 million.", "NZ$20 million", 20 * M, "NZD"),
    case("brl-symbol", "Brazil's BNDES approved R$5 billion.", "R$5 billion", 5 * B, "BRL"),
    case("euro-symbol", "The EU will invest €300 million in the project.", "€300 million", 300 * M, "EUR"),
    case("euro-symbol-space", "a grant of € 50 million", "€ 50 million", 50 * M, "EUR"),
    case("euro-glued-bn", "The bank lent €1.5bn to the refinery.", "€1.5bn", 1.5 * B, "EUR"),
    case("euro-glued-m", "The EIB signed a €850m loan.", "€850m", 850 * M, "EUR"),
    case("euro-glued-tn", "Europe needs €2tn in investment.", "€2tn", 2 * T, "EUR"),
    case("pound-symbol", "UK Export Finance provided £2.5 billion.", "£2.5 billion", 2.5 * B, "GBP"),
    case("pound-glued-m", "a £750m guarantee", "£750m", 750 * M, "GBP"),
    case("pound-glued-bn", "Britain pledged £3.2bn.", "£3.2bn", 3.2 * B, "GBP"),
    case("yen-symbol", "Japan will provide ¥3 trillion in aid.", "¥3 trillion", 3 * T, "JPY"),
    case("yen-symbol-million", "JOGMEC invested ¥500 million.", "¥500 million", 500 * M, "JPY"),
    case("rupee-symbol-lakh", "Each unit received ₹75 lakh.", "₹75 lakh", 75 * LAKH, "INR"),
    case("rupee-symbol-crore", "The ministry sanctioned ₹1,200 crore.", "₹1,200 crore", 1200 * CRORE, "INR"),
    case("rupee-lakh-crore", "The scheme has an outlay of ₹1.5 lakh crore.", "₹1.5 lakh crore",
         1.5 * LAKH * CRORE, "INR"),
    case("rs-crore", "Coal India will invest Rs 1,500 crore.", "Rs 1,500 crore", 1500 * CRORE, "INR"),
    case("rs-dot-crore", "a project worth Rs. 500 crore", "Rs. 500 crore", 500 * CRORE, "INR"),
    case("rs-dot-glued", "an outlay of Rs.200 crore", "Rs.200 crore", 200 * CRORE, "INR"),
    case("rs-lakh", "a subsidy of Rs 10 lakh per unit", "Rs 10 lakh", 10 * LAKH, "INR"),
    case("rs-indian-grouping", "a prize of Rs 1,50,000 was given", "Rs 1,50,000", 150_000, "INR"),
    case("won-symbol-trillion", "Seoul will spend ₩1.2 trillion.", "₩1.2 trillion", 1.2 * T, "KRW"),
    case("won-symbol-billion", "K-SURE insured ₩500 billion.", "₩500 billion", 500 * B, "KRW"),
    case("rand-symbol-glued-bn", "The IDC approved R2.5bn for the smelter.", "R2.5bn", 2.5 * B, "ZAR"),
    case("rand-symbol-million", "a R500 million investment", "R500 million", 500 * M, "ZAR"),
    case("naira-symbol", "Nigeria set aside ₦50 billion.", "₦50 billion", 50 * B, "NGN"),
    case("peso-symbol-php", "Manila earmarked ₱10 billion.", "₱10 billion", 10 * B, "PHP"),
    case("rupiah-rp", "Indonesia will spend Rp 5 trillion.", "Rp 5 trillion", 5 * T, "IDR"),
    case("lira-symbol", "a ₺1 billion fund", "₺1 billion", 1 * B, "TRY"),
    case("rmb-glued", "China committed RMB10 billion.", "RMB10 billion", 10 * B, "CNY"),
    case("dollar-glued-k", "Each startup receives $500k.", "$500k", 500_000, "USD"),
    case("dollar-glued-mn", "a $5mn grant", "$5mn", 5 * M, "USD"),
    case("dollar-spaced-mln", "a $3 bln loan", "$3 bln", 3 * B, "USD"),
    case("dollar-glued-bn-decimal", "It raised $1.25bn.", "$1.25bn", 1.25 * B, "USD"),
    # -- ISO codes, before and after ---------------------------------------------------
    case("eur-code-before", "The bank lent EUR 300 million.", "EUR 300 million", 300 * M, "EUR"),
    case("eur-code-after", "The bank lent 300 million EUR.", "300 million EUR", 300 * M, "EUR"),
    case("usd-code-before", "a USD 1.2 billion facility", "USD 1.2 billion", 1.2 * B, "USD"),
    case("usd-code-glued", "a USD1.2 billion facility", "USD1.2 billion", 1.2 * B, "USD"),
    case("usd-code-after", "a loan of 50 million USD", "50 million USD", 50 * M, "USD"),
    case("usd-code-thousands", "a prize of USD 500,000", "USD 500,000", 500_000, "USD"),
    case("aud-code-before", "a AUD 50 million grant", "AUD 50 million", 50 * M, "AUD"),
    case("cad-code-before", "Ottawa provided CAD 25 million.", "CAD 25 million", 25 * M, "CAD"),
    case("jpy-code-before", "JBIC lent JPY 100 billion.", "JPY 100 billion", 100 * B, "JPY"),
    case("inr-code-crore", "an outlay of INR 5,000 crore", "INR 5,000 crore", 5000 * CRORE, "INR"),
    case("krw-code-before", "KEXIM lent KRW 3 trillion.", "KRW 3 trillion", 3 * T, "KRW"),
    case("zar-code-before", "a ZAR 2 billion loan", "ZAR 2 billion", 2 * B, "ZAR"),
    case("gbp-code-glued-m", "UKEF covered GBP 10m.", "GBP 10m", 10 * M, "GBP"),
    case("chf-code-before", "a CHF 100 million bond", "CHF 100 million", 100 * M, "CHF"),
    case("sek-code-before", "Sweden lent SEK 2 billion.", "SEK 2 billion", 2 * B, "SEK"),
    case("cny-code-after", "an investment of 2 billion CNY", "2 billion CNY", 2 * B, "CNY"),
    # -- currency words ----------------------------------------------------------------
    case("euros-word", "The fund will invest 500 million euros.", "500 million euros", 500 * M, "EUR"),
    case("euro-singular-modifier", "a 10 million euro grant", "10 million euro", 10 * M, "EUR"),
    case("ten-million-dollars", "They paid ten million dollars.", "ten million dollars", 10 * M, "USD"),
    case("five-hundred-million-dollars", "a loan of five hundred million dollars",
         "five hundred million dollars", 500 * M, "USD"),
    case("one-hundred-and-fifty-million", "one hundred and fifty million dollars was pledged",
         "one hundred and fifty million dollars", 150 * M, "USD"),
    case("twenty-five-million-euros", "twenty-five million euros in grants",
         "twenty-five million euros", 25 * M, "EUR"),
    case("a-billion-dollars", "The plan will cost a billion dollars.", "a billion dollars", 1 * B, "USD"),
    case("trillion-won", "Korea will invest 1.2 trillion won.", "1.2 trillion won", 1.2 * T, "KRW"),
    case("crore-rupees", "a package of 1,500 crore rupees", "1,500 crore rupees", 1500 * CRORE, "INR"),
    case("us-dollars-words", "20 million US dollars was approved", "20 million US dollars", 20 * M, "USD"),
    case("yuan-word", "two billion yuan in loans", "two billion yuan", 2 * B, "CNY"),
    case("renminbi-word", "5 billion renminbi was raised", "5 billion renminbi", 5 * B, "CNY"),
    case("australian-dollars-word", "3 billion Australian dollars for the reserve",
         "3 billion Australian dollars", 3 * B, "AUD"),
    case("canadian-dollars-word", "100 million Canadian dollars in support",
         "100 million Canadian dollars", 100 * M, "CAD"),
    case("pounds-sterling-word", "50 million pounds sterling was raised",
         "50 million pounds sterling", 50 * M, "GBP"),
    case("rand-word", "an investment of 800 million rand", "800 million rand", 800 * M, "ZAR"),
    case("yen-word", "4 billion yen in aid", "4 billion yen", 4 * B, "JPY"),
    case("swedish-kronor-word", "2 billion Swedish kronor for the plant",
         "2 billion Swedish kronor", 2 * B, "SEK"),
    case("swiss-francs-word", "50 million Swiss francs was invested",
         "50 million Swiss francs", 50 * M, "CHF"),
    case("us-dollars-digits-only", "a prize of 500,000 US dollars", "500,000 US dollars", 500_000, "USD"),
    # -- ranges -----------------------------------------------------------------------
    case("range-hyphen-shared-scale", "a $5-10 billion programme", "$5-10 billion", 5 * B, "USD",
         amount_max=10 * B),
    case("range-en-dash-euro", "a financing need of €2–3 billion", "€2–3 billion", 2 * B, "EUR",
         amount_max=3 * B),
    case("range-to-full", "It will cost $5 billion to $10 billion.", "$5 billion to $10 billion", 5 * B, "USD",
         amount_max=10 * B),
    case("range-to-shared-scale", "It will cost $10 to $15 billion.", "$10 to $15 billion", 10 * B, "USD",
         amount_max=15 * B),
    case("range-hyphen-full", "deals of $5 million-$10 million each", "$5 million-$10 million", 5 * M, "USD",
         amount_max=10 * M),
    case("range-glued-bn", "a $2bn-$3bn plan", "$2bn-$3bn", 2 * B, "USD", amount_max=3 * B),
    case("range-between", "between $200 million and $300 million will be lent",
         "$200 million and $300 million", 200 * M, "USD", amount_max=300 * M),
    case("range-between-euro", "It costs between €1 billion and €2 billion.",
         "€1 billion and €2 billion", 1 * B, "EUR", amount_max=2 * B),
    case("range-words-after", "an investment of 5-10 billion euros", "5-10 billion euros", 5 * B, "EUR",
         amount_max=10 * B),
    case("not-range-year-after-to", "$30 billion to 2030 for the grid", "$30 billion", 30 * B, "USD"),
    # -- qualifiers stay outside the span ----------------------------------------------
    case("qualifier-up-to", "a direct loan of up to $10 billion", "$10 billion", 10 * B, "USD", "up_to"),
    case("qualifier-as-much-as", "as much as $1 billion could flow", "$1 billion", 1 * B, "USD", "up_to"),
    case("qualifier-more-than", "it has mobilised more than $30 billion", "$30 billion", 30 * B, "USD",
         "more_than"),
    case("qualifier-over", "over $500 million in grants", "$500 million", 500 * M, "USD", "more_than"),
    case("qualifier-over-capitalised", "Over $1 billion was invested.", "$1 billion", 1 * B, "USD",
         "more_than"),
    case("qualifier-in-excess-of", "in excess of $2 billion", "$2 billion", 2 * B, "USD", "more_than"),
    case("qualifier-at-least", "at least $2 billion will be needed", "$2 billion", 2 * B, "USD", "at_least"),
    case("qualifier-no-less-than", "no less than $1 billion a year", "$1 billion", 1 * B, "USD", "at_least"),
    case("qualifier-less-than", "less than $100 million was spent", "$100 million", 100 * M, "USD",
         "less_than"),
    case("qualifier-under", "under $50 million in support", "$50 million", 50 * M, "USD", "less_than"),
    case("qualifier-about", "about $3 billion in investments", "$3 billion", 3 * B, "USD", "about"),
    case("qualifier-around", "around €40 million in grants", "€40 million", 40 * M, "EUR", "about"),
    case("qualifier-approximately", "approximately $1.5 billion", "$1.5 billion", 1.5 * B, "USD", "about"),
    case("qualifier-nearly", "nearly $900 million was raised", "$900 million", 900 * M, "USD", "about"),
    case("qualifier-roughly", "roughly $3bn in loans", "$3bn", 3 * B, "USD", "about"),
    case("qualifier-some", "some $4 billion in new projects", "$4 billion", 4 * B, "USD", "about"),
    case("qualifier-almost", "almost £2 billion was committed", "£2 billion", 2 * B, "GBP", "about"),
    case("qualifier-with-words", "more than 500 million euros", "500 million euros", 500 * M, "EUR",
         "more_than"),
    case("qualifier-up-to-rupees", "up to Rs 1,500 crore", "Rs 1,500 crore", 1500 * CRORE, "INR", "up_to"),
    case("no-qualifier", "The agency signed a $500 million loan.", "$500 million", 500 * M, "USD"),
    case("no-qualifier-after-word-over-far", "The debate over the budget ended; $500 million was spent.",
         "$500 million", 500 * M, "USD"),
]


@pytest.mark.parametrize("c", MONEY_CASES)
def test_money(c: Case) -> None:
    matches = find_money(c.text)
    assert len(matches) == 1, [(c.text[m.start : m.end], m.norm) for m in matches]
    match = matches[0]
    assert c.text[match.start : match.end] == c.span
    norm = dict(match.norm)
    assert norm.get("currency") == c.currency
    assert norm.get("qualifier") == c.qualifier
    assert norm.get("amount") == pytest.approx(c.amount, rel=1e-9)
    if c.amount_max is None:
        assert "amount_max" not in norm or norm["amount_max"] is None, norm
    else:
        assert norm.get("amount_max") == pytest.approx(c.amount_max, rel=1e-9)
    assert set(norm) <= {"amount", "currency", "qualifier", "amount_max"}, norm


def test_two_amounts_in_one_sentence() -> None:
    text = "EXIM approved up to $10 billion and DFC added more than $5 billion."
    matches = find_money(text)
    assert [(text[m.start : m.end], m.norm["qualifier"]) for m in matches] == [
        ("$10 billion", "up_to"),
        ("$5 billion", "more_than"),
    ]


NOT_MONEY = [
    pytest.param("Officials from 54 countries attended.", id="count-countries"),
    pytest.param("The ministerial was held in 2026.", id="year"),
    pytest.param("The mine produces 10 million tonnes a year.", id="tonnes"),
    pytest.param("Growth slowed to 1.5 per cent.", id="per-cent"),
    pytest.param("Prices rose 5% in January.", id="percent-sign"),
    pytest.param("US 10-year Treasury yields rose.", id="us-10-year"),
    pytest.param("Prices are quoted in $ and in euros.", id="dollar-sign-alone"),
    pytest.param("The projects will generate billions of dollars in revenue.", id="billions-of-dollars"),
    pytest.param("Production starts in Q3 2026.", id="quarter"),
    pytest.param("The solar farm will produce 3.5 GW.", id="gigawatts"),
    pytest.param("The company filed its Form 10-K.", id="form-10-k"),
    pytest.param("The plant created 1,500 jobs.", id="jobs"),
    pytest.param("The tariffs were imposed under Section 232.", id="section-232"),
    pytest.param("Leaders met at COP28 in Dubai.", id="cop28"),
    pytest.param("A 500 MW plant is planned.", id="megawatts"),
    pytest.param("The agreement runs for ten years.", id="ten-years"),
    pytest.param("The dollar rose against the euro.", id="currency-words-no-number"),
    pytest.param("Six billion people live in the region.", id="billion-people"),
    pytest.param("ALL 27 member states signed the declaration.", id="all-caps-ALL-not-lek"),
    pytest.param("TOP 10 producers of lithium", id="all-caps-TOP-not-paanga"),
    pytest.param("The R&D centre opened.", id="r-and-d"),
    pytest.param("Spending on R&D rose 12 per cent.", id="r-and-d-with-number"),
    pytest.param("The report is 40 pages long.", id="pages"),
    pytest.param("Leaders of the G7 met in Canada.", id="g7"),
    pytest.param("The Rs symbol appears on the note.", id="rs-alone"),
    pytest.param("The pact covers 1.2 million tonnes of lithium by 2030.", id="tonnes-and-year"),
    pytest.param("The price rose by 3.5 per cent in 2025.", id="percent-and-year"),
    pytest.param("Article 5 of the agreement applies.", id="article-number"),
]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text: str) -> None:
    matches = find_money(text)
    assert matches == [], [(text[m.start : m.end], m.norm) for m in matches]


# -- symbols several currencies share, read by the document's countries --------------------

@pytest.mark.parametrize("text, countries, span, currency", [
    ("The mine will cost about K19 billion to build.", {"PG": 3, "JP": 1}, "K19 billion", "PGK"),
    ("ZCCM-IH paid dividends of K1.4 billion to Government.", {"ZM": 5}, "K1.4 billion", "ZMW"),
    ("The loan, equivalent to about CFA 118 billion, was signed.", {"CI": 4, "IT": 2}, "CFA 118 billion", "XOF"),
    ("The Cabinet approved Rs. 2,450 million for the project.", {"LK": 4, "IN": 1}, "Rs. 2,450 million", "LKR"),
    ("The province will provide up to $120 million.", {"CA": 7, "KR": 2}, "$120 million", "CAD"),
    ("The province will provide up to $120 million.", {"US": 3, "CA": 2}, "$120 million", "USD"),
    ("India approved Rs 500 crore for the mission.", {"IN": 2}, "Rs 500 crore", "INR"),
    ("CORFO awarded grants worth 2.4 billion pesos to five start-ups.", {"CL": 3, "US": 1},
     "2.4 billion pesos", "CLP"),
    ("Credit lines totalling 4,500 million pesos were approved.", {"MX": 2}, "4,500 million pesos", "MXN"),
    ("The grant of 300 million francs was signed.", {"RW": 2, "BE": 1}, "300 million francs", "RWF"),
    ("The bank lent twenty billion shillings.", {"TZ": 2}, "twenty billion shillings", "TZS"),
    ("Loans of 45 billion rupees were approved.", {"PK": 4, "IN": 1}, "45 billion rupees", "PKR"),
    ("Loans of 45 billion rupees were approved.", {"IN": 2}, "45 billion rupees", "INR"),
])
def test_shared_symbols_by_country(text: str, countries: dict[str, int], span: str, currency: str) -> None:
    (match,) = find_money(text, countries)
    assert text[match.start : match.end] == span
    assert match.norm["currency"] == currency


def test_a_shared_word_reads_ranges_and_qualifiers_like_any_currency_word() -> None:
    (match,) = find_money("a loan of up to 2-3 billion pesos", {"CL": 2})
    assert match.norm == {"amount": 2_000_000_000, "amount_max": 3_000_000_000, "currency": "CLP",
                          "qualifier": "up_to"}


@pytest.mark.parametrize("text, countries", [
    ("The mine will cost about K19 billion to build.", {}),
    ("The mine will cost about K19 billion to build.", {"CL": 2}),
    ("The K2 expedition left in June.", {"PG": 2}),
    ("Credit lines totalling 4,500 million pesos were approved.", {}),
    ("Credit lines totalling 4,500 million pesos were approved.", {"JP": 2}),
    ("One of the pesos was minted in 1910.", {"MX": 2}),
])
def test_shared_symbols_need_a_country_that_uses_them(text: str, countries: dict[str, int]) -> None:
    assert find_money(text, countries) == []
