"""How long after another process's index write a waiting search answers.

    .venv/bin/python benchmarks/search_wait.py [--rounds 20] [--items 200] [--hold 0.15]

One SQLite archive opened twice, as two web workers would: each opening has its own Tantivy
index object on the same folder, and the index's writer lock keeps them apart as it keeps two
processes. Each round, one item is added, the second opening takes the index's writer, a search
through the first starts (it finds the index behind and the writer busy, and waits outside its
transaction), and after ``--hold`` seconds the second opening writes the new item in and lets
go of the writer (with ``--thread-writes``, another thread of the first opening does). Printed:
how long after that write's commit the search answered, against the floor of the same search
when the index is already at the head (measured in the same round), and how many read
transactions the search began. ``--poll`` compares polling intervals of the wait
loop, alternating between them round by round.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from docket.archive import Archive
from docket.config import Settings
from docket.db import engine as db_engine
from docket.db.engine import reading
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.search import SearchFilters, tantivy_chain, tantivy_index
from docket.search.tantivy_host import attached
from docket.search.tantivy_index import SearchIndex

OWNER = Viewer.owner("owner")
QUERY = "Atambaev"


def _ingest(archive: Archive, folder: Path, texts: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    results = archive.as_viewer(OWNER).items.ingest([folder], Provenance())
    assert all(result.status != "error" for result in results)


def _search(archive: Archive) -> int:
    return len(archive.as_viewer(OWNER).items.search(QUERY, SearchFilters(), limit=20))


def _index(archive: Archive) -> SearchIndex:
    index = attached(archive.kernel)
    assert index is not None
    return index


def _round(
    reader: Archive, other: Archive, work: Path, number: int, hold: float, *, thread_writes: bool
) -> dict[str, Any]:
    _ingest(reader, work / f"round-{number}", {f"r{number}": f"{QUERY} detained, round {number}"})
    writing = _index(reader if thread_writes else other)
    if thread_writes:
        writing._lock.acquire()
    writer = writing._writer()
    assert writer is not None, "the second opening could not take the index's writer"
    transactions = 0
    plain_reading = db_engine.reading
    answered: list[float] = []

    def search() -> None:
        _search(reader)
        answered.append(time.monotonic())

    def counted(engine: Any) -> Any:
        nonlocal transactions
        if threading.current_thread() is thread:
            transactions += 1
        return plain_reading(engine)

    thread = threading.Thread(target=search)
    _patched("docket.search.transactions.reading", counted)
    try:
        thread.start()
        # Not in step with the wait loop's turns.
        time.sleep(hold + random.uniform(0, 0.05))
        with reading(other.kernel.engine) as connection:
            head = tantivy_chain.head(connection)
            committing = _Committing(writer)
            writing._write_with(connection, committing, head, everything=False)  # type: ignore[arg-type]
        written = committing.committed
        if thread_writes:
            writing._lock.release()
        thread.join(timeout=60)
    finally:
        _patched("docket.search.transactions.reading", plain_reading)
    assert answered, "the search did not answer"
    started = time.monotonic()
    _search(reader)
    floor = time.monotonic() - started
    return {"after": answered[0] - written, "floor": floor, "transactions": transactions}


class _Committing:
    """A writer that notes when its commit returned: from then on, other openings can see it."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer
        self.committed = float("nan")

    def commit(self) -> Any:
        done = self._writer.commit()
        self.committed = time.monotonic()
        return done

    def __getattr__(self, name: str) -> Any:
        return getattr(self._writer, name)


def _patched(name: str, value: Any) -> None:
    module, attribute = name.rsplit(".", 1)
    setattr(sys.modules[module], attribute, value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--hold", type=float, default=0.15)
    parser.add_argument("--poll", type=float, nargs="*", default=[])
    parser.add_argument(
        "--thread-writes",
        action="store_true",
        help="the writer is another thread of the searching opening, not another opening",
    )
    arguments = parser.parse_args()
    polls = arguments.poll or [getattr(tantivy_index, "_WRITER_POLL_SECONDS", 0.02)]
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        settings = Settings.from_env(home=work / "archive", database_url=None)
        with Archive.create(settings) as archive:
            texts = {f"i{n}": f"{QUERY} and item {n} at the border" for n in range(arguments.items)}
            _ingest(archive, work / "first", texts)
        reader = Archive.open(settings)
        other = Archive.open(settings)
        try:
            _search(reader)
            _search(other)
            results: dict[float, list[dict[str, Any]]] = {poll: [] for poll in polls}
            for number in range(arguments.rounds * len(polls)):
                poll = polls[number % len(polls)]
                _patched("docket.search.tantivy_index._WRITER_POLL_SECONDS", poll)
                results[poll].append(
                    _round(
                        reader,
                        other,
                        work,
                        number,
                        arguments.hold,
                        thread_writes=arguments.thread_writes,
                    )
                )
        finally:
            reader.close()
            other.close()
    for poll, rounds in results.items():
        after = sorted(1000 * result["after"] for result in rounds)
        tenth = after[int(0.9 * (len(after) - 1))]
        floor = statistics.median(1000 * result["floor"] for result in rounds)
        begun = sorted(result["transactions"] for result in rounds)
        print(
            f"poll {poll * 1000:g} ms: answered after the commit, ms: median "
            f"{statistics.median(after):.1f}, p90 {tenth:.1f}, max {after[-1]:.1f}; "
            f"floor (index at the head) median {floor:.1f} ms; "
            f"ratio {statistics.median(after) / floor:.2f}x; "
            f"read transactions per search {begun[0]}-{begun[-1]}"
        )


if __name__ == "__main__":
    main()
