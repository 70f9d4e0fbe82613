"""Witness folders, statements and delivery, below the command line."""

from __future__ import annotations

import json
import os
import stat
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from docket.archive import Archive
from docket.db.engine import writing
from docket.evidence import keys, witness, witness_desk, witness_statements, witnesses
from docket.evidence.custody import Checkpoint
from docket.evidence.verify import HeadStatement


def _write_something(archive: Archive, n: int) -> Checkpoint:
    """A custody entry and the checkpoint a writing command signs after it."""
    with writing(archive.kernel.engine) as connection:
        archive.kernel.custody.append(connection, "note", "archive", {"n": n})
    checkpoint = archive.checkpoint()
    assert checkpoint is not None
    return checkpoint


def _signed(seq: int, head: str, archive_id: str | None = None) -> HeadStatement:
    key = Ed25519PrivateKey.generate()
    at = "2026-01-02T03:04:05.678901Z"
    unsigned = Checkpoint(archive_id or str(uuid.uuid4()), seq, head, at, "")
    return HeadStatement(
        unsigned.archive_id,
        seq,
        head,
        at,
        keys.encode_public_key(key.public_key()),
        keys.sign(key, unsigned.message()),
    )


def test_folder_witness_gets_a_file_per_new_checkpoint(archive: Archive, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    witnesses.Witnesses(archive.settings.home).add_folder(usb)
    signed = [_write_something(archive, n) for n in range(3)]
    held = usb / archive.archive_id
    assert sorted(int(p.stem) for p in held.iterdir()) == [c.seq for c in signed]
    for checkpoint in signed:
        text = (held / f"{checkpoint.seq}.txt").read_text(encoding="utf-8")
        assert text == checkpoint.statement(archive.public_key)
    # Nothing new signed, nothing new written; a forced resend leaves the file as it was.
    newest = held / f"{signed[-1].seq}.txt"
    before = newest.stat()
    assert archive.checkpoint() == signed[-1]
    [delivery] = witness.deliver(archive.settings.home, signed[-1], archive.public_key, force=True)
    assert (delivery.error, delivery.outcome) == (None, "held")
    after = newest.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not [p for p in held.iterdir() if p.name.startswith(".")]


def test_a_folder_never_overwrites_and_keeps_a_fork_beside_the_first(tmp_path: Path) -> None:
    folder = witness_statements.StatementFolder(tmp_path)
    first = _signed(4, "a" * 64)
    assert folder.keep(first).outcome == "new"
    assert folder.keep(first).outcome == "held"
    other = HeadStatement(
        first.archive_id, 4, "b" * 64, first.at, first.public_key, first.signature
    )
    kept = folder.keep(other)
    assert kept.outcome == "fork"
    assert kept.path.name == f"4-{'b' * 16}.txt"
    assert (tmp_path / first.archive_id / "4.txt").read_text() == witness_statements.render(first)
    assert [s.hash for s in folder.newest(first.archive_id)] == ["a" * 64, "b" * 64]
    older = HeadStatement(
        first.archive_id, 2, "c" * 64, first.at, first.public_key, first.signature
    )
    (tmp_path / first.archive_id / "2.txt").write_text(witness_statements.render(older))
    assert [s.seq for s in folder.newest(first.archive_id)] == [4, 4]
    # A damaged newest file is passed over, not trusted and not fatal.
    (tmp_path / first.archive_id / "9.txt").write_text("garbage")
    assert [s.seq for s in folder.newest(first.archive_id)] == [4, 4]
    # Nor is it taken for a fork when its entry arrives again.
    ninth = HeadStatement(
        first.archive_id, 9, "9" * 64, first.at, first.public_key, first.signature
    )
    assert folder.keep(ninth).outcome == "new"
    assert [s.hash for s in folder.newest(first.archive_id)] == ["9" * 64]


def test_failing_witness_does_not_fail_the_checkpoint(archive: Archive, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    registry = witnesses.Witnesses(archive.settings.home)
    registry.add_folder(usb)
    usb.rmdir()
    warnings: list[str] = []
    with writing(archive.kernel.engine) as connection:
        archive.kernel.custody.append(connection, "note", "archive", {})
    checkpoint = archive.checkpoint()
    assert checkpoint is not None and checkpoint.seq == 2
    [delivery] = witness.deliver(
        archive.settings.home, checkpoint, archive.public_key, warn=warnings.append
    )
    assert delivery.error is not None and "not there" in delivery.error
    assert warnings == [f"witness 1 (folder {usb}) did not take checkpoint 2: {delivery.error}"]
    [status] = registry.statuses().values()
    assert status.last_failure is not None and status.last_success is None


def test_damaged_configuration_warns_and_signs_anyway(archive: Archive) -> None:
    config = archive.settings.home / witnesses.CONFIG_FILE
    config.write_text("{not json")
    warnings: list[str] = []
    checkpoint = _write_something(archive, 1)
    witness.deliver(archive.settings.home, checkpoint, archive.public_key, warn=warnings.append)
    assert len(warnings) == 1 and "is damaged" in warnings[0]
    with pytest.raises(witness_statements.WitnessError, match="is damaged"):
        witnesses.Witnesses(archive.settings.home).all()


def test_configuration_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    usb = tmp_path / "usb"
    usb.mkdir()
    old_umask = os.umask(0o022)
    try:
        registry = witnesses.Witnesses(home)
        registry.add_folder(usb)
        registry.add_archive("https://partner.example/docket/", "dkt_" + "s" * 43)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((home / witnesses.CONFIG_FILE).stat().st_mode) == 0o600
    data = json.loads((home / witnesses.CONFIG_FILE).read_text())
    assert [w["kind"] for w in data["witnesses"]] == ["folder", "archive"]
    assert data["witnesses"][1]["target"] == "https://partner.example/docket"
    assert "s" * 43 not in repr(registry.all())
    (home / "inside").mkdir()
    with pytest.raises(witness_statements.WitnessError, match="outside the archive folder"):
        registry.add_folder(home / "inside")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://partner.example", "not a web address"),
        ("partner.example", "not a web address"),
        ("https://user:pw@partner.example", "without a user name"),
        ("http://partner.example", "unencrypted"),
    ],
)
def test_partner_addresses_are_checked(url: str, message: str) -> None:
    with pytest.raises(witness_statements.WitnessError, match=message):
        witnesses.check_partner_url(url)


