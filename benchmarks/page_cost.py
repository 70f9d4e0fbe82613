"""Server time of the search and record pages against the trivial endpoint, in-process.

    .venv/bin/python benchmarks/page_cost.py [--items 20000] [--records 10000]
                                             [--requests 200] [--clients N]
                                             [--profile search|record|search-afresh|record-afresh]

The archive of benchmarks/web.py (``--items`` items of benchmarks/large_archive.py and
``--records`` imported records). The app is called straight through its ASGI interface, one
request after another, so what is timed is the server's own work per request, without the
queueing that 20 or 50 clients add: ``GET /api/me`` (the floor), the search page for each of
web.py's terms, and record pages of every type. The search page keeps each answer for the next
request asking the same at the same archive position, so its terms are also timed on an app that
keeps no answer ("afresh"): what a first ask after a change costs, the snippets of texts that did
not change being kept across changes; and with no snippet kept either ("new query"). The record
pages, which keep their reads and parts in the same way, are also timed afresh. ``--profile``
prints where one page's time goes (cProfile, sorted by cumulative time). Each request is timed
twice: elapsed, and as the CPU
time the process spent on it, which other work on a shared machine disturbs much less.

``--clients N`` sends each endpoint's requests N at a time, through the app's own thread pool as
a server does, and reports the CPU time per request over the whole run and the database
connections the pool had to open: what concurrency costs the server itself, without HTTP and
without a load generator sharing the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import fastapi.dependencies.utils
import fastapi.routing
from sqlalchemy import event
from sqlalchemy.pool import Pool

sys.path.insert(0, str(Path(__file__).parent))

from docket.archive import Archive
from docket.kept import Remembered
from docket.web import WebSettings, create_app
from request_cost import App, Statuses, receive, scope
from timing import percentiles
from web import FREQUENT, paths_of, prepare

# Where an archive keeps its snippets in the process (docket.search.service), named here so
# that this script also measures code from before snippets were kept.
KEPT_SNIPPETS = "kept_snippets"


async def _timed(
    app: App, cookie: str, targets: list[str], requests: int
) -> tuple[list[float], list[float]]:
    """Seconds of each of ``requests`` GETs of ``targets`` in turn, after one of each: as
    elapsed, and as CPU time of this process (all its threads), which the other work on a
    shared machine slows far less."""

    statuses = send = Statuses()
    for target in targets:
        await app(scope(cookie, target), receive, send)
    samples = []
    cpu = []
    for number in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        await app(scope(cookie, targets[number % len(targets)]), receive, send)
        samples.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    if set(statuses) != {200}:
        raise SystemExit(f"{targets[0]}: answered {sorted(set(statuses))}")
    return samples, cpu


async def _concurrent(
    app: App, cookie: str, targets: list[str], requests: int, clients: int
) -> tuple[float, float, int]:
    """CPU and elapsed seconds per request of ``requests`` GETs of ``targets`` sent
    ``clients`` at a time (after one round of warm-up), and the database connections opened."""

    async def run(count: int) -> None:
        statuses = Statuses()
        waiting = asyncio.Semaphore(clients)

        async def one(number: int) -> None:
            async with waiting:
                await app(scope(cookie, targets[number % len(targets)]), receive, statuses)

        await asyncio.gather(*(one(number) for number in range(count)))
        if set(statuses) != {200}:
            raise SystemExit(f"{targets[0]}: answered {sorted(set(statuses))}")

    await run(clients * 4)
    opened = [0]

    def connected(*_: object) -> None:
        opened[0] += 1

    event.listen(Pool, "connect", connected)
    try:
        started, started_cpu = time.perf_counter(), time.process_time()
        await run(requests)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    finally:
        event.remove(Pool, "connect", connected)
    return cpu / requests, elapsed / requests, opened[0]


@contextmanager
def _inline_threadpool() -> Iterator[None]:
    """FastAPI's hops to the thread pool made on the event loop's thread, where the profiler
    sees them (cProfile follows one thread)."""

    async def inline(function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    modules = [fastapi.routing, fastapi.dependencies.utils]
    saved = [module.run_in_threadpool for module in modules]
    for module in modules:
        module.run_in_threadpool = inline  # type: ignore[assignment]
    try:
        yield
    finally:
        for module, original in zip(modules, saved, strict=True):
            module.run_in_threadpool = original  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="per endpoint")
    parser.add_argument(
        "--profile",
        choices=("search", "record", "search-afresh", "record-afresh"),
        help="search-afresh, record-afresh: the page with nothing kept (answers, snippets)",
    )
    parser.add_argument("--profile-file", type=Path, help="also save the profile here (pstats)")
    parser.add_argument("--clients", type=int, help="send the requests this many at a time")
    args = parser.parse_args()
    settings, cookie, record_ids = prepare(args.items, args.records)
    endpoints = paths_of(record_ids)
    endpoints["search (frequent)"] = [f"/search?q={quote(term)}" for term in FREQUENT]
    archive = Archive.open(settings)
    try:
        app = create_app(archive, WebSettings(secure_cookies=False))
        if args.clients:
            _print_concurrent(app, cookie, endpoints, args)
            return
        results = {
            name: asyncio.run(_timed(app, cookie, targets, args.requests))
            for name, targets in endpoints.items()
        }
        # The same searches with no answer kept between requests: what each first ask after a
        # change costs (the snippets of texts that did not change are kept across changes).
        afresh = create_app(archive, WebSettings(secure_cookies=False))
        afresh.state.workspace.search_answers = Remembered(kept=0)
        afresh.state.workspace.record_pages = Remembered(kept=0)
        for name in ("search", "search (frequent)", "record"):
            results[f"{name}, afresh"] = asyncio.run(
                _timed(afresh, cookie, endpoints[name], args.requests)
            )
        # And with no snippet kept either: a query asked for the first time.
        archive.kernel.derived[KEPT_SNIPPETS] = Remembered(kept=0)
        for name in ("search", "search (frequent)"):
            results[f"{name}, new query"] = asyncio.run(
                _timed(afresh, cookie, endpoints[name], args.requests)
            )
        if args.profile:
            profiler = cProfile.Profile()
            with _inline_threadpool():
                profiler.enable()
                page = args.profile.removesuffix("-afresh")
                profiled = afresh if args.profile.endswith("-afresh") else app
                asyncio.run(_timed(profiled, cookie, endpoints[page], args.requests))
                profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            if args.profile_file:
                profiler.dump_stats(args.profile_file)
    finally:
        archive.close()
    print(
        f"{args.items:,} items, {args.records:,} records, {args.requests} requests per endpoint, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    floor50, _floor95 = percentiles(results["trivial"][0])
    cpu_floor50, _ = percentiles(results["trivial"][1])
    for name, (samples, cpu) in results.items():
        p50, p95 = percentiles(samples)
        cpu50, _cpu95 = percentiles(cpu)
        print(
            f"{name:<30} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  {p50 / floor50:6.1f}x p50"
            f"  |  CPU p50 {cpu50:7.2f} ms  {cpu50 / cpu_floor50:6.1f}x"
        )


def _print_concurrent(
    app: App, cookie: str, endpoints: dict[str, list[str]], args: argparse.Namespace
) -> None:
    print(
        f"{args.items:,} items, {args.records:,} records, {args.requests} requests per endpoint, "
        f"{args.clients} at a time"
    )
    for name, targets in endpoints.items():
        cpu, elapsed, opened = asyncio.run(
            _concurrent(app, cookie, targets, args.requests, args.clients)
        )
        print(
            f"{name:<18} CPU {cpu * 1000:6.2f} ms  elapsed {elapsed * 1000:6.2f} ms per request"
            f"  |  {opened} database connections opened  |  load {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
