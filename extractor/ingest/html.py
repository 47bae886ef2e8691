"""HTML page to article text and metadata.

`html_to_article` is the one entry point the loaders and the crawler use.

How the text is made (measured on the ScrapingHub article-extraction benchmark, see
bench/article_extraction.py and docs/ingestion.md):

1. The page is parsed once with lxml (the same parser settings trafilatura uses). The
   metadata is read from that tree before anything changes it (metadata.py).
2. Main content comes from trafilatura's `bare_extraction` in precision mode with tables,
   without comments. Its XML body (p, head, list/item, table/row/cell, quote, lb) is
   rendered by `render_body`: one paragraph, heading or list item a line, one table row a
   line with cells joined by " | ". Whitespace inside a line is folded to single spaces.
3. When precision mode keeps too little, trafilatura's balanced mode is tried; when that
   gives nothing, our own fallback keeps the visible text of <main>/<article>/<body>
   after dropping navigation, headers, footers, forms, scripts and elements whose class or
   id names a cookie banner, share bar, related links, newsletter box or breadcrumb.
4. Leftover boilerplate lines (share/print/cookie/"back to top" lines) are removed.

Pages nested deeper than libxml2's limit (256 levels) and pages over
TRAFILATURA_MAX_CHARS go straight to the fallback, which is iterative and linear, so it
survives 100,000 levels; anything still failing raises ParseError.
The output depends only on the input (no caches, no clock), so offsets stay valid.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from extractor.errors import DecodeError, ParseError
from extractor.ingest.decode import decode_bytes
from extractor.ingest.metadata import (
    ARTICLE_SCHEMA_TYPES,
    PageMetadata,
    dateline_date,
    read_metadata,
)

# Past this many characters of markup a page is cut before parsing (it stays usable).
MAX_HTML_CHARS = 16 * 1024 * 1024
# Pages over this many characters skip trafilatura (its time grows faster than the size)
# and go to the linear fallback extractor.
TRAFILATURA_MAX_CHARS = 3 * 1024 * 1024
# Precision mode "kept too little" under this many words or this share of balanced mode's.
PRECISION_MIN_WORDS = 60
PRECISION_MIN_SHARE = 0.6
# From this many words precision mode's text is taken without asking balanced mode.
PRECISION_SURE_WORDS = 240

CELL_SEPARATOR = " | "
_BLOCK_TAGS = frozenset({"p", "head", "item", "row", "quote", "code", "list", "table", "div", "fw", "note"})
_INLINE_SPACE = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

# Whole lines that are page furniture, not article text (matched case-insensitively).
_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        share(?:\s+(?:this|on|via|to)\b.*)?|tweet|print(?:\s+this\s+page)?|e-?mail(?:\s+this)?|
        (?:facebook|twitter|linkedin|whatsapp|reddit|pinterest|x)(?:\s*[|/·•,]\s*\w+)*|
        back\s+to\s+top|skip\s+to\s+(?:main\s+)?content|
        (?:accept|reject|allow|manage)\s+(?:all\s+)?cookies?.*|
        (?:this|our)\s+(?:web)?site\s+uses\s+cookies.*|we\s+use\s+cookies.*|
        related\s+(?:links|articles|news|stories|content|posts)|read\s+more|
        advertisement|sign\s+up\s+for\s+our\s+newsletter.*|subscribe\s+to\s+our\s+newsletter.*
    )[\s.:!]*$""",
    re.I | re.X,
)
_BOILERPLATE_MAX_WORDS = 14

# Fallback extractor: elements never part of an article, and class/id words that mark furniture.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "iframe", "svg", "select", "input", "textarea", "dialog", "menu", "figure",
)
_FURNITURE = re.compile(
    r"cookie|consent|gdpr|share|sharing|social|related|newsletter|subscribe|breadcrumb|"
    r"skip-?link|sidebar|menu|navbar|\bnav\b|footer|masthead|banner|promo|advert|\bads?\b|popup|modal",
    re.I,
)
_FALLBACK_BLOCKS = (
    "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "ul", "ol", "table",
    "section", "article", "main", "blockquote", "pre", "dd", "dt", "dl", "address", "hr",
)

