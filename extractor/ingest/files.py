"""Local inputs to documents: files, directories (recursive) and glob patterns.

`iter_documents` yields a `Document` for every readable document and an `ErrorEntry`
for every input that could not become one, so a batch never loses an input silently.
"""

from __future__ import annotations

import errno
import fnmatch
import glob
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from extractor.errors import DecodeError, DocumentError, LoadError, ParseError
from extractor.ingest.decode import decode_bytes
from extractor.ingest.html import html_to_article
from extractor.records import Document, DocumentMeta, ErrorEntry

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".txt.gz", ".md.gz"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".html.gz", ".htm.gz"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
PDF_SUFFIXES = frozenset({".pdf"})
DOCX_SUFFIXES = frozenset({".docx"})


@dataclass(frozen=True)
class LoadSettings:
    """Caps and filters for local loading."""

    max_file_bytes: int = 64 * 1024 * 1024
    # Output cap for .gz inputs and for the parts of a .docx archive (zip bombs).
    max_decompressed_bytes: int = 64 * 1024 * 1024
    max_pdf_pages: int = 2000
    # Longest decoded text accepted as one document (chunked above `chunk_chars` in batch).
    max_document_chars: int = 5_000_000
    # Matched against file names met while walking directories (not explicit files).
    exclude: tuple[str, ...] = ("README*", "LICENSE*", ".*", "*.deals.jsonl")


@dataclass
class DiscoveredFile:
    path: Path


@dataclass
class _IdAllocator:
    """Stable ids from file stems; a later file with a taken stem gets a path-hash suffix."""

    taken: set[str] = field(default_factory=set)

    def allocate(self, wanted: str, path: Path) -> str:
        if wanted not in self.taken:
            self.taken.add(wanted)
            return wanted
        import hashlib

        digest = hashlib.sha1(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
        candidate = f"{wanted}~{digest[:8]}"
        self.taken.add(candidate)
        return candidate


def supported_suffix(path: Path) -> str | None:
    """The suffix that picks a loader (".html.gz" for "page.html.gz"), or None if unsupported."""
    name = path.name.lower()
    for suffix in sorted(LOADERS, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return None


def document_stem(path: Path) -> str:
    suffix = supported_suffix(path)
    return path.name[: -len(suffix)] if suffix else path.stem


def _excluded(name: str, settings: LoadSettings) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in settings.exclude)


def _walk(root: Path, settings: LoadSettings) -> Iterator[Path | ErrorEntry]:
    """Files under `root`, sorted, following links but never twice into the same folder."""
    seen_dirs: set[tuple[int, int]] = set()

    def visit(directory: Path) -> Iterator[Path | ErrorEntry]:
        try:
            stat = directory.stat()
        except OSError as exc:
            yield ErrorEntry(source=str(directory), stage="discover", error_type=type(exc).__name__,
                             message=f"cannot read directory: {exc.strerror or exc}")
            return
        key = (stat.st_dev, stat.st_ino)
        if key in seen_dirs:
            return  # a symlink loop or a second link to a folder already walked
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as exc:
            yield ErrorEntry(source=str(directory), stage="discover", error_type=type(exc).__name__,
                             message=f"cannot list directory: {exc.strerror or exc}")
            return
        for entry in entries:
            if _excluded(entry.name, settings):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError as exc:
                loop = exc.errno == errno.ELOOP
                yield ErrorEntry(source=str(path), stage="discover",
                                 error_type="SymlinkLoop" if loop else type(exc).__name__,
                                 message=f"cannot stat: {exc.strerror or exc}")
                continue
            if is_dir:
                yield from visit(path)
            elif is_file and supported_suffix(path):
                yield path
            elif entry.is_symlink() and not path.exists():
                yield ErrorEntry(source=str(path), stage="discover", error_type="BrokenLink",
                                 message="symbolic link to a missing target or a link loop")

    yield from visit(root)


def discover(inputs: Sequence[str], settings: LoadSettings | None = None) -> Iterator[Path | ErrorEntry]:
    """Expand files, directories and glob patterns into files, in a stable order."""
    settings = settings or LoadSettings()
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, settings)
        elif path.is_file():
            if supported_suffix(path):
                yield path
            else:
                yield ErrorEntry(source=raw, stage="discover", error_type="UnsupportedType",
                                 message=f"no loader for {path.name!r}; supported: "
                                         + ", ".join(sorted(LOADERS)))
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield ErrorEntry(source=raw, stage="discover", error_type="NoMatch",
                                 message="the pattern matches no file")
            for match in matches:
                match_path = Path(match)
                if match_path.is_dir():
                    yield from _walk(match_path, settings)
                elif supported_suffix(match_path) and not _excluded(match_path.name, settings):
                    yield match_path
        elif path.is_symlink():
            yield ErrorEntry(source=raw, stage="discover", error_type="BrokenLink",
                             message="symbolic link to a missing target or a link loop")
        else:
            yield ErrorEntry(source=raw, stage="discover", error_type="FileNotFoundError",
                             message="no such file or directory")


