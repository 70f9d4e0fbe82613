"""``docket serve``: the team's web workspace over this archive."""

from __future__ import annotations

import os
import sys
import time
from typing import Annotated

import typer
from rich.markup import escape

from docket.archive import Archive
from docket.cli.context import err, opened, reports_errors, search_index_progress
from docket.errors import DocketError


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("worker")(worker)


def default_workers() -> int:
    """One web worker process per core this process may run on."""
    try:
        return max(1, min(32, len(os.sched_getaffinity(0))))
    except AttributeError:  # not on Linux
        return max(1, min(32, os.cpu_count() or 1))


@reports_errors
def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. Keep 127.0.0.1 and put a TLS proxy in front to serve "
            "a team; on any other address cookies are sent only over HTTPS."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Worker processes (default: one per core). Sign-in attempt limits are counted "
            "per process.",
            min=1,
            max=32,
            show_default=False,
        ),
    ] = None,
    insecure_cookies: Annotated[
        bool,
        typer.Option(
            "--insecure-cookies",
            help="Send session cookies over plain HTTP on a non-loopback address. Only for "
            "a closed network you trust: anyone on it could take over a session.",
        ),
    ] = False,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(
            "--trusted-proxy",
            metavar="ADDR",
            help="Address or CIDR block of a reverse proxy whose X-Forwarded-For and "
            "X-Forwarded-Proto are believed (repeatable). From any other peer they are ignored.",
        ),
    ] = None,
) -> None:
    """Run the web workspace: pages for the team and the JSON API under /api.

    Requests are not logged: a logged address would hold what someone searched for.
    """
    from docket.web import WebSettings, server

    settings = WebSettings(
        host=host,
        port=port,
        secure_cookies=False if insecure_cookies else None,
        trusted_proxies=tuple(trusted_proxy or ()),
    )
    workers = workers or default_workers()
    with opened(ctx) as archive:
        if not archive.accounts.users():
            raise DocketError(
                "no user can sign in yet: add one first with 'docket user add NAME --role admin'"
            )
        if not (archive.encrypted and workers > 1):
            # Each worker of an encrypted archive builds its own index in memory: one built
            # here would serve no request.
            catch_up_search(archive)
        supervision = (
            server.Supervision.bind(archive, settings, workers)
            if server.supervises_apart(workers)
            else None
        )
        err.print(
            f"Docket is serving {archive.settings.home} on http://{host}:{port}/ (Ctrl+C to stop)"
        )
        if supervision is None:
            server.run(archive, settings, workers=workers)
            return
    # The workers open the archive themselves: this process lets go of it first.
    supervision.become(sys.argv[1:])


def catch_up_search(archive: Archive) -> None:
    """Bring the search index to the chain's head before any worker answers: left to the
    first search, a worker indexed the whole backlog inside its read transaction while the
    others' searches used the database's own index. A failure is a warning: those searches
    are what the server falls back to."""
    started = time.perf_counter()
    # What opening the index found (missing, unreadable) says why the backlog is there.
    with search_index_progress("catching up", lambda: _tell(archive.take_notices())) as advanced:
        caught_up = archive.catch_up_search(advanced)
    _tell(archive.take_notices())
    if caught_up is None:
        return
    if caught_up.failure is not None:
        err.print(
            f"[yellow]warning:[/yellow] search index: not caught up "
            f"({escape(caught_up.failure)}); searching with the database's own index meanwhile",
            soft_wrap=True,
        )
        return
    err.print(
        f"search index: caught up {caught_up.written:,} items "
        f"in {time.perf_counter() - started:.1f} s"
    )


def _tell(notices: list[str]) -> None:
    for notice in notices:
        err.print(f"[yellow]notice:[/yellow] {escape(notice)}", soft_wrap=True)


@reports_errors
def worker(
    ctx: typer.Context,
    concurrency: Annotated[
        int, typer.Option(help="Jobs processed at once by this worker.", min=1, max=64)
    ] = 2,
    stalled_after: Annotated[
        float,
        typer.Option(
            help="Seconds without a heartbeat after which another worker's running jobs are "
            "handed out again (it was killed, or its machine is gone).",
            min=2,
            max=3600,
        ),
    ] = 30,
) -> None:
    """Process the archive's jobs (uploads to ingest, links to capture) until interrupted.

    Run as many as needed, on any machines that share the archive's PostgreSQL database and its
    folder (DOCKET_HOME). A job whose worker dies is run again by another; a job failing three
    times is reported failed with its reason and holds up no other.
    """
    with opened(ctx) as archive:
        home = archive.settings.home
        archive.work(
            concurrency=concurrency,
            stalled_after=stalled_after,
            started=lambda: err.print(
                f"Docket worker on {home}: {concurrency} at a time (Ctrl+C to stop)"
            ),
        )
