"""Evidence the record tests cite."""

from __future__ import annotations

from dataclasses import dataclass

STATEMENT = (
    "On 19 October 2023 he was returned from hospital to Correctional Colony No. 47. "
    "Requests for two urgent surgical operations have been refused. "
    "The Secretary General visited him in prison in April. "
    "About 1,700 villagers were fired upon; 22 people were detained.\n"
)


@dataclass(frozen=True)
class Source:
    item_id: int
    text: str

    def span(self, words: str) -> dict[str, int]:
        start = self.text.find(words)
        assert start >= 0, words
        return {"item": self.item_id, "start": start, "end": start + len(words)}
