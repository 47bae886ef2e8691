"""Links of an HTML page, absolute, with pagination ("next") links marked.

Pagination links do not count as a hop of --depth: following page 2 of a news index is
the same index. `rel="nofollow"` links and pages with `<meta name="robots"
content="nofollow">` are not followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from extractor.ingest.crawl.urls import try_canonicalize


@dataclass(frozen=True)
class Link:
    url: str  # canonical
    pagination: bool = False


def _rels(element: etree._Element) -> set[str]:
    return {r.lower() for r in (element.get("rel") or "").split()}


def extract_links(html: str, base_url: str) -> list[Link]:
    """Canonical http(s) links of `html`, in page order, without repeats."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    for meta in tree.iter("meta"):
        if (meta.get("name") or "").lower() == "robots" and "nofollow" in (
            meta.get("content") or ""
        ).lower():
            return []
    base = base_url
    for element in tree.iter("base"):
        if element.get("href"):
            base = urljoin(base_url, element.get("href", "").strip())
            break
    found: dict[str, Link] = {}
    for element in tree.iter("a", "link", "area"):
        href = element.get("href")
        rels = _rels(element)
        if not href or "nofollow" in rels:
            continue
        pagination = "next" in rels
        # <link> elements are navigation only when they say so (not stylesheets, icons).
        if element.tag == "link" and not pagination:
            continue
        url = try_canonicalize(href, base)
        if url is None:
            continue
        if url not in found or (pagination and not found[url].pagination):
            found[url] = Link(url, pagination)
    return list(found.values())
