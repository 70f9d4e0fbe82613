"""Which addresses a capture may reach: public web pages, never the organisation's own network.

A capture fetches whatever a page asks for, so a link is a way into every machine the archive's
host can reach. Only http and https are fetched, and a host is refused when any address it
resolves to is private, loopback, link-local, reserved or multicast; the same test is applied to
every redirect and every subresource, not only to the link given.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from docket.errors import DocketError

Resolver = Callable[[str], Sequence[str]]
SCHEMES = ("http", "https")
MAX_URL = 8192


class CaptureRefused(DocketError):
    """A link that must not be fetched: not a web address, or into a private network."""


def resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to (empty when the name does not resolve)."""
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in found})


def is_public(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> str:
    """The URL cleaned of surrounding space, or CaptureRefused saying why it is no web address."""
    cleaned = url.strip()
    if not cleaned:
        raise CaptureRefused("empty link")
    if len(cleaned) > MAX_URL or any(ord(c) < 0x21 or c == "\x7f" for c in cleaned):
        raise CaptureRefused("not a valid link")
    parts = urlsplit(cleaned)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise CaptureRefused(f"{shown} links are not captured; only http and https")
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - a malformed port raises here
    except ValueError:
        raise CaptureRefused("not a valid link") from None
    if not host:
        raise CaptureRefused("the link names no host")
    return cleaned


def check_host(url: str, resolver: Resolver | None = resolve) -> None:
    """Refuse a link into a private network. With ``resolver`` None (a proxy resolves names, and
    a local look-up would reveal the name to the local resolver) only literal addresses and
    local names are judged."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    literal = _literal(host)
    if literal is not None:
        if not is_public(literal):
            raise CaptureRefused(f"{host}: a private or local address is not captured")
        return
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        raise CaptureRefused(f"{host}: a local name is not captured")
    if resolver is None:
        return
    addresses = resolver(host)
    if not addresses:
        raise CaptureRefused(f"{host}: the host name does not resolve (unreachable)")
    private = [a for a in addresses if not is_public(a)]
    if private:
        raise CaptureRefused(
            f"{host}: resolves to a private or local address ({private[0]}), not captured"
        )


def _literal(host: str) -> str | None:
    candidate = host.strip("[]")
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        pass
    # Browsers read 2130706433, 0x7f.1 and 127.1 as IPv4 addresses; so must the check.
    try:
        return socket.inet_ntoa(socket.inet_aton(candidate)) if candidate[:1].isdigit() else None
    except OSError:
        return None
