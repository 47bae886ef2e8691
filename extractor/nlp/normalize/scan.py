"""Pattern scans that only try the positions where a match can start.

Most of our patterns open with `\\b` or a lookbehind, which stops Python's regex engine
from skipping ahead by the first character: `finditer` then tries the whole pattern at
every character of the document. The scanners here collect the few candidate positions
first (word starts whose first characters can open a match, or a character a C-level
scan finds) and try `pattern.match(text, pos)` there only. `Pattern.match` with a
position sees the text before it (lookbehinds and `\\b` behave as in `finditer`), so as
long as the candidates include every position where a match can start, the matches are
exactly `finditer`'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

# A word start (`\b` before a word character), or a "." right after a word (`\b\.`).
_STARTS = re.compile(r"\b[\w.]")
# How many characters of a word start `StartIndex` looks at.
PREFIX_LENGTH = 3
_PREFIX_CACHE_LIMIT = 200_000


# The date and the money scans of one document share the list (callers never change it).
@lru_cache(maxsize=4)
def word_starts(text: str) -> list[int]:
    """Positions of word starts (and of "." after a word), in order."""
    return [match.start() for match in _STARTS.finditer(text)]


class StartIndex:
    """The word starts at which each of several patterns can match.

    Each pattern comes with a prefix pattern that `match`es the first `PREFIX_LENGTH`
    characters of every match it can make ("Jan", "Feb" ... for month names): a word
    start is a candidate for the patterns whose prefix pattern accepts its first
    characters. Prefixes holding a non-ASCII character are always candidates
    (case-insensitive patterns fold some of them onto ASCII letters). Which patterns
    accept a prefix is worked out once per distinct prefix, shared by all documents."""

    def __init__(self, prefixes: Sequence[re.Pattern[str]]) -> None:
        self.prefixes = list(prefixes)
        self._accepting: dict[str, tuple[int, ...]] = {}

    def _which(self, prefix: str) -> tuple[int, ...]:
        if not prefix.isascii():
            return tuple(range(len(self.prefixes)))
        return tuple(i for i, pattern in enumerate(self.prefixes) if pattern.match(prefix))

    def positions(self, text: str) -> list[list[int]]:
        """For each pattern, the sorted positions where it can match in `text`."""
        found: list[list[int]] = [[] for _ in self.prefixes]
        accepting = self._accepting
        if len(accepting) > _PREFIX_CACHE_LIMIT:
            accepting.clear()
        for position in word_starts(text):
            prefix = text[position : position + PREFIX_LENGTH]
            which = accepting.get(prefix)
            if which is None:
                which = accepting[prefix] = self._which(prefix)
            for index in which:
                found[index].append(position)
        return found


def literal_alternation(items: Iterable[str]) -> str:
    """A pattern matching any of `items`, longest first, written as a trie.

    `a|ab|abc` makes the engine try every item at every position; the trie
    `a(?:b(?:c)?)?` reads each character once and tries the same items in the same
    order (at one position, the items that match are prefixes of one another, and the
    greedy optional parts try the longest first), so the matches are the same. Items
    must not differ only by case if the pattern ignores case."""
    trie: dict[str, dict] = {}
    for item in items:
        node = trie
        for char in item:
            node = node.setdefault(char, {})
        node[""] = {}  # an item ends here

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def char_positions(text: str, chars: re.Pattern[str]) -> list[int]:
    """Every position where `chars` (one character class, perhaps with a lookahead)
    matches: a pattern opening with a class lets the engine skip ahead in C."""
    return [match.start() for match in chars.finditer(text)]


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
