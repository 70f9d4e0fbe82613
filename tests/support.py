"""What many tests need: the archive as its owner sees it."""

from __future__ import annotations

from docket.archive import Archive
from docket.door import Door
from docket.model.access import Viewer


def as_owner(archive: Archive) -> Door:
    """The archive through the owner's door: an admin who may see everything."""
    return archive.as_viewer(Viewer.owner())
