"""Linkage judgements against the chain of custody.

Every row of ``link_judgements`` was written with a ``link_judged`` entry carrying its id, the
two records, the decision, the reason, the pair's version, the time and (as the entry's actor)
who decided. A row that differs from its entry, a row without an entry, or an entry whose row
is gone is a change made behind the archive's back. Identities themselves are derived (from the
records, the run's model and these judgements) and are not held to the chain.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Final

from sqlalchemy import Connection, select

from docket.db.schema import custody, link_judgements, link_pairs
from docket.evidence.problems import Problem

# docket.linkage.review.JUDGED_ACTION; a test keeps them equal (storage may not import services).
JUDGED_ACTION: Final = "link_judged"
KIND: Final = "judgement"


class JudgementCheck:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _logged(self) -> dict[int, tuple[str, dict[str, Any]]]:
        rows = self.connection.execute(
            select(custody.c.actor, custody.c.payload).where(custody.c.action == JUDGED_ACTION)
        )
        logged: dict[int, tuple[str, dict[str, Any]]] = {}
        for actor, payload in rows:
            data = json.loads(payload)
            if isinstance(data, dict) and isinstance(data.get("judgement"), int):
                logged[data["judgement"]] = (actor, data)
        return logged

    def run(self) -> Iterator[Problem]:
        logged = self._logged()
        rows = self.connection.execute(
            select(link_judgements, link_pairs.c.record_a, link_pairs.c.record_b)
            .join(link_pairs, link_pairs.c.id == link_judgements.c.pair_id)
            .order_by(link_judgements.c.id)
        )
        for row in rows:
            entry = logged.pop(row.id, None)
            if entry is None:
                yield Problem(KIND, f"judgement {row.id}: no custody entry records it")
                continue
            actor, data = entry
            stored = {
                "records": [row.record_a, row.record_b],
                "decision": row.decision,
                "reason": row.reason,
                "version": row.pair_version,
                "at": row.at,
            }
            changed = sorted(key for key, value in stored.items() if data.get(key) != value)
            if actor != row.actor:
                changed.append("actor")
            if changed:
                yield Problem(
                    KIND,
                    f"judgement {row.id}: {', '.join(changed)} differ from its custody entry",
                )
        for missing in sorted(logged):
            yield Problem(KIND, f"judgement {missing}: in the chain of custody but not stored")
