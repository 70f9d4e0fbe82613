"""Opening the Tantivy index's folder: owner-only, remade when unusable, refused when foreign.

The index holds every word of the archive, so its folder and files are made owner-only like the
rest of the archive folder. An index that cannot be used as it is (unreadable, incomplete, made
by another version) is cleared and made anew, with a notice, and rebuilt from the database; one
built for another archive is refused (:class:`~docket.search.tantivy_errors.ForeignIndex`)
rather than overwritten. An index without a folder lives in memory only.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import tantivy

from docket.search.tantivy_errors import ForeignIndex, first_line
from docket.search.tantivy_fields import SCHEMA, with_key_tokenizer
from docket.search.tantivy_writing import FORMAT, read_state

log = logging.getLogger(__name__)


def open_index(
    archive_id: str, folder: Path | None, *, new: bool, notice: Callable[[str], None]
) -> tantivy.Index:
    """Archive ``archive_id``'s index in ``folder`` (in memory when None), made if need be;
    what was wrong with the one found is told to ``notice``. ``new`` says the archive was
    just created, so an index is not expected yet."""
    with _repairing(folder):
        opened = _open_or_make(archive_id, folder, new=new, notice=notice)
        close_to_others(folder)
    return opened


def close_to_others(folder: Path | None) -> None:
    """Tantivy makes its files with the process's umask: they hold every word of the
    archive, so they are made owner-only like the rest of the archive folder."""
    if folder is None:
        return
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mode & 0o077:
            path.chmod(0o600)


def _open_or_make(
    archive_id: str, folder: Path | None, *, new: bool, notice: Callable[[str], None]
) -> tantivy.Index:
    if folder is None:
        return with_key_tokenizer(tantivy.Index(SCHEMA))
    # Owner-only like the rest of the archive folder: the index holds every word.
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    try:
        if tantivy.Index.exists(str(folder)):
            opened = with_key_tokenizer(tantivy.Index.open(str(folder)))
            if _owned(opened, archive_id, folder):
                return opened
            notice("the search index was made by another version of Docket; rebuilding it")
            shutil.rmtree(folder)
            folder.mkdir(mode=0o700)
            return with_key_tokenizer(tantivy.Index(SCHEMA, path=str(folder)))
    except ForeignIndex:
        raise
    except ValueError as error:
        log.info("unreadable search index: %s", first_line(error))
        notice("the search index was unreadable; rebuilding it")
        shutil.rmtree(folder)
        folder.mkdir(mode=0o700)
    else:
        if any(folder.iterdir()):
            notice("the search index was incomplete; rebuilding it")
            shutil.rmtree(folder)
            folder.mkdir(mode=0o700)
        elif not new:
            notice("the search index was missing; building it")
    return with_key_tokenizer(tantivy.Index(SCHEMA, path=str(folder), reuse=False))


def _owned(index: tantivy.Index, archive_id: str, folder: Path) -> bool:
    """Whether ``index`` is archive ``archive_id``'s, in this version's format (then its
    fields are the ones :data:`SCHEMA` names); :class:`ForeignIndex` when another archive's."""
    state = read_state(index.searcher())
    if state is not None and state.get("archive_id") != archive_id:
        raise ForeignIndex(
            f"the search index in {folder} belongs to another archive; move it away "
            "and run `docket reindex`"
        )
    return state is None or state.get("format") == FORMAT


@contextmanager
def _repairing(folder: Path | None) -> Iterator[None]:
    """One process at a time opens, and if need be clears and remakes, the index folder: two
    finding it unreadable at once must not remove each other's new index."""
    if folder is None:
        yield
        return
    folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = os.open(folder.with_name(folder.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
    finally:
        os.close(lock)
