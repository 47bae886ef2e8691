"""The whole pipeline's readings of agreement words, ambiguous names and country forms.

Each case is an expectation from /work/shared/ANNOTATION.md, checked on the output of
`extract_text` (label, text, norm) triples.
"""

from __future__ import annotations

from typing import Any

import pytest

PUBLISHED = "2026-02-04"


def of(spans: list[tuple[str, str, Any]], label: str) -> list[tuple[str, Any]]:
    return [(text, norm) for lab, text, norm in spans if lab == label]


# -- AGREEMENT: the kind words, without determiners, counts or topic words --------------

AGREEMENT_CASES = [
    pytest.param("The two countries signed a memorandum of understanding on critical minerals.",
                 [("memorandum of understanding", "MOU")], id="memorandum-of-understanding"),
    pytest.param("Glencore and Orion signed an MoU on cobalt.", [("MoU", "MOU")], id="MoU"),
    pytest.param("The ministries signed an MOU last week.", [("MOU", "MOU")], id="MOU-caps"),
    pytest.param("The ministers signed three MoUs with African partners.", [("MoUs", "MOU")], id="MoUs"),
    pytest.param("Both sides exchanged memoranda of understanding on mining.",
                 [("memoranda of understanding", "MOU")], id="memoranda-of-understanding"),
    pytest.param("The US signed memorandums of understanding with Peru and Ecuador.",
                 [("memorandums of understanding", "MOU")], id="memorandums-of-understanding"),
    pytest.param("They signed a memorandum of understanding (MoU) on lithium.",
                 [("memorandum of understanding", "MOU"), ("MoU", "MOU")], id="mou-with-acronym"),
    pytest.param("The United States signed eleven new bilateral critical minerals frameworks.",
                 [("frameworks", "FRAMEWORK")], id="frameworks-count-and-topic-outside"),
    pytest.param("Japan and the US signed a framework on critical minerals supply.",
                 [("framework", "FRAMEWORK")], id="framework"),
    pytest.param("The parties concluded a framework agreement on rare earths.",
                 [("framework agreement", "FRAMEWORK")], id="framework-agreement"),
    pytest.param("The ministers signed a bilateral agreement on mining.",
                 [("agreement", "AGREEMENT")], id="agreement-modifier-outside"),
    pytest.param("The US has signed ten similar agreements with partners.",
                 [("agreements", "AGREEMENT")], id="agreements"),
    pytest.param("The two governments signed an accord on cobalt supply.",
                 [("accord", "AGREEMENT")], id="accord"),
    pytest.param("The countries ratified a treaty on deep-sea mining.", [("treaty", "TREATY")], id="treaty"),
    pytest.param("Both countries are parties to several treaties.", [("treaties", "TREATY")], id="treaties"),
    pytest.param("Chile and India are negotiating a free trade agreement.",
                 [("free trade agreement", "TRADE_AGREEMENT")], id="free-trade-agreement"),
    pytest.param("The FTA entered into force in 2024.", [("FTA", "TRADE_AGREEMENT")], id="FTA"),
    pytest.param("Australia has signed FTAs with many partners.", [("FTAs", "TRADE_AGREEMENT")], id="FTAs"),
    pytest.param("The parties amended the 2019 U.S.-Japan Trade Agreement.",
                 [("Trade Agreement", "TRADE_AGREEMENT")], id="named-trade-agreement-kind-words"),
    pytest.param("EXIM approved a direct loan of up to $10 billion.",
                 [("direct loan", "LOAN")], id="direct-loan"),
    pytest.param("The bank will extend direct loans to miners.", [("direct loans", "LOAN")], id="direct-loans"),
    pytest.param("The agency approved a $500 million loan for the refinery.", [("loan", "LOAN")], id="loan"),
    pytest.param("DOE issued a loan guarantee for the plant.",
                 [("loan guarantee", "LOAN_GUARANTEE")], id="loan-guarantee"),
    pytest.param("The department awarded a $5 million grant to the university.",
                 [("grant", "GRANT")], id="grant"),
    pytest.param("The agency awarded grants to three universities.", [("grants", "GRANT")], id="grants"),
    pytest.param("DFC made an investment of $5 million in the refinery.",
                 [("investment", "INVESTMENT")], id="investment-of-money"),
    pytest.param("The bank supports projects through loans and investments.",
                 [("loans", "LOAN"), ("investments", "INVESTMENT")], id="loans-and-investments"),
    pytest.param("The partners announced new investments and action plans.",
                 [("investments", "INVESTMENT"), ("action plans", "ACTION_PLAN")], id="investments-and-action-plans"),
    pytest.param("The fund made an equity investment in the miner.",
                 [("equity investment", "INVESTMENT")], id="equity-investment"),
    pytest.param("EXIM issued letters of interest to five projects.",
                 [("letters of interest", "LETTER_OF_INTEREST")], id="letters-of-interest"),
    pytest.param("The company received an LOI from EXIM.", [("LOI", "LETTER_OF_INTEREST")], id="LOI"),
    pytest.param("The buyer signed a letter of intent with the miner.",
                 [("letter of intent", "LETTER_OF_INTEREST")], id="letter-of-intent"),
    pytest.param("DOE offered conditional commitments to two projects.",
                 [("conditional commitments", "CONDITIONAL_COMMITMENT")], id="conditional-commitments"),
    pytest.param("The plant received a conditional commitment from DOE.",
                 [("conditional commitment", "CONDITIONAL_COMMITMENT")], id="conditional-commitment"),
    pytest.param("The bank provided $100 million in financing for the mine.",
                 [("financing", "FINANCING")], id="financing"),
    pytest.param("The ministry will provide funding for the refinery.",
                 [("funding", "FINANCING")], id="funding"),
    pytest.param("The forum unveiled agreements and financing commitments.",
                 [("agreements", "AGREEMENT"), ("financing commitments", "FINANCING")],
                 id="financing-commitments"),
    pytest.param("The two governments adopted an action plan on minerals.",
                 [("action plan", "ACTION_PLAN")], id="action-plan"),
    pytest.param("Glencore and Orion formed a joint venture to mine copper.",
                 [("joint venture", "JOINT_VENTURE")], id="joint-venture"),
    pytest.param("The JV will build a refinery.", [("JV", "JOINT_VENTURE")], id="JV"),
    pytest.param("The miner signed an offtake agreement with a carmaker.",
                 [("offtake agreement", "OFFTAKE")], id="offtake-agreement"),
    pytest.param("The miner signed an off-take agreement with a carmaker.",
                 [("off-take agreement", "OFFTAKE")], id="off-take-agreement"),
    pytest.param("The two countries launched a strategic partnership on minerals.",
                 [("strategic partnership", "PARTNERSHIP")], id="strategic-partnership"),
    pytest.param("The agency awarded a contract to build the plant.", [("contract", "CONTRACT")], id="contract"),
    pytest.param("The agency awarded contracts worth $20 million.", [("contracts", "CONTRACT")], id="contracts"),
    pytest.param("The US has mobilised $30 billion in letters of interest, investments, loans and other support.",
                 [("letters of interest", "LETTER_OF_INTEREST"), ("investments", "INVESTMENT"),
                  ("loans", "LOAN"), ("support", "FINANCING")], id="instrument-list-with-support"),
    pytest.param("The bank offered financial support to the refinery.",
                 [("financial support", "FINANCING")], id="financial-support"),
]


