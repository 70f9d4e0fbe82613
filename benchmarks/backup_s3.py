"""Backups to an S3-compatible store: ``docket backup s3:...`` against ``restic backup`` alone
into the same store, on the same archive folder.

    .venv/bin/python benchmarks/backup_s3.py [--texts 1000] [--large-mib 32] [--large-files 2]
        [--rounds 3]

moto's S3 server runs on a loopback port (the dev dependency ``moto[server]``); the store is in
its memory, so the figures say what Docket adds to restic (a consistent copy of the database,
the record of whose backups the bucket holds, a custody entry and checkpoint), not what a real
network costs. Each round makes a first backup into a new prefix and a second one after a small
ingest (incremental), by both; each figure is the best of its rounds, as the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3

from corpus import text_documents
from timing import seconds

DOCKET = [sys.executable, "-m", "docket"]
BUCKET = "docket-bench"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench-secret"}


def _run(env: dict[str, str], *command: str) -> None:
    subprocess.run(list(command), env=env, check=True, capture_output=True)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@contextmanager
def _moto() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("moto's S3 server did not start")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _client(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def _empty(client: Any, prefix: str) -> None:
    """Drop a repository from moto's memory once measured."""
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        keys = [{"Key": entry["Key"]} for entry in page.get("Contents", [])]
        if keys:
            client.delete_objects(Bucket=BUCKET, Delete={"Objects": keys})


def _round(
    endpoint: str, home: Path, env: dict[str, str], more: list[Path], number: int
) -> dict[str, float]:
    client = _client(endpoint)
    docket_repository = f"s3:{endpoint}/{BUCKET}/docket-{number}"
    alone_repository = f"s3:{endpoint}/{BUCKET}/alone-{number}"
    alone = {**env, "RESTIC_PASSWORD": "bench", "RESTIC_REPOSITORY": alone_repository}

    def backup() -> None:
        _run(env, *DOCKET, "backup", docket_repository)

    row: dict[str, float] = {}
    # Both make their repository: `docket backup` runs `restic init` on a new one too.
    row["docket first s"] = seconds(backup)
    row["restic first s"] = seconds(
        lambda: [
            _run(alone, "restic", "init"),
            _run(alone, "restic", "--no-cache", "backup", str(home)),
        ]
    )
    _run(env, *DOCKET, "ingest", str(more[number]))
    row["docket second s"] = seconds(backup)
    row["restic second s"] = seconds(
        lambda: _run(alone, "restic", "--no-cache", "backup", str(home))
    )
    _empty(client, f"docket-{number}/")
    _empty(client, f"alone-{number}/")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--large-mib", type=int, default=32)
    parser.add_argument("--large-files", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("restic") is None:
        raise SystemExit("restic is not installed (scripts/system-packages.sh)")
    work = Path(tempfile.mkdtemp(prefix="docket-bench-s3-"))
    try:
        corpus = work / "corpus"
        text_documents(corpus / "texts", args.texts)
        large = corpus / "large"
        large.mkdir()
        for n in range(args.large_files):
            (large / f"large-{n}.bin").write_bytes(os.urandom(args.large_mib << 20))
        more = []
        for n in range(args.rounds):
            extra = work / f"more-{n}"
            extra.mkdir()
            (extra / f"statement-{n}.txt").write_text(f"A new statement {n}.", encoding="utf-8")
            more.append(extra)
        home = work / "archive"
        env = {
            **os.environ,
            **CREDENTIALS,
            "DOCKET_HOME": str(home),
            "DOCKET_ACTOR": "bench",
            "DOCKET_BACKUP_PASSPHRASE": "bench backup password",
        }
        _run(env, *DOCKET, "init")
        _run(env, *DOCKET, "ingest", str(corpus))
        mib = _size(home) / (1 << 20)
        best: dict[str, float] = {}
        with _moto() as endpoint:
            _client(endpoint).create_bucket(Bucket=BUCKET)
            for number in range(args.rounds):
                for name, value in _round(endpoint, home, env, more, number).items():
                    best[name] = min(best.get(name, value), value)
        print(
            f"archive: {mib:.0f} MiB ({args.texts} texts, {args.large_files} x "
            f"{args.large_mib} MiB); best of {args.rounds} rounds"
        )
        for kind in ("first", "second"):
            docket, alone = best[f"docket {kind} s"], best[f"restic {kind} s"]
            print(
                f"{kind} backup to moto S3: docket backup {docket:.2f} s "
                f"({mib / docket:.0f} MiB/s), restic alone {alone:.2f} s "
                f"({mib / alone:.0f} MiB/s), ratio {docket / alone:.2f}x"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
