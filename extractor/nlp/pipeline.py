"""The default pipeline: `spacy.blank("en")` plus our components, no downloads.

    tokenizer (with money-friendly rules) -> sentencizer -> paragraph_sentences ->
    gazetteer_matcher -> rule_matcher -> entity_resolver -> entity_normalizer ->
    deal_extractor

`load_pipeline()` builds it once per process (the matchers are built from `models/` at
load time). A user with a trained spaCy pipeline installed may pass `base="en_core_web_sm"`
to start from it instead; nothing in the tests needs one.
"""

from __future__ import annotations

import gc
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

# Importing registers the factories and extensions.
from extractor.nlp import extensions  # noqa: F401
from extractor.nlp.components import (  # noqa: F401
    deals,
    entity_resolver,
    gazetteer_matcher,
    normalizer,
    rule_matcher,
)
from extractor.nlp.extensions import token_table
from extractor.nlp.gazetteers import MODELS_DIR

COMPONENTS = ("gazetteer_matcher", "rule_matcher", "entity_resolver", "entity_normalizer",
              "deal_extractor")

# Money is written glued together ("US$1.2bn", "Rs.200", "R2.5bn") and names hyphenated
# onto abbreviations ("U.S.-Japan"); these rules give each part its own token.
_EXTRA_PREFIXES = [r"(?:US|A|AU|C|CA|NZ|HK|S|R|MX)\$(?=[0-9])", r"Rs\.?(?=[0-9])", r"R(?=[0-9])",
                   r"Rp(?=[0-9])", r"₹", r"₩", r"₦", r"₱"]
_EXTRA_SUFFIXES = [r"(?<=[0-9])(?:bn|mn|tn|trn|bln|mln|cr|m|b|k)",
                   # a sentence's full stop after "GmbH", "LLC", "SQM" (abbreviations such
                   # as "U.S." and "Inc." are special cases and keep their stop)
                   r"(?<=[a-z][A-Z])\.", r"(?<=[A-Z]{2})\."]
# "Vancouver, British Columbia--(Newsfile Corp. - ...)": a wire's dateline glued to its name
_EXTRA_INFIXES = [r"(?<=[A-Z]\.)-(?=[A-Z])", r"(?<=[A-Za-z.])[–—](?=[A-Za-z])", r"(?<=[A-Za-z])--(?=[(A-Za-z])",
                  r"(?<=--)\((?=[A-Za-z])"]


def customize_tokenizer(nlp: Language) -> None:
    """Replace the tokenizer in one step (each setter on the old one reloads its cache)."""
    defaults = nlp.Defaults
    prefixes = list(defaults.prefixes or []) + _EXTRA_PREFIXES
    suffixes = _EXTRA_SUFFIXES + list(defaults.suffixes or [])
    infixes = list(defaults.infixes or []) + _EXTRA_INFIXES
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        rules=defaults.tokenizer_exceptions,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


# Words that open a sentence and hardly ever follow an abbreviation inside one ("Inc. The").
SENTENCE_OPENERS = frozenset({"The", "This", "These", "That", "Those", "It", "Its", "They", "Their", "He",
                              "She", "We", "Our", "In", "On", "Under", "Separately", "Meanwhile", "However",
                              "Also", "Both", "Each", "According"})


class TableSentencizer(Sentencizer):
    """spaCy's rule-based sentencizer, the same rule read from the token table.

    `Sentencizer.predict` walks the document as `Token` objects (one built per token, for
    its text and punctuation flag); the token table has both as lists, and the later
    components need the table anyway."""

    def predict(self, docs: list[Doc]) -> list[list[bool]]:
        guesses = []
        punct_chars = self.punct_chars
        for doc in docs:
            table = token_table(doc)
            length = len(table.text)
            doc_guesses = [False] * length
            if length:
                start = 0
                seen_period = False
                doc_guesses[0] = True
                for i, (text, is_punct) in enumerate(zip(table.text, table.is_punct, strict=True)):
                    in_punct_chars = text in punct_chars
                    if seen_period and text in (",", ";"):
                        seen_period = False  # "Krušné Lithium a.s., which": an abbreviation's stop
                    elif seen_period and not is_punct and not in_punct_chars:
                        doc_guesses[start] = True
                        start = i
                        seen_period = False
                    elif in_punct_chars:
                        seen_period = True
                    elif text[-1:] == "." and len(text) > 2 and i + 1 < length \
                            and table.text[i + 1] in SENTENCE_OPENERS and table.space[i]:
                        # "... Mineração Serra do Carmo S.A. The second, ...": the stop of
                        # an abbreviation that closes a sentence (the next word opens one)
                        seen_period = True
                doc_guesses[start] = True
            guesses.append(doc_guesses)
        return guesses


@Language.factory("table_sentencizer")
def make_table_sentencizer(nlp: Language, name: str) -> TableSentencizer:
    return TableSentencizer(name)


def build_pipeline(models_dir: Path | str | None = None, base: str = "blank") -> Language:
    """A fresh pipeline; `base` is "blank" or the name of an installed spaCy pipeline."""
    config = {"models_dir": str(models_dir or MODELS_DIR)}
    if base == "blank":
        nlp = spacy.blank("en")
    else:
        nlp = spacy.load(base, exclude=["ner", "entity_ruler", "span_ruler"])
    customize_tokenizer(nlp)
    if not nlp.has_pipe("sentencizer") and not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
        nlp.add_pipe("table_sentencizer", name="sentencizer")
        nlp.add_pipe("paragraph_sentences")
    for name in COMPONENTS:
        nlp.add_pipe(name, config=config)
    # Long documents are chunked by the batch layer; the limit here only guards memory.
    nlp.max_length = 2_000_000
    return nlp


@cache
def load_pipeline(models_dir: str | None = None, base: str = "blank") -> Language:
    """The process-wide pipeline, built on first use.

    Its objects (vocab, matchers, gazetteers: about 100,000) live as long as the process;
    `gc.freeze()` moves them out of the collector's generations so that each full
    collection stops re-scanning them. Objects made later are collected as before."""
    nlp = build_pipeline(models_dir, base)
    gc.freeze()
    return nlp
