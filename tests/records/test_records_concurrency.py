"""Two people edit the same record at once: one wins, the other is told, nothing is lost."""

from __future__ import annotations

import threading

from docket.archive import Archive
from docket.model.access import Viewer
from docket.records import EditConflict


def test_parallel_writers_one_wins_the_loser_gets_a_conflict(archive: Archive) -> None:
    store = archive
    record = store.as_viewer(Viewer.owner("setup")).records.create(
        "person", {"name": "Ulan Atambaev"}
    )
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def write(name: str, changes: dict[str, object]) -> None:
        viewer = Viewer.owner(name)
        start.wait()
        try:
            outcomes[name] = (
                store.as_viewer(viewer)
                .records.edit(record.id, changes, 1, f"{name}'s edit")
                .version
            )
        except EditConflict as conflict:
            outcomes[name] = conflict

    threads = [
        threading.Thread(target=write, args=("alice", {"set": {"birth_year": 1956}})),
        threading.Thread(target=write, args=("bob", {"set": {"gender": "male"}})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [name for name, outcome in outcomes.items() if outcome == 2]
    losers = [name for name, outcome in outcomes.items() if isinstance(outcome, EditConflict)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1, outcomes
    (winner,), (loser,) = winners, losers
    assert f"changed by {winner}" in str(outcomes[loser])
    # The loser reloads and applies the edit again: both changes are kept, in order.
    retry = {"alice": {"set": {"birth_year": 1956}}, "bob": {"set": {"gender": "male"}}}[loser]
    store.as_viewer(Viewer.owner(loser)).records.edit(record.id, retry, 2, "again")
    final = store.as_viewer(Viewer.owner()).records.get(record.id)
    assert final.version == 3
    assert final.first("birth_year") == 1956
    assert final.first("gender") == "male"
    history = store.as_viewer(Viewer.owner()).records.history(record.id)
    assert [(v.version, v.actor) for v in history] == [(1, "setup"), (2, winner), (3, loser)]
    assert list(archive.verify()) == []
