"""Provenance given at a higher level stays at that level: the attack of bringing known bytes
again as confidential, through the command line, ``show --as-role`` and evidence packages."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from tests.support import as_owner
from typer.testing import CliRunner, Result

from docket.archive import Archive
from docket.cli.app import app
from docket.door import Door
from docket.errors import DocketError, ItemNotFound
from docket.evidence.bags import ENTRIES_FILE, verify_bag
from docket.evidence.custody import Action, Entry, entry_levels, linked_items
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer

SECRET_URL = "https://tips.example.org/informant-7"
SECRET_NOTE = "Informant Bakyt, cousin of the guard"
SECRET_COLLECTOR = "Nurlan Sadykov"
SECRETS = (SECRET_URL, SECRET_NOTE, SECRET_COLLECTOR)
PUBLIC = ("public",)
ANALYST = ("public", "restricted")
EVERYONE = ("public", "restricted", "confidential")
# The role that sees exactly these levels (an admin for None).
ROLES = {PUBLIC: "viewer", ANALYST: "analyst", EVERYONE: "editor", None: "admin"}


def _as(archive: Archive, levels: tuple[str, ...] | None) -> Door:
    return archive.as_viewer(Viewer.as_role(ROLES[levels]))


@pytest.fixture
def cli_env(archive: Archive, cli_env: dict[str, str]) -> dict[str, str]:
    """The environment of the ``docket`` command, its archive created."""
    return cli_env


def _cli(cli_env: dict[str, str], *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(app, list(args), env=cli_env, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def _statement(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "statement.txt"
    path.write_text("The detainee was moved to the prison hospital on 7 August.\n", "utf-8")
    return path


def _attack(cli_env: dict[str, str], tmp_path: Path) -> tuple[int, Result]:
    """Public first; the same bytes again as confidential with the informant's details."""
    path = _statement(tmp_path / "in")
    (first,) = [
        json.loads(line)
        for line in _cli(cli_env, "ingest", str(path), "--json").stdout.splitlines()
    ]
    again = _cli(
        cli_env,
        "ingest",
        str(path),
        "--confidentiality",
        "confidential",
        "--note",
        SECRET_NOTE,
        "--source-url",
        SECRET_URL,
        "--collected-by",
        SECRET_COLLECTOR,
    )
    return int(first["id"]), again


