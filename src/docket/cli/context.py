"""What every command needs: settings, the opened archive, consoles and one-line errors."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console

from docket.archive import Archive
from docket.config import Settings
from docket.errors import DocketError

P = ParamSpec("P")
R = TypeVar("R")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_PROBLEMS = 1
EXIT_ERROR = 2


def settings_from(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings


@contextmanager
def opened(ctx: typer.Context) -> Iterator[Archive]:
    archive = Archive.open(settings_from(ctx))
    try:
        yield archive
    finally:
        archive.close()


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a domain error into one line on stderr and exit status 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except DocketError as error:
            err.print(f"[red]error:[/red] {error}", markup=True)
            raise typer.Exit(EXIT_ERROR) from None
        except KeyboardInterrupt:
            err.print("interrupted; what was committed is kept, run the command again to finish")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper
