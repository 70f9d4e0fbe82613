"""Which index an opened archive searches with: opened at the first search, in memory for an
encrypted archive, and on a server archive used only by the host that claimed its folder.

On PostgreSQL the folder may sit on a folder shared by several machines (the blob store of
``docket worker`` processes); a memory-mapped index is not for a network file system, so the
first host to open it claims it (:data:`~docket.search.tantivy_index.HOST_FILE`) and the
processes of other hosts search with PostgreSQL's full text.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from docket.config import TANTIVY
from docket.db.engine import reading
from docket.kernel import Kernel
from docket.search.tantivy_backlog import BacklogProgress, CatchUp
from docket.search.tantivy_errors import IndexUnavailable
from docket.search.tantivy_index import HOST_FILE, INDEX_DIR, SearchIndex

log = logging.getLogger(__name__)

# Where an opened archive keeps its index among the kernel's derived data.
_KERNEL_SLOT: Final = "search_index"


@dataclass(frozen=True)
class _Unused:
    """Why this process searches with the database's own index although it should use the
    Tantivy index: kept so that it is said once, not on every search."""

    notice: str


def attach(kernel: Kernel, *, new: bool = False, catch_up: bool = True) -> SearchIndex | None:
    """Open (build, catch up) the index of ``kernel``'s archive, if it searches with one:
    every archive does unless ``DOCKET_SEARCH=database``. An encrypted archive's index is kept
    in memory only; a server archive's is used by the host that claimed it, and the processes
    of other hosts (or of a host that cannot use the folder) search with PostgreSQL's own
    index, after one notice."""
    settings = kernel.settings
    if settings.search_engine != TANTIVY:
        return None
    if new and not settings.is_sqlite and not (settings.home / HOST_FILE).exists():
        # `docket init` of a server archive may run on any machine: the host that searches
        # first, normally the one serving the web, claims and builds the index.
        return None
    folder: Path | None = settings.home / INDEX_DIR
    if kernel.encrypted:
        assert folder is not None
        if folder.exists():
            # Left from before the archive was encrypted: plaintext words on disk.
            shutil.rmtree(folder)
            log.info("removed the search index written before the archive was encrypted")
        folder = None
    try:
        if not settings.is_sqlite:
            owner, claimed_now = _search_host(settings.home)
            # The first search of a server archive builds its index: nothing was missing.
            new = new or claimed_now
            if owner != socket.gethostname():
                _unused(
                    kernel,
                    f"the search index in {settings.home / INDEX_DIR} serves the host {owner}; "
                    "searching with PostgreSQL's full text (run `docket reindex` on this host "
                    "to move the index here)",
                )
                return None
        if catch_up:
            with reading(kernel.engine) as connection:
                index = SearchIndex.open(connection, kernel.archive_id, folder, new=new)
        else:
            index = SearchIndex(kernel.archive_id, folder, new=new)
    except OSError as error:
        _unused(
            kernel,
            f"cannot use the search index in {settings.home / INDEX_DIR} "
            f"({error.strerror or type(error).__name__}); searching with the database's own index",
        )
        return None
    kernel.derived[_KERNEL_SLOT] = index
    return index


def catch_up_in_steps(kernel: Kernel, progress: BacklogProgress | None) -> CatchUp | None:
    """Open the index of ``kernel``'s archive, if it searches with one, and bring it to the
    chain's head a step at a time (:mod:`docket.search.tantivy_backlog`); None when the
    archive searches with its database's own index. An index that could not be written stays
    opened, so that searches use the database's own index and try again, as they do after any
    failed write."""
    index = opened_as_it_is(kernel)
    if index is None:
        return None
    try:
        return CatchUp(index.catch_up_in_steps(kernel.engine, progress))
    except IndexUnavailable as error:
        log.info("the search index was not caught up: %s", error)
        return CatchUp(0, str(error))


def opened_as_it_is(kernel: Kernel, *, new: bool = False) -> SearchIndex | None:
    """The index of ``kernel``'s archive, as :func:`attached`, but not caught up when this
    opens it: the caller writes it a step at a time, outside one long read transaction."""
    with _OPENING:
        if isinstance(kernel.derived.get(_KERNEL_SLOT), _Unused):
            return None
        return opened(kernel) or attach(kernel, new=new, catch_up=False)


def _unused(kernel: Kernel, notice: str) -> None:
    log.info(notice)
    kernel.derived[_KERNEL_SLOT] = _Unused(notice)


def _search_host(home: Path) -> tuple[str, bool]:
    """The host whose processes use the index in ``home``, claimed by this one if none is; and
    whether this call claimed it."""
    claim = home / HOST_FILE
    here = socket.gethostname()
    try:
        return claim.read_text(encoding="utf-8").strip(), False
    except FileNotFoundError:
        pass
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Written aside and linked in: a process reading the claim never sees it half written, and
    # of two hosts claiming at once one link fails.
    draft = home / f"{HOST_FILE}.{here}.{os.getpid()}"
    draft.write_text(here + "\n", encoding="utf-8")
    try:
        os.link(draft, claim)
    except FileExistsError:
        return claim.read_text(encoding="utf-8").strip(), False
    finally:
        draft.unlink()
    return here, True


def claimed_here(kernel: Kernel) -> SearchIndex | None:
    """The index to rebuild, as :func:`opened_as_it_is`; a server archive's is first claimed
    for this host (``docket reindex`` run on the new search host)."""
    settings = kernel.settings
    if not settings.is_sqlite and settings.search_engine == TANTIVY:
        here = socket.gethostname()
        draft = settings.home / f"{HOST_FILE}.{here}.{os.getpid()}"
        settings.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        draft.write_text(here + "\n", encoding="utf-8")
        draft.replace(settings.home / HOST_FILE)
        with _OPENING:
            if isinstance(kernel.derived.get(_KERNEL_SLOT), _Unused):
                del kernel.derived[_KERNEL_SLOT]
    # Rebuilt next whatever it holds: a missing index is no news.
    return opened_as_it_is(kernel, new=True)


def notices(kernel: Kernel) -> list[str]:
    """What opening the index repaired on its own, or why this process does not use it."""
    found = kernel.derived.get(_KERNEL_SLOT)
    if isinstance(found, _Unused):
        return [found.notice]
    return list(found.notices) if isinstance(found, SearchIndex) else []


def take_notices(kernel: Kernel) -> list[str]:
    """:func:`notices`, once: those of the opened index are forgotten once told."""
    found = kernel.derived.get(_KERNEL_SLOT)
    told = notices(kernel)
    if isinstance(found, SearchIndex):
        found.notices.clear()
    return told


# One opening at a time: two threads of a web worker searching first at once build one index.
_OPENING: Final = threading.Lock()


def attached(kernel: Kernel) -> SearchIndex | None:
    """The index of ``kernel``'s archive, opened the first time something searches: a command
    that never searches never reads it (nor, on an encrypted archive, builds it in memory)."""
    if isinstance(kernel.derived.get(_KERNEL_SLOT), _Unused):
        return None
    found = opened(kernel)
    if found is not None:
        return found
    with _OPENING:
        if isinstance(kernel.derived.get(_KERNEL_SLOT), _Unused):
            return None
        return opened(kernel) or attach(kernel)


def opened(kernel: Kernel) -> SearchIndex | None:
    """The index already opened for ``kernel``, if any."""
    found = kernel.derived.get(_KERNEL_SLOT)
    return found if isinstance(found, SearchIndex) else None