# trafilatura logs every page it discards at WARNING; the fallback handles those pages.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(frozen=True)
class HtmlArticle:
    text: str
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    source: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    is_article: bool = True
    # Which source the date came from: json-ld, meta, time, url, dateline (None: no date).
    published_from: str | None = None
    # Which extractor produced the text: precision, balanced, fallback.
    extracted_by: str = "precision"

    def meta_fields(self) -> dict[str, object]:
        """The page's own metadata as `DocumentMeta` fields (file loader and crawler alike)."""
        fields: dict[str, object] = {"title": self.title, "published": self.published,
                                     "language": self.language, "is_article": self.is_article}
        if self.source:
            fields["source"] = self.source
        return fields


# ---------------------------------------------------------------- decoding and parsing


def markup_text(html: str | bytes) -> str:
    """The page as a string: bytes decoded (BOM, UTF-8, <meta charset>, detection)."""
    if isinstance(html, str):
        return html
    declared = _META_CHARSET.search(html[:4096])
    try:
        return decode_bytes(html, declared.group(1).decode("ascii") if declared else None).text
    except DecodeError as exc:
        raise ParseError(f"cannot read the page as text: {exc}") from exc


def parse_html(markup: str) -> tuple[HtmlElement, bool]:
    """An lxml tree of the page and whether libxml2 gave up on its nesting depth.

    Raises ParseError when there is nothing to parse.
    """
    markup = _INVALID_XML_CHARS.sub("", markup)  # libxml2 rejects or stops at control characters
    if not markup.strip():
        raise ParseError("empty page: no HTML content")
    parser = lxml.html.HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
    )
    try:
        tree = lxml.html.document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"not parseable as HTML: {exc}") from exc
    too_deep = any("depth" in entry.message.lower() for entry in parser.error_log)
    return tree, too_deep


# ---------------------------------------------------------------- rendering


def _fold(pieces: list[str]) -> str:
    return _INLINE_SPACE.sub(" ", _INVISIBLE.sub("", "".join(pieces))).strip()


