"""Two processes signing the same head at once (two workers ending their jobs together): the
second waits for the first and finds the head signed, instead of failing on its insert."""

from __future__ import annotations

import threading

from docket.archive import Archive
from docket.db.engine import writing
from docket.evidence import keys
from docket.evidence.custody import Action, Checkpoint
from docket.kernel import KEYS_DIR


def test_a_checkpoint_signed_while_another_is_being_signed_is_the_same_one(
    archive: Archive,
) -> None:
    kernel = archive.kernel
    with writing(kernel.engine) as connection:
        kernel.custody.append(connection, Action.ARCHIVE_CREATED, "archive", {"again": True})
    key = keys.load_private_key(archive.settings.home / KEYS_DIR)
    second: list[Checkpoint | None] = []
    with writing(kernel.engine) as connection:
        first = kernel.custody.checkpoint(connection, key)
        # The other signer starts while this transaction holds the unsigned head.
        other = threading.Thread(target=lambda: second.append(kernel.checkpoint()))
        other.start()
        other.join(timeout=1)
    other.join()
    assert first is not None
    assert second == [first]
    assert archive.latest_checkpoint() == first
