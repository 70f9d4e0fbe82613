"""``CaptureStore``: captures made and read on behalf of one viewer."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, select

from docket.capture.keep import CAPTURE_METADATA
from docket.capture.options import CaptureOptions
from docket.capture.replay import ArchivedResponse, WaczReader
from docket.capture.service import Capturer, CaptureRequest, CaptureResult
from docket.capture.wacz import MEDIA_TYPE as WACZ_TYPE
from docket.db.engine import reading
from docket.db.schema import items, renditions
from docket.errors import DocketError, ItemNotFound
from docket.evidence.custody import Action
from docket.ingest.provenance import Provenance
from docket.kernel import Kernel
from docket.model.access import Viewer

# Past this many lines a diff is summarised: a page rewritten whole is no "change" to read.
MAX_DIFF_LINES = 2000


@dataclass(frozen=True)
class CaptureChanges:
    """How a capture's text differs from the capture of the same link before it."""

    earlier_id: int
    lines: list[str]
    added: int
    removed: int

    @property
    def unchanged(self) -> bool:
        return not self.added and not self.removed


class CaptureStore:
    def __init__(self, kernel: Kernel, viewer: Viewer) -> None:
        self.kernel = kernel
        self.viewer = viewer

    def capture(
        self,
        requests: Sequence[CaptureRequest],
        provenance: Provenance,
        options: CaptureOptions,
        *,
        concurrency: int = 1,
        politeness: float = 1.0,
        retries: int = 1,
    ) -> Iterator[CaptureResult]:
        """Capture links as items; one result per link."""
        self.viewer.require_writer()
        if not self.viewer.can_see(provenance.confidentiality):
            raise DocketError("evidence cannot be kept at a level above your own")
        capturer = Capturer(self.kernel, self.viewer.name, self.viewer.visibility, options)
        yield from capturer.run(
            requests,
            provenance,
            concurrency=concurrency,
            politeness=politeness,
            retries=retries,
        )

    def earlier(self, item_id: int) -> int | None:
        """The capture of the same link this one followed, when the viewer may see it."""
        with reading(self.kernel.engine) as connection:
            if not self._visible(connection, item_id):
                raise ItemNotFound(f"no item {item_id}")
            with closing(self.kernel.custody.entries(connection, item_id=item_id)) as history:
                received = next((e for e in history if e.action == Action.RECEIVED), None)
            if received is None:
                return None
            earlier = received.data.get("capture", {}).get("earlier_capture")
            if not isinstance(earlier, int) or not self._visible(connection, earlier):
                return None
            return earlier

    def is_capture(self, item_id: int) -> bool:
        with reading(self.kernel.engine) as connection:
            if not self._visible(connection, item_id):
                raise ItemNotFound(f"no item {item_id}")
            return (
                connection.execute(
                    select(renditions.c.id).where(
                        renditions.c.item_id == item_id, renditions.c.kind == CAPTURE_METADATA
                    )
                ).first()
                is not None
            )

    def changes(self, item_id: int) -> CaptureChanges | None:
        """The text diff against the earlier capture of the same link; None when there is none."""
        earlier = self.earlier(item_id)
        if earlier is None:
            return None
        before = self.kernel.text(earlier).splitlines()
        after = self.kernel.text(item_id).splitlines()
        lines = list(
            difflib.unified_diff(
                before, after, f"item {earlier}", f"item {item_id}", n=2, lineterm=""
            )
        )
        added = sum(1 for line in lines if line.startswith("+") and not line.startswith("+++"))
        removed = sum(1 for line in lines if line.startswith("-") and not line.startswith("---"))
        return CaptureChanges(earlier, lines[:MAX_DIFF_LINES], added, removed)

    def archived(self, item_id: int, url: str | None = None) -> ArchivedResponse | None:
        """The response to ``url`` (default: the captured page) as the capture archived it;
        None when the item is no web archive or holds no such response."""
        sha256 = self._wacz(item_id)
        if sha256 is None:
            return None
        reader = WaczReader(self.kernel.blobs.path_of(sha256))
        target = url or reader.main_url()
        return reader.get(target) if target else None

    def rendition(self, item_id: int, kind: str) -> Path | None:
        """Where the newest rendition of ``kind`` of a visible item lies, if it has one."""
        with reading(self.kernel.engine) as connection:
            if not self._visible(connection, item_id):
                raise ItemNotFound(f"no item {item_id}")
            sha256 = connection.execute(
                select(renditions.c.sha256)
                .where(renditions.c.item_id == item_id, renditions.c.kind == kind)
                .order_by(renditions.c.id.desc())
                .limit(1)
            ).scalar()
        return None if sha256 is None else self.kernel.blobs.path_of(sha256)

    def _wacz(self, item_id: int) -> str | None:
        with reading(self.kernel.engine) as connection:
            row = connection.execute(
                select(items.c.sha256, items.c.media_type).where(
                    items.c.id == item_id,
                    self.viewer.visibility.clause(items.c.confidentiality),
                )
            ).first()
        if row is None:
            raise ItemNotFound(f"no item {item_id}")
        return str(row.sha256) if row.media_type == WACZ_TYPE else None

    def _visible(self, connection: Connection, item_id: int) -> bool:
        return (
            connection.execute(
                select(items.c.id).where(
                    items.c.id == item_id,
                    self.viewer.visibility.clause(items.c.confidentiality),
                )
            ).first()
            is not None
        )
