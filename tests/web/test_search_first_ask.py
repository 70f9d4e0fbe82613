"""A search asked again after a change to the archive: worked out again, with the snippets of
texts and titles that did not change kept, and nothing kept ever shown past a viewer's levels."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from evidence_support import VISIBLE, assert_no_leak
from fastapi import FastAPI
from fastapi.testclient import TestClient
from seed import Seeded, as_owner, seed

from docket.archive import Archive
from docket.search import service
from docket.search.service import kept_snippets
from docket.search.snippets import Snippet
from docket.web.pages import search as search_page

Client = Callable[[str], TestClient]


@pytest.fixture
def seeded(archive: Archive, tmp_path: Path) -> Seeded:
    return seed(archive, tmp_path / "seed")


@pytest.fixture
def snippets_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts (or titles) each snippet made from now on was cut from."""
    made: list[str] = []
    plain = service.make_snippet

    def counted(text: str, title: str, matcher: service.KeyMatcher) -> Snippet:
        made.append(text or title)
        return plain(text, title, matcher)

    monkeypatch.setattr(service, "make_snippet", counted)
    return made


@pytest.fixture
def worked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries whose page was worked out (not answered from a kept page) from now on."""
    asked: list[str] = []
    plain = search_page.run_search
    monkeypatch.setattr(
        search_page, "run_search", lambda *args: asked.append(args[2]) or plain(*args)
    )
    return asked


def _nothing_kept(archive: Archive, app: FastAPI, client: TestClient, query: str) -> str:
    """The page as worked out with no page and no snippet kept, before or after."""
    app.state.workspace.search_answers.clear()
    kept_snippets(archive.kernel).clear()
    page = client.get("/search", params={"q": query})
    app.state.workspace.search_answers.clear()
    kept_snippets(archive.kernel).clear()
    assert page.status_code == 200
    return page.text


def _hits(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<h3><a href="/items/(\d+)">', html)]


def test_after_a_change_the_page_is_worked_out_again_without_cutting_its_snippets_again(
    archive: Archive,
    app: FastAPI,
    seeded: Seeded,
    client_as: Client,
    snippets_made: list[str],
    worked: list[str],
) -> None:
    editor = client_as("editor")
    first = editor.get("/search", params={"q": "in"})
    assert len(snippets_made) == len(_hits(first.text)) == 3
    owner = as_owner(archive)
    person = owner.records.get(seeded.people["public"])
    owner.records.edit(
        person.id, {"set": {"name": ["Almazbek Sharshenovich"]}}, person.version, "spelling"
    )
    snippets_made.clear()
    again = editor.get("/search", params={"q": "in"})
    assert worked == ["in", "in"]  # the change made the page be worked out again
    assert snippets_made == []  # but no text was cut again
    assert "Almazbek Sharshenovich" in again.text
    assert again.text == _nothing_kept(archive, app, editor, "in")
    # Another query over the same texts cuts its own snippets.
    snippets_made.clear()
    other = editor.get("/search", params={"q": "observers"})
    assert snippets_made and "<mark>observers</mark>" in other.text


def test_a_changed_title_cuts_its_snippet_again(
    archive: Archive, app: FastAPI, seeded: Seeded, client_as: Client
) -> None:
    editor = client_as("editor")
    # Found by its file name only, so its snippet is cut from its title, the file name.
    before = editor.get("/search", params={"q": "public"})
    assert _hits(before.text) == [seeded.items["public"]]
    assert "<mark>public</mark>.txt" in before.text
    as_owner(archive).items.edit(seeded.items["public"], {"title": "Hospital transfer"}, "named")
    after = editor.get("/search", params={"q": "public"})
    # The new title matches nothing: the snippet is the text's opening, not the kept one.
    assert "<mark>public</mark>.txt" not in after.text
    assert "Almazbek Atambayev was moved to hospital" in after.text
    assert after.text == _nothing_kept(archive, app, editor, "public")


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_snippets_kept_for_a_higher_level_show_nothing_to_a_lower_one(
    role: str, archive: Archive, app: FastAPI, seeded: Seeded, client_as: Client
) -> None:
    # The editor's page keeps the snippets of every item, the confidential one's included.
    editor_page = client_as("editor").get("/search", params={"q": "in"})
    assert "SECRETWORD" in editor_page.text
    owner = as_owner(archive)
    person = owner.records.get(seeded.people["public"])
    owner.records.edit(person.id, {"set": {"name": ["Almazbek S."]}}, person.version, "spelling")
    lower = client_as(role)
    page = lower.get("/search", params={"q": "in"})
    assert set(_hits(page.text)) == {seeded.items[level] for level in VISIBLE[role]}
    assert_no_leak(role, page.text)
    assert page.text == _nothing_kept(archive, app, lower, "in")
    # The public item raised above the viewer's clearance: neither it nor its kept snippet shows.
    client_as("editor").get("/search", params={"q": "observers"})
    owner.items.edit(seeded.items["public"], {"confidentiality": "restricted"}, "a source asked")
    raised = client_as("viewer").get("/search", params={"q": "observers"})
    assert _hits(raised.text) == []
    assert "<mark>observers</mark>" not in raised.text
    assert "PUBLICWORD" not in raised.text
