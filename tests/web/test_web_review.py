"""The review queue: one proposal beside its passage, decided by form or HTMX, reviewers only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from review_support import accept_form, row_of
from seed import Seeded, as_owner, seed
from web_support import page_csrf

from docket.archive import Archive
from docket.face import ProposalNotFound, Provenance
from docket.model.access import Viewer

HTMX = {"HX-Request": "true"}


@pytest.fixture
def seeded(archive: Archive, tmp_path: Path) -> Seeded:
    return seed(archive, tmp_path / "seed")


def _act_proposal(archive: Archive, item: int) -> int:
    """An extracted act (a detention) in the public item: accepting it needs a victim."""
    owner = as_owner(archive)
    text = owner.items.text(item)
    start = text.index("moved to hospital")
    owner.proposals.store(
        item,
        {
            "entities": [],
            "acts": [
                {
                    "type": "arbitrary_detention",
                    "label": "detention",
                    "start": start,
                    "end": start + len("moved to hospital"),
                }
            ],
        },
    )
    return max(p.id for p in owner.proposals.pending(100) if p.kind == "act")


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_only_editors_and_admins_review(
    role: str, archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as(role)
    public = seeded.proposals["public"][0]
    assert client.get("/review").status_code == 403
    assert client.get(f"/review/{public}").status_code == 403
    response = client.post(
        f"/review/{public}/accept", data={"csrf_token": page_csrf(client), "offset": "0"}
    )
    assert response.status_code == 403
    assert as_owner(archive).proposals.get(public).status == "pending"


def test_the_queue_shows_one_proposal_next_to_its_highlighted_passage(
    seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    html = client_as("editor").get("/review").text
    assert "3 waiting" in html
    assert "proposal 1 of 3" in html
    assert "<mark>Almazbek Atambayev</mark>" in html
    for key in ("a", "e", "r", "s"):
        assert f'data-key="{key}"' in html
        assert f"<kbd>{key}</kbd>" in html
    second = client_as("editor").get("/review?offset=1").text
    assert "<mark>Temirlan Sultanbekov</mark>" in second
    assert "proposal 2 of 3" in second


def test_the_passage_is_escaped(
    archive: Archive, client_as: Callable[[str], TestClient], tmp_path: Path
) -> None:
    owner = as_owner(archive)
    path = tmp_path / "odd.txt"
    path.write_text("Before <b>bold</b> Ivan Petrov <script>x()</script> after.\n")
    (result,) = owner.items.ingest([path], Provenance())
    assert result.id is not None
    text = owner.items.text(result.id)
    start = text.index("Ivan Petrov")
    owner.proposals.store(
        result.id,
        {
            "entities": [
                {
                    "kind": "person",
                    "name": "Ivan Petrov",
                    "mentions": [{"text": "Ivan Petrov", "start": start, "end": start + 11}],
                }
            ]
        },
    )
    html = client_as("editor").get("/review").text
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html
    assert "<mark>Ivan Petrov</mark>" in html


def test_accepting_by_plain_form_redirects_to_the_next_one(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    public = seeded.proposals["public"][0]
    response = client.post(
        f"/review/{public}/accept",
        data={"csrf_token": page_csrf(client), "offset": "0", "edit.name": "Almazbek Atambayev"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/review?offset=0&done=accepted"
    decided = as_owner(archive).proposals.get(public)
    assert decided.status == "accepted"
    assert decided.decided_by == "editor-user"
    assert decided.record_id is not None
    following = client.get(response.headers["location"]).text
    assert "2 waiting" in following
    assert "Accepted." in following
    assert "<mark>Temirlan Sultanbekov</mark>" in following


def test_an_edited_name_keeps_citing_the_words_it_was_read_in(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("admin")
    public = seeded.proposals["public"][0]
    fields = accept_form(client.get(f"/review/{public}").text)
    name = row_of(fields, "name")
    assert fields[name + "value"] == "Almazbek Atambayev"
    # The archive already holds Almazbek Atambayev: the form offers to add to him.
    assert fields["into"] == str(seeded.people["public"])
    fields[name + "value"] = "Almazbek Atambaev"
    client.post(f"/review/{public}/accept", data={**fields, "offset": "0"})
    decided = as_owner(archive).proposals.get(public)
    assert decided.status == "edited"
    assert decided.record_id == seeded.people["public"]
    record = as_owner(archive).records.get(decided.record_id)
    (name_value,) = [
        v for v in record.field_values("name") if v.value["text"] == "Almazbek Atambaev"
    ]
    start = as_owner(archive).items.text(seeded.items["public"]).index("Almazbek")
    assert [(c.item_id, c.start) for c in name_value.citations] == [(seeded.items["public"], start)]


def test_rejecting_with_htmx_swaps_in_the_next_proposal(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    public = seeded.proposals["public"][0]
    response = client.post(
        f"/review/{public}/reject",
        data={"csrf_token": page_csrf(client), "offset": "0", "reason": "not a person here"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="review"')
    assert "<html" not in response.text
    assert "Rejected." in response.text
    assert "<mark>Temirlan Sultanbekov</mark>" in response.text
    decided = as_owner(archive).proposals.get(public)
    assert (decided.status, decided.reason) == ("rejected", "not a person here")


def test_a_rejection_needs_a_reason(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    public = seeded.proposals["public"][0]
    plain = client.post(
        f"/review/{public}/reject", data={"csrf_token": page_csrf(client), "reason": "  "}
    )
    assert plain.status_code == 400
    assert "a rejection needs a reason" in plain.text
    htmx = client.post(
        f"/review/{public}/reject", data={"csrf_token": page_csrf(client)}, headers=HTMX
    )
    assert htmx.status_code == 200
    assert "a rejection needs a reason" in htmx.text
    assert as_owner(archive).proposals.get(public).status == "pending"


def test_an_act_needs_its_victim_given_by_id_or_as_a_new_person(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    act = _act_proposal(archive, seeded.items["public"])
    page = client.get(f"/review/{act}").text
    fields = accept_form(page)
    victim_row = row_of(fields, "victim")
    assert "(needed)" in page
    refused = client.post(f"/review/{act}/accept", data={**fields, "offset": "0"})
    assert refused.status_code == 400
    assert "act.victim" in refused.text
    assert as_owner(archive).proposals.get(act).status == "pending"

    victim = seeded.people["public"]
    fields[f"pick.{victim_row}ref"] = f"#{victim}"
    accepted = client.post(
        f"/review/{act}/accept", data={**fields, "offset": "0"}, follow_redirects=False
    )
    assert accepted.status_code == 303
    decided = as_owner(archive).proposals.get(act)
    assert decided.status == "edited"
    assert decided.record_id is not None
    record = as_owner(archive).records.get(decided.record_id)
    assert record.refs("victim") == [victim]
    assert record.first("violation") == "arbitrary_detention"
    # The victim given in review cites the finding's words.
    (given,) = record.field_values("victim")
    assert given.citations

    second = _act_proposal_again(archive, seeded)
    fields = accept_form(client.get(f"/review/{second}").text)
    victim_row = row_of(fields, "victim")
    # A name typed in the picker that no record has makes a new victim.
    fields[f"pick.{victim_row}ref"] = "Roza Otunbayeva"
    client.post(f"/review/{second}/accept", data=fields)
    made = as_owner(archive).proposals.get(second)
    assert made.record_id is not None
    (new_victim,) = as_owner(archive).records.get(made.record_id).refs("victim")
    created = as_owner(archive).records.get(new_victim)
    assert created.title == "Roza Otunbayeva"
    assert created.field_values("name")[0].citations


def _act_proposal_again(archive: Archive, seeded: Seeded) -> int:
    owner = as_owner(archive)
    item = seeded.items["restricted"]
    text = owner.items.text(item)
    start = text.index("met")
    owner.proposals.store(
        item,
        {"acts": [{"type": "arbitrary_detention", "start": start, "end": start + 3}]},
    )
    return max(p.id for p in owner.proposals.pending(100) if p.item_id == item)


def test_a_decided_proposal_is_not_decided_twice(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    public = seeded.proposals["public"][0]
    archive.as_viewer(Viewer.as_role("admin", "someone")).proposals.reject(public, "duplicate")
    response = client.post(f"/review/{public}/accept", data={"csrf_token": page_csrf(client)})
    assert response.status_code == 400
    assert "already rejected" in response.text
    assert as_owner(archive).proposals.get(public).status == "rejected"
    shown = client.get(f"/review/{public}").text
    assert "duplicate" in shown
    assert 'action="/review/' not in shown


def test_decisions_need_the_csrf_token(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    client = client_as("editor")
    public = seeded.proposals["public"][0]
    assert client.post(f"/review/{public}/accept", data={"offset": "0"}).status_code == 403
    assert as_owner(archive).proposals.get(public).status == "pending"


def test_hidden_and_missing_proposals_are_the_same_not_found(
    archive: Archive, seeded: Seeded, client_as: Callable[[str], TestClient]
) -> None:
    confidential = seeded.proposals["confidential"][0]
    for role in ("analyst", "viewer"):
        with pytest.raises(ProposalNotFound) as hidden:
            archive.as_viewer(Viewer.as_role(role)).proposals.get(confidential)
        assert str(hidden.value) == f"no proposal {confidential}"
    editor = archive.as_viewer(Viewer.as_role("editor"))
    assert editor.proposals.get(confidential).id == confidential
    missing = client_as("editor").get("/review/99999")
    assert missing.status_code == 404
    assert "no proposal 99999" in missing.text


def test_an_empty_queue_says_so(client_as: Callable[[str], TestClient]) -> None:
    html = client_as("editor").get("/review").text
    assert "Nothing waiting" in html
    assert "Nothing is waiting for review." in html
