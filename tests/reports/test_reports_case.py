"""The case report: every fact footnoted with its source's words, hash and custody position,
ending with the signed chain head; written for one audience, holding nothing above it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reports_support import (
    KYRGYZ_WORDS,
    PROTECTED_CONTACT,
    SECRET_WORDS,
    World,
    pdf_fonts,
    pdf_text,
    report_checkpoint,
)
from sqlalchemy import select, update
from tests.support import as_owner
from typer.testing import CliRunner

from docket.archive import Archive
from docket.cli.app import app
from docket.db.engine import reading, writing
from docket.db.schema import citations, custody
from docket.model.access import Viewer
from docket.model.taxonomy import load_taxonomy
from docket.reports import render_html
from docket.reports.wording import value_text


def _run(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.stdout, result.stderr


def test_a_case_report_pdf_footnotes_every_fact_with_its_source(
    archive: Archive, world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "case.pdf"
    code, stdout, stderr = _run(["report", "case", str(world.person), "-o", str(out)], cli_env)
    assert code == 0, stderr
    assert "Wrote PDF report" in stdout
    text = pdf_text(out)
    owner = as_owner(archive)
    item_sha = owner.items.get(world.public_item)["sha256"]
    assert "Case file: Kubat Ormonov" in text
    for fact in ("Arrested", "Hospitalised", "Request for medical care", "Response: Refused"):
        assert fact in text
    # The quoted words, the source's title, date and SHA-256, and custody positions.
    for quote in ("was arrested in Bishkek", "refused the request", "received all necessary care"):
        assert f"“{quote}”" in text
    assert "public statement.txt, dated 2023-12-02" in text
    assert f"SHA-256 {item_sha}" in text
    assert "value entered custody at entry" in text and "source received at entry" in text
    assert "Torture. Victim: Kubat Ormonov; SECRETWORD Hidden Person" in text
    # Responsibility and an official's claim have their sections.
    assert "Prosecutor Asanov — ordered" in text
    assert "Claims by officials" in text and "the detainee had received all necessary care" in text
    # A record nobody cited is shown and marked.
    visit = (
        f"Prison visit. By: Council of Parties. Concerning: Case of Kubat Ormonov. #{world.uncited}"
    )
    assert f"{visit} [no source cited]" in text
    # Contents with page numbers, and page numbers at the foot.
    assert "Contents" in text and "Page 1 of" in text
    # The chain head it ends with is the checkpoint signed as it was made.
    checkpoint = report_checkpoint(archive)
    assert checkpoint.hash in text and checkpoint.signature in text
    assert f"Entries {checkpoint.seq}" in text
    assert "by tester" in text and "as admin" in text
    assert KYRGYZ_WORDS in text
    fonts = pdf_fonts(out)
    assert fonts and all(row[-5] == "yes" for row in fonts)
    assert all(row[0].split("+")[-1].startswith("DejaVu") for row in fonts)


def test_making_a_report_enters_custody_with_actor_and_role(
    archive: Archive, world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "case.html"
    code, _, stderr = _run(
        ["report", "case", str(world.case), "-o", str(out), "--as-role", "analyst"], cli_env
    )
    assert code == 0, stderr
    with reading(archive.kernel.engine) as connection:
        entry = connection.execute(
            select(custody.c.seq, custody.c.actor, custody.c.payload)
            .where(custody.c.action == "records_exported")
            .order_by(custody.c.seq.desc())
        ).first()
    assert entry is not None and entry.actor == "tester"
    payload = json.loads(entry.payload)
    assert payload["format"] == "report:case" and payload["viewer_role"] == "analyst"
    assert payload["subject"] == world.case
    checkpoint = report_checkpoint(archive)
    assert checkpoint.seq >= entry.seq
    html = out.read_text(encoding="utf-8")
    assert checkpoint.signature in html and "as analyst" in html
    # Self-contained: the stylesheet is inline and nothing is fetched.
    assert "<style>" in html and "<link" not in html and "src=" not in html
    assert "http://" not in html and "https://" not in html
    assert "@media print" in html


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_a_report_for_a_lower_role_holds_nothing_above_it(
    archive: Archive, world: World, cli_env: dict[str, str], tmp_path: Path, role: str
) -> None:
    full = tmp_path / "full.pdf"
    partner = tmp_path / "partner.pdf"
    assert _run(["report", "case", str(world.case), "-o", str(full)], cli_env)[0] == 0
    code, _, stderr = _run(
        ["report", "case", str(world.case), "-o", str(partner), "--as-role", role], cli_env
    )
    assert code == 0, stderr
    everything, shown = pdf_text(full), pdf_text(partner)
    assert "SECRETWORD" in everything and "starved him" in everything
    for word in (*SECRET_WORDS, "On hunger strike", "testimony.txt", "PROTECTEDWORD"):
        assert word not in shown
    # No hint either: the hidden victim, its source and its counts are absent, not blanked.
    assert "redacted" not in shown.lower() and "hidden" not in shown.lower()
    assert "citations: 1" not in shown
    assert f"#{world.secret_status}" not in shown and f"#{world.hidden_person}" not in shown
    assert "was arrested in Bishkek" in shown and "Hospitalised" in shown


def test_protected_fields_only_when_revealed_by_someone_allowed(
    archive: Archive, world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    plain = tmp_path / "plain.html"
    assert _run(["report", "case", str(world.person), "-o", str(plain)], cli_env)[0] == 0
    assert PROTECTED_CONTACT not in plain.read_text(encoding="utf-8")
    refused = tmp_path / "refused.html"
    code, _, stderr = _run(
        [
            "report",
            "case",
            str(world.person),
            "-o",
            str(refused),
            "--as-role",
            "editor",
            "--reveal",
        ],
        cli_env,
    )
    assert code == 2 and "may not see protected fields" in stderr
    assert len(stderr.strip().splitlines()) == 1 and not refused.exists()
    revealed = tmp_path / "revealed.pdf"
    code, _, stderr = _run(
        ["report", "case", str(world.person), "-o", str(revealed), "--reveal"], cli_env
    )
    assert code == 0, stderr
    text = pdf_text(revealed)
    assert PROTECTED_CONTACT in text and "Contact [protected]" in text
    assert "This report shows protected fields" in text


def test_a_hidden_subject_is_answered_as_a_missing_one(
    archive: Archive, world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    hidden = _run(
        [
            "report",
            "case",
            str(world.hidden_person),
            "-o",
            str(tmp_path / "a.pdf"),
            "--as-role",
            "viewer",
        ],
        cli_env,
    )
    missing = _run(
        ["report", "case", "99999", "-o", str(tmp_path / "b.pdf"), "--as-role", "viewer"], cli_env
    )
    assert hidden[0] == missing[0] == 2
    assert hidden[2].replace(str(world.hidden_person), "N") == missing[2].replace("99999", "N")
    assert not (tmp_path / "a.pdf").exists()


def test_bad_input_is_one_line_and_writes_nothing(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "case.pdf"
    code, _, stderr = _run(
        ["report", "case", str(world.person), "-o", str(out), "--language", "fr"], cli_env
    )
    assert code == 2 and "report language 'fr' is not one of en, ru, ky" in stderr
    assert len(stderr.strip().splitlines()) == 1 and not out.exists()
    code, _, stderr = _run(["report", "case", str(world.person), "-o", "x.docx"], cli_env)
    assert code == 2 and "must end in .html or .pdf" in stderr
    out.write_bytes(b"kept")
    code, _, stderr = _run(["report", "case", str(world.person), "-o", str(out)], cli_env)
    assert code == 2 and "already exists" in stderr and out.read_bytes() == b"kept"
    code, _, stderr = _run(
        ["report", "case", str(world.person), "-o", str(out), "--force"], cli_env
    )
    assert code == 0 and out.read_bytes().startswith(b"%PDF")
    code, _, stderr = _run(["report", "case", str(world.statuses[0]), "-o", "y.pdf"], cli_env)
    assert code == 2 and "case files are kept for people, groups and cases" in stderr


def test_a_drifted_quote_is_marked(archive: Archive, world: World, tmp_path: Path) -> None:
    with writing(archive.kernel.engine) as connection:
        connection.execute(
            update(citations).where(citations.c.record_id == world.claim).values(span_start=0)
        )
    report = as_owner(archive).case_report(world.person)
    html = render_html(report)
    assert "the source&#39;s text has changed since this was cited" in html
    (drifted,) = [n for n in report.footnotes if n.drifted]
    assert drifted.quote is not None and drifted.quote.startswith("Kubat Ormonov")


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ru", ("Досье по делу", "Ход дела", "23 октября 2022 г.", "Арестован", "Страница 1 из")),
        ("ky", ("Иш боюнча досье", "Иштин жүрүшү", "Камакка алынган", "Барак 1")),
    ],
)
def test_labels_dates_and_numbers_are_in_the_report_language(
    world: World, cli_env: dict[str, str], tmp_path: Path, language: str, words: tuple[str, ...]
) -> None:
    out = tmp_path / f"case-{language}.pdf"
    code, _, stderr = _run(
        ["report", "case", str(world.person), "-o", str(out), "--language", language], cli_env
    )
    assert code == 0, stderr
    text = pdf_text(out)
    for expected in words:
        assert expected in text
    assert "Case file" not in text and "Status over time" not in text


def test_an_editor_report_includes_confidential_records(archive: Archive, world: World) -> None:
    editor = archive.as_viewer(Viewer.as_role("editor", "ed"))
    report = editor.case_report(world.case)
    ids = {s.record_id for section in report.sections for s in section.sentences}
    assert world.secret_status in ids
    viewer = archive.as_viewer(Viewer.as_role("viewer", "vi")).case_report(world.case)
    assert world.secret_status not in viewer.record_ids
    assert {n.item_id for n in viewer.footnotes} == {world.public_item}


def test_the_pdf_prints_each_footnote_once_under_the_number_the_package_names(
    archive: Archive, world: World, tmp_path: Path
) -> None:
    owner = as_owner(archive)
    report = owner.case_report(world.person)
    out = tmp_path / "numbers.pdf"
    owner.write_report(report, out)
    text = pdf_text(out)
    assert [note.number for note in report.footnotes] == list(range(1, len(report.footnotes) + 1))
    for note in report.footnotes:
        assert text.count(f" {note.number}. “{note.quote}”") == 1, note.number


@pytest.mark.parametrize(
    ("language", "gender", "kind"),
    [
        ("en", "Gender: female", "village"),
        ("ru", "Пол: женский", "село"),
        ("ky", "Жынысы: аял", "айыл"),
    ],
)
def test_years_and_choices_read_as_the_report_language_writes_them(
    archive: Archive, language: str, gender: str, kind: str
) -> None:
    records = as_owner(archive).records
    person = records.create(
        "person", {"name": "Aigul Sadyrova", "gender": "female", "birth_year": 1956}
    ).id
    records.create("act", {"violation": "arbitrary_arrest", "victim": {"ref": person}})
    report = as_owner(archive).case_report(person, language=language)
    text = " ".join(s.text for section in report.sections for s in section.sentences)
    assert gender in text
    # A year of birth is a year, not a quantity: no digit grouping in any language.
    assert "1956" in text and "1,956" not in text and "1\xa0956" not in text
    place = records.types.get("place")
    assert value_text(place.field("kind"), "village", {}, language) == kind
    assert value_text(place.field("kind"), "a team's own kind", {}, language) == "a team's own kind"


@pytest.mark.parametrize("language", ["ru", "ky"])
def test_a_linked_record_is_named_in_the_report_language(
    archive: Archive, world: World, language: str
) -> None:
    # The involvement's title names its act: the act's violation in the report's words.
    report = as_owner(archive).case_report(world.person, language=language)
    (involvement,) = [
        s.text for section in report.sections for s in section.sentences
        if s.record_id == world.involvement
    ]  # fmt: skip
    records = as_owner(archive).records
    (act,) = records.get(world.involvement).refs("act")
    code = records.get(act).first("violation")
    violations = load_taxonomy("violation_types")
    assert violations.label(code, language).casefold() in involvement.casefold()
    assert violations.label(code, "en").casefold() not in involvement.casefold()
