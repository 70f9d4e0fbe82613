"""Archives made before state digests: migration 0006 seals the rows it finds, so a change made
after the upgrade is found. Also: records merged in id order past one digit, and blobs re-hashed
across batches. On both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import insert, select, text, update
from tests.support import as_owner

from docket.archive import Archive
from docket.db import migrate
from docket.db.engine import reading, writing
from docket.db.schema import api_tokens, custody, items, proposals, record_values, users
from docket.evidence import verify
from docket.evidence.sealing import sealed_in
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer

NOW = "2024-05-01T12:00:00.000000Z"


def _old_rows(archive: Archive, tmp_path: Path) -> None:
    """Rows as the code before 0006 wrote them: no state digest in any custody entry."""
    source = tmp_path / "statement.txt"
    source.write_text("Sadyr Japarov refused the operations.\n", encoding="utf-8")
    (result,) = as_owner(archive).items.ingest([source], Provenance())
    with writing(archive.kernel.engine) as connection:
        connection.execute(
            insert(users).values(
                id=1, name="aida", name_key="aida", display_name="Aida", role="editor",
                password_hash="$argon2id$v=19$m=8,t=1,p=1$old", password_changed_at=NOW,
                require_2fa=False, totp_secret=None, totp_last_step=None, disabled=False,
                language=None, failed_attempts=0, locked_until=None, created_at=NOW,
                created_by="admin",
            )
        )  # fmt: skip
        connection.execute(
            insert(api_tokens).values(
                id=1, user_id=1, name="scripts", token_hash="a" * 64, scopes="read",
                created_at=NOW, created_by="admin", last_used_at=None, revoked_at=None,
                revoked_by=None,
            )
        )  # fmt: skip
        connection.execute(
            insert(proposals).values(
                id=1, item_id=result.id, kind="person", fingerprint="b" * 64,
                payload='{"name": "Sadyr Japarov"}', status="pending", created_at=NOW,
            )
        )  # fmt: skip


def _back_to_0005(archive: Archive) -> None:
    """The schema of 0006 less the entries 0006 appends, which are what this test is about."""
    with writing(archive.kernel.engine) as connection:
        migrate.downgrade(connection, "0006_sealed_state")
        connection.execute(text("UPDATE alembic_version SET version_num = '0005_accounts'"))


def test_the_upgrade_seals_the_rows_it_finds(archive: Archive, tmp_path: Path) -> None:
    _old_rows(archive, tmp_path)
    before = [str(p) for p in archive.verify()]
    assert "user 1 has no custody entry (added outside the log)" in before
    assert "API token 1 has no custody entry (added outside the log)" in before
    assert "proposal 1 has no custody entry (added outside the log)" in before
    _back_to_0005(archive)

    with writing(archive.kernel.engine) as connection:
        migrate.upgrade(connection)
        assert migrate.current_revision(connection) == migrate.SCHEMA_HEAD
    with reading(archive.kernel.engine) as connection:
        sealed = connection.execute(
            select(custody.c.subject, custody.c.actor).where(custody.c.action == "state_sealed")
        ).all()
    assert sorted(s.subject for s in sealed) == ["api_tokens", "proposals", "users"]
    assert list(archive.verify()) == []

    with writing(archive.kernel.engine) as connection:
        connection.execute(update(users).where(users.c.id == 1).values(role="admin"))
    assert [str(p) for p in archive.verify()] == ["user 1 differs from its custody entries"]


def test_a_new_archive_has_nothing_to_seal(archive: Archive) -> None:
    with reading(archive.kernel.engine) as connection:
        actions = connection.execute(select(custody.c.action)).scalars().all()
    assert "state_sealed" not in actions
    assert list(archive.verify()) == []


def test_records_are_merged_in_id_order_past_one_digit(archive: Archive) -> None:
    """Entries are ordered by subject text: record 10 must not come before record 9."""
    owner = Viewer.owner("owner")
    made = [
        archive.as_viewer(owner).records.create("place", {"name": f"Village {n}"})
        for n in range(12)
    ]
    assert list(archive.verify()) == []
    target = made[10]
    with writing(archive.kernel.engine) as connection:
        connection.execute(
            update(record_values)
            .where(record_values.c.record_id == target.id)
            .values(value='{"text":"Village X"}')
        )
    found = [str(p) for p in archive.verify()]
    assert len(found) == 1
    assert found[0].startswith(f"record {target.id}: value ")
    assert found[0].endswith("(name) differs from its custody entries (value)")


def test_blobs_are_rehashed_across_batches(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hashing a batch overlaps reading the next: problems of every batch still come out."""
    monkeypatch.setattr(verify, "BATCH", 2)
    files = []
    for n in range(5):
        path = tmp_path / f"report-{n}.txt"
        path.write_text(f"Report number {n} on the events in Kok-Suu.\n", encoding="utf-8")
        files.append(path)
    results = list(as_owner(archive).items.ingest(files, Provenance()))
    first, last = results[0].id, results[-1].id
    for item_id in (first, last):
        with reading(archive.kernel.engine) as connection:
            sha256 = connection.execute(
                select(items.c.sha256).where(items.c.id == item_id)
            ).scalar_one()
        blob = archive.kernel.blobs.path_of(sha256)
        blob.chmod(0o644)
        blob.write_bytes(b"altered")
    done: list[int] = []

    def progress(stage: str, count: int) -> None:
        if stage == "items":
            done.append(count)

    found = [str(p) for p in archive.verify(progress=progress)]
    # A text file's working copy is the same blob as its original: one line for each.
    assert sorted({line for line in found if "changed on disk" in line}) == [
        f"item {first}: stored file {_short(archive, first)}… was changed on disk",
        f"item {last}: stored file {_short(archive, last)}… was changed on disk",
    ]
    assert sum(done) == len(files)


def _short(archive: Archive, item_id: int) -> str:
    with reading(archive.kernel.engine) as connection:
        sha256 = connection.execute(
            select(items.c.sha256).where(items.c.id == item_id)
        ).scalar_one()
    return str(sha256)[:12]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


TABLE = st.sampled_from(["users", "proposals", "api_tokens", "x"])
WELL_FORMED = st.dictionaries(
    TABLE, st.dictionaries(st.integers(0, 99).map(str), st.text(max_size=8) | st.integers())
)


@given(WELL_FORMED | st.dictionaries(TABLE, JSON) | JSON)
def test_any_sealed_payload_is_read_without_failing(sealed: object) -> None:
    """An entry's payload is whatever its JSON holds: verify reads what is well formed."""
    for table, row_id, digest in sealed_in({"sealed": sealed}):
        assert table in {"users", "proposals", "api_tokens"}
        assert isinstance(row_id, int) and isinstance(digest, str)
        assert isinstance(sealed, dict) and digest == sealed[table][str(row_id)]
