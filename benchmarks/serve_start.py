"""How long `docket serve` takes to answer its first search when the search index is empty.

    .venv/bin/python benchmarks/serve_start.py [--items 20000] [--workers N] [--runs 2]
                                              [--src PATH]

The archive is the one of benchmarks/large_archive.py (grown to ``--items`` items, kept in
benchmarks/.work or ``DOCKET_BENCH_WORK``). Before each run its search index folder is removed,
as after a restore that left it out; then `docket serve` is started (``python -m docket``, with
the code in ``--src``, by default this checkout's) and asked, as soon as it answers at all,
for one search (``GET /api/search?q=Atambaev``), then for the trivial ``GET /api/me`` 20
times, the floor, and 5 s later for a search of another word (the cost of a search once the
server has settled): figures are the time from the start of the command to the first answer of any
kind, to the search's answer, the search's own latency, and that latency as a ratio to the
floor's median. The server's stderr is kept and its lines about the search index are printed:
whether it caught up before serving, or its workers searched with the database's own index.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docket.archive import Archive
from docket.config import Settings
from large_archive import large_archive
from web import COOKIE, PASSWORD, USER, free_port

SEARCH = "/api/search?q=Atambaev"
# Asked once the server has settled, to tell the cost of a first search from that of start-up.
LATER_SEARCH = "/api/search?q=Japarov"
SETTLE_SECONDS = 5.0
START_SECONDS = 600.0


def prepare(items: int) -> tuple[Settings, str]:
    """The archive and a session of the benchmark user."""
    settings = large_archive(items)
    os.environ.setdefault("DOCKET_ACTOR", "bench")
    with Archive.open(settings) as archive:
        accounts = archive.accounts
        user = accounts.by_name(USER) or accounts.add(USER, "editor", PASSWORD, actor="bench")
        token, _ = accounts.start_session(user.id, second_factor_done=True)
    return settings, token


def _get(port: int, path: str, cookie: str) -> tuple[int, float]:
    """The status of ``path`` and its latency in seconds."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Cookie": f"{COOKIE}={cookie}"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def run_once(settings: Settings, cookie: str, src: Path, workers: int | None) -> dict[str, float]:
    shutil.rmtree(settings.home / "search-index", ignore_errors=True)
    port = free_port()
    command = [sys.executable, "-m", "docket", "serve", "--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "DOCKET_HOME": str(settings.home),
        "DOCKET_DATABASE_URL": settings.database_url,
    }
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        server = subprocess.Popen(command, env=env, stderr=stderr)
        try:
            deadline = time.monotonic() + START_SECONDS
            while True:
                try:
                    _get(port, "/login", cookie)
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.05)
            ready = time.perf_counter() - started
            status, latency = _get(port, SEARCH, cookie)
            answered = time.perf_counter() - started
            if status != 200:
                raise SystemExit(f"{SEARCH}: HTTP {status}")
            floor = statistics.median(_get(port, "/api/me", cookie)[1] for _ in range(20))
            time.sleep(SETTLE_SECONDS)
            _status, later = _get(port, LATER_SEARCH, cookie)
        finally:
            server.terminate()
            server.wait(timeout=60)
        stderr.seek(0)
        lines = stderr.read().decode("utf-8", "replace").splitlines()
    for line in lines:
        if "search index" in line:
            print(f"    server: {line.strip()[:160]}")
    return {
        "ready": ready,
        "answered": answered,
        "latency": latency,
        "floor": floor,
        "later": later,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--workers", type=int, help="default: docket serve's own")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument(
        "--src", type=Path, default=Path(__file__).parents[1] / "src", help="the code to serve"
    )
    args = parser.parse_args()
    settings, cookie = prepare(args.items)
    for number in range(args.runs):
        load = os.getloadavg()[0]
        print(f"run {number + 1}, {args.src}, load average {load:.1f}:")
        found = run_once(settings, cookie, args.src, args.workers)
        print(
            f"  first answer {found['ready']:.1f} s, search answered {found['answered']:.1f} s "
            f"after the start; its latency {found['latency'] * 1000:.0f} ms, "
            f"{found['latency'] / found['floor']:.0f}x the floor (/api/me median "
            f"{found['floor'] * 1000:.1f} ms); another word {SETTLE_SECONDS:g} s later "
            f"{found['later'] * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f} at the end"
        )


if __name__ == "__main__":
    main()
