"""The clerical review page of linkage and identities on record pages: CSRF, versions, roles."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from seed import as_owner
from web_support import page_csrf

from docket.archive import Archive

Client = Callable[[str], TestClient]


def _pair(archive: Archive, *, secret: bool = False) -> tuple[int, int, int | None]:
    door = as_owner(archive)
    a = door.records.create("person", {"name": "Nurlan Tokoev", "birth_year": 1970}).id
    b = door.records.create("person", {"name": "Nurlan Tookev"}).id
    hidden = None
    if secret:
        hidden = door.records.create(
            "person", {"name": "Токоев Нурлан Асанович"}, confidentiality="confidential"
        ).id
    outcome = door.linkage.run("person", link_above=1.0)
    assert outcome.review
    return a, b, hidden


def test_a_reviewer_sees_both_records_and_decides_with_the_version(
    archive: Archive, client_as: Client
) -> None:
    a, b, _secret = _pair(archive)
    editor = client_as("editor")
    page = editor.get("/links")
    assert page.status_code == 200
    assert "Nurlan Tokoev" in page.text and "Nurlan Tookev" in page.text
    assert 'data-key="a"' in page.text and 'data-key="r"' in page.text
    pair = next(p for p in as_owner(archive).linkage.queue() if {p.a.id, p.b.id} == {a, b})
    no_csrf = editor.post(f"/links/{pair.id}", data={"decision": "same", "version": "0"})
    assert no_csrf.status_code == 403
    done = editor.post(
        f"/links/{pair.id}",
        data={"csrf_token": page_csrf(editor), "decision": "same", "version": str(pair.version)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    late = editor.post(
        f"/links/{pair.id}",
        data={"csrf_token": page_csrf(editor), "decision": "different", "version": "0"},
    )
    assert late.status_code == 409
    assert "judged again since version 0" in late.text
    log = as_owner(archive).linkage.judgements(a, b)
    assert [j.decision for j in log] == ["same"]


def test_decisions_are_for_writers_and_hidden_records_stay_hidden(
    archive: Archive, client_as: Client
) -> None:
    a, _b, secret = _pair(archive, secret=True)
    viewer = client_as("viewer")
    page = viewer.get("/links")
    assert page.status_code == 200
    assert "Асанович" not in page.text
    assert 'data-key="a"' not in page.text
    analyst = client_as("analyst")
    pairs = as_owner(archive).linkage.queue()
    refused = analyst.post(
        f"/links/{pairs[0].id}",
        data={"csrf_token": page_csrf(analyst), "decision": "same", "version": "0"},
    )
    assert refused.status_code == 400
    as_owner(archive).linkage.run("person", full=True)
    record = analyst.get(f"/records/{a}").text
    assert f'href="/records/{secret}"' not in record
    assert "Асанович" not in record


def test_the_record_page_shows_its_identity(archive: Archive, client_as: Client) -> None:
    door = as_owner(archive)
    first = door.records.create("person", {"name": "Атамбаев Алмазбек", "birth_year": 1956}).id
    second = door.records.create("person", {"name": "Almazbek Atambayev", "birth_year": 1956}).id
    door.linkage.run("person")
    page = client_as("editor").get(f"/records/{first}").text
    assert "Also recorded as" in page
    assert f'href="/records/{second}"' in page
    assert "Atambayev" in page


def test_the_api_gives_the_identity_as_the_caller_may_see_it(
    archive: Archive, client_as: Client
) -> None:
    a, _b, secret = _pair(archive, secret=True)
    as_owner(archive).linkage.run("person", full=True)
    editor = client_as("editor").get(f"/api/records/{a}/identity").json()
    assert secret in editor["records"]
    seen = client_as("analyst").get(f"/api/records/{a}/identity").json()
    assert secret not in seen["records"] and a in seen["records"]
    assert client_as("analyst").get(f"/api/records/{secret}/identity").status_code == 404
    lone = as_owner(archive).records.create("person", {"name": "Unlinked Person"}).id
    assert client_as("analyst").get(f"/api/records/{lone}/identity").json() is None


def test_the_case_file_shows_the_other_records_and_their_acts(
    archive: Archive, client_as: Client
) -> None:
    a, b, secret = _pair(archive, secret=True)
    door = as_owner(archive)
    act = door.records.create(
        "act", {"violation": "arbitrary_detention", "victim": {"ref": b}, "date": "2023-10"}
    ).id
    door.linkage.run("person", full=True, link_above=0.3)
    editor = client_as("editor").get(f"/records/{a}/case")
    assert editor.status_code == 200
    also = editor.text.split('<h2 id="also">')[1].split("</section>")[0]
    assert f'href="/records/{b}"' in also and f'href="/records/{secret}"' in also
    assert "link not reviewed" in also
    timeline = editor.text.split('<h2 id="timeline">')[1].split("</section>")[0]
    assert f'href="/records/{act}"' in timeline
    assert "from linked record" in timeline
    analyst = client_as("analyst").get(f"/records/{a}/case").text
    assert f'href="/records/{secret}"' not in analyst and "Асанович" not in analyst
    assert f'href="/records/{b}"' in analyst
