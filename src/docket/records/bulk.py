"""What a bulk import of records needs beside the database's bulk path (``docket.db.bulk``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_gc_pauses() -> Iterator[None]:
    """Build many small objects without the cyclic collector rescanning them all each time.

    Nothing built here is cyclic garbage, and the collector's full passes over a heap that
    grows by hundreds of thousands of objects made a bulk import a third slower.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
