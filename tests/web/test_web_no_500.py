"""No page answers 500: undated acts, ids no column can hold, and (by property) every route."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from seed import seed
from starlette.routing import BaseRoute
from tests.support import as_owner
from web_records_support import build_world
from web_support import Person, sign_in

from docket.archive import Archive
from docket.ingest.provenance import Provenance
from docket.model.access import Viewer
from docket.web.pages.dashboard import act_counts

HUGE_IDS = (2**31, 2**63 - 1, 2**63, 10**30)


def _undated_act(archive: Archive, date: dict[str, str] | None) -> None:
    owner = Viewer.owner("owner")
    person = archive.as_viewer(owner).records.create("person", {"name": "Undated Person"})
    fields: dict[str, object] = {
        "violation": "torture",
        "victim": {"ref": person.id},
        "status": "alleged",
    }
    if date is not None:
        fields["date"] = date
    archive.as_viewer(owner).records.create("act", fields)


def test_an_act_without_a_date_is_counted_apart_and_the_dashboard_still_answers(
    archive: Archive, client_as: Callable[[str], TestClient], tmp_path: Path
) -> None:
    seed(archive, tmp_path / "seed")
    _undated_act(archive, None)
    _undated_act(archive, {"value": "2021"})
    counts = act_counts(archive.as_viewer(Viewer.owner("owner")), "en")
    assert counts["undated"] == 1
    assert counts["year_only"] == 1
    assert [m["month"] for m in counts["months"]] == ["2023-03"]
    for role in ("admin", "editor", "analyst", "viewer"):
        assert client_as(role).get("/").status_code == 200, role


@pytest.mark.parametrize(
    "path",
    [
        "/items/{}",
        "/items/{}/original",
        "/items/{}/text",
        "/items/{}/verify",
        "/records/{}",
        "/records/{}/history",
        "/records/{}/case",
        "/records/{}/edit",
        "/review/{}",
        "/api/items/{}",
        "/api/items/{}/original",
        "/api/records/{}",
        "/api/proposals/{}",
    ],
)
def test_ids_no_column_can_hold_are_missing_not_errors(
    client_as: Callable[[str], TestClient], path: str
) -> None:
    client = client_as("editor")
    for number in HUGE_IDS:
        response = client.get(path.format(number))
        assert response.status_code == 404, (path, number, response.text[:200])
    assert client.get(path.format(0)).status_code == 404


# -- every route, every role, arbitrary archives ---------------------------------------------

LEVELS = ("public", "restricted", "confidential")
DATES = (
    None,
    "2023",
    "2023-05",
    "2023-05-07",
    "about 2021",
    "2021/2023",
    "before 2020",
    "unknown",
    "2020-01-01/2020-03-01",
)
VIOLATIONS = ("torture", "arbitrary_detention", "enforced_disappearance")
MISSING_ID = 2**31 - 1
# Paging and numeric parameters of the pages and the API, each past anything a column holds.
HUGE_QUERY = "&".join(
    f"{name}={2**63}"
    for name in (
        "page",
        "offset",
        "limit",
        "text_part",
        "custody_page",
        "members_page",
        "token_page",
        "saved",
        "parent",
        "user_id",
        "year",
    )
)
# Any printable character a document may hold (control characters are refused on input); each
# text starts with a letter, so none is blank.
CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc"))
SHORT = st.text(CHARACTERS, max_size=40).map(lambda text: "N" + text)
# Huge values are drawn as a mark and made in full when stored: Hypothesis need not carry them.
HUGE_NOTE, HUGE_TEXT = "<10,000 characters>", "<a long working text>"
LONG = st.one_of(SHORT, st.text(CHARACTERS, min_size=200, max_size=400), st.just(HUGE_NOTE))


def _full(text: str) -> str:
    if text == HUGE_NOTE:
        return "ы" * 10_000
    if text == HUGE_TEXT:
        return "Атамбаев Atambayev " * 2_000
    return text if text.strip() else "N" + text


@st.composite
def batches(draw: st.DrawFn) -> dict[str, Any]:
    """Records and an item to add: undated, partly dated, hidden, retracted, huge."""
    people = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "names": st.lists(LONG, min_size=1, max_size=30),
                    "description": LONG,
                    "level": st.sampled_from(LEVELS),
                }
            ),
            min_size=1,
            max_size=3,
        )
    )
    acts = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "violation": st.sampled_from(VIOLATIONS),
                    "date": st.sampled_from(DATES),
                    "description": LONG,
                    "level": st.sampled_from(LEVELS),
                    "retract": st.booleans(),
                }
            ),
            min_size=1,
            max_size=3,
        )
    )
    return {
        "people": people,
        "acts": acts,
        "place": draw(LONG),
        "event_date": draw(st.sampled_from(DATES)),
        "text": draw(st.one_of(SHORT, st.just(HUGE_TEXT))),
        "item_level": draw(st.sampled_from(LEVELS)),
        "query": draw(SHORT),
    }


def _add(
    archive: Archive, batch: dict[str, Any], folder: Path, number: int
) -> dict[str, list[int]]:
    """Store the batch; returns the ids made, by kind."""
    owner = Viewer.owner("owner")
    records = archive.as_viewer(owner).records
    made: dict[str, list[int]] = {"record": [], "item": []}
    people = []
    for person in batch["people"]:
        view = records.create(
            "person",
            {
                "name": [_full(name) for name in person["names"]],
                "description": _full(person["description"]),
            },
            confidentiality=person["level"],
        )
        people.append(view.id)
    place = records.create("place", {"name": _full(batch["place"])})
    event: dict[str, Any] = {"title": _full(batch["place"])}
    if batch["event_date"] is not None:
        event["date"] = batch["event_date"]
    made["record"].extend([*people, place.id, records.create("event", event).id])
    for act in batch["acts"]:
        fields: dict[str, Any] = {
            "violation": act["violation"],
            "victim": [{"ref": p} for p in people],
            "status": "alleged",
            "place": {"ref": place.id},
            "description": _full(act["description"]),
        }
        if act["date"] is not None:
            fields["date"] = act["date"]
        view = records.create("act", fields, confidentiality=act["level"])
        if act["retract"]:
            records.retract(view.id, "entered twice", expected_version=view.version)
        made["record"].append(view.id)
    path = folder / f"item-{number}.txt"
    path.write_text(_full(batch["text"]), encoding="utf-8")
    (result,) = as_owner(archive).items.ingest(
        [path], Provenance(confidentiality=batch["item_level"])
    )
    if result.id is not None:
        made["item"].append(result.id)
    return made


def _get_routes(app: FastAPI) -> list[str]:
    """Every GET path of the app, looking inside included routers."""

    def walk(routes: Iterable[BaseRoute]) -> Iterator[str]:
        for route in routes:
            if isinstance(route, APIRoute) and "GET" in route.methods:
                yield route.path
            inner = getattr(route, "original_router", None)
            if inner is not None:
                yield from walk(inner.routes)

    found = sorted(set(walk(app.routes)))
    assert len(found) > 30 and "/" in found and "/api/items/{item_id}" in found
    return found


def _urls(
    routes: list[str], made: dict[str, list[int]], proposals: list[int], query: str
) -> list[str]:
    """Every GET route once per kind of id: one that exists, one missing, one no column holds."""
    existing = {
        "item_id": made["item"][:1] or [MISSING_ID],
        "record_id": made["record"][-1:],
        "proposal_id": proposals[:1] or [MISSING_ID],
    }
    urls = []
    for path in routes:
        names = re.findall(r"{(\w+)(?::\w+)?}", path)
        if not names:
            urls += [path, f"{path}?{HUGE_QUERY}"]
            continue
        for number in (None, MISSING_ID, 2**63):
            url = path
            for name in names:
                chosen = existing.get(name, [1])[0] if number is None else number
                url = re.sub(r"{" + name + r"(?::\w+)?}", str(chosen), url)
            urls.append(url)
            if number is None:
                urls.append(f"{url}?{HUGE_QUERY}")
    quoted = quote(query, safe="")
    urls += [
        f"/search?q={quoted}",
        f"/api/search?q={quoted}",
        f"/records?q={quoted}",
        f"/api/records?q={quoted}",
        f"/timeline?from={quoted}",
        f"/api/timeline?from={quoted}&to={quoted}",
        "/records?type=act&retracted=true",
        "/api/exports/records?format=csv",
    ]
    return urls


@pytest.mark.slow
def test_no_route_answers_500_for_any_role_on_any_archive(
    archive: Archive, app: FastAPI, people: dict[str, Person], tmp_path: Path
) -> None:
    build_world(archive, tmp_path / "world")
    clients: dict[str, TestClient] = {}
    routes = _get_routes(app)
    counter = itertools.count()

    @settings(
        max_examples=6,
        deadline=None,
        # A failure names the role and address; shrinking archives would take many minutes.
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(batch=batches())
    def every_route(batch: dict[str, Any]) -> None:
        made = _add(archive, batch, tmp_path, next(counter))
        proposals = [p.id for p in as_owner(archive).proposals.pending(limit=1)]
        failures = []
        for url in _urls(routes, made, proposals, batch["query"]):
            for role, client in clients.items():
                status = client.get(url, follow_redirects=False).status_code
                if status >= 500:
                    failures.append((role, url, status))
        assert failures == []

    # Each client is entered once: outside its ``with``, a test client starts a new event loop
    # thread for every request, about a millisecond of each of the thousands made here.
    with ExitStack() as stack:
        clients["anonymous"] = stack.enter_context(TestClient(app, raise_server_exceptions=False))
        for role, person in people.items():
            clients[role] = stack.enter_context(TestClient(app, raise_server_exceptions=False))
            sign_in(clients[role], person)
        every_route()
