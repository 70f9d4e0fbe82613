"""Report packages: the report beside the evidence it cites, checked offline footnote by
footnote; any change to the PDF, the evidence or a source is named in one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from reports_support import SECRET_WORDS, World
from typer.testing import CliRunner

from docket.archive import Archive
from docket.cli.app import app


def _run(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def package(world: World, cli_env: dict[str, str], tmp_path: Path) -> Path:
    out = tmp_path / "package"
    code, stdout, stderr = _run(
        ["export", "report", "case", str(world.person), "-o", str(out)], cli_env
    )
    assert code == 0, stderr
    assert "docket verify-report" in stdout
    return out


def test_a_package_holds_the_report_its_records_and_the_cited_evidence(
    archive: Archive, world: World, package: Path, cli_env: dict[str, str]
) -> None:
    report = package / "data" / "report"
    assert (report / "report.pdf").read_bytes().startswith(b"%PDF")
    assert "<html" in (report / "report.html").read_text(encoding="utf-8")
    facts = json.loads((report / "report.json").read_text(encoding="utf-8"))
    assert facts["footnotes"] and facts["seal"]["signature"]
    records = [json.loads(line) for line in (report / "records.jsonl").read_text().splitlines()]
    assert {r["id"] for r in records} == set(facts["records"])
    assert {int(p.name) for p in (package / "data" / "items").iterdir()} == {
        world.public_item,
        world.secret_item,
    }
    assert (package / "data" / "custody" / "entries.jsonl").read_text().strip()
    code, stdout, _ = _run(["verify-report", str(package)], cli_env)
    assert code == 0 and "Intact" in stdout


def test_a_package_for_a_lower_role_holds_nothing_above_it(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "partner"
    code, _, stderr = _run(
        ["export", "report", "case", str(world.case), "-o", str(out), "--as-role", "viewer"],
        cli_env,
    )
    assert code == 0, stderr
    assert [p.name for p in (out / "data" / "items").iterdir()] == [str(world.public_item)]
    for path in (out / "data" / "report").iterdir():
        if path.suffix != ".pdf":
            text = path.read_text(encoding="utf-8")
            for word in (*SECRET_WORDS, "PROTECTEDWORD", "redacted"):
                assert word not in text, (path.name, word)
    assert _run(["verify-report", str(out)], cli_env)[0] == 0


def _problems(package: Path, env: dict[str, str]) -> list[str]:
    code, stdout, _ = _run(["verify-report", str(package)], env)
    assert code == 1
    return stdout.strip().splitlines()


def test_a_modified_pdf_is_named(package: Path, cli_env: dict[str, str]) -> None:
    pdf = package / "data" / "report" / "report.pdf"
    pdf.write_bytes(pdf.read_bytes().replace(b"Arrested", b"Released", 1) + b"%")
    problems = _problems(package, cli_env)
    assert any("report/report.pdf" in line for line in problems)


def test_modified_evidence_is_named_with_its_footnotes(
    world: World, package: Path, cli_env: dict[str, str]
) -> None:
    copy = package / "data" / "items" / str(world.public_item) / "working-copy.txt"
    copy.write_text(copy.read_text(encoding="utf-8").replace("arrested", "released"))
    problems = _problems(package, cli_env)
    assert any("working-copy.txt" in line for line in problems)
    assert any(
        line.startswith("footnote ") and "are not the words the report cites" in line
        for line in problems
    )


def test_a_removed_source_is_named(world: World, package: Path, cli_env: dict[str, str]) -> None:
    shutil.rmtree(package / "data" / "items" / str(world.secret_item))
    problems = _problems(package, cli_env)
    assert any(
        f"item {world.secret_item}): its source is not in the package" in line for line in problems
    )


def test_a_forged_chain_head_is_named(package: Path, cli_env: dict[str, str]) -> None:
    facts_path = package / "data" / "report" / "report.json"
    facts = json.loads(facts_path.read_text(encoding="utf-8"))
    facts["seal"]["statement"] = facts["seal"]["statement"].replace(facts["seal"]["head"], "0" * 64)
    facts_path.write_text(json.dumps(facts), encoding="utf-8")
    problems = _problems(package, cli_env)
    assert any("report.json" in line for line in problems)  # the manifest no longer holds
    assert "the report's chain head signature is not valid" in problems


def test_an_existing_folder_is_refused_before_anything_is_made(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "taken"
    out.mkdir()
    code, _, stderr = _run(["export", "report", "case", str(world.person), "-o", str(out)], cli_env)
    assert code == 2 and "already exists" in stderr and not any(out.iterdir())
