"""A person or organisation as the act-reading rules see it: a mention in the text and its entity.

Each rule that gives an act a participant (``participants``, ``act_parties``, ``claims``,
``interventions``, …) finds it among these and writes it into a finding with ``to_json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Actor"]


@dataclass(frozen=True)
class Actor:
    """A mention of a person or organisation in the act's sentence and its entity."""

    kind: str
    name: str
    archive_id: str | None
    text: str
    start: int
    end: int

    def to_json(self, **more: Any) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "archive_id": self.archive_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            **more,
        }
