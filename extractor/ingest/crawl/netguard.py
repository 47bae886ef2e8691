"""No requests to private, loopback or link-local addresses unless allowed.

Checked twice: before each hop (after resolving the host name, so a public-looking name
that points inside is refused with a clear error) and again when the connection is made
(`GuardedBackend`), which connects to the very address it checked, so a DNS answer that
changes between the two (DNS rebinding) cannot slip through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from extractor.errors import ExtractorError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedAddressError(ExtractorError):
    """The host resolves to an address the crawler may not contact."""


def is_public_address(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def parse_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


async def resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses `host` resolves to (a literal resolves to itself)."""
    literal = parse_ip(host)
    if literal is not None:
        return [literal]
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpx.ConnectError(f"cannot resolve {host}: {exc}") from exc
    found: list[IPAddress] = []
    for info in infos:
        address = parse_ip(str(info[4][0]))
        if address is not None and address not in found:
            found.append(address)
    return found


class AddressPolicy:
    """Decides which hosts may be contacted."""

    def __init__(self, allow_private: bool = False, allowed_hosts: Iterable[str] = ()):
        self.allow_private = allow_private
        self.allowed_hosts = frozenset(h.lower().strip("[]") for h in allowed_hosts)

    def exempt(self, host: str) -> bool:
        return self.allow_private or host.lower().strip("[]") in self.allowed_hosts

    async def check(self, host: str, port: int) -> list[IPAddress]:
        """The addresses to use for `host`; raises BlockedAddressError if any is private."""
        addresses = await resolve(host, port)
        if not addresses:
            raise httpx.ConnectError(f"{host} resolves to no address")
        if not self.exempt(host):
            # All of them: a name with one public and one private address is still refused.
            for address in addresses:
                if not is_public_address(address):
                    raise BlockedAddressError(
                        f"{host} resolves to non-public address {address} "
                        "(private, loopback, link-local or reserved); use --allow-private"
                    )
        return addresses


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that checks the address and connects to that address."""

    def __init__(self, policy: AddressPolicy, inner: httpcore.AsyncNetworkBackend | None = None):
        self.policy = policy
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self.policy.check(host, port)
        last_error: Exception | None = None
        for address in addresses:
            try:
                # TLS still verifies the certificate against the name: httpcore passes the
                # request's host as server_hostname, not this address.
                return await self.inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise BlockedAddressError("unix sockets are not crawled")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def guarded_transport(policy: AddressPolicy, **kwargs: Any) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connections go through `GuardedBackend`.

    httpx does not take a network backend, so the connection pool it built is replaced by
    an equivalent one that uses ours. Should a future httpx lay out its transport
    differently, the pre-flight check in the fetcher still applies.
    """
    transport = httpx.AsyncHTTPTransport(**kwargs)
    pool = getattr(transport, "_pool", None)
    if isinstance(pool, httpcore.AsyncConnectionPool):
        limits: httpx.Limits = kwargs.get("limits", httpx.Limits())
        transport._pool = httpcore.AsyncConnectionPool(  # type: ignore[attr-defined]
            ssl_context=pool._ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=GuardedBackend(policy),
        )
    return transport
