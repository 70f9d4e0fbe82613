"""``Archive``: the one door through which the CLI, the web app and tests reach an archive."""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, insert, inspect, select, update
from sqlalchemy.exc import OperationalError

from docket import __version__
from docket.config import Settings
from docket.db import migrate
from docket.db.engine import make_engine, reading, writing
from docket.db.schema import archive_meta, items, proposals, renditions
from docket.errors import ArchiveExists, ArchiveNotFound, DocketError, ItemNotFound
from docket.evidence import keys
from docket.evidence.bags import BagItem, write_bag
from docket.evidence.blobs import BlobStore
from docket.evidence.custody import Action, Checkpoint, CustodyLog, Entry, replay, utc_now
from docket.evidence.verify import (
    HeadStatement,
    Problem,
    Progress,
    Verifier,
    _compare_item,  # one item's share of a whole verify
)
from docket.ingest.options import IngestOptions
from docket.ingest.provenance import Provenance
from docket.search import SearchFilters, SearchHit, search
from docket.search.browse import Facets, ItemPage, facets, list_items

if TYPE_CHECKING:
    from docket.ingest.pipeline import IngestResult
    from docket.records import RecordStore

KEYS_DIR = "keys"
# Custody action of a person seeing a confidential item in the workspace.
ITEM_VIEWED = "item_viewed"
BLOBS_DIR = "blobs"

# Item columns whose values are bound into the chain of custody: a change to any of them that is
# not recorded as a custody entry is reported by ``verify``.
ITEM_FIELDS = (
    "sha256",
    "size",
    "media_type",
    "original_name",
    "title",
    "author",
    "published",
    "language",
    "source_url",
    "collected_at",
    "collected_by",
    "translation_of",
    "parent_id",
    "confidentiality",
    "reliability",
    "notes",
)
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "author",
        "published",
        "language",
        "source_url",
        "collected_by",
        "translation_of",
        "confidentiality",
        "reliability",
        "notes",
    }
)


@dataclass(frozen=True)
class ItemView:
    """Everything ``docket show`` tells about one item."""

    item: dict[str, Any]
    renditions: list[dict[str, Any]]
    history: list[Entry]
    children: list[int]

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = {
            "item": self.item,
            "renditions": self.renditions,
            "children": self.children,
            "custody": [entry.to_json() for entry in self.history],
        }
        if text is not None:
            result["text"] = text
        return result


@dataclass(frozen=True)
class Mention:
    """Words of an item's working copy (``start``/``end`` offsets) that a proposal is about."""

    start: int
    end: int
    kind: str
    label: str
    status: str
    proposal_id: int


