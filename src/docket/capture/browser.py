"""One page visited by headless Chromium with every request answered through the capture.

Each request the page makes is fetched by the capture itself (``route.fetch``), checked,
written to the WARC and handed to the browser: so the archive holds exactly the bytes the page
was built from, a request into a private network is never made, redirects are followed one hop
at a time (each hop checked) and the size limit counts everything transferred. The context is
fresh for each page: no cookies, storage or credentials of anyone, and service workers are
blocked so that no request goes around the capture.
"""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Final
from urllib.parse import urljoin

from playwright.sync_api import (
    Browser,
    Error,
    Page,
    Playwright,
    Request,
    Route,
    ViewportSize,
    sync_playwright,
)

from docket.capture.address import CaptureRefused, check_host, check_url, is_public
from docket.capture.options import CaptureOptions
from docket.capture.visit import CaptureFailed, FileVisit, PageVisit, Visit
from docket.capture.warc import Exchange, WarcFile, header
from docket.errors import DocketError

CHROMIUM_ARGS: Final = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    # Connections the capture cannot answer itself: name look-ups ahead of time, and WebRTC,
    # which would reach hosts (and reveal the machine's own address) around a proxy.
    "--dns-prefetch-disable",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
]
# Playwright's messages start with the call that failed ("Route.fetch: connect ECONNREFUSED").
_CALL: Final = re.compile(r"^\w+\.\w+: ")
HTML_TYPES: Final = frozenset({"text/html", "application/xhtml+xml"})
# After ``load`` a page often fetches more (lazy images, fonts): wait this long for quiet.
SETTLE_SECONDS: Final = 3.0
VIEWPORT: Final = ViewportSize(width=1280, height=900)


@dataclass
class _Traffic:
    """What the route handler saw during one visit."""

    options: CaptureOptions
    warc: WarcFile
    deadline: float
    requested: str
    document: Exchange | None = None
    redirects: list[str] = field(default_factory=list)
    follow: str | None = None
    transferred: int = 0
    blocked: list[str] = field(default_factory=list)
    failure: str | None = None


