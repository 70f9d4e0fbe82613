"""Making a report is a reading of the archive that leaves it: the chain of custody records it
(who, as which role, which records, whether protected values were revealed), and the report ends
with the signed head that entry produced."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import Connection, select

from docket.db.engine import writing
from docket.db.schema import custody
from docket.errors import DocketError
from docket.evidence import keys
from docket.records import RecordStore
from docket.records.audit import RecordAction
from docket.reports.document import Seal


@dataclass(frozen=True)
class OneExport:
    """A report that is to be in custody once however often it is made: a job's report, made
    again by the attempt that follows a killed one. Its entry can only follow entry ``since``,
    the chain's length before the job first ran."""

    export_id: str
    since: int


_ONE_EXPORT: ContextVar[OneExport | None] = ContextVar("docket_one_export", default=None)


@contextmanager
def one_export(export_id: str, since: int) -> Iterator[None]:
    """Reports made within are made under ``export_id``; when custody already holds that
    making (an earlier attempt's), the report is sealed again without a second entry."""
    token = _ONE_EXPORT.set(OneExport(export_id, since))
    try:
        yield
    finally:
        _ONE_EXPORT.reset(token)


def _made_before(connection: Connection, given: OneExport) -> bool:
    found = connection.execute(
        select(custody.c.payload).where(
            custody.c.action == RecordAction.EXPORTED, custody.c.seq > given.since
        )
    )
    return any(json.loads(payload).get("export_id") == given.export_id for (payload,) in found)


def seal(
    records: RecordStore,
    *,
    kind: str,
    subject_id: int | None,
    language: str,
    record_ids: Sequence[int],
    confidential: Sequence[int],
    revealed: bool,
) -> Seal:
    viewer = records.viewer
    kernel = records.kernel
    given = _ONE_EXPORT.get()
    export_id = str(uuid.uuid4()) if given is None else given.export_id
    payload = {
        "export_id": export_id,
        "format": f"report:{kind}",
        "subject": subject_id,
        "language": language,
        "records": len(record_ids),
        "confidential": sorted(confidential),
        "revealed": sorted(record_ids) if revealed else [],
        "viewer_role": viewer.role.value,
    }
    with writing(kernel.engine) as connection:
        if given is None or not _made_before(connection, given):
            kernel.custody.append(
                connection, RecordAction.EXPORTED, "records", payload, actor=viewer.name
            )
    checkpoint = kernel.checkpoint()
    if checkpoint is None:
        raise DocketError("the chain of custody could not be signed for this report")
    return Seal(
        export_id=export_id,
        archive_id=checkpoint.archive_id,
        entries=checkpoint.seq,
        head=checkpoint.hash,
        signed_at=checkpoint.at,
        signature=checkpoint.signature,
        public_key=kernel.public_key,
        fingerprint=keys.fingerprint(kernel.public_key),
        statement=checkpoint.statement(kernel.public_key),
    )
