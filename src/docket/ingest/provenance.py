"""What the person who brings an item says about where it came from."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from docket.errors import DocketError
from docket.model.access import LEVELS as CONFIDENTIALITY_LEVELS


class InvalidProvenance(DocketError):
    """A provenance value is malformed."""


@dataclass(frozen=True)
class Provenance:
    """Provenance given at ingest. Empty fields are unknown, not blank."""

    source_url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    collected_by: str | None = None
    translation_of: int | None = None
    note: str | None = None
    confidentiality: str = "public"

    def __post_init__(self) -> None:
        if self.confidentiality not in CONFIDENTIALITY_LEVELS:
            raise InvalidProvenance(
                f"confidentiality must be one of {', '.join(CONFIDENTIALITY_LEVELS)}, "
                f"not {self.confidentiality!r}"
            )
        if self.published is not None:
            try:
                date.fromisoformat(self.published)
            except ValueError:
                raise InvalidProvenance(
                    f"published date must be YYYY-MM-DD, not {self.published!r}"
                ) from None
        for name in ("source_url", "title", "author", "collected_by", "note"):
            value = getattr(self, name)
            if value is not None and ("\x00" in value or len(value) > 10_000):
                raise InvalidProvenance(f"{name.replace('_', ' ')} is not valid text")

    def for_member(self) -> Provenance:
        """What a file found inside a container inherits: where and by whom, not what it is."""
        return Provenance(
            source_url=self.source_url,
            collected_by=self.collected_by,
            note=None,
            confidentiality=self.confidentiality,
        )

    def to_json(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}
