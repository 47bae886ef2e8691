"""Property-based: arbitrary text never breaks the pipeline, the finders or the chunker."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.batch import extract_document
from extractor.engines.chunks import chunk_bounds
from extractor.errors import DecodeError
from extractor.ingest.decode import decode_bytes
from extractor.nlp.normalize.date import find_dates
from extractor.nlp.normalize.money import find_money
from extractor.records import Document, Record

# Text that looks a little like press releases: words the rules react to, digits,
# currency signs, punctuation and arbitrary Unicode between them.
TRIGGERS = ["US$", "$", "€", "£", "¥", "Rs.", "R", "bn", "million", "billion", "up to",
            "between", "and", "to", "-", "–", "March", "May", "2026", "3", "1.5", ",", ".",
            "\n\n", "\n", " ", "EXIM", "U.S.", "Japan", "MOU", "signed", "loan", "Minister",
            "Ltd", "Corp.", "of", "the", "(", ")", "'", "\u00a0", "\ufeff", "\u200b"]
texts = st.lists(st.one_of(st.sampled_from(TRIGGERS), st.text(max_size=8)), max_size=60).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(texts)
def test_find_money_offsets_index_the_text(text: str) -> None:
    for match in find_money(text):
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start : match.end].strip()


@FAST
@given(texts)
def test_find_dates_offsets_index_the_text(text: str) -> None:
    for match in find_dates(text):
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start : match.end].strip()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(texts.filter(lambda t: t.strip()))
def test_pipeline_on_arbitrary_text_gives_a_valid_record(nlp, text: str) -> None:
    result = extract_document(Document(id="h", text=text), nlp)
    assert isinstance(result, Record), f"{result!r} for {text!r}"
    for span in result.spans:
        assert text[span.start : span.end] == span.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(texts.filter(lambda t: t.strip()), st.integers(min_value=2, max_value=40))
def test_chunked_extraction_keeps_offsets(nlp, text: str, chunk: int) -> None:
    result = extract_document(Document(id="h", text=text * 3), nlp, max_chunk_chars=chunk)
    assert isinstance(result, Record), result
    for span in result.spans:
        assert result.text[span.start : span.end] == span.text


@FAST
@given(st.text(max_size=500), st.integers(min_value=2, max_value=80))
def test_chunks_cover_the_text_exactly(text: str, max_chars: int) -> None:
    bounds = chunk_bounds(text, max_chars)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    for (_start, end), (next_start, _) in itertools.pairwise(bounds):
        assert end == next_start
    assert all(0 < end - start <= max_chars for start, end in bounds if text)


@FAST
@given(st.binary(max_size=400))
def test_decode_never_raises_anything_but_decode_error(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except DecodeError:
        return
    assert isinstance(decoded.text, str) and decoded.encoding
