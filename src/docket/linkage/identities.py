"""Reading identities: the records of one subject as their reader may see them.

An identity shows only the members its reader may see, and its size, spellings and counts are
of those members alone; a member the reader may not see is neither counted nor named.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import Connection, bindparam, func, select

from docket.db.engine import reading
from docket.db.lists import in_list
from docket.db.schema import identity_members, record_values, records
from docket.linkage.base import LinkageBase, visible_ids
from docket.linkage.features import spellings
from docket.linkage.subjects import NAME_FIELDS, name_text
from docket.model.access import Visibility
from docket.records.casefile import Alias, cited_items
from docket.records.changes import ACTIVE
from docket.records.errors import RecordNotFound
from docket.records.reader import current
from docket.records.values import valid_record_id
from docket.records.views import RecordView

__all__ = ["AlsoRecorded", "IdentityReading", "IdentitySummary", "IdentityView", "OtherRecord"]

_CHUNK: Final = 500


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
class IdentitySummary:
    """One record's identity as its page shows it: every other record of it the reader may see,
    by id, those picked for the page read by their titles, and the spellings of them all.

    What a page reads of an identity does not grow with its size beyond ids and distinct
    names: an identity of a man named in thousands of sources is not read record by record.
    """

    id: int
    type: str
    # The other visible members, by id in ascending order.
    others: list[int]
    # Those of them picked for the page, read with their title fields only, in id order.
    shown: list[RecordView]
    spellings: list[str]
    # Members the model linked without a reviewer's confirmation.
    unreviewed: int


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


class IdentityReading(LinkageBase):
    """Identities read on behalf of one viewer."""

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

    def identity_summary_in(
        self,
        connection: Connection,
        record_id: int,
        pick: Callable[[Sequence[int]], Sequence[int]],
    ) -> IdentitySummary | None:
        """The identity of a record the viewer may see, summed up inside the caller's read
        transaction; ``pick`` chooses, from the other visible members in id order, those read
        by their titles. None when the record has not been linked yet (or no member of its
        identity is current), RecordNotFound when it is hidden."""
        own = connection.execute(
            _OWN_IDENTITY,
            {"record_id": valid_record_id(record_id), **self.viewer.visibility.parameters()},
        ).one_or_none()
        if own is None:
            raise RecordNotFound(f"no record {record_id}")
        if own.identity_id is None:
            return None
        bound = {"identity": own.identity_id, **self.viewer.visibility.parameters()}
        rows = connection.execute(_VISIBLE_MEMBERS, bound).all()
        if not rows:
            return None
        others = [row.record_id for row in rows if row.record_id != record_id]
        picked = sorted(set(pick(others)) & set(others))
        shown = (
            self.store.views_in(
                connection, ids=picked, sources=False, fields=self.store.title_fields
            )
            if picked
            else []
        )
        # Each distinct unprotected name once, in the order the members first gave it.
        texts: list[str] = []
        for (value,) in connection.execute(
            _MEMBER_NAMES, {**bound, "field": NAME_FIELDS[own.type]}
        ):
            text = name_text(json.loads(value))
            if text and text not in texts:
                texts.append(text)
        linked = len(rows) > 1
        return IdentitySummary(
            id=rows[0].record_id,
            type=own.type,
            others=others,
            shown=shown,
            spellings=list(_spellings_of(tuple(texts))) if own.type != "event" else texts,
            unreviewed=sum(1 for row in rows if not row.reviewed) if linked else 0,
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
            visible = visible_ids(connection, self.viewer, kind)
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


@functools.lru_cache(maxsize=1024)
def _spellings_of(names: tuple[str, ...]) -> tuple[str, ...]:
    """The spellings of an identity's names, worked out once for every page showing them:
    the variants of four names cost a record page more than all its reads of the identity."""
    return tuple(spellings(names))


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

# A visible record's identity (none when it is not linked); no row when it is missing or hidden.
_OWN_IDENTITY = (
    select(_OWN.c.identity_id, _OWN.c.type)
    .select_from(records.outerjoin(_OWN, _OWN.c.record_id == records.c.id))
    .where(
        records.c.id == bindparam("record_id"),
        Visibility.bound_clause(records.c.confidentiality),
    )
)

# The current members of an identity the viewer may see, and the distinct names they give.
_VISIBLE_MEMBERS = (
    select(identity_members.c.record_id, identity_members.c.reviewed)
    .join(records, records.c.id == identity_members.c.record_id)
    .where(
        identity_members.c.identity_id == bindparam("identity"),
        Visibility.bound_clause(records.c.confidentiality),
        current(),
    )
    .order_by(identity_members.c.record_id)
)
_MEMBER_NAMES = (
    select(record_values.c.value)
    .join(identity_members, identity_members.c.record_id == record_values.c.record_id)
    .join(records, records.c.id == record_values.c.record_id)
    .where(
        identity_members.c.identity_id == bindparam("identity"),
        Visibility.bound_clause(records.c.confidentiality),
        current(),
        record_values.c.field == bindparam("field"),
        record_values.c.status == ACTIVE,
        record_values.c.protected.is_(False),
    )
    .group_by(record_values.c.value)
    .order_by(func.min(record_values.c.id))
)

# The identities of some records, and the members of some identities (built once: composing
# a statement cost more than running it).
_IDENTITIES_OF = select(identity_members.c.record_id, identity_members.c.identity_id).where(
    in_list(identity_members.c.record_id, "wanted")
)
_MEMBERS_OF = select(
    identity_members.c.record_id, identity_members.c.identity_id, identity_members.c.reviewed
).where(in_list(identity_members.c.identity_id, "wanted"))
