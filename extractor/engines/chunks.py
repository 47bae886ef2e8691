"""Splitting a long text into chunks at natural boundaries, with their offsets.

A chunk ends at a paragraph break when one is in the last half of the window, else at a
line break, a sentence end, a space, and only as a last resort mid-word. Chunks cover the
text exactly (no gap, no overlap), so spans found in a chunk map back by adding its start.
"""

from __future__ import annotations

import re

DEFAULT_CHUNK_CHARS = 100_000

# Tried in order; each finds the last boundary of its kind inside the window.
_BOUNDARIES: tuple[re.Pattern[str], ...] = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"'”’)\]]*\s+"),
    re.compile(r"\s+"),
)


def _cut(text: str, start: int, max_chars: int) -> int:
    """Where the chunk starting at `start` ends (exclusive)."""
    limit = start + max_chars
    if limit >= len(text):
        return len(text)
    floor = start + max_chars // 2  # never accept a chunk under half the limit
    window = text[floor:limit]
    for pattern in _BOUNDARIES:
        last_end = -1
        for match in pattern.finditer(window):
            last_end = match.end()
        if last_end > 0:
            return floor + last_end
    return limit


def chunk_bounds(text: str, max_chars: int = DEFAULT_CHUNK_CHARS) -> list[tuple[int, int]]:
    """[start, end) ranges covering `text`, each at most `max_chars` long."""
    if max_chars < 2:
        raise ValueError("max_chars must be at least 2")
    bounds: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = _cut(text, start, max_chars)
        bounds.append((start, end))
        start = end
    return bounds or [(0, 0)]