def test_the_cli_says_the_item_stayed_public_and_how_to_raise_it(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    item_id, again = _attack(cli_env, tmp_path)
    assert (
        f"already in the archive as item {item_id} (public); the provenance you gave is kept at "
        f"confidential; to raise the item: docket edit {item_id} --confidentiality confidential "
        "--reason …"
    ) in " ".join(again.output.split())
    as_json = _cli(
        cli_env, "ingest", str(tmp_path / "in" / "statement.txt"), "--confidentiality",
        "restricted", "--json",
    )  # fmt: skip
    (line,) = [json.loads(text) for text in as_json.stdout.splitlines()]
    assert line["status"] == "duplicate"
    assert line["confidentiality"] == "public"
    assert line["provenance_kept_at"] == "restricted"
    same_level = _cli(cli_env, "ingest", str(tmp_path / "in" / "statement.txt"), "--json")
    assert json.loads(same_level.stdout)["provenance_kept_at"] is None


@pytest.mark.parametrize(
    ("role", "sees"), [("viewer", False), ("analyst", False), ("editor", True), ("admin", True)]
)
def test_show_as_role_leaves_out_the_provenance_above_it(
    role: str, sees: bool, cli_env: dict[str, str], tmp_path: Path
) -> None:
    item_id, _ = _attack(cli_env, tmp_path)
    shown = _cli(cli_env, "show", str(item_id), "--json", "--as-role", role).stdout
    actions = [entry["action"] for entry in json.loads(shown)["custody"]]
    assert (Action.SEEN_AGAIN in actions) is sees
    for secret in SECRETS:
        assert (secret in shown) is sees
    text = _cli(cli_env, "show", str(item_id), "--as-role", role).stdout
    assert ("seen_again" in text) is sees
    # The owner, without --as-role, sees everything.
    assert SECRET_NOTE in _cli(cli_env, "show", str(item_id), "--json").stdout


def test_raising_the_item_hides_it_from_lower_roles(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    item_id, _ = _attack(cli_env, tmp_path)
    _cli(
        cli_env, "edit", str(item_id), "--confidentiality", "confidential",
        "--reason", "the informant's copy makes it sensitive",
    )  # fmt: skip
    hidden = _cli(cli_env, "show", str(item_id), "--as-role", "analyst", code=2)
    assert f"no item {item_id}" in hidden.output
    editor = json.loads(_cli(cli_env, "show", str(item_id), "--json", "--as-role", "editor").stdout)
    assert editor["item"]["confidentiality"] == "confidential"
    assert [e["action"] for e in editor["custody"]][-1] == Action.METADATA_EDITED


def test_a_bag_for_a_public_reader_holds_no_hidden_entry_and_still_verifies(
    archive: Archive, tmp_path: Path
) -> None:
    path = _statement(tmp_path / "in")
    (first,) = as_owner(archive).items.ingest([path], Provenance())
    (again,) = as_owner(archive).items.ingest(
        [path],
        Provenance(
            source_url=SECRET_URL,
            note=SECRET_NOTE,
            collected_by=SECRET_COLLECTOR,
            confidentiality="confidential",
        ),
    )
    assert again.status == "duplicate" and again.provenance_kept_at == "confidential"
    assert first.id is not None
    for levels, sees in ((PUBLIC, False), (ANALYST, False), (EVERYONE, True), (None, True)):
        out = tmp_path / f"bag-{len(levels or ())}-{levels is None}"
        _as(archive, levels).items.export_bag(out, [first.id])
        entries = (out / "data" / ENTRIES_FILE).read_text("utf-8")
        actions = [json.loads(line)["action"] for line in entries.splitlines()]
        assert (Action.SEEN_AGAIN in actions) is sees
        everything = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
        for secret in SECRETS:
            assert (secret.encode() in everything) is sees
        assert list(verify_bag(out)) == []
    assert list(archive.verify()) == []


def _bundle(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("2022/august/statement.txt", "A statement about the village in August.")
        bundle.writestr("2022/august/photo-list.txt", "A list of the photographs taken.")
    path = folder / "report.zip"
    path.write_bytes(buffer.getvalue())
    return path


def test_links_to_hidden_items_are_absent_and_their_entries_withheld(
    archive: Archive, tmp_path: Path
) -> None:
    results = list(as_owner(archive).items.ingest([_bundle(tmp_path / "zip")], Provenance()))
    parent = next(r.id for r in results if r.parent_id is None)
    children = sorted(r.id for r in results if r.parent_id is not None)
    assert parent is not None and len(children) == 2
    translation = _statement(tmp_path / "tr")
    (translated,) = as_owner(archive).items.ingest(
        [translation], Provenance(translation_of=children[0])
    )
    assert translated.id is not None
    as_owner(archive).items.edit(children[1], {"confidentiality": "restricted"}, "a photo list")
    assert _as(archive, PUBLIC).items.show(parent).children == [children[0]]
    assert _as(archive, ANALYST).items.show(parent).children == children
    as_owner(archive).items.edit(parent, {"confidentiality": "confidential"}, "names a witness")
    as_owner(archive).items.edit(
        children[0], {"confidentiality": "restricted"}, "raised with its photos"
    )

    child = _as(archive, ANALYST).items.show(children[1])
    assert child.item["parent_id"] is None
    # The entry of receipt names the confidential container: withheld, not rewritten.
    assert Action.RECEIVED not in [e.action for e in child.history]
    assert _as(archive, EVERYONE).items.show(children[1]).item["parent_id"] == parent
    public_view = _as(archive, PUBLIC).items.show(translated.id)
    assert public_view.item["translation_of"] is None
    assert [e.action for e in public_view.history] == [Action.TEXT_DERIVED]
    assert _as(archive, ANALYST).items.show(translated.id).item["translation_of"] == children[0]
    assert _as(archive, EVERYONE).items.show(parent).children == children
    with pytest.raises(ItemNotFound):
        _as(archive, ANALYST).items.show(parent)
    with pytest.raises(ItemNotFound):
        _as(archive, PUBLIC).items.show(children[1])
    # A package must prove the item's metadata from its entries; these rest on hidden ones.
    with pytest.raises(DocketError, match="cannot be packaged at your clearance"):
        _as(archive, ANALYST).items.export_bag(tmp_path / "bag", [children[1]])
    _as(archive, EVERYONE).items.export_bag(tmp_path / "bag", [children[1]])
    assert list(verify_bag(tmp_path / "bag")) == []


def test_rows_of_a_page_leave_out_hidden_items_and_links_as_get_does(
    archive: Archive, tmp_path: Path
) -> None:
    results = list(as_owner(archive).items.ingest([_bundle(tmp_path / "zip")], Provenance()))
    parent = next(r.id for r in results if r.parent_id is None)
    children = sorted(r.id for r in results if r.parent_id is not None)
    assert parent is not None and len(children) == 2
    as_owner(archive).items.edit(parent, {"confidentiality": "confidential"}, "names a witness")
    as_owner(archive).items.edit(children[1], {"confidentiality": "restricted"}, "a photo list")
    asked = [children[1], 0, parent, children[0], 2**40, children[0], parent + 1000]

    public = _as(archive, PUBLIC).items.rows(asked)
    assert list(public) == [children[0]]
    assert public[children[0]] == _as(archive, PUBLIC).items.get(children[0])
    assert public[children[0]]["parent_id"] is None
    analyst = _as(archive, ANALYST).items.rows(asked)
    assert sorted(analyst) == children
    assert analyst == {child: _as(archive, ANALYST).items.get(child) for child in children}
    everyone = _as(archive, EVERYONE).items.rows(asked)
    assert sorted(everyone) == [parent, *children]
    assert {row["parent_id"] for id_, row in everyone.items() if id_ != parent} == {parent}
    assert _as(archive, EVERYONE).items.rows([]) == {}


def _entry(action: str, payload: dict[str, object], item_id: int | None = 5) -> Entry:
    return Entry(1, "t", "a", action, "item:5", item_id, json.dumps(payload), "p", "h")


def test_the_rule_of_entry_levels() -> None:
    seen = _entry(
        Action.SEEN_AGAIN, {"parent_id": 9, "provenance": {"confidentiality": "confidential"}}
    )
    assert linked_items(seen) == {9}
    assert entry_levels(seen, "public", {9: "public"}) == {"public", "confidential"}
    assert entry_levels(seen, "restricted", {}) == {"restricted", "confidential", "unknown"}
    plain = _entry(Action.SEEN_AGAIN, {"provenance": {"confidentiality": "public"}})
    assert entry_levels(plain, "restricted") == {"restricted", "public"}
    received = _entry(
        Action.RECEIVED, {"item": {"parent_id": None, "translation_of": 3}, "provenance": {}}
    )
    assert entry_levels(received, "public", {3: "restricted"}) == {"public", "restricted"}
    edited = _entry(Action.METADATA_EDITED, {"changes": {"translation_of": {"old": 3, "new": 4}}})
    assert linked_items(edited) == {3, 4}
    record = _entry("record_edited", {"fields": {}}, item_id=None)
    assert entry_levels(record, "restricted") == {"restricted"}
