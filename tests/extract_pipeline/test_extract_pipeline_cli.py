"""The extract command, driven like a user would, on both backends."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Run, json_lines

STATEMENT = (
    "Former president Almazbek Atambaev was returned to prison on 7 August. "
    "His lawyers filed an appeal; it was rejected. "
    "About 1,700 villagers were shot dead.\n"
)


def test_extract_a_file_then_its_id(run: Run, tmp_path: Path) -> None:
    run("init")
    run("record", "add", "person", "--field", "name=Almazbek Atambayev")
    statement = tmp_path / "statement.txt"
    statement.write_text(STATEMENT, encoding="utf-8")

    first = json_lines(run("extract", str(statement), "--json", "--document-date", "2020-09-01"))
    assert len(first) == 1
    document = first[0]
    assert document["item"] == 1
    assert document["language"] == "en"
    assert document["document_date"] == "2020-09-01"
    known = [entity for entity in document["entities"] if entity["archive_id"]]
    assert [entity["kind"] for entity in known] == ["person"]
    assert known[0]["archive_id"].endswith("/1")
    assert document["dates"][0]["value"]["start"] == "2020-08-07"
    assert document["counts"][0]["value"] == 1700
    assert [act["type"] for act in document["acts"]] == ["killing_by_excessive_force"]
    assert document["interventions"][0]["response"]["code"] == "refused"

    again = json_lines(run("extract", "1", "--json"))
    # Without --document-date the item's collection day anchors dates without a year.
    assert again[0]["document_date"] is not None
    assert again[0]["entities"] == document["entities"]

    summary = run("extract", "1")
    assert "Almazbek Atambaev" in summary.stdout
    assert "Killing by excessive use of force" in summary.stdout


def test_unsupported_language_and_bad_input(run: Run, tmp_path: Path) -> None:
    run("init")
    french = tmp_path / "fr.txt"
    french.write_text(
        "Bonjour à tous, la police a arrêté un journaliste à Paris hier soir, dit la famille.\n",
        encoding="utf-8",
    )
    result = run("extract", str(french), "--json")
    document = json_lines(result)[0]
    assert document["language"] not in ("en", "ru", "ky")
    assert document["entities"] == []
    assert "no entity model" in result.stderr

    missing = run("extract", "99", "--json", code=2)
    assert "99" in missing.stderr
    bad_date = run("extract", "1", "--document-date", "2020-13-01", code=2)
    assert "YYYY-MM-DD" in bad_date.stderr
    absent = run("extract", str(tmp_path / "absent.txt"), "--json", code=1)
    assert absent.stdout == ""


def test_claims_are_extracted_and_summarised(run: Run, tmp_path: Path) -> None:
    run("init")
    statement = tmp_path / "claim.txt"
    statement.write_text(
        "The Ministry of Internal Affairs openly stated that no one was detained in Kok-Suu.\n",
        encoding="utf-8",
    )
    (document,) = json_lines(run("extract", str(statement), "--json"))
    (claim,) = document["claims"]
    assert claim["claimant"]["name"] == "Ministry of Internal Affairs"
    assert claim["statement"]["text"] == "no one was detained in Kok-Suu"
    summary = run("extract", "1")
    assert "claim" in summary.stdout
    assert "Ministry of Internal Affairs: no one was detained in Kok-Suu" in summary.stdout


def test_the_summary_names_every_victim_of_an_act(run: Run, tmp_path: Path) -> None:
    run("init")
    report = tmp_path / "detained.txt"
    report.write_text(
        "Police detained Aibek Osmonov, Nurlan Toktogulov and Asel Ismailova on Monday.\n",
        encoding="utf-8",
    )
    summary = run("extract", str(report))
    assert (
        "[victim Aibek Osmonov; victim Nurlan Toktogulov; victim Asel Ismailova]" in summary.stdout
    )
