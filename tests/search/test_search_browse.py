"""Listing items and facet counts: the same items as search, through the same filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from docket.archive import Archive
from docket.errors import DocketError, InvalidQuery
from docket.ingest.provenance import Provenance
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
        (result,) = archive.ingest([path], Provenance(confidentiality=level, published=published))
        assert result.id is not None
        found[name] = result.id
    return found


@pytest.mark.parametrize(
    "query",
    ["Atambaev", "Атамб*", '"Kempir Abad"', "Kempir -amnesty", "Bishkek OR Osh", "detained"],
)
@pytest.mark.parametrize(
    "levels", [None, ("public",), ("public", "restricted"), ()], ids=["all", "pub", "res", "none"]
)
def test_facets_count_exactly_what_search_finds(
    archive: Archive, items: dict[str, int], query: str, levels: tuple[str, ...] | None
) -> None:
    filters = SearchFilters(confidentiality=levels)
    hits = archive.search(query, filters, limit=100)
    facets = archive.search_facets(query, filters)
    assert facets.total == len(hits)
    assert sum(n for _, n in facets.media_types) == len(hits)
    assert sum(n for _, n in facets.years) == len(hits)
    expected_languages: dict[str | None, int] = {}
    for hit in hits:
        language = archive.get_item(hit.item_id)["language"]
        expected_languages[language] = expected_languages.get(language, 0) + 1
    assert dict(facets.languages) == expected_languages


def test_facets_without_a_query_count_every_item_that_passes(
    archive: Archive, items: dict[str, int]
) -> None:
    facets = archive.search_facets(None, SearchFilters(confidentiality=("public", "restricted")))
    assert facets.total == 3
    assert facets.media_types == [("text/plain", 3)]
    years = dict(facets.years)
    assert years["2022"] == 1 and years["2023"] >= 1
    assert sum(years.values()) == 3
    assert archive.search_facets(None, SearchFilters(confidentiality=())).total == 0
    with pytest.raises(InvalidQuery):
        archive.search_facets("-amnesty", SearchFilters())


def test_list_items_pages_newest_first_within_the_levels(
    archive: Archive, items: dict[str, int]
) -> None:
    public = SearchFilters(confidentiality=("public",))
    page = archive.list_items(public, limit=1)
    assert page.total == 2
    assert [row["id"] for row in page.items] == [items["c.txt"]]
    assert [row["id"] for row in archive.list_items(public, limit=1, offset=1).items] == [
        items["a.txt"]
    ]
    everything = archive.list_items(limit=10)
    assert [row["id"] for row in everything.items] == sorted(items.values(), reverse=True)
    assert archive.list_items(SearchFilters(language="ru"), limit=10).total == 1
    assert archive.list_items(SearchFilters(confidentiality=()), limit=10).total == 0
    assert archive.list_items(limit=10, parent_id=items["a.txt"]).total == 0
    with pytest.raises(DocketError):
        archive.list_items(limit=0)


def test_search_skips_the_offset(archive: Archive, items: dict[str, int]) -> None:
    everything = [hit.item_id for hit in archive.search("Bishkek OR Osh OR Kempir", limit=10)]
    assert len(everything) == 4
    later = archive.search("Bishkek OR Osh OR Kempir", limit=2, offset=2)
    assert [hit.item_id for hit in later] == everything[2:]
    with pytest.raises(InvalidQuery):
        archive.search("Bishkek", limit=20, offset=10_000)


def test_mentions_come_from_proposals_that_were_not_rejected(
    archive: Archive, items: dict[str, int]
) -> None:
    from docket.records import Viewer
    from docket.review.proposals import pending, reject, store_proposals

    item = items["c.txt"]
    text = archive.text(item)
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
    store_proposals(archive, item, document)
    spans = [(m.kind, text[m.start : m.end]) for m in archive.item_mentions(item)]
    assert spans == [("place", "Kempir Abad"), ("act", "detained"), ("place", "Osh")]
    osh = next(p for p in pending(archive, limit=10) if p.label == "Osh")
    reject(archive, osh.id, Viewer.owner("owner"), "not a place here")
    assert [text[m.start : m.end] for m in archive.item_mentions(item)] == [
        "Kempir Abad",
        "detained",
    ]


def test_verify_item_rehashes_its_files(archive: Archive, items: dict[str, int]) -> None:
    import os
    import stat

    item = items["b.txt"]
    assert archive.verify_item(item) == []
    blob = archive.blobs.path_of(archive.get_item(item)["sha256"])
    os.chmod(blob, stat.S_IRUSR | stat.S_IWUSR)
    blob.write_bytes(b"rewritten")
    problems = [str(p) for p in archive.verify_item(item)]
    assert problems == [f"item {item}: stored file {blob.name[:12]}… was changed on disk"]
    assert archive.verify_item(items["a.txt"]) == []
