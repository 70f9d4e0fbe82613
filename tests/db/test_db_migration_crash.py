"""``kill -9`` while an archive of an older schema is being upgraded: the archive opens afterwards
at the newest schema, verifies, and has lost nothing.

The upgrade runs in a child process that opens the archive the way every command does. It is
killed at statement boundaries (the child sends itself SIGKILL from an SQLAlchemy event just after
the Nth statement, or just before the commit) spread over the whole upgrade, and at random moments
from outside. New migrations are covered as they are added: the upgrade always goes to
``migrate.SCHEMA_HEAD`` and the kill points are spread over however many statements it takes.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from tests.support import as_owner

from docket.archive import Archive
from docket.config import Settings
from docket.db import migrate
from docket.db.engine import make_engine, reading, writing
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer

# The oldest revision whose schema already holds records, so the archive can have them.
OLDER_REVISION = "0003_records"
STATEMENT_KILLS = 8
TIMED_KILLS = 3

# Opens the archive named by the environment, as every command does. argv[1] is the numbered
# point (a statement executed, or a commit about to be sent) at which the process kills itself;
# 0 means never. On a clean finish it prints how many points it passed.
CHILD = """
import os, signal, sys
from sqlalchemy import Engine, event
from docket.archive import Archive
from docket.config import Settings

kill_at = int(sys.argv[1])
passed = 0

def point(*_args):
    global passed
    passed += 1
    if passed == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)

event.listen(Engine, "after_cursor_execute", point)
event.listen(Engine, "commit", point)
print("opening", flush=True)
Archive.open(Settings.from_env()).close()
print(passed, flush=True)
"""


def _child(settings: Settings, kill_at: int) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DOCKET_HOME": str(settings.home),
        "DOCKET_DATABASE_URL": settings.database_url,
    }
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(kill_at)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _contents(engine: Engine) -> dict[str, Any]:
    """What an upgrade must leave exactly as it was (columns the older schema already had)."""
    queries = {
        "items": "SELECT id, sha256, size, title FROM items ORDER BY id",
        "renditions": "SELECT id, item_id, sha256 FROM renditions ORDER BY id",
        "custody": "SELECT seq, action, item_id, hash FROM custody ORDER BY seq",
        "records": "SELECT id, type, version, updated_at FROM records ORDER BY id",
        "record_values": "SELECT id, record_id, field, value FROM record_values ORDER BY id",
        "citations": "SELECT id, value_id, item_id, span_start, span_end FROM citations"
        " ORDER BY id",
    }
    with reading(engine) as connection:
        return {
            name: [tuple(row) for row in connection.execute(text(query))]
            for name, query in queries.items()
        }


def _downgrade(settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    try:
        with writing(engine) as connection:
            migrate.downgrade(connection, OLDER_REVISION)
    finally:
        engine.dispose()


def _opens_intact(settings: Settings, expected: dict[str, Any], what: str) -> None:
    archive = Archive.open(settings)
    try:
        with reading(archive.kernel.engine) as connection:
            assert migrate.current_revision(connection) == migrate.SCHEMA_HEAD, what
        assert list(archive.verify()) == [], what
        assert _contents(archive.kernel.engine) == expected, what
    finally:
        archive.close()


def _kill_points(total: int) -> list[int]:
    """Up to STATEMENT_KILLS points spread evenly over 1..total, the first and last included."""
    if total <= STATEMENT_KILLS:
        return list(range(1, total + 1))
    step = (total - 1) / (STATEMENT_KILLS - 1)
    return sorted({1 + round(n * step) for n in range(STATEMENT_KILLS)})


@pytest.mark.slow
def test_kill_minus_nine_during_an_upgrade_leaves_an_archive_that_opens_and_verifies(
    archive: Archive, tmp_path: Path
) -> None:
    for n in range(3):
        evidence = tmp_path / f"statement-{n}.txt"
        evidence.write_text(f"Witness {n} saw Japarov returned to prison.", encoding="utf-8")
        list(as_owner(archive).items.ingest([evidence], Provenance(collected_by="tester")))
    owner = Viewer.owner("tester")
    person = archive.as_viewer(owner).records.create("person", {"name": "Almazbek Atambayev"})
    archive.as_viewer(owner).records.cite(person.id, "name", item_id=1, start=0, end=7)
    archive.as_viewer(owner).records.create("person", {"name": "Sadyr Japarov"})
    settings = archive.settings
    archive.close()
    _downgrade(settings)
    engine = make_engine(settings.database_url)
    expected = _contents(engine)
    engine.dispose()
    assert expected["items"] and expected["records"] and expected["citations"]

    # A run that is not killed counts the points and times the upgrade itself.
    counting = _child(settings, 0)
    assert counting.stdout is not None
    assert counting.stdout.readline() == "opening\n"
    started = time.monotonic()
    stdout, stderr = counting.communicate(timeout=300)
    upgrade_seconds = time.monotonic() - started
    assert counting.returncode == 0, stderr
    total = int(stdout)
    _opens_intact(settings, expected, "after an upgrade that was not killed")

    for kill_at in _kill_points(total):
        _downgrade(settings)
        victim = _child(settings, kill_at)
        _, stderr = victim.communicate(timeout=300)
        assert victim.returncode == -signal.SIGKILL, f"point {kill_at} of {total}: {stderr}"
        _opens_intact(settings, expected, f"killed at point {kill_at} of {total}")

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    for attempt in range(TIMED_KILLS):
        _downgrade(settings)
        victim = _child(settings, 0)
        assert victim.stdout is not None
        assert victim.stdout.readline() == "opening\n"
        time.sleep(rng.uniform(0.0, upgrade_seconds))
        victim.send_signal(signal.SIGKILL)
        victim.communicate(timeout=300)
        _opens_intact(settings, expected, f"seed {seed}, timed kill {attempt}")
