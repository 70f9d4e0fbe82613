"""A merge in a real browser: found by name, checked side by side, merged, then undone."""

from __future__ import annotations

import re

from browser_support import Browsing
from playwright.sync_api import expect

from docket.model.access import Viewer


def test_an_editor_merges_two_records_of_one_man_and_undoes_it(browsing: Browsing) -> None:
    owner = browsing.live.archive.as_viewer(Viewer.owner("tester"))
    source = owner.records.create("person", {"name": "Zhyrgalbek Merged-Twice", "birth_year": 1961})
    target = owner.records.create("person", {"name": "Zhyrgalbek Merged-Twice", "birth_year": 1962})
    act = owner.records.create("act", {"violation": "torture", "victim": [source.id]})

    page = browsing.as_user("editor")
    page.goto(f"/records/{source.id}")
    page.get_by_role("link", name="Merge into…").click()
    expect(page).to_have_url(browsing.url(f"/records/{source.id}/merge"))
    page.get_by_label("Find the record it is the same as").fill("Merged-Twice")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("radio", name=re.compile(f"#{target.id}")).check()
    page.get_by_role("button", name="Show what would move").click()

    expect(page.get_by_role("heading", name="Check before merging")).to_be_visible()
    expect(page.locator(".merge-moves")).to_contain_text("1961")
    expect(page.locator(".merge-moves")).to_contain_text("added as an alternative")
    page.get_by_label("Why they are one (required)").fill("one man, two statements")
    page.get_by_role("button", name="Merge", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/records/{target.id}\?saved=2$"))
    expect(page.locator("main")).to_contain_text("1961")
    page.goto(f"/records/{source.id}")
    banner = page.locator(".merged-banner")
    expect(banner).to_contain_text(f"#{target.id} — Zhyrgalbek Merged-Twice")
    assert owner.records.get(act.id, log=False).refs("victim") == [target.id]

    page.get_by_role("link", name="Undo merge").click()
    page.get_by_label("Why the merge is undone (required)").fill("two men after all")
    page.get_by_role("button", name="Undo merge").click()
    expect(page).to_have_url(re.compile(rf"/records/{source.id}\?saved=3$"))
    expect(page.locator(".merged-banner")).to_have_count(0)
    assert owner.records.get(act.id, log=False).refs("victim") == [source.id]
    survivor = owner.records.get(target.id, log=False)
    assert [v.value for v in survivor.field_values("birth_year")] == [1962]
    assert list(browsing.live.archive.verify()) == []
