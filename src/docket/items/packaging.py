"""Evidence packages: a BagIt bag of items with their custody, as one viewer may make it."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from pathlib import Path

from docket import __version__
from docket.db.engine import reading, writing
from docket.errors import DocketError
from docket.evidence import keys
from docket.evidence.bags import BagItem, write_bag
from docket.evidence.custody import Action, Entry, replay
from docket.items.visible_rows import renditions_of, stored_row
from docket.kernel import Kernel
from docket.model.access import Viewer


def check_packable(kernel: Kernel, viewer: Viewer, item_ids: Sequence[int]) -> list[int]:
    """The items, once each, when the viewer may package them all; one line if not."""
    if not item_ids:
        raise DocketError("nothing to export: no items given or found")
    unique_ids = sorted(set(item_ids))
    custody = kernel.custody
    with reading(kernel.engine) as connection:
        for item_id in unique_ids:
            level = stored_row(connection, viewer, item_id)["confidentiality"]
            everything = list(custody.entries(connection, item_id=item_id))
            readable = custody.readable(connection, item_id, level, viewer.can_see)
            if replay(readable) != replay(everything):
                # The package could not prove the item's metadata from what it may hold.
                raise DocketError(
                    f"item {item_id} cannot be packaged at your clearance: its metadata "
                    "rests on custody entries above it; an editor or admin can export it"
                )
    return unique_ids


def export_bag(
    kernel: Kernel,
    viewer: Viewer,
    out: Path,
    item_ids: Sequence[int],
    *,
    carrying: Sequence[Entry] = (),
) -> Path:
    """Write a BagIt evidence package of these items; the export enters their custody.

    ``carrying``: further entries the caller has just written (a report's files bound in
    custody) for the bag to hold beside the items' own, covered by its checkpoint."""
    unique_ids = check_packable(kernel, viewer, item_ids)
    custody = kernel.custody
    if out.exists():
        raise DocketError(f"{out} already exists; choose a new folder for the bag")
    export_id = str(uuid.uuid4())
    with writing(kernel.engine) as connection:
        for item_id in unique_ids:
            kernel.custody.append(
                connection,
                Action.EXPORTED,
                f"item:{item_id}",
                {"format": "bagit", "export_id": export_id, "bag": out.name},
                item_id=item_id,
                actor=viewer.name,
            )
    statement = kernel.checkpoint_statement()
    with reading(kernel.engine) as connection:
        members = []
        history: list[Entry] = []
        for item_id in unique_ids:
            # As stored: the package's own check compares it with the custody entries.
            item = stored_row(connection, viewer, item_id)
            derived = renditions_of(connection, item_id)
            members.append(
                BagItem(
                    item=item,
                    renditions=derived,
                    files=tuple(
                        (
                            int(r["id"]),
                            str(r["kind"]),
                            functools.partial(kernel.blobs.open, r["sha256"]),
                        )
                        for r in derived
                        if r["kind"] != "text"
                    ),
                    original=functools.partial(kernel.blobs.open, item["sha256"]),
                    working_copy=kernel.text_in(connection, item_id)
                    if any(r["kind"] == "text" for r in derived)
                    else None,
                )
            )
            # What the maker may read; the chain's hash list below stays whole.
            history.extend(
                custody.readable(connection, item_id, item["confidentiality"], viewer.can_see)
            )
        history.extend(carrying)
        history.sort(key=lambda entry: entry.seq)
        chain = (
            (entry.seq, entry.prev_hash, entry.hash) for entry in kernel.custody.entries(connection)
        )
        return write_bag(
            out,
            members,
            entries=history,
            chain=chain,
            statement=statement,
            public_key=kernel.public_key,
            sign=kernel.sign,
            bag_info={
                "Bag-Software-Agent": f"docket {__version__}",
                "External-Identifier": export_id,
                "Docket-Archive-Id": kernel.archive_id,
                "Docket-Key-Fingerprint": keys.fingerprint(kernel.public_key),
                "Docket-Items": ",".join(str(i) for i in unique_ids),
            },
        )
