"""A record page worked out afresh reads in one transaction: the record, its referrers and their
titles, its identity and the record it was merged into are one snapshot of the archive. The
position it is kept under is read with the signed-in session, before it: a kept page costs that
one transaction alone. A view of a confidential record is still one entry in the chain of
custody, kept page or not."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from seed import Seeded, as_owner, seed
from sqlalchemy import Connection, Engine, event
from web_support import Person, custody_entries

from docket.archive import Archive
from docket.db.engine import WRITE
from docket.kept import Remembered
from docket.records.audit import RecordAction

Client = Callable[[str], TestClient]


@dataclass(frozen=True)
class Transactions:
    reads: int
    writes: int


@dataclass(frozen=True)
class Shown:
    seeded: Seeded
    # Acts at each level whose victim is the public person: they point at its page.
    pointing: dict[str, int]
    # The public person's other spellings, linked to it, at each level.
    spellings: dict[str, int]
    # A public person merged into another.
    merged: int
    into: int


@pytest.fixture
def shown(archive: Archive, tmp_path: Path) -> Shown:
    seeded = seed(archive, tmp_path / "seed")
    owner = as_owner(archive)
    person = seeded.people["public"]
    pointing = {
        level: owner.records.create(
            "act",
            {"violation": "torture", "victim": {"ref": person}, "status": "alleged"},
            confidentiality=level,
        ).id
        for level in ("public", "restricted", "confidential")
    }
    spellings = {
        level: owner.records.create("person", {"name": name}, confidentiality=level).id
        for level, name in (("public", "Атамбаев Алмазбек"), ("confidential", "Almazbek Atambaev"))
    }
    owner.linkage.run("person")
    merged = owner.records.create("person", {"name": "Kanat Isaev"}).id
    into = owner.records.create("person", {"name": "Kanat Isayev"}).id
    owner.records.merge(
        merged, into=into, reason="the same man", source_version=1, target_version=1
    )
    return Shown(seeded, pointing, spellings, merged, into)


@contextmanager
def _counted(engine: Engine) -> Iterator[list[bool]]:
    """Each transaction begun on ``engine`` meanwhile: True for a write."""
    begun: list[bool] = []

    def on_begin(connection: Connection) -> None:
        begun.append(bool(connection.get_execution_options().get(WRITE)))

    event.listen(engine, "begin", on_begin)
    try:
        yield begun
    finally:
        event.remove(engine, "begin", on_begin)


def _viewed(archive: Archive, client: TestClient, path: str) -> tuple[str, Transactions]:
    with _counted(archive.kernel.engine) as begun:
        page = client.get(path)
    assert page.status_code == 200
    return page.text, Transactions(reads=begun.count(False), writes=begun.count(True))


def _kept(app: FastAPI) -> Remembered[object]:
    kept: Remembered[object] = app.state.workspace.record_pages
    return kept


@pytest.mark.parametrize("role", ["editor", "analyst", "viewer"])
def test_a_first_view_reads_the_page_in_one_transaction_more(
    role: str, archive: Archive, app: FastAPI, shown: Shown, client_as: Client
) -> None:
    client = client_as(role)
    person = shown.seeded.people["public"]
    for path in (f"/records/{person}", f"/records/{shown.merged}"):
        _kept(app).clear()
        first, afresh = _viewed(archive, client, path)
        again, kept = _viewed(archive, client, path)
        assert first == again
        # The kept view reads the signed-in session and the archive's position together; a
        # first view reads its page besides, in one transaction.
        assert kept == Transactions(reads=1, writes=0)
        assert afresh == Transactions(reads=2, writes=0)


@pytest.mark.parametrize("role", ["editor", "analyst", "viewer"])
def test_the_page_read_at_once_shows_what_the_viewer_may_see(
    role: str, archive: Archive, app: FastAPI, shown: Shown, client_as: Client
) -> None:
    client = client_as(role)
    person = shown.seeded.people["public"]
    page = client.get(f"/records/{person}").text
    sees = {"editor": 3, "analyst": 2, "viewer": 1}[role]
    levels = ("public", "restricted", "confidential")
    for number, level in enumerate(levels):
        assert (f'href="/records/{shown.pointing[level]}"' in page) == (number < sees), level
        if level in shown.spellings:
            linked = f'href="/records/{shown.spellings[level]}"' in page
            assert linked == (number < sees), level
    assert ">Атамбаев Алмазбек</a>" in page
    assert (">Almazbek Atambaev</a>" in page) == (role == "editor")
    merged = client.get(f"/records/{shown.merged}").text
    assert f'href="/records/{shown.into}">#{shown.into} — Kanat Isayev</a>' in merged


def test_a_merged_record_names_only_a_current_record_it_went_into(
    archive: Archive, shown: Shown, client_as: Client
) -> None:
    owner = as_owner(archive)
    owner.records.retract(shown.into, "a duplicate", expected_version=2)
    page = client_as("viewer").get(f"/records/{shown.merged}").text
    assert "Merged into another record." in page
    assert "Kanat Isayev" not in page


def test_the_referrers_past_the_first_page_are_named(
    archive: Archive, shown: Shown, client_as: Client
) -> None:
    owner = as_owner(archive)
    person = shown.seeded.people["public"]
    more = owner.records.import_documents(
        {
            "type": "act",
            "fields": {"violation": "torture", "victim": {"ref": person}, "status": "alleged"},
        }
        for _ in range(25)
    ).ids
    client = client_as("viewer")
    first = client.get(f"/records/{person}").text
    second = client.get(f"/records/{person}?refs=2").text
    # Newest first, twenty to a page.
    assert all(f'href="/records/{act}"' in first for act in more[-20:])
    assert all(f'href="/records/{act}"' in second for act in more[:5])
    assert f'href="/records/{more[0]}"' not in first
    assert f'href="/records/{more[-1]}"' not in second


def test_every_view_of_a_confidential_record_is_one_custody_entry(
    archive: Archive,
    app: FastAPI,
    shown: Shown,
    client_as: Client,
    people: dict[str, Person],
) -> None:
    editor = client_as("editor")
    secret = shown.seeded.people["confidential"]
    path = f"/records/{secret}"
    before = datetime.now(UTC)
    _kept(app).clear()
    _first, afresh = _viewed(archive, editor, path)
    _again, kept = _viewed(archive, editor, path)
    after = datetime.now(UTC)
    assert afresh.writes == kept.writes == 1
    viewed = [
        entry
        for entry in custody_entries(archive)
        if entry.action == RecordAction.VIEWED and entry.data.get("record") == secret
    ]
    assert [(entry.actor, entry.data) for entry in viewed] == [
        (people["editor"].name, {"record": secret, "revealed": []})
    ] * 2
    assert all(before <= datetime.fromisoformat(entry.at) <= after for entry in viewed)
    public = f"/records/{shown.seeded.people['public']}"
    _kept(app).clear()
    assert _viewed(archive, editor, public)[1].writes == 0
