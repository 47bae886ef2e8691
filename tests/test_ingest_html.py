"""HTML to article: main content kept, furniture dropped, structure as lines, metadata, robustness."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from extractor.errors import ParseError
from extractor.ingest.html import html_to_article, looks_like_article, render_body
from extractor.ingest.metadata import PageMetadata, dateline_date, parse_date, url_date

ARTICLE_PARAGRAPHS = [
    "The Department of Energy today announced a conditional commitment for a loan of up to "
    "$1.2 billion to Lithium Americas for the construction of a lithium carbonate processing "
    "plant in Thacker Pass, Nevada.",
    "The facility is expected to produce enough lithium carbonate to support the manufacture of "
    "batteries for up to 800,000 electric vehicles a year, strengthening the domestic supply "
    "chain for critical minerals.",
    "Officials said the loan would be disbursed in tranches once the company meets the technical, "
    "legal and financial conditions set out in the term sheet agreed with the Loan Programs Office.",
    "The project is projected to create 1,800 construction jobs and 360 permanent operating jobs "
    "in Humboldt County, according to the company and state economic development officials.",
]


def article_page(
    *,
    head: str = "",
    body_top: str = "",
    lang: str = "en-US",
    extra_article: str = "",
    paragraphs: list[str] | None = None,
) -> str:
    """A press-release page with the usual furniture around the article."""
    paras = "\n".join(f"<p>{text}</p>" for text in (paragraphs or ARTICLE_PARAGRAPHS))
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>DOE Offers Loan to Lithium Americas | Energy.gov</title>{head}
<script>window.analytics = {{track: function() {{ return "TRACKING-SCRIPT-CODE"; }}}};</script>
<style>.hero {{ color: red; }}</style>
</head>
<body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience on our website.
  <button>Accept all cookies</button></div>
<header class="site-header"><a href="/">Energy.gov</a>
  <nav class="main-nav"><ul><li><a href="/science">Science &amp; Innovation</a></li>
  <li><a href="/offices">Offices and Programs</a></li><li><a href="/about">About Us Navigation</a></li></ul></nav>
</header>
{body_top}
<main>
<article>
<h1>DOE Offers Loan to Lithium Americas</h1>
<div class="share-links social-share"><a href="https://twitter.com/share">Share on Twitter</a>
  <a href="https://facebook.com/share">Share on Facebook</a></div>
{paras}
{extra_article}
</article>
<aside class="related-articles"><h2>Related Articles</h2><ul>
  <li><a href="/a">Unrelated headline about solar panels in Arizona desert</a></li>
  <li><a href="/b">Another unrelated story about wind turbines offshore</a></li></ul></aside>
</main>
<footer class="site-footer"><p>U.S. Department of Energy, 1000 Independence Ave. SW, Washington DC 20585</p>
<a href="/privacy">Privacy Policy Footer Link</a></footer>
</body></html>"""


# ---------------------------------------------------------------- main content


def test_article_text_is_kept_and_furniture_dropped() -> None:
    article = html_to_article(article_page())
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in article.text
    for furniture in (
        "TRACKING-SCRIPT-CODE",
        "color: red",
        "We use cookies",
        "Accept all cookies",
        "Science & Innovation",
        "About Us Navigation",
        "Share on Twitter",
        "Share on Facebook",
        "Related Articles",
        "solar panels in Arizona",
        "Independence Ave",
        "Privacy Policy Footer Link",
    ):
        assert furniture not in article.text, furniture
    assert article.is_article


def test_paragraphs_are_separate_lines() -> None:
    lines = html_to_article(article_page()).text.split("\n")
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in lines


def test_list_items_are_separate_lines() -> None:
    bullets = """<ul>
      <li>The United States and Australia will co-invest $2 billion in critical minerals projects.</li>
      <li>The Export-Import Bank will issue letters of interest worth $2.2 billion.</li>
      <li>The partners will set a price floor for rare earth oxides produced in allied countries.</li>
    </ul>"""
    text = html_to_article(article_page(extra_article=bullets)).text
    lines = text.split("\n")
    assert "The United States and Australia will co-invest $2 billion in critical minerals projects." in lines
    assert "The Export-Import Bank will issue letters of interest worth $2.2 billion." in lines
    assert "The partners will set a price floor for rare earth oxides produced in allied countries." in lines


def test_table_rows_are_lines_with_separated_cells() -> None:
    table = """<table>
      <tr><th>Country</th><th>Commodity</th><th>Amount</th></tr>
      <tr><td>Chile</td><td>Lithium</td><td>$500 million</td></tr>
      <tr><td>Zambia</td><td>Copper</td><td>$150 million</td></tr>
    </table>"""
    lines = html_to_article(article_page(extra_article=table)).text.split("\n")
    assert "Country | Commodity | Amount" in lines
    assert "Chile | Lithium | $500 million" in lines
    assert "Zambia | Copper | $150 million" in lines