class Archive:
    """An opened archive: its database, blob store, signing key and services."""

    def __init__(self, settings: Settings, engine: Engine, archive_id: str, public_key: str):
        self.settings = settings
        self.engine = engine
        self.archive_id = archive_id
        self.public_key = public_key
        self.blobs = BlobStore(settings.home / BLOBS_DIR)
        self.custody = CustodyLog(archive_id)

    # -- life cycle -------------------------------------------------------------------------

    @classmethod
    def create(cls, settings: Settings) -> Archive:
        """Make a new archive: folder, database schema, blob store, key and first custody entry."""
        home = settings.home
        if (home / KEYS_DIR / keys.PRIVATE_KEY_FILE).exists():
            raise ArchiveExists(f"an archive already exists in {home}")
        home.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.database_url)
        try:
            with writing(engine) as connection:
                if "archive_meta" in inspect(connection).get_table_names():
                    raise ArchiveExists("the database already holds an archive")
                migrate.upgrade(connection)
            public = keys.encode_public_key(keys.create_key(home / KEYS_DIR))
            archive_id = str(uuid.uuid4())
            blobs = BlobStore(home / BLOBS_DIR)
            blobs.create()
            archive = cls(settings, engine, archive_id, public)
            with writing(engine) as connection:
                connection.execute(
                    insert(archive_meta),
                    [
                        {"key": "archive_id", "value": archive_id},
                        {"key": "public_key", "value": public},
                        {"key": "created_at", "value": utc_now()},
                    ],
                )
                archive.custody.start(connection)
                archive.custody.append(
                    connection,
                    Action.ARCHIVE_CREATED,
                    "archive",
                    {"archive_id": archive_id, "public_key": public},
                )
            archive.checkpoint()
        except BaseException:
            engine.dispose()
            raise
        return archive

    @classmethod
    def open(cls, settings: Settings) -> Archive:
        """Open an existing archive, applying any pending schema migrations."""
        sqlite_path = settings.sqlite_path
        if settings.is_sqlite and (sqlite_path is None or not sqlite_path.exists()):
            raise ArchiveNotFound(
                f"no archive in {settings.home}; create one with `docket init` "
                "or set DOCKET_HOME to its folder"
            )
        engine = make_engine(settings.database_url)
        try:
            with reading(engine) as connection:
                meta = dict(
                    connection.execute(select(archive_meta.c.key, archive_meta.c.value)).all()
                )
                revision = migrate.current_revision(connection)
        except OperationalError as error:
            engine.dispose()
            raise ArchiveNotFound(f"cannot read the archive database: {error.orig}") from None
        except Exception:
            engine.dispose()
            raise ArchiveNotFound(
                "the database holds no archive; create one with `docket init`"
            ) from None
        if "archive_id" not in meta:
            engine.dispose()
            raise ArchiveNotFound("the database holds no archive; create one with `docket init`")
        if revision != migrate.SCHEMA_HEAD:
            with writing(engine) as connection:
                migrate.upgrade(connection)
        archive = cls(settings, engine, meta["archive_id"], meta["public_key"])
        archive.blobs.create()
        archive.blobs.remove_stale_temporaries()
        return archive

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- evidence ---------------------------------------------------------------------------

    def ingest(
        self,
        paths: Sequence[Path],
        provenance: Provenance,
        options: IngestOptions | None = None,
    ) -> Iterator[IngestResult]:
        """Ingest files and folders; one result per file or container member, in order."""
        # Imported here: the format readers take a second to load and only ingest needs them.
        from docket.ingest.pipeline import Ingestor

        ingestor = Ingestor(self, options or IngestOptions())
        try:
            yield from ingestor.run(paths, provenance)
        finally:
            self.checkpoint()

    def count_inputs(self, paths: Sequence[Path]) -> int:
        """How many files an ingest of ``paths`` will read at the top level (for progress)."""
        from docket.ingest.pipeline import Ingestor

        return sum(1 for _ in Ingestor.walk(paths))

    def get_item(self, item_id: int) -> dict[str, Any]:
        with reading(self.engine) as connection:
            return self._item_row(connection, item_id)

    def show(self, item_id: int, levels: Collection[str] | None = None) -> ItemView:
        """The item as a reader cleared for ``levels`` sees it (None: everything): custody
        entries revealing more than that, and links to items above it, are left out."""
        with reading(self.engine) as connection:
            item = self._item_row(connection, item_id)
            if levels is not None:
                item = self._as_seen(connection, item, levels)
            rows = connection.execute(
                select(renditions).where(renditions.c.item_id == item_id).order_by(renditions.c.id)
            ).mappings()
            derived = [
                {
                    **dict(row),
                    "page_starts": json.loads(row["page_starts"]),
                    "notes": json.loads(row["notes"]),
                }
                for row in rows
            ]
            if levels is None:
                history = list(self.custody.entries(connection, item_id=item_id))
            else:
                history = self.custody.readable(
                    connection, item_id, item["confidentiality"], levels.__contains__
                )
            contained = select(items.c.id).where(items.c.parent_id == item_id)
            if levels is not None:
                contained = contained.where(items.c.confidentiality.in_(list(levels)))
            children = list(connection.execute(contained.order_by(items.c.id)).scalars())
        return ItemView(item, derived, history, children)

    def _as_seen(
        self, connection: Connection, item: dict[str, Any], levels: Collection[str]
    ) -> dict[str, Any]:
        """The item's row for a reader cleared for ``levels``: ItemNotFound when it is above
        them, and its links to items above them absent, as if there were none."""
        if item["confidentiality"] not in levels:
            raise ItemNotFound(f"no item {item['id']}")
        shown = dict(item)
        for link in ("parent_id", "translation_of"):
            if shown[link] is not None:
                level = connection.execute(
                    select(items.c.confidentiality).where(items.c.id == shown[link])
                ).scalar()
                if level not in levels:
                    shown[link] = None
        return shown

    def text(self, item_id: int) -> str:
        """The newest working-copy text of an item ('' when none could be derived)."""
        with reading(self.engine) as connection:
            return self._text(connection, item_id)

    def _text(self, connection: Connection, item_id: int) -> str:
        sha = connection.execute(
            select(renditions.c.sha256)
            .where(renditions.c.item_id == item_id, renditions.c.kind == "text")
            .order_by(renditions.c.id.desc())
            .limit(1)
        ).scalar()
        return self.blobs.read_text(sha) if sha else ""

    def item_mentions(self, item_id: int) -> list[Mention]:
        """The spans of the item's working copy where extraction found something, from its
        proposals (pending or accepted; rejected findings are no mentions), in text order."""
        with reading(self.engine) as connection:
            self._item_row(connection, item_id)
            rows = connection.execute(
                select(proposals.c.id, proposals.c.kind, proposals.c.payload, proposals.c.status)
                .where(proposals.c.item_id == item_id, proposals.c.status != "rejected")
                .order_by(proposals.c.id)
            ).all()
        found = []
        for proposal_id, kind, payload, status in rows:
            data = json.loads(payload)
            if kind in ("act", "intervention"):
                label = str(data.get("label") or data.get("type") or kind)
                spans = [data]
            else:
                label = str(data.get("name") or kind)
                spans = data.get("mentions") or []
            for span in spans:
                start, end = int(span["start"]), int(span["end"])
                if 0 <= start < end:
                    found.append(Mention(start, end, kind, label, status, proposal_id))
        return sorted(found, key=lambda mention: (mention.start, mention.end))

    def verify_item(self, item_id: int) -> list[Problem]:
        """Re-hash the item's original and working copies and check them and its metadata
        against the chain of custody; no problems means verified."""
        with reading(self.engine) as connection:
            item = self._item_row(connection, item_id)
            stored = [
                dict(row)
                for row in connection.execute(
                    select(renditions)
                    .where(renditions.c.item_id == item_id)
                    .order_by(renditions.c.id)
                ).mappings()
            ]
            history = list(self.custody.entries(connection, item_id=item_id))
        # The same comparison ``verify`` makes for every item, for this one alone.
        problems = list(_compare_item(item, history, stored))
        blobs = {item["sha256"]: item["size"], **{r["sha256"]: r["size"] for r in stored}}
        for sha256, size in blobs.items():
            actual = self.blobs.rehash(sha256)
            if actual is None:
                problems.append(
                    Problem("missing", f"item {item_id}: stored file {sha256[:12]}… is missing")
                )
            elif actual != (sha256, size):
                problems.append(
                    Problem(
                        "changed", f"item {item_id}: stored file {sha256[:12]}… was changed on disk"
                    )
                )
        return problems

    def log_item_view(self, item_id: int, actor: str, what: str) -> Entry:
        """Record in the chain of custody that ``actor`` saw the item (its page, original or
        text): done for confidential items, whose every reader must be known."""
        with writing(self.engine) as connection:
            self._item_row(connection, item_id)
            return self.custody.append(
                connection,
                ITEM_VIEWED,
                f"item:{item_id}",
                {"viewed": what},
                item_id=item_id,
                actor=actor,
            )

    def edit_item(self, item_id: int, changes: dict[str, Any], reason: str | None = None) -> Entry:
        """Change item metadata; the old and new values go into the chain of custody."""
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise DocketError(
                f"cannot edit {', '.join(sorted(unknown))}; editable: "
                f"{', '.join(sorted(EDITABLE_FIELDS))}"
            )
        Provenance(
            published=changes.get("published"),
            confidentiality=changes.get("confidentiality", "public"),
        )
        with writing(self.engine) as connection:
            current = self._item_row(connection, item_id)
            if "translation_of" in changes and changes["translation_of"] is not None:
                self._item_row(connection, int(changes["translation_of"]))
            diff = {
                field: {"old": current[field], "new": value}
                for field, value in changes.items()
                if current[field] != value
            }
            if not diff:
                raise DocketError("nothing to change: the values are already as given")
            connection.execute(
                update(items)
                .where(items.c.id == item_id)
                .values({field: change["new"] for field, change in diff.items()})
            )
            entry = self.custody.append(
                connection,
                Action.METADATA_EDITED,
                f"item:{item_id}",
                {"changes": diff, "reason": reason},
                item_id=item_id,
            )
        self.checkpoint()
        return entry

    def _item_row(self, connection: Connection, item_id: int) -> dict[str, Any]:
        row = connection.execute(select(items).where(items.c.id == item_id)).mappings().first()
        if row is None:
            raise ItemNotFound(f"no item {item_id}")
        return dict(row)

    def levels_of(self, item_ids: Iterable[int]) -> dict[int, str]:
        """The confidentiality level of each of these items that exists."""
        wanted = sorted(set(item_ids))
        found: dict[int, str] = {}
        with reading(self.engine) as connection:
            for start in range(0, len(wanted), 500):
                rows = connection.execute(
                    select(items.c.id, items.c.confidentiality).where(
                        items.c.id.in_(wanted[start : start + 500])
                    )
                )
                found.update({row.id: row.confidentiality for row in rows})
        return found

    def item_ids(self) -> Iterable[int]:
        with reading(self.engine) as connection:
            return list(connection.execute(select(items.c.id).order_by(items.c.id)).scalars())

    # -- custody ----------------------------------------------------------------------------

    def checkpoint(self) -> Checkpoint | None:
        """Sign the chain's head (no-op when the head is already signed)."""
        key = keys.load_private_key(self.settings.home / KEYS_DIR)
        with writing(self.engine) as connection:
            return self.custody.checkpoint(connection, key)

    def checkpoint_statement(self) -> str:
        checkpoint = self.checkpoint()
        if checkpoint is None:
            raise DocketError("the chain of custody is empty")
        return checkpoint.statement(self.public_key)

    def verify(
        self, against: HeadStatement | None = None, progress: Progress | None = None
    ) -> Iterator[Problem]:
        """Every problem found in blobs, the chain, signatures and item metadata, one by one."""
        with reading(self.engine) as connection:
            verifier = Verifier(connection, self.blobs, self.archive_id, self.public_key, progress)
            yield from verifier.run(against)

    def verify_totals(self) -> dict[str, int]:
        with reading(self.engine) as connection:
            return Verifier(connection, self.blobs, self.archive_id, self.public_key).totals()

    # -- search -----------------------------------------------------------------------------

    def search(
        self, query: str, filters: SearchFilters | None = None, limit: int = 20, offset: int = 0
    ) -> list[SearchHit]:
        with reading(self.engine) as connection:
            return search(
                connection,
                query,
                filters=filters or SearchFilters(),
                limit=limit,
                offset=offset,
                load_text=lambda item_id: self._text(connection, item_id),
            )

    def search_facets(self, query: str | None, filters: SearchFilters | None = None) -> Facets:
        """Counts by media type, language and year of all items ``query`` matches (all items
        when None) that pass ``filters``; the viewer's levels belong in the filters."""
        with reading(self.engine) as connection:
            return facets(connection, query, filters or SearchFilters())

    def list_items(
        self,
        filters: SearchFilters | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
        parent_id: int | None = None,
    ) -> ItemPage:
        """A page of items passing ``filters``, newest first, and how many pass in all."""
        with reading(self.engine) as connection:
            return list_items(
                connection,
                filters or SearchFilters(),
                limit=limit,
                offset=offset,
                parent_id=parent_id,
            )

    # -- evidence packages ------------------------------------------------------------------

    def export_bag(
        self,
        out: Path,
        item_ids: Sequence[int],
        *,
        actor: str | None = None,
        levels: Collection[str] | None = None,
    ) -> Path:
        """Write a BagIt evidence package of these items; the export enters their custody.

        ``actor`` is who asked for it (a web user); by default the local user running Docket.
        ``levels`` are what the reader is cleared for (None: everything): the bag then holds
        only the custody entries they may read; the chain's hash list stays whole.
        """
        if not item_ids:
            raise DocketError("nothing to export: no items given or found")
        unique_ids = sorted(set(item_ids))
        can_see = (lambda level: True) if levels is None else levels.__contains__
        with reading(self.engine) as connection:
            for item_id in unique_ids:
                level = self._item_row(connection, item_id)["confidentiality"]
                if not can_see(level):
                    raise ItemNotFound(f"no item {item_id}")
                everything = list(self.custody.entries(connection, item_id=item_id))
                readable = self.custody.readable(connection, item_id, level, can_see)
                if replay(readable) != replay(everything):
                    # The package could not prove the item's metadata from what it may hold.
                    raise DocketError(
                        f"item {item_id} cannot be packaged at your clearance: its metadata "
                        "rests on custody entries above it; an editor or admin can export it"
                    )
        if out.exists():
            raise DocketError(f"{out} already exists; choose a new folder for the bag")
        export_id = str(uuid.uuid4())
        with writing(self.engine) as connection:
            for item_id in unique_ids:
                self.custody.append(
                    connection,
                    Action.EXPORTED,
                    f"item:{item_id}",
                    {"format": "bagit", "export_id": export_id, "bag": out.name},
                    item_id=item_id,
                    actor=actor,
                )
        statement = self.checkpoint_statement()
        with reading(self.engine) as connection:
            members = []
            history: list[Entry] = []
            for item_id in unique_ids:
                view_item = self._item_row(connection, item_id)
                rows = connection.execute(
                    select(renditions)
                    .where(renditions.c.item_id == item_id)
                    .order_by(renditions.c.id)
                ).mappings()
                derived = [dict(row) for row in rows]
                members.append(
                    BagItem(
                        item=view_item,
                        renditions=derived,
                        original=self.blobs.path_of(view_item["sha256"]),
                        working_copy=self._text(connection, item_id) if derived else None,
                    )
                )
                history.extend(
                    self.custody.readable(
                        connection, item_id, view_item["confidentiality"], can_see
                    )
                )
            history.sort(key=lambda entry: entry.seq)
            chain = (
                (entry.seq, entry.prev_hash, entry.hash)
                for entry in self.custody.entries(connection)
            )
            return write_bag(
                out,
                members,
                entries=history,
                chain=chain,
                statement=statement,
                public_key=self.public_key,
                bag_info={
                    "Bag-Software-Agent": f"docket {__version__}",
                    "External-Identifier": export_id,
                    "Docket-Archive-Id": self.archive_id,
                    "Docket-Key-Fingerprint": keys.fingerprint(self.public_key),
                    "Docket-Items": ",".join(str(i) for i in unique_ids),
                },
            )

    # -- records ----------------------------------------------------------------------------

    @functools.cached_property
    def records(self) -> RecordStore:
        """Structured records with sources, versions and confidentiality."""
        from docket.records import RecordStore

        return RecordStore(self)
