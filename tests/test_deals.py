"""Deal records from text: each party pattern, aggregates, two deals in a sentence, an
amount in the next sentence, and mentions that report no deal."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extractor.batch import extract_document
from extractor.records import Deal, Document, DocumentMeta


@pytest.fixture(scope="module")
def deals_of(nlp: Language):
    def run(text: str) -> list[Deal]:
        record = extract_document(Document(id="d", text=text, meta=DocumentMeta(published="2026-03-04")), nlp)
        return record.deals  # type: ignore[union-attr]

    return run


def parties(deal: Deal) -> set[tuple[str, str]]:
    return {(p.role, p.norm) for p in deal.parties}


def test_x_and_y_signed(deals_of) -> None:
    (deal,) = deals_of("Chile and Japan signed a memorandum of understanding on lithium on Tuesday.")
    assert deal.kind == "MOU" and deal.status == "signed" and deal.date == "2026-03-03"
    assert parties(deal) == {("party", "CL"), ("party", "JP")}
    assert deal.commodities == ["lithium"]


def test_x_signed_with_y(deals_of) -> None:
    (deal,) = deals_of("The Export-Import Bank of Korea signed a loan agreement with Korea Zinc Co. last week.")
    assert deal.kind == "LOAN" and deal.date == "2026-02"
    assert parties(deal) == {("lender", "Export-Import Bank of Korea"), ("borrower", "Korea Zinc Co.")}


def test_x_approved_a_loan_to_y(deals_of) -> None:
    (deal,) = deals_of("The European Investment Bank approved a loan of EUR 300 million to Lausitz Lithium GmbH.")
    assert deal.status == "approved"
    assert parties(deal) == {("lender", "European Investment Bank"), ("borrower", "Lausitz Lithium GmbH")}
    assert deal.amount is not None and deal.amount.amount == 300_000_000 and deal.amount.currency == "EUR"


def test_with_countries_including(deals_of) -> None:
    (deal,) = deals_of("The United States signed eleven new frameworks with countries including Peru, Chile and Ghana.")
    assert deal.kind == "FRAMEWORK" and deal.count == 11
    assert parties(deal) == {("party", "US"), ("party", "PE"), ("party", "CL"), ("party", "GH")}


def test_possessive_investment(deals_of) -> None:
    (deal,) = deals_of("JOGMEC's investment in Yilgarn Rare Earths Ltd was completed on Monday.")
    assert deal.kind == "INVESTMENT" and deal.status == "completed"
    assert parties(deal) == {("investor", "Japan Organization for Metals and Energy Security"),
                             ("recipient", "Yilgarn Rare Earths Ltd")}


def test_aggregate_with_count(deals_of) -> None:
    (deal,) = deals_of("The Department of Energy has signed twelve new grants with universities.")
    assert deal.kind == "GRANT" and deal.count == 12 and deal.status == "signed"


def test_several_financing_instruments_are_one_financing_deal(deals_of) -> None:
    (deal,) = deals_of("The US government said it has mobilised more than $30 billion in letters of "
                       "interest, investments, loans and other support for critical minerals projects.")
    assert deal.kind == "FINANCING" and deal.status == "completed"
    assert deal.amount is not None and deal.amount.qualifier == "more_than"
    assert parties(deal) == {("investor", "US")}


def test_two_deals_in_one_sentence(deals_of) -> None:
    first, second = deals_of("EXIM approved a direct loan to Vulcan Elements Inc. and DFC signed an "
                             "offtake agreement with Glencore.")
    assert (first.kind, first.status) == ("LOAN", "approved")
    assert parties(first) == {("lender", "Export-Import Bank of the United States"),
                              ("borrower", "Vulcan Elements Inc.")}
    assert (second.kind, second.status) == ("OFFTAKE", "signed")
    assert parties(second) == {("party", "U.S. International Development Finance Corporation"),
                               ("party", "Glencore")}


def test_amount_in_the_next_sentence(deals_of) -> None:
    text = ("The Development Bank of Namibia signed a loan with Kunene Rare Earths Ltd. "
            "The loan is worth up to $50 million.")
    (deal,) = deals_of(text)
    assert deal.amount is not None and deal.amount.amount == 50_000_000 and deal.amount.qualifier == "up_to"
    assert text[deal.evidence[0] : deal.evidence[1]].endswith("$50 million.")


def test_passive_between(deals_of) -> None:
    (deal,) = deals_of("An MoU was signed between Glencore and the US-backed Orion Critical Mineral Consortium.")
    assert parties(deal) == {("party", "Glencore"), ("party", "Orion Critical Mineral Consortium")}


def test_guaranteed_loan_is_a_loan_guarantee(deals_of) -> None:
    (deal,) = deals_of("UK Export Finance has guaranteed an £85m loan from HSBC UK to Kernow Lithium Ltd on Tuesday.")
    assert deal.kind == "LOAN_GUARANTEE"
    assert ("guarantor", "UK Export Finance") in parties(deal)
    assert ("lender", "HSBC UK") in parties(deal)  # the subsidiary, named with its country
    assert ("borrower", "Kernow Lithium Ltd") in parties(deal)


def test_letter_of_interest_is_offered(deals_of) -> None:
    (deal,) = deals_of("DFC issued a letter of interest for up to $100 million to Khan Altai Fluorspar LLC.")
    assert deal.kind == "LETTER_OF_INTEREST" and deal.status == "offered"


@pytest.mark.parametrize(
    "text",
    [
        "The ministry seeks to sign a memorandum of understanding with Peru next year.",
        "The report offers a framework for thinking about supply risks.",
        "Chile could approve a loan to the project if prices recover.",
        "The company is eligible for a loan guarantee under the programme.",
        "The two countries hope to conclude a free trade agreement.",
        "Under the 2019 agreement, Japan supplies rare earths to the United States.",
        "The Lobito Corridor has drawn support from the United States, which signed a memorandum "
        "of understanding with Angola in 2019.",
        "There is no guarantee that a conditional commitment will result in a closed loan.",
        "The government wants to encourage investment in critical minerals.",
    ],
)
def test_mentions_that_report_no_deal(deals_of, text: str) -> None:
    assert deals_of(text) == []


def test_headline_and_body_are_one_deal(deals_of) -> None:
    text = ("EXIM approves $412 million loan for graphite plant\n\n"
            "WASHINGTON, March 3, 2026 — The Export-Import Bank of the United States (EXIM) approved a "
            "$412 million direct loan to Oconee Anode Materials Inc. for a graphite anode plant.")
    (deal,) = deals_of(text)
    assert deal.kind == "LOAN" and deal.amount is not None and deal.amount.amount == 412_000_000


def test_package_split_into_its_instruments(deals_of) -> None:
    loan, grant = deals_of(
        "The Board of the African Development Bank approved on Tuesday a financing package for "
        "Zambia. The package comprises a loan of US$300 million from the African Development "
        "Bank and a grant of US$45 million from the African Development Fund.")
    assert (loan.kind, grant.kind) == ("LOAN", "GRANT")
    assert loan.amount is not None and loan.amount.amount == 300_000_000
    assert grant.amount is not None and grant.amount.amount == 45_000_000
    assert ("borrower", "ZM") in parties(loan) and ("recipient", "ZM") in parties(grant)
    assert ("investor", "African Development Fund") in parties(grant)
    assert loan.date == grant.date == "2026-03-03" and loan.status == "approved"


def test_package_with_a_total_stays_one_deal(deals_of) -> None:
    (deal,) = deals_of(
        "The Bank approved a financing package of $345 million for Zambia. The package comprises "
        "a loan of US$300 million and a grant of US$45 million.")
    assert deal.kind == "FINANCING" and deal.amount is not None and deal.amount.amount == 345_000_000


def test_officials_sign_for_their_countries(deals_of) -> None:
    (deal,) = deals_of(
        "Today in Tokyo, United States Trade Representative Jamieson Greer and Japan’s Minister of "
        "Economy, Trade and Industry Ryosei Akazawa signed the U.S.–Japan Critical Minerals Action Plan.")
    assert deal.kind == "ACTION_PLAN" and deal.date == "2026-03-04"
    assert {("party", "US"), ("party", "JP")} <= parties(deal)


def test_one_act_two_objects_each_with_its_own_party(deals_of) -> None:
    offtake, contract = deals_of(
        "Oconee Anode Materials, Inc. builds a plant. The company has also signed an offtake "
        "agreement with a Korean battery cell maker that operates plants in Georgia, and a 20-year "
        "electricity supply contract with Georgia Power for the site.")
    assert offtake.kind == "OFFTAKE" and parties(offtake) == {("party", "Oconee Anode Materials, Inc.")}
    assert contract.kind == "CONTRACT"
    assert parties(contract) == {("party", "Oconee Anode Materials, Inc."), ("party", "Georgia Power")}


def test_the_two_governments_after_an_opening_phrase(deals_of) -> None:
    deals = deals_of(
        "The United Arab Emirates and the Republic of Guinea today signed a trade agreement. "
        "At the same ceremony, the two governments signed a bilateral investment treaty.")
    assert [d.kind for d in deals] == ["TRADE_AGREEMENT", "TREATY"]
    assert parties(deals[0]) == parties(deals[1]) == {("party", "AE"), ("party", "GN")}


@pytest.mark.parametrize("text", [
    "Once signed, the trade agreement will give investors stronger protections.",
    "In Tokyo the ministers recalled that they signed the 2023 U.S.–Japan Critical Minerals Agreement.",
])
def test_hypothetical_or_dated_background_gives_no_deal(deals_of, text: str) -> None:
    assert deals_of(text) == []


def test_board_of_a_company_with_an_apposition(deals_of) -> None:
    (deal,) = deals_of(
        "On Friday, the board of NovaAndino Litio SpA, the joint venture between SQM and Codelco "
        "that holds the rights to the salar, approved an investment plan of US$2.1 billion.")
    assert deal.kind == "INVESTMENT" and deal.status == "approved"
    assert parties(deal) == {("investor", "NovaAndino Litio SpA")}


def test_reported_with_that_names_the_signatories(deals_of) -> None:
    (deal,) = deals_of(
        "The Ministry of Mines wishes to inform the public that Glencore plc and Vale SA signed a "
        "memorandum of understanding on copper.")
    assert parties(deal) == {("party", "Glencore plc"), ("party", "Vale SA")}


def test_witnesses_of_a_signing_are_not_parties(deals_of) -> None:
    (deal,) = deals_of(
        "The two sides welcomed the signing of a technical cooperation agreement between the U.S. "
        "Geological Survey (USGS) and the Mineral Resources and Petroleum Authority of Mongolia (MRPAM).")
    assert {p.norm for p in deal.parties} == {"U.S. Geological Survey",
                                             "Mineral Resources and Petroleum Authority of Mongolia"}


def test_passive_participle_with_by_is_no_act_for_what_follows(deals_of) -> None:
    assert deals_of("The award, made by DLA Strategic Materials, is an indefinite-quantity contract.") == []


def test_date_in_the_clause_beats_the_dateline(deals_of) -> None:
    (deal,) = deals_of("SEOUL, March 4 (Reuters) - The Export-Import Bank of Korea approved a loan of "
                       "1.2 trillion won on Tuesday for Korea Zinc Co.")
    assert deal.date == "2026-03-03"


def test_date_from_the_sentence_that_refers_back(deals_of) -> None:
    (deal,) = deals_of("The mine has signed a ten-year offtake agreement with Aurubis AG for copper "
                       "concentrate. The agreement was signed in Santiago last month.")
    assert deal.kind == "OFFTAKE" and deal.date == "2026-02"


def test_in_parallel_takes_the_date_of_the_opening_occasion(deals_of) -> None:
    deals = deals_of("The European Commission today recognised 14 projects as Strategic Projects. "
                     "In parallel, the EIB signed a EUR 120 million loan with Vesterålen Graphite AS.")
    assert [(d.kind, d.date) for d in deals] == [("LOAN", "2026-03-04")]


def test_amount_from_the_next_paragraph_that_refers_back(deals_of) -> None:
    (deal,) = deals_of("Gécamines has signed a three-year offtake agreement with Glencore International AG.\n\n"
                       "Under the deal, Glencore will advance a prepayment of up to $250 million.")
    assert deal.amount is not None and deal.amount.amount == 250_000_000


def test_a_named_subject_in_the_next_sentence_does_not_refer_back(deals_of) -> None:
    (deal,) = deals_of("Guinea-Bissau signed a joint venture with Gulf Minerals Holding. The African "
                       "Development Bank estimated that the continent needs $5-10 billion a year.")
    assert deal.kind == "JOINT_VENTURE" and deal.amount is None


def test_a_unit_price_is_not_the_amount(deals_of) -> None:
    (deal,) = deals_of("The Company also announces a private placement of up to 15,000,000 units at "
                       "C$0.50 per unit for gross proceeds of up to C$7.5 million.")
    assert deal.amount is not None and deal.amount.amount == 7_500_000


def test_next_sentence_reporting_its_own_instruments_keeps_its_amount(deals_of) -> None:
    deals = deals_of("An MoU was signed between Glencore and the Orion Critical Mineral Consortium.\n"
                     "The US government said it has mobilised more than $30 billion in letters of "
                     "interest, investments and loans.")
    mou = next(d for d in deals if d.kind == "MOU")
    assert mou.amount is None


def test_package_with_a_total_takes_its_lenders_from_the_composition(deals_of) -> None:
    (deal,) = deals_of(
        "Anglo American announces that Anglo American Quellaveco S.A. (“Quellaveco”), the company "
        "that owns the Quellaveco copper mine, signed on 15 April 2026 a ¥50 billion financing "
        "package. The package comprises a loan of ¥30 billion from the Japan Bank for International "
        "Cooperation (JBIC) and a commercial tranche of ¥20 billion from MUFG Bank, Ltd., insured by "
        "Nippon Export and Investment Insurance (NEXI).")
    assert deal.kind == "FINANCING" and deal.amount is not None and deal.amount.amount == 50_000_000_000
    assert parties(deal) == {("borrower", "Anglo American Quellaveco S.A."),
                             ("lender", "Japan Bank for International Cooperation"),
                             ("lender", "MUFG Bank, Ltd."),
                             ("guarantor", "Nippon Export and Investment Insurance")}


def test_markdown_bullet_label_is_the_issuer(deals_of) -> None:
    (deal,) = deals_of(
        "Key commitments:\n\n- **Export-Import Bank of the United States:** a letter of interest for "
        "up to US$180 million issued to Kunene Rare Earths Ltd to support a plant.\n")
    assert deal.kind == "LETTER_OF_INTEREST" and deal.status == "offered"
    assert {p.norm for p in deal.parties} == {"Export-Import Bank of the United States",
                                             "Kunene Rare Earths Ltd"}


def test_a_leaders_government_is_the_documents_country(deals_of) -> None:
    (deal,) = deals_of("CANBERRA, 29 January 2026 — The Albanese Government has signed nine offtake "
                       "agreements with Australian producers, the first purchases under the $1.2 "
                       "billion Critical Minerals Strategic Reserve.")
    assert deal.kind == "OFFTAKE" and deal.count == 9 and parties(deal) == {("party", "AU")}
    assert deal.amount is None  # the programme's size is not the deal's amount


def test_will_invest_without_a_kind_word(deals_of) -> None:
    (deal,) = deals_of("Emirates Global Aluminium (EGA) announced that it will invest more than US$1.2 "
                       "billion in an alumina refinery.")
    assert deal.kind == "INVESTMENT" and deal.status == "announced"
    assert parties(deal) == {("investor", "Emirates Global Aluminium")}


def test_partners_investing_again_is_the_same_deal(deals_of) -> None:
    (deal,) = deals_of("Eti Maden signed a joint venture agreement with Toyota Tsusho Corporation. "
                       "The partners will invest about €180 million in a plant.")
    assert deal.kind == "JOINT_VENTURE" and deal.amount is not None and deal.amount.amount == 180_000_000


def test_an_act_after_an_instrument_outside_a_bullet_does_not_govern_it(deals_of) -> None:
    deals = deals_of("ADB is providing a loan of $320 million and will administer a grant of $5 "
                     "million from the Japan Fund for Prosperous and Resilient Asia and the Pacific.")
    assert [d.kind for d in deals] == ["GRANT"]


def test_two_clauses_each_with_its_parties_and_date(deals_of) -> None:
    first, second = deals_of("Peru and Japan signed an agreement on Tuesday, and Chile and Korea signed a "
                             "memorandum of understanding on Wednesday.")
    assert parties(first) == {("party", "PE"), ("party", "JP")} and first.date == "2026-03-03"
    assert parties(second) == {("party", "CL"), ("party", "KR")} and second.date == "2026-03-04"


def test_bank_and_company_signing_a_loan(deals_of) -> None:
    (deal,) = deals_of("The European Investment Bank (EIB) and Keliber Oy signed a EUR 150 million loan "
                       "agreement to build a lithium refinery in Finland.")
    assert parties(deal) == {("lender", "European Investment Bank"), ("borrower", "Keliber Oy")}


def test_possessive_countries_before_two_agencies(deals_of) -> None:
    (deal,) = deals_of("Germany's KfW and Chile's CORFO signed a cooperation agreement on green hydrogen.")
    assert {p.norm for p in deal.parties} == {"KfW", "Chilean Economic Development Agency"}


def test_a_counterparts_country_is_a_party(deals_of) -> None:
    (deal,) = deals_of("Zambia's Minister of Mines Paul Kabuswe and his Saudi counterpart Bandar "
                       "Alkhorayef signed a memorandum of understanding on Monday.")
    assert parties(deal) == {("party", "ZM"), ("party", "SA")}


def test_a_noun_before_the_act_keeps_it_a_verb(deals_of) -> None:
    (deal,) = deals_of("The government awarded contracts worth a combined $2 billion to three consortiums.")
    assert deal.kind == "CONTRACT" and deal.status == "signed"


def test_stake_bought_is_an_investment(deals_of) -> None:
    (deal,) = deals_of("Manara Minerals has agreed to buy a 15% stake in the Kasempa copper project "
                       "from London-listed Kafue Resources Plc for $200 million.")
    assert deal.kind == "INVESTMENT" and deal.status == "signed"
    assert parties(deal) == {("investor", "Manara Minerals"), ("recipient", "Kafue Resources Plc")}
    assert deal.amount is not None and deal.amount.amount == 200_000_000


def test_stake_sold_is_not_bought(deals_of) -> None:
    assert deals_of("Glencore has agreed to sell its 20% stake in the Kasempa project.") == []


def test_exchange_of_memoranda_between_two_countries(deals_of) -> None:
    (deal,) = deals_of("President Ruto and Prime Minister Modi witnessed the exchange of five memoranda "
                       "of understanding between Kenya and India.")
    assert deal.kind == "MOU" and deal.count == 5 and parties(deal) == {("party", "KE"), ("party", "IN")}


def test_signed_on_behalf_of_a_country(deals_of) -> None:
    (deal,) = deals_of("The ceremony was attended by Energy Secretary Chris Wright, who signed a "
                       "memorandum of understanding on behalf of the United States.")
    assert parties(deal) == {("party", "US")}


def test_boilerplate_about_what_a_lender_does_is_no_deal(deals_of) -> None:
    assert deals_of("When private lenders cannot or will not take on the risk, EXIM steps in with "
                    "loans, guarantees and export credit insurance.") == []


@pytest.mark.parametrize("text", [
    "The financing will take the form of a loan from the bank.",
    "The minister made clear that the agreement would be reviewed next year.",
    "The first signed contract under the programme dates from 2019.",
    "Negotiations on the trade agreement began in March.",
    "If approved, the guarantee would cover up to 80% of the loan.",
    "The agreement is expected to be signed at the summit in June.",
])
def test_more_mentions_that_report_no_deal(deals_of, text: str) -> None:
    assert deals_of(text) == []


def test_future_stake_purchase_is_announced(deals_of) -> None:
    (deal,) = deals_of("Under the agreement signed today, JOGMEC will take a 49% stake in the project "
                       "for A$200 million.")
    assert deal.kind == "INVESTMENT" and deal.status == "announced"


def test_object_between_the_act_and_the_instrument(deals_of) -> None:
    (deal,) = deals_of("The Ministry of Mines signed with Ivanhoe Mines a memorandum of understanding "
                       "on copper smelting.")
    assert {p.norm for p in deal.parties} == {"Ministry of Mines", "Ivanhoe Mines"}


def test_a_list_introduced_by_a_colon(deals_of) -> None:
    mou, loan = deals_of("The following agreements were signed: a memorandum of understanding on "
                         "critical minerals between Japan and Kazakhstan; a loan agreement between "
                         "JBIC and Kazatomprom.")
    assert mou.kind == "MOU" and parties(mou) == {("party", "JP"), ("party", "KZ")}
    assert loan.kind == "LOAN" and parties(loan) == {("lender", "Japan Bank for International Cooperation"),
                                                     ("borrower", "Kazatomprom")}


def test_a_borrower_that_secured_a_loan(deals_of) -> None:
    (deal,) = deals_of("Ghana has secured a $250 million loan from the African Export-Import Bank.")
    assert parties(deal) == {("borrower", "GH"), ("lender", "African Export-Import Bank")}


def test_government_of_a_country_in_a_party_list(deals_of) -> None:
    (deal,) = deals_of("Barrick and the Government of Mali signed a settlement agreement on Friday.")
    assert parties(deal) == {("party", "Barrick"), ("party", "ML")}


def test_the_ministers_are_the_documents_two_countries(deals_of) -> None:
    (deal,) = deals_of("Australia and India are close partners. India and Australia agree on much.\n"
                       "The Ministers signed a Memorandum of Understanding on Critical Minerals Cooperation.")
    assert parties(deal) == {("party", "AU"), ("party", "IN")}


def test_a_board_meeting_dates_the_approval(deals_of) -> None:
    (deal,) = deals_of("The Board of the World Bank approved a $300 million loan to Zambia at its "
                       "meeting of 26 February 2026.")
    assert deal.date == "2026-02-26"


def test_debt_package_with_banks(deals_of) -> None:
    (deal,) = deals_of("Vulcan Energy has signed a EUR 500 million debt package with a group of seven "
                       "banks including BNP Paribas and ING.")
    assert deal.kind == "FINANCING"
    assert parties(deal) == {("borrower", "Vulcan Energy"), ("lender", "BNP Paribas"), ("lender", "ING")}


def test_numbered_list_of_memoranda(deals_of) -> None:
    deals = deals_of(
        "In the presence of the Minister, the following Memoranda of Understanding were exchanged:\n\n"
        "1. Between Khanij Bidesh India Ltd. (KABIL) and Erdenes Mongol LLC of Mongolia, for joint "
        "exploration of copper.\n"
        "2. Between Hindustan Copper Limited and Chile’s Empresa Nacional de Minería (ENAMI), for "
        "cooperation in copper smelting.\n\n"
        "The Conclave was attended by over 600 delegates.")
    assert [d.kind for d in deals] == ["MOU", "MOU"]
    assert {p.norm for p in deals[0].parties} == {"Khanij Bidesh India Ltd.", "Erdenes Mongol LLC"}
    assert {p.norm for p in deals[1].parties} == {"Hindustan Copper Limited", "Empresa Nacional de Minería"}
    assert all(d.date is None and d.status == "signed" for d in deals)


def test_each_approved_a_loan(deals_of) -> None:
    deals = deals_of("The European Investment Bank and the Nordic Investment Bank have each approved "
                     "a loan of EUR 150 million to Nordic Nickel Refining Oy.")
    assert sorted(tuple(sorted(parties(d))) for d in deals) == [
        (("borrower", "Nordic Nickel Refining Oy"), ("lender", "European Investment Bank")),
        (("borrower", "Nordic Nickel Refining Oy"), ("lender", "Nordic Investment Bank")),
    ]


def test_agreement_to_establish_a_joint_venture(deals_of) -> None:
    (deal,) = deals_of("Kainuu Battery Metals Oyj and Bergslagen Nickel AB have today signed a binding "
                       "agreement to establish a 50/50 joint venture.")
    assert deal.kind == "JOINT_VENTURE"
    assert parties(deal) == {("party", "Kainuu Battery Metals Oyj"), ("party", "Bergslagen Nickel AB")}


def test_money_into_a_venture_is_an_investment_not_a_venture(deals_of) -> None:
    (deal,) = deals_of("Glencore plc has agreed to invest EUR 40 million in the joint venture company.")
    assert deal.kind == "INVESTMENT"


def test_each_clause_keeps_its_own_amount(deals_of) -> None:
    jv, loan = deals_of("On 14 January, Ma’aden and the Qatar Investment Authority signed a joint venture "
                        "agreement, while the Saudi Industrial Development Fund (SIDF) approved a loan of "
                        "SAR 1.5 billion to Jubail Advanced Metals Company.")
    assert jv.kind == "JOINT_VENTURE" and jv.amount is None
    assert loan.kind == "LOAN" and loan.amount is not None and loan.amount.amount == 1_500_000_000


def test_counted_list_of_kinds_is_one_aggregate(deals_of) -> None:
    (deal,) = deals_of("The Ministry of Industry and Mineral Resources and its partners signed 23 "
                       "agreements and memoranda of understanding worth more than SAR 40 billion.")
    assert deal.kind == "AGREEMENT" and deal.count == 23


def test_members_listed_after_an_aggregate(deals_of) -> None:
    deals = deals_of("The two prime ministers witnessed the exchange of nine agreements on Tuesday. "
                     "Among them was a memorandum of understanding between the Ministry of Agriculture "
                     "and Environment and the Ministry of Economy, Trade and Industry.")
    assert [d.kind for d in deals] == ["AGREEMENT", "MOU"]
    assert deals[1].status == "signed"


def test_a_guarantee_issued_by(deals_of) -> None:
    (deal,) = deals_of("Eighty per cent of the loan is covered by an export credit guarantee issued by "
                       "Bpifrance Assurance Export on behalf of the French State.")
    assert deal.kind == "LOAN_GUARANTEE"
    assert [p.role for p in deal.parties if p.norm.startswith("Bpifrance")] == ["guarantor"]
    assert all(p.norm != "FR" for p in deal.parties)


def test_the_company_defined_in_brackets(deals_of) -> None:
    (deal,) = deals_of("Atlas Cobalt Minerals S.A. (“Atlas Cobalt” or “the Group”), listed on the "
                       "Casablanca Stock Exchange, reports results. On Friday, the Group signed a "
                       "five-year offtake agreement with Nordkem Battery Chemicals Oy.")
    assert {p.norm for p in deal.parties} == {"Atlas Cobalt Minerals S.A.", "Nordkem Battery Chemicals Oy"}


def test_under_an_instrument_whose_signing_the_clause_reports(deals_of) -> None:
    (deal,) = deals_of("Output will be sold under an offtake agreement that Sibuyan Bay Nickel Processing "
                       "Corporation signed in January with Korean cathode maker Hanul Materials Co.")
    assert deal.kind == "OFFTAKE" and deal.date == "2026-01"
    assert {p.norm for p in deal.parties} == {"Sibuyan Bay Nickel Processing Corporation", "Hanul Materials Co."}


def test_co_financiers_arranged_together_with(deals_of) -> None:
    (deal,) = deals_of(
        "The International Finance Corporation (IFC) today announced a financing package of up to $650 "
        "million for Sibuyan Bay Nickel Processing Corporation, arranged together with the Asian "
        "Infrastructure Investment Bank (AIIB) and two commercial banks, BDO Unibank, Inc. and Mizuho "
        "Bank, Ltd.")
    assert {p.norm for p in deal.parties if p.role == "investor"} == {
        "International Finance Corporation", "Asian Infrastructure Investment Bank", "BDO Unibank, Inc.",
        "Mizuho Bank, Ltd."}
    assert ("recipient", "Sibuyan Bay Nickel Processing Corporation") in parties(deal)


def test_working_capital_facility_is_a_loan(deals_of) -> None:
    (deal,) = deals_of("The Development Bank of the Philippines (DBP) will extend a ₱3 billion "
                       "working-capital facility to Sibuyan Bay Nickel Processing Corporation.")
    assert deal.kind == "LOAN"


def test_agreement_to_acquire_a_stake_is_an_investment(deals_of) -> None:
    (deal,) = deals_of("The Japan Organization for Metals and Energy Security (JOGMEC) signed an agreement "
                       "to acquire a 25 percent stake in Lai Chau Rare Earths JSC for US$60 million.")
    assert deal.kind == "INVESTMENT" and deal.count is None
    assert ("recipient", "Lai Chau Rare Earths JSC") in parties(deal)


def test_a_study_on_an_agreement_is_no_deal(deals_of) -> None:
    assert deals_of("The two sides also agreed to launch a joint feasibility study on an economic "
                    "partnership agreement.") == []


def test_passive_with_its_parties_before_the_act(deals_of) -> None:
    (deal,) = deals_of("- **Geoscience:** A technical cooperation agreement between the Mexican Geological "
                       "Survey (SGM) and the Korea Institute of Geoscience and Mineral Resources (KIGAM) was "
                       "signed for joint surveys of lithium-bearing clays.")
    assert deal.status == "signed" and len(deal.parties) == 2


def test_an_instrument_then_which_its_board_approved(deals_of) -> None:
    (deal,) = deals_of("The Africa Finance Corporation is providing a US$60 million loan, which its board "
                       "approved in February.")
    assert deal.kind == "LOAN" and deal.status == "approved" and deal.date == "2026-02"


def test_aggregate_exchanged_in_the_passive_between_two_countries(deals_of) -> None:
    deals = deals_of("Hanoi, October 28, 2025 (VNA) – Nine cooperation agreements between Vietnamese and "
                     "Japanese ministries, banks and enterprises were exchanged in Hanoi on October 28.\n\n"
                     "Among them was a memorandum of understanding on critical minerals between Glencore "
                     "plc and Vale SA.")
    aggregate, member = deals
    assert aggregate.count == 9 and parties(aggregate) == {("party", "VN"), ("party", "JP")}
    assert member.kind == "MOU" and member.date == "2025-10-28"


def test_speaking_on_the_occasion_takes_its_date(deals_of) -> None:
    deals = deals_of("The Minister signed a memorandum of understanding with Glencore plc on 16 January.\n\n"
                     "Speaking on the occasion, the Minister announced grants totalling Rs 300 crore to "
                     "seven research centres.")
    assert [d.date for d in deals] == ["2026-01-16", "2026-01-16"]


@pytest.mark.parametrize("heading", ["About Finnvera", "Finnvera in brief", "Notes to editors", "About Finnvera:"])
def test_the_issuers_profile_reports_no_deal(deals_of, heading: str) -> None:
    deals = deals_of("Finnvera has granted an export credit guarantee of EUR 120 million to Nordea Bank Abp "
                     "for a loan to Montepuez Anode Materials, Lda.\n\n"
                     f"{heading}\nIn 2025, Finnvera granted financing worth about EUR 13 billion.\n")
    assert [d.amount.amount for d in deals if d.amount] == [120_000_000]


def test_relative_clause_after_the_amount_names_the_lender(deals_of) -> None:
    (deal,) = deals_of("It sits alongside a conditional commitment of US$150 million that the Export-Import "
                       "Bank of Korea issued to Coolabah Lithium Refining.")
    assert deal.kind == "CONDITIONAL_COMMITMENT" and deal.status == "offered"
    assert parties(deal) == {("lender", "Export-Import Bank of Korea"), ("borrower", "Coolabah Lithium Refining")}


def test_witnessed_signing_of_a_loan_a_bank_approved(deals_of) -> None:
    (deal,) = deals_of("The two ministers also witnessed the signing of a US$120 million loan that the "
                       "European Bank for Reconstruction and Development (EBRD) approved last month.")
    assert ("lender", "European Bank for Reconstruction and Development") in parties(deal)


def test_a_guarantee_covering_loans_is_two_deals(deals_of) -> None:
    guarantee, loan = deals_of(
        "The Multilateral Investment Guarantee Agency (MIGA) has issued a guarantee of up to US$340 million "
        "to Standard Bank Group and Nedbank Group covering their loans to Copperbelt Smelting Company.")
    assert guarantee.kind == "LOAN_GUARANTEE" and loan.kind == "LOAN"
    assert ("guarantor", "Multilateral Investment Guarantee Agency") in parties(guarantee)
    assert {("lender", "Standard Bank Group"), ("borrower", "Copperbelt Smelting Company")} <= parties(guarantee)
    assert {("lender", "Standard Bank Group"), ("borrower", "Copperbelt Smelting Company")} <= parties(loan)
    assert guarantee.amount is not None and guarantee.amount.amount == 340_000_000


def test_which_after_the_object_still_governs_the_instrument(deals_of) -> None:
    deals = deals_of("Copperbelt Smelting Company plans a smelter. The International Finance Corporation (IFC) "
                     "is providing a senior loan of $60 million to the same company, which IFC’s board "
                     "approved on March 2.")
    (deal,) = [d for d in deals if d.kind == "LOAN"]
    assert deal.status == "approved" and deal.date == "2026-03-02"
    assert parties(deal) == {("lender", "International Finance Corporation"), ("borrower", "Copperbelt Smelting Company")}


@pytest.mark.parametrize("text", [
    "The ministry denied reports that La Paz had agreed a lithium framework with the United States.",
    "Government has noted reports alleging that it has signed an agreement ceding lithium claims.",
    "The Government of Greenland said it had not signed any agreement with the United States.",
    "Its loans are authorized by the National Defense Authorization Act.",
    "Theresa Villaroman, who signed on behalf of the government, said the agreements were approved in May.",
])
def test_denials_and_references_are_no_deals(deals_of, text: str) -> None:
    assert deals_of(text) == []


def test_a_past_years_total_is_a_statistic(deals_of) -> None:
    assert deals_of("In 2025 the European Investment Bank signed nearly €89 billion in new financing.") == []


def test_told_a_news_agency_that_the_bank_agreed(deals_of) -> None:
    (deal,) = deals_of("The China Development Bank (CDB) is backing the project. A CDB representative told "
                       "Xinhua that the bank has agreed to provide a loan of 300 million U.S. dollars to "
                       "Xinghe-EGC Cobalt Refining SAS.")
    assert ("lender", "China Development Bank") in parties(deal)
    assert all(p.norm != "Xinhua" for p in deal.parties)


def test_a_named_loan_agreement_is_one_loan(deals_of) -> None:
    (deal,) = deals_of("The Abu Dhabi Fund for Development (ADFD) signed a US$120 million concessional loan "
                       "agreement with Peru's Ministry of Economy and Finance.")
    assert deal.kind == "LOAN"


def test_signing_on_behalf_of_the_two_governments(deals_of) -> None:
    deals = deals_of("The UK and Zambia deepen ties. The United Kingdom and Zambia agree. On Wednesday she "
                     "and Zambia's Minister of Mines signed a memorandum of understanding on behalf of the "
                     "two governments.")
    mou = [d for d in deals if d.kind == "MOU"][-1]
    assert parties(mou) == {("party", "GB"), ("party", "ZM")}


def test_listed_documents_take_the_introductions_act(deals_of) -> None:
    deals = deals_of("In the presence of the two ministers, the following documents were also signed:\n"
                     "- A joint study agreement between the Japan Organization for Metals and Energy Security "
                     "(JOGMEC) and Empresa Nacional de Minería (ENAMI) on lithium extraction.\n")
    (deal,) = deals
    assert deal.kind == "AGREEMENT" and deal.status == "signed" and len(deal.parties) == 2


def test_a_guarantee_covering_loans_banks_extend(deals_of) -> None:
    guarantee, loan = deals_of(
        "The Korea Trade Insurance Corporation (K-SURE) has issued a guarantee of USD 120 million covering "
        "loans that Shinhan Bank and Woori Bank are extending to the same project.")
    assert guarantee.status == "signed"
    assert {p.norm for p in loan.parties} == {"Shinhan Bank", "Woori Bank"} and loan.amount is None


def test_reported_clause_opening_on_a_government(deals_of) -> None:
    (deal,) = deals_of("Today, the Minister announced that the Government of Canada is providing over $38 "
                       "million in funding for four projects.")
    assert ("investor", "CA") in parties(deal)


def test_announced_on_one_day_that_it_signed_on_another(deals_of) -> None:
    (deal,) = deals_of("The Export-Import Bank of Korea announced on the 4th that it had signed a loan "
                       "agreement worth USD 350 million on the 3rd with PT Weda Hijau Smelter.")
    assert deal.date == "2026-03-03"


def test_passive_agents_after_a_time_phrase(deals_of) -> None:
    (deal,) = deals_of("A €45 million loan to restart the smelter was signed last week by the EBRD.")
    assert deal.kind == "LOAN" and deal.status == "signed" and deal.date == "2026-02"
    assert parties(deal) == {("lender", "European Bank for Reconstruction and Development")}


def test_a_guarantee_on_a_loan_banks_granted(deals_of) -> None:
    guarantee, loan = deals_of("SACE has issued an 80% guarantee on a €180 million loan granted by Intesa "
                               "Sanpaolo and UniCredit to Anglo American Platinum.")
    assert guarantee.kind == "LOAN_GUARANTEE" and loan.kind == "LOAN"
    assert ("guarantor", "SACE") in parties(guarantee)
    assert parties(loan) == {("lender", "Intesa Sanpaolo"), ("lender", "UniCredit"),
                             ("borrower", "Anglo American Platinum")}
    assert loan.amount is not None and loan.amount.amount == 180_000_000


def test_the_month_may_is_no_modal(deals_of) -> None:
    (deal,) = deals_of("On 13 May 2025, Glencore entered into a senior secured credit agreement for up to "
                       "US$320 million with the European Investment Bank.")
    # "credit agreement" is a loan; "secured" after "senior" is an adjective, not the act
    assert deal.kind == "LOAN" and deal.status == "signed" and deal.date == "2025-05-13"
    assert parties(deal) == {("borrower", "Glencore"), ("lender", "European Investment Bank")}


@pytest.mark.parametrize("text", [
    "These discussions continue, and I hope that we can agree on a framework before the end of the year.",
    "I expect that we will be in a position to sign a joint venture agreement with Rio Tinto by June.",
    "Approved operations become effective once the relevant financing agreements have been signed.",
    "The Minister recalled that Poland and Korea signed a memorandum of understanding on batteries.",
])
def test_hopes_expectations_conditions_and_recollections_give_no_deal(deals_of, text: str) -> None:
    assert deals_of(text) == []


def test_roman_numbered_items_take_the_introductions_act(deals_of) -> None:
    text = ("The following documents were signed in the presence of the two leaders:\n\n"
            "(i) Memorandum of Understanding on geology between the Geological Survey of India and "
            "Geoscience Australia;\n\n"
            "(ii) Framework Agreement between the European Investment Bank and the Export-Import "
            "Bank of Korea on co-financing.\n")
    mou, framework = deals_of(text)
    assert (mou.kind, mou.status, framework.kind, framework.status) == ("MOU", "signed", "FRAMEWORK", "signed")
    assert parties(mou) == {("party", "Geological Survey of India"), ("party", "Geoscience Australia")}
    assert parties(framework) == {("party", "Export-Import Bank of Korea"), ("party", "European Investment Bank")}


def test_respective_amounts_give_one_deal_per_lender(deals_of) -> None:
    first, second = deals_of("The European Investment Bank and the Export-Import Bank of Korea signed loan "
                             "agreements with Lausitz Lithium GmbH for EUR 600 million and USD 150 million "
                             "respectively.")
    assert parties(first) == {("lender", "European Investment Bank"), ("borrower", "Lausitz Lithium GmbH")}
    assert parties(second) == {("lender", "Export-Import Bank of Korea"), ("borrower", "Lausitz Lithium GmbH")}
    assert first.amount is not None and (first.amount.amount, first.amount.currency) == (600_000_000, "EUR")
    assert second.amount is not None and (second.amount.amount, second.amount.currency) == (150_000_000, "USD")


def test_a_stake_taken_with_no_act_word(deals_of) -> None:
    (deal,) = deals_of("The critical metals fund managed by InfraVia Capital Partners has taken a minority "
                       "stake of €25 million in Gallia Métaux SAS.")
    assert deal.kind == "INVESTMENT" and deal.status == "completed"
    assert parties(deal) == {("investor", "InfraVia Capital Partners"), ("recipient", "Gallia Métaux SAS")}


@pytest.mark.parametrize(("text", "investor", "amount"), [
    ("On 29 May, Minerals Development Company Botswana agreed to acquire a further 5% interest in "
     "Mokoro Copper (Pty) Ltd for US$22 million.", "Minerals Development Company Botswana", 22_000_000),
    ("Toyomi Tsusho Corporation has agreed to subscribe for 48,275,862 new ordinary shares in Meseta "
     "Tungsten plc for a total of £4.2 million.", "Toyomi Tsusho Corporation", 4_200_000),
])
def test_interests_and_share_subscriptions_are_investments(deals_of, text: str, investor: str, amount: int) -> None:
    (deal,) = deals_of(text)
    assert deal.kind == "INVESTMENT" and deal.status == "signed"
    assert ("investor", investor) in parties(deal)
    assert deal.amount is not None and deal.amount.amount == amount


def test_passive_agents_after_the_recipient(deals_of) -> None:
    (deal,) = deals_of("A 140 million euro loan was extended to the company by Intesa Sanpaolo and UniCredit.")
    assert deal.kind == "LOAN"
    assert {("lender", "Intesa Sanpaolo"), ("lender", "UniCredit")} <= parties(deal)


def test_a_passive_with_a_place_before_the_act(deals_of) -> None:
    (deal,) = deals_of("A €45 million loan to restart the old antimony smelter at Zajača was signed last week "
                       "by the EBRD and Podrinje Antimony d.o.o.")
    assert parties(deal) == {("lender", "European Bank for Reconstruction and Development"),
                             ("borrower", "Podrinje Antimony d.o.o.")}


def test_an_abbreviations_stop_before_a_comma_ends_no_sentence(deals_of) -> None:
    (deal,) = deals_of("The Ministry of Industry and Trade on Monday approved a grant of CZK 1.9 billion from "
                       "the Modernisation Fund for Krušné Lithium a.s., which plans a lithium refinery.")
    assert deal.kind == "GRANT" and deal.status == "approved" and deal.programs == ["Modernisation Fund"]
    assert ("recipient", "Krušné Lithium a.s.") in parties(deal)


def test_an_approval_authorizing_others_to_sign(deals_of) -> None:
    (deal,) = deals_of("The Cabinet of Ministers approved the proposal presented by the Minister of Industry to "
                       "sign the Memorandum of Understanding between Sri Lanka and Saudi Arabia.")
    assert deal.kind == "MOU" and deal.status == "approved"
    assert parties(deal) == {("party", "LK"), ("party", "SA")}


def test_a_decree_approving_a_convention_between_a_state_and_a_company(deals_of) -> None:
    (deal,) = deals_of("- the draft decree approving the mining convention between the State of Senegal and "
                       "Sables Lourds du Cayor SA for the mining of zircon.")
    assert deal.status == "approved"
    assert parties(deal) == {("party", "SN"), ("party", "Sables Lourds du Cayor SA")}


@pytest.mark.parametrize(("text", "expected"), [
    ("On the same occasion, the leaders witnessed the exchange of a five-year offtake agreement under "
     "which Qatar Aluminium Limited will supply up to 60,000 tonnes a year of aluminium to Ege Profil "
     "Alüminyum A.Ş.", {"Qatar Aluminium Limited", "Ege Profil Alüminyum A.Ş."}),
    ("The two companies signed a supply contract whereby Glencore sells 20,000 tonnes of cobalt to "
     "Umicore each year.", {"Glencore", "Umicore"}),
])
def test_parties_named_in_a_whereby_clause(deals_of, text: str, expected: set[str]) -> None:
    (deal,) = deals_of(text)
    assert {p.norm for p in deal.parties} == expected


def test_table_rows_that_name_their_instrument_and_status(deals_of) -> None:
    text = ("Kanemori Corporation reported on its metals business. Kanemori Corporation named three "
            "transactions.\n\n"
            "| Project | Country | Transaction | Status |\n"
            "|---|---|---|---|\n"
            "| Rayong recycling plant | Thailand | Offtake agreement for nickel salts with Siam Green Cycle "
            "Co., Ltd. | Signed July 2025 |\n"
            "| Quebec project | Canada | Study of a new deposit | Under review |\n")
    (deal,) = deals_of(text)
    assert (deal.kind, deal.status, deal.date) == ("OFFTAKE", "signed", "2025-07")
    assert {p.norm for p in deal.parties} == {"Kanemori Corporation", "Siam Green Cycle Co., Ltd."}


def test_table_rows_under_the_deal_they_break_down(deals_of) -> None:
    text = ("The Minister announced that the Government of Canada is providing over $38 million in federal "
            "funding to two projects.\n\n"
            "| Recipient | Project | Federal contribution |\n"
            "|---|---|---|\n"
            "| Nimiiwin Development Corporation | An all-season road | $12,400,000 |\n"
            "| Lac-Rivard Graphite Inc. | A grid connection | $9,800,000 |\n")
    total, first, second = deals_of(text)
    assert total.amount is not None and total.amount.amount == 38_000_000
    assert parties(first) == {("investor", "CA"), ("recipient", "Nimiiwin Development Corporation")}
    assert parties(second) == {("investor", "CA"), ("recipient", "Lac-Rivard Graphite Inc.")}
    assert second.amount is not None and second.amount.amount == 9_800_000 and second.date is None


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("We welcome the memorandum of understanding on critical minerals signed today by Canada and Finland.",
     "MOU", {"CA", "FI"}),
    ("Leaders welcomed the framework agreement signed yesterday between Export Development Canada and "
     "the Swedish Export Credit Agency.", "FRAMEWORK", {"Export Development Canada", "Swedish Export Credit Agency"}),
])
def test_a_definite_instrument_with_its_signing_after_it(deals_of, text: str, kind: str, expected: set[str]) -> None:
    (deal,) = deals_of(text)
    assert deal.kind == kind and deal.status == "signed" and deal.date is not None
    assert {p.norm for p in deal.parties} == expected


def test_a_definite_instrument_still_to_be_approved_is_no_deal(deals_of) -> None:
    assert deals_of("The contract must still be approved by the Plurinational Legislative Assembly.") == []


@pytest.mark.parametrize("text", [
    "KfW has acquired a minority shareholding of EUR 60 million in Kokkola Lithium Oy.",
    "KfW subscribed for new shares worth EUR 60 million in Kokkola Lithium Oy.",
])
def test_holdings_acquired_and_subscribed(deals_of, text: str) -> None:
    (deal,) = deals_of(text)
    assert (deal.kind, deal.status) == ("INVESTMENT", "completed")
    assert deal.amount is not None and deal.amount.amount == 60_000_000
    assert ("investor", "KfW") in parties(deal)


def test_an_announced_would_invest(deals_of) -> None:
    (deal,) = deals_of("The Nigeria Sovereign Investment Authority announced that it would invest up to $50 million "
                       "in Sahel Battery Metals Limited.")
    assert (deal.kind, deal.status) == ("INVESTMENT", "announced")


def test_a_hypothetical_would_invest_is_no_deal(deals_of) -> None:
    assert deals_of("The Nigeria Sovereign Investment Authority would invest up to $50 million in Sahel Battery "
                    "Metals Limited if the licence is granted.") == []


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("• Vänern Battery Materials AB – offtake agreement with Appalachian Magnetics Inc. for cathode material; "
     "signed 4 March.", "OFFTAKE", {"Vänern Battery Materials AB", "Appalachian Magnetics Inc."}),
    ("• Kiruna Geoservices AB and Natural Resources Canada – research contract on deep-exploration methods "
     "(signed).", "CONTRACT", {"Kiruna Geoservices AB", "Natural Resources Canada"}),
])
def test_fact_sheet_lines_labelled_with_their_parties(deals_of, text: str, kind: str, expected: set[str]) -> None:
    (deal,) = deals_of(text)
    assert deal.kind == kind and deal.status == "signed"
    assert {p.norm for p in deal.parties} == expected


def test_the_company_of_a_filing_is_its_issuer(deals_of) -> None:
    text = ("Company: Sejin Advanced Materials Co., Ltd.\n\n"
            "1. Issuing company: Mberengwa Lithium (Private) Limited\n\n"
            "On April 6, 2026, the Company signed an offtake agreement with Mberengwa Lithium (Private) Limited.")
    (deal,) = deals_of(text)
    assert {p.norm for p in deal.parties} == {"Sejin Advanced Materials Co., Ltd.", "Mberengwa Lithium (Private) Limited"}


def test_an_approval_of_an_instrument_between_named_others(deals_of) -> None:
    (deal,) = deals_of("Gabon's Council of Ministers on Thursday approved a mining convention between the State and "
                       "Franceville Manganese Chemicals SA.")
    assert deal.status == "approved"
    assert "Council of Ministers" not in {p.norm for p in deal.parties}


def test_a_counted_group_refers_to_the_bodies_just_named(deals_of) -> None:
    text = ("The government announced that the Export-Import Bank of Korea (KEXIM), the Korea Trade Insurance "
            "Corporation (K-SURE) and the Korea Mine Rehabilitation and Mineral Resources Corporation (KOMIR) "
            "will provide KRW 1.2 trillion. The three institutions also signed a business agreement at the meeting.")
    agreement = next(d for d in deals_of(text) if d.kind == "AGREEMENT")
    assert {p.norm for p in agreement.parties} == {
        "Export-Import Bank of Korea", "Korea Trade Insurance Corporation",
        "Korea Mine Rehabilitation and Mineral Resources Corporation"}


def test_a_stake_announced_at_a_signing_ceremony(deals_of) -> None:
    (deal,) = deals_of("The minister told the signing ceremony that the Mutapa Investment Fund would take a 15% "
                       "stake in Kuvimba Mining House.")
    assert (deal.kind, deal.status) == ("INVESTMENT", "announced")


def test_lines_listing_the_recipients_of_a_total_just_reported(deals_of) -> None:
    text = ("The Department of Energy selected two projects to receive a combined $135 million in grants. "
            "The selected projects are:\n"
            "Great Basin Nickel Refining LLC (Nevada) — class 1 nickel sulfate: $74 million\n"
            "Ohio Valley Graphite Co. (Ohio) — synthetic graphite anode material: $61 million\n\n"
            "The Department also published its annual report.")
    total, first, second = deals_of(text)
    assert total.amount is not None and total.amount.amount == 135_000_000
    assert parties(first) == {("investor", "Department of Energy"), ("recipient", "Great Basin Nickel Refining LLC")}
    assert second.amount is not None and second.amount.amount == 61_000_000 and second.date is None


@pytest.mark.parametrize("text", [
    "Volumes and prices are to be agreed in a binding contract later this year.",
    "I hope that before the end of this year we will be able to sign partnership agreements with Chile and Peru.",
])
def test_obligations_and_abilities_to_sign_later_are_no_deals(deals_of, text: str) -> None:
    assert deals_of(text) == []


def test_on_the_margins_of_a_dated_summit(deals_of) -> None:
    text = ("The two leaders held a summit in Seoul on 23 April 2026.\n\n"
            "On the margins of the summit, the Korea Trade Insurance Corporation and the Vietnam Development Bank "
            "signed an MOU on export credit.")
    (deal,) = deals_of(text)
    assert deal.date == "2026-04-23"


def test_in_the_presence_of_ministers_who_met_on_a_dated_day(deals_of) -> None:
    text = ("1. The two Ministers met in Yokohama on 21 August 2025.\n\n"
            "2. In the presence of the two Ministers, the Japan Organization for Metals and Energy Security and the "
            "Rwanda Mines, Petroleum and Gas Board signed a memorandum of understanding on a geological survey.")
    (deal,) = deals_of(text)
    assert deal.date == "2025-08-21"


def test_a_table_rows_expected_signature_date_is_not_its_date(deals_of) -> None:
    text = ("Kanemori Corporation reported its transactions.\n\n"
            "| Transaction | Status |\n|---|---|\n"
            "| Loan agreement with Hai Phong Anode Materials JSC | Negotiations concluded; signature expected in June 2026 |\n")
    (deal,) = deals_of(text)
    assert deal.date is None


def test_a_running_total_is_a_statistic(deals_of) -> None:
    assert deals_of("To date, the European Bank for Reconstruction and Development has invested more than "
                    "€10.5 billion in 330 projects in the country.") == []


def test_a_summary_line_repeats_the_deal_the_body_reports(deals_of) -> None:
    text = ("Highlights:\n\n- Memorandum of understanding signed with Korea's state minerals agency.\n\n"
            "The Department of Natural Resources and Mines signed a memorandum of understanding with the Korea "
            "Mine Rehabilitation and Mineral Resources Corporation last week.")
    (deal,) = deals_of(text)
    assert deal.parties


def test_a_financing_word_before_another_instrument_only_describes_it(deals_of) -> None:
    (deal,) = deals_of("Sumitomo Mitsui Banking Corporation and MUFG Bank, Ltd. signed co-financing loans totalling "
                       "USD 120 million with Lai Chau Rare Earth Materials JSC on Tuesday.")
    assert deal.kind == "LOAN"
    assert ("borrower", "Lai Chau Rare Earth Materials JSC") in parties(deal)


def test_who_benefits_from_a_grant_receives_it(deals_of) -> None:
    (deal,) = deals_of("Qazaq Tungsten LLP will also benefit from a €3 million technical cooperation grant from the "
                       "European Union.")
    assert (deal.kind, deal.status) == ("GRANT", "announced")
    assert parties(deal) == {("recipient", "Qazaq Tungsten LLP"), ("investor", "European Union")}


def test_a_stock_exchange_ticker_is_no_party(deals_of) -> None:
    (deal,) = deals_of("Laurentian Graphite Inc. (TSX: LGI) signed an offtake agreement with Stellar Anode "
                       "Materials GmbH.")
    assert {p.norm for p in deal.parties} == {"Laurentian Graphite Inc.", "Stellar Anode Materials GmbH"}


def test_parts_of_a_total_named_by_their_order(deals_of) -> None:
    text = ("The Board of Directors of the Brazilian Development Bank approved two financings totalling "
            "R$ 1.27 billion on Tuesday. The larger operation, of R$ 850 million, will finance Mineração Serra do "
            "Carmo S.A. The second, of R$ 420 million, goes to Grafite do Sul da Bahia S.A. for its mine.")
    total, larger, second = deals_of(text)
    assert total.count == 2
    assert larger.amount is not None and larger.amount.amount == 850_000_000 and larger.date is None
    assert ("recipient", "Grafite do Sul da Bahia S.A.") in parties(second) or \
        ("borrower", "Grafite do Sul da Bahia S.A.") in parties(second)


def test_instruments_in_the_plural_each_with_its_own_counterpart(deals_of) -> None:
    first, second = deals_of(
        "Barkly Rare Earths Pty Ltd has binding offtake agreements with Sejong Magnet Co., Ltd., signed in January, "
        "and with Hokuyo Trading Co., Ltd., signed in February, which together cover 70 per cent of output.")
    assert {p.norm for p in first.parties} == {"Barkly Rare Earths Pty Ltd", "Sejong Magnet Co., Ltd."}
    assert (first.date, second.date) == ("2026-01", "2026-02")
    assert "Hokuyo Trading Co., Ltd." in {p.norm for p in second.parties}


def test_a_purchase_agreement_signed_by_one_with_another(deals_of) -> None:
    (deal,) = deals_of("A five-year purchase agreement covering 40% of output has been signed by Gallia Métaux SAS "
                       "with Aquitaine Composants Défense SA, a defence supplier.")
    assert (deal.kind, deal.status) == ("OFFTAKE", "signed")
    assert {p.norm for p in deal.parties} == {"Gallia Métaux SAS", "Aquitaine Composants Défense SA"}


def test_a_short_company_name_takes_its_multiword_legal_form(deals_of) -> None:
    text = ("Kedah Rare Earth Refining Sdn Bhd opened a plant. Siam Magnetic Materials Co., Ltd. has concluded an "
            "offtake agreement with Kedah Rare Earth Refining for NdPr oxide.")
    (deal,) = deals_of(text)
    assert "Kedah Rare Earth Refining Sdn Bhd" in {p.norm for p in deal.parties}


def test_financial_close_on_a_loan_to_a_limited_partnership(deals_of) -> None:
    (deal,) = deals_of("The Canada Infrastructure Bank (CIB) today reached financial close on a $640 million loan to "
                       "Stikine Transmission Limited Partnership.")
    assert (deal.kind, deal.status, deal.date) == ("LOAN", "signed", "2026-03-04")
    assert ("borrower", "Stikine Transmission Limited Partnership") in parties(deal)


@pytest.mark.parametrize("text", [
    "Has the European Commission concluded any agreement with Brazil, and when does it expect talks to end?",
    "Under the contract between Yacimientos de Litio Bolivianos and Aurex Lithium Inc., the company will invest "
    "about $650 million in a plant.",
])
def test_questions_and_the_terms_of_an_instrument_are_no_new_deals(deals_of, text: str) -> None:
    assert deals_of(text) == []


def test_under_a_plan_a_new_joint_venture_is_a_deal(deals_of) -> None:
    (deal,) = deals_of("Under the plan, Sanwa Tsusho Corp. and IREL (India) Ltd. will set up a joint venture in "
                       "Odisha.")
    assert deal.kind == "JOINT_VENTURE"


@pytest.mark.parametrize("text", [
    "The Secretary informed that Khanij Bidesh India Ltd. had already signed an exploration agreement with the "
    "Catamarca province.",
    "The facility has previously supported projects including a loan to Arafura Rare Earths Ltd.",
])
def test_earlier_acts_recalled_are_no_deals(deals_of, text: str) -> None:
    assert deals_of(text) == []


def test_the_act_of_an_instrument_told_after_it(deals_of) -> None:
    (deal,) = deals_of("The data will be delivered to the National Mining Agency under an inter-administrative "
                       "agreement that the two entities signed earlier this year.")
    assert (deal.kind, deal.status) == ("AGREEMENT", "signed")


def test_a_guarantee_of_the_facility_just_reported(deals_of) -> None:
    text = ("Mokoro Copper (Pty) Ltd agreed a US$60 million loan facility with Standard Chartered Bank on Monday. "
            "UK Export Finance (UKEF) has guaranteed 85% of the facility.")
    loan, guarantee = deals_of(text)
    assert loan.kind == "LOAN"
    assert guarantee.kind == "LOAN_GUARANTEE"
    assert parties(guarantee) >= {("guarantor", "UK Export Finance"), ("lender", "Standard Chartered Bank")}


def test_a_countrys_government_signs(deals_of) -> None:
    (deal,) = deals_of("Papua New Guinea's government and Morobe Consolidated Copper Ltd signed a mining development "
                       "contract on Tuesday.")
    assert {p.norm for p in deal.parties} == {"PG", "Morobe Consolidated Copper Ltd"}


def test_a_listed_memorandum_between_the_two_governments(deals_of) -> None:
    text = ("Türkiye and Qatar held the Supreme Strategic Committee in Doha. Türkiye and Qatar signed these "
            "documents:\n\n(iv) Memorandum of Understanding on Cooperation in Youth and Sports between the two "
            "Governments.")
    listed = [d for d in deals_of(text) if d.kind == "MOU"]
    assert listed and {p.norm for p in listed[-1].parties} == {"TR", "QA"}


@pytest.mark.parametrize(("text", "status"), [
    ("The European Commission adopted a EUR 45 million grant for Kazakhstan on Monday.", "approved"),
    ("The EU and Uzbekistan adopted an action plan for their raw materials partnership on Monday.", "signed"),
])
def test_adopted_by_one_body_or_by_two_parties(deals_of, text: str, status: str) -> None:
    (deal,) = deals_of(text)
    assert deal.status == status


def test_a_country_closing_an_agencys_name_is_no_party(deals_of) -> None:
    (deal,) = deals_of("The two Ministers signed a Memorandum of Cooperation between the Ministry of Economy, Trade "
                       "and Industry of Japan and the Ministry of Environment of the Republic of Rwanda on Monday.")
    assert not {"JP", "RW"} & {p.norm for p in deal.parties}


def test_listed_documents_that_name_their_own_instruments(deals_of) -> None:
    text = ("After the talks, the following documents were signed in the presence of the two Prime Ministers:\n\n"
            "1. Action Plan for the Strategic Partnership between Mongolia and Japan for 2026-2030.\n"
            "Signed by: the two Foreign Ministers.\n\n"
            "2. Loan Agreement between the Japan Bank for International Cooperation and the Development Bank of "
            "Mongolia for a copper smelter, in the amount of JPY 30 billion.\n\n"
            "3. Between Erdenes Mongol LLC and Sojitz Corporation, for evaluating a joint venture.\n")
    deals = deals_of(text)
    assert [(d.kind, d.status) for d in deals][:2] == [("ACTION_PLAN", "signed"), ("LOAN", "signed")]
    assert deals[1].amount is not None and deals[1].amount.amount == 30_000_000_000
    assert all(d.kind != "JOINT_VENTURE" for d in deals)  # what item 3 is about, not its instrument


def test_respective_lenders_past_a_bracket_with_a_governor(deals_of) -> None:
    text = ("The Japan Bank for International Cooperation (JBIC; Governor: Koichi Tamura) and the Export-Import Bank "
            "of Korea (KEXIM) signed loan agreements on January 27 with Almalyk MMC JSC for USD 300 million and "
            "USD 200 million respectively.")
    first, second = deals_of(text)
    assert [p.norm for p in first.parties if p.role == "lender"] == ["Japan Bank for International Cooperation"]
    assert [p.norm for p in second.parties if p.role == "lender"] == ["Export-Import Bank of Korea"]
    assert second.amount is not None and second.amount.amount == 200_000_000


def test_the_terms_of_a_subscription_agreement_are_not_a_second_deal(deals_of) -> None:
    (deal,) = deals_of("The Company has entered into a subscription agreement with Investissement Québec, under which "
                       "Investissement Québec will subscribe for 30 million shares for $45 million.")
    assert deal.kind == "INVESTMENT"


def test_nothing_signed_yet_is_no_deal(deals_of) -> None:
    assert deals_of("I want to be clear: nothing has been signed yet, and we will only sign agreements that "
                    "leave value in Peru.") == []


@pytest.mark.parametrize(("text", "giver", "receiver"), [
    ("The European Union and Zambia signed a €30 million grant agreement on Friday.",
     ("investor", "European Union"), ("recipient", "ZM")),
    ("The Abu Dhabi Fund for Development and Morocco's Ministry of Economy and Finance signed a loan "
     "agreement of AED 1.1 billion on Friday.",
     ("lender", "Abu Dhabi Fund for Development"), ("borrower", "Ministry of Economy and Finance")),
])
def test_a_fund_and_a_government_signing_a_loan_or_grant(deals_of, text: str, giver, receiver) -> None:
    (deal,) = deals_of(text)
    assert parties(deal) == {giver, receiver}


def test_a_fund_and_a_government_investing_together_both_invest(deals_of) -> None:
    (deal,) = deals_of("The National Wealth Fund and the United Kingdom invested £60 million in Imerys British "
                       "Lithium Ltd on Monday.")
    assert {p.role for p in deal.parties if p.norm != "Imerys British Lithium Ltd"} == {"investor"}


def test_separate_instruments_with_each_counterpart(deals_of) -> None:
    deals = deals_of("On Tuesday, Saudi Arabia's Ministry of Industry and Mineral Resources signed separate "
                     "memoranda of understanding with Mauritania, Morocco and Tanzania.")
    assert {frozenset(parties(d)) for d in deals} == {
        frozenset({("party", country), ("party", "Ministry of Industry and Mineral Resources")})
        for country in ("MA", "MR", "TZ")}
    assert {d.date for d in deals} == {"2026-03-03"}


def test_a_loan_told_by_its_verb(deals_of) -> None:
    (deal,) = deals_of("The African Development Bank will lend EUR 180 million to OCP Group for a desalination unit.")
    assert deal.kind == "LOAN" and deal.status == "announced"
    assert parties(deal) == {("lender", "African Development Bank"), ("borrower", "OCP Group")}


def test_the_board_is_the_issuers(deals_of) -> None:
    deals = deals_of("The Asian Infrastructure Investment Bank held its Board meeting on 14 April. The Export-Import "
                     "Bank of Korea also attended. The Asian Infrastructure Investment Bank said the Board approved a "
                     "sovereign loan of USD 250 million to the Republic of Uzbekistan.")
    assert [parties(d) for d in deals] == [
        {("lender", "Asian Infrastructure Investment Bank"), ("borrower", "UZ")}]


def test_a_description_between_two_parties(deals_of) -> None:
    (deal,) = deals_of("IREL (India) Limited, a Public Sector Undertaking under the Department of Atomic Energy, "
                       "and Westgate Rare Earths Ltd signed an offtake agreement on Tuesday.")
    assert parties(deal) == {("party", "IREL (India) Limited"), ("party", "Westgate Rare Earths Ltd")}


def test_a_list_of_names_is_no_description(deals_of) -> None:
    (deal,) = deals_of("Japan, the United States, and Australia signed a memorandum of understanding on Tuesday.")
    assert parties(deal) == {("party", "JP"), ("party", "US"), ("party", "AU")}


def test_an_amount_converted_in_brackets_before_the_recipient(deals_of) -> None:
    (deal,) = deals_of("The Public Investment Fund said on Thursday that it will invest SAR 4 billion ($1.07 billion) "
                       "in Ma'aden Phosphate Company.")
    assert ("recipient", "Ma'aden Phosphate Company") in parties(deal)
    assert deal.amount is not None and deal.amount.currency == "SAR"


def test_two_ministries_joined_by_and(deals_of) -> None:
    (deal,) = deals_of("On 16 April, the Ministry of Energy Transition and Sustainable Development and the Ministry "
                       "of Energy and Infrastructure signed a memorandum of understanding.")
    assert parties(deal) == {("party", "Ministry of Energy Transition and Sustainable Development"),
                             ("party", "Ministry of Energy and Infrastructure")}


@pytest.mark.parametrize(("text", "company"), [
    ("DR Congo's state mining company Cominière on Thursday signed a joint venture with Golden Falcon Mining Ltd.",
     "Cominière"),
    ("Korean magnet maker Sungwoo Magnetics signed an offtake agreement with Nam Viet Rare Earth JSC on Monday.",
     "Sungwoo Magnetics"),
    ("The provincial state mining company Instituto Provincial de Exploraciones y Explotaciones Mineras and "
     "Cobre Andino S.A. formed a joint venture on Monday.",
     "Instituto Provincial de Exploraciones y Explotaciones Mineras"),
])
def test_a_company_named_after_what_it_is(deals_of, text: str, company: str) -> None:
    (deal,) = deals_of(text)
    assert ("party", company) in parties(deal)


def test_a_companys_country_after_of_is_no_party(deals_of) -> None:
    (deal,) = deals_of("ZCCM Investments Holdings Plc signed a memorandum of understanding with International "
                       "Resources Holding RSC Ltd (IRH) of the United Arab Emirates on Monday.")
    assert parties(deal) == {("party", "ZCCM Investments Holdings Plc"),
                             ("party", "International Resources Holding RSC Ltd")}


def test_the_bank_of_a_banks_release_is_that_bank(deals_of) -> None:
    deals = deals_of("The African Development Bank approved three operations on Friday. The African Development "
                     "Bank expects the World Bank to join later. The Bank will lend EUR 180 million to OCP Group.")
    assert [parties(d) for d in deals if d.kind == "LOAN"] == [
        {("lender", "African Development Bank"), ("borrower", "OCP Group")}]


def test_the_signature_of_an_instrument(deals_of) -> None:
    (deal,) = deals_of("Leaders welcomed the signature today of a Memorandum of Understanding between the European "
                       "Union and Brazil on raw materials.")
    assert deal.kind == "MOU" and deal.status == "signed" and deal.date == "2026-03-04"
    assert parties(deal) == {("party", "European Union"), ("party", "BR")}


def test_ready_for_signature_is_no_deal(deals_of) -> None:
    assert deals_of("The Ministry invites partners to bring a memorandum of understanding ready for signature.") == []


@pytest.mark.parametrize(("text", "count"), [
    ("On Sunday, Export Development Canada confirmed a loan of US$90 million to Minera Suyana S.A. for its mine.", 1),
    ("Drina Lithium, which is owned by Balkan Minerals Ltd, confirmed the memorandum of understanding.", 0),
    ("Japan and Viet Nam confirmed cooperation under their Comprehensive Strategic Partnership.", 0),
])
def test_confirmed_reports_an_instrument_only_with_its_amount_or_article(deals_of, text: str, count: int) -> None:
    assert len(deals_of(text)) == count


def test_an_award_of_money_is_a_grant(deals_of) -> None:
    (deal,) = deals_of("The Swedish Energy Agency on Thursday awarded SEK 1.2 billion from the Industrial Leap "
                       "programme to LKAB for a demonstration plant.")
    assert deal.kind == "GRANT" and deal.date == "2026-02-26"
    assert parties(deal) == {("investor", "Swedish Energy Agency"), ("recipient", "LKAB")}


def test_who_was_awarded_money_receives_it(deals_of) -> None:
    (deal,) = deals_of("Cascade Graphite Materials LLC was awarded $28.1 million to expand its anode plant.")
    assert parties(deal) == {("recipient", "Cascade Graphite Materials LLC")}


def test_lenders_named_after_the_same_day(deals_of) -> None:
    (deal,) = deals_of("A parallel loan of €40 million was extended on the same day by UniCredit Bank Serbia and "
                       "Banca Intesa Beograd.")
    assert parties(deal) == {("lender", "UniCredit Bank Serbia"), ("lender", "Banca Intesa Beograd")}


def test_an_office_of_a_department_past_its_acronym(deals_of) -> None:
    (deal,) = deals_of("The U.S. Department of Energy's (DOE) Loan Programs Office (LPO) today announced a "
                       "conditional commitment to Great Basin Lithium Refining LLC for a loan of up to $1.06 billion.")
    assert parties(deal) == {("lender", "Loan Programs Office"), ("borrower", "Great Basin Lithium Refining LLC")}


def test_a_currency_word_read_by_the_documents_country(deals_of) -> None:
    (deal,) = deals_of("In Santiago, Chile, CORFO awarded grants worth a combined 2.4 billion pesos ($2.5 million) "
                       "to five start-ups on Friday.")
    assert deal.amount is not None and (deal.amount.amount, deal.amount.currency) == (2_400_000_000, "CLP")


def test_the_company_and_another_sign(deals_of) -> None:
    deals = deals_of('Vancouver, British Columbia--(Newsfile Corp. - March 4, 2026) - Puna Salares Lithium Corp. '
                     '("Puna Salares" or the "Company") announces a private placement. Concurrently, the Company and '
                     'Stellantis N.V. signed a binding offtake agreement on Tuesday.')
    (offtake,) = [d for d in deals if d.kind == "OFFTAKE"]
    assert parties(offtake) == {("party", "Puna Salares Lithium Corp."), ("party", "Stellantis N.V.")}


def test_the_issuer_co_signing_a_subscription_receives(deals_of) -> None:
    deals = deals_of("Khangai Resources Holdings Limited (the Company) announces its results. On 3 March 2026, the "
                     "Company and Samil Chemical Co., Ltd. entered into a subscription agreement for new shares worth "
                     "HK$45 million.")
    (deal,) = [d for d in deals if d.kind == "INVESTMENT"]
    assert parties(deal) == {("recipient", "Khangai Resources Holdings Limited"),
                             ("investor", "Samil Chemical Co., Ltd.")}


def test_listed_items_take_the_introductions_subject_not_their_country_heading(deals_of) -> None:
    deals = deals_of("The Board of Directors of the U.S. International Development Finance Corporation (DFC) met on "
                     "Wednesday.\n\nThe Board approved the following transactions:\n\n"
                     "- Brazil – Terras Raras do Cerrado: a direct loan of up to $250 million to Terras Raras do "
                     "Cerrado S.A. to develop a rare earth mine.\n"
                     "- Mexico – Reciclados Metálicos del Norte: a loan of $45 million to Reciclados Metálicos del "
                     "Norte S.A. de C.V. to expand scrap recovery.\n")
    assert sorted(tuple(sorted(parties(d))) for d in deals) == [
        (("borrower", "Reciclados Metálicos del Norte S.A. de C.V."),
         ("lender", "U.S. International Development Finance Corporation")),
        (("borrower", "Terras Raras do Cerrado S.A."), ("lender", "U.S. International Development Finance Corporation")),
    ]
    assert {d.status for d in deals} == {"approved"}


def test_a_known_company_named_two_ways_takes_its_fullest_form(deals_of) -> None:
    deals = deals_of("JBIC signed a loan agreement with Almalyk Mining and Metallurgical Complex JSC on Tuesday. "
                     "Almalyk MMC also signed an offtake agreement with Marunouchi Metals Corporation on Tuesday.")
    assert {p.norm for d in deals for p in d.parties if p.label == "ORG"} == {
        "Almalyk Mining and Metallurgical Complex JSC", "Marunouchi Metals Corporation"}


def test_a_table_whose_columns_name_both_parties(deals_of) -> None:
    deals = deals_of("Fact sheet of the Ministry of Industries, Mines and Energy of Namibia\n\n"
                     "| Instrument | Namibian party | Counterparty | Status |\n|---|---|---|---|\n"
                     "| Offtake agreement | Epangelo Mining Company (Pty) Ltd | Hanwa Co., Ltd. (Japan) | Signed 14 January 2026 |\n"
                     "| Loan, N$350 million | Erongo Tin Resources (Pty) Ltd | Development Bank of Namibia | Approved 19 February 2026 |\n"
                     "| Project | Country | Partner | Status |\n"
                     "| Rayong plant | Thailand | Offtake agreement with Siam Green Cycle Co., Ltd. | Signed 3 February 2026 |\n")
    assert [(d.kind, parties(d)) for d in deals] == [
        ("OFFTAKE", {("party", "Epangelo Mining Company (Pty) Ltd"), ("party", "Hanwa Co., Ltd.")}),
        ("LOAN", {("borrower", "Erongo Tin Resources (Pty) Ltd"), ("lender", "Development Bank of Namibia")}),
        ("OFFTAKE", {("party", "Ministry of Industries, Mines and Energy"), ("party", "Siam Green Cycle Co., Ltd.")}),
    ]


def test_a_letter_of_interest_received_from_an_agency(deals_of) -> None:
    (deal,) = deals_of("On March 3, 2026, Puna Salares Lithium Corp. received a non-binding letter of interest from "
                       "Export Development Canada for up to US$150 million.")
    assert deal.kind == "LETTER_OF_INTEREST" and deal.status == "offered" and deal.date == "2026-03-03"
    assert parties(deal) == {("recipient", "Puna Salares Lithium Corp."), ("investor", "Export Development Canada")}


def test_a_past_year_is_not_replaced_by_the_occasion(deals_of) -> None:
    deals = deals_of("At the Critical Minerals Summit on 3 March 2026, Export Finance Australia signed a loan "
                     "agreement with Barkly Rare Earths Ltd. The facility has previously supported Arafura Rare "
                     "Earths Ltd, which received a loan in 2024.")
    assert [(d.date, {p.norm for p in d.parties}) for d in deals] == [
        ("2026-03-03", {"Export Finance Australia", "Barkly Rare Earths Ltd."})]


def test_the_subject_of_the_clause_an_instrument_opens(deals_of) -> None:
    (deal,) = deals_of("Under an offtake agreement signed on February 17, Terras Raras do Cerrado S.A. will sell half "
                       "of its output to Ohio-based magnet maker Great Lakes Magnetics LLC.")
    assert deal.date == "2026-02-17"
    assert parties(deal) == {("party", "Terras Raras do Cerrado S.A."), ("party", "Great Lakes Magnetics LLC")}


def test_a_guarantee_covering_an_amount_of_loans(deals_of) -> None:
    deals = deals_of("The Swedish Export Credit Agency (EKN) has issued a green credit guarantee covering SEK 2.4 "
                     "billion of loans from SEB AB and Nordea Bank Abp to Kiruna Anode AB.")
    assert [(d.kind, d.status, parties(d)) for d in deals] == [
        ("LOAN_GUARANTEE", "signed", {("guarantor", "Swedish Export Credit Agency"), ("lender", "SEB AB"),
                                      ("lender", "Nordea Bank Abp"), ("borrower", "Kiruna Anode AB")}),
        ("LOAN", None, {("lender", "SEB AB"), ("lender", "Nordea Bank Abp"), ("borrower", "Kiruna Anode AB")}),
    ]
    assert {d.amount.amount for d in deals if d.amount} == {2_400_000_000}


@pytest.mark.parametrize("text", [
    "The Minister said the Government intended to sign a memorandum of understanding with Afreximbank in June.",
    "Litio Catamarca said on Thursday that it hoped to file a final application before the end of the year and "
    "to sign an offtake agreement with a U.S. cathode maker.",
])
def test_intentions_and_joined_wishes_are_no_deals(deals_of, text: str) -> None:
    assert deals_of(text) == []


def test_an_opening_that_counts_the_agreements_the_release_reports(deals_of) -> None:
    deals = deals_of("Casablanca, 29 April 2026 — Managem announces two agreements that secure its cobalt expansion. "
                     "Managem signed an offtake agreement with Umicore SA on Monday. Managem also signed a loan "
                     "agreement with Attijariwafa Bank on Tuesday.")
    assert sorted(d.kind for d in deals) == ["LOAN", "OFFTAKE"]


@pytest.mark.parametrize("text", [
    "The ministry denied reports in the Chilean press that La Paz had agreed a government-to-government lithium "
    "framework with the United States.",
    "Ministers recalled the memorandum of understanding between Japan and Chile on copper.",
])
def test_denied_and_recalled_instruments_are_no_deals(deals_of, text: str) -> None:
    assert deals_of(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The approval by the Development Bank of Jamaica of a J$4.7 billion loan to St Elizabeth Alumina Partners "
     "clears the way for the restart.",
     {("lender", "Development Bank of Jamaica"), ("borrower", "St Elizabeth Alumina Partners")}),
    ("The announcement follows the approval by Canada Growth Fund (CGF) of an investment of up to C$80 million in "
     "Northern Shield Refining Inc.",
     {("investor", "Canada Growth Fund"), ("recipient", "Northern Shield Refining Inc.")}),
])
def test_the_approval_by_one_of_an_instrument(deals_of, text: str, expected: set[tuple[str, str]]) -> None:
    (deal,) = deals_of(text)
    assert deal.status == "approved" and parties(deal) == expected


def test_an_approval_still_to_come_is_no_deal(deals_of) -> None:
    assert deals_of("The loan agreement with Rooiberg Vanadium Limited remains subject to approval by the board.") == []


def test_every_act_guard_guards_a_word_that_can_be_an_act(nlp: Language) -> None:
    extractor = nlp.get_pipe("deal_extractor")
    guards = extractor.cues.act_guards
    assert {"signing", "signature", "approval", "confirmed"} <= set(guards)
    for word, guard in guards.items():
        assert word in extractor.act_words, word
        assert guard.not_after or guard.not_before or guard.only_before or guard.within_words, word