def test_plain_http_is_allowed_to_this_machine_only() -> None:
    assert witnesses.check_partner_url("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    assert witnesses.check_partner_url("http://localhost:8000") == "http://localhost:8000"


@given(st.text(max_size=600))
def test_any_text_is_a_statement_or_one_refusal(text: str) -> None:
    parsed: HeadStatement | str
    try:
        parsed = witness_statements.parse_statement(text)
    except witness_statements.StatementRefused as refusal:
        parsed = str(refusal)
    if isinstance(parsed, str):
        assert parsed and "\n" not in parsed
    else:
        assert witness_statements.parse_statement(witness_statements.render(parsed)) == parsed


@given(
    seq=st.integers(min_value=1, max_value=10**15),
    head=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
    noise=st.sampled_from(["", "\r", "  "]),
)
def test_statements_survive_their_printed_form(seq: int, head: str, noise: str) -> None:
    statement = _signed(seq, head)
    text = witness_statements.render(statement).replace("\n", noise + "\n")
    parsed = witness_statements.parse_statement(text)
    assert parsed == statement
    assert witness_statements.signed_by_its_key(parsed)
    forged = HeadStatement(
        parsed.archive_id,
        parsed.seq + 1,
        parsed.hash,
        parsed.at,
        parsed.public_key,
        parsed.signature,
    )
    assert not witness_statements.signed_by_its_key(forged)


def test_key_change_for_a_known_archive_is_refused(tmp_path: Path) -> None:
    desk = witness_desk.WitnessDesk(tmp_path)
    first = _signed(1, "1" * 64)
    assert desk.receive(witness_statements.render(first)).outcome == "new"
    thief = _signed(2, "2" * 64, archive_id=first.archive_id)
    with pytest.raises(witness_statements.KeyChanged):
        desk.receive(witness_statements.render(thief))
    assert [s.seq for s in desk.newest(first.archive_id)] == [1]
    assert desk.newest("../" + first.archive_id) == []


def test_deliveries_recorded_at_once_keep_every_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several server workers record deliveries together; none may lose another's status."""
    read_statuses = witnesses.Witnesses.statuses

    def slow_statuses(self: witnesses.Witnesses) -> dict[str, witnesses.Status]:
        found = read_statuses(self)
        time.sleep(0.01)  # widen the gap between reading and writing the file back
        return found

    monkeypatch.setattr(witnesses.Witnesses, "statuses", slow_statuses)
    home = tmp_path / "home"
    home.mkdir()
    registry = witnesses.Witnesses(home)
    folders = []
    for number in range(6):
        folder = tmp_path / f"usb-{number}"
        folder.mkdir()
        folders.append(registry.add_folder(folder))
    checkpoint = Checkpoint(str(uuid.uuid4()), 1, "a" * 64, "2026-01-02T03:04:05.678901Z", "s")

    def deliver(added: witnesses.Witness) -> None:
        for _ in range(5):
            witnesses.Witnesses(home).record(added, checkpoint, None)

    with ThreadPoolExecutor(len(folders)) as threads:
        list(threads.map(deliver, folders))
    statuses = registry.statuses()
    assert {added.id for added in folders} <= set(statuses)
    assert all(statuses[added.id].last_seq == 1 for added in folders)
