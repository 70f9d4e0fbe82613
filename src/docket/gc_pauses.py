"""Work that builds many small objects, run without the cyclic collector's passes over them."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_gc_pauses() -> Iterator[None]:
    """Build many small objects without the cyclic collector rescanning them all each time.

    A bulk import of records grows the heap by hundreds of thousands of objects, none of them
    cyclic garbage, and the collector's full passes over it made the import a third slower. A
    batch of extraction makes many short-lived tokens, words and matches, freed by their
    reference counts: over 300 English reports the collector's passes cost about a fortieth of
    the time and found a few hundred objects, which now wait for its first pass after the
    batch. The collector is enabled again afterwards only if it was enabled before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
