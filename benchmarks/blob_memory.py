"""Peak memory of sealing and unsealing one large blob, against hashing the same file.

    .venv/bin/python benchmarks/blob_memory.py [--mib 1024]

Each measure runs in a fresh process of its own, which reports its peak resident set size
(``getrusage``) and the peak of Python's own allocations (``tracemalloc``). The floor is a process
that imports the blob store and hashes the file in 1 MiB pieces: what any reading of the file
costs. The other rows store the file in a plain and in a sealed blob store, then read the sealed
blob back through the streaming reader (as a download does) and re-hash it (as ``verify`` does).
Plaintext kept for format readers (``keep_plain``) is not in these rows: it is a file on a
RAM-backed file system, as large as the original (docs/security.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = r"""
import hashlib, json, os, resource, sys, time, tracemalloc
from pathlib import Path
from docket.evidence.blobs import CHUNK, BlobStore
from docket.vault.keyring import ArchiveKeys

action, source, root = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
keys = ArchiveKeys(bytes(range(32)))
tracemalloc.start()
started = time.perf_counter()
if action == "hash":
    digest = hashlib.sha256()
    with open(source, "rb") as stream:
        while piece := stream.read(CHUNK):
            digest.update(piece)
    result = digest.hexdigest()
elif action == "store plain":
    store = BlobStore(root)
    store.create()
    result = store.put_file(source).sha256
elif action == "seal":
    store = BlobStore(root, keys)
    store.create()
    result = store.put_file(source).sha256
elif action == "unseal and stream":
    digest = hashlib.sha256()
    with BlobStore(root, keys).open(sys.argv[4]) as stream:
        while piece := stream.read(64 * 1024):
            digest.update(piece)
    result = digest.hexdigest()
else:
    result = BlobStore(root, keys).rehash(sys.argv[4])[0]
seconds = time.perf_counter() - started
print(json.dumps({
    "result": result,
    "seconds": seconds,
    "rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "python_peak": tracemalloc.get_traced_memory()[1],
}))
"""


def _measure(action: str, source: Path, root: Path, sha256: str = "") -> dict[str, float | str]:
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    finished = subprocess.run(
        [sys.executable, "-c", _CHILD, action, str(source), str(root), sha256],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    row: dict[str, float | str] = json.loads(finished.stdout)
    return row


def _make(path: Path, mib: int) -> None:
    with open(path, "wb") as file:
        for _ in range(mib):
            file.write(os.urandom(1 << 20))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mib", type=int, default=1024, help="size of the file, in MiB")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent) as work:
        folder = Path(work)
        source = folder / "large.bin"
        started = time.perf_counter()
        _make(source, options.mib)
        print(f"{options.mib} MiB of random bytes written in {time.perf_counter() - started:.1f} s")
        floor = _measure("hash", source, folder / "unused")
        sha256 = str(floor["result"])
        rows = [("hash the file (floor)", floor)]
        rows.append(("store in a plain store", _measure("store plain", source, folder / "plain")))
        rows.append(("seal into an encrypted store", _measure("seal", source, folder / "sealed")))
        for action in ("unseal and stream", "unseal and re-hash"):
            rows.append((action, _measure(action, source, folder / "sealed", sha256)))
        for name, row in rows:
            assert row["result"] == sha256, f"{name} gave another SHA-256"
        print()
        print("| step | time | peak RSS | ratio to floor | Python's peak allocations |")
        print("|---|---|---|---|---|")
        floor_rss = float(floor["rss_kib"])
        for name, row in rows:
            rss = float(row["rss_kib"])
            print(
                f"| {name} | {float(row['seconds']):.1f} s | {rss / 1024:.0f} MiB | "
                f"{rss / floor_rss:.2f}× | {float(row['python_peak']) / (1 << 20):.1f} MiB |"
            )


if __name__ == "__main__":
    main()
