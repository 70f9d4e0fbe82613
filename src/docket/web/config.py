"""How the web workspace behaves: session lifetimes, cookie security, upload limits."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass


@dataclass(frozen=True)
class WebSettings:
    """Settings of one running workspace.

    ``secure_cookies`` is ``None`` to decide from the host: cookies are marked Secure unless the
    app listens on a loopback address only, where browsers have no TLS to offer. Behind a TLS
    proxy on another address they are always Secure.
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
    # zxcvbn score (0-4) a new password needs; 0 turns the strength check off.
    min_password_score: int = 3

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
