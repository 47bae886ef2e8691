"""Decompression with a cap, so a gzip bomb ends as an error instead of filling memory."""

from __future__ import annotations

import zlib

from extractor.errors import LoadError


def gunzip_capped(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip `data`, raising LoadError past `max_bytes` of output or on bad data."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    chunks: list[bytes] = []
    produced = 0
    pending = data
    try:
        while pending:
            chunk = decompressor.decompress(pending, max_bytes + 1 - produced)
            chunks.append(chunk)
            produced += len(chunk)
            if produced > max_bytes:
                raise LoadError(f"decompresses to more than the {max_bytes:,}-byte cap")
            pending = decompressor.unconsumed_tail
            if decompressor.eof:
                break
            if not chunk and not pending:
                break
    except zlib.error as exc:
        raise LoadError(f"not valid gzip data: {exc}") from exc
    if not decompressor.eof:
        raise LoadError("gzip data is truncated")
    return b"".join(chunks)
