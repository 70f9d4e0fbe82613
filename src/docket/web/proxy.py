"""Who is really asking, behind a reverse proxy.

A TLS proxy in front of the workspace makes every request arrive from the proxy's address; it
says who the client was in ``X-Forwarded-For`` and whether the browser used HTTPS in
``X-Forwarded-Proto``. Anyone can send those headers, so they are believed only when the peer
is one of the configured trusted proxies; otherwise the peer is the client and the headers are
ignored. Sign-in limits count the client's address, so a spoofed header must not pick it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Final

from starlette.types import Scope

from docket.errors import DocketError

UNKNOWN: Final = "unknown"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or CIDR blocks (``10.0.0.5``, ``10.0.0.0/24``, ``::1``); one bad value is a
    one-line error naming it."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise DocketError(
                f"trusted proxy {value!r} is not an IP address or a CIDR block such as 10.0.0.0/24"
            ) from None
    return tuple(networks)


class TrustedProxies:
    """Reads the client address and scheme of a request, believing forwarded headers only from
    a trusted peer."""

    def __init__(self, networks: Sequence[str]) -> None:
        self.networks = parse_networks(networks)

    def trusts(self, address: str | None) -> bool:
        if not address or not self.networks:
            return False
        try:
            parsed = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(parsed in network for network in self.networks)

    def client(self, scope: Scope) -> str:
        """The client's address: the peer's, or, from a trusted proxy, the nearest address in
        ``X-Forwarded-For`` that is not itself a trusted proxy (proxies append on the right,
        so anything further left may have been written by the client)."""
        peer = _peer(scope)
        if not self.trusts(peer):
            return peer or UNKNOWN
        hops = [hop.strip() for hop in ",".join(_headers(scope, b"x-forwarded-for")).split(",")]
        for hop in reversed([hop for hop in hops if hop]):
            if not _is_address(hop):
                break
            if not self.trusts(hop):
                return hop
        return peer or UNKNOWN

    def forwarded_https(self, scope: Scope) -> bool:
        """Whether a trusted proxy says the browser used HTTPS (its own, last, value counts)."""
        if not self.trusts(_peer(scope)):
            return False
        values = ",".join(_headers(scope, b"x-forwarded-proto")).split(",")
        return values[-1].strip().lower() == "https"


def _peer(scope: Scope) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


def _headers(scope: Scope, name: bytes) -> list[str]:
    return [value.decode("latin-1") for key, value in scope.get("headers", []) if key == name]


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
