"""The search page: scripts and spellings, facets and pages, and nothing hidden shown or counted."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from evidence_support import VISIBLE, assert_no_leak, error_line, ingest_text
from fastapi.testclient import TestClient
from seed import MARKERS, Seeded, as_owner, seed

from docket.archive import Archive

Client = Callable[[str], TestClient]
ROLES = ("admin", "editor", "analyst", "viewer")


@pytest.fixture
def seeded(archive: Archive, tmp_path: Path) -> Seeded:
    return seed(archive, tmp_path / "seed")


def _hits(html: str) -> list[int]:
    section = html.split('<ol class="hits">', 1)
    if len(section) == 1:
        return []
    return [int(n) for n in re.findall(r'<h3><a href="/items/(\d+)">', section[1])]


def _facet(html: str, heading: str) -> dict[str, int]:
    """The values and counts listed under one facet heading."""
    block = html.split(f"<h3>{heading}</h3>", 1)[1].split("</ul>", 1)[0]
    found = re.findall(
        r"<li>(?:<a [^>]*>|<span>)([^<]+)</(?:a|span)> <span class=\"count\">([\d,]+)</span>", block
    )
    return {value: int(count.replace(",", "")) for value, count in found}


def test_a_cyrillic_query_finds_the_latin_spelling(seeded: Seeded, client_as: Client) -> None:
    page = client_as("viewer").get("/search", params={"q": "Атамбаев"})
    assert page.status_code == 200
    assert _hits(page.text) == [seeded.items["public"]]
    assert "<mark>Atambayev</mark>" in page.text
    assert "1 item found" in page.text


@pytest.mark.parametrize("role", ROLES)
def test_search_never_shows_or_counts_hidden_items(
    role: str, seeded: Seeded, client_as: Client
) -> None:
    client = client_as(role)
    # "in" occurs in the text of every seeded item.
    page = client.get("/search", params={"q": "in"})
    assert page.status_code == 200
    assert set(_hits(page.text)) == {seeded.items[level] for level in VISIBLE[role]}
    found = len(VISIBLE[role])
    assert (f"{found} items found" if found > 1 else "1 item found") in page.text
    assert sum(_facet(page.text, "Media type").values()) == len(VISIBLE[role])
    assert sum(_facet(page.text, "Year").values()) == len(VISIBLE[role])
    assert _facet(page.text, "Language") == {"en": len(VISIBLE[role])}
    assert_no_leak(role, page.text)
    for level, marker in MARKERS.items():
        found = client.get("/search", params={"q": marker})
        if level in VISIBLE[role]:
            assert _hits(found.text) == [seeded.items[level]]
        else:
            assert _hits(found.text) == []
            assert "0 items found" in found.text
            assert "Nothing matches" in found.text


def test_facets_narrow_the_search(
    archive: Archive, seeded: Seeded, client_as: Client, tmp_path: Path
) -> None:
    russian = ingest_text(
        archive,
        tmp_path / "ru",
        "ru.txt",
        "Атамбаев был переведён в больницу в Бишкеке, сообщили наблюдатели. " * 3,
        published="2021-04-01",
    )
    editor = client_as("editor")
    page = editor.get("/search", params={"q": "Atambayev"})
    assert set(_hits(page.text)) == {seeded.items["public"], russian}
    assert _facet(page.text, "Language") == {"en": 1, "ru": 1}
    years = _facet(page.text, "Year")
    assert years["2021"] == 1
    assert 'href="/search?q=Atambayev&amp;language=ru"' in page.text
    narrowed = editor.get("/search", params={"q": "Atambayev", "language": "ru"})
    assert _hits(narrowed.text) == [russian]
    assert "remove" in narrowed.text
    by_year = editor.get(
        "/search", params={"q": "Atambayev", "date_from": "2021-01-01", "date_to": "2021-12-31"}
    )
    assert _hits(by_year.text) == [russian]
    by_type = editor.get("/search", params={"q": "Atambayev", "media_type": "pdf"})
    assert _hits(by_type.text) == []


def test_results_come_in_pages(archive: Archive, client_as: Client, tmp_path: Path) -> None:
    ids = {
        ingest_text(archive, tmp_path / "p", f"p{n}.txt", f"Detention report {n} from Naryn.")
        for n in range(27)
    }
    viewer = client_as("viewer")
    first = viewer.get("/search", params={"q": "Naryn"})
    second = viewer.get("/search", params={"q": "Naryn", "page": 2})
    assert len(_hits(first.text)) == 20
    assert len(_hits(second.text)) == 7
    assert set(_hits(first.text)) | set(_hits(second.text)) == ids
    assert "27 items found" in first.text
    assert 'href="/search?q=Naryn&amp;page=2"' in first.text
    assert "Page 2 of 2" in second.text


def test_snippets_are_escaped_with_only_marks_added(
    archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    ingest_text(
        archive,
        tmp_path / "x",
        "x.txt",
        'Kempir <script>alert("x")</script> <img src=x onerror=y> Abad',
    )
    page = client_as("viewer").get("/search", params={"q": "Kempir"})
    snippet = page.text.split('<p class="snippet">', 1)[1].split("</p>", 1)[0]
    assert "<mark>Kempir</mark>" in snippet
    assert "&lt;script&gt;" in snippet
    assert "<script" not in snippet and "<img" not in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_the_empty_search_explains_itself(client_as: Client) -> None:
    page = client_as("viewer").get("/search")
    assert page.status_code == 200
    assert "Type words to find in the evidence" in page.text
    assert '<ol class="hits">' not in page.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "-amnesty"}, "exclude"),
        ({"q": "Atambayev", "date_from": "yesterday"}, "The start date must be YYYY-MM-DD"),
        ({"q": "Atambayev", "language": "Russian!"}, "is not a language code"),
        ({"q": "Atambayev", "media_type": "<i>50%</i>"}, "'<i>50%</i>' is not a media type"),
        (
            {"q": "Atambayev", "date_from": "2023-02-01", "date_to": "2023-01-01"},
            "start date is after",
        ),
        ({"q": "Atambayev", "violation": "Torture!"}, "is not a violation type code"),
        ({"q": "Atambayev", "place": "Osh"}, "The place must be a record number"),
        ({"q": "Atambayev", "actor": "-4"}, "The actor must be a record number"),
    ],
)
def test_a_bad_query_is_one_line_and_400(
    params: dict[str, str], message: str, seeded: Seeded, client_as: Client
) -> None:
    page = client_as("analyst").get("/search", params=params)
    assert page.status_code == 400
    line = error_line(page.text)
    assert message in line
    assert "\n" not in line
    assert 'name="q"' in page.text
    assert "<i>" not in page.text


NAMES = {
    "public": "Almazbek Atambayev",
    "restricted": "Temirlan Sultanbekov",
    "confidential": "Asel Nurlanova",
}


@pytest.mark.parametrize("role", ROLES)
def test_record_facets_name_only_records_the_role_may_see(
    role: str, seeded: Seeded, client_as: Client
) -> None:
    client = client_as(role)
    page = client.get("/search", params={"q": "in"})
    assert page.status_code == 200
    # Each seeded act and person cites the item of its own level only.
    assert _facet(page.text, "Violation type") == {"Arbitrary detention": len(VISIBLE[role])}
    assert _facet(page.text, "Actor") == {NAMES[level]: 1 for level in VISIBLE[role]}
    for level, name in NAMES.items():
        if level not in VISIBLE[role]:
            assert name not in page.text
            assert f"actor={seeded.people[level]}" not in page.text
    assert_no_leak(role, page.text)
    # Naming a hidden actor in the address selects nothing and names no one.
    hidden = client.get("/search", params={"q": "in", "actor": seeded.people["confidential"]})
    assert hidden.status_code == 200
    if "confidential" in VISIBLE[role]:
        assert _hits(hidden.text) == [seeded.items["confidential"]]
        assert "Actor: Asel Nurlanova" in hidden.text
    else:
        assert _hits(hidden.text) == []
        assert "Asel Nurlanova" not in hidden.text


def test_record_facet_links_narrow_and_widen_the_search(
    archive: Archive, seeded: Seeded, client_as: Client
) -> None:
    owner = as_owner(archive).records
    bishkek = owner.create("place", {"name": "Bishkek"}).id
    text = as_owner(archive).items.text(seeded.items["public"])
    start = text.index("moved to hospital")
    owner.create(
        "event",
        {
            "title": {
                "value": "Transfer to hospital",
                "citations": [{"item": seeded.items["public"], "start": start, "end": start + 17}],
            },
            "place": {"ref": bishkek},
        },
    )
    analyst = client_as("analyst")
    page = analyst.get("/search", params={"q": "in"})
    assert _facet(page.text, "Place") == {"Bishkek": 1}
    assert f'href="/search?q=in&amp;place={bishkek}"' in page.text
    assert 'href="/search?q=in&amp;violation=arbitrary_detention"' in page.text
    actor = seeded.people["restricted"]
    assert f'href="/search?q=in&amp;actor={actor}"' in page.text

    by_place = analyst.get("/search", params={"q": "in", "place": bishkek})
    assert _hits(by_place.text) == [seeded.items["public"]]
    assert "Place: Bishkek" in by_place.text
    assert 'href="/search?q=in">remove</a>' in by_place.text
    by_actor = analyst.get("/search", params={"q": "in", "actor": actor})
    assert _hits(by_actor.text) == [seeded.items["restricted"]]
    assert "Actor: Temirlan Sultanbekov" in by_actor.text
    by_type = analyst.get("/search", params={"q": "in", "violation": "arbitrary_detention"})
    assert set(_hits(by_type.text)) == {seeded.items["public"], seeded.items["restricted"]}
    assert "Violation type: Arbitrary detention" in by_type.text
    nothing = analyst.get("/search", params={"q": "in", "violation": "torture"})
    assert _hits(nothing.text) == []

    answer = analyst.get("/api/search", params={"q": "in", "place": bishkek}).json()
    assert [r["item_id"] for r in answer["results"]] == [seeded.items["public"]]
    assert answer["facets"]["places"] == [
        {"record": bishkek, "title": "Bishkek", "count": 1, "identity": None}
    ]
    assert answer["facets"]["violations"] == [{"value": "arbitrary_detention", "count": 1}]
    assert answer["facets"]["actors"] == [
        {
            "record": seeded.people["public"],
            "title": "Almazbek Atambayev",
            "count": 1,
            "identity": None,
        }
    ]
    refused = analyst.get("/api/search", params={"q": "in", "violation": "Torture!"})
    assert refused.status_code == 400
    assert "violation type code" in refused.json()["detail"]


def test_record_facets_speak_the_page_language(seeded: Seeded, client_as: Client) -> None:
    page = client_as("viewer").get("/search", params={"q": "in"}, headers={"Accept-Language": "ru"})
    assert "<h3>Тип нарушения</h3>" in page.text
    assert "Произвольное содержание под стражей" in page.text
    assert "<h3>Участник</h3>" in page.text


def _identity_line(html: str, name: str) -> str:
    """What the Actor facet says of ``name``'s identity ('' when nothing)."""
    block = html.split("<h3>Actor</h3>", 1)[1].split("</ul>", 1)[0]
    entry = next(li for li in block.split("<li>") if f">{name}</a>" in li)
    found = re.search(r'<small class="identity">(.*?)</small>', entry, re.S)
    return "" if found is None else re.sub(r"\s+", " ", found.group(1))