@pytest.mark.parametrize(("text", "expected"), AGREEMENT_CASES)
def test_agreement_kind(extract_text, text: str, expected: list[tuple[str, str]]) -> None:
    assert of(extract_text(text, PUBLISHED), "AGREEMENT") == expected


NOT_AGREEMENTS = [
    pytest.param("The country needs a stable regulatory framework.", id="regulatory-framework"),
    pytest.param("The legal framework for mining was reformed.", id="legal-framework"),
    pytest.param("The reforms aim to encourage investment in mining.", id="encourage-investment"),
    pytest.param("Leaders discussed investment opportunities in Africa.", id="investment-opportunities"),
    pytest.param("The minister said he was in agreement with his counterpart.", id="in-agreement-with"),
    pytest.param("The paper offers a framework for thinking about supply chains.", id="framework-for-thinking"),
    pytest.param("The measures will attract investment to the sector.", id="attract-investment"),
    pytest.param("The country improved its investment climate.", id="investment-climate"),
    pytest.param("Foreign direct investment rose sharply.", id="foreign-direct-investment"),
    pytest.param("The ministers expressed support for the initiative.", id="expressed-support"),
    pytest.param("Private investment in mining rose sharply.", id="private-investment"),
    pytest.param("Investment in mining rose sharply.", id="investment-activity"),
    pytest.param("The company made commitments to cut emissions.", id="generic-commitments"),
    pytest.param("The firm worked in partnership with the ministry.", id="in-partnership-with"),
]


@pytest.mark.parametrize("text", NOT_AGREEMENTS)
def test_not_agreement(extract_text, text: str) -> None:
    assert of(extract_text(text, PUBLISHED), "AGREEMENT") == []


# -- ambiguous names, both readings ------------------------------------------------------

