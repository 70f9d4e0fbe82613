"""A record page names the other records of its identity twenty at a time, says how many there
are and links to the rest, and reads no more of the identity than the page names; the page
answers whatever its section numbers or values hold."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from seed import as_owner
from sqlalchemy import Engine, event

from docket.archive import Archive
from docket.db.engine import WRITE
from docket.kept import Remembered
from docket.records.values import MAX_TEXT

Client = Callable[[str], TestClient]

SPELLINGS = ("Almazbek Atambaev", "Almazbek Atambayev", "Атамбаев Алмазбек")
# Given by one member only, the last: a spelling of a record past the first page.
LAST_SPELLING = "Алмазбек Шаршенович Атамбаев"
# Given by the confidential members only.
SECRET_SPELLING = "Atambaev Almazbek Sharshenovich"
SECTION = re.compile(r'<section class="identity" id="also-recorded".*?</section>', re.S)
LINK = re.compile(r'href="/records/(\d+)"')


@dataclass(frozen=True)
class Linked:
    # Public persons of one identity, in id order; the last gives LAST_SPELLING.
    public: list[int]
    # Confidential persons of the same identity.
    secret: list[int]
    # Another identity, of 21 public persons: twenty others, one page of them.
    smaller: list[int]


def _persons(archive: Archive, names: list[str], level: str = "public") -> list[int]:
    return (
        as_owner(archive)
        .records.import_documents(
            {
                "type": "person",
                "confidentiality": level,
                "fields": {"name": name, "birth_year": 1956},
            }
            for name in names
        )
        .ids
    )


@pytest.fixture
def linked(archive: Archive) -> Linked:
    names = [SPELLINGS[n % len(SPELLINGS)] for n in range(44)] + [LAST_SPELLING]
    public = _persons(archive, names)
    secret = _persons(archive, [SECRET_SPELLING] * 2, "confidential")
    smaller = _persons(archive, ["Sadyr Japarov", "Садыр Жапаров"] * 10 + ["Sadyr Japarov"])
    as_owner(archive).linkage.run("person")
    for group in (public + secret, smaller):
        identity = as_owner(archive).linkage.identity_of(group[0])
        assert identity is not None
        assert [member.id for member in identity.members] == group
    return Linked(public, secret, smaller)


def _section(page: str) -> str:
    found = SECTION.search(page)
    assert found is not None, "no 'Also recorded as' section"
    return found.group(0)


def _named(page: str) -> list[int]:
    return [int(number) for number in LINK.findall(_section(page))]


@pytest.mark.parametrize(("role", "sees_secret"), [("editor", True), ("viewer", False)])
def test_the_other_records_are_named_twenty_a_page_with_their_count(
    role: str, sees_secret: bool, linked: Linked, client_as: Client
) -> None:
    client = client_as(role)
    own = linked.public[0]
    others = linked.public[1:] + (linked.secret if sees_secret else [])
    pages = [client.get(f"/records/{own}?same={number}").text for number in (1, 2, 3)]
    assert _section(client.get(f"/records/{own}").text) == _section(pages[0])
    named = [_named(page) for page in pages]
    # In id order, twenty to a page, each other record on one page only, none hidden named.
    assert [len(names) for names in named] == [20, 20, len(others) - 40]
    assert [record for names in named for record in names] == others
    for page in pages:
        section = _section(page)
        assert f"{len(others)} records" in section
        assert "Page " in section and " of 3" in section
        # The spellings are of every record of the identity, not only of those named here,
        # and of none the reader may not see.
        assert LAST_SPELLING in section
        assert (SECRET_SPELLING in section) == sees_secret
    assert f'href="/records/{own}?same=2"' in _section(pages[0])
    assert f'href="/records/{own}?same=1"' in _section(pages[1])
    # A viewer is not told of the records they may not see, in the count or elsewhere.
    every = "".join(pages)
    named_secret = [record for record in linked.secret if f'href="/records/{record}"' in every]
    assert named_secret == (linked.secret if sees_secret else [])


def test_a_small_identity_has_no_count_and_no_pages(linked: Linked, client_as: Client) -> None:
    page = client_as("viewer").get(f"/records/{linked.smaller[0]}").text
    section = _section(page)
    assert _named(page) == linked.smaller[1:]
    assert "records</p>" not in section
    assert 'class="pager"' not in section


@contextmanager
def _counted(engine: Engine) -> Iterator[dict[str, int]]:
    """Transactions, statements and values bound to them on ``engine`` meanwhile."""
    counts = {"reads": 0, "writes": 0, "statements": 0, "bound": 0}

    def on_begin(connection: Any) -> None:
        write = bool(connection.get_execution_options().get(WRITE))
        counts["writes" if write else "reads"] += 1

    def on_execute(*arguments: Any) -> None:
        parameters = arguments[3]
        counts["statements"] += 1
        counts["bound"] += len(parameters or ())

    event.listen(engine, "begin", on_begin)
    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield counts
    finally:
        event.remove(engine, "begin", on_begin)
        event.remove(engine, "before_cursor_execute", on_execute)


def test_a_first_view_reads_no_more_of_a_larger_identity(
    archive: Archive, app: FastAPI, linked: Linked, client_as: Client
) -> None:
    client = client_as("editor")
    kept: Remembered[object] = app.state.workspace.record_pages
    # The position's first read in a process looks further back than the next ones do.
    assert client.get(f"/records/{linked.public[1]}").status_code == 200
    seen = {}
    for name, record in (("larger", linked.public[0]), ("smaller", linked.smaller[0])):
        kept.clear()
        with _counted(archive.kernel.engine) as first:
            assert client.get(f"/records/{record}").status_code == 200
        with _counted(archive.kernel.engine) as again:
            assert client.get(f"/records/{record}").status_code == 200
        # The session and the position are one transaction; the page is read in one more.
        assert first["reads"] == again["reads"] + 1 == 2
        assert first["writes"] == again["writes"] == 0
        seen[name] = (first["statements"], first["bound"])
    # 46 other records against 20, twenty named on each first page: the same statements,
    # binding as many values (the ids of the records named, not of every member).
    assert seen["larger"] == seen["smaller"]


@pytest.mark.parametrize("number", ["0", "-3", "4", "10" * 20, "x", ""])
def test_any_section_number_gives_a_page(number: str, linked: Linked, client_as: Client) -> None:
    client = client_as("viewer")
    own = linked.public[0]
    last = _named(client.get(f"/records/{own}?same=3").text)
    first = _named(client.get(f"/records/{own}?same=1").text)
    answer = client.get(f"/records/{own}?same={number}&refs={number}")
    assert answer.status_code == 200
    # Past the last page is the last page; anything else is the first.
    expected = last if number in ("4", "10" * 20) else first
    assert _named(answer.text) == expected


def test_an_identity_of_records_with_the_largest_values_answers(
    archive: Archive, client_as: Client
) -> None:
    # A name and a description as long as a text may be.
    longest = ("Atambaev " * (MAX_TEXT // 9 + 1))[:MAX_TEXT].strip()
    ids = _persons(archive, [longest, longest])
    owner = as_owner(archive)
    for record in ids:
        owner.records.edit(record, {"set": {"description": "n" * MAX_TEXT}}, 1, "long")
    owner.linkage.run("person")
    identity = owner.linkage.identity_of(ids[0])
    assert identity is not None and [member.id for member in identity.members] == ids
    client = client_as("viewer")
    for record, other in zip(ids, reversed(ids), strict=True):
        page = client.get(f"/records/{record}")
        assert page.status_code == 200
        assert longest in page.text
        assert _named(page.text) == [other]
