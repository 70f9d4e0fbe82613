"""An archive's files are readable by its owner only (folder 0700, database 0600, blobs 0400,
keys 0600); an archive made before that is tightened the first time it is opened."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

from docket.evidence import keys
from docket.evidence.blobs import BlobStore

HOME_MODE = 0o700
DATABASE_MODE = 0o600
# SQLite's companions of the database file in WAL mode.
SQLITE_SUFFIXES = ("-wal", "-shm")
_OTHERS = stat.S_IRWXG | stat.S_IRWXO

log = logging.getLogger(__name__)


def open_to_others(path: Path) -> bool:
    """Whether anyone but the owner has any access to ``path`` (False when it does not exist)."""
    try:
        return bool(path.stat().st_mode & _OTHERS)
    except FileNotFoundError:
        return False


def make_private(home: Path, keys_dir: Path, blobs: BlobStore, database: Path | None) -> int:
    """Take away others' access to the archive in ``home``; returns how many modes changed.

    Cheap when there is nothing to do: the whole blob store is walked only when its folder or the
    archive's folder is open to others, which only an archive made before this rule is. Logs one
    warning when something changed, since others may have read the archive until now.
    """
    changed = 0
    try:
        walk_blobs = open_to_others(home) or open_to_others(blobs.root)
        if open_to_others(home):
            home.chmod(HOME_MODE)
            changed += 1
        if database is not None:
            companions = (database.with_name(database.name + s) for s in SQLITE_SUFFIXES)
            for path in (database, *companions):
                if open_to_others(path):
                    path.chmod(DATABASE_MODE)
                    changed += 1
        changed += keys.restrict(keys_dir)
        if walk_blobs:
            changed += blobs.restrict()
    except PermissionError as error:
        log.warning("cannot make %s readable by its owner only: %s", home, error.strerror)
        return changed
    if changed:
        log.warning(
            "%s was open to other users of this computer; it is readable by its owner only now "
            "(%d %s changed)",
            home,
            changed,
            "mode" if changed == 1 else "modes",
        )
    return changed