COUNTRY_READINGS = [
    # (text, expected COUNTRY (text, code) list)
    pytest.param("Officials from Chad attended the meeting.", [("Chad", "TD")], id="chad-country"),
    pytest.param("The Government of Chad signed the MoU.", [("Chad", "TD")], id="chad-government-of"),
    pytest.param("Chad Smith, chief executive of Glencore, said the deal was done.", [], id="chad-person"),
    pytest.param("Jordan and Morocco signed the agreement.", [("Jordan", "JO"), ("Morocco", "MA")],
                 id="jordan-country"),
    pytest.param("The deal was welcomed by Michael Jordan at the event.", [], id="jordan-person"),
    pytest.param("Georgia and Armenia signed a framework.", [("Georgia", "GE"), ("Armenia", "AM")],
                 id="georgia-country"),
    pytest.param("Georgia Power will buy the output.", [], id="georgia-power"),
    pytest.param("The plant is near Atlanta, Georgia.", [], id="georgia-us-state-atlanta"),
    pytest.param("The plant is in the state of Georgia.", [], id="georgia-us-state"),
    pytest.param("Turkey signed an agreement with Azerbaijan.", [("Turkey", "TR"), ("Azerbaijan", "AZ")],
                 id="turkey-country"),
    pytest.param("Türkiye signed an agreement with Azerbaijan.", [("Türkiye", "TR"), ("Azerbaijan", "AZ")],
                 id="turkiye-country"),
    pytest.param("The farmers sold turkey and chicken.", [], id="turkey-bird"),
    pytest.param("Turkish officials attended the meeting.", [("Turkish", "TR")], id="turkish-demonym"),
    pytest.param("Officials from Guinea attended the meeting.", [("Guinea", "GN")], id="guinea"),
    pytest.param("Officials from Papua New Guinea attended the meeting.", [("Papua New Guinea", "PG")],
                 id="papua-new-guinea"),
    pytest.param("Officials from Equatorial Guinea attended the meeting.", [("Equatorial Guinea", "GQ")],
                 id="equatorial-guinea"),
    pytest.param("Officials from Guinea-Bissau attended the meeting.", [("Guinea-Bissau", "GW")],
                 id="guinea-bissau"),
    pytest.param("Guinea, Equatorial Guinea and Guinea-Bissau met.",
                 [("Guinea", "GN"), ("Equatorial Guinea", "GQ"), ("Guinea-Bissau", "GW")], id="three-guineas"),
    pytest.param("Ships crossed the Gulf of Guinea.", [], id="gulf-of-guinea"),
    pytest.param("China signed a deal with Chile.", [("China", "CN"), ("Chile", "CL")], id="china-country"),
    pytest.param("China clay is used in ceramics.", [], id="china-clay-no-country"),
    pytest.param("The mine is in New Mexico.", [], id="new-mexico"),
    pytest.param("The mine is in Mexico.", [("Mexico", "MX")], id="mexico"),
    pytest.param("New Mexico officials met counterparts from Mexico.", [("Mexico", "MX")],
                 id="new-mexico-and-mexico"),
    pytest.param("Korea and Japan signed the deal.", [("Korea", "KR"), ("Japan", "JP")], id="korea-country"),
    pytest.param("Niger and Mali signed the deal.", [("Niger", "NE"), ("Mali", "ML")], id="niger-country"),
    pytest.param("Oil was found in the Niger Delta.", [], id="niger-delta"),
    pytest.param("Farmers use water from the Jordan River.", [], id="jordan-river"),
    pytest.param("Officials from Dominica attended the meeting.", [("Dominica", "DM")], id="dominica"),
    pytest.param("Officials from the Dominican Republic attended the meeting.", [("Dominican Republic", "DO")],
                 id="dominican-republic"),
    pytest.param("Officials from DR Congo attended the meeting.", [("DR Congo", "CD")], id="dr-congo"),
    pytest.param("Officials from the Republic of the Congo attended the meeting.",
                 [("Republic of the Congo", "CG")], id="republic-of-the-congo"),
    pytest.param("The farm grows Chile peppers.", [], id="chile-peppers"),
    # -- country forms -----------------------------------------------------------------
    pytest.param("The US signed the deal.", [("US", "US")], id="US"),
    pytest.param("The U.S. signed the deal.", [("U.S.", "US")], id="U.S."),
    pytest.param("The USA signed the deal.", [("USA", "US")], id="USA"),
    pytest.param("The United States signed the deal.", [("United States", "US")], id="the-united-states"),
    pytest.param("America will lead the effort.", [("America", "US")], id="america"),
    pytest.param("US officials said the deal was done.", [("US", "US")], id="us-modifier"),
    pytest.param("The US-backed project started.", [("US", "US")], id="us-backed"),
    pytest.param("The UK signed the deal.", [("UK", "GB")], id="the-UK"),
    pytest.param("The UAE signed the deal.", [("UAE", "AE")], id="UAE"),
    pytest.param("The DRC signed the deal.", [("DRC", "CD")], id="DRC"),
    pytest.param("The Democratic Republic of the Congo signed the deal.",
                 [("Democratic Republic of the Congo", "CD")], id="democratic-republic-of-the-congo"),
    pytest.param("The ROK signed the deal.", [("ROK", "KR")], id="ROK"),
    pytest.param("The Republic of Korea signed the deal.", [("Republic of Korea", "KR")], id="republic-of-korea"),
    pytest.param("South Korea signed the deal.", [("South Korea", "KR")], id="south-korea"),
    pytest.param("The PRC signed the deal.", [("PRC", "CN")], id="PRC"),
    pytest.param("The DPRK rejected the deal.", [("DPRK", "KP")], id="DPRK"),
    pytest.param("Officials from Burma attended the meeting.", [("Burma", "MM")], id="burma"),
    pytest.param("Officials from Swaziland attended the meeting.", [("Swaziland", "SZ")], id="swaziland"),
    pytest.param("Officials from Ivory Coast attended the meeting.", [("Ivory Coast", "CI")], id="ivory-coast"),
    pytest.param("Officials from Czechia attended the meeting.", [("Czechia", "CZ")], id="czechia"),
    pytest.param("Officials from the Cook Islands attended the meeting.", [("Cook Islands", "CK")],
                 id="cook-islands"),
    pytest.param("Chilean officials attended the meeting.", [("Chilean", "CL")], id="chilean"),
    pytest.param("Emirati officials attended the meeting.", [("Emirati", "AE")], id="emirati"),
    pytest.param("Congolese officials attended the meeting.", [("Congolese", "CD")], id="congolese"),
    pytest.param("Chinese firms dominate refining.", [("Chinese", "CN")], id="chinese"),
    pytest.param("The Australian Government signed the deal.", [("Australian", "AU")],
                 id="australian-government-only-country-word"),
]


