"""One attempt at one job: its inputs, what earlier attempts finished, and the progress it
commits as it goes."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, Protocol

from sqlalchemy import Connection, select

from docket.db.engine import reading, writing
from docket.db.schema import custody
from docket.errors import DocketError
from docket.extract.document import Extraction
from docket.items import ItemStore
from docket.jobs import ledger
from docket.kernel import Kernel
from docket.linkage import Linkage
from docket.model.access import Viewer
from docket.records import RecordStore
from docket.reports import Report
from docket.review import ProposalStore

# Progress is written at most this often: each write is a transaction.
PROGRESS_SECONDS: Final = 0.5


class Desk(Protocol):
    """The archive as one viewer sees it (the door), as far as the jobs that make reports,
    proposals and links use it: the jobs stand below the door and are handed one by the
    archive."""

    @property
    def items(self) -> ItemStore: ...

    @property
    def records(self) -> RecordStore: ...

    @property
    def proposals(self) -> ProposalStore: ...

    @property
    def linkage(self) -> Linkage: ...

    def checkpoint(self) -> None: ...

    def extract(
        self, ids: Sequence[int], given: date | None = None, *, workers: int = 0
    ) -> Iterator[Extraction]: ...

    def case_report(self, record_id: int, *, language: str = "en") -> Report: ...

    def incident_report(self, event_id: int, *, language: str = "en") -> Report: ...

    def period_report(
        self, start: date, end: date, *, language: str = "en", estimates: bool = False
    ) -> Report: ...

    def statement_report(self, draft: str, *, language: str = "en") -> Report: ...


Opener = Callable[[Viewer], Desk]


@dataclass
class Run:
    """One attempt at one job, run as ``viewer``, the person who asked for it as they are now."""

    kernel: Kernel
    viewer: Viewer
    job_id: int
    payload: Mapping[str, Any]
    result: dict[str, Any]
    opener: Opener | None = None
    _written: float = field(default=0.0)

    def desk(self, viewer: Viewer) -> Desk:
        """The archive as ``viewer`` sees it, with the same permission checks as a request."""
        if self.opener is None:
            raise DocketError("this process cannot run this kind of job")
        return self.opener(viewer)

    def report(self, done: int, *, now: bool = False) -> None:
        if not now and time.monotonic() - self._written < PROGRESS_SECONDS:
            return
        with writing(self.kernel.engine) as connection:
            self.report_in(connection, done)

    def report_in(self, connection: Connection, done: int) -> None:
        """Record the progress and the result as they are now in a transaction of the
        caller's, committed with what the caller wrote or read to make them."""
        ledger.progress(connection, self.job_id, done, self.result)
        self._written = time.monotonic()

    def logged(self, action: str) -> list[tuple[str, dict[str, Any]]]:
        """The custody entries of ``action`` that name this job (subject and payload), oldest
        first: what an attempt killed before it could note it left behind. Only the owner's
        entries since the job was queued are read; a job queued without that mark reads all
        of the owner's."""
        query = (
            select(custody.c.subject, custody.c.payload)
            .where(
                custody.c.action == action,
                custody.c.actor == self.viewer.name,
                custody.c.seq > int(self.payload.get("since") or 0),
            )
            .order_by(custody.c.seq)
        )
        with reading(self.kernel.engine) as connection:
            found = connection.execute(query).all()
        entries = ((str(subject), json.loads(payload)) for subject, payload in found)
        return [(subject, entry) for subject, entry in entries if entry.get("job") == self.job_id]
