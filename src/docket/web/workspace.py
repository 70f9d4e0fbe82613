"""``Workspace``: what every request handler of the web app reaches."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from docket.archive import Archive
from docket.face import Accounts
from docket.kept import Remembered
from docket.web.config import WebSettings
from docket.web.proxy import TrustedProxies
from docket.web.security import RateLimiter

# A record page's kept parts are a few kilobytes of HTML; the benchmark's 500 records and a
# team's day of reading fit.
RECORD_PAGES_KEPT: Final = 1024


@dataclass
class Workspace:
    """What every request handler reaches through ``request.app.state.workspace``."""

    archive: Archive
    accounts: Accounts
    settings: WebSettings
    # Attempts per (client address, account): one person's typos slow only that account there.
    login_limiter: RateLimiter = field(init=False)
    # Failures per client address, whatever the account: a ceiling for someone trying many names,
    # generous because a whole office may share one address.
    address_limiter: RateLimiter = field(init=False)
    proxies: TrustedProxies = field(init=False)
    # The search page's results and facets by the archive's position, the viewer's levels, the
    # language and the address: asking again for the same page costs one read of the position.
    search_answers: Remembered[Any] = field(init=False)
    # The record page's reads and the parts they make, kept the same way; the custody entry
    # for viewing a confidential record is still written on every request.
    record_pages: Remembered[Any] = field(init=False)
    # How this server stops itself once it has answered "Lock the archive now".
    stop_server: Callable[[], None] = field(init=False)

    def __post_init__(self) -> None:
        self.login_limiter = RateLimiter(self.settings.login_attempts_per_minute)
        self.address_limiter = RateLimiter(self.settings.address_failures_per_minute)
        self.proxies = TrustedProxies(self.settings.trusted_proxies)
        self.search_answers = Remembered()
        self.record_pages = Remembered(RECORD_PAGES_KEPT)
        self.stop_server = _stop_this_process


def _stop_this_process() -> None:
    # As `docket lock` would ask: uvicorn finishes the answers under way, then the process ends
    # and the archive key with it.
    os.kill(os.getpid(), signal.SIGTERM)
