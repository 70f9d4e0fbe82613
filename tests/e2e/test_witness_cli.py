"""Witnesses through the ``docket`` command: a cut-off chain is found by a plain ``verify``."""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from docket.accounts import Accounts
from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import writing
from docket.db.schema import chain_head, checkpoints, custody, items
from docket.evidence import witness, witnesses
from docket.evidence.custody import Checkpoint

from .conftest import Run

PASSWORD = "correct horse battery staple"
PARTNER_URL = "https://docket.partner.example"


def _cut_off_last_edit(settings: Settings) -> None:
    """What someone holding the database does to hide an edit: delete its custody entry and
    checkpoint, move the head back, and put the old values back."""
    archive = Archive.open(settings)
    try:
        with writing(archive.kernel.engine) as connection:
            last = connection.execute(select(custody).order_by(custody.c.seq.desc())).first()
            assert last is not None and last.action == "metadata_edited"
            connection.execute(custody.delete().where(custody.c.seq == last.seq))
            connection.execute(checkpoints.delete().where(checkpoints.c.seq >= last.seq))
            previous = connection.execute(
                select(custody.c.hash).where(custody.c.seq == last.seq - 1)
            ).scalar_one()
            connection.execute(chain_head.update().values(seq=last.seq - 1, hash=previous))
            changes = json.loads(last.payload)["changes"]
            connection.execute(
                items.update()
                .where(items.c.id == last.item_id)
                .values({name: change["old"] for name, change in changes.items()})
            )
    finally:
        archive.close()


def _ingest_and_edit(run: Run, documents: Path) -> int:
    run("ingest", str(documents / "statement.txt"))
    run("edit", "1", "--title", "Hospital transfer")
    return 1


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def test_folder_witness_makes_plain_verify_find_a_cut_off_chain(
    run: Run, documents: Path, settings: Settings, usb: Path
) -> None:
    run("init")
    added = run("witness", "add", "folder", str(usb))
    assert "holds checkpoint 1" in added.stdout
    _ingest_and_edit(run, documents)
    assert "Intact" in run("verify").stdout

    _cut_off_last_edit(settings)
    assert "Intact" in run("verify", "--no-witness").stdout  # the chain alone is consistent
    result = run("verify", code=1)
    assert "is gone (history truncated)" in result.stdout

    report = json.loads(run("verify", "--json", code=1).stdout)
    assert report["intact"] is False
    [used] = report["checked_against"]
    assert used["source"] == "witness"
    assert used["where"] == f"folder {usb}"
    assert used["seq"] == max(int(p.stem) for p in usb.glob("*/*.txt"))
    assert any(p["kind"] == "deleted" for p in report["problems"])


def test_verify_reports_the_witness_it_used_and_warns_without_one(
    run: Run, documents: Path, usb: Path
) -> None:
    run("init")
    bare = run("verify")
    assert "no witness is configured" in bare.stderr
    assert "docket witness add folder PATH" in bare.stderr
    assert json.loads(run("verify", "--json").stdout)["checked_against"] == []

    run("witness", "add", "folder", str(usb))
    _ingest_and_edit(run, documents)
    result = run("verify")
    assert "no witness" not in result.stderr
    assert "as witness 1 does" in result.stdout
    report = json.loads(run("verify", "--json").stdout)
    assert report["intact"] is True and report["warnings"] == []
    assert report["checked_against"][0]["seq"] == report["entries"]


def test_against_file_keeps_working_beside_the_witnesses(
    run: Run, documents: Path, usb: Path, tmp_path: Path
) -> None:
    run("init")
    run("witness", "add", "folder", str(usb))
    _ingest_and_edit(run, documents)
    head = tmp_path / "head.txt"
    run("checkpoint", "--output", str(head))
    report = json.loads(run("verify", "--against", str(head), "--json").stdout)
    assert [used["source"] for used in report["checked_against"]] == ["file", "witness"]
    assert report["intact"] is True


