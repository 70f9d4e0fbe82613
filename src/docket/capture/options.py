"""Limits and choices of a capture (kept apart so the command line imports them quickly)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, cast
from urllib.parse import unquote, urlsplit

from docket.capture.address import Resolver, resolve
from docket.errors import DocketError

if TYPE_CHECKING:
    from playwright.sync_api import ProxySettings

PROXY_ENV: Final = "DOCKET_CAPTURE_PROXY"
CHROMIUM_ENV: Final = "DOCKET_CHROMIUM"
PRIVATE_HOSTS_ENV: Final = "DOCKET_CAPTURE_PRIVATE_HOSTS"
DEFAULT_CHROMIUM: Final = Path("/usr/bin/chromium")
PROXY_SCHEMES: Final = ("http", "https", "socks4", "socks5")


class InvalidCaptureOption(DocketError):
    """A capture option is malformed."""


@dataclass(frozen=True)
class CaptureOptions:
    allow_private: bool = False
    # Hosts (``host:port``) reached even though private: a test's own server, and nothing else.
    private_hosts: tuple[str, ...] = ()
    proxy: str | None = None
    timeout: float = 60.0
    max_size: int = 200 << 20
    max_redirects: int = 10
    chromium: Path = DEFAULT_CHROMIUM
    media: bool = True
    max_media_size: int = 2 << 30

    def __post_init__(self) -> None:
        if self.timeout <= 0:
            raise InvalidCaptureOption("capture timeout must be a positive number of seconds")
        if self.max_size <= 0:
            raise InvalidCaptureOption("capture max size must be a positive number of bytes")
        if self.max_media_size <= 0:
            raise InvalidCaptureOption("media max size must be a positive number of bytes")
        if self.max_redirects < 0:
            raise InvalidCaptureOption("max redirects cannot be negative")
        if self.proxy is not None:
            parse_proxy(self.proxy)

    @classmethod
    def from_env(cls, **given: object) -> CaptureOptions:
        """Options with the proxy, Chromium and the private hosts that may be captured
        (``host:port`` separated by commas) taken from the environment unless given."""
        values = dict(given)
        if values.get("proxy") is None:
            values["proxy"] = os.environ.get(PROXY_ENV) or None
        if not values.get("private_hosts"):
            listed = os.environ.get(PRIVATE_HOSTS_ENV, "")
            values["private_hosts"] = tuple(h.strip() for h in listed.split(",") if h.strip())
        if values.get("chromium") is None:
            values["chromium"] = Path(os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM)
        return cls(**values)  # type: ignore[arg-type]

    def allows_private(self, url: str) -> bool:
        if self.allow_private:
            return True
        parts = urlsplit(url)
        try:
            where = f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
        except ValueError:
            return False
        return where in self.private_hosts

    def resolver(self) -> Resolver | None:
        # Behind a proxy the proxy resolves names: a local look-up would tell the local resolver
        # which sites are captured, what the proxy is there to hide.
        return None if self.proxy else resolve

    def playwright_proxy(self) -> ProxySettings | None:
        if not self.proxy:
            return None
        return cast("ProxySettings", parse_proxy(self.proxy))


def parse_proxy(proxy: str) -> dict[str, str]:
    """A proxy URL (``socks5://host:port``, ``http://user:password@host:port``) as Playwright
    takes it; InvalidCaptureOption says what is wrong."""
    parts = urlsplit(proxy.strip())
    if parts.scheme.lower() not in PROXY_SCHEMES:
        raise InvalidCaptureOption(
            f"proxy must start with {', '.join(s + '://' for s in PROXY_SCHEMES)}; "
            f"got {parts.scheme or 'no scheme'}"
        )
    try:
        port = parts.port
    except ValueError:
        port = None
    if not parts.hostname or port is None:
        raise InvalidCaptureOption(
            "proxy must name a host and a port, e.g. socks5://127.0.0.1:9050"
        )
    if parts.username and parts.scheme.lower().startswith("socks"):
        raise InvalidCaptureOption(
            "Chromium cannot log in to a SOCKS proxy; use one without a password"
        )
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    settings = {"server": f"{parts.scheme.lower()}://{host}:{port}"}
    if parts.username:
        settings["username"] = unquote(parts.username)
        settings["password"] = unquote(parts.password or "")
    return settings
