"""The main pages as an admin sees them, each checked for its content and saved as a screenshot.

The screenshots in docs/screenshots/ are made here (and by the flows of the other browser
tests), 1280 pixels wide, from the seeded archive.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from browser_support import Browsing
from playwright.sync_api import Page, expect

Shot = Callable[[Page, str], Path]


def _open(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, f"{path}: {response.status}"


def test_the_dashboard_shows_recent_items_waiting_proposals_and_charts(
    browsing: Browsing, screenshot: Shot
) -> None:
    page = browsing.as_user("admin")
    _open(page, "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    recent = page.get_by_role("region", name="Recent items")
    for level in ("public", "restricted", "confidential"):
        expect(recent.get_by_role("link", name=f"{level}.txt")).to_be_visible()
    expect(page.get_by_role("region", name="Waiting for review")).to_contain_text(
        re.compile(r"\d+ proposals waiting")
    )
    # Both charts have bars: acts by violation type and by month.
    for chart in page.locator("figure.chart svg").all():
        assert chart.locator("rect.chart-bar").count() >= 1
    assert page.locator("figure.chart svg").count() == 2
    screenshot(page, "dashboard")


def test_an_item_page_shows_provenance_and_working_text(
    browsing: Browsing, screenshot: Shot
) -> None:
    item = browsing.live.seeded.items["public"]
    page = browsing.as_user("admin")
    _open(page, f"/items/{item}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("public.txt")
    expect(page.locator("pre.text")).to_contain_text("Almazbek Atambayev was moved to hospital")
    original = page.get_by_role("link", name="Download the original")
    expect(original).to_have_attribute("href", f"/items/{item}/original")
    screenshot(page, "item")


def test_a_record_page_shows_its_fields_and_who_points_to_it(
    browsing: Browsing, screenshot: Shot
) -> None:
    person = browsing.live.seeded.people["public"]
    page = browsing.as_user("admin")
    _open(page, f"/records/{person}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Almazbek Atambayev")
    expect(page.locator("main")).to_contain_text("PUBLICWORD person")
    expect(page.get_by_role("link", name="Case file")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Case of Almazbek Atambayev")
    screenshot(page, "record")


def test_a_case_file_gathers_the_case_its_course_and_the_appeals(
    browsing: Browsing, screenshot: Shot
) -> None:
    person = browsing.live.seeded.people["public"]
    page = browsing.as_user("admin")
    _open(page, f"/records/{person}")
    page.locator("body").press("c")
    expect(page).to_have_url(browsing.url(f"/records/{person}/case"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Case file: Almazbek Atambayev")
    main = page.locator("main")
    expect(main).to_contain_text("Case of Almazbek Atambayev")
    for note in ("Taken from his home before dawn.", "Returned before the operation."):
        expect(main).to_contain_text(note)
    expect(main).to_contain_text("Kyrgyz Monitoring Group")
    screenshot(page, "case_file")


def test_the_timeline_places_events_and_acts_in_order(browsing: Browsing, screenshot: Shot) -> None:
    page = browsing.as_user("admin")
    _open(page, "/timeline")
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeline")
    main = page.locator("main")
    expect(main).to_contain_text("Protest outside the parliament")
    expect(main).to_contain_text("Night raid on the Kempir-Abad committee")
    text = main.inner_text()
    assert text.index("Protest outside the parliament") < text.index("Night raid")
    screenshot(page, "timeline")


def test_the_map_draws_the_events_with_coordinates(browsing: Browsing, screenshot: Shot) -> None:
    page = browsing.as_user("admin")
    _open(page, "/map")
    expect(page.get_by_role("heading", level=1)).to_have_text("Map of events")
    expect(page.locator("#map")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"\d+ of \d+ events shown"))
    # Once the map has zoomed to the events: one cluster for Bishkek's two, one for Osh's three.
    expect(page.locator("#map .leaflet-zoom-anim")).to_have_count(0)
    clusters = page.locator("#map .marker-cluster")
    expect(clusters).to_have_count(2)
    assert sorted(clusters.all_inner_texts()) == ["2", "3"]
    expect(page.locator("main")).to_contain_text("Bishkek")
    expect(page.locator("main")).to_contain_text("Osh")
    screenshot(page, "map")


def test_the_admin_sees_users_and_tokens(browsing: Browsing, screenshot: Shot) -> None:
    page = browsing.as_user("admin")
    _open(page, "/admin/users")
    expect(page.get_by_role("heading", level=1)).to_have_text("Users and security")
    users = page.get_by_role("region", name="Users").or_(page.locator("main"))
    for name in ("admin-user", "editor-user", "analyst-user", "viewer-user"):
        expect(users.first).to_contain_text(name)
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    screenshot(page, "admin_users")


def test_other_roles_do_not_reach_the_admin_pages(browsing: Browsing) -> None:
    page = browsing.as_user("editor")
    _open(page, "/")
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Upload")).to_be_visible()
    expect(navigation.get_by_role("link", name="Users")).to_have_count(0)
    browsing.watch.expect_failure(browsing.url("/admin/users"))
    response = page.goto("/admin/users")
    assert response is not None
    assert response.status in (403, 404)
    assert "viewer-user" not in page.content()
