"""Time and peak memory of ``docket verify`` as the archive grows.

    .venv/bin/python benchmarks/verify.py [--sizes 10000 100000]

The archive is grown by real ingests of small text items (kept in benchmarks/.work between runs),
and at each size ``docket verify`` runs as its own process. The floor is hashing every stored
blob in the same run; memory is the verify process's peak resident set size.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from corpus import text_documents

from docket.archive import Archive
from docket.config import Settings
from docket.ingest.provenance import Provenance

WORK = Path(__file__).parent / ".work" / "verify"


def grow(settings: Settings, target: int) -> None:
    if not settings.home.exists():
        Archive.create(settings).close()
    archive = Archive.open(settings)
    try:
        have = len(list(archive.item_ids()))
        if have >= target:
            return
        batch = WORK / f"docs-{have}-{target}"
        text_documents(batch, target - have, seed=have)
        started = time.perf_counter()
        for result in archive.ingest([batch], Provenance()):
            if result.status == "error":
                raise SystemExit(f"{result.path}: {result.error}")
        rate = (target - have) / (time.perf_counter() - started)
        print(f"  grew the archive to {target:,} items ({rate:.0f} items/s)")
    finally:
        archive.close()


def hash_floor(blobs: Path) -> float:
    started = time.perf_counter()
    for directory, _, files in os.walk(blobs):
        for name in files:
            with open(Path(directory) / name, "rb") as stream:
                hashlib.file_digest(stream, "sha256")
    return time.perf_counter() - started


def run_verify(env: dict[str, str]) -> tuple[float, int, str]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "docket", "verify"], env=env, stdout=subprocess.PIPE, text=True
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    output = process.stdout.read() if process.stdout else ""
    if status != 0:
        raise SystemExit(f"verify failed: {output}")
    return elapsed, usage.ru_maxrss, output.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    home = WORK / "archive"
    settings = Settings.from_env(home=home, database_url=f"sqlite:///{home}/docket.sqlite3")
    env = {**os.environ, "DOCKET_HOME": str(home), "DOCKET_DATABASE_URL": settings.database_url}
    rows = []
    for size in sorted(args.sizes):
        grow(settings, size)
        floor = hash_floor(home / "blobs")
        elapsed, peak_kib, output = run_verify(env)
        rows.append((size, elapsed, floor, peak_kib))
        print(
            f"{size:>8,} items: verify {elapsed:.1f} s | hash-only floor {floor:.1f} s | "
            f"ratio {elapsed / floor:.1f}x | peak RSS {peak_kib / 1024:.0f} MiB | {output}"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(
            f"memory at {last[0]:,} vs {first[0]:,} items: {last[3] / first[3]:.2f}x "
            f"(items grew {last[0] / first[0]:.0f}x)"
        )


if __name__ == "__main__":
    main()
