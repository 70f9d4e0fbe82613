"""How the web workspace behaves: session lifetimes, cookie security, upload limits."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from docket.web.proxy import parse_networks


@dataclass(frozen=True)
class WebSettings:
    """Settings of one running workspace.

    ``secure_cookies`` is ``None`` to decide from the host: cookies are marked Secure unless the
    app listens on a loopback address only, where browsers have no TLS to offer. Behind a TLS
    proxy on another address they are always Secure.

    ``trusted_proxies`` are addresses or CIDR blocks of reverse proxies whose
    ``X-Forwarded-For`` and ``X-Forwarded-Proto`` are believed; from any other peer they are
    ignored. Sign-in attempts are limited per client address and account
    (``login_attempts_per_minute``) and failures per client address under a ceiling generous
    enough for a whole office behind one address (``address_failures_per_minute``).
    """

    host: str = "127.0.0.1"
    port: int = 8000
    secure_cookies: bool | None = None
    idle_minutes: int = 30
    absolute_hours: int = 12
    max_upload_bytes: int = 512 * 1024 * 1024
    # One file of an upload; a batch of files shares ``max_upload_bytes``.
    max_file_bytes: int = 512 * 1024 * 1024
    max_form_bytes: int = 1024 * 1024
    login_attempts_per_minute: int = 10
    address_failures_per_minute: int = 60
    trusted_proxies: tuple[str, ...] = field(default_factory=tuple)
    # zxcvbn score (0-4) a new password needs; 0 turns the strength check off.
    min_password_score: int = 3

    def __post_init__(self) -> None:
        # From JSON (worker processes) the proxies arrive as a list; checked here, so a bad one
        # stops `docket serve` with one line before anything listens.
        object.__setattr__(self, "trusted_proxies", tuple(self.trusted_proxies))
        parse_networks(self.trusted_proxies)

    @property
    def cookies_secure(self) -> bool:
        if self.secure_cookies is not None:
            return self.secure_cookies
        return not _is_loopback(self.host)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
