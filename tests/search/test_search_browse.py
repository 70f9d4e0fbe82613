"""Listing items and facet counts: the same items as search, through the same filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support import as_owner

from docket.archive import Archive
from docket.errors import DocketError, InvalidQuery
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.search import SearchFilters

TEXTS = {
    "a.txt": ("Atambayev was moved to hospital in Bishkek.", "public", "2022-10-23"),
    "b.txt": ("Атамбаев остаётся в заключении в Бишкеке.", "restricted", "2023-01-10"),
    "c.txt": ("Kempir Abad villagers were detained in Osh.", "public", None),
    "d.txt": ("The Kempir-Abad border deal was signed; amnesty was refused.", "confidential", None),
}


@pytest.fixture
def items(archive: Archive, tmp_path: Path) -> dict[str, int]:
    found = {}
    for name, (text, level, published) in TEXTS.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        (result,) = as_owner(archive).items.ingest(
            [path], Provenance(confidentiality=level, published=published)
        )
        assert result.id is not None
        found[name] = result.id
    return found


@pytest.mark.parametrize(
    "query",
    ["Atambaev", "Атамб*", '"Kempir Abad"', "Kempir -amnesty", "Bishkek OR Osh", "detained"],
)
@pytest.mark.parametrize("role", ["admin", "viewer", "analyst"])
@pytest.mark.parametrize("level", [None, "public", "confidential"], ids=str)
def test_facets_count_exactly_what_search_finds(
    archive: Archive, items: dict[str, int], query: str, role: str, level: str | None
) -> None:
    door = archive.as_viewer(Viewer.as_role(role))
    filters = SearchFilters(level=level)
    hits = door.items.search(query, filters, limit=100)
    facets = door.items.facets(query, filters)
    assert facets.total == len(hits)
    assert sum(n for _, n in facets.media_types) == len(hits)
    assert sum(n for _, n in facets.years) == len(hits)
    expected_languages: dict[str | None, int] = {}
    for hit in hits:
        language = as_owner(archive).items.get(hit.item_id)["language"]
        expected_languages[language] = expected_languages.get(language, 0) + 1
    assert dict(facets.languages) == expected_languages


def test_facets_without_a_query_count_every_item_that_passes(
    archive: Archive, items: dict[str, int]
) -> None:
    facets = archive.as_viewer(Viewer.as_role("analyst")).items.facets(None, SearchFilters())
    assert facets.total == 3
    assert facets.media_types == [("text/plain", 3)]
    years = dict(facets.years)
    assert years["2022"] == 1 and years["2023"] >= 1
    assert sum(years.values()) == 3
    # A level above the reader's selects nothing, exactly like a level nobody used.
    analyst = archive.as_viewer(Viewer.as_role("analyst"))
    assert analyst.items.facets(None, SearchFilters(level="confidential")).total == 0
    with pytest.raises(InvalidQuery):
        as_owner(archive).items.facets("-amnesty", SearchFilters())


def test_list_items_pages_newest_first_within_the_levels(
    archive: Archive, items: dict[str, int]
) -> None:
    public = archive.as_viewer(Viewer.as_role("viewer")).items
    page = public.browse(limit=1)
    assert page.total == 2
    assert [row["id"] for row in page.items] == [items["c.txt"]]
    assert [row["id"] for row in public.browse(limit=1, offset=1).items] == [items["a.txt"]]
    everything = as_owner(archive).items.browse(limit=10)
    assert [row["id"] for row in everything.items] == sorted(items.values(), reverse=True)
    assert as_owner(archive).items.browse(SearchFilters(language="ru"), limit=10).total == 1
    assert public.browse(SearchFilters(level="restricted"), limit=10).total == 0
    assert as_owner(archive).items.browse(limit=10, parent_id=items["a.txt"]).total == 0
    with pytest.raises(DocketError):
        as_owner(archive).items.browse(limit=0)


def test_search_skips_the_offset(archive: Archive, items: dict[str, int]) -> None:
    everything = [
        hit.item_id for hit in as_owner(archive).items.search("Bishkek OR Osh OR Kempir", limit=10)
    ]
    assert len(everything) == 4
    later = as_owner(archive).items.search("Bishkek OR Osh OR Kempir", limit=2, offset=2)
    assert [hit.item_id for hit in later] == everything[2:]
    with pytest.raises(InvalidQuery):
        as_owner(archive).items.search("Bishkek", limit=20, offset=10_000)


def test_mentions_come_from_proposals_that_were_not_rejected(
    archive: Archive, items: dict[str, int]
) -> None:
    from docket.model.access import Viewer

    item = items["c.txt"]
    text = as_owner(archive).items.text(item)
    document = {
        "entities": [
            {
                "kind": "place",
                "name": "Osh",
                "mentions": [{"start": text.index("Osh"), "end": text.index("Osh") + 3}],
            },
            {"kind": "place", "name": "Kempir Abad", "mentions": [{"start": 0, "end": 11}]},
        ],
        "acts": [
            {
                "type": "arbitrary_detention",
                "label": "detained",
                "start": text.index("detained"),
                "end": text.index("detained") + 8,
            }
        ],
    }
    as_owner(archive).proposals.store(item, document)
    spans = [(m.kind, text[m.start : m.end]) for m in as_owner(archive).items.mentions(item)]
    assert spans == [("place", "Kempir Abad"), ("act", "detained"), ("place", "Osh")]
    osh = next(p for p in as_owner(archive).proposals.pending(limit=10) if p.label == "Osh")
    archive.as_viewer(Viewer.owner("owner")).proposals.reject(osh.id, "not a place here")
    assert [text[m.start : m.end] for m in as_owner(archive).items.mentions(item)] == [
        "Kempir Abad",
        "detained",
    ]


def test_verify_item_rehashes_its_files(archive: Archive, items: dict[str, int]) -> None:
    import os
    import stat

    item = items["b.txt"]
    assert as_owner(archive).items.verify(item) == []
    blob = archive.kernel.blobs.path_of(as_owner(archive).items.get(item)["sha256"])
    os.chmod(blob, stat.S_IRUSR | stat.S_IWUSR)
    blob.write_bytes(b"rewritten")
    problems = [str(p) for p in as_owner(archive).items.verify(item)]
    assert problems == [f"item {item}: stored file {blob.name[:12]}… was changed on disk"]
    assert as_owner(archive).items.verify(items["a.txt"]) == []