@pytest.mark.parametrize("role", ROLES)
def test_a_record_found_shows_its_identity_without_hidden_members(
    role: str, archive: Archive, seeded: Seeded, client_as: Client
) -> None:
    owner = as_owner(archive)
    public = seeded.people["public"]
    spelled = owner.records.create("person", {"name": "Атамбаев Алмазбек"}).id
    hidden = owner.records.create(
        "person", {"name": "Almazbek Atambaev"}, confidentiality="confidential"
    ).id
    owner.linkage.run("person")
    linked = owner.linkage.identity_of(public)
    assert linked is not None
    assert {member.id for member in linked.members} == {public, spelled, hidden}
    client = client_as(role)
    page = client.get("/search", params={"q": "in"}).text
    sees_hidden = "confidential" in VISIBLE[role]
    others = 2 if sees_hidden else 1
    line = _identity_line(page, "Almazbek Atambayev")
    noun = "records" if others > 1 else "record"
    assert f'href="/records/{public}#also-recorded"' in line
    assert f"also recorded as {others} other {noun}</a>" in line
    assert f"{others} link{'s' if others > 1 else ''} not reviewed" in line
    if not sees_hidden:
        assert "Almazbek Atambaev" not in page
        assert "2 other records" not in page
    answer = client.get("/api/search", params={"q": "in"}).json()
    (actor,) = [a for a in answer["facets"]["actors"] if a["record"] == public]
    expected = [{"record": spelled, "title": "Атамбаев Алмазбек", "reviewed": False}]
    if sees_hidden:
        expected.append({"record": hidden, "title": "Almazbek Atambaev", "reviewed": False})
    assert actor["identity"] == {"id": public, "others": expected, "unreviewed": others}


def test_a_reviewed_link_is_not_marked_in_search(
    archive: Archive, seeded: Seeded, client_as: Client
) -> None:
    owner = as_owner(archive)
    public = seeded.people["public"]
    spelled = owner.records.create("person", {"name": "Атамбаев Алмазбек"}).id
    owner.linkage.run("person")
    owner.linkage.judge(public, spelled, "same", reason="same passport")
    owner.linkage.run("person")
    client = client_as("viewer")
    line = _identity_line(client.get("/search", params={"q": "in"}).text, "Almazbek Atambayev")
    assert "also recorded as 1 other record</a>" in line
    assert "not reviewed" not in line
    answer = client.get("/api/search", params={"q": "in"}).json()
    (actor,) = [a for a in answer["facets"]["actors"] if a["record"] == public]
    assert actor["identity"]["others"] == [
        {"record": spelled, "title": "Атамбаев Алмазбек", "reviewed": True}
    ]
    assert actor["identity"]["unreviewed"] == 0
