"""Time and peak memory of ``docket verify`` as the archive grows.

    .venv/bin/python benchmarks/verify.py [--sizes 10000 100000] [--records-per-item 0.2]

The archive is grown by real ingests of small text items (benchmarks/large_archive.py), then
given records (one per five items by default: places, persons whose names cite an item, groups
and acts referring to them, as benchmarks/records.py makes them) by a real import, and at each
size ``docket verify`` runs as its own process. The floor is hashing every stored blob in the
same run; memory is the verify process's peak resident set size.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil

from docket.archive import Archive
from docket.config import Settings
from docket.model.access import Viewer
from large_archive import large_archive
from records import documents


def with_records(settings: Settings, wanted: int) -> int:
    """Import records until the archive holds ``wanted``; how many it holds."""
    archive = Archive.open(settings)
    try:
        have = archive.verify_totals()["records"]
        if have >= wanted:
            return have
        items = len(list(archive.as_viewer(Viewer.owner("bench")).items.ids()))
        batch = documents(wanted - have)
        for n, document in enumerate(batch):
            if document["type"] == "person":
                name = document["fields"]["name"]
                cited = {"item": 1 + n % items, "start": 0, "end": 12}
                name[0] = {"value": name[0], "citations": [cited]}
        started = time.perf_counter()
        archive.as_viewer(Viewer.owner("bench")).records.import_documents(batch)
        print(f"  imported {len(batch):,} records in {time.perf_counter() - started:.0f} s")
        return wanted
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
    """Wall time, peak RSS in KiB (polled: rusage would count the parent's pages copied at fork)
    and output of ``docket verify``."""
    started = time.perf_counter()
    process = psutil.Popen(
        [sys.executable, "-m", "docket", "verify"], env=env, stdout=subprocess.PIPE, text=True
    )
    peak = 0
    while process.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, process.memory_info().rss)
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    output = process.stdout.read() if process.stdout else ""
    if process.returncode != 0:
        raise SystemExit(f"verify failed: {output}")
    return elapsed, peak // 1024, output.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--records-per-item", type=float, default=0.2)
    args = parser.parse_args()
    rows = []
    for size in sorted(args.sizes):
        settings = large_archive(size)
        held = with_records(settings, int(size * args.records_per_item))
        env = {
            **os.environ,
            "DOCKET_HOME": str(settings.home),
            "DOCKET_DATABASE_URL": settings.database_url,
        }
        floor = hash_floor(settings.home / "blobs")
        elapsed, peak_kib, output = run_verify(env)
        rows.append((size, elapsed, floor, peak_kib))
        print(
            f"{size:>8,} items, {held:,} records: verify {elapsed:.1f} s | "
            f"hash-only floor {floor:.1f} s | "
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