@pytest.mark.parametrize(("text", "expected"), COUNTRY_READINGS)
def test_country_reading(extract_text, text: str, expected: list[tuple[str, str]]) -> None:
    assert of(extract_text(text, PUBLISHED), "COUNTRY") == expected


def test_chad_person_is_person(extract_text) -> None:
    spans = extract_text("Chad Smith, chief executive of Glencore, said the deal was done.", PUBLISHED)
    assert ("Chad Smith", "Chad Smith") in of(spans, "PERSON")


def test_jordan_person_is_person(extract_text) -> None:
    spans = extract_text("The deal is good, said Michael Jordan.", PUBLISHED)
    assert of(spans, "COUNTRY") == []
    assert of(spans, "PERSON") == [("Michael Jordan", "Michael Jordan")]


def test_china_clay_is_kaolin(extract_text) -> None:
    spans = extract_text("China clay is used in ceramics.", PUBLISHED)
    assert of(spans, "COMMODITY") == [("China clay", "kaolin")]
    assert of(spans, "COUNTRY") == []


def test_us_state_department_is_one_agency(extract_text) -> None:
    spans = extract_text("The US State Department hosted the ministerial.", PUBLISHED)
    assert of(spans, "COUNTRY") == []
    agencies = of(spans, "AGENCY")
    assert [text for text, _ in agencies] == ["US State Department"]
    norm = agencies[0][1]
    assert norm["name"] == "Department of State"  # the seed's canonical name
    assert norm["country"] == "US"


def test_exim_full_name_and_acronym(extract_text) -> None:
    text = ("The Export-Import Bank of the United States (EXIM) approved a direct loan. "
            "EXIM said the loan would support Project Vault.")
    spans = extract_text(text, PUBLISHED)
    assert of(spans, "COUNTRY") == []  # no COUNTRY inside the agency name
    agencies = of(spans, "AGENCY")
    assert [t for t, _ in agencies] == ["Export-Import Bank of the United States", "EXIM", "EXIM"]
    expected = {"name": "Export-Import Bank of the United States", "acronym": "EXIM", "country": "US"}
    assert [n for _, n in agencies] == [expected, expected, expected]


def test_person_after_title_and_surname_link(extract_text) -> None:
    text = "Secretary of State Marco Rubio opened the meeting. Rubio said the deal was done."
    spans = extract_text(text, PUBLISHED)
    assert of(spans, "PERSON") == [("Marco Rubio", "Marco Rubio"), ("Rubio", "Marco Rubio")]
    # "Secretary of State" is a job title with a portfolio word: nothing else is marked.
    assert [(label, t) for label, t, _ in spans if label != "PERSON"] == []


def test_person_after_title_without_full_name_elsewhere(extract_text) -> None:
    spans = extract_text("President Trump announced Project Vault.", PUBLISHED)
    assert of(spans, "PERSON") == [("Trump", "Trump")]


# -- names seen in new development documents -------------------------------------------

def test_an_opening_word_is_not_part_of_a_defined_name(extract_text) -> None:
    spans = extract_text("1. Between the Geological Survey of India (GSI) and Geoscience Australia, for "
                         "sharing of data.", PUBLISHED)
    assert ("Geological Survey of India", "AGENCY") in [(t, lab) for lab, t, _ in spans]


@pytest.mark.parametrize("text, name", [
    ("State-owned Finnish Industry Investment Ltd has agreed to invest.", "Finnish Industry Investment Ltd"),
    ("It sold copper to Minera Sonora Cobre, S.A. de C.V. in May.", "Minera Sonora Cobre, S.A. de C.V."),
    ("BNDES approved a loan to Lítio do Jequitinhonha S.A. for a refinery.", "Lítio do Jequitinhonha S.A."),
    ("The lenders are Nordea Bank Abp and SEB.", "Nordea Bank Abp"),
])
def test_company_names_by_legal_form(extract_text, text: str, name: str) -> None:
    assert name in [t for _, t in of(extract_text(text, PUBLISHED), "ORG")]


