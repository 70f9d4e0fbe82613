"""Picking a record by name as it is typed, against reading one record by its id.

    .venv/bin/python benchmarks/bench_lookup.py [--records 10000] [--queries 300]
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

An archive of ``--records`` records (persons named in Cyrillic and Latin, groups, places, acts
naming a victim) is searched the way the victim picker of a new act searches it: the first
three to eight letters of a surname, in either script, among persons, groups and
organisations, ten matches. The floor is ``door.records.get`` of a random record in the same
archive (one record read through the same viewer filter), measured in the same run. The
first lookup, which folds every name, and one after a record was added are timed apart.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from docket.archive import Archive
from docket.config import Settings
from docket.model.access import Viewer
from docket.names.transliterate import to_latin
from records import _drop, _fresh
from timing import percentiles, seconds

GIVEN = ["Алмазбек", "Асель", "Бакыт", "Гүлнара", "Жыпар", "Темирлан", "Нурлан", "Айгүл"]
STEMS = ["Атамбаев", "Султанбеков", "Нурланов", "Жээнбеков", "Торобаев", "Осмонов", "Садыров"]
VICTIM_TYPES = ["person", "group", "organisation"]


def documents(total: int) -> tuple[list[dict[str, Any]], list[str]]:
    """The records, and the surnames (Cyrillic) they use, most of them made unique by a number
    spelled into the stem so that prefixes select a few records, not thousands."""
    rng = random.Random(11)
    places = max(1, total // 100)
    persons = total * 45 // 100
    groups = total // 10
    acts = total - places - persons - groups
    result: list[dict[str, Any]] = []
    surnames: list[str] = []
    for n in range(places):
        result.append({"type": "place", "key": f"p{n}", "fields": {"name": f"Айыл {n}"}})
    for n in range(persons):
        stem = STEMS[n % len(STEMS)]
        surname = stem[:-2] + _letters(n) + stem[-2:]
        surnames.append(surname)
        cyrillic = f"{GIVEN[n % len(GIVEN)]} {surname}"
        latin = to_latin(cyrillic, "bgn_pcgn")
        result.append({"type": "person", "key": f"h{n}", "fields": {"name": [cyrillic, latin]}})
    for n in range(groups):
        result.append(
            {"type": "group", "key": f"g{n}", "fields": {"description": f"жители айыла {n}"}}
        )
    for _ in range(acts):
        victim = {"key": f"h{rng.randrange(persons)}"}
        result.append(
            {
                "type": "act",
                "fields": {
                    "violation": "arbitrary_detention",
                    "victim": victim,
                    "place": {"key": f"p{rng.randrange(places)}"},
                },
            }
        )
    return result, surnames


def _letters(n: int) -> str:
    """A few Cyrillic letters spelling ``n``, so every surname is its own word."""
    alphabet = "абвгдеклмнопрстуф"
    word = ""
    while True:
        n, digit = divmod(n, len(alphabet))
        word += alphabet[digit]
        if n == 0:
            return word


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--database-url", help="a server database to use instead of SQLite")
    options = parser.parse_args()
    lines, surnames = documents(options.records)
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "archive"
        url = _fresh(options.database_url, "lookup") or f"sqlite:///{home}/docket.sqlite3"
        archive = Archive.create(Settings.from_env(home=home, database_url=url))
        door = archive.as_viewer(Viewer.owner("bench"))
        ids = door.records.import_documents(lines).ids
        typed = []
        for _ in range(options.queries):
            surname = rng.choice(surnames)
            prefix = surname[: rng.randint(3, 8)]
            typed.append(to_latin(prefix, "bgn_pcgn") if rng.random() < 0.5 else prefix)
        # The first lookup folds every name; after a change only the changed records are read.
        cold = seconds(lambda: door.lookup(typed[0], type_names=VICTIM_TYPES))
        door.records.get(ids[0], log=False)
        door.records.create("person", {"name": "Бакыт Торобаев"})
        changed = seconds(lambda: door.lookup(typed[0], type_names=VICTIM_TYPES))
        lookups: list[float] = []
        for text in typed:
            lookups.append(
                seconds(lambda t=text: door.lookup(t, type_names=VICTIM_TYPES, limit=10))
            )
        found = sum(1 for text in typed[:50] if door.lookup(text, type_names=VICTIM_TYPES))
        picked = [rng.choice(ids) for _ in range(options.queries)]
        floors = [seconds(lambda i=i: door.records.get(i, log=False)) for i in picked]
        archive.close()
    _drop(options.database_url, url)
    backend = "PostgreSQL" if options.database_url else "SQLite"
    look50, look95 = percentiles(lookups)
    floor50, floor95 = percentiles(floors)
    print(f"{options.records:,} records on {backend}, {options.queries} typed prefixes")
    print(f"  lookup (victim picker)  p50 {look50:7.1f} ms   p95 {look95:7.1f} ms")
    print(f"  one record by id        p50 {floor50:7.1f} ms   p95 {floor95:7.1f} ms")
    print(
        f"  ratio                   p50 {look50 / floor50:7.1f} x    p95 {look95 / floor95:7.1f} x"
    )
    print(f"  prefixes with a match   {found} of {len(typed[:50])}")
    print(f"  first lookup            {cold * 1000:7.1f} ms (folds every name once)")
    print(f"  lookup after a change   {changed * 1000:7.1f} ms (reads the changed record)")


if __name__ == "__main__":
    main()
