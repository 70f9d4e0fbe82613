"""Facets and filters by what records say of the matched items: violation type, place, actor.

Nothing the viewer may not see is counted or named: hidden acts, places and people count for
nobody below their level, and retracted records count for nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.support import as_owner

from docket.archive import Archive
from docket.db.engine import reading
from docket.door import Door
from docket.errors import InvalidQuery
from docket.face import Facets
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer, Visibility
from docket.search import SearchFilters, tantivy_host
from docket.search.browse import facets

OWNER = Viewer.owner("owner")
PUBLIC = ("public",)
TEXTS = {
    "a": ("public", "Report: Bakyt Tokonov was detained in Osh."),
    "b": ("public", "Report: Asel Nurlanova was beaten in Osh; a protest followed in Naryn."),
    "c": ("restricted", "Report: Bakyt Tokonov was held again in Naryn."),
    "d": ("public", "Report: a journalist vanished near Secretplace."),
}


@dataclass(frozen=True)
class World:
    items: dict[str, int]
    records: dict[str, int]


def _cite(archive: Archive, item: int, words: str) -> dict[str, int]:
    text = as_owner(archive).items.text(item)
    start = text.index(words)
    return {"item": item, "start": start, "end": start + len(words)}


def _cited(archive: Archive, item: int, words: str) -> dict[str, Any]:
    return {"value": words, "citations": [_cite(archive, item, words)]}


@pytest.fixture
def world(archive: Archive, tmp_path: Path) -> World:
    items: dict[str, int] = {}
    for name, (level, text) in TEXTS.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        (result,) = as_owner(archive).items.ingest([path], Provenance(confidentiality=level))
        assert result.id is not None
        items[name] = result.id

    def create(type_name: str, fields: dict[str, Any], level: str = "public") -> int:
        return archive.as_viewer(OWNER).records.create(type_name, fields, confidentiality=level).id

    records: dict[str, int] = {}
    records["osh"] = create("place", {"name": "Osh"})
    records["naryn"] = create("place", {"name": "Naryn"})
    records["secret_place"] = create("place", {"name": "Secretplace"}, "confidential")
    records["bakyt"] = create("person", {"name": _cited(archive, items["a"], "Bakyt Tokonov")})
    records["asel"] = create(
        "person", {"name": _cited(archive, items["b"], "Asel Nurlanova")}, "confidential"
    )

    def act(item: str, words: str, violation: str, victim: str, place: str, level: str) -> int:
        return create(
            "act",
            {
                "violation": violation,
                "victim": {"ref": records[victim]},
                "place": {"ref": records[place]},
                "description": _cited(archive, items[item], words),
            },
            level,
        )

    records["act_a"] = act("a", "detained", "arbitrary_detention", "bakyt", "osh", "public")
    # A public act about a confidential victim: the victim stays hidden below its level.
    records["act_b"] = act("b", "beaten", "torture", "asel", "osh", "public")
    records["act_c"] = act("c", "held again", "arbitrary_detention", "bakyt", "naryn", "restricted")
    records["act_d"] = act(
        "d", "vanished", "enforced_disappearance", "bakyt", "secret_place", "public"
    )
    retracted = act("a", "Osh", "torture", "bakyt", "naryn", "public")
    archive.as_viewer(OWNER).records.retract(retracted, "entered twice", expected_version=1)
    records["event_b"] = create(
        "event",
        {"title": _cited(archive, items["b"], "a protest"), "place": {"ref": records["naryn"]}},
    )
    return World(items, records)


# The viewer who sees exactly these levels (all of them for None).
ROLE_OF_LEVELS = {None: "admin", PUBLIC: "viewer", ("public", "restricted"): "analyst"}


def _door(archive: Archive, levels: tuple[str, ...] | None = None) -> Door:
    return archive.as_viewer(Viewer.as_role(ROLE_OF_LEVELS[levels]))


def _ids(
    archive: Archive, filters: SearchFilters, levels: tuple[str, ...] | None = None
) -> set[int]:
    hits = _door(archive, levels).items.search("report", filters, limit=100)
    return {hit.item_id for hit in hits}


def test_public_facets_count_only_what_a_public_reader_may_see(
    archive: Archive, world: World
) -> None:
    facets = _door(archive, PUBLIC).items.facets("report", SearchFilters())
    assert facets.total == 3
    assert dict(facets.violations) == {
        "arbitrary_detention": 1,
        "torture": 1,
        "enforced_disappearance": 1,
    }
    r = world.records
    # Naryn: the public event cites b; the restricted act (c) and the retracted act do not count.
    assert facets.places == [(r["osh"], 2), (r["naryn"], 1)]
    # Bakyt through his own name (a) and the acts on a and d; Asel is confidential.
    assert facets.actors == [(r["bakyt"], 2)]


def test_all_levels_count_every_record(archive: Archive, world: World) -> None:
    facets = as_owner(archive).items.facets("report", SearchFilters())
    assert facets.violations == [
        ("arbitrary_detention", 2),
        ("enforced_disappearance", 1),
        ("torture", 1),
    ]
    r = world.records
    assert dict(facets.places) == {r["osh"]: 2, r["naryn"]: 2, r["secret_place"]: 1}
    assert dict(facets.actors) == {r["bakyt"]: 3, r["asel"]: 1}
    everything = as_owner(archive).items.facets(None, SearchFilters())
    assert dict(everything.actors) == dict(facets.actors)


@pytest.mark.parametrize("levels", [None, PUBLIC, ("public", "restricted")], ids=str)
def test_filters_select_what_the_facets_counted(
    archive: Archive, world: World, levels: tuple[str, ...] | None
) -> None:
    door = _door(archive, levels)
    facets = door.items.facets("report", SearchFilters())
    narrowed: list[tuple[SearchFilters, int]] = [
        (SearchFilters(violation=code), n) for code, n in facets.violations
    ]
    narrowed += [(SearchFilters(place=p), n) for p, n in facets.places]
    narrowed += [(SearchFilters(actor=a), n) for a, n in facets.actors]
    assert narrowed
    for filters, count in narrowed:
        assert len(_ids(archive, filters, levels)) == count
        assert door.items.facets("report", filters).total == count
        assert door.items.browse(filters, limit=10).total == count


def test_filters_keep_the_cited_items_only(archive: Archive, world: World) -> None:
    items, r = world.items, world.records
    public = SearchFilters(violation="arbitrary_detention")
    assert _ids(archive, public, PUBLIC) == {items["a"]}
    assert _ids(archive, SearchFilters(violation="arbitrary_detention")) == {items["a"], items["c"]}
    assert _ids(archive, SearchFilters(place=r["naryn"])) == {items["b"], items["c"]}
    # The retracted act named Naryn for a; it selects nothing.
    assert items["a"] not in _ids(archive, SearchFilters(place=r["naryn"]))
    # A hidden place, or a hidden actor, selects nothing rather than telling that it exists.
    assert _ids(archive, SearchFilters(place=r["secret_place"]), PUBLIC) == set()
    assert _ids(archive, SearchFilters(actor=r["asel"]), PUBLIC) == set()
    assert _ids(archive, SearchFilters(actor=r["asel"])) == {items["b"]}
    both = SearchFilters(violation="torture", actor=r["asel"], place=r["osh"])
    assert _ids(archive, both) == {items["b"]}
    # Each filter asks of the item, not of one record: b has a torture act at Osh and an
    # event at Naryn, so it passes both.
    assert _ids(archive, SearchFilters(violation="torture", place=r["naryn"])) == {items["b"]}
    assert _ids(archive, SearchFilters(violation="enforced_disappearance", place=r["osh"])) == set()


@pytest.mark.parametrize(
    "filters",
    [
        SearchFilters(violation="Torture"),
        SearchFilters(violation="torture' OR 1=1 --"),
        SearchFilters(violation=""),
        SearchFilters(place=0),
        SearchFilters(actor=-3),
    ],
)
def test_bad_record_filters_are_refused(
    archive: Archive, world: World, filters: SearchFilters
) -> None:
    with pytest.raises(InvalidQuery):
        as_owner(archive).items.search("report", filters)
    with pytest.raises(InvalidQuery):
        as_owner(archive).items.facets("report", filters)


LEVELS_SEEN = [None, PUBLIC, ("public", "restricted")]


def _database_facets(archive: Archive, levels: tuple[str, ...] | None) -> Facets:
    """The facets counted from the citations in the database, without the search index."""
    visibility = _door(archive, levels).viewer.visibility
    with reading(archive.kernel.engine) as connection:
        return facets(connection, "report", SearchFilters(), visibility, index=None)


def _agree(archive: Archive) -> Facets:
    """The facets each viewer gets, checked against the database's count; the owner's."""
    for levels in LEVELS_SEEN:
        indexed = _door(archive, levels).items.facets("report", SearchFilters())
        assert indexed == _database_facets(archive, levels), levels
    return as_owner(archive).items.facets("report", SearchFilters())


def test_record_changes_reach_the_facets_of_an_index_already_built(
    archive: Archive, world: World
) -> None:
    """The index keeps what records say of each item: an edit, a retraction, a new level, a
    merge after it was built change its counts as they change the database's."""
    r = world.records
    records = archive.as_viewer(OWNER).records
    before = _agree(archive)
    assert ("torture", 1) in before.violations

    records.retract(r["act_b"], "the wrong report", expected_version=1)
    after = _agree(archive)
    assert "torture" not in dict(after.violations)
    # Osh was the place of the acts on a and b; Asel stays, named on b in her own right.
    assert dict(after.places)[r["osh"]] == dict(before.places)[r["osh"]] - 1
    assert dict(after.actors)[r["asel"]] == 1

    # A place made confidential leaves the facets of those below that level, and of no one else.
    records.edit(r["osh"], {"confidentiality": "confidential"}, 1, "a safe house")
    _agree(archive)
    assert r["osh"] not in dict(_door(archive, PUBLIC).items.facets("report").places)
    assert r["osh"] in dict(as_owner(archive).items.facets("report").places)

    records.edit(r["act_a"], {"set": {"violation": ["torture"]}}, 1, "reread")
    assert dict(_agree(archive).violations)["torture"] == 1

    naryn = records.get(r["naryn"])
    osh = records.get(r["osh"])
    records.merge(
        r["naryn"],
        into=r["osh"],
        reason="one town",
        source_version=naryn.version,
        target_version=osh.version,
    )
    merged = _agree(archive)
    assert r["naryn"] not in dict(merged.places)


