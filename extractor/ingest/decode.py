"""Bytes to text: UTF-8 first, byte-order marks honoured, other encodings detected.

Plain-text inputs must keep their characters exactly (offsets index the decoded text),
so nothing here strips or folds whitespace.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from extractor.errors import DecodeError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that do not occur in text files; many of them mean binary data.
_BINARY_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 32)) - {27}


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def looks_binary(data: bytes, sample_size: int = 8192) -> bool:
    """True when a sample has NUL bytes or many control bytes (and no UTF-16/32 BOM)."""
    sample = data[:sample_size]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _BINARY_BYTES)
    return controls / len(sample) > 0.05


def decode_bytes(data: bytes, declared: str | None = None) -> DecodedText:
    """Decode `data`, trusting a BOM, then UTF-8, then a declared charset, then detection.

    Raises DecodeError for empty or binary input, or when no encoding fits.
    """
    if not data:
        raise DecodeError("empty document (0 bytes)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {encoding} byte-order mark but {exc}") from exc
    if looks_binary(data):
        raise DecodeError("binary content (NUL or control bytes), not text")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return DecodedText(data.decode(declared), declared.lower())
        except (UnicodeDecodeError, LookupError):
            pass
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise DecodeError("not UTF-8 and no other encoding fits")
    try:
        return DecodedText(data.decode(best.encoding), best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(f"detected {best.encoding} but decoding failed: {exc}") from exc
