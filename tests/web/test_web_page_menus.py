"""Every page's main menu and language choice: the entries the role may use, the page's own
section marked, and both rendered once for a section, role and language, not on each page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from jinja2 import Template

from docket.archive import Archive
from docket.model.access import Viewer
from docket.web import templating

Client = Callable[[str], TestClient]

_MENU = re.compile(r'<nav aria-label="Main">(.*?)</nav>', re.S)
_CURRENT = re.compile(r'<a href="([^"]+)" aria-current="page">')
_ENTRY = re.compile(r'<li><a href="([^"]+)"')
_SELECTED = re.compile(r'<option value="([^"]+)" selected>')


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the templates rendered from now on, in new environments."""
    names: list[str] = []
    original = Template.render

    def counted(self: Template, *args: object, **kwargs: object) -> str:
        names.append(str(self.name))
        return original(self, *args, **kwargs)

    templating.environment.cache_clear()
    monkeypatch.setattr(Template, "render", counted)
    yield names
    templating.environment.cache_clear()


def _menu(html: str) -> tuple[list[str], list[str]]:
    found = _MENU.search(html)
    assert found, "the page has no main menu"
    return _ENTRY.findall(found.group(1)), _CURRENT.findall(found.group(1))


def _people(archive: Archive, count: int) -> list[int]:
    owner = archive.as_viewer(Viewer.owner("tester")).records
    return [
        owner.create("person", {"name": f"Person {n}"}, confidentiality="public").id
        for n in range(count)
    ]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", ["/"]),
        ("/search", ["/search"]),
        ("/items", ["/items"]),
        ("/records", ["/records"]),
        ("/timeline", ["/timeline"]),
        ("/account", []),
    ],
)
def test_the_menu_marks_the_pages_section(client_as: Client, path: str, current: list[str]) -> None:
    page = client_as("editor").get(path)
    assert page.status_code == 200
    assert _menu(page.text)[1] == current


@pytest.mark.parametrize(
    ("role", "writes", "administers"),
    [("admin", True, True), ("editor", True, False), ("analyst", False, False)],
)
def test_the_menu_offers_what_the_role_may_use(
    client_as: Client, role: str, writes: bool, administers: bool
) -> None:
    entries = _menu(client_as(role).get("/records").text)[0]
    assert ("/upload" in entries) is writes
    assert ("/capture" in entries) is writes
    assert ("/admin/users" in entries) is administers
    assert ("/admin/backups" in entries) is administers


def test_menus_are_rendered_once_for_a_section_role_and_language(
    archive: Archive, client_as: Client, renders: list[str]
) -> None:
    client = client_as("editor")
    records = _people(archive, 3)
    renders.clear()
    pages = [client.get(f"/records/{record}") for record in records]
    assert all(page.status_code == 200 for page in pages)
    assert renders.count("main_menu.html") == 1
    assert renders.count("language_choice.html") == 1
    # The kept menu is the one each page would have had: its section marked, its language chosen.
    for page in pages:
        assert _menu(page.text)[1] == ["/records"]
        assert _SELECTED.findall(page.text) == ["en"]
    # Another section gets its own menu, rendered for it.
    assert _menu(client.get("/search").text)[1] == ["/search"]
    assert renders.count("main_menu.html") == 2
