"""A case file printed from Chromium: only the file, and every quote beside its source."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from browser_support import Browsing
from playwright.sync_api import Page, expect


def test_a_printed_case_file_keeps_each_quote_with_its_source(
    browsing: Browsing, screenshot: Callable[[Page, str], Path]
) -> None:
    person = browsing.live.seeded.people["public"]
    item = browsing.live.seeded.items["public"]
    page = browsing.as_user("viewer")
    page.goto(f"/records/{person}/case")
    on_screen = page.locator("header.top")
    expect(on_screen).to_be_visible()

    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Sections of the case file")).to_be_hidden()
    expect(page.locator("main button, main form")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text("Case file: Almazbek Atambayev")
    quotes = page.locator(".case-quotes li")
    count = quotes.count()
    assert count > 0
    for index in range(count):
        quote = quotes.nth(index)
        expect(quote.locator("q")).to_be_visible()
        source = quote.locator(".case-source")
        expect(source).to_be_visible()
        expect(source).to_contain_text(f"Item {item}")
        expect(source).to_contain_text("SHA-256 ")
    # Links read as the words around them: no link colour or underline on paper.
    link = quotes.first.locator("a")
    assert link.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    assert link.evaluate("a => getComputedStyle(a).color") == "rgb(0, 0, 0)"
    screenshot(page, "case_file_print")
