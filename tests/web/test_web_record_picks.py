"""Records chosen by name in the record forms: ids checked, names resolved, new ones created
with the record, and a refused form that comes back with everything typed and chosen."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from seed import as_owner
from sqlalchemy import func, select
from web_records_support import World, build_world
from web_support import page_csrf

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import custody, records

Client = Callable[[str], TestClient]


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")


def _error(page: str) -> str:
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', page, re.S)
    assert found, page[:3000]
    return html.unescape(found.group(1).strip())


def _counts(archive: Archive) -> tuple[int, int]:
    with reading(archive.kernel.engine) as connection:
        made = connection.execute(select(func.count()).select_from(records)).scalar_one()
        logged = connection.execute(select(func.count()).select_from(custody)).scalar_one()
    return made, logged


def _act(client: TestClient, **fields: object) -> tuple[int, str, str]:
    data: dict[str, object] = {
        "csrf_token": page_csrf(client),
        "type": "act",
        "value.violation": "torture",
        "confidentiality": "public",
        **fields,
    }
    answer = client.post("/records/new", data=data, follow_redirects=False)
    return answer.status_code, answer.headers.get("location", ""), answer.text


def _saved_id(location: str) -> int:
    return int(location.split("/records/")[1].split("?")[0])


def _victims(archive: Archive, act: int) -> list[int]:
    view = as_owner(archive).records.get(act, log=False)
    return sorted(v.value["ref"] for v in view.values if v.field == "victim" and v.active)


def test_the_form_offers_a_picker_for_each_reference(world: World, client_as: Client) -> None:
    page = client_as("editor").get("/records/new", params={"type": "act"}).text
    assert (
        'data-field="value.victim"' in page and 'data-targets="person group organisation"' in page
    )
    assert 'data-new="person group organisation"' in page and 'data-many="yes"' in page
    assert 'name="pick.value.victim"' in page and '<script src="/static/pick.js"' in page
    assert 'data-field="value.event"' in page and 'data-many="no"' in page
    # A type a name alone cannot make (an act needs its violation) is never offered to create.
    involvement = client_as("editor").get("/records/new", params={"type": "involvement"}).text
    assert 'data-field="value.act" data-targets="act"' in involvement
    assert re.search(r'data-field="value.act"[^>]*data-new=""', involvement)


def test_ids_names_and_numbers_pick_the_victims(
    archive: Archive, world: World, client_as: Client
) -> None:
    editor = client_as("editor")
    public = world.seeded.people["public"]
    restricted = world.seeded.people["restricted"]
    status, location, text = _act(
        editor,
        **{"value.victim": [str(public)], "pick.value.victim": "Султанбеков; "},
    )
    assert status == 303, text
    assert _victims(archive, _saved_id(location)) == sorted([public, restricted])
    status, location, text = _act(editor, **{"pick.value.victim": f"#{world.group}"})
    assert status == 303, text
    assert _victims(archive, _saved_id(location)) == [world.group]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value.victim": "999999"}, "act.victim: no record 999999"),
        ({"value.victim": "12abc"}, "act.victim: '12abc' is not a record number"),
        ({"pick.value.victim": "Nobody Atall"}, "act.victim: no person or group or organisation"),
        ({"pick.value.victim": "Atambayev; Nurla"}, "act.victim: no person or group"),
        ({"new.value.victim": "Bolot"}, "act.victim: each new record needs a name and a type"),
        (
            {"new.value.victim": "Bolot", "newtype.value.victim": "place"},
            "act.victim: a new 'place' cannot be created here",
        ),
        ({"value.event": "PLACE"}, "act.event must refer to a event, and record"),
        ({"pick.value.event": "#PLACE"}, "act.event must refer to a event, and record"),
        ({"pick.value.event": "#999999"}, "act.event: no record 999999"),
        ({"value.event": ["EVENT", "EVENT2"]}, "act.event takes one record, and 2 were chosen"),
    ],
)
def test_a_refused_pick_names_the_field_and_writes_nothing(
    fields: dict[str, object], message: str, archive: Archive, world: World, client_as: Client
) -> None:
    owner = as_owner(archive).records
    place = owner.create("place", {"name": "Bishkek"}).id
    event = owner.create("event", {"title": "Protest"}).id
    second = owner.create("event", {"title": "Strike"}).id
    swap = {"PLACE": str(place), "EVENT2": str(second), "EVENT": str(event)}

    def named(text: str) -> str:
        for word, number in swap.items():
            text = text.replace(word, number)
        return text

    fields = {
        k: [named(x) for x in v] if isinstance(v, list) else named(str(v))
        for k, v in fields.items()
    }
    before = _counts(archive)
    status, _, text = _act(client_as("editor"), **fields)
    assert status == 400, text
    assert message in _error(text), _error(text)
    assert _counts(archive) == before


def test_two_records_of_one_name_are_never_guessed(
    archive: Archive, world: World, client_as: Client
) -> None:
    as_owner(archive).records.create("person", {"name": "Атамбаев Алмазбек"})
    status, _, text = _act(client_as("editor"), **{"pick.value.victim": "Almazbek Atambayev"})
    assert status == 400
    assert _error(text) == "act.victim: 2 records are named 'Almazbek Atambayev': pick one"


def test_a_hidden_record_cannot_be_picked(
    archive: Archive, world: World, client_as: Client
) -> None:
    # An analyst cannot write; the owner's view of a secret record goes through the same check
    # for a writer whose clearance is lower, so check the lookup side: the name resolves to none.
    secret = world.seeded.people["confidential"]
    editor = client_as("editor")
    status, location, _ = _act(editor, **{"value.victim": str(secret)})
    assert status == 303 and _victims(archive, _saved_id(location)) == [secret]
    retracted = as_owner(archive).records.create("person", {"name": "Kubat Otorbaev"})
    as_owner(archive).records.retract(retracted.id, "duplicate", expected_version=1)
    status, _, text = _act(editor, **{"value.victim": str(retracted.id)})
    assert status == 400 and _error(text) == f"act.victim: no record {retracted.id}"


def test_new_records_are_created_with_the_act_in_one_step(
    archive: Archive, world: World, client_as: Client
) -> None:
    editor = client_as("editor")
    before = _counts(archive)
    status, location, text = _act(
        editor,
        **{
            "value.victim": str(world.seeded.people["public"]),
            "new.value.victim": ["Бакыт Торобаев", "villagers of Ak-Suu"],
            "newtype.value.victim": ["person", "group"],
            "new.value.place": "Ak-Suu",
            "newtype.value.place": "place",
            "confidentiality": "restricted",
            "reason": "statement of 3 May",
        },
    )
    assert status == 303, text
    act = _saved_id(location)
    owner = as_owner(archive).records
    victims = _victims(archive, act)
    assert len(victims) == 3 and world.seeded.people["public"] in victims
    made = {owner.get(v, log=False).title: owner.get(v, log=False) for v in victims}
    assert made["Бакыт Торобаев"].type.name == "person"
    assert made["villagers of Ak-Suu"].type.name == "group"
    assert made["Бакыт Торобаев"].confidentiality == "restricted"
    place = owner.get(act, log=False).field_values("place")[0].value["ref"]
    assert owner.get(place, log=False).title == "Ak-Suu"
    assert _counts(archive)[0] == before[0] + 4
    # The new person is found by name in another script straight away.
    found = editor.get("/api/records/lookup", params={"q": "Torobaev", "type": "person"}).json()
    assert [hit["title"] for hit in found] == ["Бакыт Торобаев"]


def test_a_failed_form_keeps_what_was_typed_and_chosen(
    archive: Archive, world: World, client_as: Client
) -> None:
    editor = client_as("editor")
    public = world.seeded.people["public"]
    before = _counts(archive)
    status, _, text = _act(
        editor,
        **{
            "value.victim": str(public),
            "new.value.victim": "Бакыт Торобаев",
            "newtype.value.victim": "person",
            "pick.value.event": "no such event",
            "value.date": "the thirty-first of Smarch",
            "value.description": "beaten at the border post",
            "source.description_item": str(world.seeded.items["public"]),
            "source.description_quote": "moved to hospital",
            "reason": "why typed here",
        },
    )
    assert status == 400
    assert _error(text).startswith("act.")
    assert _counts(archive) == before
    assert f'name="value.victim" value="{public}" checked' in text
    assert "Almazbek Atambayev" in text
    assert 'name="new.value.victim" value="Бакыт Торобаев"' in text
    assert 'name="newtype.value.victim" value="person"' in text
    assert 'name="pick.value.event" value="no such event"' in text
    assert 'value="the thirty-first of Smarch"' in text
    assert 'value="beaten at the border post"' in text
    assert 'value="moved to hospital"' in text
    assert "why typed here</textarea>" in text
    assert '<option value="torture" selected' in text


@pytest.mark.parametrize("new", [True, False])
def test_a_bad_value_elsewhere_names_its_field(
    new: bool, archive: Archive, world: World, client_as: Client
) -> None:
    before = _counts(archive)
    victim = (
        {"new.value.victim": "Бакыт Торобаев", "newtype.value.victim": "person"}
        if new
        else {"value.victim": str(world.seeded.people["public"])}
    )
    status, _, text = _act(
        client_as("editor"), **victim, **{"value.date": "the thirty-first of Smarch"}
    )
    assert status == 400 and "act.date" in _error(text), _error(text)
    assert _counts(archive) == before


def _edit(client: TestClient, record: int, **fields: object) -> tuple[int, str]:
    data: dict[str, object] = {
        "csrf_token": page_csrf(client),
        "expected_version": str(_version(client, record)),
        "reason": "linked by name",
        **fields,
    }
    answer = client.post(f"/records/{record}/edit", data=data, follow_redirects=False)
    return answer.status_code, answer.text


def _version(client: TestClient, record: int) -> int:
    found = re.search(
        r'name="expected_version" value="(\d+)"', client.get(f"/records/{record}/edit").text
    )
    assert found
    return int(found.group(1))


def test_an_edit_links_records_by_name(archive: Archive, world: World, client_as: Client) -> None:
    editor = client_as("editor")
    act = world.seeded.acts["public"]
    page = editor.get(f"/records/{act}/edit").text
    assert 'data-field="link.victim"' in page and 'data-field="link.event"' in page
    assert re.search(r'data-field="link.victim"[^>]*data-new=""', page)
    owner = as_owner(archive).records
    first = owner.create("event", {"title": "Protest on the square"}).id
    second = owner.create("event", {"title": "Night raid"}).id
    status, text = _edit(
        editor,
        act,
        **{"pick.link.victim": "Sultanbekov", "link.event": str(first)},
    )
    assert status == 303, _error(text)
    assert _victims(archive, act) == sorted(
        [world.seeded.people["public"], world.seeded.people["restricted"]]
    )
    status, text = _edit(editor, act, **{"pick.link.event": "night raid"})
    assert status == 303, _error(text)
    events = owner.get(act, log=False).field_values("event")
    assert [value.value["ref"] for value in events] == [second]
    # The one-value box takes a name too.
    status, text = _edit(editor, act, field="place", value="Бишкек", mode="set")
    assert status == 400 and _error(text) == "act.place: no place is named 'Бишкек'"
    place = owner.create("place", {"name": "Bishkek"}).id
    status, text = _edit(editor, act, field="place", value="Бишкек", mode="set")
    assert status == 303, _error(text)
    assert owner.get(act, log=False).field_values("place")[0].value["ref"] == place


def test_a_refused_edit_keeps_the_links_and_writes_nothing(
    archive: Archive, world: World, client_as: Client
) -> None:
    editor = client_as("editor")
    act = world.seeded.acts["public"]
    place = as_owner(archive).records.create("place", {"name": "Osh"}).id
    before = _counts(archive)
    cases = {
        f"act.victim must refer to a person or group or organisation, and record {place}": {
            "link.victim": [str(world.seeded.people["restricted"]), str(place)]
        },
        "act.victim: create the new record first, then link it here": {
            "new.link.victim": "Бакыт Торобаев",
            "newtype.link.victim": "person",
        },
        "act.event: no record 999999": {"link.event": "999999"},
    }
    for message, fields in cases.items():
        status, text = _edit(editor, act, **fields, preference_reason="typed words kept")
        assert status == 400 and message in _error(text)
        assert 'value="typed words kept"' in text
    status, text = _edit(
        editor,
        act,
        **{"link.victim": str(world.seeded.people["restricted"]), "pick.link.place": "Ош; Naryn"},
    )
    assert status == 400 and "act.place" in _error(text)
    assert f'name="link.victim" value="{world.seeded.people["restricted"]}" checked' in text
    assert "Temirlan Sultanbekov" in text
    assert 'name="pick.link.place" value="Ош; Naryn"' in text
    assert _counts(archive) == before
