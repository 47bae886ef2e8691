"""PDF bytes to text through the PDF's own text layer (pypdf); no OCR.

Pages are joined with a blank line. A PDF without a text layer (a scan), an encrypted PDF
that does not open with the empty password, and a PDF pypdf cannot read all raise
ParseError with a message that says which.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from extractor.errors import ParseError

DEFAULT_MAX_PAGES = 2000
# Control characters pypdf can leave in text (form feeds, NULs); tabs and newlines stay.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Titles that are tool defaults, not the document's title.
_PLACEHOLDER_TITLE = re.compile(r"^(untitled|microsoft word - .*|document\d*|\W*)$", re.I)

# pypdf warns on every repairable defect; the text is still fine, so keep logs quiet.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class PdfText:
    text: str
    title: str | None = None
    pages: int = 0
    pages_with_text: int = 0


def _clean_page(text: str) -> str:
    """A page's text with trailing spaces and control characters gone, blank edges trimmed."""
    lines = [_CONTROL_CHARS.sub("", line).rstrip() for line in text.splitlines()]
    return "\n".join(lines).strip("\n ")


def _title(reader: object) -> str | None:
    try:
        metadata = reader.metadata  # type: ignore[attr-defined]
        raw = metadata.title if metadata is not None else None
    except Exception:  # metadata is optional; a broken info dictionary must not sink the text
        return None
    if not isinstance(raw, str):
        return None
    title = " ".join(raw.split())
    return None if not title or _PLACEHOLDER_TITLE.match(title) else title


def pdf_to_text(data: bytes, max_pages: int = DEFAULT_MAX_PAGES) -> PdfText:
    """The text layer of a PDF, pages joined by blank lines, and its metadata title.

    Raises ParseError for data that is not a readable PDF, an encrypted PDF, a PDF over
    `max_pages` pages, and a PDF with no text layer (scanned pages, images only).
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    # The header may follow a little junk (the spec tolerates up to 1,024 bytes).
    if b"%PDF-" not in data[:1024]:
        raise ParseError("not a PDF (no %PDF- header in the first 1,024 bytes)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many PDFs are encrypted with an empty user password (only editing is locked).
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError) as exc:
                raise ParseError(f"encrypted PDF that cannot be opened here: {exc}") from exc
            if not opened:
                raise ParseError("encrypted PDF: a password is needed to read it")
        page_count = len(reader.pages)
    except ParseError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
        raise ParseError(f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    if page_count == 0:
        raise ParseError("PDF has no pages")
    if page_count > max_pages:
        raise ParseError(f"PDF has {page_count:,} pages, over the {max_pages:,}-page cap")

    page_texts: list[str] = []
    failures: list[str] = []
    for number in range(page_count):
        try:
            page_texts.append(_clean_page(reader.pages[number].extract_text() or ""))
        except FileNotDecryptedError as exc:
            raise ParseError(f"encrypted PDF: {exc}") from exc
        # pypdf raises many exception types on malformed content streams; one bad page
        # should cost that page, not the document.
        except Exception as exc:
            failures.append(f"page {number + 1}: {type(exc).__name__}")
            page_texts.append("")
    with_text = [text for text in page_texts if text.strip()]
    if not with_text:
        if failures:
            raise ParseError(f"no page of the PDF could be read ({', '.join(failures[:3])})")
        raise ParseError(
            f"PDF has no text layer ({page_count} page(s) without text): a scan or images; OCR is not done"
        )
    return PdfText(
        text="\n\n".join(with_text),
        title=_title(reader),
        pages=page_count,
        pages_with_text=len(with_text),
    )
