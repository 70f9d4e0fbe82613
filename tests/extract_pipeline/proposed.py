"""What extraction proposes for a short text, in the forms the tests compare: the acts and the
interventions of a document read without a gazetteer, and a party's name whether one or several
take the role."""

from __future__ import annotations

from datetime import date
from typing import Any

from docket.extract.document import extract_document


def extracted_acts(
    text: str, language: str, document_date: date | None = None
) -> list[dict[str, Any]]:
    """The acts extraction proposes for ``text``, with no gazetteer."""
    found = extract_document(
        text, item_id=None, language=language, document_date=document_date, gazetteer=None
    )
    return list(found["acts"])


def extracted_interventions(
    text: str, language: str, document_date: date | None = None
) -> list[dict[str, Any]]:
    """The interventions extraction proposes for ``text``, with no gazetteer."""
    found = extract_document(
        text, item_id=None, language=language, document_date=document_date, gazetteer=None
    )
    return list(found["interventions"])


def party_name(role: Any) -> str | None:
    """The name of the party in a role: the first of several, or None when no one takes it."""
    if role is None:
        return None
    if isinstance(role, list):
        return str(role[0]["name"])
    return str(role["name"])
