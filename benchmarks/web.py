"""Latency of the web workspace under 50 concurrent clients, against a trivial endpoint.

    .venv/bin/python benchmarks/web.py [--items 100000] [--records 10000] [--clients 50]
                                       [--requests 2000] [--workers N]
                                       [--identity N]
                                       [--edits-per-second N] [--edit-kind birth-year|item]
                                       [--database-url postgresql://…]

The archive is the one of benchmarks/large_archive.py (grown to ``--items`` items, kept in
benchmarks/.work) plus ``--records`` records imported once, whose acts and some of whose persons
cite the items (so the search page's violation, place and actor facets count something);
``--identity N`` adds N persons of one man, each name citing an item, confirmed the same by a
reviewer and linked by one ``docket link`` run into one identity (once: an archive holding an
identity is kept as it is), so that some of the record pages sampled name hundreds of other
records of it.
The app runs in its own process (``docket serve``, with its default of one worker per core unless
``--workers`` is given) on 127.0.0.1; this process is the load generator: ``--clients``
threads, each with its own keep-alive connection and the session cookie of a signed-in editor,
send ``--requests`` requests per endpoint between them. Endpoints, one after the other:

  trivial  GET /api/me: the session is looked up and the user answered as JSON
  search   GET /search?q=...: the search page, cycling through frequent and rare terms
  record   GET /records/{id}: a record page, cycling through records of every type

Latency is measured from sending a request to reading its whole answer, so it includes the time
waiting in the server's queue; ratios are to the trivial endpoint of the same run. The load
starts once every worker listens, and the processor time each worker spent on each endpoint is
printed: a worker keeps the connections it took, so one worker may serve most of an endpoint.
The memory of the server, its workers included, is read from /proc after start-up and again
after the load: summed RSS, and summed PSS, which counts pages the forked workers share once
(Linux only).

The search page keeps each answer for the next request asking the same at the same archive
position, and nothing else changes the archive during a run, so without edits every search
after the first six is a kept answer. ``--edits-per-second N`` has an editor change the archive
through the door at that rate while every endpoint is measured (a person record's birth year,
an ordinary write that appends to the chain of custody, made from this process as any other
writer would): each change moves the archive's position, so the searches after it pay their
first ask again, as they do on an archive being edited while people search. A birth year is
no term of the search index, so the index writes nothing for it; ``--edit-kind item`` ingests a
small text item per edit instead (through the same door), which the index must take in before
the next search: the web workers, each a process of its own, then take turns writing the index
while the others wait for them.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

import psutil
from sqlalchemy import Engine, func, select

sys.path.insert(0, str(Path(__file__).parent))

from docket.archive import Archive
from docket.config import Settings
from docket.db.engine import reading
from docket.db.schema import identity_members
from docket.db.schema import items as items_table
from docket.db.schema import records as records_table
from docket.door import Door
from docket.errors import DocketError
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from large_archive import large_archive
from records import documents, one_man
from timing import percentiles

USER = "bench-editor"
PASSWORD = "a long benchmark password, not used to sign in"
COOKIE = "docket_session"
# Words found in 30-60% of the synthetic reports, and words found in one report each.
FREQUENT = ["Атамбаев", "Japarov", "Жапаров задержаны"]
RARE = ['"Document 4711"', "Document 98765", '"Document 31337"']
FREQUENT_WORDS = ["Атамбаев", "Japarov", "Жапаров", "задержаны"]
TARGET_P95_MS = 150
BIRTH_YEAR = "birth-year"
ITEM = "item"
# The workers' start-up (imports, opening the archive and its index) on a loaded shared machine.
START_SECONDS = 180


@dataclass
class Samples:
    """Latencies (seconds) of one endpoint, by the path asked for, and the failures."""

    by_path: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def all(self) -> list[float]:
        return [sample for samples in self.by_path.values() for sample in samples]


def prepare(
    items: int, record_count: int, database_url: str | None = None, identity: int = 0
) -> tuple[Settings, str, list[int]]:
    """The archive with its items and records, a session of the benchmark user, record ids;
    with ``identity``, that many more persons of one man, linked into one identity once."""
    settings = large_archive(items, database_url)
    os.environ.setdefault("DOCKET_ACTOR", "bench")
    archive = Archive.open(settings)
    try:
        with reading(archive.kernel.engine) as connection:
            have = connection.execute(select(func.count()).select_from(records_table)).scalar()
            item_ids = list(connection.execute(select(items_table.c.id)).scalars())
        if (have or 0) < record_count:
            started = time.perf_counter()
            archive.as_viewer(Viewer.owner("bench")).records.import_documents(
                documents(record_count - (have or 0), cite=item_ids)
            )
            print(f"  imported {record_count - (have or 0):,} records", end="")
            print(f" in {time.perf_counter() - started:.1f} s")
        if identity:
            _link_one_man(archive, identity, item_ids)
        # A served archive's search index has caught up long before the load this measures.
        started = time.perf_counter()
        caught = archive.catch_up_search()
        if caught is not None:
            print(f"  search index: {caught.written:,} items written", end="")
            print(f" in {time.perf_counter() - started:.1f} s", end="")
            print(f" ({caught.failure})" if caught.failure else "")
        accounts = archive.accounts
        user = accounts.by_name(USER) or accounts.add(USER, "editor", PASSWORD, actor="bench")
        token, _ = accounts.start_session(user.id, second_factor_done=True)
        with reading(archive.kernel.engine) as connection:
            ids = list(connection.execute(select(records_table.c.id)).scalars())
    finally:
        archive.close()
    sample = random.Random(5).sample(ids, min(500, len(ids)))
    return settings, token, sample


def _link_one_man(archive: Archive, total: int, item_ids: list[int]) -> None:
    """``total`` persons of one man, each judged the same as the one before it by a reviewer,
    and a linkage run over the persons, unless the archive already holds an identity. (The
    model alone does not link them among the benchmark's thousands of other persons.)"""
    with reading(archive.kernel.engine) as connection:
        linked = connection.execute(select(func.count()).select_from(identity_members)).scalar()
    if linked:
        return
    started = time.perf_counter()
    door = archive.as_viewer(Viewer.owner("bench"))
    persons = door.records.import_documents(one_man(total, item_ids)).ids
    for first, second in itertools.pairwise(persons):
        door.linkage.judge(first, second, "same", reason="the same man")
    door.linkage.run("person")
    print(f"  linked {total:,} persons of one man in {time.perf_counter() - started:.1f} s")


def paths_of(record_ids: list[int]) -> dict[str, list[str]]:
    """What each endpoint asks for, in turn: the trivial one, searches, record pages."""
    return {
        "trivial": ["/api/me"],
        "search": [f"/search?q={quote(term)}" for term in FREQUENT + RARE],
        "record": [f"/records/{record_id}" for record_id in record_ids],
    }


def serve(settings: Settings, port: int, workers: int | None) -> subprocess.Popen[bytes]:
    """The workspace in a process of its own, started by ``docket serve`` itself."""
    command = [str(Path(sys.executable).with_name("docket")), "serve", "--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(
        command,
        env={
            **os.environ,
            "DOCKET_HOME": str(settings.home),
            "DOCKET_DATABASE_URL": settings.database_url,
        },
    )
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/login")
            answered = connection.getresponse().status == 200
            connection.close()
        except OSError:
            answered = False
        # The first worker answers while the others may still be starting: a load begun then
        # would be served by that worker alone.
        if answered and all_listening(process.pid, port, workers):
            return process
        time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"the workspace did not start within {START_SECONDS} s")


