"""The ingest pipeline: store the original, derive a working copy, record custody, index.

The order is what makes a crash harmless. Items are gathered in small batches; for a batch, the
originals and working copies are first made durable in the blob store (atomic, content
addressed), then one database transaction adds the items, their working copies, custody entries
and search entries together. A crash before that commit leaves only unreferenced blobs, which the
next ingest of the same files reuses; results are reported only once committed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from docket.db.engine import reading, writing
from docket.errors import CorruptFile, DocketError, TooLarge
from docket.evidence.blobs import StagedBlob
from docket.ingest.committing import commit_batch, item_by_sha
from docket.ingest.containers import MemberRejected, is_container, unpack
from docket.ingest.formats import is_readable
from docket.ingest.mediatype import sniff_media_type
from docket.ingest.options import IngestOptions
from docket.ingest.pending import Derived, IngestResult, Pending
from docket.ingest.provenance import Provenance
from docket.ingest.reading import Reading, read, reader_pool

if TYPE_CHECKING:
    from docket.kernel import Kernel

MEMBER_SEPARATOR = "!"
CHECKPOINT_EVERY = 500
# A batch is committed when it holds this many items or is this old, whichever comes first: big
# enough to share fsyncs, small enough that a crash loses little work and progress stays live.
BATCH_ITEMS = 100
BATCH_SECONDS = 1.0
# Files are read by worker processes, one per core, once a run has this many to read; fewer do
# not repay the second or so each worker needs to start.
PARALLEL_AFTER = 32


class Ingestor:
    def __init__(self, kernel: Kernel, options: IngestOptions, actor: str) -> None:
        self.kernel = kernel
        self.actor = actor
        self.options = options
        self._batch: list[Pending] = []
        # The originals of the batch, by hash: the same bytes twice in one batch is looked for
        # with every file.
        self._batch_shas: set[str] = set()
        self._batch_started = 0.0
        # One connection for looking up each file's hash, held for the run: taking one from the
        # pool for each file cost as much as the look-up.
        self._lookups: Connection | None = None
        self._since_checkpoint = 0
        self._files_read = 0
        self._pool: ProcessPoolExecutor | None = None
        self._workers = options.workers

    @staticmethod
    def walk(paths: Sequence[Path]) -> Iterator[Path]:
        """Files under ``paths`` in a stable order. Symbolic links are yielded, never followed."""
        for path in paths:
            if path.is_dir() and not path.is_symlink():
                for directory, subdirectories, files in os.walk(path, followlinks=False):
                    subdirectories.sort()
                    base = Path(directory)
                    for name in sorted(files):
                        yield base / name
                    for name in subdirectories:
                        if (base / name).is_symlink():
                            yield base / name
            else:
                yield path

    def run(self, paths: Sequence[Path], provenance: Provenance) -> Iterator[IngestResult]:
        try:
            for path in self.walk(paths):
                yield from self._file(
                    path, str(path), path.name, provenance, parent_id=None, depth=0
                )
            yield from self._flush()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
            if self._lookups is not None:
                self._lookups.close()
            self.kernel.blobs.discard([blob for p in self._batch for blob in p.blobs])

    # -- one file --------------------------------------------------------------------------

    def _file(
        self,
        path: Path,
        display: str,
        given_name: str,
        provenance: Provenance,
        parent_id: int | None,
        depth: int,
    ) -> Iterator[IngestResult]:
        """Ingest one file; ``given_name`` is its name as it came (inside its container: its
        path there), kept cleaned as the item's original name."""
        try:
            original = self._stage_original(path)
        except DocketError as error:
            yield IngestResult(display, "error", error=str(error), parent_id=parent_id)
            return
        except OSError as error:
            yield IngestResult(display, "error", error=_os_message(error), parent_id=parent_id)
            return
        sha256 = original.stored.sha256
        if sha256 in self._batch_shas:
            # The same bytes twice in one batch: commit the first so the second can refer to it.
            yield from self._flush()
        existing = self._existing(sha256)
        if existing is not None and parent_id is not None and existing.parent_id == parent_id:
            # Re-reading a container already ingested: its members are not new sightings.
            self.kernel.blobs.discard([original])
            yield IngestResult(
                display,
                "duplicate",
                id=existing.id,
                sha256=sha256,
                parent_id=parent_id,
                confidentiality=existing.confidentiality,
            )
            media_type = existing.media_type
        else:
            pending = Pending(display, given_name, provenance, parent_id, original, existing)
            if existing is None:
                pending.derived = self._derive(original)
                media_type = pending.derived.media_type
            else:
                # Seen before: nothing reads it again.
                original.release_plain()
                media_type = existing.media_type
            self._add(pending)
        if is_container(media_type):
            yield from self._flush()
            item_id = existing.id if existing is not None else self._committed_id(sha256)
            if item_id is not None:
                with self.kernel.blobs.plain_file(sha256) as stored:
                    yield from self._members(stored, display, provenance, item_id, depth)
        elif self._batch_due():
            yield from self._flush()

    def _existing(self, sha256: str) -> Any:
        """The committed item with these bytes, if any (its id, parent, type and level)."""
        if self._lookups is None:
            self._lookups = self.kernel.engine.connect()
        # A transaction of its own for each look-up: it sees every commit made before it.
        with self._lookups.begin():
            return item_by_sha(self._lookups, sha256)

    def _stage_original(self, path: Path) -> StagedBlob:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise DocketError("symbolic link, not followed; ingest the file it points to instead")
        if not stat.S_ISREG(info.st_mode):
            raise DocketError("not a regular file")
        if info.st_size == 0:
            raise CorruptFile("file is empty")
        if info.st_size > self.options.max_size:
            raise TooLarge(f"{info.st_size:,} bytes is over the limit of {self.options.max_size:,}")
        # Readers need the original as a file: an encrypted archive keeps it in memory for them.
        return self.kernel.blobs.stage_file(path, max_size=self.options.max_size, keep_plain=True)

    def _derive(self, original: StagedBlob) -> Derived:
        path = original.readable_path
        media_type = sniff_media_type(path)
        if is_container(media_type) and not is_readable(media_type):
            # An archive's text is its members' text; they become items of their own.
            return Derived(media_type, None, None, None, None)
        self._files_read += 1
        if self._pool is None and self._files_read >= PARALLEL_AFTER and self._workers > 1:
            self._pool = reader_pool(self._workers)
        if self._pool is not None:
            return Derived(
                media_type, None, None, None, None, self._pool.submit(read, path, media_type)
            )
        return self._finish(original, media_type, read(path, media_type))

    def _finish(self, original: StagedBlob, media_type: str, reading: Reading) -> Derived:
        # Read: an encrypted archive need not keep the plaintext in memory until the commit.
        original.release_plain()
        extraction, language, failure = reading
        if extraction is None:
            return Derived(media_type, None, None, None, failure)
        text_blob = None
        if extraction.text:
            encoded = extraction.text.encode("utf-8")
            # A UTF-8 text file is its own working copy: share the blob, don't write it twice.
            same = hashlib.sha256(encoded).hexdigest() == original.stored.sha256
            text_blob = original if same else self.kernel.blobs.stage_bytes(encoded)
        return Derived(media_type, extraction, text_blob, language, None)

    def _collect_readings(self, batch: list[Pending]) -> None:
        """Wait for the worker processes' readings of a batch; retry any a crashed worker lost."""
        for pending in batch:
            derived = pending.derived
            if derived is None or derived.reading is None:
                continue
            try:
                reading = derived.reading.result()
            except BrokenProcessPool:
                reading = self._read_alone(pending.original.readable_path, derived.media_type)
            except Exception as error:
                reading = None, None, f"reader failed ({type(error).__name__})"
            pending.derived = self._finish(pending.original, derived.media_type, reading)

    def _read_alone(self, path: Path, media_type: str) -> Reading:
        # A reader that kills its process (a native-code crash on a hostile file) must not take
        # the batch with it: retry each lost file in a fresh process of its own.
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = reader_pool(self._workers)
        try:
            return self._pool.submit(read, path, media_type).result()
        except BrokenProcessPool:
            self._pool = reader_pool(self._workers)
            return None, None, "the reader crashed on this file"

    # -- batches ---------------------------------------------------------------------------

    def _add(self, pending: Pending) -> None:
        if not self._batch:
            self._batch_started = time.monotonic()
        self._batch.append(pending)
        self._batch_shas.add(pending.original.stored.sha256)

    def _batch_due(self) -> bool:
        return len(self._batch) >= BATCH_ITEMS or (
            bool(self._batch) and time.monotonic() - self._batch_started >= BATCH_SECONDS
        )

    def _flush(self) -> Iterator[IngestResult]:
        batch, self._batch = self._batch, []
        self._batch_shas = set()
        if not batch:
            return
        self._collect_readings(batch)
        staged = [blob for pending in batch for blob in pending.blobs]
        try:
            self.kernel.blobs.commit(staged)
        except DocketError as error:
            self.kernel.blobs.discard(staged)
            for pending in batch:
                yield pending.failed(str(error))
            return
        try:
            with (
                writing(self.kernel.engine) as connection,
                self.kernel.custody.batch(connection, actor=self.actor) as log,
            ):
                commit_batch(connection, log, batch)
        except Exception:
            for pending in batch:
                pending.item_id = None
                yield from self._commit_alone(pending)
        else:
            for pending in batch:
                yield pending.result()
        self._since_checkpoint += len(batch)
        if self._since_checkpoint >= CHECKPOINT_EVERY:
            self.kernel.checkpoint()
            self._since_checkpoint = 0

    def _commit_alone(self, pending: Pending) -> Iterator[IngestResult]:
        try:
            with (
                writing(self.kernel.engine) as connection,
                self.kernel.custody.batch(connection, actor=self.actor) as log,
            ):
                commit_batch(connection, log, [pending])
        except IntegrityError:
            # Another process stored the same bytes between our look-up and our commit.
            with reading(self.kernel.engine) as connection:
                pending.existing = item_by_sha(connection, pending.original.stored.sha256)
            if pending.existing is None:
                raise
            pending.derived = None
            with (
                writing(self.kernel.engine) as connection,
                self.kernel.custody.batch(connection, actor=self.actor) as log,
            ):
                commit_batch(connection, log, [pending])
        except DocketError as error:
            yield pending.failed(str(error))
            return
        yield pending.result()

    def _committed_id(self, sha256: str) -> int | None:
        with reading(self.kernel.engine) as connection:
            row = item_by_sha(connection, sha256)
        return None if row is None else int(row.id)

    def _members(
        self, stored: Path, display: str, provenance: Provenance, parent_id: int, depth: int
    ) -> Iterator[IngestResult]:
        if depth + 1 > self.options.max_depth:
            yield IngestResult(
                display,
                "error",
                error=f"containers nested deeper than {self.options.max_depth} levels not opened",
                parent_id=parent_id,
            )
            return
        workdir = self.kernel.blobs.workspace()
        try:
            members = unpack(
                stored, sniff_media_type(stored), workdir, self.options.container_limits
            )
            inherited = provenance.for_member()
            while True:
                try:
                    member = next(members)
                except StopIteration:
                    break
                except DocketError as error:
                    yield IngestResult(display, "error", error=str(error), parent_id=parent_id)
                    break
                child_display = f"{display}{MEMBER_SEPARATOR}{member.name}"
                if isinstance(member, MemberRejected):
                    yield IngestResult(
                        child_display, "error", error=member.reason, parent_id=parent_id
                    )
                    continue
                yield from self._file(
                    member.path,
                    child_display,
                    member.original_name,
                    inherited,
                    parent_id,
                    depth + 1,
                )
                member.path.unlink(missing_ok=True)
            # Members were read from the scratch folder: commit them before it goes.
            yield from self._flush()
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


def _os_message(error: OSError) -> str:
    return error.strerror or type(error).__name__
