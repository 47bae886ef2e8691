"""URL canonicalisation and document ids."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.ingest.crawl.urls import UrlError, canonicalize, doc_id_for, origin_of


@pytest.mark.parametrize(
    "url, expected",
    [
        ("HTTP://Example.GOV/News", "http://example.gov/News"),
        ("https://example.gov:443/a", "https://example.gov/a"),
        ("http://example.gov:80/a", "http://example.gov/a"),
        ("http://example.gov:8080/a", "http://example.gov:8080/a"),
        ("https://example.gov", "https://example.gov/"),
        ("https://example.gov/a#section-2", "https://example.gov/a"),
        ("https://example.gov/a?utm_source=x&utm_medium=y&id=3", "https://example.gov/a?id=3"),
        ("https://example.gov/a?fbclid=1&gclid=2&b=2&a=1", "https://example.gov/a?a=1&b=2"),
        ("https://example.gov/a?UTM_Campaign=z", "https://example.gov/a"),
        ("https://example.gov/a/./b/../c", "https://example.gov/a/c"),
        ("https://example.gov/a/b/..", "https://example.gov/a/"),
        ("https://example.gov/%7euser/%2f%41", "https://example.gov/~user/%2FA"),
        ("https://example.gov/a b", "https://example.gov/a%20b"),
        ("https://user:pw@example.gov/a", "https://example.gov/a"),
        ("https://example.gov./a", "https://example.gov/a"),
        ("https://bücher.example/a", "https://xn--bcher-kva.example/a"),
        ("https://example.gov/a?flag", "https://example.gov/a?flag"),  # not turned into flag=
        ("http://[::1]:8000/a", "http://[::1]:8000/a"),
    ],
)
def test_canonicalize(url: str, expected: str) -> None:
    assert canonicalize(url) == expected


def test_relative_urls_resolve_against_a_base() -> None:
    assert (
        canonicalize("../b?utm_id=1", "https://example.gov/news/a/") == "https://example.gov/news/b"
    )


@pytest.mark.parametrize(
    "url", ["ftp://example.gov/", "mailto:a@b.c", "javascript:alert(1)", "/relative", "http://"]
)
def test_rejects_what_cannot_be_crawled(url: str) -> None:
    with pytest.raises(UrlError):
        canonicalize(url)


@given(
    path=st.lists(st.sampled_from(["a", "b", ".", "..", "%7e", "x y", "é"]), max_size=6),
    params=st.lists(
        st.tuples(
            st.sampled_from(["id", "utm_source", "page", "fbclid", "q"]), st.text("ab1", max_size=3)
        ),
        max_size=4,
    ),
)
def test_canonicalize_is_idempotent(path: list[str], params: list[tuple[str, str]]) -> None:
    query = "&".join(f"{k}={v}" for k, v in params)
    url = "https://Example.gov/" + "/".join(path) + (f"?{query}" if query else "") + "#frag"
    once = canonicalize(url)
    assert canonicalize(once) == once
    assert "utm_source" not in once and "fbclid" not in once and "#" not in once


def test_doc_id_is_stable_readable_and_distinct() -> None:
    a = doc_id_for("https://www.energy.gov/articles/doe-announces-lithium-loan?utm_source=x")
    assert a == doc_id_for("https://WWW.energy.gov/articles/doe-announces-lithium-loan#top")
    assert a.startswith("www-energy-gov-articles-doe-announces-lithium-loan-")
    assert a != doc_id_for("https://www.energy.gov/articles/doe-announces-lithium-loan?page=2")
    long_id = doc_id_for("https://example.gov/" + "/".join(["section"] * 30) + "/final-story")
    assert len(long_id) <= 72 and "final-story" in long_id and long_id.startswith("example-gov")


def test_origin() -> None:
    assert origin_of("HTTPS://Example.gov:443/a?b") == "https://example.gov"
