"""Reviewing proposals from the keyboard: accept with "a", reject with a reason and "r"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from browser_support import Browsing
from playwright.sync_api import Page, expect
from tests.web.seed import as_owner


def test_an_editor_accepts_and_rejects_proposals_with_the_keyboard(
    browsing: Browsing, screenshot: Callable[[Page, str], Path]
) -> None:
    owner = as_owner(browsing.live.archive)
    (accepted,) = browsing.live.seeded.proposals["public"]
    (rejected,) = browsing.live.seeded.proposals["restricted"]
    page = browsing.as_user("editor")

    page.goto(f"/review/{accepted}")
    panel = page.locator("#review")
    expect(panel.locator("blockquote mark")).to_have_text("Almazbek Atambayev")
    expect(panel.get_by_role("heading", level=2).last).to_contain_text("Almazbek Atambayev")
    screenshot(page, "review")
    page.locator("body").press("a")
    expect(panel.get_by_role("status")).to_have_text("Accepted. Here is the next proposal.")
    decided = owner.proposals.get(accepted)
    assert decided.status == "accepted"
    assert decided.decided_by == "editor-user"
    assert decided.record_id is not None

    page.goto(f"/review/{rejected}")
    expect(panel.locator("blockquote mark")).to_have_text("Temirlan Sultanbekov")
    page.get_by_label("Why is it wrong?").fill("The name is of a monitor, not a victim.")
    # Shortcuts do not fire while typing: "r" lands in the field, then leaving it arms them.
    page.get_by_label("Why is it wrong?").press("End")
    assert owner.proposals.get(rejected).status == "pending"
    page.get_by_label("Why is it wrong?").blur()
    page.locator("body").press("r")
    expect(panel.get_by_role("status")).to_have_text("Rejected. Here is the next proposal.")
    decided = owner.proposals.get(rejected)
    assert decided.status == "rejected"
    assert decided.reason == "The name is of a monitor, not a victim."