def test_failing_folder_witness_warns_and_the_command_succeeds(
    run: Run, documents: Path, usb: Path
) -> None:
    run("init")
    run("witness", "add", "folder", str(usb))
    shutil.rmtree(usb)  # the stick was unplugged
    result = run("ingest", str(documents / "statement.txt"))
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert f"witness 1 (folder {usb})" in warnings[0]
    assert "not there" in warnings[0]
    listed = json.loads(run("witness", "list", "--json").stdout)
    assert listed[0]["last_failure"] is not None
    assert "not there" in listed[0]["error"]
    assert listed[0]["last_seq"] == 1  # the checkpoint it got when it was added

    read_back = run("verify")
    assert "witness 1" in read_back.stderr and "could not be read" in read_back.stderr
    assert "did not take the last checkpoint sent to it" in read_back.stderr

    usb.mkdir()  # plugged in again: the next checkpoint reaches it, and `send` works
    edited = run("edit", "1", "--title", "Back from hospital")
    assert "warning" not in edited.stderr
    listed = json.loads(run("witness", "list", "--json").stdout)
    assert listed[0]["last_success"] > listed[0]["last_failure"]
    assert [int(p.stem) for p in usb.glob("*/*.txt")] == [listed[0]["last_seq"]]
    assert "already held" in run("witness", "send").stdout
    assert "warning" not in run("verify").stderr


def test_send_exits_1_when_a_witness_does_not_take_the_checkpoint(
    run: Run, usb: Path, tmp_path: Path
) -> None:
    run("init")
    run("witness", "add", "folder", str(usb))
    shutil.rmtree(usb)
    result = run("witness", "send", code=1)
    assert "did not take checkpoint" in result.stderr


def test_old_witnessed_checkpoint_warns_when_newer_entries_have_none(
    run: Run, documents: Path, settings: Settings, usb: Path, cli_env: dict[str, str]
) -> None:
    run("init")
    _ingest_and_edit(run, documents)
    # The witness holds only a checkpoint signed long ago; later entries never reached it.
    archive = Archive.open(settings)
    try:
        from docket.evidence import keys

        key = keys.load_private_key(settings.home / "keys")
        with writing(archive.kernel.engine) as connection:
            first = connection.execute(select(custody.c.hash).where(custody.c.seq == 1)).scalar()
        at = "2020-01-01T00:00:00.000000Z"
        old = Checkpoint(archive.archive_id, 1, str(first), at, "")
        signed = Checkpoint(old.archive_id, old.seq, old.hash, at, keys.sign(key, old.message()))
        (usb / archive.archive_id).mkdir()
        (usb / archive.archive_id / "1.txt").write_text(signed.statement(archive.public_key))
        witnesses.Witnesses(settings.home).add_folder(usb)
    finally:
        archive.close()
    # Not sent by a writing command: the status says it has nothing yet, so verify reads 1.txt.
    result = run("verify")
    assert "Intact" in result.stdout
    assert "newest witnessed checkpoint (entry 1, signed 2020-01-01" in result.stderr
    assert "newer entries have no witness" in result.stderr
    assert "newer entries" not in run("verify", "--max-witness-age", "100000").stderr
    cli_env["DOCKET_WITNESS_MAX_AGE_DAYS"] = "36500"
    assert "newer entries" not in run("verify").stderr
    cli_env["DOCKET_WITNESS_MAX_AGE_DAYS"] = "1"
    assert "newer entries" in run("verify").stderr

    run("witness", "send")  # the witness catches up: nothing is unwitnessed, however old
    assert "warning" not in run("verify", "--max-witness-age", "0").stderr


