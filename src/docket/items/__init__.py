"""Evidence as one viewer may see it: items, their text, custody, search, edits and packages."""

from __future__ import annotations

from docket.items.store import EDITABLE_FIELDS, ITEM_VIEWED, ItemStore, ItemView, Mention

__all__ = ["EDITABLE_FIELDS", "ITEM_VIEWED", "ItemStore", "ItemView", "Mention"]
