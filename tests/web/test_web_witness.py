"""The witness API: another archive hands in its signed checkpoints and reads the newest back."""

from __future__ import annotations

import uuid
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from token_support import bearer
from web_support import Person

from docket.archive import Archive
from docket.db.engine import reading
from docket.db.schema import custody
from docket.evidence import keys, witnesses
from docket.evidence.custody import Checkpoint

URL = "/api/witness/checkpoints"
AT = "2026-03-01T10:00:00.000000Z"


def statement(key: Ed25519PrivateKey, archive_id: str, seq: int, head: str, at: str = AT) -> str:
    """A checkpoint statement of another archive, signed by ``key``."""
    unsigned = Checkpoint(archive_id, seq, head, at, "")
    signature = keys.sign(key, unsigned.message())
    public = keys.encode_public_key(key.public_key())
    return Checkpoint(archive_id, seq, head, at, signature).statement(public)


def _entries(archive: Archive) -> int:
    with reading(archive.kernel.engine) as connection:
        return int(connection.execute(select(func.count()).select_from(custody)).scalar_one())


def test_statements_are_kept_and_the_newest_read_back(
    archive: Archive, anonymous: TestClient, people: dict[str, Person]
) -> None:
    auth = bearer(archive, "viewer-user", "witness")
    key = Ed25519PrivateKey.generate()
    other = str(uuid.uuid4())
    entries_before = _entries(archive)

    fifth = statement(key, other, 5, "a" * 64)
    answer = anonymous.post(URL, json={"statement": fifth}, headers=auth)
    assert answer.status_code == 201, answer.text
    assert answer.json() == {"archive_id": other, "seq": 5, "outcome": "new"}
    again = anonymous.post(URL, json={"statement": fifth}, headers=auth)
    assert again.status_code == 201 and again.json()["outcome"] == "held"
    # A lower entry number is history the witness had not seen yet: kept as well.
    third = statement(key, other, 3, "b" * 64)
    assert anonymous.post(URL, json={"statement": third}, headers=auth).status_code == 201

    latest = anonymous.get(f"{URL}/{other}/latest", headers=auth)
    assert latest.status_code == 200
    assert latest.json() == {"archive_id": other, "seq": 5, "statements": [fifth]}
    held = archive.settings.home / "witnessed" / other
    assert sorted(p.name for p in held.glob("*.txt")) == ["3.txt", "5.txt"]
    # Keeping others' checkpoints writes nothing to this archive's own chain of custody.
    assert _entries(archive) == entries_before


def test_same_entry_with_another_head_is_a_fork_kept_beside_the_first(
    archive: Archive, anonymous: TestClient, people: dict[str, Person]
) -> None:
    auth = bearer(archive, "viewer-user", "witness")
    key = Ed25519PrivateKey.generate()
    other = str(uuid.uuid4())
    first = statement(key, other, 7, "c" * 64)
    rewritten = statement(key, other, 7, "d" * 64, at="2026-03-02T10:00:00.000000Z")
    assert anonymous.post(URL, json={"statement": first}, headers=auth).status_code == 201
    fork = anonymous.post(URL, json={"statement": rewritten}, headers=auth)
    assert fork.status_code == 409
    assert "forked" in fork.json()["detail"]
    latest = anonymous.get(f"{URL}/{other}/latest", headers=auth).json()
    assert latest["statements"] == [first, rewritten]


def test_forged_statements_are_refused(
    archive: Archive, anonymous: TestClient, people: dict[str, Person]
) -> None:
    auth = bearer(archive, "viewer-user", "witness")
    key = Ed25519PrivateKey.generate()
    other = str(uuid.uuid4())
    genuine = statement(key, other, 4, "e" * 64)

    tampered = genuine.replace("e" * 64, "f" * 64)
    refused = anonymous.post(URL, json={"statement": tampered}, headers=auth)
    assert refused.status_code == 400
    assert "signature is not valid" in refused.json()["detail"]

    assert anonymous.post(URL, json={"statement": genuine}, headers=auth).status_code == 201
    thief = Ed25519PrivateKey.generate()
    swapped = anonymous.post(
        URL, json={"statement": statement(thief, other, 9, "9" * 64)}, headers=auth
    )
    assert swapped.status_code == 409
    assert "refused" in swapped.json()["detail"]
    latest = anonymous.get(f"{URL}/{other}/latest", headers=auth).json()
    assert latest["seq"] == 4

    for junk in ("hello", genuine.replace(other, "../../etc"), genuine + "x" * 3000):
        answer = anonymous.post(URL, json={"statement": junk}, headers=auth)
        assert answer.status_code in (400, 422)
    assert anonymous.get(f"{URL}/..%2F..%2Fkeys/latest", headers=auth).status_code == 404
    assert anonymous.get(f"{URL}/{uuid.uuid4()}/latest", headers=auth).status_code == 404


def test_only_tokens_with_the_witness_scope_get_in(
    archive: Archive, anonymous: TestClient, people: dict[str, Person]
) -> None:
    key = Ed25519PrivateKey.generate()
    other = str(uuid.uuid4())
    body = {"statement": statement(key, other, 1, "1" * 64)}
    reader = bearer(archive, "admin-user", "read", "write", "export")
    for answer in (
        anonymous.post(URL, json=body, headers=reader),
        anonymous.get(f"{URL}/{other}/latest", headers=reader),
    ):
        assert answer.status_code == 403
        assert "lacks the 'witness' scope" in answer.json()["detail"]
    assert anonymous.post(URL, json=body).status_code == 401
    assert anonymous.get(f"{URL}/{other}/latest").status_code == 401
    assert not (archive.settings.home / "witnessed").exists()


def test_changes_made_in_the_workspace_reach_the_witnesses(
    archive: Archive, anonymous: TestClient, people: dict[str, Person], tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    witnesses.Witnesses(archive.settings.home).add_folder(usb)
    auth = bearer(archive, "admin-user", "read", "write")
    held = usb / archive.archive_id
    before = {p.name for p in held.iterdir()}
    made = anonymous.post("/api/tokens", json={"name": "nightly", "scopes": ["read"]}, headers=auth)
    assert made.status_code == 201, made.text
    with reading(archive.kernel.engine) as connection:
        head = archive.kernel.custody.latest_checkpoint(connection)
    assert head is not None
    assert {p.name for p in held.iterdir()} - before == {f"{head.seq}.txt"}
