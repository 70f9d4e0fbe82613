"""Records in a real browser: an edit and its history, a case file, the timeline and the map."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from browser_support import Browsing
from playwright.sync_api import Page, expect

from docket.model.access import Viewer

NEW_DESCRIPTION = "PUBLICWORD act, seen by two monitors at the hospital gate"
REASON = "A second monitor's account of the transfer"


def test_an_editor_edits_a_record_and_finds_the_change_in_its_history(
    browsing: Browsing, screenshot: Callable[[Page, str], Path]
) -> None:
    act = browsing.live.seeded.acts["public"]
    public_item = browsing.live.seeded.items["public"]
    page = browsing.as_user("editor")
    page.goto(f"/records/{act}")
    expect(page.locator("main")).to_contain_text("PUBLICWORD act")
    page.locator("body").press("e")
    expect(page).to_have_url(browsing.url(f"/records/{act}/edit"))

    change = page.get_by_role("group", name="Add or replace a value")
    change.get_by_label("Field", exact=True).select_option("description")
    change.get_by_label("Replace the field's values with it").check()
    change.get_by_role("textbox", name="Value", exact=True).fill(NEW_DESCRIPTION)
    change.get_by_label("Item number").fill(str(public_item))
    change.get_by_label("Quoted words (exactly as in the item)").fill("PUBLICWORD")
    page.get_by_label("Why you make this change (required)").fill(REASON)
    page.get_by_role("button", name="Save a new version").click()

    expect(page).to_have_url(re.compile(rf"/records/{act}\?saved=\d+$"))
    saved = int(page.url.rsplit("=", 1)[1])
    expect(page.get_by_role("status")).to_have_text(f"Saved as version {saved}.")
    expect(page.locator("main")).to_contain_text(NEW_DESCRIPTION)
    tester = browsing.live.archive.as_viewer(Viewer.owner("tester"))
    stored = tester.records.get(act, log=False)
    assert stored.version == saved
    assert [value.value for value in stored.field_values("description")] == [NEW_DESCRIPTION]

    page.locator("body").press("h")
    expect(page).to_have_url(browsing.url(f"/records/{act}/history"))
    newest = page.locator("section.version").first
    expect(newest.get_by_role("heading")).to_have_text(f"Version {saved}")
    expect(newest).to_contain_text("editor-user")
    expect(newest).to_contain_text(REASON)
    expect(newest.locator("li.added")).to_contain_text(NEW_DESCRIPTION)
    expect(newest.locator("li.removed del")).to_have_text("PUBLICWORD act")
    expect(page.locator("section.version").last).to_contain_text("Created")
    screenshot(page, "record_history")
