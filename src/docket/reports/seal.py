"""Making a report is a reading of the archive that leaves it: the chain of custody records it
(who, as which role, which records, whether protected values were revealed), and the report ends
with the signed head that entry produced."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from docket.db.engine import writing
from docket.errors import DocketError
from docket.evidence import keys
from docket.records import RecordStore
from docket.records.audit import RecordAction
from docket.reports.document import Seal


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
    export_id = str(uuid.uuid4())
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
