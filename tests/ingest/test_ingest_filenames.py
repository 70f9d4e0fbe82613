"""File names: members keep their path in the container, names lose the characters that make
them lie (bidirectional controls, control characters), and the bytes as given stay in custody."""

from __future__ import annotations

import json
import unicodedata
import zipfile
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from tests.support import as_owner

from docket.archive import Archive
from docket.ingest.filenames import BIDI_CONTROLS, FALLBACK, clean_name, name_bytes, stored_name
from docket.ingest.provenance import Provenance
from docket.search import SearchFilters

RTLO = "\u202e"
# Names as people and systems make them: any script, spaces, dots, folders, and the characters
# that reorder or break text.
NAME_CHARS = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from([*sorted(BIDI_CONTROLS), "\u2028", "\u2029", "\x00", "\n", "\x9b", "/"]),
)


def _forbidden(char: str) -> bool:
    return char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp")


@given(st.text(NAME_CHARS, max_size=80))
def test_a_clean_name_has_no_control_or_bidirectional_character(name: str) -> None:
    cleaned = clean_name(name)
    assert not any(_forbidden(char) for char in cleaned)
    assert cleaned == cleaned.strip()
    assert clean_name(cleaned) == cleaned
    assert stored_name(name) == (cleaned or FALLBACK)


@given(st.text(st.characters(codec="utf-8"), max_size=80))
@example("0\u20280")
def test_every_other_character_is_kept_in_order(name: str) -> None:
    # A line or paragraph separator is a space between the words it parted ("0\u20280" is
    # "0 0"), not a character dropped.
    kept = "".join(
        " " if char in "\u2028\u2029" else char
        for char in name
        if char in "\u2028\u2029" or not _forbidden(char)
    )
    assert clean_name(name) == kept.strip()


@given(st.text(NAME_CHARS, max_size=80))
def test_the_bytes_as_given_are_kept_when_the_name_changes(name: str) -> None:
    raw = name_bytes(name)
    if stored_name(name) == name:
        assert raw is None
    else:
        assert raw is not None
        assert bytes.fromhex(raw).decode("utf-8", "surrogatepass") == name


def test_the_rtlo_trick_is_undone() -> None:
    assert clean_name(f"invoice{RTLO}fdp.exe") == "invoicefdp.exe"
    assert clean_name("отчёт\u2066 2022\u2069.pdf") == "отчёт 2022.pdf"
    assert clean_name("a\x00b\n\u2028c") == "ab c"
    assert clean_name("\udcff.txt") == "\ufffd.txt"
    assert stored_name(f"{RTLO}\u200f") == FALLBACK


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as bundle:
        for name, text in members.items():
            bundle.writestr(name, text)
    return path


def test_members_keep_their_path_searchable_and_shown(archive: Archive, tmp_path: Path) -> None:
    bundle = _zip(
        tmp_path / "report.zip",
        {
            "2022/august/statement.txt": "Witnesses describe the operation in the village.",
            f"2022/august/photo{RTLO}txt.exe": "A list of photographs.",
        },
    )
    results = list(as_owner(archive).items.ingest([bundle], Provenance()))
    members = {r.path.split("!", 1)[1]: r for r in results if r.parent_id is not None}
    statement = members["2022/august/statement.txt"]
    assert statement.id is not None
    item = as_owner(archive).items.get(statement.id)
    assert item["original_name"] == "2022/august/statement.txt"
    hits = as_owner(archive).items.search("august", SearchFilters(level="public"))
    assert statement.id in {hit.item_id for hit in hits}
    (tricked,) = [r for r in results if r.parent_id is not None and r is not statement]
    assert tricked.id is not None
    kept = as_owner(archive).items.get(tricked.id)
    assert kept["original_name"] == "2022/august/phototxt.exe"
    (received,) = [
        e for e in as_owner(archive).items.show(tricked.id).history if e.action == "received"
    ]
    given = f"2022/august/photo{RTLO}txt.exe"
    assert bytes.fromhex(received.data["name_bytes"]).decode("utf-8") == given
    assert (
        "name_bytes"
        not in next(
            e for e in as_owner(archive).items.show(statement.id).history if e.action == "received"
        ).data
    )
    assert list(archive.verify()) == []


def test_a_file_name_with_a_bidi_override_is_stored_clean(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / f"statement{RTLO}fdp.exe"
    path.write_text("A statement.", "utf-8")
    (result,) = as_owner(archive).items.ingest([path], Provenance())
    assert result.id is not None
    assert as_owner(archive).items.get(result.id)["original_name"] == "statementfdp.exe"
    payload = json.dumps(as_owner(archive).items.show(result.id).to_json(), ensure_ascii=False)
    # The bytes are kept as hex only: no raw override reaches a page or a terminal.
    assert RTLO not in payload
    (_again,) = as_owner(archive).items.ingest([path], Provenance())
    seen = [e for e in as_owner(archive).items.show(result.id).history if e.action == "seen_again"]
    assert seen[0].data["name"] == "statementfdp.exe"
    assert bytes.fromhex(seen[0].data["name_bytes"]).decode() == path.name


def test_titles_and_authors_lose_display_tricks(archive: Archive, tmp_path: Path) -> None:
    page = tmp_path / "statement.txt"
    page.write_text("The village was attacked in August.", encoding="utf-8")
    given = Provenance(title=f"Statement{RTLO}fdp.exe\u2028second line", author=f"A.{RTLO} Author")
    (result,) = as_owner(archive).items.ingest([page], given)
    assert result.id is not None
    item = as_owner(archive).items.get(result.id)
    assert (item["title"], item["author"]) == ("Statementfdp.exe second line", "A. Author")
    assert list(archive.verify()) == []
