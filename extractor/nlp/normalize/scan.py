"""Pattern scans that only try the positions where a match can start.

Most of our patterns open with `\\b` or a lookbehind, which stops Python's regex engine
from skipping ahead by the first character: `finditer` then tries the whole pattern at
every character of the document. The scanners here collect the few candidate positions
first (word starts with a given first character, or any occurrence of a character) and
try `pattern.match(text, pos)` there only. `Pattern.match` with a position sees the text
before it (lookbehinds and `\\b` behave as in `finditer`), so as long as the candidates
include every position where a match can start, the matches are exactly `finditer`'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain

# A word start (`\b` before a word character), or a "." right after a word (`\b\.`).
_STARTS = re.compile(r"\b[\w.]")


# The date and the money scans of one document share the table (callers never change it).
@lru_cache(maxsize=4)
def starts_by_char(text: str) -> dict[str, list[int]]:
    """Positions of word starts (and of "." after a word), grouped by their character."""
    found: dict[str, list[int]] = {}
    for match in _STARTS.finditer(text):
        position = match.start()
        found.setdefault(text[position], []).append(position)
    return found


def char_positions(text: str, chars: re.Pattern[str]) -> list[int]:
    """Every position whose character `chars` (a one-character class) matches."""
    return [match.start() for match in chars.finditer(text)]


def candidates(starts: dict[str, list[int]], accepts: dict[str, bool],
               first_char: re.Pattern[str]) -> list[int]:
    """The positions in `starts` whose character can open a match, in order.

    `first_char` matches every character a match can start with; non-ASCII characters
    are always kept (case-insensitive patterns fold some of them onto ASCII letters).
    `accepts` caches the answer per character."""
    lists = []
    for char, positions in starts.items():
        ok = accepts.get(char)
        if ok is None:
            ok = accepts[char] = not char.isascii() or first_char.match(char) is not None
        if ok:
            lists.append(positions)
    if not lists:
        return []
    if len(lists) == 1:
        return lists[0]
    return sorted(chain.from_iterable(lists))  # one C sort beats a heap merge here


def finditer_at(pattern: re.Pattern[str], text: str, positions: Iterable[int]) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` when every match starts at one of `positions` (sorted):
    the leftmost match at or after the end of the previous one, as `finditer` finds.
    (Our patterns never match the empty string, so the next match starts past the end.)"""
    resume = 0
    for position in positions:
        if position < resume:
            continue
        match = pattern.match(text, position)
        if match is not None:
            yield match
            end = match.end()
            resume = end if end > position else position + 1
