"""Capturing in a real browser: the "Capture a link" form and its progress, and the replay of a
capture on its item page, during which no request leaves for the site."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import Browsing
from playwright.sync_api import Page, Request, expect
from tests.capture.site import Site, serve

from docket.capture import CaptureOptions, CaptureRequest
from docket.face import Provenance
from docket.model.access import Viewer


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    with serve() as running:
        # The workspace may capture from this test site, which is on 127.0.0.1, and from no
        # other private address.
        monkeypatch.setenv("DOCKET_CAPTURE_PRIVATE_HOSTS", running.host)
        yield running


def test_an_editor_captures_a_link_and_replays_it_offline(
    browsing: Browsing, site: Site, screenshot: Callable[[Page, str], Path]
) -> None:
    page = browsing.as_user("editor")
    page.goto("/capture")
    expect(page.get_by_role("heading", level=1)).to_have_text("Capture a link")
    page.get_by_label("One link a line").fill(f"{site.url('/ru')}\njavascript:alert(1)")
    page.get_by_label("Note").fill("Канал новостей")
    page.get_by_role("button", name="Capture", exact=True).click()
    expect(page.locator("#job-state")).to_contain_text("Done: 1 of 2 captured.", timeout=90_000)
    expect(page.locator("table.results")).to_contain_text("only http and https")
    link = page.locator("table.results").get_by_role("link", name=re.compile(r"Item \d+"))
    item_path = link.get_attribute("href")
    assert item_path is not None

    before = dict(site.hits)
    requested: list[str] = []

    def note(request: Request) -> None:
        requested.append(request.url)

    browsing.context.on("request", note)
    page.goto(item_path)
    replay = page.frame_locator("iframe.replay")
    expect(replay.get_by_role("heading", level=1)).to_have_text(
        "В Бишкеке задержаны двенадцать протестующих"
    )
    expect(replay.locator("img")).to_have_count(1)
    expect(
        page.get_by_role("img", name="Screenshot of the page when it was captured")
    ).to_be_visible()
    screenshot(page, "capture")
    assert requested, "the item page made no requests"
    assert all(url.startswith(browsing.live.base_url) for url in requested), requested
    assert any("/replay?url=" in url for url in requested)
    assert site.hits == before


def test_a_recapture_shows_what_changed(browsing: Browsing, site: Site) -> None:
    door = browsing.live.archive.as_viewer(Viewer.owner())
    options = CaptureOptions(private_hosts=(site.host,), timeout=20)
    ids = []
    for version in (1, 2):
        site.version[0] = version
        [result] = list(
            door.captures.capture(
                [CaptureRequest(site.url("/changing"))], Provenance(), options, politeness=0
            )
        )
        ids.append(result.id)
    page = browsing.as_user("analyst")
    page.goto(f"/items/{ids[1]}")
    expect(
        page.get_by_role("heading", name="What changed since the earlier capture")
    ).to_be_visible()
    expect(page.locator("pre.capture-diff del")).to_contain_text("rose to 15")
    expect(page.locator("pre.capture-diff ins")).to_contain_text("rose to 20")
    page.get_by_role("link", name=f"item {ids[0]}").click()
    expect(page).to_have_url(re.compile(rf"/items/{ids[0]}$"))
