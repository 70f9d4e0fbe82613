"""The texts a record's quotes are cut from: read in one statement however many items it cites,
kept by their hash for the next reader, and never a quote from an item the reader may not see."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from records_support import STATEMENT, Source
from sqlalchemy import event
from tests.support import as_owner

from docket.archive import Archive
from docket.evidence.kept_texts import KeptTexts
from docket.ingest.provenance import Provenance
from docket.model.access import Role, Viewer

WORDS = "have been refused"


def _sources(archive: Archive, folder: Path, levels: list[str]) -> list[Source]:
    """An item of each level, each with the statement under a heading of its own."""
    folder.mkdir()
    found = []
    for number, level in enumerate(levels):
        path = folder / f"report-{number}.txt"
        path.write_text(f"Report {number}.\n{STATEMENT}", encoding="utf-8")
        (result,) = as_owner(archive).items.ingest(
            [path], Provenance(published="2023-12-02", confidentiality=level)
        )
        assert result.id is not None
        found.append(Source(result.id, as_owner(archive).items.text(result.id)))
    return found


def _citing(archive: Archive, sources: list[Source]) -> int:
    """A public person whose name cites the same words in each of ``sources``."""
    return (
        as_owner(archive)
        .records.create(
            "person",
            {"name": {"value": "Azimjan Askarov", "citations": [s.span(WORDS) for s in sources]}},
            confidentiality="public",
        )
        .id
    )


@contextmanager
def _statements(archive: Archive) -> Iterator[list[str]]:
    ran: list[str] = []

    def count(*args: object) -> None:
        ran.append(str(args[2]))

    engine = archive.kernel.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield ran
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _quotes(archive: Archive, viewer: Viewer, record_id: int) -> dict[int, str | None]:
    (view,) = archive.as_viewer(viewer).records.views(ids=[record_id], quotes=True)
    return {c.item_id: c.quote for v in view.values for c in v.citations}


def test_the_texts_of_the_items_a_record_cites_are_read_at_once(
    archive: Archive, tmp_path: Path
) -> None:
    sources = _sources(archive, tmp_path / "items", ["public"] * 4)
    one, four = _citing(archive, sources[:1]), _citing(archive, sources)
    owner = Viewer.owner("owner")
    archive.kernel.texts = KeptTexts()
    with _statements(archive) as citing_one:
        assert _quotes(archive, owner, one) == {sources[0].item_id: WORDS}
    archive.kernel.texts = KeptTexts()
    with _statements(archive) as citing_four:
        assert _quotes(archive, owner, four) == {s.item_id: WORDS for s in sources}
    assert len(citing_four) == len(citing_one)


def test_a_text_read_once_is_not_read_from_its_blob_again(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources(archive, tmp_path / "items", ["public", "restricted"])
    record = _citing(archive, sources)
    archive.kernel.texts = KeptTexts()  # what citing them kept
    read: list[str] = []
    plain = archive.kernel.blobs.read_text
    monkeypatch.setattr(
        archive.kernel.blobs, "read_text", lambda sha: read.append(sha) or plain(sha)
    )
    owner = Viewer.owner("owner")
    first = _quotes(archive, owner, record)
    assert len(read) == 2
    assert _quotes(archive, owner, record) == first == {s.item_id: WORDS for s in sources}
    assert len(read) == 2


@pytest.mark.parametrize("role", [Role.ANALYST, Role.VIEWER])
def test_a_kept_text_gives_no_quote_of_an_item_the_reader_may_not_see(
    role: Role, archive: Archive, tmp_path: Path
) -> None:
    levels = ["public", "restricted", "confidential"]
    sources = _sources(archive, tmp_path / "items", levels)
    record = _citing(archive, sources)
    # The owner reads first: every text is kept.
    assert set(_quotes(archive, Viewer.owner("owner"), record)) == {s.item_id for s in sources}
    reader = Viewer("reader", role)
    seen = reader.visibility.levels
    assert _quotes(archive, reader, record) == {
        s.item_id: WORDS for s, level in zip(sources, levels, strict=True) if level in seen
    }


def test_texts_are_kept_up_to_their_total_length_the_least_recently_used_going_first() -> None:
    kept = KeptTexts(limit=10)
    read: list[str] = []

    def reading(text: str) -> str:
        read.append(text)
        return text

    assert kept.text("abcd", reading) == "abcd"
    assert kept.text("efgh", reading) == "efgh"
    assert kept.text("abcd", reading) == "abcd"  # kept, and now the most recently used
    assert read == ["abcd", "efgh"]
    assert kept.text("ijkl", reading) == "ijkl"  # 12 characters: "efgh" goes
    assert (len(kept), kept.characters) == (2, 8)
    assert kept.text("efgh", reading) == "efgh"
    assert read == ["abcd", "efgh", "ijkl", "efgh"]
    # Longer than all that may be kept: read each time, and nothing kept is pushed out.
    assert kept.text("x" * 11, reading) == "x" * 11
    assert kept.text("x" * 11, reading) == "x" * 11
    assert read[-2:] == ["x" * 11, "x" * 11]
    assert kept.characters <= 10
