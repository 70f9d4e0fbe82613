"""The item pages: the list, one item with its text, custody and verification, the downloads."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from evidence_support import VISIBLE, assert_no_leak, error_line, ingest_text, propose_mention
from fastapi.testclient import TestClient
from seed import LEVELS, MARKERS, Seeded, as_owner, seed

from docket.archive import Archive
from docket.face import ITEM_VIEWED, Provenance

Client = Callable[[str], TestClient]
ROLES = ("admin", "editor", "analyst", "viewer")


@pytest.fixture
def seeded(archive: Archive, tmp_path: Path) -> Seeded:
    return seed(archive, tmp_path / "seed")


@pytest.mark.parametrize("role", ROLES)
def test_the_list_holds_exactly_the_items_a_role_may_see(
    role: str, seeded: Seeded, client_as: Client
) -> None:
    page = client_as(role).get("/items")
    assert page.status_code == 200
    listed = {int(n) for n in re.findall(r'href="/items/(\d+)"', page.text)}
    assert listed == {seeded.items[level] for level in VISIBLE[role]}
    shown = len(VISIBLE[role])
    assert (f"{shown} items" if shown > 1 else "1 item") in page.text
    assert_no_leak(role, page.text)
    # A level above the viewer's clearance selects nothing, and says nothing.
    hidden = [level for level in LEVELS if level not in VISIBLE[role]]
    for level in hidden:
        filtered = client_as(role).get(f"/items?level={level}")
        assert filtered.status_code == 200
        assert not re.findall(r'href="/items/(\d+)"', filtered.text)
        assert f'value="{level}"' not in filtered.text


def test_the_list_filters_by_level_media_type_and_language(
    archive: Archive, seeded: Seeded, client_as: Client, tmp_path: Path
) -> None:
    russian = ingest_text(
        archive, tmp_path / "ru", "ru.txt", "Атамбаев был переведён в больницу в Бишкеке. " * 5
    )
    editor = client_as("editor")

    def listed(query: str) -> set[int]:
        page = editor.get(f"/items?{query}")
        assert page.status_code == 200, page.text
        return {int(n) for n in re.findall(r'href="/items/(\d+)"', page.text)}

    assert listed("level=restricted") == {seeded.items["restricted"]}
    assert listed("language=ru") == {russian}
    assert listed("media_type=text") == {*seeded.items.values(), russian}
    assert listed("media_type=pdf") == set()
    bad = editor.get("/items", params={"media_type": "<b>100%</b>"})
    assert bad.status_code == 400
    assert error_line(bad.text).startswith("'<b>100%</b>' is not a media type")
    assert "<b>100%</b>" not in bad.text


def test_the_list_is_paginated_newest_first(
    archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    ids = [
        ingest_text(archive, tmp_path / "many", f"n{n}.txt", f"Report number {n}.")
        for n in range(30)
    ]
    viewer = client_as("viewer")
    first = viewer.get("/items")
    on_first = [int(n) for n in re.findall(r'href="/items/(\d+)"', first.text)]
    assert on_first == sorted(ids, reverse=True)[:25]
    assert 'href="/items?page=2"' in first.text
    second = viewer.get("/items?page=2")
    on_second = [int(n) for n in re.findall(r'href="/items/(\d+)"', second.text)]
    assert on_second == sorted(ids, reverse=True)[25:]
    assert "Page 2 of 2" in second.text


def test_the_item_page_shows_provenance_text_with_mentions_and_custody(
    archive: Archive, seeded: Seeded, client_as: Client
) -> None:
    item = seeded.items["public"]
    page = client_as("viewer").get(f"/items/{item}")
    assert page.status_code == 200
    html = page.text
    assert "public.txt" in html
    assert as_owner(archive).items.get(item)["sha256"] in html
    assert '<mark title="person: Almazbek Atambayev">Almazbek Atambayev</mark>' in html
    assert "PUBLICWORD observers" in html
    assert f'href="/items/{item}/original"' in html
    assert f'href="/items/{item}/text"' in html
    assert "received" in html and "text_derived" in html
    assert f'hx-get="/items/{item}/verify"' in html


def test_highlighted_text_is_escaped_around_and_inside_marks(
    archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    text = 'Before <script>alert("x")</script> & <b>Asel Nurlanova</b> after.'
    item = ingest_text(archive, tmp_path / "x", "x.txt", text)
    propose_mention(archive, item, "<b>Asel Nurlanova</b>")
    propose_mention(archive, item, 'alert("x")', kind="organization")
    html = client_as("viewer").get(f"/items/{item}").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;<mark" in html
    assert "&lt;b&gt;Asel Nurlanova&lt;/b&gt;</mark>" in html
    assert "alert(&#34;x&#34;)</mark>" in html
    assert " &amp; " in html


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_a_hidden_item_is_missing_on_its_page_and_downloads(
    role: str, seeded: Seeded, client_as: Client
) -> None:
    client = client_as(role)
    hidden = seeded.items["confidential"]
    absent = 999_999
    for suffix in ("", "/original", "/text", "/verify"):
        shown = client.get(f"/items/{hidden}{suffix}")
        missing = client.get(f"/items/{absent}{suffix}")
        assert shown.status_code == missing.status_code == 404
        assert error_line(shown.text).replace(str(hidden), "N") == error_line(missing.text).replace(
            str(absent), "N"
        )
        assert "SECRETWORD" not in shown.text
        assert "confidential.txt" not in shown.text


def test_the_original_downloads_as_an_attachment_in_its_own_type(
    archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    html = b"<html><body><script>alert(1)</script><p>Statement of the witness.</p></body></html>"
    folder = tmp_path / "h"
    folder.mkdir()
    path = folder / 'say "hi";evil.html'
    path.write_bytes(html)
    (result,) = as_owner(archive).items.ingest([path], Provenance())
    assert result.id is not None
    response = client_as("viewer").get(f"/items/{result.id}/original")
    assert response.status_code == 200
    assert response.content == html
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="say _hi__evil.html"' in disposition
    text = client_as("viewer").get(f"/items/{result.id}/text")
    assert text.status_code == 200
    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    assert text.headers["content-disposition"].startswith("attachment;")
    assert "Statement of the witness." in text.text


def test_a_non_latin_name_is_kept_in_the_download_name(
    archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    item = ingest_text(archive, tmp_path / "n", "Заявление.txt", "Заявление свидетеля.")
    response = client_as("viewer").get(f"/items/{item}/original")
    disposition = response.headers["content-disposition"]
    assert "filename*=UTF-8''%D0%97%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5.txt" in (
        disposition
    )
    assert response.content.decode("utf-8") == "Заявление свидетеля."


def test_verify_reports_verified_then_the_problem_after_tampering(
    archive: Archive, seeded: Seeded, client_as: Client
) -> None:
    item = seeded.items["public"]
    client = client_as("analyst")
    fragment = client.get(f"/items/{item}/verify", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "Verified" in fragment.text
    assert "<html" not in fragment.text
    blob = as_owner(archive).items.original(item)
    os.chmod(blob, stat.S_IRUSR | stat.S_IWUSR)
    blob.write_bytes(b"something else entirely")
    page = client.get(f"/items/{item}/verify")
    assert page.status_code == 200
    assert "<html" in page.text
    line = error_line(page.text)
    assert line.startswith("Problem:")
    assert "was changed on disk" in line


def test_reading_a_confidential_item_enters_its_custody(
    archive: Archive, seeded: Seeded, client_as: Client
) -> None:
    editor = client_as("editor")
    confidential, public = seeded.items["confidential"], seeded.items["public"]
    assert editor.get(f"/items/{confidential}").status_code == 200
    assert editor.get(f"/items/{confidential}/original").status_code == 200
    assert editor.get(f"/items/{public}").status_code == 200
    owner = as_owner(archive)
    viewed = [e for e in owner.items.show(confidential).history if e.action == ITEM_VIEWED]
    assert [(e.actor, e.data["viewed"]) for e in viewed] == [
        ("editor-user", "page"),
        ("editor-user", "original"),
    ]
    assert not [e for e in owner.items.show(public).history if e.action == ITEM_VIEWED]
    assert list(archive.verify()) == []


def test_contained_items_are_listed_on_their_container(
    archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    import zipfile

    folder = tmp_path / "z"
    folder.mkdir()
    bundle = folder / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as archive_file:
        archive_file.writestr("one.txt", "First statement about the detention.")
        archive_file.writestr("two.txt", "Second statement about the detention.")
    results = list(as_owner(archive).items.ingest([bundle], Provenance()))
    parent = next(r.id for r in results if r.parent_id is None)
    page = client_as("viewer").get(f"/items/{parent}").text
    assert "Found inside this item" in page
    members = [r.id for r in results if r.parent_id is not None]
    assert len(members) == 2
    for member in members:
        assert f'href="/items/{member}"' in page
    member = members[0]
    assert f'href="/items/{parent}"' in client_as("viewer").get(f"/items/{member}").text


def test_an_anonymous_visitor_is_sent_to_sign_in(seeded: Seeded, anonymous: TestClient) -> None:
    item = seeded.items["public"]
    for path in ("/items", f"/items/{item}", f"/items/{item}/original", f"/items/{item}/text"):
        response = anonymous.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")


def test_every_marker_reaches_the_roles_cleared_for_it(seeded: Seeded, client_as: Client) -> None:
    for role in ROLES:
        client = client_as(role)
        for level in VISIBLE[role]:
            page = client.get(f"/items/{seeded.items[level]}")
            assert MARKERS[level] in page.text
            assert_no_leak(role, page.text)
