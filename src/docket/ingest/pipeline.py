"""The ingest pipeline: store the original, derive a working copy, record custody, index.

The order is what makes a crash harmless. Items are gathered in small batches; for a batch, the
originals and working copies are first made durable in the blob store (atomic, content
addressed), then one database transaction adds the items, their working copies, custody entries
and search entries together. A crash before that commit leaves only unreferenced blobs, which the
next ingest of the same files reuses; results are reported only once committed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import multiprocessing
import os
import shutil
import stat
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, bindparam, insert, select
from sqlalchemy.exc import IntegrityError

from docket.db.bulk import insert_rows
from docket.db.engine import reading, writing
from docket.db.schema import items, renditions
from docket.errors import CorruptFile, DocketError, TooLarge
from docket.evidence.blobs import StagedBlob
from docket.evidence.custody import Action, Appender, utc_now
from docket.ingest.containers import MemberRejected, is_container, unpack
from docket.ingest.filenames import clean_line, name_bytes, stored_name
from docket.ingest.formats import Extraction, extract, is_readable
from docket.ingest.language import detect_language
from docket.ingest.mediatype import sniff_media_type
from docket.ingest.options import IngestOptions
from docket.ingest.provenance import Provenance
from docket.model.access import LEVELS as CONFIDENTIALITY_LEVELS
from docket.search import SearchDocument, index_items

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

# Built once: building a statement per item, with its values inlined, cost more than running it.
_ITEM_BY_SHA = select(
    items.c.id, items.c.parent_id, items.c.media_type, items.c.confidentiality
).where(items.c.sha256 == bindparam("sha256"))


@dataclass(frozen=True)
class IngestResult:
    """The outcome for one file or container member: ``new``, ``duplicate`` or ``error``."""

    path: str
    status: str
    id: int | None = None
    sha256: str | None = None
    error: str | None = None
    notes: tuple[str, ...] = ()
    parent_id: int | None = None
    confidentiality: str | None = None
    provenance_kept_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "id": self.id,
            "sha256": self.sha256,
            "status": self.status,
            "error": self.error,
            "notes": list(self.notes),
            "parent": self.parent_id,
            "confidentiality": self.confidentiality,
            "provenance_kept_at": self.provenance_kept_at,
        }

    @property
    def item_below_provenance(self) -> bool:
        """Known bytes brought again at a level above the item's: the item keeps its level, the
        new provenance is kept at the level it was given at (``provenance_kept_at``)."""
        return self.provenance_kept_at is not None


@dataclass(frozen=True)
class _Derived:
    media_type: str
    extraction: Extraction | None
    text_blob: StagedBlob | None
    language: str | None
    failure: str | None
    reading: Future[Reading] | None = None


Reading = tuple[Extraction | None, str | None, str | None]


def read(path: Path, media_type: str) -> Reading:
    """Extract the text of one file and identify its language: (extraction, language, failure).

    Runs in worker processes for large batches, so it takes and returns only picklable values.
    """
    try:
        extraction = extract(path, media_type)
    except DocketError as error:
        return None, None, str(error)
    except Exception as error:  # a parser bug on hostile input must not stop the batch
        return None, None, f"reader failed ({type(error).__name__})"
    # Worker results cross a process boundary: a read-only mapping view cannot be pickled.
    portable = dataclasses.replace(extraction, metadata=dict(extraction.metadata))
    return portable, detect_language(extraction.text), None


def _reader_pool(workers: int) -> ProcessPoolExecutor:
    # Spawned, not forked: a fork would copy the parent's open database connections.
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


class Ingestor:
    def __init__(self, kernel: Kernel, options: IngestOptions, actor: str) -> None:
        self.kernel = kernel
        self.actor = actor
        self.options = options
        self._batch: list[_Pending] = []
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
            pending = _Pending(display, given_name, provenance, parent_id, original, existing)
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
            return _item_by_sha(self._lookups, sha256)

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

    def _derive(self, original: StagedBlob) -> _Derived:
        path = original.readable_path
        media_type = sniff_media_type(path)
        if is_container(media_type) and not is_readable(media_type):
            # An archive's text is its members' text; they become items of their own.
            return _Derived(media_type, None, None, None, None)
        self._files_read += 1
        if self._pool is None and self._files_read >= PARALLEL_AFTER and self._workers > 1:
            self._pool = _reader_pool(self._workers)
        if self._pool is not None:
            return _Derived(
                media_type, None, None, None, None, self._pool.submit(read, path, media_type)
            )
        return self._finish(original, media_type, read(path, media_type))

    def _finish(self, original: StagedBlob, media_type: str, reading: Reading) -> _Derived:
        # Read: an encrypted archive need not keep the plaintext in memory until the commit.
        original.release_plain()
        extraction, language, failure = reading
        if extraction is None:
            return _Derived(media_type, None, None, None, failure)
        text_blob = None
        if extraction.text:
            encoded = extraction.text.encode("utf-8")
            # A UTF-8 text file is its own working copy: share the blob, don't write it twice.
            same = hashlib.sha256(encoded).hexdigest() == original.stored.sha256
            text_blob = original if same else self.kernel.blobs.stage_bytes(encoded)
        return _Derived(media_type, extraction, text_blob, language, None)

    def _collect_readings(self, batch: list[_Pending]) -> None:
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
        self._pool = _reader_pool(self._workers)
        try:
            return self._pool.submit(read, path, media_type).result()
        except BrokenProcessPool:
            self._pool = _reader_pool(self._workers)
            return None, None, "the reader crashed on this file"

    # -- batches ---------------------------------------------------------------------------

    def _add(self, pending: _Pending) -> None:
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
                self._commit(connection, log, batch)
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

    def _commit_alone(self, pending: _Pending) -> Iterator[IngestResult]:
        try:
            with (
                writing(self.kernel.engine) as connection,
                self.kernel.custody.batch(connection, actor=self.actor) as log,
            ):
                self._commit(connection, log, [pending])
        except IntegrityError:
            # Another process stored the same bytes between our look-up and our commit.
            with reading(self.kernel.engine) as connection:
                pending.existing = _item_by_sha(connection, pending.original.stored.sha256)
            if pending.existing is None:
                raise
            pending.derived = None
            with (
                writing(self.kernel.engine) as connection,
                self.kernel.custody.batch(connection, actor=self.actor) as log,
            ):
                self._commit(connection, log, [pending])
        except DocketError as error:
            yield pending.failed(str(error))
            return
        yield pending.result()

    def _committed_id(self, sha256: str) -> int | None:
        with reading(self.kernel.engine) as connection:
            row = _item_by_sha(connection, sha256)
        return None if row is None else int(row.id)

    def _commit(self, connection: Connection, log: Appender, batch: list[_Pending]) -> None:
        """Write the batch's rows and custody entries, then index its new items together.

        The rows of a batch go in with one statement per table (ids reserved first, as record
        import does); the custody entries follow in the batch's order, each item's received
        entry before its working copy's."""
        new = [pending for pending in batch if pending.existing is None]
        rows = [self._item_row(pending) for pending in new]
        for pending, item_id in zip(new, _insert(connection, items, rows), strict=True):
            pending.item_id = item_id
        texts = [(pending, _rendition_row(pending)) for pending in new if pending.working_copy]
        _insert(connection, renditions, [row for _, row in texts])
        made = {id(pending): row for pending, row in texts}
        values_of = {id(pending): row for pending, row in zip(new, rows, strict=True)}
        documents = []
        for pending in batch:
            if pending.existing is not None:
                self._seen_again(log, pending)
            else:
                documents.append(
                    self._log_new(log, pending, values_of[id(pending)], made.get(id(pending)))
                )
        index_items(connection, documents)

    def _seen_again(self, log: Appender, pending: _Pending) -> None:
        log.append(
            Action.SEEN_AGAIN,
            f"item:{pending.existing.id}",
            {
                "name": stored_name(pending.name),
                **_raw_name(pending.name),
                "parent_id": pending.parent_id,
                "received_at": utc_now(),
                "provenance": pending.provenance.to_json(),
            },
            item_id=pending.existing.id,
        )

    def _item_row(self, pending: _Pending) -> dict[str, Any]:
        """The new item's row, without its id."""
        derived = pending.derived
        assert derived is not None
        extraction = derived.extraction
        provenance = pending.provenance
        blob = pending.original.stored
        found = extraction.metadata if extraction else {}
        return {
            "sha256": blob.sha256,
            "size": blob.size,
            "media_type": derived.media_type,
            "original_name": stored_name(pending.name),
            "title": _label(provenance.title or (extraction.title if extraction else None)),
            "author": _label(provenance.author or found.get("author")),
            "published": provenance.published or _iso_date(found.get("published")),
            "language": derived.language,
            "source_url": provenance.source_url,
            "collected_at": utc_now(),
            "collected_by": provenance.collected_by,
            "translation_of": provenance.translation_of,
            "parent_id": pending.parent_id,
            "confidentiality": provenance.confidentiality,
            "reliability": None,
            "notes": provenance.note,
        }

    def _log_new(
        self,
        log: Appender,
        pending: _Pending,
        row: dict[str, Any],
        rendition: dict[str, Any] | None,
    ) -> SearchDocument:
        """The custody entries of a new item (written with ``row``, and ``rendition`` when it
        has a working copy); what the index is to hold of it."""
        derived = pending.derived
        assert derived is not None
        assert pending.item_id is not None
        extraction = derived.extraction
        item_id = pending.item_id
        subject = f"item:{item_id}"
        values = {key: value for key, value in row.items() if key != "id"}
        log.append(
            Action.RECEIVED,
            subject,
            {
                "item": values,
                "provenance": pending.provenance.to_json(),
                "found_metadata": dict(extraction.metadata) if extraction else {},
                **_raw_name(pending.name),
            },
            item_id=item_id,
        )
        if rendition is not None:
            log.append(Action.TEXT_DERIVED, subject, rendition, item_id=item_id)
        elif derived.failure is not None:
            log.append(Action.TEXT_FAILED, subject, {"reason": derived.failure}, item_id=item_id)
        return SearchDocument(
            item_id=item_id,
            title=values["title"] or "",
            body=extraction.text if extraction else "",
            meta=" ".join(
                str(v)
                for v in (
                    values["author"],
                    values["original_name"],
                    values["source_url"],
                    values["notes"],
                )
                if v
            ),
        )

    # -- containers ------------------------------------------------------------------------

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


