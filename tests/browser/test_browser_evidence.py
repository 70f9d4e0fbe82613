"""Evidence in a real browser: uploading a file, its item page, and search across scripts."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from browser_support import Browsing
from playwright.sync_api import Page, expect
from tests.web.seed import as_owner

REPORT = (
    "Kara-Suu, 14 May 2024. UPLOADWORD: the monitors saw Kamchy Toktogulov taken from the "
    "district court by men in plain clothes.\n"
)


def test_an_editor_uploads_a_file_and_opens_its_item_page(
    browsing: Browsing, screenshot: Callable[[Page, str], Path]
) -> None:
    page = browsing.as_user("editor")
    page.goto("/upload")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload evidence")
    page.get_by_label("Choose files, or drop them here").set_input_files(
        {"name": "kara-suu-report.txt", "mimeType": "text/plain", "buffer": REPORT.encode()}
    )
    # The script lists the chosen file before anything is sent.
    expect(page.locator("#upload-queue")).to_contain_text("kara-suu-report.txt")
    page.get_by_label("Title").fill("Kara-Suu court report")
    page.get_by_label("Author or publisher").fill("Kyrgyz Monitoring Group")
    page.get_by_label("Confidentiality").select_option("restricted")
    page.get_by_role("button", name="Upload", exact=True).click()

    created = page.locator("#upload-queue").get_by_role("link", name=re.compile(r"new item #\d+"))
    expect(created).to_be_visible()
    expect(page.locator("#upload-queue progress")).to_have_attribute("value", "100")
    screenshot(page, "upload")
    item_id = int(created.inner_text().rsplit("#", 1)[1])

    created.click()
    expect(page).to_have_url(browsing.url(f"/items/{item_id}"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Kara-Suu court report")
    expect(heading).to_contain_text("restricted")
    expect(page.locator("dl.facts")).to_contain_text("kara-suu-report.txt")
    expect(page.locator("dl.facts")).to_contain_text("Kyrgyz Monitoring Group")
    expect(page.locator("pre.text")).to_contain_text("UPLOADWORD")
    assert as_owner(browsing.live.archive).items.text(item_id) == REPORT


def test_a_search_in_cyrillic_finds_the_latin_spelling(
    browsing: Browsing, screenshot: Callable[[Page, str], Path]
) -> None:
    public = browsing.live.seeded.items["public"]
    page = browsing.as_user("analyst")
    page.goto("/search")
    page.get_by_label("Words").fill("Атамбаев")
    page.get_by_label("Words").press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=%D0%90%D1%82%D0%B0%D0%BC"))
    expect(page.get_by_role("status")).to_contain_text("1 item found")
    hit = page.locator(f"a[href='/items/{public}']").first
    expect(hit).to_be_visible()
    # The snippet shows the text as written, the name in Latin letters marked.
    expect(page.locator("main mark").first).to_have_text(re.compile("Atambayev"))
    expect(page.locator("main")).to_contain_text("PUBLICWORD")
    screenshot(page, "search")
    hit.click()
    expect(page).to_have_url(browsing.url(f"/items/{public}"))
    expect(page.locator("pre.text")).to_contain_text("Almazbek Atambayev")