def read_capped(path: Path, settings: LoadSettings) -> bytes:
    """The file's bytes, refusing files over the size cap, transparently un-gzipping `.gz`."""
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise LoadError(f"file is {size:,} bytes, over the {settings.max_file_bytes:,}-byte cap")
        with path.open("rb") as handle:
            data = handle.read(settings.max_file_bytes + 1)
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}") from exc
    if path.name.lower().endswith(".gz"):
        from extractor.ingest.compression import gunzip_capped

        data = gunzip_capped(data, settings.max_decompressed_bytes)
    return data


def _meta_for(path: Path, **extra: object) -> DocumentMeta:
    return DocumentMeta(path=str(path), **extra)  # type: ignore[arg-type]


def _misnamed(data: bytes, path: Path, doc_id: str, settings: LoadSettings) -> list[Document] | None:
    """The document when a text or HTML file's bytes are really a PDF or a .docx, else None."""
    from extractor.ingest.sniff import sniff_kind

    kind = sniff_kind(data, None, path.name)
    if kind == "pdf":
        return [_pdf_document(data, path, doc_id, settings)]
    if kind == "docx":
        return [_docx_document(data, path, doc_id, settings)]
    return None


def load_text(path: Path, doc_id: str, settings: LoadSettings) -> Iterator[Document | ErrorEntry]:
    data = read_capped(path, settings)
    if (documents := _misnamed(data, path, doc_id, settings)) is not None:
        yield from documents
        return
    decoded = decode_bytes(data)
    if not decoded.text.strip():
        raise DecodeError("document has no text (empty or whitespace only)")
    yield Document(id=doc_id, text=decoded.text, meta=_meta_for(path, encoding=decoded.encoding))


def load_html(path: Path, doc_id: str, settings: LoadSettings) -> Iterator[Document | ErrorEntry]:
    data = read_capped(path, settings)
    if not data.strip():
        raise DecodeError("document has no text (empty or whitespace only)")
    if (documents := _misnamed(data, path, doc_id, settings)) is not None:
        yield from documents
        return
    decoded = decode_bytes(data)
    article = html_to_article(decoded.text, url=None)
    if not article.text.strip():
        raise ParseError("the page has no article text", stage="parse")
    meta = _meta_for(path, url=article.canonical_url, encoding=decoded.encoding,
                     **article.meta_fields())
    yield Document(id=doc_id, text=article.text, meta=meta)


def _pdf_document(data: bytes, path: Path, doc_id: str, settings: LoadSettings) -> Document:
    from extractor.ingest.pdf import pdf_to_text

    pdf = pdf_to_text(data, max_pages=settings.max_pdf_pages)
    return Document(id=doc_id, text=pdf.text, meta=_meta_for(path, title=pdf.title, pages=pdf.pages))


def _docx_document(data: bytes, path: Path, doc_id: str, settings: LoadSettings) -> Document:
    from extractor.ingest.docx import docx_to_text

    docx = docx_to_text(data, max_uncompressed_bytes=settings.max_decompressed_bytes)
    return Document(id=doc_id, text=docx.text, meta=_meta_for(path, title=docx.title))


def load_pdf(path: Path, doc_id: str, settings: LoadSettings) -> Iterator[Document | ErrorEntry]:
    """The PDF's text layer; a scan without one, or an encrypted PDF, is a ParseError."""
    yield _pdf_document(read_capped(path, settings), path, doc_id, settings)


def load_docx(path: Path, doc_id: str, settings: LoadSettings) -> Iterator[Document | ErrorEntry]:
    """Paragraphs and table rows of a Word .docx, one a line."""
    yield _docx_document(read_capped(path, settings), path, doc_id, settings)


def load_jsonl(path: Path, doc_id: str, settings: LoadSettings) -> Iterator[Document | ErrorEntry]:
    """Documents in the record shape, one a line, streamed; a bad line is an error entry and
    the rest go on (`spans` and other fields of the line are ignored)."""
    for line_number, line in iter_jsonl_lines(path, settings):
        yield jsonl_line_document(line, f"{path}:{line_number}", f"{doc_id}-{line_number}")


Loader = Callable[[Path, str, LoadSettings], Iterable[Document | ErrorEntry]]

LOADERS: dict[str, Loader] = {
    **dict.fromkeys(TEXT_SUFFIXES, load_text),
    **dict.fromkeys(HTML_SUFFIXES, load_html),
    **dict.fromkeys(JSONL_SUFFIXES, load_jsonl),
    **dict.fromkeys(PDF_SUFFIXES, load_pdf),
    **dict.fromkeys(DOCX_SUFFIXES, load_docx),
}