def all_listening(server: int, port: int, workers: int | None) -> bool:
    """Whether every web worker of ``server`` listens on ``port`` (``workers`` of them, or as
    many as ``docket serve`` starts by default: one per core it may use)."""
    expected = workers or len(os.sched_getaffinity(0))
    if expected <= 1:
        return True
    listening = 0
    for child in psutil.Process(server).children():
        with contextlib.suppress(psutil.Error):
            if any("spawn_main" in part for part in child.cmdline()) and any(
                held.status == psutil.CONN_LISTEN and held.laddr and held.laddr.port == port
                for held in child.net_connections(kind="tcp")
            ):
                listening += 1
    return listening >= expected


def load(port: int, cookie: str, paths: list[str], total: int, clients: int) -> Samples:
    """``total`` GETs of ``paths`` (in turn) from ``clients`` threads with keep-alive."""
    samples = Samples()
    lock = threading.Lock()
    counter = iter(range(total))

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Cookie": f"{COOKIE}={cookie}", "Accept-Language": "en"}
        local: list[tuple[str, float]] = []
        failed: list[str] = []
        while True:
            with lock:
                number = next(counter, None)
            if number is None:
                break
            path = paths[number % len(paths)]
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                failed.append(f"{path}: {error}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            local.append((path, time.perf_counter() - started))
            if response.status != 200:
                failed.append(f"{path}: HTTP {response.status}")
        connection.close()
        with lock:
            for path, seconds in local:
                samples.by_path[path].append(seconds)
            samples.failures.extend(failed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    samples.seconds = time.perf_counter() - started
    return samples


@dataclass
class Memory:
    """The server's processes at one moment: how many, how many are web workers, and MiB."""

    processes: int
    workers: int
    rss: float
    pss: float
    # (what the process is, RSS MiB, PSS MiB) of each process, largest PSS first.
    each: list[tuple[str, float, float]] = field(default_factory=list)


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
    return found


def _tree(root: int) -> list[int]:
    pending, tree = [root], []
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(_children(pid))
    return tree


def worker_cpu(root: int) -> dict[int, float]:
    """Processor seconds (user and system) each web worker below ``root`` has used so far."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in _tree(root):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if b"spawn_main" in command:
            # utime and stime, the 14th and 15th fields of stat (11th and 12th after the name).
            used[pid] = (int(fields[11]) + int(fields[12])) / tick
    return used


def memory(root: int) -> Memory:
    """RSS and PSS summed over ``root`` and every process below it."""
    tree = _tree(root)
    kib = {"Rss:": 0, "Pss:": 0}
    workers = 0
    each = []
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:  # the process ended meanwhile
            continue
        workers += b"spawn_main" in command
        own = {"Rss:": 0, "Pss:": 0}
        for line in rollup.splitlines():
            key, _, rest = line.partition(" ")
            if key in own:
                own[key] = int(rest.split()[0])
                kib[key] += own[key]
        kind = "web worker" if b"spawn_main" in command else "server" if pid == root else "helper"
        each.append((kind, own["Rss:"] / 1024, own["Pss:"] / 1024))
    each.sort(key=lambda process: -process[2])
    return Memory(len(tree), workers, kib["Rss:"] / 1024, kib["Pss:"] / 1024, each)


class Editor:
    """Changes the archive ``rate`` times a second, through the door, from a thread of its own
    until stopped: a person record's birth year, or (``kind`` "item") a new small text item;
    counts the edits made and the ones that failed."""

    def __init__(self, settings: Settings, rate: float, kind: str = BIRTH_YEAR) -> None:
        self.rate = rate
        self.kind = kind
        self.made = 0
        self.failures: list[str] = []
        self._settings = settings
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Editor:
        if self.rate > 0:
            self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=60)

    def _run(self) -> None:
        archive = Archive.open(self._settings)
        try:
            door = archive.as_viewer(Viewer.owner("bench"))
            if self.kind == ITEM:
                edit = self._item_adder(door)
            else:
                edit = self._birth_year_setter(archive.kernel.engine, door)
            due = time.monotonic()
            while not self._stop.is_set():
                try:
                    edit()
                    self.made += 1
                except DocketError as error:
                    self.failures.append(str(error))
                due += 1 / self.rate
                self._stop.wait(max(0.0, due - time.monotonic()))
        finally:
            archive.close()

    @staticmethod
    def _birth_year_setter(engine: Engine, door: Door) -> Callable[[], None]:
        with reading(engine) as connection:
            persons = list(
                connection.execute(
                    select(records_table.c.id)
                    .where(records_table.c.type == "person")
                    .order_by(records_table.c.id)
                ).scalars()
            )
        rng = random.Random(11)

        def edit() -> None:
            record = door.records.get(rng.choice(persons))
            born = record.preferred("birth_year")
            year = 1951 if born is not None and born.value == 1950 else 1950
            door.records.edit(record.id, {"set": {"birth_year": year}}, record.version, "benchmark")

        return edit

    @staticmethod
    def _item_adder(door: Door) -> Callable[[], None]:
        # Each text differs (an archive keeps one item per content) and holds a frequent term
        # of the searches, so their answers change too.
        folder = Path(tempfile.mkdtemp(prefix="docket-bench-edits-"))
        rng = random.Random(13)
        numbers = iter(range(1_000_000_000))

        def edit() -> None:
            number = next(numbers)
            path = folder / f"edit-{os.getpid()}-{number}.txt"
            words = " ".join(rng.choice(FREQUENT_WORDS) for _ in range(20))
            path.write_text(f"Benchmark edit {number} {time.time_ns()}: {words}\n", "utf-8")
            (result,) = door.items.ingest([path], Provenance())
            path.unlink()
            if result.status == "error":
                raise DocketError(f"{path.name}: {result.error}")

        return edit


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2_000, help="per endpoint")
    parser.add_argument(
        "--workers", type=int, help="server worker processes (default: docket serve's own)"
    )
    parser.add_argument(
        "--database-url", help="a PostgreSQL database (default: SQLite), empty or grown earlier"
    )
    parser.add_argument(
        "--identity",
        type=int,
        default=0,
        help="add this many persons of one man, linked into one identity (default: none)",
    )
    parser.add_argument(
        "--edits-per-second",
        type=float,
        default=0.0,
        help="change a record this many times a second during the load (default: none)",
    )
    parser.add_argument(
        "--edit-kind",
        choices=[BIRTH_YEAR, ITEM],
        default=BIRTH_YEAR,
        help="what each edit changes: a person's birth year (no search index term) or a new "
        "small text item (default: birth-year)",
    )
    args = parser.parse_args()
    settings, cookie, record_ids = prepare(
        args.items, args.records, args.database_url, args.identity
    )
    endpoints = paths_of(record_ids)
    port = free_port()
    server = serve(settings, port, args.workers)
    results: dict[str, Samples] = {}
    loads = [os.getloadavg()[0]]
    editor = Editor(settings, args.edits_per_second, args.edit_kind)
    edits: dict[str, int] = {}
    # Processor seconds of each web worker while each endpoint was measured: a worker holds
    # the keep-alive connections it accepted, so one worker may do most of an endpoint's work.
    shares: dict[str, list[float]] = {}
    try:
        started = memory(server.pid)
        with editor:
            for name, paths in endpoints.items():
                # Warm up caches and connections, then measure.
                load(port, cookie, paths, min(len(paths) * 2, 200), args.clients)
                made = editor.made
                before = worker_cpu(server.pid)
                results[name] = load(port, cookie, paths, args.requests, args.clients)
                after = worker_cpu(server.pid)
                shares[name] = [after[pid] - before.get(pid, 0.0) for pid in sorted(after)]
                edits[name] = editor.made - made
                loads.append(os.getloadavg()[0])
        loaded = memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(results, args, started.workers or 1)
    for name, seconds in shares.items():
        total = sum(seconds) or 1.0
        split = ", ".join(f"{used:.2f} s ({used / total:.0%})" for used in seconds)
        print(f"web workers' processor time during {name}: {split}")
    if args.edits_per_second > 0:
        print(
            f"edits ({args.edit_kind}) during the load: {editor.made:,} made "
            f"({args.edits_per_second:g} a second asked), {len(editor.failures)} failed"
        )
        for failure in editor.failures[:5]:
            print(f"    {failure}")
        during = ", ".join(
            f"{name} {edits[name]} in {results[name].seconds:.0f} s" for name in results
        )
        print(f"edits while each endpoint was measured: {during}")
    averages = ", ".join(f"{average:.1f}" for average in loads)
    print(f"load average (1 min) at the start and after each endpoint: {averages}")
    for moment, measured in (("after start-up", started), ("after the load", loaded)):
        print(
            f"server memory {moment}: {measured.processes} processes "
            f"({measured.workers} web workers), RSS {measured.rss:,.0f} MiB, "
            f"PSS {measured.pss:,.0f} MiB"
        )
        for kind, rss, pss in measured.each:
            print(f"  {kind:<10} RSS {rss:,.0f} MiB, PSS {pss:,.0f} MiB")


def report(results: dict[str, Samples], args: argparse.Namespace, workers: int) -> None:
    print(
        f"{args.items:,} items, {args.records:,} records, {args.clients} clients, "
        f"{args.requests:,} requests per endpoint, {workers} server worker(s)"
    )
    floor50, floor95 = percentiles(results["trivial"].all)
    print(f"{'endpoint':<10} {'p50':>9} {'p95':>9} {'x p50':>7} {'x p95':>7} {'req/s':>7} failed")
    for name, samples in results.items():
        p50, p95 = percentiles(samples.all)
        rate = len(samples.all) / samples.seconds
        print(
            f"{name:<10} {p50:>7.1f}ms {p95:>7.1f}ms {p50 / floor50:>6.1f}x {p95 / floor95:>6.1f}x "
            f"{rate:>7.1f} {len(samples.failures)}"
        )
        for failure in sorted(set(samples.failures))[:5]:
            print(f"    {failure}")
    print("search page by term (same run):")
    for path, samples in sorted(results["search"].by_path.items()):
        p50, p95 = percentiles(samples)
        term = unquote(path.split("q=", 1)[1])
        print(f"  {term:<22} p50 {p50:>7.1f} ms  p95 {p95:>7.1f} ms  ({len(samples)} requests)")
    worst = max(percentiles(s.all)[1] for n, s in results.items() if n != "trivial")
    verdict = "met" if worst < TARGET_P95_MS else "not met"
    print(f"target p95 < {TARGET_P95_MS} ms for the search and record pages: {verdict}")


if __name__ == "__main__":
    main()
