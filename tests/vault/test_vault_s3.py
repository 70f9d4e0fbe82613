"""Backups to an S3-compatible store: moto's S3 server on a loopback port, with access keys
checked (an IAM user made while the server still lets anyone in), holds the repository.

backup → wipe → restore → verify on SQLite (plain and encrypted) and PostgreSQL; a second backup
sends only what changed; a damaged object in the bucket is found before anything is restored; a
snapshot of another archive is refused; bad credentials, a missing bucket and an unreachable
store are one line that leaves the archive and the bucket as they were; the credentials appear
in no output, custody entry, record file or archive file.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from typer.testing import CliRunner, Result

from docket.archive import Archive
from docket.cli.app import app
from docket.config import Settings
from docket.db.engine import reading
from docket.evidence.custody import Action
from docket.model.access import Viewer
from tests.conftest import new_database

pytestmark = pytest.mark.skipif(shutil.which("restic") is None, reason="restic is not installed")

SECRET = "Aizada Zzqxbekova"
BIG = 1 << 20
# Requests moto answers before it starts checking access keys: the ones that make the user.
SETUP_REQUESTS = 3
ALLOW_ALL = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)


@dataclass(frozen=True)
class Store:
    endpoint: str
    access_key: str
    secret_key: str

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )

    def env(self) -> dict[str, str | None]:
        return {
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_SESSION_TOKEN": None,
            "AWS_DEFAULT_REGION": None,
            "AWS_PROFILE": None,
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """moto's S3 server, checking signatures once its first requests have made a user."""
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            env={**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": str(SETUP_REQUESTS)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "moto did not start"
            time.sleep(0.1)
        iam = boto3.client(
            "iam",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="setup",
            aws_secret_access_key="setup",
        )
        iam.create_user(UserName="docket")
        iam.put_user_policy(UserName="docket", PolicyName="all", PolicyDocument=ALLOW_ALL)
        key = iam.create_access_key(UserName="docket")["AccessKey"]
        yield Store(endpoint, key["AccessKeyId"], key["SecretAccessKey"])
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def bucket(store: Store) -> str:
    name = f"docket-{uuid.uuid4().hex[:12]}"
    store.client().create_bucket(Bucket=name)
    return name


def _docket(env: dict[str, str | None], *args: str, code: int | None = 0) -> Result:
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def _archive(
    tmp_path: Path, store: Store, at_rest: str, database_url: str | None = None
) -> dict[str, str | None]:
    env: dict[str, str | None] = {
        **store.env(),
        "DOCKET_HOME": str(tmp_path / "archive"),
        "DOCKET_ACTOR": "tester",
        "DOCKET_BACKUP_PASSPHRASE": "backup password kept apart",
        "DOCKET_KEY": None,
    }
    if database_url:
        env["DOCKET_DATABASE_URL"] = database_url
    if at_rest == "encrypted":
        env["DOCKET_KEY"] = base64.b64encode(os.urandom(32)).decode()
        _docket(env, "init", "--encrypt")
    else:
        _docket(env, "init")
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for n in range(3):
        (incoming / f"statement-{n}.txt").write_text(f"{SECRET} statement {n}.", encoding="utf-8")
    # Incompressible and large beside everything else: a second backup that sent it again
    # would show.
    (incoming / "photo.bin").write_bytes(os.urandom(BIG))
    _docket(env, "ingest", str(incoming))
    return env


def _settings(env: dict[str, str | None]) -> Settings:
    home = Path(str(env["DOCKET_HOME"]))
    settings = Settings.from_env(home=home)
    url = env.get("DOCKET_DATABASE_URL") or settings.database_url
    return Settings(home, url, key_text=env.get("DOCKET_KEY"))


def _custody(env: dict[str, str | None]) -> list[tuple[str, str]]:
    with Archive.open(_settings(env)) as archive, reading(archive.kernel.engine) as connection:
        return [
            (entry.action, json.dumps(entry.data))
            for entry in archive.kernel.custody.entries(connection)
        ]


def _objects(store: Store, bucket: str, prefix: str = "") -> dict[str, int]:
    listed: dict[str, int] = {}
    for page in (
        store.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    ):
        listed.update({entry["Key"]: int(entry["Size"]) for entry in page.get("Contents", [])})
    return listed


def _files(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in home.rglob("*") if p.is_file()}


def _snapshot_id(made: Result) -> str:
    return made.stdout.split()[1]


def _shows_no_credentials(store: Store, *texts: str | bytes) -> None:
    for secret in (store.access_key, store.secret_key):
        for text in texts:
            data = text if isinstance(text, bytes) else text.encode()
            assert secret.encode() not in data


@pytest.mark.parametrize(
    ("engine", "at_rest"),
    [
        ("sqlite", "plain"),
        ("sqlite", "encrypted"),
        pytest.param("postgresql", "plain", marks=pytest.mark.postgres),
    ],
)
def test_backup_to_s3_wipe_restore_verify(
    tmp_path: Path, store: Store, bucket: str, engine: str, at_rest: str
) -> None:
    with new_database(engine, tmp_path) as url:
        env = _archive(tmp_path, store, at_rest, url if engine == "postgresql" else None)
        repository = f"s3:{store.endpoint}/{bucket}/ngo/archive"
        outputs: list[str] = []
        first = _docket(env, "backup", repository, "--reason", "weekly")
        outputs += [first.stdout, first.stderr]
        assert repository in first.stdout
        sent_first = sum(_objects(store, bucket, "ngo/archive/data/").values())
        assert sent_first > BIG
        _docket(env, "ingest", str(tmp_path / "incoming" / "statement-0.txt"))
        second = _docket(env, "backup", repository)
        outputs += [second.stdout, second.stderr]
        sent_second = sum(_objects(store, bucket, "ngo/archive/data/").values()) - sent_first
        # Deduplicated: the photo (1 MiB of random bytes) is not sent again.
        assert 0 < sent_second < BIG // 2
        listed = _docket(env, "backups", repository)
        outputs += [listed.stdout, listed.stderr]
        assert [line.split()[0] for line in listed.stdout.splitlines()] == [
            _snapshot_id(first),
            _snapshot_id(second),
        ]
        objects = _objects(store, bucket)
        # restic's repository and Docket's record lie under the prefix, nothing beside it.
        assert {"ngo/archive/config", "ngo/archive/docket-backup.json"} <= set(objects)
        assert all(key.startswith("ngo/archive/") for key in objects)
        client = store.client()
        stored = b"".join(
            client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in objects
        )
        assert SECRET.encode() not in stored
        record = client.get_object(Bucket=bucket, Key="ngo/archive/docket-backup.json")
        record_text = record["Body"].read().decode()
        custody = _custody(env)
        backed_up = [data for action, data in custody if action == Action.BACKED_UP]
        assert len(backed_up) == 2
        assert all(json.loads(data)["repository"] == repository for data in backed_up)
        archive_files = b"".join(_files(tmp_path / "archive").values())
        _shows_no_credentials(
            store, *outputs, record_text, *(data for _, data in custody), archive_files
        )

    shutil.rmtree(tmp_path / "archive")
    with new_database(engine, tmp_path) as fresh:
        restored = tmp_path / "new-laptop"
        restoring = {**env, "DOCKET_DATABASE_URL": fresh if engine == "postgresql" else None}
        snapshot = _snapshot_id(second)
        done = _docket(restoring, "restore", snapshot, str(restored), "--from", repository)
        assert f"Restored snapshot {snapshot}" in done.stdout
        assert "verified intact against custody head" in done.stdout
        on_restored = {**restoring, "DOCKET_HOME": str(restored)}
        assert "statement-1.txt" in _docket(on_restored, "search", "Zzqxbekova").stdout
        assert "Intact" in _docket(on_restored, "verify").stdout
        restored_custody = _custody(on_restored)
        assert restored_custody[-1][0] == Action.RESTORED
        _shows_no_credentials(
            store,
            done.stdout,
            done.stderr,
            *(data for _, data in restored_custody),
            b"".join(_files(restored).values()),
        )


def test_a_damaged_object_in_the_bucket_is_found_before_anything_is_restored(
    tmp_path: Path, store: Store, bucket: str
) -> None:
    env = _archive(tmp_path, store, "plain")
    repository = f"s3:{store.endpoint}/{bucket}/backups"
    snapshot = _snapshot_id(_docket(env, "backup", repository))
    packs = _objects(store, bucket, "backups/data/")
    damaged = max(packs, key=lambda key: packs[key])
    client = store.client()
    content = bytearray(client.get_object(Bucket=bucket, Key=damaged)["Body"].read())
    content[len(content) // 2] ^= 0xFF
    client.put_object(Bucket=bucket, Key=damaged, Body=bytes(content))
    target = tmp_path / "restored"
    answer = _docket(env, "restore", snapshot, str(target), "--from", repository, code=2)
    assert "is damaged (restic check --read-data" in answer.stderr
    assert len(answer.stderr.strip().splitlines()) == 1
    assert not target.exists()
    assert not target.with_name("restored.restoring").exists()


def test_a_snapshot_of_another_archive_is_refused(
    tmp_path: Path, store: Store, bucket: str
) -> None:
    env = _archive(tmp_path, store, "plain")
    repository = f"s3:{store.endpoint}/{bucket}/backups"
    snapshot = _snapshot_id(_docket(env, "backup", repository))
    before = _objects(store, bucket)

    other = {**env, "DOCKET_HOME": str(tmp_path / "other")}
    _docket(other, "init")
    refused = _docket(other, "backup", repository, code=2)
    assert "holds the backups of archive" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert _objects(store, bucket) == before
    assert not any(action == Action.BACKED_UP for action, _ in _custody(other))

    with Archive.open(_settings(other)) as archive:
        other_id = archive.archive_id
    target = tmp_path / "restored"
    wrong = _docket(
        other, "restore", snapshot, str(target), "--from", repository, "--archive", other_id,
        code=2,
    )  # fmt: skip
    assert f"not of archive {other_id}" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1
    assert not target.exists()


def test_bad_credentials_a_missing_bucket_or_store_are_one_line_and_change_nothing(
    tmp_path: Path, store: Store, bucket: str
) -> None:
    env = _archive(tmp_path, store, "plain")
    repository = f"s3:{store.endpoint}/{bucket}/backups"
    # A failed attempt may leave the lock of a backup under way, which nothing reads.
    _docket({**env, "AWS_SECRET_ACCESS_KEY": None}, "backup", repository, code=2)
    home = tmp_path / "archive"
    files, custody, objects = _files(home), _custody(env), _objects(store, bucket)
    unreachable = f"s3:http://127.0.0.1:{_free_port()}/{bucket}/backups"
    cases = {
        "AWS_ACCESS_KEY_ID is not set": ({"AWS_ACCESS_KEY_ID": None}, repository),
        "AWS_SECRET_ACCESS_KEY is not set": ({"AWS_SECRET_ACCESS_KEY": None}, repository),
        "does not know the access key in AWS_ACCESS_KEY_ID": (
            {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE"},
            repository,
        ),
        "AWS_SECRET_ACCESS_KEY is not the secret of the access key": (
            {"AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
            repository,
        ),
        "there is no bucket 'docket-nowhere'": ({}, f"s3:{store.endpoint}/docket-nowhere/b"),
        f"cannot reach the S3 store at {unreachable[3:].rsplit('/', 2)[0]}": ({}, unreachable),
        "an S3 destination holds no credentials": (
            {},
            f"s3:http://{store.access_key}:{store.secret_key}@127.0.0.1/{bucket}",
        ),
        "is not an S3 bucket name": ({}, f"s3:{store.endpoint}/No_Such"),
        # Brackets in a message are text, not terminal markup.
        "write it as s3:https://host[:port]/bucket[/prefix]": ({}, f"s3:{store.endpoint}"),
        "is not a folder in a bucket": ({}, f"s3:{store.endpoint}/{bucket}/a/../b"),
    }
    for message, (changes, destination) in cases.items():
        for command in (
            ("backup", destination),
            ("backups", destination),
            ("restore", "deadbeef", str(tmp_path / "restored"), "--from", destination),
        ):
            answer = _docket({**env, **changes}, *command, code=2)
            assert message in answer.stderr, (command, answer.stderr)
            assert len(answer.stderr.strip().splitlines()) == 1, answer.stderr
            _shows_no_credentials(store, answer.stdout, answer.stderr)
    assert _files(home) == files
    assert _custody(env) == custody
    assert _objects(store, bucket) == objects
    assert not (tmp_path / "restored").exists()


def test_a_scheduled_backup_goes_to_s3_with_the_servers_credentials(
    tmp_path: Path, store: Store, bucket: str
) -> None:
    env = _archive(tmp_path, store, "plain")
    repository = f"s3:{store.endpoint}/{bucket}/scheduled"
    with Archive.open(_settings(env)) as archive:
        admin = archive.as_viewer(Viewer.owner("admin"))
        admin.set_backup_plan(repository, "daily", password_env="DOCKET_BACKUP_PASSPHRASE")
    made = _docket(env, "backup", "--scheduled")
    assert made.stdout.startswith("Snapshot ") and repository in made.stdout
    assert "scheduled/config" in _objects(store, bucket)
    custody = _custody(env)
    plan_set = [data for action, data in custody if action == Action.BACKUP_PLAN_SET]
    assert json.loads(plan_set[0])["target"] == repository
    _shows_no_credentials(store, made.stdout, *(data for _, data in custody))
