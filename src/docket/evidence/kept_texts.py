"""Working-copy texts kept in the process by their SHA-256, the most recently used first.

A blob is named by the SHA-256 of its content and never rewritten, so a text read once under a
hash is that hash's text for good: keeping it cannot serve a stale one. The texts are kept
without knowing whose they are; every reader still decides, through its viewer's levels, which
items' texts it asks for (a quote is cut only from an item the viewer may see). The total is
bounded by characters, as one long report would otherwise push out hundreds of short ones.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Final

# A few hundred typical reports: what the record pages of a busy day cite again and again.
KEPT_CHARACTERS: Final = 4_000_000


class KeptTexts:
    """Texts by SHA-256, at most ``limit`` characters in all; safe to share between threads."""

    def __init__(self, limit: int = KEPT_CHARACTERS) -> None:
        self._limit = limit
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._characters = 0
        self._lock = threading.Lock()

    def text(self, sha256: str, read: Callable[[str], str]) -> str:
        """The text kept under ``sha256``, or ``read(sha256)``'s, kept from now on when it fits.
        Two threads asking at once may both read it; both texts are the same."""
        with self._lock:
            found = self._texts.get(sha256)
            if found is not None:
                self._texts.move_to_end(sha256)
                return found
        text = read(sha256)
        if len(text) > self._limit:
            return text
        with self._lock:
            if sha256 not in self._texts:
                self._texts[sha256] = text
                self._characters += len(text)
            while self._characters > self._limit:
                _, dropped = self._texts.popitem(last=False)
                self._characters -= len(dropped)
        return text

    @property
    def characters(self) -> int:
        return self._characters

    def __len__(self) -> int:
        return len(self._texts)
