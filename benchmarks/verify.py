"""Time and peak memory of ``docket verify`` as the archive grows.

    .venv/bin/python benchmarks/verify.py [--sizes 10000 100000]

The archive is grown by real ingests of small text items (benchmarks/large_archive.py), and at
each size ``docket verify`` runs as its own process. The floor is hashing every stored
blob in the same run; memory is the verify process's peak resident set size.
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

from large_archive import large_archive


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
    args = parser.parse_args()
    rows = []
    for size in sorted(args.sizes):
        settings = large_archive(size)
        env = {
            **os.environ,
            "DOCKET_HOME": str(settings.home),
            "DOCKET_DATABASE_URL": settings.database_url,
        }
        floor = hash_floor(settings.home / "blobs")
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