def test_render_body_handles_lists_tables_and_line_breaks() -> None:
    body = etree.fromstring(
        "<body><head>Heading</head><p>One <hi>bold</hi> line<lb/>after break</p>"
        "<list><item>first</item><item>second <list><item>nested</item></list></item></list>"
        "<table><row><cell>a</cell><cell><p>b</p><p>c</p></cell></row><row><cell>d</cell></row></table>"
        "<p>  spaced \n  out  </p></body>"
    )
    assert render_body(body).split("\n") == [
        "Heading",
        "One bold line",
        "after break",
        "first",
        "second",
        "nested",
        "a | b c",
        "d",
        "spaced out",
    ]


def test_output_is_deterministic() -> None:
    page = article_page()
    assert html_to_article(page) == html_to_article(page)


# ---------------------------------------------------------------- metadata

JSON_LD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "JSON-LD headline",
    "datePublished": "2024-03-01T09:00:00-05:00",
    "publisher": {"@type": "Organization", "name": "JSON-LD Publisher"},
}
META_DATE = '<meta property="article:published_time" content="2024-03-02T10:00:00Z">'
TIME_ELEMENT = '<p>Posted <time datetime="2024-03-03">March 3</time> by the press office.</p>'
URL_WITH_DATE = "https://www.example.gov/news/2024/03/04/doe-offers-loan"
DATELINE = "WASHINGTON, March 5, 2024 — The Department of Energy today announced a loan."


def _dated_page(*, json_ld: bool, meta: bool, time: bool, dateline: bool) -> str:
    head = ""
    if json_ld:
        head += f'<script type="application/ld+json">{json.dumps(JSON_LD)}</script>'
    if meta:
        head += META_DATE
    paragraphs = ([DATELINE] if dateline else []) + ARTICLE_PARAGRAPHS
    return article_page(head=head, paragraphs=paragraphs, extra_article=TIME_ELEMENT if time else "")


@pytest.mark.parametrize(
    ("sources", "expected", "origin"),
    [
        ({"json_ld": True, "meta": True, "time": True, "dateline": True, "url": True}, "2024-03-01", "json-ld"),
        ({"json_ld": False, "meta": True, "time": True, "dateline": True, "url": True}, "2024-03-02", "meta"),
        ({"json_ld": False, "meta": False, "time": True, "dateline": True, "url": True}, "2024-03-03", "time"),
        ({"json_ld": False, "meta": False, "time": False, "dateline": True, "url": True}, "2024-03-04", "url"),
        ({"json_ld": False, "meta": False, "time": False, "dateline": True, "url": False}, "2024-03-05", "dateline"),
        ({"json_ld": False, "meta": False, "time": False, "dateline": False, "url": False}, None, None),
    ],
)
def test_publication_date_order_of_trust(sources: dict[str, bool], expected: str | None, origin: str | None) -> None:
    url = URL_WITH_DATE if sources.pop("url") else "https://www.example.gov/news/doe-offers-loan"
    article = html_to_article(_dated_page(**sources), url=url)
    assert article.published == expected
    assert article.published_from == origin


def test_other_meta_date_names_are_read() -> None:
    for tag in (
        '<meta name="DC.date.issued" content="2023-11-20">',
        '<meta name="pubdate" content="20231120">',
        '<meta itemprop="datePublished" content="November 20, 2023">',
    ):
        assert html_to_article(article_page(head=tag)).published == "2023-11-20", tag


def test_json_ld_graph_and_bad_json_ld() -> None:
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Site"}, JSON_LD]}
    head = '<script type="application/ld+json">{ not json</script>'
    head += f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    article = html_to_article(article_page(head=head))
    assert article.published == "2024-03-01"
    assert article.source == "JSON-LD Publisher"


def test_title_source_canonical_and_language() -> None:
    head = (
        '<meta property="og:title" content="OG title of the release">'
        '<meta property="og:site_name" content="Energy.gov">'
        '<link rel="canonical" href="/articles/doe-offers-loan">'
        f'<script type="application/ld+json">{json.dumps(JSON_LD)}</script>'
    )
    article = html_to_article(article_page(head=head), url="https://www.energy.gov/news/x?utm=1")
    assert article.title == "OG title of the release"
    assert article.source == "Energy.gov"  # og:site_name before JSON-LD publisher
    assert article.canonical_url == "https://www.energy.gov/articles/doe-offers-loan"
    assert article.language == "en"


