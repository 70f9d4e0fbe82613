"""The architecture as the code must keep it: one door, stores bound to a viewer, explicit faces."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import docket.capture
import docket.door
import docket.estimation
import docket.face
import docket.items
import docket.records
import docket.review
from docket.archive import Archive
from docket.errors import PermissionDenied
from docket.items import ItemStore
from docket.model.access import Viewer
from docket.records import RecordStore
from docket.review import ProposalStore

SRC = Path(__file__).resolve().parents[2] / "src" / "docket"

FACES = {
    docket.capture: [
        "ArchivedResponse",
        "CaptureChanges",
        "CaptureFailed",
        "CaptureOptions",
        "CaptureRefused",
        "CaptureRequest",
        "CaptureResult",
        "CaptureStore",
        "InvalidCaptureOption",
        "charset_of",
        "parse_links",
        "read_links",
        "rewrite_css",
        "rewrite_html",
    ],
    docket.estimation: [
        "ArchiveHistories",
        "BmaPosterior",
        "CaptureHistories",
        "Estimation",
        "InvalidHistories",
        "LcmcrPosterior",
        "MAX_CSV_BYTES",
        "METHODS",
        "MethodEstimate",
        "STRATA",
        "SamplerSettings",
        "StratifiedEstimation",
        "UNLINKED",
        "capture_histories",
        "check_methods",
        "check_seed",
        "estimate",
        "estimate_archive",
        "parse_histories_csv",
    ],
    docket.items: [
        "EDITABLE_FIELDS",
        "ITEM_VIEWED",
        "ItemStore",
        "ItemView",
        "Mention",
    ],
    docket.records: [
        "Citation",
        "EditConflict",
        "ImportResult",
        "InvalidCitation",
        "InvalidRecord",
        "PermissionDenied",
        "REDACTED",
        "RecordKeyError",
        "RecordNotFound",
        "RecordStore",
        "RecordView",
        "Value",
        "Version",
    ],
    docket.review: [
        "Alternative",
        "Draft",
        "DraftValue",
        "InvalidAssignment",
        "Proposal",
        "ProposalDecided",
        "ProposalNotFound",
        "ProposalStore",
        "record_type_of",
        "required_edits",
    ],
}


@pytest.mark.parametrize("package", list(FACES), ids=lambda package: package.__name__)
def test_package_faces_are_pinned(package: object) -> None:
    assert sorted(package.__all__) == sorted(FACES[package])  # type: ignore[attr-defined]


def test_the_face_exports_what_it_names() -> None:
    names = docket.face.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert hasattr(docket.face, name), name


def test_the_door_module_offers_the_door_alone() -> None:
    assert docket.door.__all__ == ["Door"]


def _imports(path: Path) -> list[ast.ImportFrom]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("docket")
    ]


def test_nobody_imports_a_private_name() -> None:
    found = [
        f"{path.relative_to(SRC)}: {node.module}.{alias.name}"
        for path in SRC.rglob("*.py")
        for node in _imports(path)
        for alias in node.names
        if alias.name.startswith("_") and alias.name != "__version__"
    ]
    assert found == []


def test_every_module_imports() -> None:
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts or path.name == "__main__.py":
            continue
        module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        importlib.import_module(module.removesuffix(".__init__"))


def test_no_store_can_be_built_without_a_viewer(archive: Archive) -> None:
    kernel = archive.kernel
    for store in (ItemStore, RecordStore, ProposalStore):
        with pytest.raises(TypeError):
            store(kernel)  # type: ignore[call-arg]
    with pytest.raises(PermissionDenied, match="without saying who reads it"):
        archive.as_viewer(None)  # type: ignore[arg-type]


def test_a_viewer_cannot_be_everyone(archive: Archive) -> None:
    """There is no role above an admin, and an admin sees exactly the three levels."""
    door = archive.as_viewer(Viewer.owner("owner"))
    assert door.viewer.visible_levels() == ("public", "restricted", "confidential")
    with pytest.raises(PermissionDenied, match="unknown role"):
        Viewer.as_role("all")
