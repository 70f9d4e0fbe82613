"""Reviewers' judgements of linked pairs: the queue of pairs waiting for a decision, the
decisions, and their log.

Judgements are an append-only log; each is a custody entry (who, when, why) and raises the pair's
version, so two reviewers deciding the same pair at once cannot both win. An undo is a judgement
that sets the pair back to waiting. A pair is shown, and judged, only when its reader may see
both of its records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, and_, insert, select, update
from sqlalchemy.exc import IntegrityError

from docket.db.engine import reading, writing
from docket.db.schema import link_judgements, link_pairs, records
from docket.evidence.custody import utc_now
from docket.linkage.base import LinkageBase, LinkageError, check_kind, visible_ids
from docket.records.errors import EditConflict, InvalidRecord, RecordNotFound
from docket.records.views import RecordView

__all__ = [
    "DECISIONS",
    "DIFFERENT",
    "JUDGED_ACTION",
    "PENDING",
    "SAME",
    "UNDONE",
    "Judgement",
    "PairReview",
    "ReviewPair",
]

# What a reviewer may decide of a pair; "undone" withdraws the last decision.
SAME: Final = "same"
DIFFERENT: Final = "different"
UNDONE: Final = "undone"
PENDING: Final = "pending"
DECISIONS: Final = (SAME, DIFFERENT)
JUDGED_ACTION: Final = "link_judged"


@dataclass(frozen=True)
class ReviewPair:
    """A pair waiting for (or given) a decision, with both records as the reviewer sees them."""

    id: int
    type: str
    a: RecordView
    b: RecordView
    score: float | None
    reason: str
    status: str
    version: int


@dataclass(frozen=True)
class Judgement:
    id: int
    pair_id: int
    a: int
    b: int
    decision: str
    actor: str
    at: str
    reason: str | None
    pair_version: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "pair": self.pair_id,
            "a": self.a,
            "b": self.b,
            "decision": self.decision,
            "actor": self.actor,
            "at": self.at,
            "reason": self.reason,
            "version": self.pair_version,
        }


class PairReview(LinkageBase):
    """The review of linked pairs on behalf of one viewer."""

    def queue(self, kind: str | None = None, *, limit: int = 50) -> list[ReviewPair]:
        """Pairs waiting for a decision whose two records the viewer may both see, best first."""
        condition = link_pairs.c.status == PENDING
        if kind is not None:
            check_kind(kind)
            condition = and_(condition, link_pairs.c.type == kind)
        with reading(self.kernel.engine) as connection:
            visible = visible_ids(connection, self.viewer)
            rows = [
                row
                for row in connection.execute(
                    select(link_pairs)
                    .where(condition)
                    .order_by(link_pairs.c.score.desc(), link_pairs.c.id)
                )
                if row.record_a in visible and row.record_b in visible
            ][:limit]
        return self._with_views(rows)

    def pair(self, pair_id: int) -> ReviewPair:
        """One pair with both records and their cited passages; hidden when either record is."""
        with reading(self.kernel.engine) as connection:
            row = connection.execute(select(link_pairs).where(link_pairs.c.id == pair_id)).first()
        found = self._with_views([row] if row is not None else [])
        if not found:
            raise RecordNotFound(f"no pair {pair_id}")
        return found[0]

    def _with_views(self, rows: Sequence[Any]) -> list[ReviewPair]:
        wanted = sorted({r.record_a for r in rows} | {r.record_b for r in rows})
        views = {
            view.id: view
            for view in self.store.views(ids=wanted, include_retracted=True, quotes=True)
        }
        return [
            ReviewPair(
                id=row.id,
                type=row.type,
                a=views[row.record_a],
                b=views[row.record_b],
                score=row.score,
                reason=row.reason,
                status=row.status,
                version=row.version,
            )
            for row in rows
            if row.record_a in views and row.record_b in views
        ]

    def judge(
        self,
        a: int,
        b: int,
        decision: str,
        *,
        reason: str | None = None,
        version: int | None = None,
    ) -> Judgement:
        """Record that ``a`` and ``b`` are the same (or different) subject, or undo the last
        decision (``decision="undone"``). ``version`` is the pair's version the reviewer saw;
        a pair judged since is refused."""
        self.viewer.require_writer()
        if decision not in (*DECISIONS, UNDONE):
            raise LinkageError(f"a decision is same, different or undone, not {decision!r}")
        if a == b:
            raise LinkageError("a record is always the same as itself: name two records")
        a, b = sorted((a, b))
        text = reason.strip() if reason else None
        with writing(self.kernel.engine) as connection:
            rows = {
                row.id: row
                for row in connection.execute(
                    select(records).where(
                        records.c.id.in_([a, b]),
                        self.viewer.visibility.clause(records.c.confidentiality),
                    )
                )
            }
            for record in (a, b):
                if record not in rows:
                    raise RecordNotFound(f"no record {record}")
                if rows[record].retracted:
                    raise InvalidRecord(
                        f"record {record} is retracted: it is no longer linked to anything"
                    )
                if rows[record].merged_into is not None:
                    raise InvalidRecord(
                        f"record {record} is merged into record {rows[record].merged_into}: "
                        "judge that record instead"
                    )
            if rows[a].type != rows[b].type:
                raise LinkageError(
                    f"record {a} is a {rows[a].type} and record {b} a {rows[b].type}: only "
                    "records of one type can be the same"
                )
            pair = self._pair_row(connection, rows[a].type, a, b)
            if version is not None and pair.version != version:
                raise EditConflict(
                    f"records {a} and {b} were judged again since version {version} "
                    f"(now version {pair.version}): look at the pair again"
                )
            if decision == UNDONE and pair.status == PENDING:
                raise LinkageError(f"records {a} and {b} have no decision to undo")
            new_version = pair.version + 1
            status = PENDING if decision == UNDONE else decision
            changed = connection.execute(
                update(link_pairs)
                .where(link_pairs.c.id == pair.id, link_pairs.c.version == pair.version)
                .values(status=status, version=new_version)
            ).rowcount
            if changed != 1:
                raise EditConflict(
                    f"records {a} and {b} were judged by someone else at the same moment: "
                    "look at the pair again"
                )
            at = utc_now()
            judgement_id = connection.execute(
                insert(link_judgements)
                .values(
                    pair_id=pair.id,
                    decision=decision,
                    actor=self.viewer.name,
                    at=at,
                    reason=text,
                    pair_version=new_version,
                )
                .returning(link_judgements.c.id)
            ).scalar_one()
            self.kernel.custody.append(
                connection,
                JUDGED_ACTION,
                f"link:{a}-{b}",
                {
                    "judgement": judgement_id,
                    "records": [a, b],
                    "decision": decision,
                    "reason": text,
                    "version": new_version,
                    "at": at,
                },
                actor=self.viewer.name,
            )
        return Judgement(
            judgement_id, pair.id, a, b, decision, self.viewer.name, at, text, new_version
        )

    @staticmethod
    def _pair_row(connection: Connection, kind: str, a: int, b: int) -> Any:
        """The pair's row, locked; a pair judged outside the queue gets one now."""
        query = select(link_pairs).where(link_pairs.c.record_a == a, link_pairs.c.record_b == b)
        row = connection.execute(query.with_for_update()).first()
        if row is not None:
            return row
        try:
            connection.execute(
                insert(link_pairs).values(
                    type=kind,
                    record_a=a,
                    record_b=b,
                    score=None,
                    reason="judged by a reviewer",
                    status=PENDING,
                    version=0,
                    run_id=None,
                )
            )
        except IntegrityError:
            raise EditConflict(
                f"records {a} and {b} were judged by someone else at the same moment: "
                "look at the pair again"
            ) from None
        return connection.execute(query).one()

    def judgements(self, a: int | None = None, b: int | None = None) -> list[Judgement]:
        """The log of decisions (on one pair, or on every pair whose records the viewer sees)."""
        with reading(self.kernel.engine) as connection:
            visible = visible_ids(connection, self.viewer)
            query = select(link_judgements, link_pairs.c.record_a, link_pairs.c.record_b).join(
                link_pairs, link_pairs.c.id == link_judgements.c.pair_id
            )
            if a is not None and b is not None:
                low, high = sorted((a, b))
                query = query.where(link_pairs.c.record_a == low, link_pairs.c.record_b == high)
            rows = connection.execute(query.order_by(link_judgements.c.id)).all()
        return [
            Judgement(
                r.id,
                r.pair_id,
                r.record_a,
                r.record_b,
                r.decision,
                r.actor,
                r.at,
                r.reason,
                r.pair_version,
            )
            for r in rows
            if r.record_a in visible and r.record_b in visible
        ]
