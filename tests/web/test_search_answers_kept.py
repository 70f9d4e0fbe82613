"""A search page's answer kept for the next request: the same page as worked out afresh, for the
same levels, language and archive position only."""

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
from docket.db.engine import reading
from docket.kept import Remembered
from docket.web.pages import search as search_page

Client = Callable[[str], TestClient]


@pytest.fixture
def seeded(archive: Archive, tmp_path: Path) -> Seeded:
    return seed(archive, tmp_path / "seed")


def _kept(app: FastAPI) -> Remembered[object]:
    kept: Remembered[object] = app.state.workspace.search_answers
    return kept


def _worked_out(app: FastAPI, client: TestClient, params: dict[str, object], **headers: str) -> str:
    """The page as the plain path gives it: nothing kept before, nothing kept after."""
    _kept(app).clear()
    page = client.get("/search", params=params, headers=headers)
    _kept(app).clear()
    assert page.status_code == 200
    return page.text


def _chain_head(archive: Archive) -> tuple[int, str]:
    with reading(archive.kernel.engine) as connection:
        return archive.kernel.custody.head(connection)


def _hits(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<h3><a href="/items/(\d+)">', html)]


def test_remembered_keeps_the_most_recently_used_answers() -> None:
    kept: Remembered[str] = Remembered(kept=2)
    asked: list[str] = []

    def work(answer: str) -> Callable[[], str]:
        return lambda: asked.append(answer) or answer

    assert kept.answer("a", work("A")) == "A"
    assert kept.answer("b", work("B")) == "B"
    assert kept.answer("a", work("not asked")) == "A"
    assert kept.answer("c", work("C")) == "C"  # "b", used least recently, goes
    assert kept.answer("b", work("B again")) == "B again"
    assert asked == ["A", "B", "C", "B again"]
    assert len(kept) == 2


def test_a_kept_answer_is_the_page_worked_out_afresh(
    app: FastAPI, seeded: Seeded, client_as: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = client_as("editor")
    params = {"q": "in"}
    fresh = _worked_out(app, editor, params)
    worked = []
    plain = search_page.run_search
    monkeypatch.setattr(
        search_page, "run_search", lambda *args: worked.append(args[2]) or plain(*args)
    )
    first = editor.get("/search", params=params)
    again = editor.get("/search", params=params)
    assert worked == ["in"]  # the second request read nothing but the archive's position
    assert first.text == again.text == fresh
    assert "Asel Nurlanova" in again.text


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_a_lower_level_is_never_given_what_was_read_for_a_higher_one(
    role: str, app: FastAPI, seeded: Seeded, client_as: Client
) -> None:
    lower = client_as(role)
    fresh = _worked_out(app, lower, {"q": "in"})
    # The editor asks first, for the very same address, and the answer is kept.
    assert "Asel Nurlanova" in client_as("editor").get("/search", params={"q": "in"}).text
    page = lower.get("/search", params={"q": "in"})
    assert page.text == fresh
    assert set(_hits(page.text)) == {seeded.items[level] for level in VISIBLE[role]}
    assert_no_leak(role, page.text)
    hidden = lower.get("/search", params={"q": "in", "actor": seeded.people["confidential"]})
    assert "Asel Nurlanova" not in hidden.text
    assert _hits(hidden.text) == []


def test_each_language_has_its_own_answer(app: FastAPI, seeded: Seeded, client_as: Client) -> None:
    viewer = client_as("viewer")
    english = viewer.get("/search", params={"q": "in"})
    russian = viewer.get("/search", params={"q": "in"}, headers={"Accept-Language": "ru"})
    assert "Arbitrary detention" in english.text
    assert "Произвольное содержание под стражей" in russian.text
    assert "Arbitrary detention" not in russian.text
    assert russian.text == _worked_out(app, viewer, {"q": "in"}, **{"Accept-Language": "ru"})


def test_a_change_to_the_archive_is_seen_at_once(
    archive: Archive, app: FastAPI, seeded: Seeded, client_as: Client
) -> None:
    viewer = client_as("viewer")
    before = viewer.get("/search", params={"q": "in"})
    assert seeded.items["public"] in _hits(before.text)
    assert "Almazbek Atambayev" in before.text
    owner = as_owner(archive)

    # A record the facets name is renamed.
    person = owner.records.get(seeded.people["public"])
    owner.records.edit(
        person.id, {"set": {"name": ["Almazbek Sharshenovich"]}}, person.version, "spelling"
    )
    renamed = viewer.get("/search", params={"q": "in"})
    assert "Almazbek Sharshenovich" in renamed.text
    assert "Almazbek Atambayev</a>" not in renamed.text
    assert renamed.text == _worked_out(app, viewer, {"q": "in"})

    # The public item is raised above the viewer's clearance: it is no longer found or counted.
    viewer.get("/search", params={"q": "in"})
    owner.items.edit(seeded.items["public"], {"confidentiality": "restricted"}, "a source asked")
    raised = viewer.get("/search", params={"q": "in"})
    assert _hits(raised.text) == []
    assert "0 items found" in raised.text
    assert raised.text == _worked_out(app, viewer, {"q": "in"})


def test_opening_an_item_or_a_record_keeps_the_answer(
    archive: Archive,
    app: FastAPI,
    seeded: Seeded,
    client_as: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor = client_as("editor")
    worked = []
    plain = search_page.run_search
    monkeypatch.setattr(
        search_page, "run_search", lambda *args: worked.append(args[2]) or plain(*args)
    )
    first = editor.get("/search", params={"q": "in"})
    head = as_owner(archive).position()
    chain_before = _chain_head(archive)
    # Opening confidential things is entered in the chain of custody, and changes nothing found.
    assert editor.get(f"/items/{seeded.items['confidential']}").status_code == 200
    assert editor.get(f"/records/{seeded.people['confidential']}").status_code == 200
    assert _chain_head(archive)[0] == chain_before[0] + 2
    assert as_owner(archive).position() == head
    again = editor.get("/search", params={"q": "in"})
    assert worked == ["in"]
    assert again.text == first.text == _worked_out(app, editor, {"q": "in"})
