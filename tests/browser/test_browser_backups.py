"""An admin told on the dashboard that the archive was never backed up sets a backup plan."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from browser_support import Browsing
from playwright.sync_api import Page, expect

from docket.db.engine import reading
from docket.evidence import backup_plan


def test_an_admin_warned_on_the_dashboard_sets_a_backup_plan(
    browsing: Browsing, screenshot: Callable[[Page, str], Path]
) -> None:
    target = browsing.live.folder / "backups"
    page = browsing.as_user("admin")
    page.goto("/")
    warning = page.get_by_role("region", name="Last backup")
    expect(warning.get_by_role("alert")).to_contain_text("never been backed up")
    warning.get_by_role("link", name=re.compile("Set one|Backup plan")).click()
    expect(page).to_have_url(browsing.url("/admin/backups"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Backups")

    page.get_by_label("Backup folder on the server").fill(str(target))
    page.get_by_label("How often").select_option("weekly")
    page.get_by_label("An environment variable of the server").check()
    page.get_by_label("Variable name").fill("OFFICE_BACKUP_PW")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_role("status")).to_contain_text("The backup plan was saved.")
    plan = page.get_by_role("region", name="Backup plan")
    expect(plan).to_contain_text(str(target))
    expect(plan).to_contain_text("Weekly")
    expect(plan).to_contain_text("from the environment variable OFFICE_BACKUP_PW")
    screenshot(page, "admin-backups")
    with reading(browsing.live.archive.kernel.engine) as connection:
        stored = backup_plan.read_plan(connection)
    assert stored is not None and (stored.target, stored.every) == (str(target), "weekly")

    # Others see neither the warning nor the page.
    other = browsing.as_user("editor")
    other.goto("/")
    expect(other.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    expect(other.get_by_role("region", name="Last backup")).to_have_count(0)
    viewer = browsing.as_user("viewer")
    browsing.watch.expect_failure(browsing.url("/admin/backups"))
    response = viewer.goto("/admin/backups")
    assert response is not None and response.status == 403
