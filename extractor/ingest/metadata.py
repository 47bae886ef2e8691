"""What an HTML page says about itself: title, publication date, publisher, canonical URL, language.

Every reader takes a parsed lxml tree and only reads it (the main-text extractor mutates
its own copy). Publication dates are tried in a fixed order of trust, most explicit first:

1. JSON-LD `datePublished` (schema.org, written for machines, rarely wrong);
2. meta tags: `article:published_time`, `og:published_time`, `datePublished`, `pubdate`,
   `DC.date.issued`, `dcterms.created`, `parsely-pub-date`, `sailthru.date`, `date`, ...;
3. a `<time datetime>` element (one marked as the publication date first, then the first
   in `<article>`/`<main>`, then the first on the page);
4. a date in the URL path (`/2024/03/05/`, `/2024-03-05-`, `/20240305/`);
5. a dateline at the start of the article text ("WASHINGTON, March 5, 2024 —").

Only full calendar dates count (YYYY-MM-DD, years 1900-2100); a source that has none
hands over to the next one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAME = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# "March 5, 2024", "Mar. 5 2024", "5 March 2024", "2024-03-05"; used on meta values and datelines.
_MONTH_FIRST = re.compile(_MONTH_NAME + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I)
_DAY_FIRST = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_NAME + r",?\s+(?P<year>\d{4})\b", re.I)
_ISO_DATE = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")
_COMPACT_DATE = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?:\D|$)")
_URL_DATES = (
    re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:/|$|[-_])"),
    re.compile(r"(?:/|[-_])(?P<year>(?:19|20)\d{2})[-_](?P<month>\d{2})[-_](?P<day>\d{2})(?:/|$|[-_.])"),
    re.compile(r"/(?P<year>(?:19|20)\d{2})(?P<month>\d{2})(?P<day>\d{2})(?:/|$|[-_.])"),
)
# How far into the text a dateline may start: the first lines of a press release.
DATELINE_WINDOW = 300

PUBLISHED_META_KEYS: tuple[str, ...] = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "date",
    "article.published",
    "originalpublicationdate",
)
ARTICLE_SCHEMA_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "blogposting",
        "report",
        "pressrelease",
        "scholarlyarticle",
        "techarticle",
        "liveblogposting",
    }
)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:•·»]\s+")


@dataclass(frozen=True)
class PageMetadata:
    title: str | None = None
    source: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    # Candidates already ranked: JSON-LD, meta tags, <time>, URL (the dateline needs the text).
    published: str | None = None
    published_from: str | None = None
    # "article" / "website" / ... from og:type, and schema.org @types from JSON-LD, lower case.
    og_type: str | None = None
    schema_types: frozenset[str] = frozenset()


def clean_space(value: str | None) -> str | None:
    """`value` with runs of whitespace folded to one space, or None when nothing is left."""
    if value is None:
        return None
    folded = " ".join(value.split())
    return folded or None


def _valid_date(year: int, month: int, day: int) -> str | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(value: str | None) -> str | None:
    """An ISO YYYY-MM-DD from a machine or human date string, or None.

    Handles ISO 8601 (with or without time and zone), YYYYMMDD, RFC 2822 and
    "March 5, 2024" / "5 March 2024". The calendar date is taken as written, without
    converting the time zone: a release dated 23:00 local time stays on its day.
    """
    if not value:
        return None
    text = value.strip()
    match = _ISO_DATE.search(text[:40])
    if match:
        return _valid_date(int(match["year"]), int(match["month"]), int(match["day"]))
    match = _COMPACT_DATE.match(text)
    if match:
        return _valid_date(int(match["year"]), int(match["month"]), int(match["day"]))
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        match = pattern.search(text[:80])
        if match:
            month = MONTHS[match["month"].lower()]
            return _valid_date(int(match["year"]), month, int(match["day"]))
    parsed = parsedate(text)
    if parsed:
        return _valid_date(parsed[0], parsed[1], parsed[2])
    return None


def _meta_values(tree: HtmlElement) -> dict[str, str]:
    """Meta tags by lower-cased name/property/itemprop/http-equiv; the first one of a key wins."""
    values: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                values.setdefault(key.strip().lower(), content.strip())
    return values


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict[str, object]]:
    """Every JSON object in the page's JSON-LD scripts, @graph members included, in page order."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue  # broken JSON-LD is common; the other sources remain
        # Walk with an explicit stack: JSON-LD can nest deeply and must not recurse.
        stack: list[object] = [data]
        ordered: list[dict[str, object]] = []
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                ordered.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))
        yield from ordered


def _schema_types(item: dict[str, object]) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if isinstance(k, str)}


def _name_of(value: object) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("name")
    return clean_space(value) if isinstance(value, str) else None


def _json_ld_fields(tree: HtmlElement) -> tuple[str | None, str | None, str | None, frozenset[str]]:
    """(datePublished, publisher name, headline, all @types) from JSON-LD, articles first."""
    published = publisher = headline = None
    fallback_published = fallback_publisher = fallback_headline = None
    types: set[str] = set()
    for item in _json_ld_objects(tree):
        item_types = _schema_types(item)
        types |= item_types
        date_value = parse_date(item["datePublished"]) if isinstance(item.get("datePublished"), str) else None
        name = _name_of(item.get("publisher"))
        title = clean_space(item["headline"]) if isinstance(item.get("headline"), str) else None
        if item_types & ARTICLE_SCHEMA_TYPES:
            published = published or date_value
            publisher = publisher or name
            headline = headline or title
        else:
            fallback_published = fallback_published or date_value
            fallback_publisher = fallback_publisher or name
            fallback_headline = fallback_headline or title
    return (
        published or fallback_published,
        publisher or fallback_publisher,
        headline or fallback_headline,
        frozenset(types),
    )


