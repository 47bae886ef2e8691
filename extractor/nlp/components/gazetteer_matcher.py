"""The gazetteer matcher: every phrase of every gazetteer, proposed as a candidate span.

Two PhraseMatchers share the work: one on ORTH for phrases whose case matters (country
names, acronyms, single words), one on LOWER for multiword names. Each match becomes a
`Candidate` in the document's candidate list whose `kb_id` is the gazetteer entry key;
the resolver picks among candidates, the normalizer reads the entry.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from extractor.nlp.extensions import Candidate, candidates, token_table
from extractor.nlp.gazetteers import MODELS_DIR, Gazetteer, load_gazetteer

AMBIGUOUS_SUFFIX = "|ambiguous"


class GazetteerMatcher:
    # No to_disk/from_disk: the data lives in models/ and its folder is in the component's
    # config, so a saved pipeline rebuilds the matchers from the same files when loaded.
    def __init__(self, nlp: Language, name: str, models_dir: str) -> None:
        self.name = name
        self.models_dir = Path(models_dir) if models_dir else MODELS_DIR
        self.gazetteer: Gazetteer = load_gazetteer(self.models_dir)
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._build(nlp)

    def _build(self, nlp: Language) -> None:
        grouped: dict[tuple[str, bool], list[str]] = {}
        for phrase in self.gazetteer.phrases:
            match_key = phrase.key + (AMBIGUOUS_SUFFIX if phrase.ambiguous else "")
            grouped.setdefault((match_key, phrase.case_sensitive), []).append(phrase.text)
        texts = sorted({text for values in grouped.values() for text in values})
        # Tokenize every distinct phrase once, in one pass.
        docs = dict(zip(texts, nlp.tokenizer.pipe(texts), strict=True))
        for (match_key, case_sensitive), phrase_texts in grouped.items():
            matcher = self.exact if case_sensitive else self.folded
            matcher.add(match_key, [docs[text] for text in dict.fromkeys(phrase_texts)])

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        entries = self.gazetteer.entries
        table = token_table(doc)
        idx, text = table.idx, table.text
        found = candidates(doc)
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                key = strings[match_id]
                entry = entries[key.removesuffix(AMBIGUOUS_SUFFIX)]
                # The kb_id keeps the entry key (and the ambiguity flag) for later stages.
                found.append(Candidate(start, end, entry.label, key, idx[start],
                                       idx[end - 1] + len(text[end - 1])))
        return doc


@Language.factory("gazetteer_matcher", default_config={"models_dir": ""})
def make_gazetteer_matcher(nlp: Language, name: str, models_dir: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, name, models_dir)
