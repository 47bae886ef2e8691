"""Money: find amounts with a currency in text and normalize them.

An amount needs a currency (symbol, ISO code or word) and a number (digits or number
words), optionally a scale word ("billion", "bn", "crore") and a range ("$5-10 billion",
"between $2 million and $3 million"). Qualifiers before it ("up to", "more than") stay
outside the span and go into the norm. The regular expressions are built once from
`models/gazetteers/currencies.json`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from extractor.nlp.gazetteers import load_currencies
from extractor.nlp.normalize.scan import (
    PREFIX_LENGTH,
    StartIndex,
    char_positions,
    finditer_at,
    literal_alternation,
)

# Phrases before an amount, longest first, mapped to the guideline's qualifiers.
QUALIFIER_PHRASES: dict[str, str] = {
    "up to": "up_to",
    "as much as": "up_to",
    "a maximum of": "up_to",
    "maximum of": "up_to",
    "not exceeding": "up_to",
    "no more than": "up_to",
    "more than": "more_than",
    "over": "more_than",
    "above": "more_than",
    "in excess of": "more_than",
    "exceeding": "more_than",
    "upwards of": "more_than",
    "at least": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
    "a minimum of": "at_least",
    "minimum of": "at_least",
    "less than": "less_than",
    "under": "less_than",
    "below": "less_than",
    "fewer than": "less_than",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "approx.": "about",
    "roughly": "about",
    "some": "about",
    "nearly": "about",
    "almost": "about",
    "close to": "about",
    "an estimated": "about",
    "estimated": "about",
    "circa": "about",
}

# ISO 4217 codes that are also English words in capitals ("ALL 27 member states").
WORD_LIKE_CODES = frozenset({"ALL", "TOP", "CUP", "MOP", "SOS", "GEL", "BAM", "LAK", "PAB"})

# Single-letter and short scale suffixes only count when glued to the number ("75m").
_GLUED_ONLY_SCALES = frozenset({"m", "b", "k", "bn", "mn", "tn", "cr"})


@dataclass(frozen=True)
class MoneyMatch:
    start: int
    end: int
    norm: dict[str, Any]


@dataclass(frozen=True)
class MoneyLexicon:
    symbols: dict[str, str]
    codes: frozenset[str]
    words: dict[str, str]
    scales: dict[str, float]
    number_words: dict[str, int]
    # symbols several currencies share, by the country whose currency they are
    country_symbols: dict[str, dict[str, str]] = field(default_factory=dict)
    country_words: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> MoneyLexicon:
        return cls(
            symbols=dict(data.get("symbols", {})),
            codes=frozenset(data.get("codes", [])),
            words={k.lower(): v for k, v in data.get("words", {}).items()},
            scales={k.lower(): float(v) for k, v in data.get("scales", {}).items()},
            number_words={k.lower(): int(v) for k, v in data.get("number_words", {}).items()},
            country_symbols={k: dict(v) for k, v in data.get("country_symbols", {}).items()},
            country_words={k.lower(): dict(v) for k, v in data.get("country_words", {}).items()},
        )


class MoneyFinder:
    """Compiled patterns for one lexicon; `find(text)` returns normalized matches."""

    def __init__(self, lexicon: MoneyLexicon) -> None:
        self.lexicon = lexicon
        symbols = literal_alternation(list(lexicon.symbols))
        codes = literal_alternation(sorted(lexicon.codes - WORD_LIKE_CODES))
        # Currency words several countries use ("2.4 billion pesos") are read like the others,
        # by the country the document names most among those that use them.
        shared_words = [w for w in lexicon.country_words if w not in lexicon.words]
        words = literal_alternation(list(lexicon.words) + shared_words)
        spaced_scales = literal_alternation([s for s in lexicon.scales if s not in _GLUED_ONLY_SCALES])
        all_scales = literal_alternation(list(lexicon.scales))
        number_words = literal_alternation([w for w in lexicon.number_words if w not in ("a", "an")])
        number = r"\d+(?:,\d{2,3})*(?:\.\d+)?|\d*\.\d+"
        worded = (rf"(?:{number_words})(?:[\s-]+(?:and[\s-]+)?(?:{number_words}))*"
                  rf"|an?(?=\s+(?i:{spaced_scales})\b)")
        # A scale glued to the number ("75m", "1,200-cr") or spaced ("2 billion"), possibly
        # compound ("1.5 lakh crore"); scale words match in any case ("$150 Million").
        scale = (rf"(?:(?<=\d)-?(?i:{all_scales})(?![A-Za-z])|\s?(?i:{spaced_scales})\b)"
                 rf"(?:\s(?i:{spaced_scales})\b)?")
        # The letter-initial symbols (Rs, R, A$...) must not be glued to a preceding letter.
        currency_prefix = rf"(?<![A-Za-z])(?:{symbols})" if symbols else r"(?!x)x"
        # An ISO code before the number, spaced or glued ("EUR 300 million", "USD1.2bn").
        # Glued only before a scaled number, so "COP28" stays a conference.
        glued = rf"(?=\d[\d,.]*(?:\s?(?i:{spaced_scales})\b|(?i:{all_scales})(?![A-Za-z])))"
        code_prefix = rf"\b(?:{codes})(?:\b|{glued})" if codes else r"(?!x)x"
        def amount(number_group: str, scale_group: str) -> str:
            return rf"(?P<{number_group}>{number})(?P<{scale_group}>{scale})?"

        prefixed = (
            rf"(?P<cur1>{currency_prefix}|{code_prefix})\s?"
            + amount("num1", "scale1")
            + rf"(?:\s?(?:-|–|—|to)\s?(?P<cur1b>{currency_prefix}|{code_prefix})?\s?"
            + amount("num2", "scale2")
            + ")?"
        )
        suffixed = (
            rf"(?P<num3>{number}|{worded})(?P<scale3>{scale})?"
            rf"(?:\s?(?:-|–|to)\s?(?P<num4>{number})(?P<scale4>{scale})?)?"
            rf"\s(?P<cur2>(?:{words})\b|{code_prefix})"
        )
        # Symbols that only some countries' documents use ("K19 billion", "CFA 118 billion"):
        # an amount needs a scale word.
        shared_only = [c for c in lexicon.country_symbols if c not in lexicon.symbols]
        self._shared = re.compile(
            rf"(?<![A-Za-z])(?P<sym>{literal_alternation(shared_only)})\s?(?P<num>{number})"
            rf"(?P<scale>(?:(?<=\d)(?i:{all_scales})(?![A-Za-z])|\s(?i:{spaced_scales})\b))"
        ) if shared_only else None
        flags = re.IGNORECASE
        self._prefixed = re.compile(prefixed)
        self._suffixed = re.compile(rf"\b{suffixed}", flags) if words else None
        self._qualifier = re.compile(
            rf"(?:^|\b)(?P<q>{literal_alternation(list(QUALIFIER_PHRASES))})\s+$", flags
        )
        self._between = re.compile(r"\bbetween\s+$", flags)
        # The positions a match can start at, so that `find` tries the patterns only there
        # (see normalize/scan.py). Before the number: a symbol's or a code's first character
        # (symbols need no word boundary) with a digit or "." at most a currency's length
        # and a space further on, which a C-level scan finds. After the number: a word
        # starting with a digit, "." (".5 million euros"), the first letters of a number
        # word ("sev" for "seventeen") or "a " ("a billion euros").
        prefixes = list(lexicon.symbols) + list(lexicon.codes - WORD_LIKE_CODES)
        prefix_initials = {item[0] for item in prefixes}
        self._prefixed_starts = re.compile(
            "[" + "".join(re.escape(c) for c in sorted(prefix_initials)) + "]"
            + rf"(?=[\s\S]{{0,{max(map(len, prefixes)) - 1}}}?\s?[\d.])"
        ) if prefix_initials else None
        number_word_prefixes = literal_alternation(
            {word[:PREFIX_LENGTH] for word in lexicon.number_words if word not in ("a", "an")})
        self._suffixed_starts = StartIndex(
            [re.compile(rf"[\d.]|(?:{number_word_prefixes})|an?\s", flags)])

    def _currency(self, raw: str) -> str | None:
        raw = raw.strip()
        if raw in self.lexicon.symbols:
            return self.lexicon.symbols[raw]
        if raw.upper() in self.lexicon.codes and raw.isupper():
            return raw.upper()
        return self.lexicon.words.get(" ".join(raw.lower().split()))

    def _value(self, number: str | None, scale: str | None) -> float | None:
        if not number:
            return None
        number = number.strip()
        if number[0].isdigit() or number[0] == ".":
            value = float(number.replace(",", ""))
        elif number.lower() in ("a", "an"):
            value = 1.0
        else:
            parsed = parse_number_words(number, self.lexicon.number_words)
            if parsed is None:
                return None
            value = float(parsed)
        for word in (scale or "").replace("-", " ").lower().split():
            factor = self.lexicon.scales.get(word)
            if factor is None:
                return None
            value *= factor  # "lakh crore" multiplies
        return value

    @staticmethod
    def _most_named(by_country: Mapping[str, str], countries: Mapping[str, int]) -> str | None:
        """The currency a symbol or word several countries use (`by_country`) stands for in a
        document about `countries` (counts of mentions): the most mentioned country's that
        uses it; None when none does."""
        named = [(countries.get(c, 0), c) for c in by_country if countries.get(c, 0)]
        return by_country[max(named)[1]] if named else None

    def find(self, text: str, countries: Mapping[str, int] | None = None) -> list[MoneyMatch]:
        """Amounts in `text`; `countries` (mentions per country code) reads the symbols
        several currencies share ("K", "CFA", "Rs")."""
        found: list[MoneyMatch] = []
        taken: list[tuple[int, int]] = []
        if countries and self._shared is not None:
            for match in self._shared.finditer(text):
                currency = self._most_named(self.lexicon.country_symbols[match.group("sym")], countries)
                amount = self._value(match.group("num"), match.group("scale"))
                if currency is not None and amount is not None:
                    found.append(MoneyMatch(match.start(), match.end(), {
                        "amount": _tidy(amount), "currency": currency, "qualifier": None}))
                    taken.append(match.span())
        # the country a document is mostly about, for symbols and words with a usual reading
        home = max(countries.items(), key=lambda kv: (kv[1], kv[0]))[0] if countries else None
        prefixed_at = (char_positions(text, self._prefixed_starts)
                       if self._prefixed_starts is not None else [])
        suffixed_at = self._suffixed_starts.positions(text)[0]
        for pattern, groups, positions in (
            (self._prefixed, ("cur1", "num1", "scale1", "num2", "scale2"), prefixed_at),
            (self._suffixed, ("cur2", "num3", "scale3", "num4", "scale4"), suffixed_at),
        ):
            if pattern is None:
                continue
            for match in finditer_at(pattern, text, positions):
                start, end = match.span()
                if any(start < t_end and t_start < end for t_start, t_end in taken):
                    continue
                cur, num, scale, num2, scale2 = (match.group(g) for g in groups)
                currency = self._currency(cur)
                by_country = self.lexicon.country_symbols.get(cur.strip()) or \
                    self.lexicon.country_words.get(" ".join(cur.lower().split()))
                if currency is None:
                    # a word only some countries use ("pesos"): the one the document names most
                    currency = self._most_named(by_country, countries) if by_country and countries else None
                    if currency is None:
                        continue
                elif home is not None and by_country:
                    # a symbol or word with a usual reading ("$", "Rs.", "rupees") takes
                    # another country's currency only in a document mostly about that country
                    currency = by_country.get(home, currency)
                first_end = match.end(groups[2]) if scale else match.end(groups[1])
                if num2 and scale and not scale2 and not _group(match, "cur1b"):
                    num2 = None  # "$30 billion to 2030": a year, not a range
                    end = first_end
                if num2 and not scale and scale2:
                    scale = scale2  # "$5-10 billion": the scale applies to both ends
                amount = self._value(num, scale)
                if amount is None:
                    continue
                norm: dict[str, Any] = {"amount": _tidy(amount), "currency": currency,
                                        "qualifier": None}
                if num2:
                    amount_max = self._value(num2, scale2 or scale)
                    if amount_max is not None and amount_max > amount:
                        norm["amount_max"] = _tidy(amount_max)
                    else:
                        end = first_end
                if text[start:end].endswith(" "):
                    end -= 1
                found.append(MoneyMatch(start, end, norm))
                taken.append((start, end))
        found.sort(key=lambda m: m.start)
        return self._merge_between(text, self._qualify(text, found))

    def _qualify(self, text: str, matches: list[MoneyMatch]) -> list[MoneyMatch]:
        for match in matches:
            window = text[max(0, match.start - 24) : match.start]
            qualifier = self._qualifier.search(window)
            if qualifier:
                match.norm["qualifier"] = QUALIFIER_PHRASES[" ".join(qualifier.group("q").lower().split())]
        return matches

    def _merge_between(self, text: str, matches: list[MoneyMatch]) -> list[MoneyMatch]:
        """'between $2 million and $3 million' is one amount with a maximum."""
        merged: list[MoneyMatch] = []
        index = 0
        while index < len(matches):
            current = matches[index]
            following = matches[index + 1] if index + 1 < len(matches) else None
            if (
                following is not None
                and self._between.search(text[max(0, current.start - 12) : current.start])
                and re.fullmatch(r"\s+and\s+", text[current.end : following.start])
                and following.norm["currency"] == current.norm["currency"]
                and following.norm["amount"] >= current.norm["amount"]
            ):
                norm = dict(current.norm, amount_max=following.norm["amount"])
                merged.append(MoneyMatch(current.start, following.end, norm))
                index += 2
                continue
            merged.append(current)
            index += 1
        return merged


def _group(match: re.Match[str], name: str) -> str | None:
    return match.groupdict().get(name)


def parse_number_words(text: str, number_words: dict[str, int]) -> int | None:
    """'five hundred', 'twenty-five', 'one hundred and fifty' -> int; None if not a number."""
    total = 0
    current = 0
    seen = False
    for word in re.split(r"[\s-]+", text.lower().strip()):
        if not word or word == "and":
            continue
        value = number_words.get(word)
        if value is None:
            return None
        seen = True
        if value == 100:
            current = max(current, 1) * 100
        elif value >= 1000:
            total += max(current, 1) * value
            current = 0
        else:
            current += value
    return total + current if seen else None


def _tidy(value: float) -> int | float:
    rounded = round(value, 6)
    return int(rounded) if float(rounded).is_integer() else rounded


@cache
def default_money_finder() -> MoneyFinder:
    return MoneyFinder(MoneyLexicon.from_data(load_currencies()))


def find_money(text: str, countries: Mapping[str, int] | None = None) -> list[MoneyMatch]:
    """Every amount of money in `text`, with offsets and norms."""
    return default_money_finder().find(text, countries)
