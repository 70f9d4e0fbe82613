"""The cost of encryption at rest, and of backups, as ratios measured in the same run.

    .venv/bin/python benchmarks/encryption.py [--texts 2000] [--pdfs 100] [--large-mib 64]
        [--rounds 3]

Two archives, one plain and one encrypted (unlocked by a key, so argon2id's deliberate second is
not counted), receive the same files through ``docket ingest``, answer the same searches and run
``docket verify`` as their own processes. Large files show the streaming cipher itself: a few
files of ``--large-mib`` MiB of random bytes. Backup: ``docket backup`` (consistent database
copy, checkpoint, custody entry, restic) against ``restic backup`` alone on the same folder, each
into a new repository. Each measure is given as wall-clock time and as CPU time (this process
and the processes it waited for): on the shared two-core machine the CPU time is the steadier
measure of what encryption costs.
"""

from __future__ import annotations

import argparse
import base64
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from corpus import pdf_documents, text_documents
from docket.archive import Archive
from docket.config import Settings
from docket.model.access import Viewer
from timing import percentiles, seconds

QUERIES = ["Атамбаев", "Atambayev", "Junushaliev", '"border agreement"', "Жапаров", "Atamb*"]
DOCKET = [sys.executable, "-m", "docket"]


def _run(env: dict[str, str], *args: str) -> None:
    subprocess.run([*DOCKET, *args], env=env, check=True, capture_output=True)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _cost(action: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock seconds, and CPU seconds of this process and the processes it waited for: on a
    shared machine the second says what the work costs, the first what it took this time."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = time.process_time()
    wall = seconds(action)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime) + (
        time.process_time() - own
    )
    return wall, cpu


def _measure(home: Path, mode: str, corpus: Path, key: str, repeat: int) -> dict[str, float]:
    env = {**os.environ, "DOCKET_HOME": str(home), "DOCKET_ACTOR": "bench"}
    if mode == "encrypted":
        env["DOCKET_KEY"] = key
        _run(env, "init", "--encrypt")
    else:
        _run(env, "init")
    row: dict[str, float] = {}

    def record(name: str, action: Callable[[], object]) -> None:
        row[f"{name} s"], row[f"{name} cpu s"] = _cost(action)

    for part in ("texts", "pdfs", "large"):
        record(f"ingest {part}", lambda p=part: _run(env, "ingest", str(corpus / p)))
    settings = Settings.from_env(home=home, database_url=f"sqlite:///{home}/docket.sqlite3")
    if mode == "encrypted":
        settings = Settings(settings.home, settings.database_url, key_text=key)
    with Archive.open(settings) as archive:
        door = archive.as_viewer(Viewer.owner())
        walls: list[float] = []
        cpus: list[float] = []
        for query in QUERIES:
            door.items.search(query)
            for _ in range(repeat):
                wall, cpu = _cost(lambda q=query, d=door: d.items.search(q, limit=20))
                walls.append(wall)
                cpus.append(cpu)
        row["search p50 ms"], row["search p95 ms"] = percentiles(walls)
        row["search cpu p50 ms"], _ = percentiles(cpus)
    record("verify", lambda: _run(env, "verify", "--no-witness"))
    row["archive MiB"] = _size(home) / (1 << 20)
    repository = home.with_name(home.name + "-docket-backup")
    backup_env = {**env, "DOCKET_BACKUP_PASSPHRASE": "bench backup password"}
    record("docket backup", lambda: _run(backup_env, "backup", str(repository)))
    alone = home.with_name(home.name + "-restic-alone")
    restic_env = {**os.environ, "RESTIC_PASSWORD": "bench", "RESTIC_REPOSITORY": str(alone)}
    # Both make their repository: `docket backup` runs `restic init` on a new one too.
    record(
        "restic alone",
        lambda: [
            subprocess.run(command, env=restic_env, check=True, capture_output=True)
            for command in (["restic", "init"], ["restic", "--no-cache", "backup", str(home)])
        ],
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--pdfs", type=int, default=100)
    parser.add_argument("--large-mib", type=int, default=64)
    parser.add_argument("--large-files", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="docket-bench-encryption-"))
    try:
        corpus = work / "corpus"
        text_documents(corpus / "texts", args.texts)
        pdf_documents(corpus / "pdfs", args.pdfs)
        large = corpus / "large"
        large.mkdir()
        for n in range(args.large_files):
            (large / f"large-{n}.bin").write_bytes(os.urandom(args.large_mib << 20))
        key = base64.b64encode(os.urandom(32)).decode()
        # A first ingest of each kind, not timed: the readers' imports and caches warm up.
        warm = work / "warm"
        text_documents(warm / "texts", 5)
        pdf_documents(warm / "pdfs", 5)
        warm_env = {**os.environ, "DOCKET_HOME": str(work / "warm-archive"), "DOCKET_KEY": key}
        _run(warm_env, "init", "--encrypt")
        _run(warm_env, "ingest", str(warm))
        results: dict[str, dict[str, float]] = {"plain": {}, "encrypted": {}}
        # Rounds alternate which archive goes first; each figure is the best of its rounds, as
        # the machine is shared and one run can be twice as slow as the next.
        for round_number in range(args.rounds):
            order = ("plain", "encrypted") if round_number % 2 == 0 else ("encrypted", "plain")
            for mode in order:
                home = work / f"{mode}-{round_number}"
                row = _measure(home, mode, corpus, key, args.repeat)
                for folder in work.glob(f"{home.name}*"):
                    shutil.rmtree(folder)
                for name, value in row.items():
                    best = results[mode].get(name)
                    results[mode][name] = value if best is None else min(best, value)
        plain, encrypted = results["plain"], results["encrypted"]
        print(f"{'measure':<22} {'plain':>10} {'encrypted':>10} {'ratio':>7}")
        for name in plain:
            ratio = encrypted[name] / plain[name] if plain[name] else float("nan")
            print(f"{name:<22} {plain[name]:>10.2f} {encrypted[name]:>10.2f} {ratio:>6.2f}x")
        for mode, row in results.items():
            mib = row["archive MiB"]
            print(
                f"backup of the {mode} archive ({mib:.0f} MiB): docket backup "
                f"{mib / row['docket backup s']:.0f} MiB/s, restic alone "
                f"{mib / row['restic alone s']:.0f} MiB/s "
                f"({row['docket backup s'] / row['restic alone s']:.2f}x)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
