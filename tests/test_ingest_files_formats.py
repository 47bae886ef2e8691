"""PDF, .docx and gzip inputs, the loaders that read them, and content sniffing."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from extractor.errors import ParseError
from extractor.ingest.docx import docx_to_text
from extractor.ingest.files import LoadSettings, iter_documents, load_file, supported_suffix
from extractor.ingest.pdf import pdf_to_text
from extractor.ingest.sniff import sniff_kind
from extractor.records import Document, ErrorEntry

# ---------------------------------------------------------------- fixtures made in the test


def _pdf_string(text: str) -> bytes:
    return b"(" + text.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A small valid PDF, written by hand: one Helvetica text line per string, xref included."""
    objects: list[bytes] = []
    page_count = len(pages)
    # 1: catalog, 2: pages, 3: font, then per page a page object and a content stream.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(page_count))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {page_count} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for index, lines in enumerate(pages):
        content_id = 5 + 2 * index
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        ops = [b"BT", b"/F1 12 Tf", b"14 TL", b"72 720 Td"]
        for line in lines:
            ops.append(_pdf_string(line) + b" Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info_id = None
    if title is not None:
        objects.append(b"<< /Title " + _pdf_string(title) + b" >>")
        info_id = len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def make_blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(title: str | None = "Critical Minerals Fact Sheet") -> bytes:
    from docx import Document as new_docx

    document = new_docx()
    if title:
        document.core_properties.title = title
    document.add_heading("Fact Sheet: Minerals Security Partnership", level=1)
    document.add_paragraph("The partners signed a memorandum of understanding on 5 March 2024.")
    document.add_paragraph("A loan of $300 million for a cobalt refinery.", style="List Bullet")
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, [("Country", "Mineral", "Amount"), ("Zambia", "Copper", "$150 million")], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Closing paragraph after the table.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


HTML_PAGE = """<html lang="en"><head><title>Release</title>
<meta property="og:site_name" content="Ministry"></head><body><nav><a href="/">Home</a></nav>
<article><h1>Ministry signs lithium agreement</h1>
<p>The Ministry of Mines signed a lithium supply agreement with a consortium of three refiners on Tuesday.</p>
<p>Under the agreement the consortium will invest $400 million in a refinery near the port of Antofagasta.</p>
<p>Deliveries of battery-grade lithium hydroxide are expected to start in the second half of 2026.</p>
</article><footer>Contact the press office</footer></body></html>"""


# ---------------------------------------------------------------- PDF


def test_pdf_text_layer_pages_and_title() -> None:
    data = make_pdf(
        [["Fact sheet: critical minerals", "The loan is worth $50 million."], ["Second page text."]],
        title="Minerals Fact Sheet",
    )
    pdf = pdf_to_text(data)
    assert pdf.title == "Minerals Fact Sheet"
    assert pdf.pages == 2
    assert "The loan is worth $50 million." in pdf.text
    first, second = pdf.text.split("\n\n")
    assert "critical minerals" in first
    assert second == "Second page text."


def test_pdf_without_text_layer_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="no text layer"):
        pdf_to_text(make_blank_pdf())


def test_encrypted_pdf_is_a_parse_error() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ParseError, match="encrypted"):
        pdf_to_text(buffer.getvalue())


@pytest.mark.parametrize("data", [b"%PDF-1.4\nnot really a pdf", b"plain text, no header", make_pdf([["x"]])[:60]])
def test_broken_pdf_is_a_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError):
        pdf_to_text(data)


def test_pdf_loader_and_scanned_pdf_error_entry(tmp_path: Path) -> None:
    (tmp_path / "facts.pdf").write_bytes(make_pdf([["Loan of $5 million signed."]], title="Facts"))
    (tmp_path / "scan.pdf").write_bytes(make_blank_pdf())
    results = list(iter_documents([str(tmp_path)]))
    documents = [r for r in results if isinstance(r, Document)]
    errors = [r for r in results if isinstance(r, ErrorEntry)]
    assert [d.id for d in documents] == ["facts"]
    assert documents[0].text == "Loan of $5 million signed."
    assert documents[0].meta.title == "Facts"
    assert [(e.id, e.stage, e.error_type) for e in errors] == [("scan", "parse", "ParseError")]
    assert "no text layer" in errors[0].message


# ---------------------------------------------------------------- .docx


def test_docx_paragraphs_and_table_rows_as_lines() -> None:
    result = docx_to_text(make_docx())
    assert result.title == "Critical Minerals Fact Sheet"
    assert result.text.split("\n") == [
        "Fact Sheet: Minerals Security Partnership",
        "The partners signed a memorandum of understanding on 5 March 2024.",
        "A loan of $300 million for a cobalt refinery.",
        "Country | Mineral | Amount",
        "Zambia | Copper | $150 million",
        "Closing paragraph after the table.",
    ]


