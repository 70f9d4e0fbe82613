"""What the record modules beside the store need of it.

``applying``, ``creating``, ``edits``, ``history``, ``merging``, ``reader`` and ``versions`` work
on a store that ``store`` builds out of them; they name this shape instead of ``RecordStore``, so
the store depends on them and never the other way round.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import Connection

from docket.kernel import Kernel
from docket.model.access import Viewer
from docket.model.record_types import FieldSpec, RecordTypes
from docket.records.changes import ValueState
from docket.records.documents import DocumentInput, EntryInput


class RecordBackend(Protocol):
    """The records of one archive, read and written on behalf of one viewer."""

    kernel: Kernel
    viewer: Viewer
    types: RecordTypes

    def open_sealed(self, record_id: int, field_name: str, token: str) -> Any: ...

    def stored_form(self, record_id: int, spec: FieldSpec, value: Any) -> tuple[str, int | None]:
        """A value as its row holds it (sealed when protected) and the record it refers to."""
        ...

    def resolve_refs(
        self,
        connection: Connection,
        parsed: list[DocumentInput],
        keys: Mapping[str, int],
        types_by_id: dict[int, str],
        viewer: Viewer,
    ) -> None: ...

    def new_state(
        self, record_id: int, spec: FieldSpec, entry: EntryInput, found: Sequence[Any]
    ) -> ValueState: ...

    def insert_values(
        self,
        connection: Connection,
        batch: Sequence[tuple[int, list[ValueState]]],
        version: int = 1,
    ) -> None: ...

    def load_states(self, connection: Connection, record_id: int) -> list[ValueState]: ...

    def flush_values(
        self, connection: Connection, record_id: int, values: list[ValueState], version: int
    ) -> None: ...

    def visible_row(
        self, connection: Connection, record_id: int, viewer: Viewer, *, lock: bool = False
    ) -> Any:
        """The record's row if the viewer may see it, else ``RecordNotFound``."""
        ...
