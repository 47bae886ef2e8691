"""URL canonicalisation, so one page is one frontier entry and one document id.

Canonical form: http(s) only, lower-case scheme and host (IDNA), no user info, no default
port, no fragment, dot segments resolved, percent escapes upper-cased (unreserved ones
decoded), tracking parameters dropped and the remaining query parameters sorted.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from extractor.errors import ExtractorError

SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# Exact names; any name starting with one of TRACKING_PREFIXES is dropped as well.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "rb_clickid",
        "s_cid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
# Characters left as they are when re-quoting: reserved, unreserved and '%'.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = "/:@!$&'()*+,;=-._~%?"


class UrlError(ExtractorError):
    """A URL that cannot be crawled: unparsable, or not http(s)."""


def _normalise_escapes(part: str, safe: str) -> str:
    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    # Quote first (spaces, non-ASCII), then tidy the escapes that were already there.
    return _ESCAPE.sub(fix, quote(part, safe=safe, encoding="utf-8", errors="surrogatepass"))


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, which posixpath.normpath does not do (it drops trailing '/')."""
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def _host(hostname: str) -> str:
    host = hostname.rstrip(".").lower()
    if not host:
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _is_tracking(name: str) -> bool:
    name = unquote(name).lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def canonicalize(url: str, base: str | None = None) -> str:
    """The canonical form of `url` (resolved against `base` first); raises UrlError."""
    url = url.strip()
    if base is not None:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UrlError(f"malformed URL {url!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UrlError(
            f"only http and https are crawled, not {scheme or 'a relative URL'}: {url!r}"
        )
    if not parts.hostname:
        raise UrlError(f"URL without a host: {url!r}")
    host = _host(parts.hostname)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _remove_dot_segments(_normalise_escapes(parts.path or "/", _PATH_SAFE))
    pairs = [p for p in parts.query.split("&") if p and not _is_tracking(p.split("=", 1)[0])]
    query = "&".join(sorted(_normalise_escapes(p, _QUERY_SAFE) for p in pairs))
    return urlunsplit((scheme, netloc, path, query, ""))


def try_canonicalize(url: str, base: str | None = None) -> str | None:
    try:
        return canonicalize(url, base)
    except UrlError:
        return None


def host_of(url: str) -> str:
    """Lower-case host name of `url`, without port."""
    return (urlsplit(url).hostname or "").lower()


def host_key(url: str) -> str:
    """The unit of politeness: host and port (two servers on one host are two hosts)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or DEFAULT_PORTS.get(scheme, 0)
    return f"{(parts.hostname or '').lower()}:{port}"


def origin_of(url: str) -> str:
    """scheme://host[:port], the unit robots.txt applies to."""
    parts = urlsplit(canonicalize(url))
    return f"{parts.scheme}://{parts.netloc}"


def doc_id_for(url: str) -> str:
    """Stable, readable id: a slug of host and path plus a hash of the canonical URL."""
    canonical = try_canonicalize(url) or url
    parts = urlsplit(canonical)
    readable = f"{parts.hostname or ''} {unquote(parts.path)}"
    slug = re.sub(r"[^a-z0-9]+", "-", readable.lower()).strip("-")
    if len(slug) > 60:
        # Keep the end of the path, which names the page, and the host, which names the site.
        host_slug = re.sub(r"[^a-z0-9]+", "-", (parts.hostname or "").lower()).strip("-")[:24]
        slug = f"{host_slug}--{slug[-(58 - len(host_slug)) :].lstrip('-')}"
    digest = hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}" if slug else digest
