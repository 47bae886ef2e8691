"""A fetched page (HTML, PDF or plain text) to a `Document` in the record shape."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from extractor.errors import ParseError
from extractor.ingest.crawl.fetch import FetchResult
from extractor.ingest.crawl.urls import doc_id_for, host_of, try_canonicalize
from extractor.ingest.decode import decode_bytes
from extractor.ingest.html import html_to_article
from extractor.records import ISO_DATE_PATTERN, Document, DocumentMeta

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


@dataclass(frozen=True)
class Page:
    """What a page yielded: perhaps a document, perhaps only links."""

    document: Document | None
    is_article: bool
    html: str | None = None  # decoded HTML, for link extraction


def _pdf_text(data: bytes) -> tuple[str, str | None]:
    try:
        from extractor.ingest.pdf import pdf_to_text
    except ImportError:
        return _pdf_text_fallback(data)
    extracted = pdf_to_text(data)
    return extracted.text, getattr(extracted, "title", None)


def _pdf_text_fallback(data: bytes) -> tuple[str, str | None]:
    """Used only while extractor.ingest.pdf does not exist."""
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data))
        text = "\n".join((page.extract_text() or "").strip() for page in reader.pages).strip()
        title = reader.metadata.title if reader.metadata else None
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ParseError(f"broken PDF: {exc}") from exc
    if not text:
        raise ParseError("PDF has no text layer")
    return text, title or None


def declared_charset(result: FetchResult, body: bytes) -> str | None:
    if result.charset:
        return result.charset
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _base_meta(result: FetchResult, content_type: str | None) -> dict[str, Any]:
    return {
        "url": result.url,
        "final_url": result.final_url,
        "fetched_at": result.fetched_at,
        "content_type": content_type,
        "status": result.status,
        "source": host_of(result.final_url),
    }


def _document(doc_url: str, text: str, meta: dict[str, Any]) -> Document:
    if meta.get("published") and not re.match(ISO_DATE_PATTERN, str(meta["published"])):
        meta["published"] = None
    try:
        return Document(id=doc_id_for(doc_url), text=text, meta=DocumentMeta(**meta))
    except ValidationError as exc:
        raise ParseError(f"page does not fit the document shape: {exc}") from exc


def html_page(result: FetchResult, body: bytes) -> Page:
    decoded = decode_bytes(body, declared_charset(result, body))
    article = html_to_article(decoded.text, result.final_url)
    canonical = None
    if article.canonical_url:
        candidate = try_canonicalize(article.canonical_url, result.final_url)
        # A canonical link to another host could be used to pass one site off as another.
        if candidate and host_of(candidate) == host_of(result.final_url):
            canonical = candidate
    canonical = canonical or try_canonicalize(result.final_url) or result.final_url
    if not article.text.strip():
        return Page(None, False, decoded.text)
    meta = _base_meta(result, result.content_type or "text/html")
    meta.update(canonical_url=canonical, encoding=decoded.encoding, **article.meta_fields())
    return Page(_document(canonical, article.text, meta), article.is_article, decoded.text)


def pdf_page(result: FetchResult, body: bytes) -> Page:
    text, title = _pdf_text(body)
    canonical = try_canonicalize(result.final_url) or result.final_url
    meta = _base_meta(result, "application/pdf")
    meta.update(canonical_url=canonical, title=title, is_article=True)
    if result.content_type and result.content_type != "application/pdf":
        meta["declared_content_type"] = result.content_type
    return Page(_document(canonical, text, meta), True)


def text_page(result: FetchResult, body: bytes) -> Page:
    decoded = decode_bytes(body, result.charset)
    canonical = try_canonicalize(result.final_url) or result.final_url
    meta = _base_meta(result, result.content_type or "text/plain")
    first_line = next((line.strip() for line in decoded.text.splitlines() if line.strip()), None)
    meta.update(
        canonical_url=canonical,
        title=first_line[:200] if first_line else None,
        encoding=decoded.encoding,
        is_article=True,
    )
    return Page(_document(canonical, decoded.text, meta), True)