@dataclass
class _Pending:
    """A file staged for the next batch commit."""

    display: str
    name: str
    provenance: Provenance
    parent_id: int | None
    original: StagedBlob
    existing: Any
    derived: _Derived | None = None
    item_id: int | None = None

    @property
    def working_copy(self) -> bool:
        """Whether the new item gets a text working copy."""
        derived = self.derived
        return (
            derived is not None and derived.extraction is not None and derived.text_blob is not None
        )

    @property
    def blobs(self) -> list[StagedBlob]:
        text = self.derived.text_blob if self.derived is not None else None
        return [self.original] if text is None or text is self.original else [self.original, text]

    def result(self) -> IngestResult:
        sha256 = self.original.stored.sha256
        if self.existing is not None:
            level = str(self.existing.confidentiality)
            given = self.provenance.confidentiality
            return IngestResult(
                self.display,
                "duplicate",
                id=self.existing.id,
                sha256=sha256,
                parent_id=self.parent_id,
                confidentiality=level,
                provenance_kept_at=given if _rank(given) > _rank(level) else None,
            )
        notes: tuple[str, ...] = ()
        if self.derived is not None and self.derived.extraction is not None:
            notes = self.derived.extraction.notes
        elif self.derived is not None and self.derived.failure is not None:
            notes = (f"kept without text: {self.derived.failure}",)
        return IngestResult(
            self.display,
            "new",
            id=self.item_id,
            sha256=sha256,
            notes=notes,
            parent_id=self.parent_id,
            confidentiality=self.provenance.confidentiality,
        )

    def failed(self, reason: str) -> IngestResult:
        return IngestResult(
            self.display,
            "error",
            sha256=self.original.stored.sha256,
            error=reason,
            parent_id=self.parent_id,
        )


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` and give their new ids, in order. Many go in by the driver's bulk path,
    ids reserved first; one alone by a plain statement, which reports a clash of its unique
    columns as SQLAlchemy's IntegrityError (what a commit of one item retries on)."""
    if len(rows) > 1:
        return insert_rows(connection, table, rows)
    ids = []
    for row in rows:
        key = connection.execute(insert(table), row).inserted_primary_key
        assert key is not None
        row["id"] = int(key[0])
        ids.append(row["id"])
    return ids


def _rendition_row(pending: _Pending) -> dict[str, Any]:
    """The row of a new item's working copy (its item id known), without its own id."""
    derived = pending.derived
    assert derived is not None
    assert derived.extraction is not None
    assert derived.text_blob is not None
    assert pending.item_id is not None
    extraction = derived.extraction
    text_blob = derived.text_blob.stored
    return {
        "item_id": pending.item_id,
        "kind": "text",
        "sha256": text_blob.sha256,
        "size": text_blob.size,
        "tool": extraction.tool,
        "tool_version": extraction.tool_version,
        "created_at": utc_now(),
        "page_starts": json.dumps(list(extraction.page_starts)),
        "notes": json.dumps(list(extraction.notes), ensure_ascii=False),
    }


def _item_by_sha(connection: Connection, sha256: str) -> Any:
    return connection.execute(_ITEM_BY_SHA, {"sha256": sha256}).first()


def _rank(level: str) -> int:
    return CONFIDENTIALITY_LEVELS.index(level) if level in CONFIDENTIALITY_LEVELS else -1


def _raw_name(name: str) -> dict[str, str]:
    """The name's bytes as given, for the custody entry, when the kept name differs."""
    raw = name_bytes(name)
    return {} if raw is None else {"name_bytes": raw}


def _iso_date(value: str | None) -> str | None:
    """Keep a found publication date only when it is a plain calendar date."""
    if not value:
        return None
    candidate = value[:10]
    try:
        date.fromisoformat(candidate)
    except ValueError:
        return None
    return candidate


def _label(text: str | None) -> str | None:
    """A title or author as shown to people: no display tricks, None when nothing is left."""
    return clean_line(text) or None if text else None


def _os_message(error: OSError) -> str:
    return error.strerror or type(error).__name__
