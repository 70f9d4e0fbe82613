"""Running the workspace: one process, or several worker processes sharing the archive.

Worker processes are started by uvicorn and build their own application from the environment
(:func:`application`), so each opens the archive itself; the database serialises their writes.
On Linux each worker listens through a socket of its own (:mod:`docket.listening`), so new
connections are spread over the workers instead of going to the busiest.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict
from typing import Final

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

from docket.archive import Archive
from docket.config import Settings
from docket.errors import DocketError
from docket.listening import SharedAddress, balances_connections
from docket.safekeeping.schedule import Scheduler
from docket.web.app import create_app
from docket.web.config import WebSettings

APPLICATION: Final = "docket.web.server:application"
SETTINGS_VARIABLE: Final = "DOCKET_WEB_SETTINGS"
# Read by glibc when a worker process starts; an administrator's own value is kept.
MALLOC_ARENAS_VARIABLE: Final = "MALLOC_ARENA_MAX"
MALLOC_ARENAS: Final = "2"

log = logging.getLogger(__name__)


def application() -> FastAPI:
    """The workspace of a worker process, from the archive and settings its parent chose."""
    settings = WebSettings(**json.loads(os.environ.get(SETTINGS_VARIABLE, "{}")))
    archive = Archive.open(Settings.from_env())
    archive.prepare_search()
    for notice in archive.notices:
        log.warning(notice)
    return create_app(archive, settings)


def run(archive: Archive, settings: WebSettings, *, workers: int = 1) -> None:
    """Serve until interrupted. Requests are not logged: an address can hold a search.

    This process (not the workers) also makes the backups an admin planned, when due.
    """
    scheduler = Scheduler(archive)
    scheduler.start()
    try:
        _serve(archive, settings, workers)
    finally:
        scheduler.stop()


def _serve(archive: Archive, settings: WebSettings, workers: int) -> None:
    options = {
        "host": settings.host,
        "port": settings.port,
        "access_log": False,
        "server_header": False,
        "log_level": "warning",
        "proxy_headers": False,
    }
    if workers <= 1:
        uvicorn.run(create_app(archive, settings), **options)  # type: ignore[arg-type]
        return
    os.environ["DOCKET_HOME"] = str(archive.settings.home)
    os.environ["DOCKET_DATABASE_URL"] = archive.settings.database_url
    # An encrypted archive's workers unlock it as the parent did (env of this user's processes).
    for variable, value in (
        ("DOCKET_KEY_FILE", archive.settings.key_file),
        ("DOCKET_KEY", archive.settings.key_text),
        ("DOCKET_PASSPHRASE", archive.settings.passphrase),
    ):
        if value:
            os.environ[variable] = str(value)
    os.environ[SETTINGS_VARIABLE] = json.dumps(asdict(settings))
    # glibc gives each thread that allocates at once an arena of its own and keeps what is
    # freed in it: the request threads of a loaded worker held 30-45 MiB more that way (100,000
    # items, 20 clients). Most of Python's allocations happen under its global lock, so two
    # arenas cost little waiting.
    os.environ.setdefault(MALLOC_ARENAS_VARIABLE, MALLOC_ARENAS)
    if not balances_connections():
        uvicorn.run(APPLICATION, factory=True, workers=workers, **options)  # type: ignore[arg-type]
        return
    config = uvicorn.Config(APPLICATION, factory=True, workers=workers, **options)  # type: ignore[arg-type]
    try:
        address = SharedAddress(settings.host, settings.port)
    except OSError as error:
        raise DocketError(
            f"cannot listen on {settings.host}:{settings.port}: {error.strerror or error}"
        ) from error
    with address:
        Multiprocess(config, sockets=[address]).run()
