"""`docket reindex` and `docket verify`'s search index check: time, memory and the longest read
transaction, on this checkout's code and, with ``--against``, on another's.

    DOCKET_BENCH_WORK=/tmp/bench .venv/bin/python benchmarks/reindex_steps.py --items 100000 \
        [--against /tmp/previous/src] [--runs 2] \
        [--database-url postgresql+psycopg://… --ingested 5000]

The archive is :mod:`large_archive`'s (real ingests; on PostgreSQL ``--ingested N`` of them
and SQL copies up to ``--items``, whose chain describes the ingested items only, so the whole
``docket verify`` is not run there). Each measure runs in a process of
its own, with the code under test first on its path: its wall time, its processor time (of all
its threads: steadier than the wall time on a shared machine), its peak resident memory
(``VmHWM``, Tantivy's threads included) and every database transaction it began, timed from
its ``begin`` to its ``commit`` or ``rollback`` by SQLAlchemy events on every engine.

- ``reindex``: ``docket reindex``, the index there already.
- ``check``: the index check of ``docket verify`` (``Archive.verify_search_index``) on an index
  from which one item was removed behind the archive's back, so that it is found and rebuilt.
- ``check at head``: the same on an index that agrees (what most runs of ``docket verify`` do).
- ``verify``: the whole ``docket verify`` on the same tampered index (its chain, blob and record
  checks read in one transaction of their own: the longest transaction there is theirs).

The floor is reading every item's key streams in one statement (FTS5's rows, or the
``tsvector``s as text), the database's part of a rebuild, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

MEASURES = ("reindex", "check", "check at head", "verify")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--against", type=Path, help="the src folder of other code to compare")
    parser.add_argument("--runs", type=int, default=1, help="each measure, for each code")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: SQLite)")
    parser.add_argument(
        "--ingested", type=int, help="on PostgreSQL: items made by real ingests, then copied"
    )
    parser.add_argument("--measure", choices=MEASURES, help=argparse.SUPPRESS)
    parser.add_argument("--home", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(_measured(arguments.measure, Path(arguments.home))))
        return
    from docket.archive import Archive
    from large_archive import copied_up, large_archive

    if arguments.ingested and not arguments.database_url:
        parser.error("--ingested is for a PostgreSQL archive (--database-url)")
    settings = large_archive(arguments.ingested or arguments.items, arguments.database_url)
    if arguments.ingested:
        copied_up(settings, arguments.items)
    url = settings.database_url
    # An archive just grown by ingests has its index behind: the first command to open it
    # would catch it up before doing what is measured.
    with Archive.open(settings) as archive:
        archive.catch_up_search()
    here = Path(__file__).resolve().parent.parent / "src"
    codes = {"this code": here}
    if arguments.against is not None:
        codes = {"other code": arguments.against.resolve(), **codes}
    print(f"load average at the start: {_load()}")
    floor = _floor(url)
    print(f"floor (every item's key streams read in one statement): {floor:.2f} s")
    print(
        "| measure | code | wall | × floor | processor | peak RSS | transactions "
        "| longest transaction |"
    )
    print("|---|---|---|---|---|---|---|---|")
    measures = [m for m in MEASURES if not (m == "verify" and arguments.ingested)]
    for measure in measures:
        for _run in range(arguments.runs):
            for name, src in codes.items():
                if measure != "check at head" and measure != "reindex":
                    _tamper(settings.home, url)
                found = _run_measure(measure, settings.home, url, src)
                print(
                    f"| {measure} | {name} | {found['wall']:.1f} s | "
                    f"{found['wall'] / floor:.1f}× | {found['processor']:.1f} s | "
                    f"{found['rss'] / 1024:.0f} MiB | "
                    f"{found['transactions']:,} | {found['longest']:.2f} s |",
                    flush=True,
                )
    print(f"load average at the end: {_load()}")


def _load() -> str:
    return ", ".join(f"{figure:.1f}" for figure in os.getloadavg())


def _run_measure(measure: str, home: Path, url: str, src: Path) -> dict[str, Any]:
    environment = {
        **os.environ,
        "PYTHONPATH": f"{src}{os.pathsep}{Path(__file__).parent}",
        "DOCKET_HOME": str(home),
        "DOCKET_DATABASE_URL": url,
        "DOCKET_ACTOR": "benchmark",
    }
    done = subprocess.run(
        [sys.executable, __file__, "--measure", measure, "--home", str(home)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{measure} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _measured(measure: str, home: Path) -> dict[str, float]:
    """Run ``measure`` in this process: its wall time, peak memory (KiB) and transactions."""
    from sqlalchemy import Engine, event

    opened: dict[int, float] = {}
    durations: list[float] = []

    def began(connection: Any) -> None:
        opened[id(connection)] = time.perf_counter()

    def ended(connection: Any) -> None:
        started = opened.pop(id(connection), None)
        if started is not None:
            durations.append(time.perf_counter() - started)

    event.listen(Engine, "begin", began)
    event.listen(Engine, "commit", ended)
    event.listen(Engine, "rollback", ended)
    # Imported before the clock starts: the command's start-up is not what is measured.
    from docket.archive import Archive
    from docket.cli.app import app
    from docket.config import Settings

    started = time.perf_counter()
    processor_started = time.process_time()
    if measure in ("reindex", "verify"):
        # Without standalone mode the command's exit status is returned rather than exited with.
        status = app([measure], standalone_mode=False)
        if status not in (0, None):
            raise SystemExit(f"docket {measure} exited with {status}")
    else:
        settings = Settings.from_env(home=home)
        with Archive.open(settings) as archive:
            problems = archive.verify_search_index()
        wanted = measure == "check"
        if bool(problems) != wanted:
            raise SystemExit(f"the index check found {problems!r}")
    wall = time.perf_counter() - started
    processor = time.process_time() - processor_started
    return {
        "wall": wall,
        "processor": processor,
        "rss": _peak_kib(),
        "transactions": len(durations),
        "longest": max(durations, default=0.0),
    }


def _peak_kib() -> int:
    """This process's peak resident memory, Tantivy's threads included. Not ``ru_maxrss``,
    which Linux carries over from the parent through ``exec``."""
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise SystemExit("no VmHWM in /proc/self/status: peak memory is measured on Linux only")


def _tamper(home: Path, url: str) -> None:
    """Remove one item, the middle one, from the index, keeping its position."""
    import tantivy
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM items")).scalar_one()
            item_id = connection.execute(
                text("SELECT id FROM items ORDER BY id LIMIT 1 OFFSET :middle"),
                {"middle": count // 2},
            ).scalar_one()
    finally:
        engine.dispose()
    index = tantivy.Index.open(str(home / "search-index"))
    writer = index.writer(heap_size=20_000_000, num_threads=1)
    writer.delete_documents_by_query(tantivy.Query.term_query(index.schema, "id", item_id))
    writer.commit()
    writer.wait_merging_threads()


_ROWS = "SELECT i.id, i.media_type, i.language, i.published, i.collected_at, i.confidentiality"
_FLOOR = {
    "sqlite": f"{_ROWS}, f.title, f.body, f.meta FROM items AS i "
    "JOIN item_fts AS f ON f.rowid = i.id",
    "postgresql": f"{_ROWS}, CAST(s.doc AS text) FROM items AS i "
    "JOIN item_search AS s ON s.item_id = i.id",
}


def _floor(url: str) -> float:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            statement = text(_FLOOR[connection.dialect.name])
            started = time.perf_counter()
            rows = connection.execution_options(yield_per=2_000).execute(statement)
            for _row in rows:
                pass
            return time.perf_counter() - started
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
