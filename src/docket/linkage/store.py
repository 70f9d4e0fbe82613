"""Identities in the archive: linkage runs, the clusters they leave, and reviewers' judgements.

A run reads every current record of one type, scores candidate pairs with the Splink model,
clusters the strong links together with the reviewers' decisions, queues the middle band for
review and replaces the type's identities in one transaction: an interrupted run leaves the
previous identities as they were. Records are never changed or merged.

A later run is incremental when a model was trained before: only pairs that involve a record
added since are scored, and the existing identities stand (less anything a reviewer has since
judged different). ``--full`` trains and scores everything again; reviewed judgements always
hold.

Judgements are an append-only log; each is a custody entry (who, when, why) and raises the pair's
version, so two reviewers deciding the same pair at once cannot both win. An undo is a judgement
that sets the pair back to waiting.

Whatever is read goes through the viewer's filter: an identity shows only the members its
reader may see, and its size, spellings and counts are of those members alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from docket.db.engine import reading, writing
from docket.db.schema import (
    identities,
    identity_members,
    link_judgements,
    link_pairs,
    link_runs,
    records,
)
from docket.errors import DocketError, PermissionDenied
from docket.evidence.custody import utc_now
from docket.linkage.clusters import cluster
from docket.linkage.features import features_of, spellings
from docket.linkage.model import ENGINES, Pair, score
from docket.linkage.subjects import NAME_FIELDS, load_subjects, name_text
from docket.model.access import LEVELS, Viewer, Visibility
from docket.records.casefile import Alias, cited_items
from docket.records.errors import EditConflict, InvalidRecord, RecordNotFound
from docket.records.reader import current
from docket.records.values import valid_record_id
from docket.records.views import RecordView

if TYPE_CHECKING:
    from docket.kernel import Kernel
    from docket.records.store import RecordStore

__all__ = [
    "DECISIONS",
    "KINDS",
    "AlsoRecorded",
    "IdentityView",
    "Judgement",
    "LinkOutcome",
    "Linkage",
    "ReviewPair",
]

KINDS: Final = ("person", "organisation", "place", "event")
# What a reviewer may decide of a pair; "undone" withdraws the last decision.
SAME: Final = "same"
DIFFERENT: Final = "different"
UNDONE: Final = "undone"
PENDING: Final = "pending"
DECISIONS: Final = (SAME, DIFFERENT)
LINK_ABOVE: Final = 0.8
REVIEW_ABOVE: Final = 0.3
RUN_ACTION: Final = "linkage_run"
JUDGED_ACTION: Final = "link_judged"
_CHUNK: Final = 500

Progress = Callable[[str], None]


class LinkageError(DocketError):
    """A linkage request that cannot be carried out as asked."""


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


@dataclass(frozen=True)
class IdentityView:
    """One identity as its reader may see it: the visible members, their spellings and values
    side by side."""

    id: int
    type: str
    members: list[RecordView]
    spellings: list[str]
    # Members the model linked without a reviewer's confirmation.
    unreviewed: int
    conflicts: dict[str, list[str]] = field(default_factory=dict)
    # The visible members whose link no reviewer has confirmed.
    unconfirmed: frozenset[int] = frozenset()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "records": [member.id for member in self.members],
            "spellings": self.spellings,
            "unreviewed": self.unreviewed,
            "conflicts": self.conflicts,
        }


@dataclass(frozen=True)
class OtherRecord:
    """Another visible record of an identity; ``reviewed`` when a reviewer confirmed its link
    to the record it is shown with."""

    id: int
    title: str
    reviewed: bool

    def to_json(self) -> dict[str, Any]:
        return {"record": self.id, "title": self.title, "reviewed": self.reviewed}


@dataclass(frozen=True)
class AlsoRecorded:
    """Where else one record's identity is recorded, as its reader may see it: the identity is
    named by its smallest visible member, and a member the reader may not see is neither
    counted nor named."""

    identity: int
    others: list[OtherRecord]

    @property
    def unreviewed(self) -> int:
        return sum(1 for other in self.others if not other.reviewed)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.identity,
            "others": [other.to_json() for other in self.others],
            "unreviewed": self.unreviewed,
        }


class Linkage:
    """Linkage on behalf of one viewer."""

    def __init__(self, kernel: Kernel, viewer: Viewer, records_store: RecordStore) -> None:
        self.kernel = kernel
        self.viewer = viewer
        self.store = records_store

    # -- running ------------------------------------------------------------------------------

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
        _check_kind(kind)
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

    # -- review ------------------------------------------------------------------------------

    def queue(self, kind: str | None = None, *, limit: int = 50) -> list[ReviewPair]:
        """Pairs waiting for a decision whose two records the viewer may both see, best first."""
        condition = link_pairs.c.status == PENDING
        if kind is not None:
            _check_kind(kind)
            condition = and_(condition, link_pairs.c.type == kind)
        with reading(self.kernel.engine) as connection:
            visible = _visible_ids(connection, self.viewer)
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
            visible = _visible_ids(connection, self.viewer)
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

    # -- reading identities ---------------------------------------------------------------

    def identity_of(self, record_id: int) -> IdentityView | None:
        """The identity of a record the viewer may see, with only the members they may see;
        None when the record has not been linked yet, RecordNotFound when it is hidden.

        Whether the viewer may see the record is asked in the statement that reads its identity
        and members, not by reading its row first: one statement where there were three, and
        the answer is as current as the identity it guards."""
        with reading(self.kernel.engine) as connection:
            return self.identity_in(connection, record_id)

    def identity_in(self, connection: Connection, record_id: int) -> IdentityView | None:
        """:meth:`identity_of` inside the caller's read transaction: the identity and its
        members are of the same state of the archive as the caller's other reads."""
        rows = connection.execute(
            _IDENTITY_OF,
            {"record_id": valid_record_id(record_id), **self.viewer.visibility.parameters()},
        ).all()
        if not rows:
            raise RecordNotFound(f"no record {record_id}")
        identity = rows[0]
        if identity.identity_id is None:
            return None
        members = self.store.views_in(connection, ids=[r.record_id for r in rows])
        shown = {member.id for member in members}
        unconfirmed = frozenset(
            r.record_id for r in rows if r.record_id in shown and not r.reviewed
        )
        linked = len(members) > 1
        field_name = NAME_FIELDS[identity.type]
        texts = [name_text(value.value) for m in members for value in m.field_values(field_name)]
        return IdentityView(
            id=min(shown),
            type=identity.type,
            members=members,
            spellings=spellings(t for t in texts if t) if identity.type != "event" else texts,
            unreviewed=len(unconfirmed) if linked else 0,
            conflicts=_conflicts(members, field_name),
            unconfirmed=unconfirmed if linked else frozenset(),
        )

    def also_recorded_as(self, record_ids: Sequence[int]) -> dict[int, AlsoRecorded]:
        """For each of ``record_ids`` the viewer may see and that shares its identity with other
        records the viewer may see: those records (a search names them beside its hits)."""
        wanted = sorted(set(record_ids))
        if not wanted:
            return {}
        with reading(self.kernel.engine) as connection:
            own: dict[int, int] = {}
            for start in range(0, len(wanted), _CHUNK):
                own.update(
                    connection.execute(
                        _IDENTITIES_OF, {"wanted": wanted[start : start + _CHUNK]}
                    ).all()
                )
            groups = sorted(set(own.values()))
            members: list[Any] = []
            for start in range(0, len(groups), _CHUNK):
                members.extend(
                    connection.execute(
                        _MEMBERS_OF, {"wanted": groups[start : start + _CHUNK]}
                    ).all()
                )
        # Titles are read through the viewer: a record they may not see is not returned at all.
        views = {
            view.id: view
            for view in self.store.views(
                ids=sorted({row.record_id for row in members}), sources=False, names=False
            )
        }
        by_identity: dict[int, list[Any]] = {}
        for row in members:
            if row.record_id in views:
                by_identity.setdefault(row.identity_id, []).append(row)
        found: dict[int, AlsoRecorded] = {}
        for record, identity in own.items():
            rows = by_identity.get(identity, [])
            mine = next((row for row in rows if row.record_id == record), None)
            others = sorted(
                (row for row in rows if row.record_id != record), key=lambda r: r.record_id
            )
            if mine is None or not others:
                continue
            found[record] = AlsoRecorded(
                identity=min(row.record_id for row in rows),
                others=[
                    OtherRecord(
                        row.record_id,
                        views[row.record_id].title or f"#{row.record_id}",
                        bool(mine.reviewed and row.reviewed),
                    )
                    for row in others
                ],
            )
        return found

    def also_recorded(self, people: Sequence[RecordView]) -> list[Alias]:
        """The other visible records of each of ``people``'s identities (a record of
        ``people`` itself is not another record of anyone), in the order of ``people``."""
        own = {person.id for person in people}
        linked: list[tuple[int, int, bool]] = []
        for person in people:
            identity = self.identity_of(person.id)
            if identity is None:
                continue
            for member in identity.members:
                if member.id not in own:
                    reviewed = not {person.id, member.id} & identity.unconfirmed
                    linked.append((person.id, member.id, reviewed))
        # With the quoted words, as the file's other records: a report prints them.
        wanted = sorted({member for _person, member, _reviewed in linked})
        views = {v.id: v for v in self.store.views(ids=wanted, quotes=True)} if wanted else {}
        return [
            Alias(person, views[member], reviewed, cited_items(views[member]))
            for person, member, reviewed in linked
            if member in views
        ]

    def same_as(self, kind: str) -> tuple[dict[int, int], set[int]]:
        """For counting: each visible linked record of ``kind`` → its identity's smallest visible
        member, and the records whose link no reviewer has confirmed."""
        with reading(self.kernel.engine) as connection:
            visible = _visible_ids(connection, self.viewer, kind)
            rows = connection.execute(
                select(
                    identity_members.c.record_id,
                    identity_members.c.identity_id,
                    identity_members.c.reviewed,
                ).where(identity_members.c.type == kind)
            ).all()
        anchor: dict[int, int] = {}
        for row in rows:
            if row.record_id in visible:
                anchor[row.identity_id] = min(
                    anchor.get(row.identity_id, row.record_id), row.record_id
                )
        mapping = {r.record_id: anchor[r.identity_id] for r in rows if r.record_id in visible}
        unconfirmed = {r.record_id for r in rows if r.record_id in visible and not r.reviewed}
        return mapping, unconfirmed


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise LinkageError(f"linkage links {', '.join(KINDS)} records, not {kind!r}")


