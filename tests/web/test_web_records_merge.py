"""Merging, undoing a merge and splitting from the record pages: forms, CSRF, permissions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from seed import as_owner
from web_support import page_csrf

from docket.archive import Archive

Client = Callable[[str], TestClient]


@dataclass(frozen=True)
class Pair:
    source: int
    target: int
    act: int
    secret: int


@pytest.fixture
def pair(archive: Archive) -> Pair:
    records = as_owner(archive).records
    source = records.create(
        "person", {"name": "Bolot Temirov", "birth_year": 1971}, confidentiality="restricted"
    )
    target = records.create("person", {"name": "Bolot Temirov", "birth_year": 1972})
    act = records.create("act", {"violation": "torture", "victim": [source.id]})
    secret = records.create("person", {"name": "Secret Temirov"}, confidentiality="confidential")
    return Pair(source.id, target.id, act.id, secret.id)


def _error(html: str) -> str:
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert found, html[:3000]
    return found.group(1).strip()


def _merge_form(pair: Pair, client: TestClient, **changes: str) -> dict[str, str]:
    form = {
        "csrf_token": page_csrf(client),
        "into": str(pair.target),
        "source_version": "1",
        "target_version": "1",
        "reason": "the same man, two spellings of his records",
    }
    form.update(changes)
    return form


def test_an_editor_finds_checks_merges_and_undoes(
    archive: Archive, pair: Pair, client_as: Client
) -> None:
    editor = client_as("editor")
    record = editor.get(f"/records/{pair.source}").text
    assert f'href="/records/{pair.source}/merge"' in record
    assert f'href="/records/{pair.source}/split"' in record

    found = editor.get(f"/records/{pair.source}/merge", params={"q": "Temirov"})
    assert found.status_code == 200
    assert f'name="into" value="{pair.target}"' in found.text
    assert f'name="into" value="{pair.source}"' not in found.text  # not into itself
    assert f'name="into" value="{pair.act}"' not in found.text  # only the same type

    check = editor.get(f"/records/{pair.source}/merge", params={"into": pair.target})
    assert check.status_code == 200
    assert "What will move" in check.text
    assert "added as an alternative" in check.text and "1971" in check.text
    assert "The kept record becomes restricted" in check.text
    assert f'href="/records/{pair.act}"' in check.text
    assert 'name="source_version" value="1"' in check.text

    done = editor.post(
        f"/records/{pair.source}/merge", data=_merge_form(pair, editor), follow_redirects=False
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/records/{pair.target}?saved=2"
    merged = editor.get(f"/records/{pair.source}").text
    assert "Merged into" in merged
    assert f'<a href="/records/{pair.target}">#{pair.target} — Bolot Temirov</a>' in merged
    assert f'href="/records/{pair.source}/unmerge"' in merged
    assert f'href="/records/{pair.source}/edit"' not in merged
    history = editor.get(f"/records/{pair.source}/history").text
    assert "Merged into" in history and "the same man" in history
    assert "Merged in:" in editor.get(f"/records/{pair.target}/history").text
    records_page = editor.get("/records", params={"type": "person"}).text
    assert f'href="/records/{pair.source}"' not in records_page
    everything = editor.get("/records", params={"type": "person", "retracted": "true"}).text
    assert f'<span class="badge merged">Merged into #{pair.target}</span>' in everything

    undo_page = editor.get(f"/records/{pair.source}/unmerge")
    assert 'name="expected_version" value="2"' in undo_page.text
    missing_reason = editor.post(
        f"/records/{pair.source}/unmerge",
        data={"csrf_token": page_csrf(editor), "expected_version": "2", "reason": " "},
    )
    assert missing_reason.status_code == 400
    assert _error(missing_reason.text) == "say why the merge is undone"
    undone = editor.post(
        f"/records/{pair.source}/unmerge",
        data={"csrf_token": page_csrf(editor), "expected_version": "2", "reason": "two men"},
        follow_redirects=False,
    )
    assert undone.status_code == 303, undone.text
    assert "Merged into" not in editor.get(f"/records/{pair.source}").text
    act = as_owner(archive).records.get(pair.act, log=False)
    assert act.refs("victim") == [pair.source]
    assert list(archive.verify()) == []


def test_bad_merges_are_refused_with_one_line_and_the_reason_kept(
    archive: Archive, pair: Pair, client_as: Client
) -> None:
    editor = client_as("editor")
    itself = editor.post(
        f"/records/{pair.source}/merge", data=_merge_form(pair, editor, into=str(pair.source))
    )
    assert itself.status_code == 400
    assert _error(itself.text) == f"record {pair.source} cannot be merged into itself"
    assert "the same man, two spellings" in itself.text
    no_reason = editor.post(
        f"/records/{pair.source}/merge", data=_merge_form(pair, editor, reason="")
    )
    assert no_reason.status_code == 400
    assert _error(no_reason.text) == "say why the records are one"
    odd = editor.post(f"/records/{pair.source}/merge", data=_merge_form(pair, editor, into="x1"))
    assert odd.status_code == 400
    assert "must be a whole number" in _error(odd.text)
    nowhere = editor.post(
        f"/records/{pair.source}/merge", data=_merge_form(pair, editor, into="99999")
    )
    assert nowhere.status_code == 404
    assert _error(nowhere.text) == "no record 99999"
    preview = editor.get(f"/records/{pair.source}/merge", params={"into": pair.act})
    assert preview.status_code == 400
    assert "only records of one type" in _error(preview.text)
    assert editor.get(f"/records/{pair.source}/merge", params={"into": "abc"}).status_code == 422

    # Someone edits the kept record after the editor opened the confirmation at version 1.
    as_owner(archive).records.edit(pair.target, {"set": {"gender": "male"}}, 1, "a new source")
    stale = editor.post(f"/records/{pair.source}/merge", data=_merge_form(pair, editor))
    assert stale.status_code == 409
    assert "Someone changed one of the records first." in stale.text
    assert 'name="target_version" value="2"' in stale.text
    assert "the same man, two spellings" in stale.text
    assert as_owner(archive).records.get(pair.source, log=False).merged_into is None

    forged = editor.post(
        f"/records/{pair.source}/merge",
        data=_merge_form(pair, editor, csrf_token="forged"),
    )
    assert forged.status_code == 403
    assert list(archive.verify()) == []


def test_readers_are_refused_and_hidden_records_are_not_found(
    archive: Archive, pair: Pair, client_as: Client
) -> None:
    analyst = client_as("analyst")
    assert f"/records/{pair.source}/merge" not in analyst.get(f"/records/{pair.source}").text
    assert analyst.get(f"/records/{pair.source}/merge").status_code == 403
    assert analyst.get(f"/records/{pair.source}/split").status_code == 403
    refused = analyst.post(
        f"/records/{pair.source}/merge", data=_merge_form(pair, analyst), follow_redirects=False
    )
    assert refused.status_code == 403
    viewer = client_as("viewer")
    # The restricted record does not exist for a viewer: not found before not allowed.
    assert viewer.get(f"/records/{pair.source}/merge").status_code == 404
    assert viewer.get(f"/records/{pair.secret}/unmerge").status_code == 404
    assert viewer.get(f"/records/{pair.target}/merge").status_code == 403
    assert as_owner(archive).records.get(pair.source, log=False).merged_into is None


def test_an_editor_splits_a_record_choosing_values_and_referrers(
    archive: Archive, pair: Pair, client_as: Client
) -> None:
    records = as_owner(archive).records
    conflated = records.create("person", {"name": ["Asel Sadykova", "Aigul Sadykova"]})
    act = records.create("act", {"violation": "torture", "victim": [conflated.id]})
    asel = conflated.field_values("name")[0].id
    editor = client_as("editor")
    page = editor.get(f"/records/{conflated.id}/split")
    assert page.status_code == 200
    assert f'name="value" value="{asel}"' in page.text
    assert f'name="referrer" value="{act.id}"' in page.text

    nothing = editor.post(
        f"/records/{conflated.id}/split",
        data={"csrf_token": page_csrf(editor), "expected_version": "1", "reason": "two women"},
    )
    assert nothing.status_code == 400
    assert _error(nothing.text) == "choose the values that move to the new record"
    assert "two women" in nothing.text

    done = editor.post(
        f"/records/{conflated.id}/split",
        data={
            "csrf_token": page_csrf(editor),
            "expected_version": "1",
            "reason": "two women",
            "value": str(asel),
            "referrer": str(act.id),
        },
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    created = int(done.headers["location"].split("/")[2].split("?")[0])
    assert records.get(created, log=False).title == "Asel Sadykova"
    assert records.get(act.id, log=False).refs("victim") == [created]
    history = editor.get(f"/records/{conflated.id}/history").text
    assert "Values moved to the new record" in history and f'href="/records/{created}"' in history
    assert list(archive.verify()) == []


def test_odd_input_is_a_clear_answer_never_a_server_error(
    archive: Archive, pair: Pair, client_as: Client
) -> None:
    editor = client_as("editor")
    token = page_csrf(editor)
    answers = [
        editor.get(f"/records/{pair.source}/merge", params={"q": "x" * 500}),
        editor.get(f"/records/{pair.source}/merge", params={"into": "0"}),
        editor.get(f"/records/{pair.source}/merge", params={"q": "%_\\'\"<>"}),
        editor.get(f"/records/{pair.source}/unmerge"),
        editor.post(
            f"/records/{pair.source}/unmerge",
            data={"csrf_token": token, "expected_version": "1", "reason": "why"},
        ),
        editor.post(
            f"/records/{pair.source}/split",
            data={"csrf_token": token, "expected_version": "1", "reason": "x", "value": "abc"},
        ),
        editor.post(
            f"/records/{pair.source}/split",
            data={"csrf_token": token, "expected_version": "x", "reason": "x", "value": "1"},
        ),
        editor.post(
            f"/records/{pair.source}/merge",
            data={"csrf_token": token, "into": str(pair.target), "reason": "x"},
        ),
        editor.get("/records/99999999/merge"),
        editor.get("/records/99999/split"),
    ]
    assert [a.status_code for a in answers] == [422, 422, 200, 200, 400, 400, 400, 400, 404, 404]
    assert _error(answers[4].text) == f"record {pair.source} is not merged into another record"
    assert _error(answers[5].text) == "a value must be a whole number, not &#39;abc&#39;"
    assert list(archive.verify()) == []
