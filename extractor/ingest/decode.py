"""Bytes to text: UTF-8 first, byte-order marks honoured, other encodings detected.

Plain-text inputs must keep their characters exactly (offsets index the decoded text),
so nothing here strips or folds whitespace.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import CharsetMatches, from_bytes

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


def utf16_without_bom(data: bytes, sample_size: int = 4096) -> str | None:
    """"utf-16-le"/"utf-16-be" when `data` looks like BOM-less UTF-16 text, else None.

    Mostly-ASCII UTF-16 has a NUL in every other byte, all on one side; binary data has
    its NULs scattered. The sample must also decode.
    """
    sample = data[: sample_size - sample_size % 2]
    if len(sample) < 4 or len(data) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    for encoding, text_side, nul_side in (("utf-16-le", even_nuls, odd_nuls),
                                          ("utf-16-be", odd_nuls, even_nuls)):
        if nul_side >= 0.7 * half and text_side <= 0.05 * half:
            try:
                decoded = sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            if decoded.isprintable() or all(c.isprintable() or c in "\r\n\t\f" for c in decoded):
                return encoding
    return None


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
    utf16 = utf16_without_bom(data)
    if utf16:
        try:
            return DecodedText(data.decode(utf16), utf16)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"looks like {utf16} without a byte-order mark but {exc}") from exc
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
    matches = from_bytes(data[:1_000_000])
    best = matches.best()
    if best is None or best.encoding is None:
        raise DecodeError("not UTF-8 and no other encoding fits")
    for encoding in _candidates(matches, best.chaos):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if not _symbol_in_word(text):
            return DecodedText(text, encoding)
    try:
        return DecodedText(data.decode(best.encoding), best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(f"detected {best.encoding} but decoding failed: {exc}") from exc


# Legacy Western encodings, most likely first (HTML5 reads "latin-1" as windows-1252).
_WESTERN = ("cp1252", "latin_1")
# How much more "chaos" than the detector's favourite a Western reading may show.
_WESTERN_MARGIN = 0.2


def _candidates(matches: CharsetMatches, best_chaos: float) -> list[str]:
    """Encodings to try, most plausible first.

    windows-1252 and Latin-1 go first when the detector found them about as plausible as
    its favourite: on short texts it often prefers a rare cousin (ISO 8859-10, cp850)
    that turns "ç" into "į", and press releases in a Latin script are far more often
    windows-1252. A reading with a symbol inside a word is passed over (Polish "ł" read
    as "³" means cp1250, not cp1252).
    """
    plausible = {name for m in matches if m.chaos <= best_chaos + _WESTERN_MARGIN
                 for name in (m.encoding, *m.could_be_from_charset)}
    ordered = [encoding for encoding in _WESTERN if encoding in plausible]
    ordered += [m.encoding for m in matches if m.encoding not in ordered]
    return ordered


_NON_ASCII_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\x00-\x7f](?=[^\W\d_])")


def _symbol_in_word(text: str) -> bool:
    """A symbol, digit or control between two letters ("a³a" for Polish "ała"): the wrong
    code page. Punctuation is fine there ("d’euros")."""
    return any(unicodedata.category(match.group())[0] in "SNC"
               for match in _NON_ASCII_IN_WORD.finditer(text))