def test_a_facility_after_an_amount_is_a_loan(extract_text) -> None:
    spans = extract_text("Afreximbank has approved a US$250 million facility for the Kabanga project.", PUBLISHED)
    assert of(spans, "AGREEMENT") == [("facility", "LOAN")]


@pytest.mark.parametrize("text", [
    "Finnvera and EKN guarantee EUR 210 million loan for graphite plant",
    "The convention grants the Chadian state a free-carried interest.",
])
def test_kind_words_used_as_verbs(extract_text, text: str) -> None:
    assert [t for t, _ in of(extract_text(text, PUBLISHED), "AGREEMENT")] in ([], ["loan"])


def test_a_public_research_council_is_an_agency(extract_text) -> None:
    spans = extract_text("The Saskatchewan Research Council (SRC) signed an offtake agreement.", PUBLISHED)
    assert [t for t, _ in of(spans, "AGENCY")] == ["Saskatchewan Research Council", "SRC"]


def test_a_known_company_with_a_weak_suffix(extract_text) -> None:
    spans = extract_text("The guarantee covers loans from Standard Bank Group and Absa Bank.", PUBLISHED)
    assert "Absa Bank" in [t for t, _ in of(spans, "ORG")]


def test_countries_naming_an_agreement(extract_text) -> None:
    spans = extract_text("Trade grew since the Japan-Chile Economic Partnership Agreement entered into force.",
                         PUBLISHED)
    assert of(spans, "COUNTRY") == [("Japan", "JP"), ("Chile", "CL")]


def test_a_department_of_a_country_is_not_an_agency_name(extract_text) -> None:
    spans = extract_text("The British Geological Survey will work with the Geological Survey Department of "
                         "Zambia on mapping.", PUBLISHED)
    assert ("Zambia", "ZM") in of(spans, "COUNTRY")
    assert "Department of Zambia" not in [t for t, _ in of(spans, "AGENCY")]


def test_forum_on_china_africa_cooperation(extract_text) -> None:
    spans = extract_text("The deal was announced at the Forum on China-Africa Cooperation (FOCAC).", PUBLISHED)
    assert [t for t, _ in of(spans, "AGENCY")] == ["Forum on China-Africa Cooperation", "FOCAC"]


def test_a_distinctive_word_before_bank_names_a_bank(extract_text) -> None:
    spans = extract_text("The loans come from Shinhan Bank and Woori Bank, not the World Bank.", PUBLISHED)
    assert [t for t, _ in of(spans, "ORG")] == ["Shinhan Bank", "Woori Bank"]
    assert "World Bank" in [t for t, _ in of(spans, "AGENCY")]


# -- instruments named in context (the g- and h- development batches) --------------------

@pytest.mark.parametrize("text, expected", [
    pytest.param("No agreement has been signed, the company said.", [("agreement", "AGREEMENT")],
                 id="denied-instrument-is-still-marked"),
    pytest.param("Governments announced federal support for the refinery.", [("support", "FINANCING")],
                 id="federal-support"),
    pytest.param("The ministers announced combined support of up to $125 million for the plant.",
                 [("support", "FINANCING")], id="support-of-an-amount"),
    pytest.param("The line was upgraded with World Bank support.", [("support", "FINANCING")],
                 id="support-after-a-body"),
    pytest.param("The company has lined up a state guarantee and public equity for the plant.",
                 [("guarantee", "LOAN_GUARANTEE"), ("equity", "INVESTMENT")], id="public-equity"),
    pytest.param("Mokoro agreed a US$60 million equipment facility with the bank.",
                 [("facility", "LOAN")], id="facility-after-an-amount-and-a-modifier"),
    pytest.param("It signed senior debt facilities with two banks. The facilities have a seven-year tenor.",
                 [("debt facilities", "LOAN"), ("facilities", "LOAN")], id="facility-referred-back"),
    pytest.param('It entered into a credit agreement for up to US$320 million (the "Facility"). '
                 "The Facility has a term of eight years.",
                 [("credit agreement", "LOAN"), ("Facility", "LOAN"), ("Facility", "LOAN")],
                 id="facility-defined-in-brackets"),
    pytest.param("The subsidiary signed a mining convention with the State. The convention runs 20 years.",
                 [("convention", "AGREEMENT"), ("convention", "AGREEMENT")], id="mining-convention"),
    pytest.param("Minerals Group has acquired a 10 per cent stake in the anode maker.",
                 [("stake", "INVESTMENT")], id="stake-acquired"),
    pytest.param("Mexico hopes to settle the issue ahead of the USMCA joint review.",
                 [("USMCA", "TRADE_AGREEMENT")], id="named-trade-agreement-acronym"),
    pytest.param("DENR signed six new Mineral Production Sharing Agreements (MPSAs). Every new MPSA "
                 "must create jobs.",
                 [("Mineral Production Sharing Agreements", "AGREEMENT"), ("MPSAs", "AGREEMENT"),
                  ("MPSA", "AGREEMENT")], id="agreement-name-defined-by-its-acronym"),
    pytest.param("The countries concluded a Strategic Economic Complementation Agreement (SECA).",
                 [("Strategic Economic Complementation Agreement", "TRADE_AGREEMENT"),
                  ("SECA", "TRADE_AGREEMENT")], id="economic-agreement-with-acronym-is-trade"),
])
def test_instruments_in_context(extract_text, text: str, expected: list[tuple[str, str]]) -> None:
    assert of(extract_text(text, PUBLISHED), "AGREEMENT") == expected