def render_body(body: lxml.etree._Element) -> str:
    """trafilatura's XML body as lines: blocks and list items on their own, rows as cells | cells.

    Iterative (lxml's iterwalk), so deep output trees cannot overflow the stack.
    """
    lines: list[str] = []
    pieces: list[str] = []
    cell_depth = 0
    row_has_cell: list[bool] = []

    def flush() -> None:
        line = _fold(pieces)
        pieces.clear()
        if line:
            lines.append(line)

    for event, element in lxml.etree.iterwalk(body, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag == "row":
                flush()
                row_has_cell.append(False)
            elif tag == "cell":
                if row_has_cell and row_has_cell[-1]:
                    pieces.append(CELL_SEPARATOR)
                if row_has_cell:
                    row_has_cell[-1] = True
                cell_depth += 1
            elif tag == "lb":
                if cell_depth:
                    pieces.append(" ")
                else:
                    flush()
            elif tag in _BLOCK_TAGS and not cell_depth:
                flush()
            if element.text and tag not in ("graphic",):
                pieces.append(element.text)
        else:
            if tag == "row":
                flush()
                if row_has_cell:
                    row_has_cell.pop()
            elif tag == "cell":
                cell_depth -= 1
            elif tag in _BLOCK_TAGS and not cell_depth:
                flush()
            elif cell_depth and tag in _BLOCK_TAGS:
                pieces.append(" ")
            if element.tail and element is not body:
                pieces.append(element.tail)
    flush()
    return "\n".join(lines)


def drop_boilerplate_lines(text: str) -> str:
    """The text without short lines that are share/print/cookie/navigation furniture."""
    kept = [
        line
        for line in text.split("\n")
        if not (len(line.split()) <= _BOILERPLATE_MAX_WORDS and _BOILERPLATE_LINE.match(line))
    ]
    return "\n".join(kept)


# ---------------------------------------------------------------- extractors


def _trafilatura_text(tree: HtmlElement, url: str | None, *, precision: bool) -> str:
    """Main text by trafilatura (it works on a copy of `tree`), rendered as lines; '' if none."""
    from trafilatura import bare_extraction

    document = bare_extraction(
        tree,
        url=url,
        favor_precision=precision,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
        deduplicate=False,
    )
    body = getattr(document, "body", None)
    if body is None:
        return ""
    return render_body(body)


def fallback_text(markup: str) -> str:
    """Visible text of the page's main element minus furniture, one block a line.

    Built on BeautifulSoup, whose tree building and traversal are iterative, so it also
    reads pages nested far deeper than libxml2 allows. One pass over the descendants,
    without inserting anything into the tree (bs4 inserts cost the tree's depth each).
    """
    from bs4 import BeautifulSoup, NavigableString, Tag

    def removed(element: Tag) -> bool:
        # Not `element.decomposed`: on a live tag it falls through bs4's __getattr__ into a
        # find() over the whole subtree, which makes this loop quadratic on deep pages.
        return bool(vars(element).get("_decomposed"))

    soup = BeautifulSoup(markup, "lxml")
    for element in soup.find_all(_DROP_TAGS):
        if not removed(element):
            element.decompose()
    for element in soup.find_all(True):
        if removed(element) or element.name in ("html", "body", "main", "article"):
            continue
        marks = " ".join([*element.get("class", []), element.get("id", ""), element.get("role", "")])
        if marks.strip() and _FURNITURE.search(marks):
            element.decompose()
    root: Tag = (
        soup.find("main")
        or soup.find("article")
        or soup.find(attrs={"role": "main"})
        or soup.body
        or soup
    )

    def is_block(node: object) -> bool:
        return isinstance(node, Tag) and node.name in _FALLBACK_BLOCKS

    def follows_cell(cell: Tag) -> bool:
        sibling = cell.previous_sibling
        while isinstance(sibling, NavigableString) and not sibling.strip():
            sibling = sibling.previous_sibling
        return isinstance(sibling, Tag) and sibling.name in ("td", "th")

    pieces: list[str] = []
    for node in root.descendants:
        # A block that just ended (it is the previous sibling) ends the line too.
        if is_block(node.previous_sibling):
            pieces.append("\n")
        if isinstance(node, Tag):
            if node.name in _FALLBACK_BLOCKS:
                pieces.append("\n")
            elif node.name in ("td", "th") and follows_cell(node):
                pieces.append(CELL_SEPARATOR)
        elif isinstance(node, NavigableString) and not _is_comment(node):
            pieces.append(str(node))
    lines = (_fold([line]) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _is_comment(piece: object) -> bool:
    from bs4 import Comment, Declaration, Doctype, ProcessingInstruction

    return isinstance(piece, Comment | Declaration | Doctype | ProcessingInstruction)


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def main_text(tree: HtmlElement, url: str | None) -> tuple[str, str]:
    """(text, extractor name): precision mode, or balanced mode when precision kept too little.

    Precision mode wins on the benchmark (fewer comment, teaser and related-link lines) but
    sometimes cuts a real section; when it keeps under PRECISION_MIN_WORDS words, or under
    PRECISION_MIN_SHARE of what balanced mode keeps, balanced mode's text is used instead.
    Balanced mode is only run when precision mode's text is short enough to be in doubt.
    """
    precise = _trafilatura_text(tree, url, precision=True)
    precise_words = _word_count(precise)
    if precise_words >= PRECISION_SURE_WORDS:
        return precise, "precision"
    balanced = _trafilatura_text(tree, url, precision=False)
    balanced_words = _word_count(balanced)
    if balanced and (precise_words < PRECISION_MIN_WORDS or precise_words < PRECISION_MIN_SHARE * balanced_words):
        return balanced, "balanced"
    return precise, "precision"


# ---------------------------------------------------------------- article or index page

# Index/listing heuristic: an index page is mostly links, with little running prose.
# Characters, not words, so that Chinese or Japanese text (no spaces) is measured alike.
PROSE_LINE_CHARS = 60
MIN_PROSE_CHARS = 400
MIN_INDEX_LINKS = 15
MAX_LINK_TEXT_SHARE = 0.5
MIN_LINKED_LINES = 5
MAX_LINKED_LINE_SHARE = 0.25
_SENTENCE_END = re.compile(r"[.!?。！？](?:[\s\"'”’)\]]|$)")


@dataclass(frozen=True)
class LinkStats:
    links: int  # <a href> in <body>
    link_share: float  # share of the body's visible characters inside links
    link_texts: frozenset[str]  # folded texts of links with at least 3 words or 12 characters


def link_stats(tree: HtmlElement) -> LinkStats:
    """How much of the page is links (read before extraction changes anything)."""
    body = tree.find("body")
    if body is None:
        return LinkStats(0, 0.0, frozenset())
    # XPath string functions run in C: whole-body text minus script/style text.
    total = body.xpath("string-length(normalize-space(string(.)))") - sum(
        element.xpath("string-length(normalize-space(string(.)))")
        for element in body.iter("script", "style", "noscript", "template")
    )
    anchors = body.xpath(".//a[@href]")
    texts = [anchor.xpath("normalize-space(string(.))") for anchor in anchors]
    linked = sum(len(text) for text in texts)
    long_texts = frozenset(t.lower() for t in texts if len(t.split()) >= 3 or len(t) >= 12)
    return LinkStats(len(anchors), min(1.0, linked / total) if total > 0 else 0.0, long_texts)


def looks_like_article(text: str, metadata: PageMetadata, stats: LinkStats) -> bool:
    """False for index/listing pages: many links and little prose.

    - prose = characters on sentence-like lines (at least PROSE_LINE_CHARS long, with a
      sentence end), so that lists of link titles do not count;
    - linked lines = lines of the text that are exactly the text of a link on the page
      (the item titles of a listing);
    - a page declaring a listing in JSON-LD (CollectionPage, ItemList, SearchResultsPage)
      is an index;
    - a page whose text is at least a quarter linked lines (and at least
      MIN_LINKED_LINES of them) is an index;
    - a page declaring an article (og:type article, JSON-LD Article, NewsArticle, ...) is
      an article;
    - otherwise a page with under MIN_PROSE_CHARS of prose is an index when most of its
      text is link text, or when it has MIN_INDEX_LINKS links and almost no prose (under
      a quarter of MIN_PROSE_CHARS).
    """
    lines = [line for line in text.split("\n") if line.strip()]
    prose = sum(
        len(line) for line in lines if len(line) >= PROSE_LINE_CHARS and _SENTENCE_END.search(line)
    )
    linked_lines = sum(1 for line in lines if line.lower() in stats.link_texts)
    if metadata.schema_types & {"collectionpage", "itemlist", "searchresultspage"}:
        return False
    if linked_lines >= MIN_LINKED_LINES and linked_lines >= MAX_LINKED_LINE_SHARE * len(lines):
        return False
    if metadata.og_type == "article" or metadata.schema_types & ARTICLE_SCHEMA_TYPES:
        return True
    if prose >= MIN_PROSE_CHARS:
        return True
    if stats.link_share > MAX_LINK_TEXT_SHARE:
        return False
    return not (stats.links >= MIN_INDEX_LINKS and prose < MIN_PROSE_CHARS / 4)


# ---------------------------------------------------------------- entry point


def html_to_article(html: str | bytes, url: str | None = None) -> HtmlArticle:
    """The article text of a page, one block a line, and what the page says about itself.

    Raises ParseError for an empty page, a page without any text, or HTML that cannot be
    read even by the fallback.
    """
    markup = _INVALID_XML_CHARS.sub("", markup_text(html))
    if len(markup) > MAX_HTML_CHARS:
        markup = markup[:MAX_HTML_CHARS]  # lxml closes what the cut leaves open
    tree, too_deep = parse_html(markup)
    metadata = read_metadata(tree, url)
    stats = link_stats(tree)
    try:
        if too_deep or len(markup) > TRAFILATURA_MAX_CHARS:
            text, extracted_by = "", "fallback"
        else:
            text, extracted_by = main_text(tree, url)
        if not text:
            text, extracted_by = fallback_text(markup), "fallback"
    except RecursionError as exc:
        raise ParseError("HTML nested too deeply to read (recursion limit)") from exc
    text = drop_boilerplate_lines(text)
    if not text.strip():
        raise ParseError("the page has no text")

    published, published_from = metadata.published, metadata.published_from
    if not published:
        published = dateline_date(text)
        published_from = "dateline" if published else None
    return HtmlArticle(
        text=text,
        title=metadata.title,
        published=published,
        source=metadata.source,
        canonical_url=metadata.canonical_url,
        language=metadata.language,
        is_article=looks_like_article(text, metadata, stats),
        published_from=published_from,
        extracted_by=extracted_by,
    )
