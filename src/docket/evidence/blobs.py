"""Content-addressed, write-once storage of originals and working copies.

A blob is stored under its SHA-256. It is written to a temporary file, fsynced, renamed into place
atomically and made read-only, so a crash at any moment leaves either no blob or a complete one.
Folders are 0700 and blobs 0400: evidence is readable by the archive's owner only, and never
rewritten.

In an encrypted archive each blob is sealed while it is written (``docket.vault.stream``) and
named by a keyed hash of its SHA-256; the SHA-256 of the plaintext stays its address everywhere
else. What readers need as a file (a format's parser, a container's members) is plaintext kept in
memory only, in a folder on a RAM-backed file system.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import re
import shutil
import stat
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from docket.errors import DocketError, TooLarge
from docket.vault.keyring import ArchiveKeys
from docket.vault.memory import PlainCopy, ram_folder
from docket.vault.stream import DamagedBlob, Encryptor, decrypted_chunks, open_sealed

CHUNK = 1 << 20
T = TypeVar("T")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# Fsyncs wait on the disk, not the CPU: this many at once lets the disk merge them.
PARALLEL_SYNCS = 16
# One pool for the process: starting sixteen threads for every batch cost more than the syncs.
_sync_pool: ThreadPoolExecutor | None = None
_sync_pool_lock = threading.Lock()
FOLDER_MODE = 0o700
BLOB_MODE = 0o400


class StorageFull(DocketError):
    """The disk holding the archive is full."""


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    path: Path


class TemporaryFile:
    """A staged blob's file, kept open until commit so its fsync needs no second open."""

    def __init__(self, path: Path, descriptor: int, plain: PlainCopy | None = None) -> None:
        self.path = path
        self.descriptor: int | None = descriptor
        self.placed = False
        # The plaintext of a sealed blob, in memory, for the readers that need a file.
        self.plain = plain

    def sync(self) -> None:
        if self.descriptor is not None:
            os.fsync(self.descriptor)

    def close(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None

    def remove(self) -> None:
        self.close()
        if self.plain is not None:
            self.plain.close()
            self.plain = None
        if not self.placed:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()


@dataclass(frozen=True)
class StagedBlob:
    """A blob written to a temporary file (``temporary``), or already stored (None)."""

    stored: StoredBlob
    temporary: TemporaryFile | None
    # A sealed blob's plaintext in memory, for a blob that was already stored.
    plain: PlainCopy | None = None

    def release_plain(self) -> None:
        """Drop the plaintext kept in memory for readers, once they are done with it: a batch
        then holds only the files still being read. Reading ``readable_path`` afterwards fails
        (the copy is gone) rather than read the sealed bytes."""
        for copy in (self.plain, self.temporary.plain if self.temporary else None):
            if copy is not None:
                copy.close()

    @property
    def readable_path(self) -> Path:
        """Where its plaintext can be read now, until it is committed or discarded."""
        if self.plain is not None:
            return self.plain.path
        if self.temporary is not None and not self.temporary.placed:
            if self.temporary.plain is not None:
                return self.temporary.plain.path
            return self.temporary.path
        return self.stored.path


class BlobStore:
    """Blobs live at ``root/ab/cd/abcd…``; temporary files under ``root/tmp``.

    With ``keys`` the store is sealed: blobs are encrypted with the archive's blob key.
    """

    def __init__(
        self, root: Path, keys: ArchiveKeys | None = None, *, plain_fallback: bool = False
    ) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self._folders: set[Path] = set()
        self._keys = keys
        self._blob_key = keys.blob_key if keys is not None else b""
        self._ram: Path | None = None
        # While an archive is being encrypted, blobs not sealed yet are read where they lie.
        self.plain_fallback = plain_fallback and keys is not None

    @property
    def sealed(self) -> bool:
        return self._keys is not None

    def create(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        self.tmp.mkdir(exist_ok=True, mode=FOLDER_MODE)

    def restrict(self) -> int:
        """Make every folder 0700 and every blob 0400; returns how many modes it changed.

        For stores made before modes were owner-only: it walks the whole store.
        """
        changed = 0
        for folder, subfolders, files in os.walk(self.root):
            changed += _set_mode(Path(folder), FOLDER_MODE)
            for name in subfolders:
                changed += _set_mode(Path(folder) / name, FOLDER_MODE)
            for name in files:
                path = Path(folder) / name
                if _SHA256.fullmatch(name):
                    changed += _set_mode(path, BLOB_MODE)
                else:  # a temporary file, maybe still being written: only others lose access
                    with contextlib.suppress(FileNotFoundError):
                        changed += _set_mode(path, stat.S_IMODE(path.lstat().st_mode) & 0o700)
        return changed

    def path_of(self, sha256: str) -> Path:
        """Where the blob with this SHA-256 lies (sealed, in an encrypted archive)."""
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        name = self._keys.blob_name(sha256) if self._keys is not None else sha256
        return self.root / name[:2] / name[2:4] / name

    def plain_path_of(self, sha256: str) -> Path:
        """Where the blob lies unencrypted: in a plain archive, or one not yet encrypted."""
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file() or (
            self.plain_fallback and self.plain_path_of(sha256).is_file()
        )

    def put_file(self, source: Path, max_size: int | None = None) -> StoredBlob:
        """Store a copy of ``source`` durably (see ``stage_file`` and ``commit``)."""
        staged = self.stage_file(source, max_size=max_size)
        self.commit([staged])
        return staged.stored

    def put_bytes(self, data: bytes) -> StoredBlob:
        staged = self.stage_bytes(data)
        self.commit([staged])
        return staged.stored

    def stage_file(
        self, source: Path, max_size: int | None = None, *, keep_plain: bool = False
    ) -> StagedBlob:
        """Copy ``source`` to a temporary file and hash it, not following a final symlink.

        With ``keep_plain`` a sealed store keeps the plaintext in memory until commit, for
        readers that need it as a file (``readable_path``).
        """
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as stream:
            return self.stage_stream(stream, max_size=max_size, keep_plain=keep_plain)

    def stage_bytes(self, data: bytes) -> StagedBlob:
        return self.stage_stream(io.BytesIO(data))

    def stage_stream(
        self, stream: BinaryIO, max_size: int | None = None, *, keep_plain: bool = False
    ) -> StagedBlob:
        """Write ``stream`` to a temporary file; nothing is in the store until ``commit``.

        Staging many blobs and committing them together lets their fsyncs run side by side. A
        sealed store encrypts as it writes: the temporary file never holds plaintext.
        """
        digest = hashlib.sha256()
        size = 0
        tmp_path = self.tmp / f"{os.getpid()}-{os.urandom(8).hex()}"
        with _reporting_full_disk():
            descriptor = os.open(tmp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        encryptor = Encryptor(self._blob_key) if self.sealed else None
        plain = PlainCopy.new(self._ram_tmp()) if encryptor is not None and keep_plain else None
        temporary = TemporaryFile(tmp_path, descriptor, plain)
        try:
            with _reporting_full_disk():
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if max_size is not None and size > max_size:
                        raise TooLarge(f"larger than the limit of {max_size:,} bytes")
                    digest.update(chunk)
                    if plain is not None:
                        plain.write(chunk)
                    _write_all(descriptor, encryptor.update(chunk) if encryptor else chunk)
                if encryptor is not None:
                    _write_all(descriptor, encryptor.finish())
        except BaseException:
            temporary.remove()
            raise
        sha256 = digest.hexdigest()
        final = self.path_of(sha256)
        if final.is_file():
            temporary.plain = None
            temporary.remove()
            return StagedBlob(StoredBlob(sha256, size, final), None, plain)
        return StagedBlob(StoredBlob(sha256, size, final), temporary)

    def commit(self, staged: Sequence[StagedBlob]) -> None:
        """Make staged blobs durable: fsync each, rename into place read-only, fsync folders.

        A crash at any point leaves each blob either absent or complete, never partial.
        """
        pending = [blob.temporary for blob in staged if blob.temporary is not None]
        for blob in staged:
            if blob.plain is not None:
                blob.plain.close()
        if not pending:
            return
        try:
            with _reporting_full_disk():
                _in_parallel(TemporaryFile.sync, pending)
                folders: set[Path] = set()
                for blob in staged:
                    temporary = blob.temporary
                    if temporary is None or temporary.placed:
                        continue
                    temporary.close()
                    final = blob.stored.path
                    if final.is_file():
                        continue
                    if final.parent not in self._folders:
                        # Each level by itself: ``parents=True`` ignores the mode for the first.
                        final.parent.parent.mkdir(exist_ok=True, mode=FOLDER_MODE)
                        final.parent.mkdir(exist_ok=True, mode=FOLDER_MODE)
                        self._folders.add(final.parent)
                    os.chmod(temporary.path, BLOB_MODE)
                    os.replace(temporary.path, final)
                    temporary.placed = True
                    folders.add(final.parent)
                _in_parallel(_fsync_dir, sorted(folders))
        finally:
            for temporary in pending:
                temporary.remove()

    def discard(self, staged: Sequence[StagedBlob]) -> None:
        for blob in staged:
            if blob.temporary is not None:
                blob.temporary.remove()
            if blob.plain is not None:
                blob.plain.close()

    def open(self, sha256: str) -> BinaryIO:
        """The blob's plaintext as a stream (decrypted and authenticated as it is read)."""
        path = self.path_of(sha256)
        if self.plain_fallback and not path.is_file() and self.plain_path_of(sha256).is_file():
            return open(self.plain_path_of(sha256), "rb")
        source = open(path, "rb")  # noqa: SIM115 -- the caller closes what it is handed
        if self._keys is None:
            return source
        return open_sealed(source, self._blob_key, f"stored file {sha256[:12]}…")

    def read_bytes(self, sha256: str) -> bytes:
        with self._open_raw(sha256) as (stream, sealed):
            if not sealed:
                return stream.read()
            name = f"stored file {sha256[:12]}…"
            return b"".join(decrypted_chunks(stream, self._blob_key, name))

    def read_text(self, sha256: str) -> str:
        return self.read_bytes(sha256).decode("utf-8")

    @contextlib.contextmanager
    def plain_file(self, sha256: str) -> Iterator[Path]:
        """A path to the blob's plaintext for readers that need a file, while the block runs:
        the blob itself, or in a sealed store a copy in memory."""
        if self._keys is None:
            yield self.path_of(sha256)
            return
        copy = PlainCopy.new(self._ram_tmp())
        try:
            with self.open(sha256) as stream:
                while chunk := stream.read(CHUNK):
                    copy.write(chunk)
            yield copy.path
        finally:
            copy.close()

    def rehash(self, sha256: str) -> tuple[str, int] | None:
        """The actual SHA-256 and size of the stored blob's plaintext, or None when it is
        missing. A sealed blob that fails authentication hashes to '' (changed)."""
        digest = hashlib.sha256()
        size = 0
        try:
            with self._open_raw(sha256) as (stream, sealed):
                chunks = (
                    decrypted_chunks(stream, self._blob_key, f"stored file {sha256[:12]}…")
                    if sealed
                    else iter(lambda: stream.read(CHUNK), b"")
                )
                for chunk in chunks:
                    digest.update(chunk)
                    size += len(chunk)
        except FileNotFoundError:
            return None
        except DamagedBlob:
            return "", size
        return digest.hexdigest(), size

    @contextlib.contextmanager
    def _open_raw(self, sha256: str) -> Iterator[tuple[BinaryIO, bool]]:
        """The stored file as it lies, and whether it is sealed."""
        path = self.path_of(sha256)
        sealed = self._keys is not None
        if self.plain_fallback and not path.is_file() and self.plain_path_of(sha256).is_file():
            path, sealed = self.plain_path_of(sha256), False
        with open(path, "rb") as stream:
            yield stream, sealed

    def remove_stale_temporaries(self) -> None:
        """Delete temporary files left by processes that no longer run (a crash mid-write)."""
        for leftover in self._temporaries():
            pid = leftover.name.split("-", 1)[0]
            if pid.isdigit() and not process_alive(int(pid)):
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    with contextlib.suppress(FileNotFoundError):
                        leftover.unlink()

    def workspace(self) -> Path:
        """A private scratch folder, removed by the caller when done: on the archive's disk, or
        for a sealed store on a RAM-backed file system, since what is put there is plaintext."""
        parent = self.workspaces()
        parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        path = parent / f"{os.getpid()}-work-{os.urandom(8).hex()}"
        path.mkdir(mode=0o700)
        return path

    def workspaces(self) -> Path:
        """The folder :meth:`workspace` makes its scratch folders in."""
        return self._ram_tmp() if self.sealed else self.tmp

    def _ram_tmp(self) -> Path:
        # One folder per archive, so cleaning one archive's leftovers leaves another's alone.
        assert self._keys is not None
        if self._ram is None:
            self._ram = ram_folder() / self._keys.blob_name("0" * 64)[:16]
        self._ram.mkdir(mode=FOLDER_MODE, exist_ok=True)
        return self._ram

    def _temporaries(self) -> Iterator[Path]:
        folders = [self.tmp]
        if self.sealed:
            with contextlib.suppress(DocketError):
                folders.append(self._ram_tmp())
        for folder in folders:
            if folder.is_dir():
                yield from folder.iterdir()


@contextlib.contextmanager
def _reporting_full_disk() -> Iterator[None]:
    try:
        yield
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise StorageFull(
                "the disk holding the archive is full; free space and retry"
            ) from None
        raise


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _in_parallel(action: Callable[[T], None], targets: Sequence[T]) -> None:
    if len(targets) <= 1:
        for target in targets:
            action(target)
        return
    list(_syncing_pool().map(action, targets))


def _syncing_pool() -> ThreadPoolExecutor:
    global _sync_pool
    with _sync_pool_lock:
        if _sync_pool is None:
            _sync_pool = ThreadPoolExecutor(
                max_workers=PARALLEL_SYNCS, thread_name_prefix="docket-sync"
            )
        return _sync_pool


def _forget_sync_pool() -> None:
    # A forked child inherits the pool but not its threads: it starts its own when it needs one.
    global _sync_pool, _sync_pool_lock
    _sync_pool = None
    _sync_pool_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_sync_pool)


def _set_mode(path: Path, mode: int) -> int:
    """Set ``path``'s permission bits to ``mode`` (a symlink is left alone); 1 if they changed."""
    try:
        info = path.lstat()
    except FileNotFoundError:  # a temporary file its process has just removed
        return 0
    if stat.S_ISLNK(info.st_mode) or stat.S_IMODE(info.st_mode) == mode:
        return 0
    os.chmod(path, mode)
    return 1


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def process_alive(pid: int) -> bool:
    """Whether a process of this machine with this number runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
