"""The dashboard: recent items, proposals waiting and charts, counted over what the user sees."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from seed import LEVELS, as_owner, seed

from docket.archive import Archive
from docket.web.charts import Bar, bar_chart, column_chart

NAMES = {
    "public": "Almazbek Atambayev",
    "restricted": "Temirlan Sultanbekov",
    "confidential": "Asel Nurlanova",
}
CLEARANCE = {"viewer": 1, "analyst": 2, "editor": 3, "admin": 3}


def _acts_row(html: str) -> tuple[int, int]:
    found = re.search(r'<th scope="row">Arbitrary detention</th><td>(\d+)</td><td>(\d+)</td>', html)
    assert found, "the violation table has no row for arbitrary detention"
    return int(found.group(1)), int(found.group(2))


def test_every_number_counts_only_what_the_role_may_see(
    archive: Archive, client_as: Callable[[str], TestClient], tmp_path: Path
) -> None:
    seed(archive, tmp_path / "seed")
    for role, seen in CLEARANCE.items():
        page = client_as(role).get("/")
        assert page.status_code == 200
        html = page.text
        visible, hidden = LEVELS[:seen], LEVELS[seen:]
        assert f"{seen} proposals waiting" in html, role
        assert _acts_row(html) == (seen, seen), role
        assert re.search(rf'<th scope="row">2023-03</th><td>{seen}</td>', html), role
        for level in visible:
            assert f"{level}.txt" in html, (role, level)
            assert NAMES[level] in html, (role, level)
        for level in hidden:
            assert f"{level}.txt" not in html, (role, level)
            assert NAMES[level] not in html, (role, level)


def test_only_reviewers_are_offered_the_queue(
    archive: Archive, client_as: Callable[[str], TestClient], tmp_path: Path
) -> None:
    seed(archive, tmp_path / "seed")
    assert 'href="/review"' in client_as("editor").get("/").text.split("</nav>", 1)[1]
    after_nav = client_as("viewer").get("/").text.split("</nav>", 1)[1]
    assert 'href="/review' not in after_nav


def test_an_empty_archive_says_so(client_as: Callable[[str], TestClient]) -> None:
    html = client_as("editor").get("/").text
    assert "No evidence yet." in html
    assert "Nothing is waiting for review." in html
    assert "No acts recorded yet." in html
    assert "<svg" not in html


def test_signed_out_visitors_go_to_sign_in(anonymous: TestClient) -> None:
    response = anonymous.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"


def test_charts_are_accessible_and_escape_their_text() -> None:
    chart = str(
        bar_chart(
            [Bar("<script>x</script>", 3), Bar("Torture", 1)],
            title="Acts & types",
            description="Two types",
        )
    )
    assert "<script>" not in chart
    assert "&lt;script&gt;" in chart
    assert "<title id=" in chart
    assert "Acts &amp; types" in chart
    assert "<desc id=" in chart
    assert 'role="img"' in chart
    assert "style=" not in chart
    widths = [int(w) for w in re.findall(r'<rect class="chart-bar"[^>]* width="(\d+)"', chart)]
    assert widths[0] == 3 * widths[1] or abs(widths[0] - 3 * widths[1]) <= 2


def test_column_chart_keeps_the_order_and_gives_each_column_a_tooltip() -> None:
    chart = str(
        column_chart(
            [Bar("2023-01", 2), Bar("2023-02", 0), Bar("2023-03", 5)],
            title="Acts by month",
            description="Three months",
        )
    )
    tooltips = re.findall(r"<g class=\"chart-column\"><title>([^<]+)</title>", chart)
    assert tooltips == ["2023-01: 2", "2023-02: 0", "2023-03: 5"]
    assert "style=" not in chart
    first = re.search(r'aria-labelledby="([^"]+)"', chart)
    second = re.search(
        r'aria-labelledby="([^"]+)"', str(column_chart([], title="t", description="d"))
    )
    assert first
    assert second
    assert first.group(1) != second.group(1)


def test_the_month_chart_keeps_empty_months_on_its_time_axis() -> None:
    from docket.web.pages.dashboard import CHART_MONTHS, month_bars

    bars = month_bars([{"month": "2022-10", "acts": 2}, {"month": "2023-01", "acts": 1}])
    assert [(bar.label, bar.value) for bar in bars] == [
        ("2022-10", 2),
        ("2022-11", 0),
        ("2022-12", 0),
        ("2023-01", 1),
    ]
    long_ago = month_bars([{"month": "2001-01", "acts": 1}, {"month": "2023-12", "acts": 4}])
    assert len(long_ago) == CHART_MONTHS
    assert long_ago[-1].label == "2023-12"
    assert month_bars([]) == []


def test_a_group_without_a_size_is_an_unknown_number_of_people(
    archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    owner = as_owner(archive).records
    crowd = owner.create("group", {"description": "protesters"})
    aida = owner.create("person", {"name": "Aida Kasymova"})
    owner.create("act", {"violation": "killing", "date": "2021", "victim": {"ref": crowd.id}})
    owner.create(
        "act",
        {"violation": "torture", "date": "2021", "victim": [{"ref": crowd.id}, {"ref": aida.id}]},
    )
    client = client_as("viewer")
    html = client.get("/").text
    assert '<th scope="row">Killing</th><td>1</td><td>unknown number</td>' in html
    assert '<th scope="row">Torture</th><td>1</td><td>1 and an unknown number</td>' in html
    russian = client.get("/", headers={"Accept-Language": "ru"}).text
    assert "<td>неизвестное число</td>" in russian and "1 и неизвестное число" in russian


def test_acts_dated_only_by_when_they_were_reported_stay_off_the_month_chart(
    archive: Archive, client_as: Callable[[str], TestClient]
) -> None:
    owner = as_owner(archive).records
    aida = owner.create("person", {"name": "Aida Kasymova"})
    owner.create(
        "act", {"violation": "torture", "date": "9 August 2022", "victim": {"ref": aida.id}}
    )
    owner.create(
        "act",
        {
            "violation": "torture",
            "date": "as reported on 10 March 2023",
            "victim": {"ref": aida.id},
        },
    )
    client = client_as("viewer")
    html = client.get("/").text
    assert '<th scope="row">2022-08</th><td>1</td>' in html
    assert '<th scope="row">2023-03</th>' not in html
    assert "1 acts are dated only by when they were reported." in html
    russian = client.get("/", headers={"Accept-Language": "ru"}).text
    assert "Действий, датированных только днём сообщения о них: 1." in russian