@pytest.mark.parametrize("text", [
    pytest.param("There is no guarantee that a conditional review will succeed.", id="no-guarantee-that"),
    pytest.param("MIGA covers the risks of expropriation and breach of contract.", id="breach-of-contract"),
    pytest.param("The fund was set up with €1 billion to support projects.", id="support-the-verb"),
    pytest.param("The Public Investment Fund holds a majority stake in the miner.", id="stake-held"),
    pytest.param("The government agreed to transfer a stake in the deposit.", id="stake-transferred"),
    pytest.param("Private equity firms were not invited.", id="private-equity"),
    pytest.param("The facility will add a second metal-making line.", id="facility-is-a-plant"),
])
def test_context_words_that_are_not_instruments(extract_text, text: str) -> None:
    assert [t for t, _ in of(extract_text(text, PUBLISHED), "AGREEMENT")] in ([], ["guarantee"]) and \
        not any(t in ("guarantee",) for t, _ in of(extract_text(text, PUBLISHED), "AGREEMENT")
                if "no guarantee" in text)


# -- bodies of government: classes added for the g- and h- development batches ----------

def agencies(spans: list[tuple[str, str, Any]]) -> list[tuple[str, str | None, str | None]]:
    return [(t, n["name"], n["country"]) for lab, t, n in spans if lab == "AGENCY"]


