"""Running the workspace: one process, or several worker processes sharing the archive.

Worker processes are started by uvicorn and build their own application from the environment
(:func:`application`), so each opens the archive itself; the database serialises their writes.
On Linux each worker listens through a socket of its own (:mod:`docket.listening`), so new
connections are spread over the workers instead of going to the busiest, and the process that
started them becomes a supervisor that holds nothing of the archive (:mod:`docket.supervisor`).
Every process that serves the archive keeps its backup plan (:class:`Scheduler`); a lock lets
one of them look at a time.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from typing import Any, Final, NoReturn

import uvicorn
from fastapi import FastAPI

from docket import supervisor
from docket.archive import Archive
from docket.config import Settings
from docket.errors import DocketError
from docket.listening import SharedAddress, balances_connections
from docket.web.app import create_app
from docket.web.config import WebSettings

SETTINGS_VARIABLE: Final = "DOCKET_WEB_SETTINGS"
# Read by glibc when a worker process starts; an administrator's own value is kept.
MALLOC_ARENAS_VARIABLE: Final = "MALLOC_ARENA_MAX"
MALLOC_ARENAS: Final = "2"

APPLICATION: Final = supervisor.APPLICATION

log = logging.getLogger(__name__)


def application() -> FastAPI:
    """The workspace of a worker process, from the archive and settings its parent chose."""
    settings = WebSettings(**json.loads(os.environ.get(SETTINGS_VARIABLE, "{}")))
    archive = Archive.open(Settings.from_env())
    archive.prepare_search()
    for notice in archive.notices:
        log.warning(notice)
    return create_app(archive, settings, backups=True)


def supervises_apart(workers: int) -> bool:
    """Whether ``workers`` worker processes are watched by a process of their own
    (:class:`Supervision`) rather than served from this one (:func:`run`)."""
    return workers > 1 and balances_connections()


def run(archive: Archive, settings: WebSettings, *, workers: int = 1) -> None:
    """Serve in this process until interrupted: one worker, or several through one shared
    socket where connections cannot be spread. Requests are not logged: an address can hold
    a search."""
    if workers <= 1:
        uvicorn.run(create_app(archive, settings, backups=True), **_options(settings))
        return
    _export(archive.settings, settings)
    uvicorn.run(APPLICATION, factory=True, workers=workers, **_options(settings))


@dataclass(frozen=True)
class Supervision:
    """The address bound for the workers; :meth:`become` once the archive is closed."""

    address: SharedAddress
    options: dict[str, Any]
    workers: int
    # The archive held open through the exec, so that ``docket lock`` stops the supervisor
    # with its workers (left alone, uvicorn would start a stopped worker again).
    hold: int | None

    @classmethod
    def bind(cls, archive: Archive, settings: WebSettings, workers: int) -> Supervision:
        """Bind the address (``DocketError`` when it cannot be) and leave the workers what
        they need to open ``archive`` as this process did."""
        try:
            address = SharedAddress(settings.host, settings.port)
        except OSError as error:
            raise DocketError(
                f"cannot listen on {settings.host}:{settings.port}: {error.strerror or error}"
            ) from error
        _export(archive.settings, settings)
        return cls(address, _options(settings), workers, archive.held_through_exec())

    def become(self, command: list[str]) -> NoReturn:
        """Replace this process with the workers' supervisor, shown as ``command``."""
        supervisor.hand_over(self.address, self.options, self.workers, command)


def _options(settings: WebSettings) -> dict[str, Any]:
    return {
        "host": settings.host,
        "port": settings.port,
        "access_log": False,
        "server_header": False,
        "log_level": "warning",
        "proxy_headers": False,
    }


def _export(archive: Settings, settings: WebSettings) -> None:
    """What a worker process reads to open the archive and build its workspace."""
    os.environ["DOCKET_HOME"] = str(archive.home)
    os.environ["DOCKET_DATABASE_URL"] = archive.database_url
    # An encrypted archive's workers unlock it as the parent did (env of this user's processes).
    for variable, value in (
        ("DOCKET_KEY_FILE", archive.key_file),
        ("DOCKET_KEY", archive.key_text),
        ("DOCKET_PASSPHRASE", archive.passphrase),
    ):
        if value:
            os.environ[variable] = str(value)
    os.environ[SETTINGS_VARIABLE] = json.dumps(asdict(settings))
    # glibc gives each thread that allocates at once an arena of its own and keeps what is
    # freed in it: the request threads of a loaded worker held 30-45 MiB more that way (100,000
    # items, 20 clients). Most of Python's allocations happen under its global lock, so two
    # arenas cost little waiting.
    os.environ.setdefault(MALLOC_ARENAS_VARIABLE, MALLOC_ARENAS)
