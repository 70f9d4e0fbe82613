"""A page of search results read at once (``items.search_page``): the same hits, rows and facet
counts as asking for each separately, and nothing the viewer may not see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import event, insert, update

from docket.archive import Archive
from docket.db.engine import reading, writing
from docket.db.schema import items, renditions
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.search import SearchFilters, parse_query
from docket.search.snippets import KeyMatcher, make_snippet
from docket.search.tantivy_fields import facet_parts, facet_value

OWNER = Viewer.owner("owner")
TEXTS = {
    "public-1": ("public", "Atambaev was returned to prison in Bishkek."),
    "public-2": ("public", "Атамбаев и Жапаров: the border agreement was signed."),
    "restricted": ("restricted", "Atambayev was visited by a lawyer."),
    "confidential": ("confidential", "A witness saw Atambaev in the colony."),
    "unrelated": ("public", "Nothing here matches the query."),
}


@pytest.fixture
def ingested(archive: Archive, tmp_path: Path) -> dict[str, int]:
    found = {}
    for name, (level, text) in TEXTS.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        door = archive.as_viewer(OWNER)
        (result,) = door.items.ingest([path], Provenance(confidentiality=level))
        assert result.id is not None
        found[name] = result.id
    return found


@pytest.mark.parametrize("role", ["admin", "analyst", "viewer"])
@pytest.mark.parametrize("query", ["Atambaev", "Atambaev OR border", "Жапаров", "absent"])
def test_a_page_holds_what_search_and_facets_give_apart(
    archive: Archive, ingested: dict[str, int], role: str, query: str
) -> None:
    door = archive.as_viewer(Viewer.as_role(role, "reader"))
    page = door.items.search_page(query)
    hits = door.items.search(query)
    assert [found.hit for found in page.found] == hits
    assert [found.item for found in page.found] == [door.items.get(hit.item_id) for hit in hits]
    assert page.facets == door.items.facets(query)


def test_a_page_never_holds_or_counts_what_the_viewer_may_not_see(
    archive: Archive, ingested: dict[str, int]
) -> None:
    public = archive.as_viewer(Viewer.as_role("viewer", "reader")).items.search_page("Atambaev")
    shown = {found.hit.item_id for found in public.found}
    assert shown == {ingested["public-1"], ingested["public-2"]}
    assert {found.item["confidentiality"] for found in public.found} == {"public"}
    assert public.facets.total == 2

    everything = archive.as_viewer(OWNER).items.search_page("Atambaev")
    assert {found.hit.item_id for found in everything.found} == {
        ingested[name] for name in ("public-1", "public-2", "restricted", "confidential")
    }
    assert everything.facets.total == 4


def test_a_page_keeps_its_filters_and_offset(archive: Archive, ingested: dict[str, int]) -> None:
    door = archive.as_viewer(OWNER)
    filters = SearchFilters(language="en")
    first = door.items.search_page("Atambaev", filters, limit=1)
    second = door.items.search_page("Atambaev", filters, limit=1, offset=1)
    assert [f.hit for f in first.found] == door.items.search("Atambaev", filters, limit=1)
    assert [f.hit for f in second.found] == door.items.search(
        "Atambaev", filters, limit=1, offset=1
    )
    assert first.facets == second.facets == door.items.facets("Atambaev", filters)


def test_a_page_reads_the_index_position_once_and_its_hits_in_one_statement(
    archive: Archive, ingested: dict[str, int]
) -> None:
    door = archive.as_viewer(OWNER)
    door.items.search_page("Atambaev")  # the index caught up: what follows only reads
    statements: list[str] = []

    def seen(*arguments: object) -> None:
        statements.append(str(arguments[2]))

    event.listen(archive.kernel.engine, "before_cursor_execute", seen)
    try:
        page = door.items.search_page("Atambaev", limit=4)
    finally:
        event.remove(archive.kernel.engine, "before_cursor_execute", seen)
    assert len(page.found) == 4
    read = [s for s in statements if s.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK")]
    # One statement for the chain's head (ranking and counting share it), one for the hits'
    # rows, titles, working copies and linked items: not one for each.
    assert len(read) == 2, read
    assert sum("chain_head" in statement for statement in read) == 1
    assert sum("renditions" in statement for statement in read) == 1


def test_a_page_leaves_out_links_to_items_the_viewer_may_not_see(
    archive: Archive, ingested: dict[str, int]
) -> None:
    owner = archive.as_viewer(OWNER)
    translated, parent = ingested["public-1"], ingested["public-2"]
    owner.items.edit(translated, {"translation_of": ingested["confidential"]})
    with writing(archive.kernel.engine) as connection:
        connection.execute(
            update(items).where(items.c.id == parent).values(parent_id=ingested["restricted"])
        )
    reader = archive.as_viewer(Viewer.as_role("viewer", "reader"))
    for door, hidden in ((reader, True), (owner, False)):
        rows = {found.hit.item_id: found.item for found in door.items.search_page("Atambaev").found}
        assert rows[translated] == door.items.get(translated)
        assert rows[parent] == door.items.get(parent)
        assert (rows[translated]["translation_of"] is None) is hidden
        assert (rows[parent]["parent_id"] is None) is hidden
        assert [found.hit for found in door.items.search_page("Atambaev").found] == (
            door.items.search("Atambaev")
        )


def test_texts_of_a_page_are_each_items_newest_working_copy(
    archive: Archive, ingested: dict[str, int]
) -> None:
    kernel = archive.kernel
    changed = ingested["public-1"]
    newer = kernel.blobs.put_bytes(b"Atambaev was released.")
    with writing(kernel.engine) as connection:
        connection.execute(
            insert(renditions).values(
                item_id=changed,
                kind="text",
                sha256=newer.sha256,
                size=newer.size,
                tool="test",
                tool_version="1",
                created_at="2024-05-01T00:00:00Z",
                page_starts=json.dumps([]),
                notes=json.dumps([]),
            )
        )
    ids = [*ingested.values(), 999_999]
    with reading(kernel.engine) as connection:
        texts = kernel.texts_in(connection, ids)
        assert texts == {item_id: kernel.text_in(connection, item_id) for item_id in ids}
        assert kernel.texts_in(connection, []) == {}
    assert texts[changed] == "Atambaev was released."
    assert texts[999_999] == ""


def test_a_matcher_shared_by_the_hits_of_a_search_makes_the_same_snippets() -> None:
    texts = [
        "Atambaev spoke; Атамбаевдин ден соолугу начарлады.",
        "The border agreement, signed by Жапаров, was discussed with Atambayev.",
        "a\x1b[31mred\x00 Atambaev\u200b and \u202eJaparov\u00a0",
        "",
    ]
    for query in ("Atambaev", '"border agreement" Japarov', "Atamb* OR Жапар*"):
        phrases = list(parse_query(query).scored_phrases())
        shared = KeyMatcher(phrases)
        for text in texts:
            alone = make_snippet(text, "Atambaev title", KeyMatcher(phrases))
            assert make_snippet(text, "Atambaev title", shared) == alone


@pytest.mark.parametrize(
    ("media", "language", "year"),
    [("text/plain", "en", "2024"), ("application/pdf", "", "1999"), ("image/png", "ru-kg", "")],
)
def test_the_facet_value_of_an_item_gives_back_its_parts(
    media: str, language: str, year: str
) -> None:
    assert facet_parts(facet_value(media, language, year)) == (media, language, year)
