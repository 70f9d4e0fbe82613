"""Choosing records by name in a real browser: search as you type in another script, the
keyboard, and a record created from the picker together with the record that names it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from browser_support import Browsing
from playwright.sync_api import Locator, Page, expect

from docket.model.access import Viewer


def _victim_picker(page: Page) -> tuple[Locator, Locator]:
    picker = page.locator('[data-pick][data-field="value.victim"]')
    return picker, picker.get_by_role("combobox")


def _saved(page: Page) -> int:
    expect(page).to_have_url(re.compile(r"/records/\d+\?saved=1$"))
    return int(page.url.split("/records/")[1].split("?")[0])


def test_an_act_names_its_victim_typed_in_cyrillic(
    browsing: Browsing, screenshot: Callable[[Page, str], Path]
) -> None:
    atambayev = browsing.live.seeded.people["public"]
    page = browsing.as_user("editor")
    page.goto("/records/new?type=act")
    page.get_by_role("group", name="Violation *").get_by_label("Value").select_option("torture")
    picker, box = _victim_picker(page)
    box.press_sequentially("Атамб", delay=40)
    listbox = picker.get_by_role("listbox")
    expect(box).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option", name=re.compile("Almazbek Atambayev"))
    expect(option).to_be_visible()
    expect(option).to_contain_text("Person")
    screenshot(page, "record_picker")
    # The keyboard: Escape closes the list, the arrow opens it again, Enter chooses.
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(".+"))
    box.press("Enter")
    chip = picker.locator(".pick-chip")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text("Almazbek Atambayev")
    expect(box).to_have_value("")
    expect(picker.get_by_role("status")).to_have_text("Chosen: Almazbek Atambayev")
    # A second choice of the same record does not add it twice.
    box.press_sequentially("Atambayev", delay=20)
    expect(option).to_be_visible()
    option.click()
    expect(chip).to_have_count(1)
    page.get_by_role("button", name="Create the record").click()

    act = _saved(page)
    expect(
        page.locator("main").get_by_role("link", name="Almazbek Atambayev").first
    ).to_have_attribute("href", f"/records/{atambayev}")
    stored = browsing.live.archive.as_viewer(Viewer.owner("tester")).records.get(act, log=False)
    assert [value.value["ref"] for value in stored.field_values("victim")] == [atambayev]


def test_a_victim_is_created_from_the_picker(browsing: Browsing) -> None:
    page = browsing.as_user("editor")
    page.goto("/records/new?type=act")
    page.get_by_role("group", name="Violation *").get_by_label("Value").select_option("torture")
    picker, box = _victim_picker(page)
    box.press_sequentially("Бактыгүл Жолдошева", delay=20)
    create = picker.get_by_role("option", name="Create a new Person named “Бактыгүл Жолдошева”")
    expect(create).to_be_visible()
    expect(picker.locator(".pick-none")).to_have_text("No record of that name.")
    create.click()
    chip = picker.locator(".pick-chip.pick-new")
    expect(chip).to_contain_text("New Person: Бактыгүл Жолдошева")
    # Removed and chosen again: one new record, not two.
    chip.get_by_role("button", name="Remove New Person: Бактыгүл Жолдошева").click()
    expect(chip).to_have_count(0)
    box.press_sequentially("Бактыгүл Жолдошева", delay=10)
    create.click()
    page.get_by_role("button", name="Create the record").click()

    act = _saved(page)
    link = page.locator("main").get_by_role("link", name="Бактыгүл Жолдошева").first
    expect(link).to_be_visible()
    tester = browsing.live.archive.as_viewer(Viewer.owner("tester"))
    (victim,) = tester.records.get(act, log=False).field_values("victim")
    person = tester.records.get(victim.value["ref"], log=False)
    assert person.type.name == "person" and person.title == "Бактыгүл Жолдошева"
    expect(link).to_have_attribute("href", f"/records/{person.id}")
    found = tester.lookup("Baktygul Zholdosheva", type_names=["person"])
    assert [match.id for match in found] == [person.id]


def test_an_edit_links_a_place_typed_in_cyrillic(browsing: Browsing) -> None:
    tester = browsing.live.archive.as_viewer(Viewer.owner("tester"))
    victim = browsing.live.seeded.people["public"]
    act = tester.records.create("act", {"violation": "beating", "victim": {"ref": victim}})
    # A place without coordinates, so the map other tests look at stays as it was.
    town = tester.records.create("place", {"name": "Kyzyl-Kiya", "kind": "city"}).id
    page = browsing.as_user("editor")
    page.goto(f"/records/{act.id}/edit")
    picker = page.locator('[data-pick][data-field="link.place"]')
    box = picker.get_by_role("combobox")
    box.press_sequentially("Кызыл-К", delay=40)
    option = picker.get_by_role("option", name=re.compile("^Kyzyl-Kiya"))
    expect(option).to_be_visible()
    # No record is created from an edit: the list offers only what exists.
    expect(picker.locator(".pick-create")).to_have_count(0)
    box.press("Enter")
    expect(picker.locator(".pick-chip")).to_contain_text("Kyzyl-Kiya")
    page.get_by_label("Why you make this change (required)").fill("the statement names it")
    page.get_by_role("button", name="Save a new version").click()
    expect(page).to_have_url(re.compile(rf"/records/{act.id}\?saved=2$"))
    stored = tester.records.get(act.id, log=False)
    assert [value.value["ref"] for value in stored.field_values("place")] == [town]
