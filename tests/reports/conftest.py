"""The world every report test reports on (see ``reports_support.build_world``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reports_support import World, build_world

from docket.archive import Archive


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    return build_world(archive, tmp_path / "world")