def test_docx_errors() -> None:
    with pytest.raises(ParseError, match="zip"):
        docx_to_text(b"not a zip at all")
    with pytest.raises(ParseError, match="cap"):
        docx_to_text(make_docx(), max_uncompressed_bytes=1000)


def test_docx_loader(tmp_path: Path) -> None:
    path = tmp_path / "sheet.docx"
    path.write_bytes(make_docx(title=None))
    (document,) = load_file(path)
    assert isinstance(document, Document)
    assert document.meta.title is None
    assert "Zambia | Copper | $150 million" in document.text


# ---------------------------------------------------------------- gzip


def test_html_gz_and_txt_gz(tmp_path: Path) -> None:
    (tmp_path / "release.html.gz").write_bytes(gzip.compress(HTML_PAGE.encode("utf-8")))
    (tmp_path / "notes.txt.gz").write_bytes(gzip.compress(b"Plain notes: $5 million.\n"))
    (tmp_path / "readme.md.gz").write_bytes(gzip.compress(b"# Heading\n\nMarkdown body.\n"))
    (tmp_path / "old.htm.gz").write_bytes(gzip.compress(HTML_PAGE.encode("utf-8")))
    assert supported_suffix(tmp_path / "release.html.gz") == ".html.gz"
    results = {r.id: r for r in iter_documents([str(tmp_path)])}
    assert all(isinstance(r, Document) for r in results.values()), results
    assert set(results) == {"release", "notes", "readme", "old"}
    release = results["release"]
    assert "invest $400 million in a refinery" in release.text
    assert "Contact the press office" not in release.text
    assert release.meta.source == "Ministry"
    assert results["notes"].text == "Plain notes: $5 million.\n"
    assert results["readme"].text.startswith("# Heading")


def test_gzip_bomb_becomes_an_error_entry(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"A" * 5_000_000))  # ~5 KB on disk
    settings = LoadSettings(max_decompressed_bytes=1_000_000)
    (entry,) = load_file(path, settings)
    assert isinstance(entry, ErrorEntry)
    assert entry.stage == "load"
    assert entry.error_type == "LoadError"
    assert "cap" in entry.message


def test_corrupt_gzip_becomes_an_error_entry(tmp_path: Path) -> None:
    path = tmp_path / "broken.html.gz"
    path.write_bytes(gzip.compress(HTML_PAGE.encode())[:40])
    (entry,) = load_file(path)
    assert isinstance(entry, ErrorEntry)
    assert entry.stage == "load"


def test_pdf_saved_as_html_is_read_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "download.html"
    path.write_bytes(make_pdf([["Offtake agreement for nickel."]]))
    (document,) = load_file(path)
    assert isinstance(document, Document)
    assert document.text == "Offtake agreement for nickel."


# ---------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    ("data", "content_type", "filename", "expected"),
    [
        (make_pdf([["x"]]), "text/html; charset=utf-8", "page.html", "pdf"),  # magic beats type and name
        (b"junk\r\n%PDF-1.7\n", None, None, "pdf"),
        (gzip.compress(b"<html></html>"), "text/html", None, "gzip"),
        (make_docx(), "application/octet-stream", None, "docx"),
        (b"PK\x03\x04" + b"\x00" * 40, None, "archive.zip", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "text/html", None, "binary"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "text/plain", "notes.txt", "html"),
        (b"\xef\xbb\xbf  <html lang='en'><p>x</p></html>", None, None, "html"),
        ("<html><body>é</body></html>".encode("utf-16"), None, None, "html"),
        (b"Just a line of text.", "text/plain", None, "text"),
        (b"Just a line of text.", "text/html", None, "html"),  # declared type before the name
        (b"Just a line of text.", None, "notes.md", "text"),
        (b"Just a line of text.", "application/octet-stream", "https://x.org/a/report.pdf?v=2", "pdf"),
        (b"Hello <p>there</p> friend", None, None, "html"),
        (b"Hello there friend", None, None, "text"),
        (b"\x00\x01\x02\x03binary\x00", None, None, "binary"),
        (b"\x00\x01\x02\x03binary\x00", "text/plain", "x.txt", "binary"),
        (b"", None, None, "binary"),
    ],
)
def test_sniff_kind(data: bytes, content_type: str | None, filename: str | None, expected: str) -> None:
    assert sniff_kind(data, content_type, filename) == expected
