"""The job table: what people see of a job and what a retried job reads back.

A job is ``queued``, ``running``, ``done`` or ``failed``. ``result`` holds what the job has
finished so far (committed as it goes), so that an attempt after a killed one skips that work.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, Row, insert, select, update

from docket.db.schema import jobs
from docket.evidence.custody import utc_now
from docket.model.access import Viewer

QUEUED: Final = "queued"
RUNNING: Final = "running"
DONE: Final = "done"
FAILED: Final = "failed"
UNFINISHED: Final = (QUEUED, RUNNING)
STATES: Final = (QUEUED, RUNNING, DONE, FAILED)


def this_process() -> str:
    """Who runs a job: host and process, so a server can tell its own dead runs from others'."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class JobView:
    """A job as its owner, the one person who sees it, sees it."""

    id: int
    kind: str
    state: str
    owner: str
    confidentiality: str
    names: tuple[str, ...]
    done: int
    total: int
    result: dict[str, Any]
    failure: str | None
    attempts: int
    created_at: str
    started_at: str | None
    finished_at: str | None

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED)

    @property
    def percent(self) -> int:
        if self.state == DONE:
            return 100
        return 0 if self.total <= 0 else min(100, (100 * self.done) // self.total)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "owner": self.owner,
            "confidentiality": self.confidentiality,
            "names": list(self.names),
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "results": self.result.get("outcomes", []),
            "failure": self.failure,
            "attempts": self.attempts,
            "created_at": self.created_at,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
        }


def may_see(viewer: Viewer, row: Row[Any]) -> bool:
    """A job is seen by whoever asked for it alone: its file names and links may be as
    confidential as the evidence it brings, and what it made is seen through the items."""
    return bool(row.owner_name == viewer.name)


def view(row: Row[Any]) -> JobView:
    payload = json.loads(row.payload)
    return JobView(
        id=int(row.id),
        kind=row.kind,
        state=row.state,
        owner=row.owner_name,
        confidentiality=row.confidentiality,
        names=tuple(payload.get("names", ())),
        done=int(row.done),
        total=int(row.total),
        result=json.loads(row.result),
        failure=row.failure,
        attempts=int(row.attempts),
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
    )


def add(
    connection: Connection,
    *,
    kind: str,
    owner: Viewer,
    confidentiality: str,
    payload: dict[str, Any],
    total: int,
) -> int:
    inserted = connection.execute(
        insert(jobs).values(
            kind=kind,
            state=QUEUED,
            owner_role=owner.role.value,
            owner_name=owner.name,
            confidentiality=confidentiality,
            payload=json.dumps(payload, ensure_ascii=False),
            done=0,
            total=total,
            result="{}",
            attempts=0,
            runner=this_process(),
            created_at=utc_now(),
        )
    )
    key = inserted.inserted_primary_key
    assert key is not None
    return int(key[0])


def row(connection: Connection, job_id: int) -> Row[Any] | None:
    return connection.execute(select(jobs).where(jobs.c.id == job_id)).first()


def rows_of(
    connection: Connection,
    viewer: Viewer,
    limit: int,
    *,
    state: str | None = None,
    kind: str | None = None,
) -> list[Row[Any]]:
    """The newest jobs ``viewer`` may see (see ``may_see``), newest first."""
    query = select(jobs).where(jobs.c.owner_name == viewer.name)
    if state is not None:
        query = query.where(jobs.c.state == state)
    if kind is not None:
        query = query.where(jobs.c.kind == kind)
    return list(connection.execute(query.order_by(jobs.c.id.desc()).limit(limit)).all())


def start(connection: Connection, job_id: int, *, below: int) -> Row[Any] | None:
    """Mark an unfinished job tried fewer than ``below`` times running for one more attempt;
    the job as it now is, or None when it is finished already (a retry that arrives after the
    job ended) or was tried ``below`` times."""
    return connection.execute(
        update(jobs)
        .where(jobs.c.id == job_id, jobs.c.state.in_(UNFINISHED), jobs.c.attempts < below)
        .values(
            state=RUNNING,
            attempts=jobs.c.attempts + 1,
            runner=this_process(),
            started_at=utc_now(),
            failure=None,
        )
        .returning(*jobs.c)
    ).first()


def progress(connection: Connection, job_id: int, done: int, result: dict[str, Any]) -> None:
    connection.execute(
        update(jobs)
        .where(jobs.c.id == job_id)
        .values(done=done, result=json.dumps(result, ensure_ascii=False))
    )


def finish(
    connection: Connection,
    job_id: int,
    *,
    state: str,
    result: dict[str, Any] | None = None,
    failure: str | None = None,
) -> Row[Any] | None:
    """Record a job's end (or a failed attempt's, ``state`` queued); the job as it now is."""
    values: dict[str, Any] = {"state": state, "failure": failure, "finished_at": utc_now()}
    if result is not None:
        values["result"] = json.dumps(result, ensure_ascii=False)
        if state == DONE:
            values["done"] = jobs.c.total
    return connection.execute(
        update(jobs).where(jobs.c.id == job_id).values(values).returning(*jobs.c)
    ).first()


def orphans(connection: Connection) -> list[tuple[int, str | None]]:
    """Unfinished jobs with the process that ran or queued them."""
    found = connection.execute(select(jobs.c.id, jobs.c.runner).where(jobs.c.state.in_(UNFINISHED)))
    return [(int(job_id), runner) for job_id, runner in found]


def claim(connection: Connection, job_id: int, runner: str | None) -> bool:
    """Take over a job from a runner that is gone; False when someone else was first."""
    changed = connection.execute(
        update(jobs)
        .where(jobs.c.id == job_id, jobs.c.runner == runner, jobs.c.state.in_(UNFINISHED))
        .values(runner=this_process())
    )
    return changed.rowcount == 1
