"""A fixture website on 127.0.0.1, served by a real HTTP server in a thread.

Every request is logged with its arrival time, path and headers so tests can check what
the crawler asked for, how often and how fast. Static pages answer conditional requests
(ETag / Last-Modified -> 304); fault endpoints misbehave in the ways the crawler must
survive.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from extractor.ingest.crawl import CrawlSettings

LAST_MODIFIED = "Tue, 05 Mar 2024 10:00:00 GMT"
CRAWL_DELAY = 0.1  # robots.txt Crawl-delay of the fixture site
READ_TIMEOUT = 0.3
SLOW_SECONDS = 1.0

PROSE = (
    "The Department of Energy announced on Tuesday a conditional commitment of up to "
    "$1.2 billion for a lithium processing facility in Nevada, part of a wider effort to "
    "secure critical minerals supply chains. Officials said the financing would support "
    "construction of the plant and create several hundred jobs. The agreement follows a "
    "memorandum of understanding signed with Australia last year on critical minerals "
    "cooperation, covering exploration, processing and recycling."
)


@dataclass
class Hit:
    at: float  # time.monotonic() on arrival
    path: str  # with query
    headers: dict[str, str]


def make_pdf(text: str, title: str) -> bytes:
    """A minimal one-page PDF with `text` in Helvetica and a /Title."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) >>".encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def article_html(title: str, style: str, extra: str = "", prose: str = PROSE) -> str:
    """An article page; `style` picks how it states its metadata."""
    head = f"<title>{title} | Example Agency</title>"
    byline = ""
    if style == "jsonld":
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": "2024-03-05",
            "publisher": {"@type": "Organization", "name": "Example Agency"},
        }
        head += f'<script type="application/ld+json">{json.dumps(data)}</script>'
    elif style == "meta":
        head += (
            f'<meta property="og:title" content="{title}">'
            '<meta property="og:type" content="article">'
            '<meta property="article:published_time" content="2024-02-20">'
        )
    elif style == "time":
        byline = '<p class="date"><time datetime="2024-02-10">10 February 2024</time></p>'
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">{head}</head><body>'
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<main><article><h1>{title}</h1>{byline}<p>{prose}</p>"
        f"<p>{title} was welcomed by industry groups, who said it would help "
        "diversify supply away from a single dominant producer.</p>"
        f'{extra}<p><a href="/news/related-deep">Related: deeper story</a></p>'
        "</article></main><footer>Example Agency press office</footer></body></html>"
    )


def index_html(title: str, links: list[tuple[str, str]], next_page: str | None) -> str:
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    data = {"@context": "https://schema.org", "@type": "CollectionPage", "name": title}
    nxt = f'<a rel="next" href="{next_page}">Next page</a>' if next_page else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        f'<script type="application/ld+json">{json.dumps(data)}</script></head>'
        f"<body><h1>{title}</h1><ul>{items}</ul>{nxt}</body></html>"
    )


Route = Callable[["Handler"], None]


