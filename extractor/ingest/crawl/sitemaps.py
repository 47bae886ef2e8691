"""Sitemaps (sitemaps.org): a urlset lists pages, a sitemapindex lists further sitemaps."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from extractor.errors import ParseError


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: str | None = None


@dataclass(frozen=True)
class Sitemap:
    is_index: bool  # True: entries are sitemaps; False: entries are pages
    entries: tuple[SitemapEntry, ...]


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_sitemap(data: bytes) -> Sitemap:
    """Entries of a sitemap or sitemap index; raises ParseError when it is neither."""
    # No entity expansion or network access: sitemaps come from strangers.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=True, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"sitemap is not XML: {exc}") from exc
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise ParseError("not a sitemap: the root element is neither urlset nor sitemapindex")
    is_index = _local(root.tag) == "sitemapindex"
    child = "sitemap" if is_index else "url"
    entries = []
    for node in root:
        if _local(node.tag) != child:
            continue
        fields = {_local(sub.tag): (sub.text or "").strip() for sub in node}
        if fields.get("loc"):
            entries.append(SitemapEntry(fields["loc"], fields.get("lastmod") or None))
    return Sitemap(is_index, tuple(entries))