@pytest.mark.parametrize("levels", LEVELS_SEEN, ids=str)
def test_record_filters_of_the_index_select_what_the_database_does(
    archive: Archive, world: World, levels: tuple[str, ...] | None
) -> None:
    """Every violation, place and actor, hidden or not, selects the same items through the
    index as through the citations in the database: none for a viewer it is hidden from."""
    r = world.records
    door = _door(archive, levels)
    visibility = door.viewer.visibility
    every = [SearchFilters(violation=code) for code in ("arbitrary_detention", "torture")]
    every += [SearchFilters(place=r[name]) for name in ("osh", "naryn", "secret_place")]
    every += [SearchFilters(actor=r[name]) for name in ("bakyt", "asel")]
    for filters in every:
        with reading(archive.kernel.engine) as connection:
            expected = facets(connection, "report", filters, visibility, index=None).total
        assert door.items.facets("report", filters).total == expected, filters
        assert len(_ids(archive, filters, levels)) == expected, filters


def test_a_viewer_of_other_levels_gets_the_counts_of_the_database(
    archive: Archive, world: World
) -> None:
    """Index terms answer for viewers who see the lowest levels up to one; any other set of
    levels (no role has one) is counted from the citations, as exactly."""
    visibility = Visibility(("public", "confidential"))
    with reading(archive.kernel.engine) as connection:
        index = tantivy_host.attached(archive.kernel)
        assert index is not None
        through_index = facets(connection, "report", SearchFilters(), visibility, index=index)
        without = facets(connection, "report", SearchFilters(), visibility, index=None)
    assert through_index == without
    # The confidential victim of the public act on b counts; the restricted act on c does not.
    assert world.records["asel"] in dict(through_index.actors)
    assert through_index.total == 3