@pytest.mark.parametrize("text, expected", [
    pytest.param("In Colombo, the Cabinet of Ministers approved the proposal. The Cabinet also noted "
                 "that Sri Lanka will build a plant.",
                 [("Cabinet of Ministers", "Cabinet of Ministers", "LK"),
                  ("Cabinet", "Cabinet of Ministers", "LK")], id="cabinet-of-ministers-and-its-short-form"),
    pytest.param("COMMUNIQUÉ OF THE COUNCIL OF MINISTERS\n\nThe Council of Ministers of Senegal met.",
                 [("COUNCIL OF MINISTERS", "Council of Ministers", "SN"),
                  ("Council of Ministers", "Council of Ministers", "SN")], id="council-of-ministers"),
    pytest.param("The Minister observed that the Union Cabinet of India had approved the mission.",
                 [("Union Cabinet", "Union Cabinet", "IN")], id="union-cabinet"),
    pytest.param("The eleventh meeting of the Türkiye–Qatar Supreme Strategic Committee was held in Doha. "
                 "The Committee was established in 2014.",
                 [("Türkiye–Qatar Supreme Strategic Committee", "Türkiye–Qatar Supreme Strategic Committee", None),
                  ("Committee", "Türkiye–Qatar Supreme Strategic Committee", None)],
                 id="bilateral-committee"),
    pytest.param("In parallel, the Directorate General of Armaments (DGA) has awarded a contract in France.",
                 [("Directorate General of Armaments", "Directorate General of Armaments", "FR"),
                  ("DGA", "Directorate General of Armaments", "FR")], id="defence-procurement-agency"),
    pytest.param("To: Superintendency of the Securities Market (SMV), Lima.",
                 [("Superintendency of the Securities Market", "Superintendency of the Securities Market", "PE"),
                  ("SMV", "Superintendency of the Securities Market", "PE")], id="securities-regulator"),
    pytest.param("One memorandum is between the Geological Survey of Pakistan (GSP) and the Petroleum "
                 "Division.",
                 [("Geological Survey of Pakistan", "Geological Survey of Pakistan", "PK"),
                  ("GSP", "Geological Survey of Pakistan", "PK"),
                  ("Petroleum Division", "Petroleum Division", "PK")], id="geological-survey-and-division"),
    pytest.param("Investment reached $412 million, according to the National Statistical Committee of "
                 "Kyrgyzstan. The bill goes to the Jogorku Kenesh.",
                 [("National Statistical Committee", "National Statistical Committee", "KG"),
                  ("Jogorku Kenesh", "Jogorku Kenesh", "KG")], id="statistics-office-and-legislature"),
    pytest.param("ARMY\n\nYukon Tungsten Corp. has been awarded a contract. Army Contracting Command is the "
                 "contracting activity.",
                 [("ARMY", "United States Army", "US"), ("Army Contracting Command", "Army Contracting Command", "US")],
                 id="us-military-services-and-commands"),
    pytest.param("The loan is from Bank Pembangunan Malaysia Berhad.",
                 [("Bank Pembangunan Malaysia Berhad", "Bank Pembangunan Malaysia Berhad", "MY")],
                 id="national-development-bank"),
    pytest.param("The state-run Korea Trade Insurance Corp. will offer discounted premiums.",
                 [("Korea Trade Insurance Corp.", "Korea Trade Insurance Corporation", "KR")],
                 id="abbreviated-corporation"),
])
def test_government_bodies(extract_text, text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert agencies(extract_text(text, PUBLISHED)) == expected


def test_a_bare_parliament_is_the_documents_own(extract_text) -> None:
    spans = extract_text("Ghana's Minister of Lands said the Minerals Commission of Ghana will put the bill "
                         "before Parliament in June.", PUBLISHED)
    assert ("Parliament", "Parliament of Ghana", "GH") in agencies(spans)


def test_a_body_named_with_its_country_first(extract_text) -> None:
    spans = extract_text("JBIC and NEXI met the Chilean Mining Authority in Tokyo.", PUBLISHED)
    assert ("Chilean Mining Authority", "Chilean Mining Authority", "CL") in agencies(spans)


@pytest.mark.parametrize("text", [
    pytest.param("The Cabinet Secretary for Mining visited the site.", id="cabinet-secretary-is-a-title"),
    pytest.param("The lab is at Wright-Patterson Air Force Base, Ohio.", id="air-force-base-is-a-place"),
    pytest.param("Notice of Award – Public Tender No. SGC-LP-007-2026", id="acronym-in-a-reference-code"),
    pytest.param("Sahel Gold Corp. (TSX-V: SGC) announced the deal.", id="stock-ticker"),
])
def test_not_government_bodies(extract_text, text: str) -> None:
    assert agencies(extract_text(text, PUBLISHED)) == []


@pytest.mark.parametrize("text", [
    pytest.param("after a Russian-language news site reported the talks", id="language-not-country"),
    pytest.param("VANCOUVER, British Columbia, January 27, 2026 — the company said.", id="british-columbia"),
    pytest.param("MEXICO CITY, February 26, 2026 — officials met.", id="capital-city-in-capitals"),
])
def test_not_countries(extract_text, text: str) -> None:
    assert of(extract_text(text, PUBLISHED), "COUNTRY") == []


# -- companies and programmes --------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("The loan is arranged by a consortium led by KfW IPEX-Bank GmbH.", "KfW IPEX-Bank GmbH"),
    ("It is managed by Euler Hermes Aktiengesellschaft on the Government's behalf.",
     "Euler Hermes Aktiengesellschaft"),
    ("The grant goes to Seorin Materials Polska sp. z o.o. for the plant.", "Seorin Materials Polska sp. z o.o."),
    ("Tri-Valley Gallium LLC, Sparks, Nevada, has been awarded a contract.", "Tri-Valley Gallium LLC"),
    ("Scotiabank Chile has signed a parallel commercial loan.", "Scotiabank Chile"),
    ("To: Lima Stock Exchange (BVL)", "Lima Stock Exchange"),
    ("cc: Electronic Stock Exchange of Chile; New York Stock Exchange", "Electronic Stock Exchange of Chile"),
])
def test_company_names(extract_text, text: str, name: str) -> None:
    spans = extract_text(text, PUBLISHED)
    assert name in [t for _, t in of(spans, "ORG")]
    assert of(spans, "AGENCY") == [] and of(spans, "PERSON") == []


def test_a_demonym_before_a_known_company_is_the_country(extract_text) -> None:
    spans = extract_text("The ministry signed an MoU with the Moroccan OCP Group on phosphate.", PUBLISHED)
    assert of(spans, "COUNTRY") == [("Moroccan", "MA")]
    assert [t for t, _ in of(spans, "ORG")] == ["OCP Group"]


@pytest.mark.parametrize("text, expected", [
    ("It is a great honour to open Ghana Mining Week 2026 today.", ["Ghana Mining Week 2026"]),
    ("ADDRESS AT THE OFFICIAL OPENING OF THE MINING EXPO AND CONFERENCE 2025",
     ["MINING EXPO AND CONFERENCE 2025"]),
    ("SACE signed a framework on the sidelines of the Italy–Côte d'Ivoire Business Forum in Abidjan.",
     ["Italy–Côte d'Ivoire Business Forum"]),
    ("The agreement was signed during the Team Canada Trade Mission to Chile.",
     ["Team Canada Trade Mission to Chile"]),
    ("The loan is provided under JBIC's Global Investment Enhancement Facility.",
     ["Global Investment Enhancement Facility"]),
    ("Demand aggregation runs through the EU Energy and Raw Materials Platform.",
     ["EU Energy and Raw Materials Platform"]),
])
def test_programme_names(extract_text, text: str, expected: list[str]) -> None:
    spans = extract_text(text, PUBLISHED)
    assert [t for t, _ in of(spans, "PROGRAM")] == expected
    assert of(spans, "COUNTRY") == []