def load_file(
    path: Path, settings: LoadSettings | None = None, ids: _IdAllocator | None = None
) -> Iterator[Document | ErrorEntry]:
    """Every document in `path`, or one ErrorEntry saying why it could not be read."""
    ids = ids or _IdAllocator()
    yield from load_path(path, ids.allocate(document_stem(path), path), settings)


def load_path(
    path: Path, doc_id: str, settings: LoadSettings | None = None
) -> Iterator[Document | ErrorEntry]:
    """`load_file` with the id already chosen (batch workers load files the parent named)."""
    settings = settings or LoadSettings()
    suffix = supported_suffix(path)
    if suffix is None:
        yield ErrorEntry(id=doc_id, source=str(path), stage="discover", error_type="UnsupportedType",
                         message=f"no loader for {path.name!r}")
        return
    try:
        for item in LOADERS[suffix](path, doc_id, settings):
            yield _within_length(item, settings)
    except DocumentError as exc:
        yield ErrorEntry(id=doc_id, source=str(path), stage=exc.stage,  # type: ignore[arg-type]
                         error_type=type(exc).__name__, message=str(exc))
    except (RecursionError, MemoryError, ValueError, ValidationError) as exc:
        yield ErrorEntry(id=doc_id, source=str(path), stage="parse", error_type=type(exc).__name__,
                         message=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    except Exception as exc:
        # Parsers of hostile input raise their own types (lxml, zipfile, pypdf...): an error
        # entry, not the end of the batch.
        yield ErrorEntry(id=doc_id, source=str(path), stage="parse", error_type=type(exc).__name__,
                         message=(str(exc).splitlines() or [type(exc).__name__])[0][:500])


def _within_length(item: Document | ErrorEntry, settings: LoadSettings) -> Document | ErrorEntry:
    if isinstance(item, Document) and len(item.text) > settings.max_document_chars:
        return ErrorEntry(id=item.id, source=item.meta.path or item.id, stage="load",
                          error_type="DocumentTooLong",
                          message=f"text is {len(item.text):,} characters, over the "
                                  f"{settings.max_document_chars:,}-character cap")
    return item


def iter_jsonl_lines(path: Path, settings: LoadSettings) -> Iterator[tuple[int, str | None]]:
    """(line number, text) of each non-blank line of a JSON Lines file, streamed.

    Unlike `load_jsonl`, the file is never read whole, so it may be of any size; a line
    over `max_file_bytes`, or one that is not UTF-8, comes as (number, None).
    Raises LoadError when the file cannot be opened.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}") from exc
    with handle:
        line_number = 0
        while True:
            try:
                raw = handle.readline(settings.max_file_bytes + 1)
            except OSError as exc:
                raise LoadError(f"cannot read line {line_number + 1}: {exc.strerror or exc}") from exc
            if not raw:
                return
            line_number += 1
            if len(raw) > settings.max_file_bytes and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the long line
                    raw = handle.readline(1 << 20)
                yield line_number, None
                continue
            if line_number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield line_number, None
                continue
            if text.strip():
                yield line_number, text


def jsonl_line_document(line: str | None, source: str, default_id: str) -> Document | ErrorEntry:
    """One line of a JSON Lines input as a document, or the error entry saying why not.

    The same rules as `load_jsonl` (id from the line or `default_id`, meta.path = source).
    """
    if line is None:
        return ErrorEntry(source=source, stage="decode", error_type="DecodeError",
                          message="line is not UTF-8 or is over the size cap")
    raw: object = None
    try:
        raw = json.loads(line)
        if not isinstance(raw, dict):
            raise ValueError("a JSON object was expected")
        meta = dict(raw.get("meta") or {})
        meta.setdefault("path", source)
        document = Document(id=str(raw.get("id") or default_id), text=raw["text"],
                            meta=DocumentMeta.model_validate(meta))
    except (ValueError, KeyError, TypeError, RecursionError, ValidationError) as exc:
        reason = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
        given_id = raw.get("id") if isinstance(raw, dict) else None
        line_number = source.rsplit(":", 1)[-1]
        return ErrorEntry(id=str(given_id) if given_id else None, source=source, stage="parse",
                          error_type=type(exc).__name__,
                          message=f"line {line_number}: {(reason.splitlines() or [''])[0]}")
    if not document.text.strip():
        return ErrorEntry(id=document.id, source=source, stage="decode", error_type="DecodeError",
                          message="document has no text (empty or whitespace only)")
    return document


def iter_documents(
    inputs: Sequence[str], settings: LoadSettings | None = None
) -> Iterator[Document | ErrorEntry]:
    """Documents from every input, in a stable order, with error entries for failures."""
    settings = settings or LoadSettings()
    ids = _IdAllocator()
    loaded: set[Path] = set()
    for item in discover(inputs, settings):
        if isinstance(item, ErrorEntry):
            yield item
            continue
        resolved = item.resolve()
        if resolved in loaded:
            continue  # named twice (a folder and a pattern over it): load it once
        loaded.add(resolved)
        yield from load_file(item, settings, ids)