def test_bad_max_witness_age_setting_is_one_line(run: Run, cli_env: dict[str, str]) -> None:
    run("init")
    cli_env["DOCKET_WITNESS_MAX_AGE_DAYS"] = "soon"
    result = run("verify", code=2)
    assert "DOCKET_WITNESS_MAX_AGE_DAYS must be a number of days" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_witness_remove_and_bad_input(run: Run, usb: Path, tmp_path: Path) -> None:
    run("init")
    assert "No witness" in run("witness", "list").stdout
    missing = run("witness", "add", "folder", str(tmp_path / "not-mounted"), code=2)
    assert "is not a folder" in missing.stderr
    run("witness", "add", "folder", str(usb))
    assert "already a witness" in run("witness", "add", "folder", str(usb), code=2).stderr
    assert "no witness 2" in run("witness", "remove", "2", code=2).stderr
    assert "Removed witness folder" in run("witness", "remove", "1").stdout
    assert json.loads(run("witness", "list", "--json").stdout) == []
    token = tmp_path / "token"
    token.write_text("not a token\n")
    refused = run("witness", "add", "archive", PARTNER_URL, "--token-file", str(token), code=2)
    assert "does not hold a Docket API token" in refused.stderr
    token.write_text("dkt_" + "x" * 43)
    plain = run(
        "witness", "add", "archive", "http://partner.example", "--token-file", str(token), code=2
    )
    assert "unencrypted" in plain.stderr


# -- another archive as witness ---------------------------------------------------------------


@pytest.fixture
def partner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Archive]:
    """A second archive, its web app reached in-process by the witness transport."""
    from docket.web import WebSettings, create_app

    home = tmp_path / "partner"
    created = Archive.create(
        Settings.from_env(home=home, database_url=f"sqlite:///{home / 'docket.sqlite3'}")
    )
    app = create_app(created, WebSettings(secure_cookies=False))
    monkeypatch.setattr(witness, "transport", asgi_transport(app))
    yield created
    created.close()


def asgi_transport(
    app: FastAPI,
) -> Callable[[str, str, dict[str, str], bytes | None], witness.Answer]:
    client = TestClient(app)

    def send(method: str, url: str, headers: dict[str, str], body: bytes | None) -> witness.Answer:
        assert url.startswith(PARTNER_URL)
        response = client.request(method, url, headers=headers, content=body)
        return witness.Answer(response.status_code, response.content)

    return send


