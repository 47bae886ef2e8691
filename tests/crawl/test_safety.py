"""No requests to private, loopback or link-local addresses unless allowed."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest
from conftest import Site, fast_settings

from extractor.ingest.crawl import crawl_sync
from extractor.ingest.crawl.netguard import AddressPolicy, BlockedAddressError, is_public_address
from extractor.records import ErrorEntry


@pytest.mark.parametrize(
    "address, public",
    [
        ("8.8.8.8", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("224.0.0.1", False),
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public


def test_policy_resolves_names_before_judging() -> None:
    policy = AddressPolicy()
    with pytest.raises(BlockedAddressError, match="localhost"):
        asyncio.run(policy.check("localhost", 80))
    assert asyncio.run(AddressPolicy(allow_private=True).check("localhost", 80))
    assert asyncio.run(AddressPolicy(allowed_hosts=["localhost"]).check("localhost", 80))


def test_private_address_is_refused_without_any_request(site: Site) -> None:
    items = list(crawl_sync([site.url("/news")], fast_settings(allow_private=False)))
    assert len(items) == 1 and isinstance(items[0], ErrorEntry)
    assert items[0].error_type == "BlockedAddress"
    assert "127.0.0.1" in items[0].message
    assert site.hits == []  # not even robots.txt


def _exempt_literal(**overrides: object):  # the server's own address only
    return fast_settings(allow_private=False, allow_private_hosts=("127.0.0.1",), **overrides)


def test_redirect_to_a_private_address_is_refused(site: Site) -> None:
    items = list(crawl_sync([site.url("/faults/to-private")], _exempt_literal()))
    assert [i.error_type for i in items] == ["BlockedAddress"]  # type: ignore[union-attr]
    assert "10.1.2.3" in items[0].message  # type: ignore[union-attr]


def test_redirect_to_a_name_resolving_to_loopback_is_refused(site: Site) -> None:
    items = list(crawl_sync([site.url("/faults/to-localhost")], _exempt_literal()))
    assert [i.error_type for i in items] == ["BlockedAddress"]  # type: ignore[union-attr]
    assert "localhost" in items[0].message  # type: ignore[union-attr]
    assert not any(hit.headers.get("Host", "").startswith("localhost") for hit in site.hits)


def test_only_http_and_https(site: Site) -> None:
    items = list(crawl_sync(["ftp://example.org/x", "file:///etc/passwd"], fast_settings()))
    assert [i.error_type for i in items] == ["UnsupportedURL", "UnsupportedURL"]  # type: ignore[union-attr]