def test_the_largest_record_facets_and_their_ties_match_the_database(
    archive: Archive, tmp_path: Path
) -> None:
    """More places than a facet lists, most of them tied: the index keeps the same ones as the
    database (largest count first, then lowest id), written over several commits of the index."""
    owner = archive.as_viewer(OWNER)
    items = []
    for n in range(4):
        path = tmp_path / f"report-{n}.txt"
        path.write_text(f"Report {n}: people were detained in the square.", encoding="utf-8")
        (result,) = owner.items.ingest([path], Provenance())
        assert result.id is not None
        items.append(result.id)
    places = [owner.records.create("place", {"name": f"Village {n}"}).id for n in range(14)]
    victim = owner.records.create("person", {"name": "Aibek"}).id
    for n, place in enumerate(places):
        # Places 0, 5 and 10 on two reports each, the rest on one; every third act restricted.
        cited = [items[n % 4]] + ([items[(n + 1) % 4]] if n % 5 == 0 else [])
        for item in cited:
            owner.records.create(
                "act",
                {
                    "violation": "arbitrary_detention",
                    "victim": {"ref": victim},
                    "place": {"ref": place},
                    "description": _cited(archive, item, "detained"),
                },
                confidentiality="restricted" if n % 3 == 0 else "public",
            )
        # A search between the acts: the index takes them in over several commits.
        owner.items.search("report")
    for levels in LEVELS_SEEN:
        indexed = _door(archive, levels).items.facets("report", SearchFilters())
        assert indexed == _database_facets(archive, levels), levels
    assert len(as_owner(archive).items.facets("report").places) == 10
    assert as_owner(archive).items.facets("report").places[:3] == [
        (places[0], 2),
        (places[5], 2),
        (places[10], 2),
    ]
