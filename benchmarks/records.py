"""Record import throughput against a bare bulk INSERT of the same rows, and the counts query.

    .venv/bin/python benchmarks/records.py [--records 100000] [--database-url URL]

The import parses JSON Lines, validates every value (dates, counts, taxonomy codes, references),
writes records, values, a version row and a custody entry per record in one transaction. The
floor inserts the already-built record and value rows with executemany into the same tables of
a fresh database, with the same durability settings.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).parent))

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import make_engine, writing
from docket.db.migrate import upgrade
from docket.db.schema import record_values, records
from docket.model.access import Viewer
from scratch_databases import new_database
from timing import seconds

VIOLATIONS = ["use_of_firearms", "arbitrary_detention", "torture", "beating", "killing"]
MONTHS = ["January", "March", "August", "October", "December"]


def documents(total: int, cite: Sequence[int] = ()) -> list[dict[str, Any]]:
    """``total`` records: places, persons, groups and acts of violence at the places against
    the persons and groups. With ``cite``, each act's violation and every fourth person's name
    cite one of those items (its first eight characters, "Document" in benchmarks/corpus.py)."""
    rng = random.Random(7)
    places = max(1, total // 100)
    groups = total // 10
    persons = total * 39 // 100
    acts = total - places - groups - persons
    result: list[dict[str, Any]] = []
    for n in range(places):
        result.append({"type": "place", "key": f"p{n}", "fields": {"name": f"Village {n}"}})
    for n in range(persons):
        names: list[Any] = [f"Person {n}ov", f"Персон {n}ов"]
        if cite and n % 4 == 0:
            names[0] = _cited(names[0], rng.choice(cite))
        result.append(
            {
                "type": "person",
                "key": f"h{n}",
                "fields": {"name": names, "birth_year": 1950 + n % 50},
            }
        )
    for n in range(groups):
        result.append(
            {
                "type": "group",
                "key": f"g{n}",
                "fields": {"description": f"group {n}", "size": f"about {10 + n % 900}"},
            }
        )
    for n in range(acts):
        victim = (
            {"key": f"g{rng.randrange(groups)}"}
            if n % 3 == 0
            else {"key": f"h{rng.randrange(persons)}"}
        )
        result.append(
            {
                "type": "act",
                "fields": {
                    "violation": _cited(VIOLATIONS[n % len(VIOLATIONS)], rng.choice(cite))
                    if cite
                    else VIOLATIONS[n % len(VIOLATIONS)],
                    "victim": victim,
                    "date": f"{1 + n % 28} {MONTHS[n % len(MONTHS)]} {2018 + n % 6}",
                    "place": {"key": f"p{rng.randrange(places)}"},
                },
            }
        )
    return result


# One man under the spellings the sources give him (benchmarks/web.py --identity).
SPELLINGS = [
    "Almazbek Atambaev",
    "Almazbek Atambayev",
    "Атамбаев Алмазбек",
    "Almazbek Sharshenovich Atambaev",
]


def one_man(total: int, cite: Sequence[int]) -> list[dict[str, Any]]:
    """``total`` person records of one man, each name citing one of the items ``cite`` (its
    first eight characters), for a linkage run to make one identity of."""
    rng = random.Random(17)
    return [
        {
            "type": "person",
            "fields": {
                "name": _cited(SPELLINGS[n % len(SPELLINGS)], rng.choice(cite)),
                "birth_year": 1956,
            },
        }
        for n in range(total)
    ]


def _cited(value: str, item: int) -> dict[str, Any]:
    return {"value": value, "citations": [{"item": item, "start": 0, "end": 8}]}


def floor_rows(archive: Archive, lines: list[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """The rows the import writes to records and record_values, built in advance."""
    store = archive.as_viewer(Viewer.owner()).records
    record_rows, value_rows = [], []
    now = "2024-01-01T00:00:00.000000Z"
    for record_id, document in enumerate(lines, 1):
        record_rows.append(
            {
                "id": record_id, "type": document["type"], "confidentiality": "public",
                "version": 1, "retracted": False, "retraction_reason": None,
                "created_at": now, "created_by": "b", "updated_at": now, "updated_by": "b",
            }
        )  # fmt: skip
        for field, raw in document["fields"].items():
            spec = store.types.get(document["type"]).field(field)
            for value in raw if isinstance(raw, list) else [raw]:
                value_rows.append(
                    {
                        "record_id": record_id, "field": spec.name,
                        "value": json.dumps(value, ensure_ascii=False), "protected": False,
                        "ref_id": None, "preferred": True, "preference_reason": None,
                        "status": "active", "added_version": 1, "removed_version": None,
                    }
                )  # fmt: skip
    return record_rows, value_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--database-url", help="a server database to use instead of SQLite")
    options = parser.parse_args()
    lines = documents(options.records)
    with tempfile.TemporaryDirectory() as folder, ExitStack() as databases:
        base = Path(folder)
        source = base / "records.jsonl"
        source.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in lines) + "\n")
        home = base / "archive"
        url = _database(
            databases, options.database_url, "bench_archive", f"sqlite:///{home}/docket.sqlite3"
        )
        archive = Archive.create(Settings.from_env(home=home, database_url=url))
        owner = Viewer.owner("bench")

        def run_import() -> None:
            with source.open(encoding="utf-8") as handle:
                parsed = [json.loads(line) for line in handle if line.strip()]
            archive.as_viewer(owner).records.import_documents(parsed)

        # Processor time too: on a shared machine it moves far less than the wall clock.
        processor_started = time.process_time()
        imported = seconds(run_import)
        imported_processor = time.process_time() - processor_started
        record_rows, value_rows = floor_rows(archive, lines)
        floor_url = _database(
            databases, options.database_url, "bench_floor", f"sqlite:///{base}/floor.sqlite3"
        )
        engine = make_engine(floor_url)
        with writing(engine) as connection:
            upgrade(connection)

        def run_floor() -> None:
            with writing(engine) as connection:
                connection.execute(insert(records), record_rows)
                connection.execute(insert(record_values), value_rows)

        floor = seconds(run_floor)
        engine.dispose()
        counted = seconds(lambda: archive.as_viewer(owner).counts())
        archive.close()
    backend = "PostgreSQL" if options.database_url else "SQLite"
    print(f"{options.records:,} records on {backend} ({len(value_rows):,} values)")
    print(f"  import            {imported:8.2f} s  ({options.records / imported:,.0f} records/s)")
    print(f"  import CPU time   {imported_processor:8.2f} s")
    print(f"  bare bulk INSERT  {floor:8.2f} s")
    print(f"  ratio             {imported / floor:8.2f} x")
    print(f"  counts query      {counted:8.2f} s")


def _database(stack: ExitStack, server_url: str | None, label: str, sqlite_url: str) -> str:
    """A new database on the server, dropped when ``stack`` closes, or else the SQLite URL."""
    if not server_url:
        return sqlite_url
    return stack.enter_context(new_database(server_url, label))


if __name__ == "__main__":
    main()
