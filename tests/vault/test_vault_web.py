"""The web workspace over an encrypted archive: uploads (a container among them) are unpacked
in memory, the originals download decrypted, and the folder still shows nothing."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from docket.archive import Archive
from docket.config import Settings
from docket.vault.header import KeyFileSecret
from docket.vault.memory import ram_folder
from docket.web import WebSettings, create_app
from tests.web.web_support import finished_job

PASSWORD = "a long enough password for the test"
STATEMENT = b"Witness Zzqxgulova saw the beating at the Osh district station."
MEMBER = b"The zipped note names Qwertybaev as the officer in charge."


@pytest.fixture
def encrypted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Archive]:
    monkeypatch.setenv("DOCKET_ACTOR", "tester")
    monkeypatch.delenv("DOCKET_RECORD_KEY", raising=False)
    settings = Settings.from_env(home=tmp_path / "archive", database_url=None)
    archive = Archive.create(settings, encrypt_with=KeyFileSecret(os.urandom(32), "test key"))
    yield archive
    archive.close()


def _signed_in(archive: Archive) -> TestClient:
    archive.accounts.add("aida", "editor", PASSWORD, actor="tester")
    client = TestClient(create_app(archive, WebSettings(secure_cookies=False)))
    token = re.search(r'name="login_token" value="([^"]+)"', client.get("/login").text)
    assert token
    answer = client.post(
        "/login",
        data={"name": "aida", "password": PASSWORD, "login_token": token.group(1)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return client


def test_upload_search_and_download_leave_no_plaintext(encrypted: Archive) -> None:
    client = _signed_in(encrypted)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/account").text)
    assert csrf
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as packed:
        packed.writestr("inner/note.txt", MEMBER)
    uploaded = client.post(
        "/upload",
        params={"csrf_token": csrf.group(1)},
        data={"confidentiality": "public"},
        files=[
            ("files", ("zzqxgulova-statement.txt", STATEMENT, "text/plain")),
            ("files", ("bundle.zip", bundle.getvalue(), "application/zip")),
        ],
    )
    uploaded = finished_job(client, uploaded)
    assert uploaded.text.count("New item") == 3  # the two files and the zip's member

    found = client.get("/search", params={"q": "Qwertybaev"})
    assert found.status_code == 200
    item = re.search(r'href="/items/(\d+)"', found.text)
    assert item
    original = client.get(f"/items/{item.group(1)}/original")
    assert original.status_code == 200
    assert original.content == MEMBER
    assert original.headers["content-length"] == str(len(MEMBER))

    home = encrypted.settings.home
    secrets = [b"Zzqxgulova", b"Qwertybaev", b"zzqxgulova-statement"]
    stored = [p for p in home.rglob("*") if p.is_file()]
    assert [p for p in stored if any(s in p.read_bytes() for s in secrets)] == []
    in_memory = [p for p in ram_folder().rglob("*") if p.is_file()]
    assert [p for p in in_memory if any(s in p.read_bytes() for s in secrets)] == []


def test_scratch_folders_of_an_encrypted_archive_lie_in_memory(encrypted: Archive) -> None:
    scratch = encrypted.kernel.blobs.workspace()
    try:
        assert ram_folder() in scratch.parents
        assert encrypted.settings.home not in scratch.parents
    finally:
        scratch.rmdir()