@pytest.mark.parametrize("text", [
    "Sahel Gold Corp. Signs Mining Convention with the Republic of Chad",
    "ICO Loan Facility, Binding Offtake and Strategic Subscription",
    "The Board of Directors of the African Development Fund approved a grant.",
    "The Qatar Investment Authority and the OPEC Fund for International Development will co-finance it.",
])
def test_not_programme_names(extract_text, text: str) -> None:
    assert of(extract_text(text, PUBLISHED), "PROGRAM") == []


# -- persons, short names and programme heads ---------------------------------------------

@pytest.mark.parametrize("text", [
    pytest.param("Hon Mark Tiller, Minister for Regional Development, Minister for Resources", id="portfolio"),
    pytest.param("REPUBLIC OF SENEGAL\nOne People – One Goal – One Faith\n", id="motto"),
    pytest.param("Kuala Lumpur Convention Centre, 10 March 2026\n\nLadies and gentlemen", id="dateline-venue"),
    pytest.param("PORT MORESBY, 14 April 2026 (Pacific Newswire) — The government said.", id="dateline-city"),
    pytest.param("Claire Vautrin, Minister Delegate for Industry, announced the grant.", id="minister-delegate"),
])
def test_not_persons(extract_text, text: str) -> None:
    assert [t for t, _ in of(extract_text(text, PUBLISHED), "PERSON")] in ([], ["Claire Vautrin"])


def test_a_name_after_a_long_title_and_its_portfolio(extract_text) -> None:
    spans = extract_text("Assistant Secretary of State for Energy Resources Laura Whitfield signed.", PUBLISHED)
    assert of(spans, "PERSON") == [("Laura Whitfield", "Laura Whitfield")]


@pytest.mark.parametrize("text", [
    "Carolina Magnet Works Inc., Greenville, South Carolina, has been awarded a contract.",
    "Yukon Tungsten Corp., Whitehorse, Yukon, Canada, was awarded a contract.",
    "Mokoro Copper (Pty) Ltd signed the loan for the Mokoro copper-silver mine.",
    "Kedah Rare Earth Refining Sdn Bhd is building the first separation plant in Kedah.",
])
def test_a_companys_first_word_used_for_its_place(extract_text, text: str) -> None:
    orgs = [t for t, _ in of(extract_text(text, PUBLISHED), "ORG")]
    assert len(orgs) == 1, orgs  # the company, not the place named like it


def test_a_known_company_name_inside_a_portfolio(extract_text) -> None:
    spans = extract_text("They signed an MoU on Cooperation in the Field of Mining and Mineral Resources.",
                         PUBLISHED)
    assert of(spans, "ORG") == []


@pytest.mark.parametrize("text, expected", [
    ("MILAN, Jan 20 (Alpi Newswire) - Italian start-up Rigenera Magneti S.p.A. has lined up bank debt.",
     ["Alpi Newswire", "Rigenera Magneti S.p.A."]),
])
def test_newswires_are_companies(extract_text, text: str, expected: list[str]) -> None:
    assert [t for t, _ in of(extract_text(text, PUBLISHED), "ORG")] == expected


@pytest.mark.parametrize("text, expected", [
    ("Future Fund Oman, which is managed by the Oman Investment Authority, will invest.", ["Future Fund Oman"]),
    ("The summit was held at the Kuala Lumpur Convention Centre.", []),
])
def test_programme_head_at_the_end_of_the_name(extract_text, text: str, expected: list[str]) -> None:
    assert [t for t, _ in of(extract_text(text, PUBLISHED), "PROGRAM")] == expected


def test_two_ministries_each_with_its_country(extract_text) -> None:
    spans = extract_text("(i) Memorandum of Understanding between the Ministry of Energy and Natural Resources "
                         "of the Republic of Türkiye and the Ministry of Commerce and Industry of the State of "
                         "Qatar, covering boron.", PUBLISHED)
    assert agencies(spans) == [("Ministry of Energy and Natural Resources", "Ministry of Energy and Natural Resources",
                                "TR"),
                               ("Ministry of Commerce and Industry", "Ministry of Commerce and Industry", "QA")]
    assert of(spans, "COUNTRY") == [("Republic of Türkiye", "TR"), ("State of Qatar", "QA")]


def test_a_company_name_with_an_elided_article(extract_text) -> None:
    spans = extract_text("A senior loan of US$40 million to Sables Minéraux de l'Anosy SA (SMA) was approved.",
                         PUBLISHED)
    assert [t for t, _ in of(spans, "ORG")] == ["Sables Minéraux de l'Anosy SA", "SMA"]


def test_a_person_and_his_profession(extract_text) -> None:
    spans = extract_text("- Mr Mamadou Lamine Sarr, Mining Engineer, is appointed Director of Mines.", PUBLISHED)
    assert of(spans, "PERSON") == [("Mamadou Lamine Sarr", "Mamadou Lamine Sarr")]
    assert of(spans, "ORG") == []


def test_a_project_committee_is_no_project(extract_text) -> None:
    spans = extract_text("The firm was selected on the recommendation of the Project Committee.", PUBLISHED)
    assert of(spans, "PROGRAM") == []
