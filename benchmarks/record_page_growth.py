"""Server time of a record page worked out afresh, as its identity and its referrers grow.

    .venv/bin/python benchmarks/record_page_growth.py [--sizes 10,100,1000] [--requests 40]

A new SQLite archive per size N holds one item, N persons of one man under four spellings,
each name citing the item, linked into one identity by ``docket link``, and N acts at one
place, each naming it. The app is called in-process through its ASGI interface (as
benchmarks/page_cost.py does) with nothing kept between requests, so each request reads and
renders its page afresh: a person of the identity, the place (N records point to it), and
``/api/me`` as the floor. Each request is timed as elapsed and as the process's CPU time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from docket.archive import Archive
from docket.config import Settings
from docket.ingest.provenance import Provenance
from docket.kept import Remembered
from docket.model.access import Viewer
from docket.web import WebSettings, create_app
from page_cost import _timed
from records import SPELLINGS
from timing import percentiles

TEXT = "Almazbek Atambaev was returned from hospital to prison in Bishkek.\n"


def built(folder: Path, size: int) -> tuple[Archive, int, int]:
    """An archive with an identity of ``size`` persons and a place ``size`` acts name."""
    home = folder / f"archive-{size}"
    settings = Settings.from_env(home=home, database_url=f"sqlite:///{home}/docket.sqlite3")
    archive = Archive.create(settings)
    owner = archive.as_viewer(Viewer.owner("bench"))
    source = folder / f"report-{size}.txt"
    source.write_text(TEXT, "utf-8")
    (ingested,) = owner.items.ingest([source], Provenance())
    item = ingested.id
    if item is None:
        raise SystemExit(f"{source}: {ingested.error}")
    end = len("Almazbek Atambaev")
    persons = owner.records.import_documents(
        {
            "type": "person",
            "fields": {
                "name": {
                    "value": SPELLINGS[n % len(SPELLINGS)],
                    "citations": [{"item": item, "start": 0, "end": end}],
                },
                "birth_year": 1956,
            },
        }
        for n in range(size)
    ).ids
    place = owner.records.create("place", {"name": "Bishkek"}).id
    villagers = owner.records.create("group", {"description": "villagers"}).id
    owner.records.import_documents(
        {
            "type": "act",
            "fields": {
                "violation": "arbitrary_detention",
                "victim": {"ref": villagers},
                "place": {"ref": place},
            },
        }
        for _ in range(size)
    )
    owner.linkage.run("person")
    identity = owner.linkage.identity_of(persons[0])
    linked = 0 if identity is None else len(identity.members)
    if linked != size:
        raise SystemExit(f"the linkage run made an identity of {linked} of {size} persons")
    return archive, persons[0], place


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000", help="identity and referrer counts")
    parser.add_argument("--requests", type=int, default=40, help="per page and size")
    args = parser.parse_args()
    os.environ.setdefault("DOCKET_ACTOR", "bench")
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'N':>6}  {'page':<10} {'p50':>9} {'p95':>9} {'CPU p50':>9} {'x /api/me':>9}")
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            started = time.perf_counter()
            archive, person, place = built(Path(scratch), size)
            made = time.perf_counter() - started
            try:
                accounts = archive.accounts
                user = accounts.add("bench-editor", "editor", "a long bench password", actor="b")
                cookie, _ = accounts.start_session(user.id, second_factor_done=True)
                app = create_app(archive, WebSettings(secure_cookies=False))
                app.state.workspace.record_pages = Remembered(kept=0)
                pages = {
                    "/api/me": ["/api/me"],
                    "person": [f"/records/{person}"],
                    "place": [f"/records/{place}"],
                }
                timed = {
                    name: asyncio.run(_timed(app, cookie, targets, args.requests))
                    for name, targets in pages.items()
                }
            finally:
                archive.close()
            floor = percentiles(timed["/api/me"][1])[0]
            for name, (elapsed, cpu) in timed.items():
                p50, p95 = percentiles(elapsed)
                cpu50 = percentiles(cpu)[0]
                print(
                    f"{size:>6}  {name:<10} {p50:7.2f}ms {p95:7.2f}ms {cpu50:7.2f}ms"
                    f" {cpu50 / floor:8.1f}x"
                )
            print(f"        (archive built in {made:.1f} s, load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