def test_fallback_metadata_sources() -> None:
    head = '<meta property="og:url" content="https://example.gov/release/42">'
    article = html_to_article(article_page(head=head, lang="fr-CA"))
    # No og:title or JSON-LD: the <title> without the site part; og:url as canonical.
    assert article.title == "DOE Offers Loan to Lithium Americas"
    assert article.canonical_url == "https://example.gov/release/42"
    assert article.language == "fr"
    assert article.source is None
    page_url = "https://example.gov/page"
    assert html_to_article(article_page(), url=page_url).canonical_url == page_url


def test_date_parsing_helpers() -> None:
    assert parse_date("2024-03-05T23:30:00+09:00") == "2024-03-05"
    assert parse_date("Tue, 05 Mar 2024 10:00:00 GMT") == "2024-03-05"
    assert parse_date("5 March 2024") == "2024-03-05"
    assert parse_date("Sept. 5, 2024") == "2024-09-05"
    assert parse_date("2024-02-30") is None
    assert parse_date("soon") is None
    assert url_date("https://x.org/2024/3/5/title") == "2024-03-05"
    assert url_date("https://x.org/news/20240305-title") == "2024-03-05"
    assert url_date("https://x.org/news/item/12345") is None
    assert dateline_date("OTTAWA, ON, Jan. 9, 2025 /CNW/ - Canada announced ...") == "2025-01-09"
    assert dateline_date("x " * 400 + "March 5, 2024") is None  # too far in: not a dateline


# ---------------------------------------------------------------- article or index page


def test_index_page_is_not_an_article() -> None:
    items = "\n".join(
        f'<li><h3><a href="/news/release-{n}">Secretary announces funding round {n} for critical '
        f"minerals processing</a></h3><span>March {n % 28 + 1}, 2024</span></li>"
        for n in range(25)
    )
    page = f"""<html lang="en"><head><title>Press Releases | Agency</title></head><body>
    <nav><a href="/">Home</a><a href="/about">About</a></nav>
    <main><h1>Press Releases</h1><ul class="news-list">{items}</ul></main></body></html>"""
    article = html_to_article(page)
    assert article.is_article is False


def test_looks_like_article_declared_listing() -> None:
    from extractor.ingest.html import LinkStats

    prose = "This is a sentence of real prose that goes on long enough to count as prose. " * 10
    listing = PageMetadata(schema_types=frozenset({"collectionpage"}))
    assert looks_like_article(prose, PageMetadata(), LinkStats(3, 0.05, frozenset())) is True
    assert looks_like_article(prose, listing, LinkStats(3, 0.05, frozenset())) is False
    assert looks_like_article("Home\nNews", PageMetadata(), LinkStats(40, 0.9, frozenset())) is False


# ---------------------------------------------------------------- robustness


def test_malformed_html_still_gives_text() -> None:
    page = article_page().replace("</p>", "").replace("</article>", "<div><span><b>unclosed")
    article = html_to_article(page)
    assert ARTICLE_PARAGRAPHS[0] in article.text


def test_truncated_html_keeps_what_was_there() -> None:
    page = article_page()
    cut = page[: page.index(ARTICLE_PARAGRAPHS[2][:40]) + 40]
    article = html_to_article(cut)
    assert ARTICLE_PARAGRAPHS[0] in article.text
    assert ARTICLE_PARAGRAPHS[2][:40] in article.text


def test_deeply_nested_html_does_not_crash() -> None:
    depth = 100_000
    page = (
        "<html><body>" + "<div>" * depth
        + "<p>Deep content about a lithium offtake agreement signed in Santiago.</p>"
        + "</div>" * depth + "</body></html>"
    )
    try:
        article = html_to_article(page)
    except ParseError as exc:  # acceptable, as long as it says why
        assert "nest" in str(exc).lower() or "deep" in str(exc).lower()
    else:
        assert "Deep content about a lithium offtake agreement signed in Santiago." in article.text


def test_deeply_nested_unclosed_inline_tags() -> None:
    page = "<html><body><p>" + "<b><i>" * 50_000 + "Unclosed formatting text survives."
    article = html_to_article(page)
    assert "Unclosed formatting text survives." in article.text


@pytest.mark.parametrize("empty", ["", "   \n\t", "<html></html>", "<html><body><script>x()</script></body></html>"])
def test_empty_pages_raise_parse_error(empty: str) -> None:
    with pytest.raises(ParseError):
        html_to_article(empty)


def test_binary_bytes_raise_parse_error() -> None:
    with pytest.raises(ParseError):
        html_to_article(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_bytes_with_declared_charset() -> None:
    page = article_page(paragraphs=[*ARTICLE_PARAGRAPHS, "The Minister of Économie signed the accord in Montréal."])
    page = page.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    article = html_to_article(page.encode("windows-1252"))
    assert "The Minister of Économie signed the accord in Montréal." in article.text


def test_control_characters_are_removed() -> None:
    page = article_page().replace("announced", "announ\x00ced\x0b")
    assert "\x00" not in html_to_article(page).text
