"""The Estimates page: a table uploaded or the archive as the user may see it, each method's
estimate with its interval, the LCMCR posterior drawn, the warnings; bad input in one line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from tests.support import as_owner
from web_support import csrf_of

from docket.archive import Archive
from docket.estimation.published import kosovo_csv
from docket.ingest.provenance import Provenance

Client = Callable[[str], TestClient]

SMALL_CSV = "A,B,C,count\n1,0,0,60\n0,1,0,49\n1,1,0,4\n0,0,1,247\n1,0,1,112\n0,1,1,142\n1,1,1,12\n"


def _post(
    client: TestClient, table: str | bytes | None = None, *, token: str | None = None, **form: str
) -> Response:
    if token is None:
        token = csrf_of(client.get("/estimates").text)
    data: dict[str, object] = {"csrf_token": token, "source": "table" if table else "archive"}
    data.update(form)
    files = None
    if table is not None:
        content = table.encode() if isinstance(table, str) else table
        files = {"histories": ("histories.csv", content, "text/csv")}
    return client.post("/estimates", data=data, files=files)


def test_the_page_is_in_the_menu_for_every_role(client_as: Client) -> None:
    page = client_as("viewer").get("/estimates")

    assert page.status_code == 200
    assert 'href="/estimates" aria-current="page"' in page.text
    assert 'name="histories"' in page.text and 'name="csrf_token"' in page.text


def test_an_uploaded_table_gives_each_method_with_its_interval(client_as: Client) -> None:
    page = _post(client_as("analyst"), kosovo_csv(), method="loglinear")

    assert page.status_code == 200, page.text
    assert "4,400 people documented on 4 lists: EXH, ABA, OSCE, HRW." in page.text
    assert "10,357" in page.text and "8,994 – 12,111" in page.text
    assert "[EXH*ABA*OSCE][EXH*HRW][OSCE*HRW] (BIC)" in page.text
    assert "closed population" in page.text


def test_the_lcmcr_posterior_is_drawn(client_as: Client) -> None:
    page = _post(client_as("viewer"), SMALL_CSV, method="lcmcr")

    assert page.status_code == 200, page.text
    assert "<svg" in page.text and "Posterior of the total (LCMCR)" in page.text
    assert "R-hat" in page.text


@pytest.mark.parametrize(
    ("table", "form", "message"),
    [
        ("A,B,count\n1,1,x\n", {}, "count &#39;x&#39; is not a whole number"),
        ("A,B,count\n1,1,-2\n1,0,3\n", {}, "count -2 is negative"),
        ("A,count\n1,3\n", {}, "at least two lists"),
        (b"A,B,count\n\xff\xfe\n", {}, "not UTF-8"),
        ("A,B,count\n1,0,3\n0,1,4\n", {}, "no one is on more than one list"),
        ("A,B,count\n1,1,3\n", {"seed": "seven"}, "is not a whole number from 0"),
        ("A,B,count\n1,1,3\n", {"method": "magic"}, "unknown method magic"),
    ],
)
def test_bad_input_is_one_line_and_no_500(
    client_as: Client, table: str | bytes, form: dict[str, str], message: str
) -> None:
    page = _post(client_as("viewer"), table, **form)

    assert page.status_code == 400
    assert message in page.text
    assert 'role="alert"' in page.text


def test_no_file_chosen_and_a_form_without_its_token(client_as: Client) -> None:
    client = client_as("viewer")
    empty = client.post(
        "/estimates",
        data={"csrf_token": csrf_of(client.get("/estimates").text), "source": "table"},
    )
    forged = _post(client, SMALL_CSV, token="not-the-token")

    assert empty.status_code == 400
    assert "Choose a CSV file of capture histories" in empty.text
    assert forged.status_code == 403


def test_from_the_archive_as_the_user_may_see_it(
    archive: Archive, client_as: Client, tmp_path: Path
) -> None:
    items = []
    for number in (1, 2):
        path = tmp_path / f"list{number}.txt"
        path.write_text(f"List {number} names Asel, Bakyt, Gulnara, Dastan.\n", encoding="utf-8")
        (result,) = as_owner(archive).items.ingest([path], Provenance(title=f"List {number}"))
        assert result.id is not None
        items.append(result.id)
    on_lists = {"Asel": (0, 1), "Bakyt": (0,), "Gulnara": (1,), "Dastan": (0, 1)}
    for name, lists in on_lists.items():
        citations = [{"item": items[i], "quote": name} for i in lists]
        as_owner(archive).records.create(
            "person",
            {"name": [{"value": name, "citations": citations}]},
            confidentiality="confidential" if name == "Dastan" else "public",
        )

    admin = _post(client_as("admin"), method="bma")
    viewer = _post(client_as("viewer"), method="bma")

    assert admin.status_code == 200, admin.text
    assert "4 people documented on 2 lists" in admin.text
    assert viewer.status_code == 200, viewer.text
    assert "3 people documented on 2 lists" in viewer.text
    assert "records are not linked" in viewer.text


def test_a_table_too_large_to_sample_while_the_page_waits_is_refused(client_as: Client) -> None:
    lists = 10
    rows = [",".join([*(f"L{j}" for j in range(lists)), "count"])]
    # Every list on its own, and 50 patterns more spread over all lists.
    patterns = {1 << bit for bit in range(lists)} | {(i * 37) % 1023 + 1 for i in range(1, 51)}
    rows += [",".join([*format(index, f"0{lists}b"), "3"]) for index in sorted(patterns)]

    page = _post(client_as("viewer"), "\n".join(rows) + "\n")
    without = _post(client_as("viewer"), "\n".join(rows) + "\n", method="loglinear")

    assert page.status_code == 400
    assert "would keep the LCMCR sampler busy for minutes" in page.text
    assert without.status_code == 200, without.text
    assert "log-linear models were not searched: 10 lists are more than 5" in without.text
