"""Word .docx bytes to text (python-docx): body paragraphs and table rows, in document order.

Each paragraph is a line; each table row is a line with its cells joined by " | "
(a merged cell is written once). Headers, footers and comments are not part of the text.
A .docx is a zip archive, so its declared uncompressed size is checked against a cap
before python-docx opens it (a zip bomb becomes a ParseError, not a full memory).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from extractor.errors import ParseError

CELL_SEPARATOR = " | "
DEFAULT_MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class DocxText:
    text: str
    title: str | None = None


def _fold(text: str) -> str:
    return " ".join(text.split())


def _check_archive(data: bytes, max_uncompressed_bytes: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ParseError(f"not a .docx (not a zip archive): {exc}") from exc
    if "word/document.xml" not in names:
        raise ParseError("not a .docx: the archive has no word/document.xml")
    if total > max_uncompressed_bytes:
        raise ParseError(
            f".docx unpacks to {total:,} bytes, over the {max_uncompressed_bytes:,}-byte cap"
        )


def _row_line(row: object) -> str:
    cells: list[str] = []
    seen: set[int] = set()
    for cell in row.cells:  # type: ignore[attr-defined]
        key = id(cell._tc)  # a merged cell appears once per grid column it spans
        if key in seen:
            continue
        seen.add(key)
        cells.append(_fold(cell.text))
    return CELL_SEPARATOR.join(cells) if any(cells) else ""


def docx_to_text(data: bytes, max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES) -> DocxText:
    """Paragraphs and table rows of a .docx as lines, and the title of its core properties.

    Raises ParseError for data that is not a readable .docx, one over the size cap, and
    one without any text.
    """
    from docx import Document as open_docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    _check_archive(data, max_uncompressed_bytes)
    try:
        document = open_docx(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(line for row in block.rows if (line := _row_line(row)))
            else:
                line = _fold(block.text)
                if line:
                    lines.append(line)
        title = _fold(document.core_properties.title or "") or None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise ParseError(f"unreadable .docx: {type(exc).__name__}: {exc}") from exc
    if not lines:
        raise ParseError(".docx has no text")
    return DocxText(text="\n".join(lines), title=title)
