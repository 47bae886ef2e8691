"""What a response body is, from its bytes first and its Content-Type second.

Servers lie (a PDF as text/html, a feed as text/plain), so magic bytes and the root
element of XML decide before the header does. The general sniffer is
`extractor.ingest.sniff.sniff_kind` when that module exists; `_fallback_kind` stands in
for it otherwise. Sitemaps and feeds are told apart here because only the crawler cares.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extractor.ingest.decode import looks_binary

# Kinds: "sitemap", "sitemapindex", "feed", plus those of sniff_kind:
# "pdf", "html", "text", "docx", "gzip", "binary".
_ROOT = re.compile(rb"<(?![?!])([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_XML_ROOTS = {
    b"urlset": "sitemap",
    b"sitemapindex": "sitemapindex",
    b"rss": "feed",
    b"feed": "feed",
    b"RDF": "feed",
}
_HTML_HINT = re.compile(rb"<(!doctype\s+html|html|head|body|title|p|div|a\s)[\s>]", re.I)


def _xml_root(body: bytes) -> bytes | None:
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    # Skip the XML declaration, comments and doctype to reach the first element.
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", head, flags=re.S)
    match = _ROOT.search(head)
    return match.group(2) if match else None


def _fallback_kind(data: bytes, content_type: str | None, filename: str | None) -> str:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x1f\x8b"):
        return "gzip"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if (filename or "").lower().endswith(".docx") else "binary"
    if looks_binary(data):
        return "binary"
    if _HTML_HINT.search(data[:4096]):
        return "html"
    ctype = (content_type or "").lower()
    if "html" in ctype:
        return "html"
    return "text"


def _sniffer() -> Callable[[bytes, str | None, str | None], str]:
    try:
        from extractor.ingest.sniff import sniff_kind
    except ImportError:
        return _fallback_kind
    return sniff_kind


def classify(data: bytes, content_type: str | None, url: str | None = None) -> str:
    """The kind of `data`; see the module docstring for the vocabulary."""
    root = _xml_root(data)
    if root is not None and root in _XML_ROOTS:
        return _XML_ROOTS[root]
    filename = url.rsplit("/", 1)[-1].split("?", 1)[0] if url else None
    return _sniffer()(data, content_type, filename)
