"""A record's history leaves no trace of what the reader may not see: a version that changed
only hidden references or protected values is not theirs to know of, and no id of a hidden
record or sealed value shows."""

from __future__ import annotations

import json

from docket.archive import Archive
from docket.model.access import Viewer
from docket.records import REDACTED

WITNESS = {"name": "Cholpon Asanova", "witness_code": "TB-W-07"}


def _ids_in(versions: list[object]) -> str:
    return json.dumps([v.to_json() for v in versions])  # type: ignore[attr-defined]


def test_a_version_touching_only_a_hidden_reference_does_not_show(
    archive: Archive, owner: Viewer
) -> None:
    store = archive
    village = store.as_viewer(owner).records.create(
        "group", {"description": "villagers", "size": "about 1,700"}
    )
    witness = store.as_viewer(owner).records.create(
        "person", WITNESS, confidentiality="confidential"
    )
    informant = store.as_viewer(owner).records.create(
        "person", {"name": "Bakyt"}, confidentiality="confidential"
    )
    act = store.as_viewer(owner).records.create(
        "act",
        {
            "violation": "use_of_firearms",
            "victim": [village.id, witness.id],
            "date": "14 August 2022",
        },
    )
    hidden_value = next(v for v in act.field_values("victim") if v.value == {"ref": witness.id})
    store.as_viewer(owner).records.edit(
        act.id, {"add": {"victim": [informant.id]}}, 1, "the informant too"
    )
    store.as_viewer(owner).records.edit(
        act.id, {"remove": [hidden_value.id]}, 2, "Asanova was not hurt"
    )
    store.as_viewer(owner).records.edit(
        act.id, {"set": {"date": "15 August 2022"}}, 3, "the second day"
    )
    viewer = Viewer.as_role("viewer", "vic")

    seen = store.as_viewer(viewer).records.history(act.id)
    assert [v.version for v in seen] == [1, 4]
    created = seen[0].change["fields"]["victim"]
    assert [value["value"] for value in created["new"]] == [{"ref": village.id}]
    assert set(seen[1].change["fields"]) == {"date"}
    shown = _ids_in(seen)
    assert "Asanova was not hurt" not in shown and "the informant too" not in shown
    for hidden in (witness.id, informant.id):
        assert f'"ref": {hidden}}}' not in shown
    assert f'"id": {hidden_value.id},' not in shown
    everything = store.as_viewer(owner).records.history(act.id)
    assert [v.version for v in everything] == [1, 2, 3, 4]
    assert set(everything[1].change["fields"]) == {"victim"}


def test_a_version_changing_only_protected_values_does_not_show_unrevealed(
    archive: Archive, owner: Viewer
) -> None:
    store = archive
    person = store.as_viewer(owner).records.create(
        "person",
        {"name": "Witness seven", "contact": ["+996 700 111 222"], "witness_code": "TB-W-07"},
    )
    contact = person.field_values("contact")[0]
    store.as_viewer(owner).records.edit(
        person.id, {"set": {"contact": ["+996 555 000 111"]}}, 1, "new phone"
    )
    store.as_viewer(owner).records.edit(
        person.id,
        {"add": {"contact": ["+996 555 999 888", "+996 555 777 666"]}},
        2,
        "two more numbers",
    )
    store.as_viewer(owner).records.edit(person.id, {"set": {"gender": "female"}}, 3, None)

    plain = store.as_viewer(owner).records.history(person.id)
    # Versions 2 and 3 swapped and added sealed values: neither which nor how many is the
    # reader's to know, so for them those versions changed nothing.
    assert [v.version for v in plain] == [1, 4]
    assert plain[0].change["fields"]["contact"]["new"] == [
        {"value": REDACTED, "protected": True, "citations": []}
    ]
    for version in plain:
        for sides in version.change.get("fields", {}).values():
            for values in sides.values():
                sealed = [value for value in values if value.get("protected")]
                assert len(sealed) <= 1
                for value in sealed:
                    assert value == {"value": REDACTED, "protected": True, "citations": []}
    assert f'"id": {contact.id},' not in _ids_in(plain)
    revealed = store.as_viewer(owner).records.history(person.id, reveal=True)
    assert [v.version for v in revealed] == [1, 2, 3, 4]
    new = revealed[1].change["fields"]["contact"]["new"]
    assert [value["value"] for value in new] == ["+996 555 000 111"]
