"""Packages of statements and period reports, and the report's files bound to the chain of
custody: a custody entry names the SHA-256 of each file, the bag's signed checkpoint covers it,
so a changed PDF is found even when the bag's manifests were written again after it."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import bagit
import pytest
from reports_support import World
from sqlalchemy import select
from tests.support import as_owner
from typer.testing import CliRunner

from docket.archive import Archive
from docket.cli.app import app
from docket.db.engine import reading
from docket.db.schema import custody


def _run(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.stdout, result.stderr


def _problems(package: Path, env: dict[str, str]) -> list[str]:
    code, stdout, _ = _run(["verify-report", str(package)], env)
    assert code == 1, stdout
    return stdout.strip().splitlines()


def _rebag(package: Path) -> None:
    """What anyone can do after changing a file: write the bag's manifests again."""
    bagit.Bag(str(package)).save(processes=1, manifests=True)
    assert bagit.Bag(str(package)).is_valid()


def _rendered_entries(archive: Archive) -> list[dict[str, object]]:
    with reading(archive.kernel.engine) as connection:
        rows = connection.execute(
            select(custody.c.seq, custody.c.payload)
            .where(custody.c.action == "report_rendered")
            .order_by(custody.c.seq)
        )
        return [{"seq": row.seq, **json.loads(row.payload)} for row in rows]


def _statement(world: World, folder: Path) -> Path:
    draft = folder / "draft.txt"
    draft.write_text(
        "# Statement\n\n"
        f"We are alarmed by his arrest. [[#{world.statuses[0]}]]\n\n"
        f"The prosecutor's answer: [[#{world.claim}]]\n",
        encoding="utf-8",
    )
    return draft


def _period_world(archive: Archive, world: World) -> None:
    """A case whose course changed in 2024, its name cited: a notable case of that year."""
    records = as_owner(archive).records
    case = records.create(
        "case",
        {
            "title": {
                "value": "Case of the border detainees",
                "citations": [{"item": world.public_item, "quote": "border post"}],
            },
            "subject": {"ref": world.person},
        },
    )
    for status, day in (("arrested", "2024-02-01"), ("released", "2024-05-01")):
        records.create("case_status", {"case": {"ref": case.id}, "status": status, "date": day})