@dataclass
class Site:
    """The fixture website: routes, the server and the request log."""

    static: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    dynamic: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    counters: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        return sum(1 for hit in self.hits if hit.path == path)

    def paths(self) -> Counter[str]:
        return Counter(hit.path for hit in self.hits)

    def times(self, path: str) -> list[float]:
        return [hit.at for hit in self.hits if hit.path == path]

    def bump(self, name: str) -> int:
        with self.lock:
            self.counters[name] += 1
            return self.counters[name]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site  # set on the subclass made per server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        site = self.site
        with site.lock:
            site.hits.append(Hit(time.monotonic(), self.path, dict(self.headers.items())))
        try:
            route = site.dynamic.get(self.path)
            if route is not None:
                route(self)
            elif self.path in site.static:
                ctype, body = site.static[self.path]
                self.send_static(ctype, body)
            else:
                self.send_body(404, "text/plain", b"not found")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up (size caps, timeouts): expected

    def send_body(
        self, status: int, ctype: str, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def send_static(self, ctype: str, body: bytes) -> None:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_body(200, ctype, body, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_body(status, "text/plain", b"moved", {"Location": location})


def build_site(site: Site) -> None:
    base = site.base
    html = "text/html; charset=utf-8"

    def page(path: str, body: str, ctype: str = html) -> None:
        site.static[path] = (ctype, body.encode("utf-8"))

    site.static["/robots.txt"] = (
        "text/plain",
        (
            "User-agent: *\n"
            "Disallow: /private/\n"
            f"Crawl-delay: {CRAWL_DELAY}\n\n"
            f"Sitemap: {base}/sitemap_index.xml\n"
        ).encode(),
    )
    # Articles in three metadata styles, plus one with a copy at another URL.
    page("/news/lithium-deal", article_html("Lithium processing loan announced", "jsonld"))
    page("/news/lithium-deal-copy", article_html("Lithium processing loan announced", "jsonld"))
    page("/news/cobalt-loan", article_html("Cobalt refinery loan guarantee", "meta"))
    page("/news/nickel-mou", article_html("Nickel memorandum of understanding", "time"))
    page("/news/graphite-grant", article_html("Graphite anode grant awarded", "plain"))
    page("/news/rare-earths-offtake", article_html("Rare earths offtake agreement", "meta"))
    page("/news/feed-only", article_html("Copper partnership with Chile", "jsonld"))
    page("/news/related-deep", article_html("Deep related story", "plain"))
    page("/news/redirect-target", article_html("Redirect target story", "plain"))
    page("/private/secret", article_html("Secret page", "plain"))
    page("/", index_html("Example Agency", [("/news", "News")], None))
    page("/offsite-trap", article_html("Off-site trap", "plain"))
    page(
        "/news",
        index_html(
            "News releases",
            [
                ("/news/lithium-deal", "Lithium processing loan announced"),
                ("/news/cobalt-loan", "Cobalt refinery loan guarantee"),
                ("/news/lithium-deal?utm_source=newsletter&fbclid=abc#top", "Lithium (again)"),
                ("/private/secret", "Secret"),
                (f"http://localhost:{site.port}/offsite-trap", "Partner site"),
                ("https://offsite.invalid/story", "Elsewhere"),
            ],
            "/news?page=2",
        ),
    )
    page(
        "/news?page=2",
        index_html(
            "News releases, page 2",
            [
                ("/news/nickel-mou", "Nickel memorandum of understanding"),
                ("/news/graphite-grant", "Graphite anode grant awarded"),
                ("/news/lithium-deal-copy", "Lithium processing loan (copy)"),
            ],
            "/news?page=3",
        ),
    )
    page("/news?page=3", index_html("News releases, page 3", [("/news", "First page")], None))
    page(
        "/sitemap_index.xml",
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap>"
        f"<sitemap><loc>{base}/sitemap-pages.xml.gz</loc><lastmod>2024-03-01</lastmod></sitemap>"
        "</sitemapindex>",
        "application/xml",
    )
    page(
        "/sitemap-news.xml",
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}/news/lithium-deal</loc><lastmod>2024-03-05</lastmod></url>"
        f"<url><loc>{base}/news/cobalt-loan</loc></url>"
        "</urlset>",
        "application/xml",
    )
    site.static["/sitemap-pages.xml.gz"] = (
        "application/gzip",
        gzip.compress(
            (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{base}/news/rare-earths-offtake</loc></url>"
                f"<url><loc>{base}/private/secret</loc></url>"
                "</urlset>"
            ).encode(),
            mtime=0,
        ),
    )
    page(
        "/feed.xml",
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Example Agency news</title><link>{base}/news</link>"
        f"<item><title>Copper partnership</title><link>{base}/news/feed-only</link>"
        "<pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate></item>"
        f"<item><title>Nickel MOU</title><link>{base}/news/nickel-mou?utm_campaign=rss</link></item>"
        "</channel></rss>",
        "application/rss+xml",
    )
    add_faults(site)


def add_faults(site: Site) -> None:
    """Endpoints that misbehave; each test seeds the ones it needs."""
    html = "text/html; charset=utf-8"

    def slow(h: Handler) -> None:
        time.sleep(SLOW_SECONDS)
        h.send_body(200, html, article_html("Slow page", "plain").encode())

    def always_500(h: Handler) -> None:
        h.send_body(500, "text/plain", b"internal error")

    def flaky(h: Handler) -> None:
        if site.bump("flaky") <= 2:
            h.send_body(503, "text/plain", b"try again")
        else:
            h.send_body(200, html, article_html("Flaky but fine", "plain").encode())

    def rate_limited(h: Handler) -> None:
        if site.bump("rate") == 1:
            h.send_body(429, "text/plain", b"slow down", {"Retry-After": "1"})
        else:
            h.send_body(200, html, article_html("Rate limited page", "plain").encode())

    def big(h: Handler) -> None:
        # No Content-Length: the cap must be enforced while streaming.
        h.send_response(200)
        h.send_header("Content-Type", html)
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        for _ in range(64):  # 4 MiB
            h.wfile.write(chunk)
        h.close_connection = True

    def big_declared(h: Handler) -> None:
        h.send_body(200, html, b"y" * (2 * 1024 * 1024))

    def encoded_bomb(h: Handler) -> None:
        h.send_body(
            200, html, gzip.compress(b" " * (8 * 1024 * 1024)), {"Content-Encoding": "gzip"}
        )

    def pdf_as_html(h: Handler) -> None:
        body = make_pdf("Critical minerals fact sheet: lithium and cobalt", "Minerals fact sheet")
        h.send_body(200, "text/html; charset=utf-8", body)

    def charset_lies(h: Handler) -> None:
        text = article_html(
            "Société Générale finance accord",
            "plain",
            prose="La Société Générale a signé un accord de financement de 5 millions d’euros "
            "pour une mine de lithium en Bretagne, a annoncé le ministère. " * 3,
        ).replace('<meta charset="utf-8">', "")
        h.send_body(200, "text/html; charset=utf-8", text.encode("cp1252"))

    def binary_as_html(h: Handler) -> None:
        h.send_body(200, "text/html", bytes(range(256)) * 8)

    site.dynamic.update(
        {
            "/faults/slow": slow,
            "/faults/always-500": always_500,
            "/faults/flaky": flaky,
            "/faults/rate-limited": rate_limited,
            "/faults/big": big,
            "/faults/big-declared": big_declared,
            "/faults/encoded-bomb": encoded_bomb,
            "/faults/pdf-as-html": pdf_as_html,
            "/faults/charset-lies": charset_lies,
            "/faults/binary-as-html": binary_as_html,
            "/faults/redirect/1": lambda h: h.redirect("/faults/redirect/2", 301),
            "/faults/redirect/2": lambda h: h.redirect("/faults/redirect/3", 302),
            "/faults/redirect/3": lambda h: h.redirect("/news/redirect-target", 307),
            "/faults/loop/a": lambda h: h.redirect("/faults/loop/b"),
            "/faults/loop/b": lambda h: h.redirect("/faults/loop/a"),
            "/faults/to-private": lambda h: h.redirect("http://10.1.2.3/news"),
            "/faults/to-localhost": lambda h: h.redirect(
                f"http://localhost:{site.port}/news/lithium-deal"
            ),
            "/faults/to-disallowed": lambda h: h.redirect("/private/secret"),
        }
    )
    for n in range(1, 12):
        site.dynamic[f"/faults/hops/{n}"] = lambda h, n=n: h.redirect(f"/faults/hops/{n + 1}")


@contextlib.contextmanager
def serve_site() -> Iterator[Site]:
    """Start the fixture site on a free port; stop it on exit."""
    state = Site()
    handler = type("SiteHandler", (Handler,), {"site": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    build_site(state)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    """A fresh site per test: an empty request log and fresh fault counters."""
    with serve_site() as state:
        yield state


def quicken(site: Site, delay: float = 0.02) -> None:
    """Lower the site's Crawl-delay for tests that are about something else than pacing."""
    ctype, body = site.static["/robots.txt"]
    site.static["/robots.txt"] = (
        ctype,
        body.replace(f"Crawl-delay: {CRAWL_DELAY}".encode(), f"Crawl-delay: {delay}".encode()),
    )


def fast_settings(**overrides: object) -> CrawlSettings:
    """Small delays and caps so a crawl of the fixture site takes a second or two."""
    values: dict[str, object] = {
        "delay": 0.05,
        "connect_timeout": 1.0,
        "read_timeout": READ_TIMEOUT,
        "total_timeout": 3.0,
        "retries": 2,
        "backoff_base": 0.05,
        "backoff_max": 0.2,
        "max_body_bytes": 256 * 1024,
        "max_decompressed_bytes": 512 * 1024,
        "allow_private": True,
        "state_path": None,
        "depth": 1,
    }
    values.update(overrides)
    return CrawlSettings(**values)  # type: ignore[arg-type]
