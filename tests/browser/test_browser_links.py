"""The clerical review of linkage in a real browser: one keystroke decides a pair."""

from __future__ import annotations

import re

from browser_support import Browsing
from playwright.sync_api import expect

from docket.model.access import Viewer


def test_a_reviewer_decides_a_pair_with_one_key(browsing: Browsing) -> None:
    owner = browsing.live.archive.as_viewer(Viewer.owner("tester"))
    first = owner.records.create("organisation", {"name": "Adilet Zetalink Clinic"})
    second = owner.records.create("organisation", {"name": "Adilet Zetaling Clinic"})
    owner.linkage.run("organisation", link_above=1.0, review_above=0.01)
    waiting = owner.linkage.queue("organisation", limit=1000)
    position = next(i for i, p in enumerate(waiting) if {p.a.id, p.b.id} == {first.id, second.id})

    page = browsing.as_user("editor")
    page.goto(f"/links?offset={position}")
    sides = page.locator(".link-pair section")
    expect(sides).to_have_count(2)
    expect(page.locator(".link-pair")).to_contain_text("Adilet Zetalink Clinic")
    expect(page.locator(".link-pair")).to_contain_text("Adilet Zetaling Clinic")
    page.keyboard.press("a")
    expect(page).to_have_url(re.compile(rf"/links\?offset={position}$"))
    log = owner.linkage.judgements(first.id, second.id)
    editor = browsing.live.people["editor"].name
    assert [(j.decision, j.actor) for j in log] == [("same", editor)]
    expect(page.locator("main")).not_to_contain_text("Adilet Zetaling Clinic")