def _conflicts(members: Sequence[RecordView], name_field: str) -> dict[str, list[str]]:
    """Fields on which the visible members disagree, with each value once, side by side."""
    found: dict[str, list[str]] = {}
    names = {spec.name for m in members for spec in m.type.fields.values()} - {name_field}
    for name in sorted(names):
        values: list[str] = []
        for member in members:
            for value in member.field_values(name):
                if value.protected:
                    continue
                text = json.dumps(value.value, ensure_ascii=False, sort_keys=True)
                if text not in values:
                    values.append(text)
        if len(values) > 1:
            found[name] = values
    return found


def _insert_many(connection: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        if chunk:
            connection.execute(insert(table), list(chunk))


# A record's identity and every member of it, from the record's row (so that the caller's
# visibility clause can be added): no rows when the record is missing, one with no identity when
# it is not linked. Built once: making the alias's columns cost more than running the statement.
_OWN = identity_members.alias("own")
_IDENTITY_OF = (
    select(
        _OWN.c.identity_id,
        _OWN.c.type,
        identity_members.c.record_id,
        identity_members.c.reviewed,
    )
    .select_from(
        records.outerjoin(_OWN, _OWN.c.record_id == records.c.id).outerjoin(
            identity_members, identity_members.c.identity_id == _OWN.c.identity_id
        )
    )
    .where(
        records.c.id == bindparam("record_id"),
        Visibility.bound_clause(records.c.confidentiality),
    )
)

# The identities of some records, and the members of some identities (built once: composing
# a statement cost more than running it).
_IDENTITIES_OF = select(identity_members.c.record_id, identity_members.c.identity_id).where(
    identity_members.c.record_id.in_(bindparam("wanted", expanding=True))
)
_MEMBERS_OF = select(
    identity_members.c.record_id, identity_members.c.identity_id, identity_members.c.reviewed
).where(identity_members.c.identity_id.in_(bindparam("wanted", expanding=True)))


def _visible_ids(connection: Connection, viewer: Viewer, kind: str | None = None) -> set[int]:
    condition = and_(viewer.visibility.clause(records.c.confidentiality), current())
    if kind is not None:
        condition = and_(condition, records.c.type == kind)
    return set(connection.execute(select(records.c.id).where(condition)).scalars())


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


def unlinked_count(connection: Connection, kind: str) -> int:
    """Current records of ``kind`` that no run has linked yet."""
    linked = select(identity_members.c.record_id)
    return int(
        connection.execute(
            select(func.count())
            .select_from(records)
            .where(records.c.type == kind, current(), records.c.id.not_in(linked))
        ).scalar_one()
    )
