"""What every command needs: settings, the archive's door for one viewer, consoles and errors.

A command acts as the archive's owner (an admin on this machine) unless ``--as-role`` asks to see
what an editor, analyst or viewer would see: every read goes through a viewer either way.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Final, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from docket.archive import Archive
from docket.config import Settings
from docket.door import Door
from docket.errors import DocketError
from docket.model.access import Viewer

P = ParamSpec("P")
R = TypeVar("R")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_PROBLEMS = 1
EXIT_ERROR = 2
EXIT_TERMINATED = 128 + 15  # what a shell reports for a process ended by SIGTERM
# Writing this many items or more into the search index is announced before it starts: on a
# terminal a bar shows its progress, and a log has a line saying why the command takes time.
LARGE_BACKLOG: Final = 1_000


class Terminated(BaseException):
    """SIGTERM arrived. A BaseException, as KeyboardInterrupt is: no ``except Exception`` on
    the way out may swallow it."""


def terminated(_signal: int, _frame: object) -> None:
    raise Terminated


AsRole = Annotated[
    str | None,
    typer.Option(
        "--as-role",
        help="See what a user with this role would see: admin, editor, analyst or viewer.",
        show_default=False,
    ),
]


AsJson = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]


def print_json(data: Any) -> None:
    """``data`` as indented JSON on stdout, for scripts (``--json``)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def progress_bar(heading: str, *, remaining: bool = False) -> Progress:
    """A progress bar on stderr (shown only on a terminal) that disappears when done;
    ``heading`` is its Rich format, e.g. ``"[bold]verify {task.description}"``."""
    columns = [TextColumn(heading), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    if remaining:
        columns.append(TimeRemainingColumn())
    return Progress(*columns, console=err, transient=True, disable=not err.is_terminal)


@contextmanager
def search_index_progress(
    doing: str, first: Callable[[], object] | None = None
) -> Iterator[Callable[[int, int], None]]:
    """What to tell of the items written into the search index and the items to write: a bar
    on a terminal named ``doing`` (``catching up``), and from :data:`LARGE_BACKLOG` items one
    line (``search index: catching up 20,000 items``); ``first`` runs before either."""
    progress = progress_bar("[bold]search index {task.description}", remaining=True)
    tasks: list[TaskID] = []

    def advanced(done: int, total: int) -> None:
        if not tasks:
            if first is not None:
                first()
            if total >= LARGE_BACKLOG:
                err.print(f"search index: {doing} {total:,} items")
            tasks.append(progress.add_task(doing, total=total))
        progress.update(tasks[0], completed=done, total=total)

    with progress:
        yield advanced


def settings_from(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings


def viewer_for(as_role: str | None) -> Viewer:
    """The archive's owner, or a viewer with ``as_role`` to see what that role would see."""
    return Viewer.owner() if as_role is None else Viewer.as_role(as_role)


@contextmanager
def opened(ctx: typer.Context) -> Iterator[Archive]:
    """The archive itself: for what answers for the whole of it (verify, checkpoints, users)."""
    archive = Archive.open(settings_from(ctx))
    try:
        yield archive
    finally:
        # What the command repaired on its way (a search index rebuilt when it first searched).
        for notice in archive.notices:
            err.print(f"[yellow]notice:[/yellow] {escape(notice)}", soft_wrap=True)
        archive.close()


@contextmanager
def archive_as(ctx: typer.Context, as_role: str | None = None) -> Iterator[Door]:
    """The archive as the owner, or as ``as_role`` would see it."""
    viewer = viewer_for(as_role)
    with opened(ctx) as archive:
        yield archive.as_viewer(viewer)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a domain error into one line on stderr and exit status 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except DocketError as error:
            # Escaped: a message may quote brackets (s3:...[/prefix], what a user typed).
            err.print(f"[red]error:[/red] {escape(str(error))}", markup=True)
            raise typer.Exit(EXIT_ERROR) from None
        except KeyboardInterrupt:
            err.print("interrupted; what was committed is kept, run the command again to finish")
            raise typer.Exit(130) from None
        except Terminated:
            err.print("stopped (SIGTERM); what was committed is kept")
            raise typer.Exit(EXIT_TERMINATED) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper
