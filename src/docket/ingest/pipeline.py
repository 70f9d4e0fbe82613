"""The ingest pipeline: store the original, derive a working copy, record custody, index.

Per item, the order is what makes a crash harmless: the original and its working copy are written
to the blob store first (atomic, content addressed); then one database transaction adds the item,
its working copy, its custody entries and its search entry together. A crash before that commit
leaves only unreferenced blobs, which the next ingest of the same file reuses.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from docket.db.engine import reading, writing
from docket.db.schema import items, renditions
from docket.errors import CorruptFile, DocketError, TooLarge
from docket.evidence.blobs import StoredBlob
from docket.evidence.custody import Action, utc_now
from docket.ingest.containers import ContainerLimits, MemberRejected, is_container, unpack
from docket.ingest.formats import Extraction, extract
from docket.ingest.language import detect_language
from docket.ingest.mediatype import sniff_media_type
from docket.ingest.provenance import Provenance
from docket.search import SearchDocument, index_item

if TYPE_CHECKING:
    from docket.archive import Archive

MEMBER_SEPARATOR = "!"


@dataclass(frozen=True)
class IngestOptions:
    max_size: int = 4 << 30
    max_depth: int = 5
    container_limits: ContainerLimits = field(default_factory=ContainerLimits)


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

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "id": self.id,
            "sha256": self.sha256,
            "status": self.status,
            "error": self.error,
            "notes": list(self.notes),
            "parent": self.parent_id,
        }


@dataclass(frozen=True)
class _Derived:
    media_type: str
    extraction: Extraction | None
    text_blob: StoredBlob | None
    language: str | None
    failure: str | None


class Ingestor:
    def __init__(self, archive: Archive, options: IngestOptions) -> None:
        self.archive = archive
        self.options = options

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
        if provenance.translation_of is not None:
            self.archive.get_item(provenance.translation_of)
        for path in self.walk(paths):
            yield from self._file(path, str(path), provenance, parent_id=None, depth=0)

    def _file(
        self, path: Path, display: str, provenance: Provenance, parent_id: int | None, depth: int
    ) -> Iterator[IngestResult]:
        try:
            blob = self._store_original(path)
        except DocketError as error:
            yield IngestResult(display, "error", error=str(error), parent_id=parent_id)
            return
        except OSError as error:
            yield IngestResult(display, "error", error=_os_message(error), parent_id=parent_id)
            return
        try:
            result, media_type = self._record(blob, path.name, provenance, parent_id)
        except DocketError as error:
            yield IngestResult(display, "error", sha256=blob.sha256, error=str(error))
            return
        yield IngestResult(
            display,
            result.status,
            id=result.id,
            sha256=blob.sha256,
            notes=result.notes,
            parent_id=parent_id,
        )
        if result.id is not None and is_container(media_type):
            yield from self._members(blob, display, provenance, result.id, depth)

    def _store_original(self, path: Path) -> StoredBlob:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise DocketError("symbolic link, not followed; ingest the file it points to instead")
        if not stat.S_ISREG(info.st_mode):
            raise DocketError("not a regular file")
        if info.st_size == 0:
            raise CorruptFile("file is empty")
        if info.st_size > self.options.max_size:
            raise TooLarge(f"{info.st_size:,} bytes is over the limit of {self.options.max_size:,}")
        return self.archive.blobs.put_file(path, max_size=self.options.max_size)

    def _record(
        self, blob: StoredBlob, name: str, provenance: Provenance, parent_id: int | None
    ) -> tuple[_Outcome, str]:
        engine = self.archive.engine
        with reading(engine) as connection:
            existing = _item_by_sha(connection, blob.sha256)
        if existing is not None:
            return self._seen_again(existing, name, provenance, parent_id)
        derived = self._derive(blob)
        try:
            with writing(engine) as connection:
                item_id = self._insert(connection, blob, name, provenance, parent_id, derived)
        except IntegrityError:
            # Another process stored the same bytes between our look-up and our insert.
            with reading(engine) as connection:
                existing = _item_by_sha(connection, blob.sha256)
            if existing is None:
                raise
            return self._seen_again(existing, name, provenance, parent_id)
        notes = (
            (*derived.extraction.notes,)
            if derived.extraction is not None
            else (f"kept without text: {derived.failure}",)
        )
        return _Outcome("new", item_id, notes), derived.media_type

    def _seen_again(
        self, existing: Any, name: str, provenance: Provenance, parent_id: int | None
    ) -> tuple[_Outcome, str]:
        if parent_id is not None and existing.parent_id == parent_id:
            # Re-reading a container already ingested: its members are not new sightings.
            return _Outcome("duplicate", existing.id, ()), existing.media_type
        with writing(self.archive.engine) as connection:
            self.archive.custody.append(
                connection,
                Action.SEEN_AGAIN,
                f"item:{existing.id}",
                {
                    "name": name,
                    "parent_id": parent_id,
                    "received_at": utc_now(),
                    "provenance": provenance.to_json(),
                },
                item_id=existing.id,
            )
        return _Outcome("duplicate", existing.id, ()), existing.media_type

    def _derive(self, blob: StoredBlob) -> _Derived:
        media_type = sniff_media_type(blob.path)
        try:
            extraction = extract(blob.path, media_type)
        except DocketError as error:
            return _Derived(media_type, None, None, None, str(error))
        except Exception as error:  # a parser bug on hostile input must not stop the batch
            return _Derived(media_type, None, None, None, f"reader failed ({type(error).__name__})")
        text_blob = (
            self.archive.blobs.put_bytes(extraction.text.encode("utf-8"))
            if extraction.text
            else None
        )
        return _Derived(media_type, extraction, text_blob, detect_language(extraction.text), None)

    def _insert(
        self,
        connection: Connection,
        blob: StoredBlob,
        name: str,
        provenance: Provenance,
        parent_id: int | None,
        derived: _Derived,
    ) -> int:
        extraction = derived.extraction
        found: dict[str, str] = dict(extraction.metadata) if extraction else {}
        values: dict[str, Any] = {
            "sha256": blob.sha256,
            "size": blob.size,
            "media_type": derived.media_type,
            "original_name": name,
            "title": provenance.title or (extraction.title if extraction else None) or None,
            "author": provenance.author or found.get("author") or None,
            "published": provenance.published or _iso_date(found.get("published")),
            "language": derived.language,
            "source_url": provenance.source_url,
            "collected_at": utc_now(),
            "collected_by": provenance.collected_by,
            "translation_of": provenance.translation_of,
            "parent_id": parent_id,
            "confidentiality": provenance.confidentiality,
            "reliability": None,
            "notes": provenance.note,
        }
        item_id = int(connection.execute(insert(items).values(values)).inserted_primary_key[0])
        custody = self.archive.custody
        subject = f"item:{item_id}"
        custody.append(
            connection,
            Action.RECEIVED,
            subject,
            {"item": values, "provenance": provenance.to_json(), "found_metadata": found},
            item_id=item_id,
        )
        if extraction is not None and derived.text_blob is not None:
            rendition = {
                "item_id": item_id,
                "kind": "text",
                "sha256": derived.text_blob.sha256,
                "size": derived.text_blob.size,
                "tool": extraction.tool,
                "tool_version": extraction.tool_version,
                "created_at": utc_now(),
                "page_starts": json.dumps(list(extraction.page_starts)),
                "notes": json.dumps(list(extraction.notes), ensure_ascii=False),
            }
            rendition_id = connection.execute(insert(renditions).values(rendition))
            rendition["id"] = int(rendition_id.inserted_primary_key[0])
            custody.append(connection, Action.TEXT_DERIVED, subject, rendition, item_id=item_id)
        else:
            reason = derived.failure or "no text found"
            custody.append(
                connection, Action.TEXT_FAILED, subject, {"reason": reason}, item_id=item_id
            )
        index_item(
            connection,
            SearchDocument(
                item_id=item_id,
                title=values["title"] or "",
                body=extraction.text if extraction else "",
                meta=" ".join(
                    str(v)
                    for v in (values["author"], name, values["source_url"], values["notes"])
                    if v
                ),
            ),
        )
        return item_id

    def _members(
        self, blob: StoredBlob, display: str, provenance: Provenance, parent_id: int, depth: int
    ) -> Iterator[IngestResult]:
        if depth + 1 > self.options.max_depth:
            yield IngestResult(
                display,
                "error",
                error=f"containers nested deeper than {self.options.max_depth} levels not opened",
                parent_id=parent_id,
            )
            return
        workdir = self.archive.blobs.workspace()
        try:
            media_type = sniff_media_type(blob.path)
            members = unpack(blob.path, media_type, workdir, self.options.container_limits)
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
                yield from self._file(member.path, child_display, inherited, parent_id, depth + 1)
                member.path.unlink(missing_ok=True)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


@dataclass(frozen=True)
class _Outcome:
    status: str
    id: int | None
    notes: tuple[str, ...]


def _item_by_sha(connection: Connection, sha256: str) -> Any:
    return connection.execute(
        select(items.c.id, items.c.parent_id, items.c.media_type).where(items.c.sha256 == sha256)
    ).first()


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


def _os_message(error: OSError) -> str:
    return error.strerror or type(error).__name__
