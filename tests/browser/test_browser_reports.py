"""The Reports area in Chromium: a case report previewed in the page, then downloaded as PDF;
a statement written in the page with a fact picked by name, reworded, then downloaded."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from browser_support import Browsing
from playwright.sync_api import Download, Page, expect


def test_a_report_is_previewed_and_downloaded(
    browsing: Browsing, screenshot: Callable[[Page, str], Path], tmp_path: Path
) -> None:
    person = browsing.live.seeded.people["public"]
    page = browsing.as_user("editor")
    page.goto("/reports")
    page.get_by_role("link", name="Reports").first.wait_for()
    page.get_by_label("Case file of a person, group or case").check()
    # The subject is picked by name, typed in Cyrillic, from the list the picker offers.
    box = page.get_by_role("combobox", name="Subject (a name or #id; for a case file or an")
    box.press_sequentially("Атамб", delay=40)
    option = page.get_by_role("option", name=re.compile("^Almazbek Atambayev Person"))
    expect(option).to_be_visible()
    option.click()
    expect(page.locator(f'input[name="subject"][value="{person}"]')).to_be_checked()
    page.get_by_label("Audience: what role may read it").select_option("viewer")
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("article", name="Preview")
    expect(preview).to_be_visible()
    expect(preview.get_by_role("heading", level=1)).to_have_text("Case file: Almazbek Atambayev")
    expect(preview.locator(".seal")).to_contain_text("Signature")
    expect(preview.locator(f'[data-record="{person}"]')).to_be_visible()
    # What was chosen stays chosen.
    expect(page.locator(f'input[name="subject"][value="{person}"]')).to_be_checked()
    expect(page.get_by_label("Audience: what role may read it")).to_have_value("viewer")
    screenshot(page, "reports_preview")
    download = _download_made_by_a_job(page, "Download PDF")
    saved = tmp_path / "report.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert browsing.watch.problems == []


def test_a_statement_is_written_with_a_fact_picked_by_name_then_reworded(
    browsing: Browsing, screenshot: Callable[[Page, str], Path], tmp_path: Path
) -> None:
    person = browsing.live.seeded.people["public"]
    act = browsing.live.seeded.acts["public"]
    page = browsing.as_user("editor")
    page.goto("/reports")
    page.get_by_label("Statement (your words around facts from records)").check()
    draft = page.get_by_label("Draft of the statement")
    draft.fill("# On a detention\n\nWe are concerned for")
    # The fact's record is picked by name, typed in Cyrillic; its tie goes into the draft.
    box = page.get_by_role("combobox", name="Record whose fact to add")
    box.press_sequentially("Атамб", delay=40)
    option = page.get_by_role("option", name=re.compile("^Almazbek Atambayev Person"))
    expect(option).to_be_visible()
    option.click()
    page.get_by_role("button", name="Add the fact to the draft").click()
    expect(draft).to_have_value(f"# On a detention\n\nWe are concerned for [[#{person}]]\n")
    draft.fill(draft.input_value() + f"\nHe was detained: [[#{act}]]\n")
    page.get_by_label("Audience: what role may read it").select_option("viewer")
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("article", name="Preview")
    expect(preview.get_by_role("heading", level=1)).to_have_text("On a detention")
    expect(preview.locator(".paragraph").first).to_contain_text("We are concerned for")
    expect(preview.locator(f'.tied[data-record="{person}"]')).to_contain_text("Almazbek Atambayev")
    expect(preview.locator(f'.tied[data-record="{act}"]')).to_contain_text("Arbitrary detention")
    screenshot(page, "reports_statement")
    # Rewording the user's words leaves every fact tied.
    draft.fill(draft.input_value().replace("We are concerned for", "We stand with"))
    page.get_by_role("button", name="Preview").click()
    expect(preview.locator(".paragraph").first).to_contain_text("We stand with")
    expect(preview.locator(f'.tied[data-record="{person}"]')).to_be_visible()
    expect(preview.locator(f'.tied[data-record="{act}"]')).to_be_visible()
    download = _download_made_by_a_job(page, "Download PDF")
    saved = tmp_path / "statement.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert download.suggested_filename.startswith("docket-statement-report-")
    assert browsing.watch.problems == []


def _download_made_by_a_job(page: Page, button: str) -> Download:
    """A report file is made by a job: the button leads to the job's page, which offers the file
    once the job is done."""
    page.get_by_role("button", name=button).click()
    expect(page.locator("#job-state")).to_have_text(
        re.compile("Done: the report is made"), timeout=120_000
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report").click()
    return download.value
