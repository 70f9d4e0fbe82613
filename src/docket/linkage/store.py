"""Linkage runs: every current record of a type scored, clustered and kept as identities.

A run reads every current record of one type, scores candidate pairs with the Splink model,
clusters the strong links together with the reviewers' decisions, queues the middle band for
review and replaces the type's identities in one transaction: an interrupted run leaves the
previous identities as they were. Records are never changed or merged.

A later run is incremental when a model was trained before: only pairs that involve a record
added since are scored, and the existing identities stand (less anything a reviewer has since
judged different). ``--full`` trains and scores everything again; reviewed judgements always
hold.

``Linkage`` is the whole service for one viewer: runs (here), the review of pairs
(``docket.linkage.review``) and the reading of identities (``docket.linkage.identities``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, delete, insert, select, update

from docket.db.engine import reading, writing
from docket.db.schema import (
    identities,
    identity_members,
    link_judgements,
    link_pairs,
    link_runs,
)
from docket.errors import PermissionDenied
from docket.evidence.custody import utc_now
from docket.linkage.base import LinkageError, check_kind
from docket.linkage.clusters import cluster
from docket.linkage.features import features_of
from docket.linkage.identities import IdentityReading
from docket.linkage.model import ENGINES, Pair, score
from docket.linkage.review import DECISIONS, DIFFERENT, PENDING, SAME, PairReview
from docket.linkage.subjects import load_subjects
from docket.model.access import LEVELS

__all__ = [
    "LINK_ABOVE",
    "REVIEW_ABOVE",
    "RUN_ACTION",
    "LinkOutcome",
    "Linkage",
    "judged",
]

LINK_ABOVE: Final = 0.8
REVIEW_ABOVE: Final = 0.3
RUN_ACTION: Final = "linkage_run"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LinkOutcome:
    """What a run left: every record of the type in exactly one cluster, and the pairs to
    review."""

    type: str
    mode: str
    clusters: list[list[int]]
    review: list[Pair]
    notes: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "clusters": [{"id": members[0], "records": members} for members in self.clusters],
            "review": [
                {"a": p.a, "b": p.b, "score": round(p.probability, 6), "reason": p.reason}
                for p in self.review
            ],
        }


class Linkage(PairReview, IdentityReading):
    """Linkage on behalf of one viewer."""

    def _require_linker(self) -> None:
        self.viewer.require_writer()
        if not self.viewer.can_see(LEVELS[-1]):
            raise PermissionDenied(
                "linkage reads every record of a type: it needs a role that may see "
                "confidential records"
            )

    def run(
        self,
        kind: str,
        *,
        engine: str = "duckdb",
        full: bool = False,
        link_above: float = LINK_ABOVE,
        review_above: float = REVIEW_ABOVE,
        progress: Progress | None = None,
        job: int | None = None,
    ) -> LinkOutcome:
        """Link every current record of ``kind``; replace its identities in one transaction.
        ``job``, the job that runs it, is named in the run's custody entry."""
        tell = progress or (lambda _message: None)
        check_kind(kind)
        if engine not in ENGINES:
            raise LinkageError(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
        if not 0 < review_above <= link_above <= 1:
            raise LinkageError("thresholds must satisfy 0 < review-above <= link-above <= 1")
        self._require_linker()
        started = utc_now()
        with reading(self.kernel.engine) as connection:
            loaded = load_subjects(connection, kind)
            same, different = judged(connection, kind)
            previous = _latest_run(connection, kind)
            members = _members(connection, kind)
            rejudged = (
                set() if previous is None else _judged_since(connection, kind, previous.finished_at)
            )
        subjects = loaded.subjects
        tell(f"{len(subjects)} {kind} records")
        found = features_of(subjects)
        notes = [
            f"record {u.id}: {u.reason}; it stays an identity of its own" for u in found.unlinkable
        ]
        if loaded.unanchored_ages == 1:
            notes.append(
                "1 age was not used: no date was given with it and no dated document is cited "
                "for it"
            )
        elif loaded.unanchored_ages:
            notes.append(
                f"{loaded.unanchored_ages} ages were not used: no date was given with them and "
                "no dated document is cited for them"
            )
        notes.extend(found.capped)
        ids = [subject.id for subject in subjects]
        # Records new since the last run, and those whose pairs were judged since: their links
        # are scored again, and their previous identity no longer holds them.
        new_ids = [i for i in ids if i not in members or i in rejudged]
        model = None if previous is None else json.loads(previous.model) or None
        incremental = not full and model is not None and bool(members)
        mode = "incremental" if incremental else "full"
        scored_ids = {row["unique_id"] for row in found.rows}
        if incremental and not (set(new_ids) & scored_ids):
            scored_pairs: list[Pair] = []
            trained = model or {}
        else:
            result = score(
                kind,
                found.rows,
                engine=engine,
                same=[p for p in same if p[0] in scored_ids and p[1] in scored_ids],
                threshold=review_above,
                model=model if incremental else None,
                new_ids=new_ids if incremental else None,
                progress=tell,
            )
            scored_pairs, trained = result.pairs, result.model
        tell("clustering")
        edges = [(p.a, p.b, p.probability) for p in scored_pairs if p.probability >= link_above]
        if incremental:
            edges.extend(_chains(members, set(ids) - rejudged))
        clusters = cluster(ids, edges, same=same, different=different)
        where = {record: index for index, group in enumerate(clusters) for record in group}
        decided = set(same) | set(different)
        review = sorted(
            (
                p
                for p in scored_pairs
                if review_above <= p.probability < link_above
                and (p.a, p.b) not in decided
                and where[p.a] != where[p.b]
            ),
            key=lambda p: (-p.probability, p.a, p.b),
        )
        outcome = LinkOutcome(kind, mode, clusters, review, notes)
        tell("saving identities")
        self._save(outcome, engine, started, trained, scored_pairs, same, link_above, job)
        return outcome

    def _save(
        self,
        outcome: LinkOutcome,
        engine: str,
        started: str,
        model: Mapping[str, Any],
        pairs: Sequence[Pair],
        same: Sequence[tuple[int, int]],
        link_above: float,
        job: int | None,
    ) -> None:
        kind = outcome.type
        best: dict[int, float] = {}
        for p in pairs:
            if p.probability >= link_above:
                best[p.a] = max(best.get(p.a, 0.0), p.probability)
                best[p.b] = max(best.get(p.b, 0.0), p.probability)
        confirmed = {record for pair in same for record in pair}
        with writing(self.kernel.engine) as connection:
            run_id = connection.execute(
                insert(link_runs)
                .values(
                    type=kind,
                    engine=engine,
                    mode=outcome.mode,
                    actor=self.viewer.name,
                    started_at=started,
                    finished_at=utc_now(),
                    records=sum(len(group) for group in outcome.clusters),
                    identities=len(outcome.clusters),
                    review=len(outcome.review),
                    model=json.dumps(model, sort_keys=True, default=str),
                    notes=json.dumps(outcome.notes),
                )
                .returning(link_runs.c.id)
            ).scalar_one()
            connection.execute(delete(identity_members).where(identity_members.c.type == kind))
            connection.execute(delete(identities).where(identities.c.type == kind))
            _insert_many(
                connection,
                identities,
                [
                    {"id": group[0], "type": kind, "run_id": run_id, "size": len(group)}
                    for group in outcome.clusters
                ],
            )
            _insert_many(
                connection,
                identity_members,
                [
                    {
                        "record_id": record,
                        "identity_id": group[0],
                        "type": kind,
                        "probability": None if len(group) == 1 else best.get(record),
                        "reviewed": len(group) == 1 or record in confirmed,
                    }
                    for group in outcome.clusters
                    for record in group
                ],
            )
            self._queue(connection, kind, run_id, outcome.review, full=outcome.mode == "full")
            entry: dict[str, Any] = {
                "run": run_id,
                "type": kind,
                "mode": outcome.mode,
                "engine": engine,
                "records": sum(len(group) for group in outcome.clusters),
                "identities": len(outcome.clusters),
                "review": len(outcome.review),
            }
            if job is not None:
                # The job's next attempt finds its run by this, not by who ran what when.
                entry["job"] = job
            self.kernel.custody.append(
                connection, RUN_ACTION, f"linkage:{kind}", entry, actor=self.viewer.name
            )

    @staticmethod
    def _queue(
        connection: Connection, kind: str, run_id: int, review: Sequence[Pair], *, full: bool
    ) -> None:
        """Pairs to review: pending pairs nobody has judged are replaced by a full run; pairs
        with a history keep it and take the new score."""
        judged_pairs = select(link_judgements.c.pair_id)
        if full:
            connection.execute(
                delete(link_pairs).where(
                    link_pairs.c.type == kind,
                    link_pairs.c.status == PENDING,
                    link_pairs.c.id.not_in(judged_pairs),
                )
            )
        existing = {
            (row.record_a, row.record_b): row.id
            for row in connection.execute(
                select(link_pairs.c.id, link_pairs.c.record_a, link_pairs.c.record_b).where(
                    link_pairs.c.type == kind
                )
            )
        }
        fresh = []
        for p in review:
            pair_id = existing.get((p.a, p.b))
            if pair_id is None:
                fresh.append(
                    {
                        "type": kind,
                        "record_a": p.a,
                        "record_b": p.b,
                        "score": p.probability,
                        "reason": p.reason,
                        "status": PENDING,
                        "version": 0,
                        "run_id": run_id,
                    }
                )
            else:
                connection.execute(
                    update(link_pairs)
                    .where(link_pairs.c.id == pair_id)
                    .values(score=p.probability, reason=p.reason, run_id=run_id)
                )
        _insert_many(connection, link_pairs, fresh)


def _insert_many(connection: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        if chunk:
            connection.execute(insert(table), list(chunk))


def _latest_run(connection: Connection, kind: str) -> Any:
    return connection.execute(
        select(link_runs).where(link_runs.c.type == kind).order_by(link_runs.c.id.desc()).limit(1)
    ).first()


def _members(connection: Connection, kind: str) -> dict[int, int]:
    return dict(
        connection.execute(
            select(identity_members.c.record_id, identity_members.c.identity_id).where(
                identity_members.c.type == kind
            )
        ).all()
    )


def _chains(members: Mapping[int, int], current_ids: set[int]) -> Iterable[tuple[int, int, float]]:
    """The identities of the previous run as edges (to their first current member), so an
    incremental run keeps them."""
    first: dict[int, int] = {}
    for record in sorted(members):
        if record not in current_ids:
            continue
        anchor = first.setdefault(members[record], record)
        if anchor != record:
            yield (anchor, record, 1.5)


def _judged_since(connection: Connection, kind: str, since: str) -> set[int]:
    rows = connection.execute(
        select(link_pairs.c.record_a, link_pairs.c.record_b)
        .join(link_judgements, link_judgements.c.pair_id == link_pairs.c.id)
        .where(link_pairs.c.type == kind, link_judgements.c.at > since)
    ).all()
    return {record for row in rows for record in row}


def judged(
    connection: Connection, kind: str
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Pairs of ``kind`` whose standing decision is same, and those whose is different."""
    rows = connection.execute(
        select(link_pairs.c.record_a, link_pairs.c.record_b, link_pairs.c.status).where(
            link_pairs.c.type == kind, link_pairs.c.status.in_(DECISIONS)
        )
    ).all()
    same = [(r.record_a, r.record_b) for r in rows if r.status == SAME]
    different = [(r.record_a, r.record_b) for r in rows if r.status == DIFFERENT]
    return same, different
