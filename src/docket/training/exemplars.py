"""Example sentences of violations from the archive's own review decisions, for the recall stage.

An act proposal a reviewer accepted (or edited) says its sentence reports a violation: the one
its record names now (a reviewer may have retyped it). The recall stage
(``docket.extract.act_recall``) compares sentences with it as with the shipped examples. Only
acts of items the viewer may see are read (the same visibility rule as every read), and only of
the languages the stage reads. The newest decisions come first, a bounded number of each code,
so the examples of a large archive stay quick to encode.
"""

from __future__ import annotations

import bisect
import json
from typing import Final

from sqlalchemy import select

from docket.db.engine import reading
from docket.db.schema import items, proposals, record_values, records
from docket.extract.sentence_ends import sentence_starts
from docket.kernel import Kernel
from docket.model.access import Viewer

__all__ = ["EXAMPLES_PER_CODE", "accepted_act_examples"]

# The newest accepted acts of each code taken as examples.
EXAMPLES_PER_CODE: Final = 20
# An accepted act's sentence longer than this is no example of one act.
_LONGEST: Final = 400


def _language(raw: object) -> str | None:
    if not isinstance(raw, str) or not raw.strip():
        return None
    return raw.strip().lower().replace("_", "-").split("-")[0]


def accepted_act_examples(
    kernel: Kernel, viewer: Viewer, languages: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """(code, sentence) of the acts accepted in items ``viewer`` may see, in ``languages``,
    newest first, at most ``EXAMPLES_PER_CODE`` of each code."""
    taken: dict[str, int] = {}
    wanted: list[tuple[int, int, str]] = []
    with reading(kernel.engine) as connection:
        rows = connection.execute(
            select(
                proposals.c.item_id, proposals.c.payload, items.c.language, record_values.c.value
            )
            .join(items, items.c.id == proposals.c.item_id)
            .outerjoin(
                record_values,
                (record_values.c.record_id == proposals.c.record_id)
                # A record the viewer may not see gives its code to no example: the proposal's
                # own code stands in for it.
                & record_values.c.record_id.in_(
                    select(records.c.id).where(viewer.visibility.clause(records.c.confidentiality))
                )
                & (record_values.c.field == "violation")
                & record_values.c.removed_version.is_(None)
                & record_values.c.preferred.is_(True),
            )
            .where(
                proposals.c.kind == "act",
                proposals.c.status.in_(("accepted", "edited")),
                viewer.visibility.clause(items.c.confidentiality),
            )
            .order_by(proposals.c.decided_at.desc(), proposals.c.id.desc())
        )
        for item_id, payload, language, violation in rows:
            if _language(language) not in languages:
                continue
            try:
                found = json.loads(payload)
                now = json.loads(violation) if violation else found["type"]
                code, start = str(now), int(found["start"])
            except (ValueError, KeyError, TypeError):
                continue
            if taken.get(code, 0) >= EXAMPLES_PER_CODE:
                continue
            taken[code] = taken.get(code, 0) + 1
            wanted.append((int(item_id), start, code))
        texts = kernel.texts_in(connection, sorted({item_id for item_id, _, _ in wanted}))
    examples = []
    for item_id, start, code in wanted:
        text = texts.get(item_id, "")
        if not 0 <= start < len(text):
            continue
        starts = sentence_starts(text)
        index = bisect.bisect_right(starts, start) - 1
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        sentence = " ".join(text[starts[index] : end].split())
        if sentence and len(sentence) <= _LONGEST:
            examples.append((code, sentence))
    return tuple(examples)