class Chromium:
    """A headless Chromium for a series of captures (one per thread: Playwright's sync API is
    bound to the thread that started it)."""

    def __init__(self, options: CaptureOptions) -> None:
        self.options = options
        self._driver: Playwright | None = None
        self._browser: Browser | None = None

    def __enter__(self) -> Chromium:
        executable = self.options.chromium
        if not executable.exists():
            raise CaptureFailed(
                f"{executable} is missing: capture needs Chromium (Debian: apt-get install "
                "chromium; or set DOCKET_CHROMIUM to its path)"
            )
        self._driver = sync_playwright().start()
        try:
            self._browser = self._driver.chromium.launch(
                executable_path=str(executable), args=CHROMIUM_ARGS, headless=True
            )
        except Error as error:
            self._driver.stop()
            raise CaptureFailed(f"Chromium did not start: {_first_line(error)}") from None
        return self

    def __exit__(self, *_: object) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._driver is not None:
            self._driver.stop()

    @property
    def version(self) -> str:
        return self._browser.version if self._browser is not None else "unknown"

    def visit(self, url: str, workdir: Path, software: str) -> Visit:
        """Load ``url`` and keep everything it loads in ``workdir/data.warc.gz``."""
        if self._browser is None:
            raise CaptureFailed("the browser is not running")
        options = self.options
        started = datetime.now(UTC)
        clock = time.monotonic()
        deadline = clock + options.timeout
        context = self._browser.new_context(
            accept_downloads=False,
            service_workers="block",
            viewport=VIEWPORT,
            proxy=options.playwright_proxy(),
        )
        try:
            with WarcFile(workdir / "data.warc.gz", software) as warc:
                traffic = _Traffic(options, warc, deadline, url)
                # WebSockets are not HTTP requests the capture can check and keep: none is opened.
                context.route_web_socket("**/*", lambda socket: socket.close())
                page = context.new_page()
                page.route("**/*", lambda route, request: _answer(traffic, route, request))
                navigation_error = self._navigate(page, url, traffic)
                while traffic.follow is not None and traffic.failure is None:
                    # A redirect of the page is a new navigation, so its target is checked and
                    # fetched through the capture like the link itself.
                    target, traffic.follow = traffic.follow, None
                    if len(traffic.redirects) > options.max_redirects:
                        traffic.failure = (
                            f"more than {options.max_redirects} redirects (a redirect loop?): "
                            f"{' → '.join(traffic.redirects[:3])} …"
                        )
                        break
                    navigation_error = self._navigate(page, target, traffic)
                document = traffic.document
                if traffic.failure is not None:
                    raise CaptureFailed(traffic.failure)
                if document is None:
                    raise CaptureFailed(navigation_error or "no response")
                if document.media_type not in HTML_TYPES and document.status < 300:
                    return FileVisit(url, started, document, traffic.redirects)
                if navigation_error is not None and not (
                    document.status >= 400 and "ERR_HTTP_RESPONSE_CODE_FAILURE" in navigation_error
                ):
                    raise CaptureFailed(navigation_error)
                self._settle(page, deadline)
                # Playwright reads a time-out of 0 as none at all: always leave the screenshot some.
                remaining = max(1000.0, _remaining_ms(deadline))
                title = page.title()
                html = page.content()
                screenshot = page.screenshot(full_page=True, timeout=remaining)
                pdf = page.pdf(print_background=True)
                if traffic.failure is not None:
                    raise CaptureFailed(traffic.failure)
            return PageVisit(
                requested=url,
                started=started,
                document=document,
                redirects=traffic.redirects,
                title=title,
                html=html,
                screenshot=screenshot,
                pdf=pdf,
                warc=warc.path,
                index=warc.index,
                transferred=traffic.transferred,
                blocked=traffic.blocked,
                seconds=time.monotonic() - clock,
            )
        except Error as error:
            raise CaptureFailed(_browser_message(error)) from None
        finally:
            context.close()

    def _navigate(self, page: Page, url: str, traffic: _Traffic) -> str | None:
        try:
            page.goto(url, wait_until="load", timeout=_remaining_ms(traffic.deadline))
        except Error as error:
            if "Timeout" in str(error):
                return f"did not finish loading within {self.options.timeout:g} s"
            return _browser_message(error)
        return None

    def _settle(self, page: Page, deadline: float) -> None:
        wait = min(SETTLE_SECONDS, max(0.0, deadline - time.monotonic() - 5))
        if wait <= 0:
            return
        # A page that never goes quiet is captured as it is.
        with contextlib.suppress(Error):
            page.wait_for_load_state("networkidle", timeout=wait * 1000)


def _answer(traffic: _Traffic, route: Route, request: Request) -> None:
    """Fetch one request for the page, keep it, and hand the response to the browser."""
    # The page or browser may go away, and the WARC be closed, while a response is on its way:
    # then nothing is answered.
    with contextlib.suppress(Error, DocketError):
        _fetch(traffic, route, request)


def _fetch(traffic: _Traffic, route: Route, request: Request) -> None:
    options = traffic.options
    url = request.url
    main = request.is_navigation_request() and request.frame.parent_frame is None
    hops = 0
    while True:
        exchange = _get(traffic, route, request, url, main)
        if exchange is None:
            return
        location = header(exchange.headers, "location")
        if not (300 <= exchange.status < 400 and location):
            break
        traffic.warc.add(exchange)
        target = urljoin(url, location)
        if main:
            traffic.redirects.append(url)
            traffic.follow = target
            route.abort("aborted")
            return
        # Chromium would follow a fulfilled redirect by itself, around the capture's checks:
        # a subresource's redirects are followed here instead, each hop checked.
        hops += 1
        if hops > options.max_redirects:
            _refuse(traffic, route, False, f"{_short(request.url)}: too many redirects")
            return
        url = target
    if main:
        traffic.document = exchange
        if exchange.media_type not in HTML_TYPES and exchange.status < 300:
            # Not a page: the file itself is the evidence; the browser need not show it.
            route.abort("aborted")
            return
    traffic.warc.add(exchange)
    route.fulfill(
        status=exchange.status,
        headers={k: v for k, v in exchange.headers if k.lower() not in _NOT_FORWARDED},
        body=exchange.body,
    )


