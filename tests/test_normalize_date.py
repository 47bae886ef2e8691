"""`find_dates`, `resolve` and `reference_date` (ANNOTATION.md, DATE).

DATE marks a point or period in calendar time, not a duration; the norm is ISO 8601 as
precise as the text allows, relative expressions resolved against the document's date
("last November" in a February 2026 document is 2025-11; "this week" resolves to the
month; vague modifiers stay outside: "late last year" marks "last year").

Reference date throughout: Wednesday 4 February 2026.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.nlp.normalize.date import find_dates, reference_date, resolve

REF = dt.date(2026, 2, 4)
assert REF.weekday() == 2  # a Wednesday


def _dates(text: str, reference: dt.date | None = REF) -> list[tuple[str, str | None]]:
    """(span text, resolved norm) for every date in `text`, as the normalizer resolves them."""
    found = []
    for match in find_dates(text):
        before = text[max(0, match.start - 60) : match.start]
        after = text[match.end : match.end + 100]
        found.append((text[match.start : match.end], resolve(match, reference, before, after)))
    return found


DATE_CASES = [
    # -- full dates ------------------------------------------------------------------
    pytest.param("The deal was signed on February 4, 2026.", "February 4, 2026", "2026-02-04", id="mdy-comma"),
    pytest.param("The deal was signed on February 4 2026.", "February 4 2026", "2026-02-04", id="mdy-no-comma"),
    pytest.param("The deal was signed on 4 February 2026.", "4 February 2026", "2026-02-04", id="dmy"),
    pytest.param("The deal was signed on 4 February, 2026.", "4 February, 2026", "2026-02-04", id="dmy-comma"),
    pytest.param("The deal was signed on Feb. 4, 2026.", "Feb. 4, 2026", "2026-02-04", id="mdy-abbr-dot"),
    pytest.param("The deal was signed on 4 Feb 2026.", "4 Feb 2026", "2026-02-04", id="dmy-abbr"),
    pytest.param("Posted 2026-02-04 by the ministry.", "2026-02-04", "2026-02-04", id="iso"),
    pytest.param("Warsaw, 27.01.2026 - The Council approved it.", "27.01.2026", "2026-01-27", id="dmy-dotted"),
    pytest.param("Signed on 3.9.2025 in Prague.", "3.9.2025", "2025-09-03", id="dmy-dotted-short"),
    pytest.param("Published on 27/11/2025 at 18:42", "27/11/2025", "2025-11-27", id="dmy-slashed"),
    pytest.param("Posted 11/27/2025 by the agency.", "11/27/2025", "2025-11-27", id="mdy-slashed"),
    pytest.param("It was signed on 21st April, 2026.", "21st April, 2026", "2026-04-21", id="dmy-ordinal-comma"),
    pytest.param("It was signed on the 4th of February 2026.", "4th of February 2026", "2026-02-04",
                 id="dmy-ordinal-of"),
    pytest.param("The mine opened on Sept. 30, 2025.", "Sept. 30, 2025", "2025-09-30", id="mdy-sept-abbr"),
    pytest.param("The tender closed on December 31, 2025.", "December 31, 2025", "2025-12-31", id="mdy-past-year"),
    # -- month and year, month alone ---------------------------------------------------
    pytest.param("Construction starts in June 2026.", "June 2026", "2026-06", id="month-year"),
    pytest.param("Output fell in December 2025.", "December 2025", "2025-12", id="month-year-past"),
    pytest.param("The meeting of May 2026 was cancelled.", "May 2026", "2026-05", id="may-year"),
    pytest.param("Talks resume in June.", "June", "2026-06", id="in-month"),
    pytest.param("The group will be chaired by Korea through June.", "June", "2026-06", id="through-month"),
    pytest.param("The report is due by March.", "March", "2026-03", id="by-month"),
    pytest.param("The plant opens in early March.", "March", "2026-03", id="early-month-modifier-outside"),
    pytest.param("Production began in May.", "May", "2026-05", id="in-may"),
    # -- month and day -----------------------------------------------------------------
    pytest.param("On February 2, the president announced the plan.", "February 2", "2026-02-02", id="md"),
    pytest.param("It was announced on 2 February.", "2 February", "2026-02-02", id="dm"),
    pytest.param("The summit opens on May 5.", "May 5", "2026-05-05", id="md-may"),
    # -- weekdays ----------------------------------------------------------------------
    pytest.param("On Tuesday, ministers met in Washington.", "Tuesday", "2026-02-03", id="weekday-past"),
    pytest.param("The US on Wednesday hosted the ministerial.", "Wednesday", "2026-02-04", id="weekday-same-day"),
    pytest.param("The loan was signed on Friday.", "Friday", "2026-01-30", id="weekday-past-friday"),
    pytest.param("Ministers will meet on Friday.", "Friday", "2026-02-06", id="weekday-future-hint"),
    pytest.param("The deal was signed last Tuesday.", "last Tuesday", "2026-02-03", id="last-weekday"),
    pytest.param("Talks resume next Monday.", "next Monday", "2026-02-09", id="next-weekday"),
    pytest.param("On Wednesday, February 4, 2026, the US hosted the ministerial.",
                 "Wednesday, February 4, 2026", "2026-02-04", id="weekday-full-date"),
    # -- relative expressions ----------------------------------------------------------
    pytest.param("Exports rose last month.", "last month", "2026-01", id="last-month"),
    pytest.param("The agency will decide next month.", "next month", "2026-03", id="next-month"),
    pytest.param("Output fell this month.", "this month", "2026-02", id="this-month"),
    pytest.param("The plant will open this year.", "this year", "2026", id="this-year"),
    pytest.param("The mine opened last year.", "last year", "2025", id="last-year"),
    pytest.param("The mine opened late last year.", "last year", "2025", id="late-last-year-modifier-outside"),
    pytest.param("It was announced earlier this year.", "this year", "2026", id="earlier-this-year"),
    pytest.param("Construction begins next year.", "next year", "2027", id="next-year"),
    pytest.param("The pact was agreed last November.", "last November", "2025-11", id="last-november"),
    pytest.param("The pact will be signed next March.", "next March", "2026-03", id="next-march"),
    pytest.param("The ministers met this week.", "this week", "2026-02", id="this-week-is-month"),
    pytest.param("The ministers met last week.", "last week", "2026-01", id="last-week-is-month"),
    pytest.param("The ministry announced today that it will invest.", "today", "2026-02-04", id="today"),
    pytest.param("The ministry said yesterday that it will invest.", "yesterday", "2026-02-03", id="yesterday"),
    pytest.param("The ministers will sign tomorrow.", "tomorrow", "2026-02-05", id="tomorrow"),
    # -- years -------------------------------------------------------------------------
    pytest.param("Exports fell in 2025.", "2025", "2025", id="in-year"),
    pytest.param("The refinery will be built by 2030.", "2030", "2030", id="by-year"),
    pytest.param("The country set a 2030 target for output.", "2030", "2030", id="year-as-modifier"),
    pytest.param("Output has grown since 2020.", "2020", "2020", id="since-year"),
    pytest.param("The mine will reach 10 million tonnes by 2030.", "2030", "2030", id="year-after-quantity"),
    pytest.param("Production will start in mid-2027.", "2027", "2027", id="mid-year-modifier-outside"),
    pytest.param("Results for the fourth quarter of 2025 were strong.", "2025", "2025", id="quarter-of-year"),
]


@pytest.mark.parametrize(("text", "span", "norm"), DATE_CASES)
def test_date(text: str, span: str, norm: str) -> None:
    assert _dates(text) == [(span, norm)]


def test_two_dates_in_one_sentence() -> None:
    text = "The MoU signed on February 2 will be reviewed in June 2027."
    assert _dates(text) == [("February 2", "2026-02-02"), ("June 2027", "2027-06")]


def test_relative_date_without_reference_is_unresolved() -> None:
    (match,) = find_dates("The deal was signed on Tuesday.")
    assert resolve(match, None) is None


def test_absolute_date_needs_no_reference() -> None:
    (match,) = find_dates("The deal was signed on February 4, 2026.")
    assert resolve(match, None) == "2026-02-04"


def test_invalid_calendar_date_is_unresolved() -> None:
    text = "The deal was signed on February 30, 2026."
    assert [resolve(m, REF) for m in find_dates(text)] in ([], [None])


NOT_DATES = [
    pytest.param("The order of 04/03/2026 could be either.", id="slashed-ambiguous"),
    pytest.param("The pact runs for six months.", id="duration-months"),
    pytest.param("The US signed ten agreements over the past five months.", id="duration-past-five-months"),
    pytest.param("Prices have doubled over the past year.", id="duration-past-year"),
    pytest.param("Prices have doubled in the past week.", id="duration-past-week"),
    pytest.param("The agreement runs for ten years.", id="duration-years"),
    pytest.param("The talks lasted three weeks.", id="duration-weeks"),
    pytest.param("We may sign more agreements.", id="may-verb"),
    pytest.param("May we add that the deal is good.", id="may-verb-sentence-initial"),
    pytest.param("The parties may, if they wish, extend it.", id="may-verb-comma"),
    pytest.param("The mine produced 2,000 tonnes of lithium.", id="tonnes-thousands"),
    pytest.param("The smelter produced 2030 tonnes of copper.", id="year-like-quantity"),
    pytest.param("The plant created 1,500 jobs.", id="jobs"),
    pytest.param("Supply chains matter in the world of today.", id="today-nowadays"),
    pytest.param("Workers will march on the capital.", id="march-verb"),
    pytest.param("The next six months will be decisive.", id="next-six-months-duration"),
    pytest.param("The company files a Form 10-K.", id="form-10-k"),
    pytest.param("The solar farm will produce 3.5 GW.", id="gigawatts"),
    pytest.param("It costs $2030 million.", id="money-not-year"),
    pytest.param("The plan is reviewed each year.", id="each-year"),
    pytest.param("A five-year plan was adopted.", id="five-year-plan"),
    pytest.param("The server at 192.168.1.2020 answered.", id="dotted-address"),
    pytest.param("The index rose to 12.5.2026.5 points.", id="dotted-number-run"),
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_date(text: str) -> None:
    assert _dates(text) == []


# -- reference_date ------------------------------------------------------------------

DATELINE = "WASHINGTON, January 10, 2026 — The United States signed agreements with partners."
FILLER = "The ministers discussed supply chains and prices at length. " * 10  # > 400 characters


def test_reference_published_wins() -> None:
    assert reference_date(DATELINE, "2026-02-04") == dt.date(2026, 2, 4)


def test_reference_published_with_time() -> None:
    assert reference_date(DATELINE, "2026-02-04T10:00:00Z") == dt.date(2026, 2, 4)


def test_reference_published_rfc_string() -> None:
    assert reference_date("No dates here.", "Wed, 04 Feb 2026 10:00:00 GMT") == dt.date(2026, 2, 4)


def test_reference_dateline_near_top() -> None:
    assert reference_date(DATELINE, None) == dt.date(2026, 1, 10)


def test_reference_dateline_beats_later_dates() -> None:
    text = DATELINE + " " + FILLER + "The mine will open on March 5, 2027."
    assert reference_date(text, None) == dt.date(2026, 1, 10)


def test_reference_first_date_in_head() -> None:
    text = "January 10, 2026 — Ministers met and agreed to sign again on March 5, 2026."
    assert reference_date(text, None) == dt.date(2026, 1, 10)


def test_reference_latest_full_date_without_dateline() -> None:
    text = FILLER + "The pact was signed on March 3, 2025 and extended on June 5, 2025. " \
        "An earlier deal dates from 4 May 2024."
    assert reference_date(text, None) == dt.date(2025, 6, 5)


def test_reference_ignores_partial_dates() -> None:
    text = "The ministers met in June 2025 and again last Tuesday."
    assert reference_date(text, None) is None


def test_reference_none_without_dates() -> None:
    assert reference_date("The ministers met and agreed.", None) is None


def test_wire_dateline_without_a_year_is_never_in_the_future() -> None:
    import datetime as dt

    from extractor.nlp.normalize.date import _dateline_without_year, find_dates

    text = "SEOUL, Dec. 2 (Yonhap) -- South Korea and Uzbekistan on Tuesday signed seven memorandums."
    matches = find_dates(text)
    # 2 December 2026 would be a Wednesday after a Tuesday, but it is after "today"
    assert _dateline_without_year(text, matches, 400, today=dt.date(2026, 11, 27)) == dt.date(2025, 12, 2)
    # once it has passed, the next-morning reading of the latest year wins, as before
    assert _dateline_without_year(text, matches, 400, today=dt.date(2026, 12, 20)) == dt.date(2026, 12, 2)


# The reference is 4 February 2026: a bare month later in the year is last year's when the
# clause reports the past, the document's year when it looks ahead or says neither.
MONTH_CASES = [
    ("The loan, which its board approved in December, has now been signed.", "2025-12"),
    ("Under an offtake agreement concluded in November, the buyer takes 70%.", "2025-11"),
    ("Grants totalling NOK 85 million were awarded since October.", "2025-10"),
    ("In December, the state investor invested NOK 300 million in the plant.", "2025-12"),
    ("In March the board approved a second loan.", "2025-03"),
    ("Further offtake rounds are expected to open in July.", "2026-07"),
    ("The two governments will review it at a meeting in June.", "2026-06"),
    ("In December, the fund will invest a further EUR 20 million.", "2026-12"),
    ("A working group meets in September.", "2026-09"),
    ("The partnership will be chaired by the Republic of Korea through June.", "2026-06"),
    ("The agreement was signed in January.", "2026-01"),  # not after February: this year
]


@pytest.mark.parametrize(("text", "norm"), MONTH_CASES)
def test_bare_month_after_the_documents_month_follows_the_tense(text: str, norm: str) -> None:
    assert [n for _, n in _dates(text)] == [norm]