KINDS: dict[str, Callable[[Archive, World, Path], list[str]]] = {
    "statement": lambda _archive, world, folder: [
        "statement",
        str(_statement(world, folder)),
    ],
    "period": lambda archive, world, _folder: (
        _period_world(archive, world) or ["period", "--from", "2024-01-01", "--to", "2024-12-31"]
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_statement_and_period_packages_are_checked_like_case_packages(
    archive: Archive, world: World, cli_env: dict[str, str], tmp_path: Path, kind: str
) -> None:
    out = tmp_path / "package"
    args = KINDS[kind](archive, world, tmp_path)
    code, stdout, stderr = _run(["export", "report", *args, "-o", str(out)], cli_env)
    assert code == 0, stderr
    facts = json.loads((out / "data" / "report" / "report.json").read_text(encoding="utf-8"))
    assert facts["kind"] == kind and facts["footnotes"]
    code, stdout, _ = _run(["verify-report", str(out)], cli_env)
    assert code == 0 and "Intact" in stdout, stdout

    pdf_changed = tmp_path / "pdf"
    shutil.copytree(out, pdf_changed)
    pdf = pdf_changed / "data" / "report" / "report.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"%")
    assert any("report/report.pdf" in line for line in _problems(pdf_changed, cli_env))

    evidence_changed = tmp_path / "evidence"
    shutil.copytree(out, evidence_changed)
    item = facts["footnotes"][0]["item"]
    copy = evidence_changed / "data" / "items" / str(item) / "working-copy.txt"
    copy.write_text(copy.read_text(encoding="utf-8").replace("r", "R"), encoding="utf-8")
    problems = _problems(evidence_changed, cli_env)
    assert any("working-copy.txt" in line for line in problems)
    assert any("are not the words the report cites" in line for line in problems)

    source_removed = tmp_path / "source"
    shutil.copytree(out, source_removed)
    shutil.rmtree(source_removed / "data" / "items" / str(item))
    problems = _problems(source_removed, cli_env)
    assert any(f"item {item}): its source is not in the package" in line for line in problems)


@pytest.fixture
def package(world: World, cli_env: dict[str, str], tmp_path: Path) -> Path:
    out = tmp_path / "package"
    code, _, stderr = _run(["export", "report", "case", str(world.person), "-o", str(out)], cli_env)
    assert code == 0, stderr
    return out


def test_the_package_carries_the_signed_entry_naming_its_files(
    archive: Archive, package: Path, cli_env: dict[str, str]
) -> None:
    report = package / "data" / "report"
    (entry,) = _rendered_entries(archive)
    files = entry["files"]
    assert isinstance(files, dict)
    for name in ("report.pdf", "report.html", "report.json", "records.jsonl"):
        assert files[name] == hashlib.sha256((report / name).read_bytes()).hexdigest()
    seal = json.loads((report / "report.json").read_text(encoding="utf-8"))["seal"]
    assert (entry["made_at_entry"], entry["made_at_head"]) == (seal["entries"], seal["head"])
    packaged = [
        json.loads(line)
        for line in (package / "data" / "custody" / "entries.jsonl").read_text().splitlines()
    ]
    assert [e["seq"] for e in packaged if e["action"] == "report_rendered"] == [entry["seq"]]
    # The archive signed the chain at exactly that entry, and the package holds the statement.
    signed = (report / "signed-entry.txt").read_text(encoding="ascii")
    assert f"entries: {entry['seq']}\n" in signed
    assert archive.latest_checkpoint() is not None
    # The archive's own check still holds with the new kind of entry in its chain.
    code, stdout, _ = _run(["verify"], cli_env)
    assert code == 0, stdout


def test_a_changed_pdf_is_named_even_with_the_manifests_written_again(
    package: Path, cli_env: dict[str, str]
) -> None:
    pdf = package / "data" / "report" / "report.pdf"
    pdf.write_bytes(pdf.read_bytes().replace(b"Arrested", b"Released", 1) + b"%")
    _rebag(package)
    problems = _problems(package, cli_env)
    assert any(
        line.startswith("report/report.pdf is not the file the archive made") for line in problems
    ), problems


def test_a_footnote_removed_from_the_facts_is_named_with_the_manifests_written_again(
    package: Path, cli_env: dict[str, str]
) -> None:
    facts_path = package / "data" / "report" / "report.json"
    facts = json.loads(facts_path.read_text(encoding="utf-8"))
    facts["footnotes"] = facts["footnotes"][1:]
    facts_path.write_text(json.dumps(facts), encoding="utf-8")
    _rebag(package)
    problems = _problems(package, cli_env)
    assert any(line.startswith("report/report.json is not the file") for line in problems)


def test_removing_or_forging_the_entry_is_named(package: Path, cli_env: dict[str, str]) -> None:
    entries_path = package / "data" / "custody" / "entries.jsonl"
    lines = entries_path.read_text(encoding="utf-8").splitlines()
    forged = package.with_name("forged")
    shutil.copytree(package, forged)
    kept = [line for line in lines if '"report_rendered"' not in line]
    entries_path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    _rebag(package)
    problems = _problems(package, cli_env)
    assert any(
        line.startswith("custody entry ")
        and "naming the report's files, is not in the package" in line
        for line in problems
    ), problems

    # Changing the PDF and the entry's hash of it together breaks the signed chain instead.
    pdf = forged / "data" / "report" / "report.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"%")
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    rewritten = []
    for line in lines:
        entry = json.loads(line)
        if entry["action"] == "report_rendered":
            entry["payload"]["files"]["report.pdf"] = digest
        rewritten.append(json.dumps(entry, ensure_ascii=False))
    (forged / "data" / "custody" / "entries.jsonl").write_text(
        "\n".join(rewritten) + "\n", encoding="utf-8"
    )
    _rebag(forged)
    problems = _problems(forged, cli_env)
    assert any("does not match the signed chain" in line for line in problems), problems
    assert any(
        "is not the entry the archive signed in signed-entry.txt" in line for line in problems
    )


def test_a_package_without_the_signed_statement_is_named(
    package: Path, cli_env: dict[str, str]
) -> None:
    (package / "data" / "report" / "signed-entry.txt").unlink()
    _rebag(package)
    problems = _problems(package, cli_env)
    assert any(line.startswith("the package has no report/signed-entry.txt") for line in problems)


def test_a_report_written_or_downloaded_enters_custody_by_its_sha256(
    archive: Archive, world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "case.pdf"
    code, _, stderr = _run(["report", "case", str(world.person), "-o", str(out)], cli_env)
    assert code == 0, stderr
    (entry,) = _rendered_entries(archive)
    assert entry["files"] == {"report.pdf": hashlib.sha256(out.read_bytes()).hexdigest()}
    assert entry["format"] == "report:case"
    door = as_owner(archive)
    report = door.statement_report(_statement(world, tmp_path).read_text(encoding="utf-8"))
    html = door.rendered_report(report, "html")
    assert _rendered_entries(archive)[-1]["files"] == {
        "report.html": hashlib.sha256(html).hexdigest()
    }