def witness_token(archive: Archive, *scopes: str) -> str:
    from argon2 import PasswordHasher

    accounts = Accounts(
        archive.kernel, password_hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    user = accounts.by_name("sister-org") or accounts.add(
        "sister-org", "viewer", PASSWORD, actor="admin"
    )
    secret, _ = accounts.create_token(user.id, "witness", scopes, actor="admin")
    return secret


def test_archive_witness_makes_plain_verify_find_a_cut_off_chain(
    run: Run, documents: Path, settings: Settings, partner: Archive, tmp_path: Path
) -> None:
    token = witness_token(partner, "witness")
    token_file = tmp_path / "partner-token"
    token_file.write_text(token + "\n")
    run("init")
    added = run("witness", "add", "archive", PARTNER_URL, "--token-file", str(token_file))
    assert "holds checkpoint 1" in added.stdout
    _ingest_and_edit(run, documents)
    own = Archive.open(settings)
    own_id = own.archive_id
    own.close()
    held = sorted(int(p.stem) for p in (partner.settings.home / "witnessed" / own_id).glob("*.txt"))
    assert held[0] == 1 and len(held) >= 3
    assert "as witness 1 does" in run("verify").stdout

    _cut_off_last_edit(settings)
    assert "Intact" in run("verify", "--no-witness").stdout
    result = run("verify", code=1)
    assert "is gone (history truncated)" in result.stdout
    report = json.loads(run("verify", "--json", code=1).stdout)
    assert report["checked_against"][0]["where"] == f"archive {PARTNER_URL}"
    assert report["checked_against"][0]["seq"] == held[-1]

    # The token never shows: not in any output, and kept in a file only its owner reads.
    outputs = [
        added,
        run("witness", "list"),
        run("witness", "list", "--json"),
        run("witness", "send"),
        result,
    ]
    for output in outputs:
        assert token not in output.output
    config = settings.home / witnesses.CONFIG_FILE
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert token in config.read_text()
    assert stat.S_IMODE((settings.home / witnesses.STATUS_FILE).stat().st_mode) == 0o600
    assert token not in (settings.home / witnesses.STATUS_FILE).read_text()


def test_archive_witness_refusing_the_token_warns_without_failing(
    run: Run, documents: Path, partner: Archive, tmp_path: Path
) -> None:
    token = witness_token(partner, "read")  # the wrong scope
    token_file = tmp_path / "partner-token"
    token_file.write_text(token)
    run("init")
    added = run("witness", "add", "archive", PARTNER_URL, "--token-file", str(token_file))
    assert "lacks the 'witness' scope" in added.stderr
    result = run("ingest", str(documents / "statement.txt"))
    assert "1 new" in result.stderr
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert f"witness 1 (archive {PARTNER_URL})" in warning and "403" in warning
    assert token not in result.output
    assert not (partner.settings.home / "witnessed").exists()


def test_archive_witness_that_is_down_warns_without_failing(
    run: Run, documents: Path, tmp_path: Path
) -> None:
    """The real transport, to a port on this machine where nothing listens."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token_file = tmp_path / "partner-token"
    token_file.write_text("dkt_" + "t" * 43)
    run("init")
    run("witness", "add", "archive", f"http://127.0.0.1:{port}", "--token-file", str(token_file))
    result = run("ingest", str(documents / "statement.txt"))
    assert "1 new" in result.stderr
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert f"witness 1 (archive http://127.0.0.1:{port})" in warning
    assert "cannot reach it" in warning
    assert "t" * 43 not in result.output


def test_witness_folder_catches_history_rewritten_and_signed_again(
    run: Run, documents: Path, settings: Settings, usb: Path
) -> None:
    """Someone with the key and the database rewrites an entry and signs the head again: the
    witness keeps the first head for that entry beside the new one, and verify reports it."""
    from docket.evidence.custody import entry_hash

    run("init")
    run("witness", "add", "folder", str(usb))
    _ingest_and_edit(run, documents)
    archive = Archive.open(settings)
    try:
        with archive.kernel.engine.begin() as connection:
            rows = connection.execute(custody.select().order_by(custody.c.seq)).all()
            connection.execute(checkpoints.delete())
            previous = None
            for row in rows:
                values = row._asdict()
                if values["seq"] == 2:
                    values["actor"] = "someone else"
                if previous is not None:
                    values["prev_hash"] = previous
                values["hash"] = entry_hash(
                    values["seq"],
                    values["at"],
                    values["actor"],
                    values["action"],
                    values["subject"],
                    values["payload"],
                    values["prev_hash"],
                )
                connection.execute(custody.update().where(custody.c.seq == row.seq).values(values))
                previous = values["hash"]
            connection.execute(chain_head.update().values(hash=previous))
        warnings: list[str] = []
        checkpoint = archive.kernel.custody
        with writing(archive.kernel.engine) as connection:
            from docket.evidence import keys

            signed = checkpoint.checkpoint(
                connection, keys.load_private_key(settings.home / "keys")
            )
        assert signed is not None
        witness.deliver(settings.home, signed, archive.public_key, warn=warnings.append)
    finally:
        archive.close()
    assert len(warnings) == 1
    assert f"did not take checkpoint {signed.seq}" in warnings[0]
    assert "history was rewritten" in warnings[0]
    assert len(list(usb.glob(f"*/{signed.seq}-*.txt"))) == 1  # the new head, beside the first
    assert "Intact" in run("verify", "--no-witness").stdout
    assert "was rewritten since the outside checkpoint" in run("verify", code=1).stdout
