"""Helpers of the evidence tests (items, upload, search): seeding, ingesting and leak checks."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

from seed import LEVELS, MARKERS, as_owner

from docket.archive import Archive
from docket.face import Provenance

# What each role may see, as the permission model says (not as the code under test computes).
VISIBLE = {
    "admin": {"public", "restricted", "confidential"},
    "editor": {"public", "restricted", "confidential"},
    "analyst": {"public", "restricted"},
    "viewer": {"public"},
}


def hidden_markers(role: str) -> list[str]:
    return [MARKERS[level] for level in LEVELS if level not in VISIBLE[role]]


def assert_no_leak(role: str, text: str) -> None:
    for marker in hidden_markers(role):
        assert marker not in text, f"{role} was shown {marker}"


def ingest_text(
    archive: Archive, folder: Path, name: str, text: str, level: str = "public", **fields: str
) -> int:
    """A text file ingested as one item; returns its id."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    provenance = Provenance(confidentiality=level, **fields)  # type: ignore[arg-type]
    (result,) = as_owner(archive).items.ingest([path], provenance)
    assert result.id is not None, result
    return result.id


def propose_mention(archive: Archive, item_id: int, words: str, kind: str = "person") -> None:
    """A stored proposal naming ``words`` where they first occur in the item's text."""
    owner = as_owner(archive)
    text = owner.items.text(item_id)
    start = text.index(words)
    owner.proposals.store(
        item_id,
        {
            "item": item_id,
            "language": "en",
            "document_date": None,
            "entities": [
                {
                    "kind": kind,
                    "name": words,
                    "archive_id": None,
                    "mentions": [{"text": words, "start": start, "end": start + len(words)}],
                }
            ],
            "dates": [],
            "counts": [],
            "acts": [],
            "interventions": [],
        },
    )


def error_line(html: str) -> str:
    """The one-line message of an error page."""
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert found, html[:2000]
    return html_module.unescape(found.group(1).strip())


def api_token(archive: Archive, name: str, scopes: list[str]) -> dict[str, str]:
    """The Authorization header of a new token of the user ``name`` with ``scopes``."""
    accounts = archive.accounts
    user = accounts.by_name(name)
    assert user is not None
    token, _ = accounts.create_token(user.id, "tests", scopes, actor="tester")
    return {"Authorization": f"Bearer {token}"}
