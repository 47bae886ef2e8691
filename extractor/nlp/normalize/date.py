"""Dates: find calendar expressions in text and resolve them to ISO 8601.

Absolute dates ("February 4, 2026", "4 Feb 2026", "June 2026", "2025") are parsed by
compiled patterns; relative ones ("Tuesday", "last November", "next month", "this
year", "today") are resolved against the document's reference date. Durations ("six
months", "the past five months") are never matched. The output is as precise as the
text: "2026-02-04", "2026-06" or "2026".

dateparser is the fallback for date strings the fast path does not know (metadata
such as "Wed, 04 Feb 2026 10:00:00 GMT"); it is slow, so it is cached and kept off the
per-token path.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from extractor.nlp.normalize.scan import StartIndex, finditer_at

MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    MONTHS[calendar.month_name[_number].lower()] = _number
    MONTHS[calendar.month_abbr[_number].lower()] = _number
MONTHS["sept"] = 9
WEEKDAYS: dict[str, int] = {}
for _number in range(7):
    WEEKDAYS[calendar.day_name[_number].lower()] = _number
    WEEKDAYS[calendar.day_abbr[_number].lower()] = _number
WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

_MONTH_FULL = "|".join(calendar.month_name[n] for n in range(1, 13))
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
WEEKDAY = "(?:" + "|".join(calendar.day_name[n] for n in range(7)) + ")"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:19[5-9]\d|20\d\d|2100)"
# Words that make a bare month name a date ("in June", "through June", "last November").
_MONTH_LEADS = (r"in|on|by|until|till|through|since|from|to|during|before|after|of|"
                r"early|late|mid|end|beginning|start|since|last|next|this|coming|each|every|"
                r"until|between|and|or|as of")
# Nouns after a four-digit number that make it a quantity, not a year.
_QUANTITY_AFTER = (r"tonnes|tons|t|kt|mt|people|jobs|workers|MW|GW|kW|MWh|GWh|km|kilometres|"
                   r"kilometers|miles|hectares|ha|units|barrels|ounces|oz|vehicles|homes|"
                   r"households|students|companies|projects|sites|meters|metres|feet")

_RELATIVE_UNITS = r"week|month|year"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("weekday_full", re.compile(
        rf"\b(?P<weekday>{WEEKDAY}),?\s+(?P<month>{MONTH})\s+(?P<day>{DAY}),?\s+(?P<year>{YEAR})\b")),
    ("weekday_full_dmy", re.compile(
        rf"\b(?P<weekday>{WEEKDAY}),?\s+(?P<day>{DAY})\s+(?P<month>{MONTH}),?\s+(?P<year>{YEAR})\b")),
    ("mdy", re.compile(rf"\b(?P<month>{MONTH})\s+(?P<day>{DAY}),?\s+(?P<year>{YEAR})\b")),
    ("dmy", re.compile(rf"\b(?P<day>{DAY})\s+(?:of\s+)?(?P<month>{MONTH}),?\s+(?P<year>{YEAR})\b")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month_num>0[1-9]|1[0-2])-(?P<day>[0-2]\d|3[01])\b")),
    # "27.01.2026": day first, as European releases write it (a dotted date is never US order)
    ("dmy_dotted", re.compile(
        rf"(?<![\d.])\b(?P<day>[12]\d|3[01]|0?[1-9])\.(?P<month_num>1[0-2]|0?[1-9])\.(?P<year>{YEAR})\b(?!\.\d)")),
    # "27/11/2025", "11/27/2025": slashed dates only where the order is certain (a number
    # over 12 is the day); "04/03/2026" could be either and is left alone
    ("dmy_slashed", re.compile(
        rf"(?<![\d/])\b(?P<day>1[3-9]|2\d|3[01])/(?P<month_num>1[0-2]|0?[1-9])/(?P<year>{YEAR})\b(?!/\d)")),
    ("mdy_slashed", re.compile(
        rf"(?<![\d/])\b(?P<month_num>1[0-2]|0?[1-9])/(?P<day>1[3-9]|2\d|3[01])/(?P<year>{YEAR})\b(?!/\d)")),
    ("my", re.compile(rf"\b(?P<month>{MONTH}),?\s+(?:of\s+)?(?P<year>{YEAR})\b")),
    ("md", re.compile(rf"\b(?P<month>{MONTH})\s+(?P<day>{DAY})\b(?!\s*(?:,\s*)?\d)(?!-)")),
    ("dm", re.compile(rf"(?<![\d,.])\b(?P<day>{DAY})\s+(?:of\s+)?(?P<month>{MONTH})\b")),
    ("rel_month", re.compile(
        rf"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming|[Pp]ast)\s+(?P<month>{_MONTH_FULL})\b")),
    ("weekday", re.compile(
        rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming|[Pp]ast)\s+)?(?P<weekday>{WEEKDAY})\b")),
    ("rel_unit", re.compile(rf"\b(?P<rel>last|next|this|past|previous|coming)\s+(?P<unit>{_RELATIVE_UNITS})\b",
                            re.IGNORECASE)),
    ("today", re.compile(r"\b(?P<word>today|yesterday|tomorrow)\b(?!'s|’s)", re.IGNORECASE)),
    # Korean and Japanese releases date by day of the month: "said on the 20th"
    ("ordinal_day", re.compile(r"(?<=\bon )the\s+(?P<day>[12]\d|3[01]|[1-9])(?:st|nd|rd|th)\b"
        r"(?!\s+(?:century|centuries|anniversary|edition|floor|round|time|times|largest|biggest))")),
    ("month", re.compile(rf"(?<=\b)(?P<month>{_MONTH_FULL})\b(?!\s+\d)")),
    ("year", re.compile(
        rf"(?<![\d$€£¥₹.,/])(?<!\d-)\b(?P<year>{YEAR})\b(?![.,]\d)(?!\s*(?:{_QUANTITY_AFTER})\b)(?!-\d)")),
]

# The first three characters of each pattern's matches (all start at a word start), so
# the scan only tries the word starts that can open one (see normalize/scan.py).
_MONTH_PREFIXES = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_WEEKDAY_PREFIXES = "Mon|Tue|Wed|Thu|Fri|Sat|Sun"
_REL_PREFIXES = "[Ll]as|[Nn]ex|[Tt]hi|[Cc]om|[Pp]as"
_PREFIXES: dict[str, str] = {
    "weekday_full": _WEEKDAY_PREFIXES,
    "weekday_full_dmy": _WEEKDAY_PREFIXES,
    "mdy": _MONTH_PREFIXES,
    "dmy": "[0-9]",
    "iso": "[12]",
    "dmy_dotted": "[0-9]",
    "dmy_slashed": "[0-9]",
    "mdy_slashed": "[0-9]",
    "my": _MONTH_PREFIXES,
    "md": _MONTH_PREFIXES,
    "dm": "[0-9]",
    "rel_month": _REL_PREFIXES,
    "weekday": f"{_REL_PREFIXES}|{_WEEKDAY_PREFIXES}",
    "rel_unit": "(?i:las|nex|thi|pas|pre|com)",
    "today": "(?i:tod|yes|tom)",
    "ordinal_day": "the",
    "month": _MONTH_PREFIXES,
    "year": "[12]",
}
_START_INDEX = StartIndex([re.compile(_PREFIXES[kind]) for kind, _ in PATTERNS])

_MONTH_LEAD_RE = re.compile(rf"(?:\b(?:{_MONTH_LEADS})|-)\s*$", re.IGNORECASE)
_FUTURE_HINT = re.compile(r"\b(?:will|shall|to be|is to|are to|scheduled|planned|expected|due)\b[^.;]{0,40}$",
                          re.IGNORECASE)
# A bare month later in the year than the document's month is last year's when the clause
# reports the past: "approved by the Board in November", "since October", "concluded in
# December", or the month opening the clause with a past verb after it ("In December, the
# fund invested"); a future clause keeps the document's year ("will open in July").
_PAST_HINT = re.compile(r"\b(?:since|[a-z]{3,}ed|was|were|had)\b[^.;:\n]{0,40}$", re.IGNORECASE)
_PAST_AFTER_OPENING = re.compile(r"^,?\s[^.;:\n]{0,80}?\b(?:[a-z]{3,}ed|was|were|had)\b", re.IGNORECASE)
_CLAUSE_OPENING = re.compile(r"(?:^|[.;:!?]\s+|\n\s*)(?:[Ii]n|[Ss]ince|[Bb]ack in|[Ll]ate in|[Ee]arly in)\s+$")
_FUTURE_AFTER = re.compile(r"^[^.;:\n]{0,80}\b(?:will|would|shall|expected|planned|scheduled|intends?)\b",
                           re.IGNORECASE)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    kind: str
    parts: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        return dict(self.parts).get(name)


def find_dates(text: str) -> list[DateMatch]:
    """Calendar expressions in `text`, longest first where they overlap, in text order."""
    return list(_find_dates(text))


# The rule matcher and `reference_date` both scan each document's text; the last few
# results are kept so the second scan is free (matches are frozen, so sharing is safe).
@lru_cache(maxsize=8)
def _find_dates(text: str) -> tuple[DateMatch, ...]:
    taken: list[tuple[int, int]] = []
    found: list[DateMatch] = []
    for (kind, pattern), starts in zip(PATTERNS, _START_INDEX.positions(text), strict=True):
        for match in finditer_at(pattern, text, starts):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            before = text[max(0, start - 24) : start]
            if kind == "month" and not _MONTH_LEAD_RE.search(before):
                continue  # "May" the verb, "June" a name: only after a leading word
            if kind == "month" and match.group("month") == "May" and not re.search(
                r"\b(?:in|since|until|by|through|early|late|mid|of)\s*-?\s*$", before, re.IGNORECASE
            ):
                continue
            if kind == "rel_unit" and match.group("rel").lower() in ("past", "previous"):
                continue  # "the past year" is a duration
            if kind == "today" and re.search(r"\b(?:of|world|until|to)\s+$", before, re.IGNORECASE):
                continue  # "the world of today" means nowadays
            parts = tuple((k, v) for k, v in match.groupdict().items() if v)
            found.append(DateMatch(start, end, kind, parts))
            taken.append((start, end))
    found.sort(key=lambda m: m.start)
    return tuple(found)


def _month_number(raw: str | None) -> int | None:
    if raw is None:
        return None
    return MONTHS.get(raw.lower().rstrip("."))


def _day_number(raw: str | None) -> int | None:
    if raw is None:
        return None
    return int(re.sub(r"\D", "", raw))


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def resolve(match: DateMatch, reference: dt.date | None, context_before: str = "",
            context_after: str = "") -> str | None:
    """ISO form of a match; None when it needs a reference date that is missing. The text
    just before and after the match tells a past clause from a future one."""
    kind = match.kind
    year_raw = match.get("year")
    month = _month_number(match.get("month")) or (
        int(match.get("month_num")) if match.get("month_num") else None  # type: ignore[arg-type]
    )
    day = _day_number(match.get("day"))
    if kind in FULL_KINDS:
        return _iso(int(year_raw), month, day)  # type: ignore[arg-type]
    if kind == "my":
        return _iso(int(year_raw), month)  # type: ignore[arg-type]
    if kind == "year":
        return _iso(int(year_raw))  # type: ignore[arg-type]
    if reference is None:
        return None
    if kind in ("md", "dm"):
        return _iso(reference.year, month, day)
    if kind == "ordinal_day":
        return _iso(reference.year, reference.month, day)
    if kind == "month":
        assert month is not None
        if month > reference.month and _reports_past(context_before, context_after):
            return _iso(reference.year - 1, month)
        return _iso(reference.year, month)
    if kind == "rel_month":
        rel = match.get("rel").lower()  # type: ignore[union-attr]
        assert month is not None
        if rel in ("last", "past"):
            year = reference.year if month < reference.month else reference.year - 1
        elif rel in ("next", "coming"):
            year = reference.year if month > reference.month else reference.year + 1
        else:
            year = reference.year
        return _iso(year, month)
    if kind == "weekday":
        weekday = WEEKDAYS[match.get("weekday").lower()]  # type: ignore[union-attr]
        rel = (match.get("rel") or "").lower()
        back = (reference.weekday() - weekday) % 7
        ahead = (weekday - reference.weekday()) % 7
        if rel in ("last", "past"):
            target = reference - dt.timedelta(days=back or 7)
        elif rel in ("next", "coming"):
            target = reference + dt.timedelta(days=ahead or 7)
        elif rel == "this" or _FUTURE_HINT.search(context_before):
            target = reference + dt.timedelta(days=ahead)
        else:
            target = reference - dt.timedelta(days=back)
        return target.isoformat()
    if kind == "rel_unit":
        rel = match.get("rel").lower()  # type: ignore[union-attr]
        unit = match.get("unit").lower()  # type: ignore[union-attr]
        step = {"last": -1, "next": 1, "coming": 1}.get(rel, 0)
        if unit == "year":
            return _iso(reference.year + step)
        if unit == "month":
            return _iso(*_shift_month(reference.year, reference.month, step))
        shifted = reference + dt.timedelta(weeks=step)
        return _iso(shifted.year, shifted.month)  # "this week" resolves to the month
    if kind == "today":
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[match.get("word").lower()]  # type: ignore[union-attr]
        return (reference + dt.timedelta(days=offset)).isoformat()
    return None


# A month a clause looks ahead to or runs until ("will be chaired by Korea through June").
_FUTURE_CLAUSE = re.compile(r"\b(?:will|shall|would|to be|is to|are to|scheduled|planned|expected|due|"
                            r"through|until|till|by|before)\b[^.;:\n]{0,80}$", re.IGNORECASE)


def _reports_past(before: str, after: str) -> bool:
    if _FUTURE_HINT.search(before) or _FUTURE_CLAUSE.search(before):
        return False
    if _PAST_HINT.search(before):
        return True
    return bool(_CLAUSE_OPENING.search(before) and _PAST_AFTER_OPENING.search(after)
                and not _FUTURE_AFTER.search(after))


FULL_KINDS = frozenset({"weekday_full", "weekday_full_dmy", "mdy", "dmy", "iso", "dmy_dotted",
                        "dmy_slashed", "mdy_slashed"})


def full_date(match: DateMatch) -> dt.date | None:
    if match.kind not in FULL_KINDS:
        return None
    iso = resolve(match, None)
    return dt.date.fromisoformat(iso) if iso and len(iso) == 10 else None


def reference_date(text: str, published: str | None, head_chars: int = 400) -> dt.date | None:
    """The date relative expressions resolve against.

    `meta.published` first; else a full date near the top (a dateline or byline); else
    the latest full date in the text.
    """
    if published:
        parsed = parse_date_string(published)
        if parsed is not None:
            return parsed
    matches = find_dates(text)
    dates = [(m.start, d) for m in matches if (d := full_date(m)) is not None]
    if not dates:
        return _dateline_without_year(text, matches, head_chars)
    head = [d for start, d in dates if start < head_chars]
    if head:
        return head[0]
    return max(d for _, d in dates)


def _dateline_without_year(
    text: str, matches: list[DateMatch], head_chars: int, today: dt.date | None = None
) -> dt.date | None:
    """'SEOUL, Oct. 14 (Yonhap) -- ... said Tuesday': a wire dateline gives month and day;
    the year is the latest recent one in which that day (or the day before, for "said
    Tuesday" in the next morning's copy) falls on a weekday the opening text names, else
    the latest year in which the date is not in the future."""
    head = [m for m in matches if m.start < head_chars]
    partial = next((m for m in head if m.kind in ("md", "dm")), None)
    if partial is None:
        return None
    month, day = _month_number(partial.get("month")), _day_number(partial.get("day"))
    if month is None or day is None:
        return None
    today = today or dt.date.today()
    weekdays = {WEEKDAYS[m.get("weekday").lower()] for m in head  # type: ignore[union-attr]
                if m.kind == "weekday" and not m.get("rel")}
    candidates = []
    for year in range(today.year, today.year - 6, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:  # a dateline is never in the future
            candidates.append(candidate)
    for candidate in candidates:
        if weekdays and {candidate.weekday(), (candidate - dt.timedelta(days=1)).weekday()} & weekdays:
            return candidate
    return candidates[0] if candidates else None


@lru_cache(maxsize=4096)
def parse_date_string(value: str) -> dt.date | None:
    """A date from a metadata string: ISO fast path, then dateparser."""
    value = value.strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    import dateparser  # imported late: it is slow to import and rarely needed

    parsed = dateparser.parse(value, settings={"PREFER_DAY_OF_MONTH": "first",
                                               "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None
