"""Search at a million items: index build time, query latency and the memory of ``docket serve``.

    .venv/bin/python benchmarks/million.py [--copies 10] [--repeat 20] [--requests 200]

Ingesting a million files one by one takes hours, so the million items are made in bulk: the
100,000-item archive of benchmarks/large_archive.py is copied (its blobs hard-linked) and its
items, their working copies and their ``item_fts`` key streams are inserted ``--copies - 1``
more times by SQL, each copy under new item ids. The copy is an archive for measuring search
only: its chain of custody still describes the first 100,000 items (``docket verify`` would
report the others), and every report appears ``--copies`` times, so each word is found in
``--copies`` times as many items, with the same proportions.

Measured: ``docket reindex`` (the Tantivy index built from the database), in process the bare
ranking and the search page (``items.search_page``: hits, rows, snippets, every facet), then
``docket serve`` as its own process, one client with keep-alive, ``GET /api/me`` and
``GET /api/search`` for frequent words, and the server's resident memory (polled during the run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import psutil

sys.path.insert(0, str(Path(__file__).parent))

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import reading
from docket.model.access import Viewer
from docket.search import raw_query
from docket.search.tantivy_host import attached
from large_archive import WORK, large_archive
from search import FREQUENT, QUERIES, session
from timing import percentiles, seconds
from web import free_port, load, serve

BASE_ITEMS = 100_000


def replicated(base: Settings, copies: int) -> Settings:
    """``base`` copied into WORK/million with its items inserted ``copies`` times in all."""
    home = WORK / f"million-{copies}"
    settings = replace(base, home=home, database_url=f"sqlite:///{home}/docket.sqlite3")
    if (home / "docket.sqlite3").exists():
        return settings
    partial = WORK / f"million-{copies}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    started = time.perf_counter()
    shutil.copytree(base.home, partial, ignore=_database_and_blobs)
    # Blobs are never written in place, so the copies can share them.
    shutil.copytree(base.home / "blobs", partial / "blobs", copy_function=os.link)
    with (
        sqlite3.connect(base.home / "docket.sqlite3") as source,
        sqlite3.connect(partial / "docket.sqlite3") as database,
    ):
        source.backup(database)
        _multiply(database, copies)
    partial.rename(home)
    print(f"  made {copies:,} copies of the items by SQL in {time.perf_counter() - started:.0f} s")
    return settings


def _database_and_blobs(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name.startswith("docket.sqlite3") or name == "blobs"]


def _multiply(database: sqlite3.Connection, copies: int) -> None:
    last_item = int(database.execute("SELECT max(id) FROM items").fetchone()[0])
    last_rendition = int(database.execute("SELECT max(id) FROM renditions").fetchone()[0])
    item_columns = [row[1] for row in database.execute("PRAGMA table_info(items)")]
    rendition_columns = [row[1] for row in database.execute("PRAGMA table_info(renditions)")]
    shifted_item = {
        "id": "id + :shift",
        # The original's hash is unique per item; the copies' originals are not read here.
        "sha256": "substr(sha256, 1, 56) || printf('%08x', :copy)",
        "parent_id": "parent_id + :shift",
        "translation_of": "translation_of + :shift",
    }
    shifted_rendition = {"id": "id + :rendition_shift", "item_id": "item_id + :shift"}
    items_sql = (
        f"INSERT INTO items ({', '.join(item_columns)}) SELECT "
        f"{', '.join(shifted_item.get(c, c) for c in item_columns)} FROM items WHERE id <= :last"
    )
    renditions_sql = (
        f"INSERT INTO renditions ({', '.join(rendition_columns)}) SELECT "
        f"{', '.join(shifted_rendition.get(c, c) for c in rendition_columns)} "
        "FROM renditions WHERE item_id <= :last"
    )
    fts_sql = (
        "INSERT INTO item_fts (rowid, title, body, meta) "
        "SELECT rowid + :shift, title, body, meta FROM item_fts WHERE rowid <= :last"
    )
    for copy in range(1, copies):
        parameters = {
            "shift": copy * last_item,
            "rendition_shift": copy * last_rendition,
            "copy": copy,
            "last": last_item,
        }
        for sql in (items_sql, renditions_sql, fts_sql):
            database.execute(sql, parameters)
        database.commit()
        print(f"  copy {copy + 1} of {copies} inserted", flush=True)


def in_process(settings: Settings, repeat: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"raw": [], "page": []}
    with Archive.open(settings) as archive:
        index = attached(archive.kernel)
        door = archive.as_viewer(Viewer.owner())
        for query in QUERIES:
            door.items.search_page(query)
            for _ in range(repeat):
                with reading(archive.kernel.engine) as connection:
                    timings["raw"].append(
                        seconds(lambda c=connection, q=query: raw_query(c, q, 20, index))
                    )
                timings["page"].append(seconds(lambda q=query: door.items.search_page(q)))
    return timings


def through_http(settings: Settings, cookie: str, requests: int) -> dict[str, float]:
    """p50/p95 (ms) of the trivial endpoint and the search API, one client, and the peak
    resident memory (MiB) of the serving process and its children."""
    port = free_port()
    server = serve(settings, port, 1)
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        process = psutil.Process(server.pid)
        while not done.is_set():
            try:
                tree = [process, *process.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            done.wait(0.2)

    poller = threading.Thread(target=poll)
    poller.start()
    answer: dict[str, float] = {}
    try:
        paths = {
            "trivial": ["/api/me"],
            "search": [f"/api/search?q={quote(term)}" for term in FREQUENT],
        }
        for name, wanted in paths.items():
            load(port, cookie, wanted, 20, 1)
            samples = load(port, cookie, wanted, requests, 1)
            if samples.failures:
                raise SystemExit(f"{name}: {samples.failures[:3]}")
            answer[f"{name} p50"], answer[f"{name} p95"] = percentiles(samples.all)
    finally:
        done.set()
        poller.join()
        server.terminate()
        server.wait(timeout=30)
    answer["peak MiB"] = peak / 2**20
    return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    settings = replicated(large_archive(BASE_ITEMS), args.copies)
    with Archive.open(settings) as archive:
        started = time.perf_counter()
        count = archive.reindex()
        print(f"Tantivy index of {count:,} items built in {time.perf_counter() - started:.1f} s")
    print(f"load average before the queries: {os.getloadavg()[0]:.1f}")
    timings = in_process(settings, args.repeat)
    for name, samples in timings.items():
        p50, p95 = percentiles(samples)
        print(
            f"in process, {name:<4} over {len(QUERIES)} queries: p50 {p50:.1f} ms p95 {p95:.1f} ms"
        )
    figures = through_http(settings, session(settings), args.requests)
    print(
        f"API, one client, {args.requests} requests each: /api/me p50 {figures['trivial p50']:.1f}"
        f" ms p95 {figures['trivial p95']:.1f} ms | /api/search p50 {figures['search p50']:.1f} "
        f"ms p95 {figures['search p95']:.1f} ms; docket serve peak RSS "
        f"{figures['peak MiB']:.0f} MiB; load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