def _time_element_date(tree: HtmlElement) -> str | None:
    """The date of a `<time datetime>`: a marked publication time first, then article order."""
    times = [element for element in tree.iter("time") if element.get("datetime")]
    if not times:
        return None

    def marked(element: HtmlElement) -> bool:
        hints = " ".join(
            element.get(attribute, "") for attribute in ("itemprop", "class", "id", "property")
        ).lower()
        return element.get("pubdate") is not None or "published" in hints or "pubdate" in hints

    def in_article(element: HtmlElement) -> bool:
        return any(parent.tag in ("article", "main") for parent in element.iterancestors())

    ranked = (
        [t for t in times if marked(t)]
        + [t for t in times if in_article(t)]
        + times
    )
    for element in ranked:
        found = parse_date(element.get("datetime"))
        if found:
            return found
    return None


def url_date(url: str | None) -> str | None:
    """A full date written in a URL path, e.g. /2024/03/05/ or /news/2024-03-05-title."""
    if not url:
        return None
    path = urlsplit(url).path
    for pattern in _URL_DATES:
        match = pattern.search(path)
        if match:
            found = _valid_date(int(match["year"]), int(match["month"]), int(match["day"]))
            if found:
                return found
    return None


def dateline_date(text: str) -> str | None:
    """A date at the head of the article text, as in "WASHINGTON, March 5, 2024 — ..."."""
    head = text[:DATELINE_WINDOW]
    candidates = []
    for pattern in (_MONTH_FIRST, _DAY_FIRST, _ISO_DATE):
        match = pattern.search(head)
        if match:
            candidates.append(match)
    if not candidates:
        return None
    first = min(candidates, key=lambda m: m.start())
    month_text = first["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()]
    return _valid_date(int(first["year"]), month, int(first["day"]))


def _language(tree: HtmlElement, meta: dict[str, str]) -> str | None:
    """Primary language subtag, lower case ("en" from "en-US"), from <html lang> first."""
    root = tree.getroottree().getroot()
    candidates = [
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        root.get("xml:lang"),
        meta.get("content-language"),
        meta.get("og:locale"),
        meta.get("language"),
    ]
    for raw in candidates:
        if not raw:
            continue
        primary = re.split(r"[-_,;\s]", raw.strip(), maxsplit=1)[0].lower()
        if re.fullmatch(r"[a-z]{2,3}", primary):
            return primary
    return None


def _canonical_url(tree: HtmlElement, meta: dict[str, str], url: str | None) -> str | None:
    """<link rel=canonical>, then og:url, made absolute against <base href> or the page URL."""
    base = url
    for element in tree.iter("base"):
        if element.get("href"):
            base = urljoin(url or "", element.get("href", "").strip()) or base
            break
    candidates: list[str] = []
    for element in tree.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        if "canonical" in rel and element.get("href"):
            candidates.append(element.get("href", "").strip())
    if meta.get("og:url"):
        candidates.append(meta["og:url"])
    for candidate in candidates:
        absolute = urljoin(base, candidate) if base else candidate
        if urlsplit(absolute).scheme in ("http", "https"):
            return absolute
    return url


def _title(tree: HtmlElement, meta: dict[str, str], headline: str | None, source: str | None) -> str | None:
    """og:title, then JSON-LD headline, twitter:title, a single <h1>, then <title> minus the site name."""
    for candidate in (meta.get("og:title"), headline, meta.get("twitter:title")):
        cleaned = clean_space(candidate)
        if cleaned:
            return cleaned
    headings = [clean_space(h.text_content()) for h in tree.iter("h1")]
    headings = [h for h in headings if h]
    if len(headings) == 1:
        return headings[0]
    title_element = next(tree.iter("title"), None)
    if title_element is None:
        return headings[0] if headings else None
    title = clean_space(title_element.text_content())
    if not title:
        return headings[0] if headings else None
    # "Release title | Agency name": drop the site part when it can be recognised.
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        if source and parts[-1].lower() == source.lower():
            return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
        if source and parts[0].lower() == source.lower():
            return parts[-1]
    return title


def read_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Title, publisher, canonical URL, language and the best non-text date of a page."""
    meta = _meta_values(tree)
    ld_published, ld_publisher, ld_headline, schema_types = _json_ld_fields(tree)
    source = (
        clean_space(meta.get("og:site_name"))
        or ld_publisher
        or clean_space(meta.get("publisher"))
        or clean_space(meta.get("dc.publisher"))
        or clean_space(meta.get("application-name"))
    )
    canonical = _canonical_url(tree, meta, url)

    published, published_from = ld_published, "json-ld"
    if not published:
        published, published_from = next(
            ((found, "meta") for key in PUBLISHED_META_KEYS if (found := parse_date(meta.get(key)))),
            (None, None),
        )
    if not published:
        published, published_from = _time_element_date(tree), "time"
    if not published:
        published, published_from = url_date(url) or url_date(canonical), "url"
    if not published:
        published_from = None
    return PageMetadata(
        title=_title(tree, meta, ld_headline, source),
        source=source,
        canonical_url=canonical,
        language=_language(tree, meta),
        published=published,
        published_from=published_from,
        og_type=(meta.get("og:type") or "").strip().lower() or None,
        schema_types=schema_types,
    )