def _get(
    traffic: _Traffic, route: Route, request: Request, url: str, main: bool
) -> Exchange | None:
    """Fetch ``url`` for the request, or refuse it (and abort the request) and return None."""
    options = traffic.options
    try:
        check_url(url)
        if not options.allows_private(url):
            check_host(url, options.resolver())
    except CaptureRefused as refused:
        _refuse(traffic, route, main, _where(traffic, url) + str(refused))
        return None
    if traffic.failure is not None:
        route.abort("blockedbyclient")
        return None
    remaining = _remaining_ms(traffic.deadline)
    if remaining <= 0:
        _refuse(
            traffic,
            route,
            main,
            _where(traffic, url) + f"time limit of {options.timeout:g} s reached",
        )
        return None
    at = datetime.now(UTC)
    try:
        response = route.fetch(url=url, max_redirects=0, timeout=remaining)
        body = response.body()
    except Exception as error:  # the driver reports network failures in more than one type
        _refuse(
            traffic, route, main, _where(traffic, url) + _network_message(error, options.timeout)
        )
        return None
    server = response.server_addr()
    # The name may have resolved differently for the fetch than for the check before it.
    if (
        server is not None
        and options.resolver() is not None
        and not options.allows_private(url)
        and not is_public(server["ipAddress"])
    ):
        _refuse(traffic, route, main, _where(traffic, url) + "answered from a private address")
        return None
    headers = [(item["name"], item["value"]) for item in response.headers_array]
    traffic.transferred += len(body) + sum(len(k) + len(v) + 4 for k, v in headers)
    if traffic.transferred > options.max_size:
        traffic.failure = f"the page is larger than the size limit of {options.max_size:,} bytes"
        route.abort("blockedbyclient")
        return None
    return Exchange(
        url=url,
        method=request.method,
        request_headers=list(request.headers.items()),
        request_body=request.post_data_buffer,
        status=response.status,
        reason=response.status_text,
        headers=headers,
        body=body,
        at=at,
    )


_NOT_FORWARDED: Final = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def _refuse(traffic: _Traffic, route: Route, main: bool, reason: str) -> None:
    if main:
        traffic.failure = traffic.failure or reason
    else:
        traffic.blocked.append(reason)
    route.abort("blockedbyclient")


def _where(traffic: _Traffic, url: str) -> str:
    """The URL a message is about, unless it is the link asked for (named by the caller)."""
    return "" if url == traffic.requested else f"{_short(url)}: "


def _network_message(error: Exception, timeout: float) -> str:
    text = str(error)
    lowered = text.lower()
    if "timeout" in lowered or "timed out" in lowered:
        return f"no answer within the time limit of {timeout:g} s"
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered or "cert_" in lowered:
        return f"TLS error, the site's certificate is not valid ({_first_line(error)})"
    if "enotfound" in lowered or "eai_again" in lowered or "name_not_resolved" in lowered:
        return "the host name does not resolve (unreachable)"
    if "econnrefused" in lowered or "connection_refused" in lowered:
        return "the host refused the connection (unreachable)"
    if "econnreset" in lowered or "socket hang up" in lowered:
        return "the connection was closed by the host"
    if "ehostunreach" in lowered or "enetunreach" in lowered:
        return "the host is unreachable"
    return _first_line(error)


def _browser_message(error: Error) -> str:
    text = str(error)
    if "ERR_TOO_MANY_REDIRECTS" in text:
        return "too many redirects (a redirect loop)"
    return _first_line(error)


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return _CALL.sub("", lines[0])[:200] if lines else type(error).__name__


def _remaining_ms(deadline: float) -> float:
    return max(0.0, (deadline - time.monotonic()) * 1000)


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "…"
