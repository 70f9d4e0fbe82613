"""The Estimates page in Chromium: a table of capture histories uploaded, the estimates with
their intervals, the LCMCR posterior drawn as SVG, the warnings; a bad table in one line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from browser_support import Browsing
from playwright.sync_api import Page, expect

# dga's three-list example (Madigan & York 1997): 626 people documented.
TABLE = "A,B,C,count\n1,0,0,60\n0,1,0,49\n1,1,0,4\n0,0,1,247\n1,0,1,112\n0,1,1,142\n1,1,1,12\n"


def test_an_uploaded_table_is_estimated_and_drawn(
    browsing: Browsing, screenshot: Callable[[Page, str], Path], tmp_path: Path
) -> None:
    table = tmp_path / "histories.csv"
    table.write_text(TABLE, encoding="utf-8")
    page = browsing.as_user("analyst")
    page.goto("/estimates")
    page.get_by_label("A table made elsewhere").check()
    page.get_by_label("Table of capture histories (CSV, UTF-8)").set_input_files(str(table))
    # Four LCMCR chains run before the page answers: seconds on a busy machine.
    page.get_by_role("button", name="Estimate").click(no_wait_after=True)

    expect(page.get_by_text("626 people documented on 3 lists: A, B, C.")).to_be_visible(
        timeout=180_000
    )
    rows = page.get_by_role("table", name="Estimated total, with its 95% interval")
    expect(rows.get_by_role("row")).to_have_count(4)
    expect(rows).to_contain_text("Log-linear models")
    chart = page.get_by_role("img", name="Posterior of the total (LCMCR)")
    expect(chart).to_be_visible()
    expect(page.get_by_role("list").filter(has_text="closed population")).to_be_visible()
    # What was chosen stays chosen.
    expect(page.get_by_label("A table made elsewhere")).to_be_checked()
    screenshot(page, "estimates")
    assert browsing.watch.problems == []


def test_a_bad_table_is_one_line(browsing: Browsing, tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("A,B,count\n1,1,lots\n", encoding="utf-8")
    page = browsing.as_user("viewer")
    page.goto("/estimates")
    page.get_by_label("A table made elsewhere").check()
    page.get_by_label("Table of capture histories (CSV, UTF-8)").set_input_files(str(table))
    action = page.locator("form.estimate-form").get_attribute("action")
    # The page answers 400 with the form again, which the browser reports in its console.
    browsing.watch.expect_failure(f"{browsing.live.base_url}{action}")
    page.get_by_role("button", name="Estimate").click()

    expect(page.get_by_role("alert")).to_have_text(
        "bad.csv, line 2: count 'lots' is not a whole number"
    )
    assert browsing.watch.problems == []
