"""What kind of document some bytes are: magic bytes first, then the declared type, then the name.

Servers and file names lie more often than magic bytes do: a PDF served as text/html is
read as a PDF, an HTML page saved as .txt is read as HTML. The declared Content-Type and
the file name only decide when the bytes themselves are not conclusive.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Literal

from extractor.ingest.decode import looks_binary

Kind = Literal["pdf", "html", "text", "docx", "gzip", "binary"]

_BINARY_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"RIFF",  # WebP, WAV, AVI
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",  # OLE2: legacy .doc/.xls/.ppt
    b"7z\xbc\xaf",
    b"Rar!",
    b"\xfd7zXZ",
    b"\x28\xb5\x2f\xfd",  # zstd
    b"OggS",
    b"ID3",
    b"%!PS",
)
_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.I | re.S,
)
_HTML_TAGS = re.compile(rb"<(?:html|body|div|p|table|article|section|h[1-6]|br)\b[^>]*>", re.I)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

_DECLARED: dict[str, Kind] = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/gzip": "gzip",
    "application/x-gzip": "gzip",
    "text/plain": "text",
    "text/markdown": "text",
    "text/x-markdown": "text",
}
_BY_SUFFIX: tuple[tuple[str, Kind], ...] = (
    (".pdf", "pdf"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".docx", "docx"),
    (".gz", "gzip"),
    (".tgz", "gzip"),
    (".txt", "text"),
    (".text", "text"),
    (".md", "text"),
    (".markdown", "text"),
)


def _zip_kind(data: bytes) -> Kind | None:
    """"docx" for a Word archive, "binary" for another zip, None when the zip cannot be read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        # A cut archive has no central directory; the local header still names its parts.
        return "docx" if b"word/" in data[:65536] or b"[Content_Types].xml" in data[:200] else None
    return "docx" if "word/document.xml" in names else "binary"


def _from_magic(data: bytes) -> Kind | None:
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(_BINARY_MAGIC):
        return "binary"
    text_head = head
    for bom in _BOMS:
        if text_head.startswith(bom):
            text_head = text_head[len(bom) :]
            break
    if b"\x00" in text_head:
        # UTF-16 text: sniff on the ASCII bytes only.
        text_head = text_head.replace(b"\x00", b"")
    if _HTML_START.match(text_head.lstrip()):
        return "html"
    return None


def _from_declared(content_type: str | None) -> Kind | None:
    if not content_type:
        return None
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type in _DECLARED:
        return _DECLARED[media_type]
    if media_type.startswith("text/"):
        return "text"
    if media_type.startswith(("image/", "audio/", "video/", "font/")):
        return "binary"
    return None  # application/octet-stream and the like say nothing


def _from_name(filename: str | None) -> Kind | None:
    if not filename:
        return None
    name = filename.lower().rsplit("/", 1)[-1].split("?", 1)[0]
    for suffix, kind in _BY_SUFFIX:
        if name.endswith(suffix):
            return kind
    return None


def sniff_kind(data: bytes, content_type: str | None = None, filename: str | None = None) -> Kind:
    """"pdf" | "html" | "text" | "docx" | "gzip" | "binary" for `data`.

    Magic bytes decide first (PDF, gzip, zip/docx, images and executables, an HTML start);
    then the declared Content-Type; then the file name or URL path; last the content
    again: binary-looking bytes are "binary", bytes with HTML tags are "html", the rest "text".
    """
    kind = _from_magic(data) or _from_declared(content_type) or _from_name(filename)
    if kind is not None:
        # A declared text/HTML type over bytes that are plainly binary is still binary.
        if kind in ("text", "html") and looks_binary(data) and not data.startswith(_BOMS):
            return "binary"
        return kind
    if not data or looks_binary(data):
        return "binary"
    return "html" if _HTML_TAGS.search(data[:8192]) else "text"
