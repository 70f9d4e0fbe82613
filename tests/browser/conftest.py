"""Browser tests: the workspace served by uvicorn on loopback, driven by headless Chromium.

One server per test session over a seeded SQLite archive (``tests/web/seed.py``) with a user
per role; every test gets a fresh browser context, so cookies never leak from one to the next.
Every page a test opens is watched: a console error (a CSP violation is one), an uncaught
exception or a 5xx response fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LANGUAGE_USER,
    SCREENSHOTS,
    SIGN_IN_ADMIN,
    VIEWPORT,
    Browsing,
    LiveServer,
    Watch,
    furnish,
    serve,
)
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright
from tests.web.seed import seed
from tests.web.web_support import ROLES, add_person

from docket.archive import Archive
from docket.config import Settings
from docket.web import WebSettings, create_app


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The workspace over a seeded SQLite archive, served on 127.0.0.1 for the whole session."""
    folder = tmp_path_factory.mktemp("live")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DOCKET_RECORD_KEY", raising=False)
        patch.setenv("DOCKET_ACTOR", "tester")
        home = folder / "archive"
        archive = Archive.create(
            Settings.from_env(home=home, database_url=f"sqlite:///{home}/docket.sqlite3")
        )
        try:
            seeded = seed(archive, folder / "seed")
            scenery = furnish(archive, seeded)
            people = {role: add_person(archive, role) for role in ROLES}
            people[LANGUAGE_USER] = add_person(archive, "analyst", name=LANGUAGE_USER)
            people[SIGN_IN_ADMIN] = add_person(archive, "admin", name=SIGN_IN_ADMIN)
            app = create_app(archive, WebSettings(secure_cookies=False))
            server, thread, base_url = serve(app)
            try:
                yield LiveServer(base_url, archive, seeded, scenery, people, folder)
            finally:
                server.should_exit = True
                thread.join(timeout=30)
        finally:
            archive.close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless. Missing is a failure: CI installs it (see .ci/run)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium package "
            "(apt-get install chromium); no browser is ever downloaded",
            pytrace=False,
        )
    launched = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield launched
    launched.close()


@pytest.fixture
def browsing(live: LiveServer, browser: Browser) -> Iterator[Browsing]:
    """A new context (1280 px wide, English) for this test; fails it on any browser error."""
    context = browser.new_context(
        viewport=VIEWPORT, base_url=live.base_url, locale="en-GB", timezone_id="Asia/Bishkek"
    )
    context.set_default_timeout(15_000)
    # Assertions wait as long as actions do: on a loaded machine an answer can take seconds.
    expect.set_options(timeout=15_000)
    watch = Watch()
    try:
        yield Browsing(live, context, watch)
    finally:
        context.close()
    assert not watch.problems, "the browser reported:\n" + "\n".join(watch.problems)


@pytest.fixture
def screenshot(tmp_path: Path) -> Callable[[Page, str], Path]:
    """Save a full-page screenshot of ``page``: as docs/screenshots/<name>.png when
    ``DOCKET_SCREENSHOTS=1`` (``make screenshots``), otherwise beside the test, so that running
    the suite leaves the working tree as it was."""
    folder = SCREENSHOTS if os.environ.get("DOCKET_SCREENSHOTS") == "1" else tmp_path

    def save(page: Page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{name}.png"
        # caret="initial": hiding the caret makes Playwright add an inline style, which the
        # page's CSP refuses and the watch would report as a violation of the page.
        page.screenshot(path=str(target), full_page=True, caret="initial")
        return target

    return save
