"""What every page showing an item shares: its confidential readings noted in custody, and only
web addresses it may link to."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from docket.door import Door


def note_view(door: Door, item: Mapping[str, Any], what: str) -> None:
    """Every reading of a confidential item enters its chain of custody, with who read it."""
    if item["confidentiality"] == "confidential":
        door.items.log_view(int(item["id"]), what)


def external_link(url: object) -> str | None:
    """``url`` if it is a web address a page may link to (no ``javascript:`` and the like)."""
    if isinstance(url, str) and re.match(r"https?://[^\s]+$", url, re.IGNORECASE):
        return url
    return None
