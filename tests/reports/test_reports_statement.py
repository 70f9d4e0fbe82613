"""Statement drafts: the user's paragraphs around facts tied by record number, each fact
footnoted as the audience may see it; rewording the paragraphs keeps every tie."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from reports_support import World, pdf_text
from typer.testing import CliRunner

from docket.archive import Archive
from docket.cli.app import app
from docket.model.access import Viewer
from docket.reports.statement import FACT, parse_draft, tie_fact


def _run(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.stdout, result.stderr


def _draft(world: World, opening: str) -> str:
    return (
        "# Statement on the detention of Kubat Ormonov\n\n"
        f"{opening} [[#{world.statuses[0]}]]\n\n"
        f"His health then failed: [[#{world.statuses[1]}]] "
        f"A request followed. [[#{world.request}]]\n"
    )


def test_a_statement_ties_each_fact_into_the_users_words(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(_draft(world, "We are alarmed by his arrest."), encoding="utf-8")
    out = tmp_path / "statement.pdf"
    code, _, stderr = _run(["report", "statement", str(draft), "-o", str(out)], cli_env)
    assert code == 0, stderr
    text = pdf_text(out)
    assert "Statement on the detention of Kubat Ormonov" in text
    assert "We are alarmed by his arrest. August 7, 2020 — Case status: Arrested." in text
    assert "“was arrested in Bishkek”" in text and "“refused the request”" in text
    assert "Response: Refused" in text


def test_rewording_the_paragraphs_keeps_every_tie(archive: Archive, world: World) -> None:
    door = archive.as_viewer(Viewer.owner("owner"))
    first = door.statement_report(_draft(world, "We are alarmed by his arrest."))
    second = door.statement_report(_draft(world, "The arrest was unlawful, we hold."))
    assert [n.citation_id for n in first.footnotes] == [n.citation_id for n in second.footnotes]
    (section,) = second.sections
    assert section.paragraphs[0][0] == "The arrest was unlawful, we hold. "


def test_a_hidden_record_in_a_draft_is_answered_as_a_missing_one(
    world: World, cli_env: dict[str, str], tmp_path: Path
) -> None:
    hidden = tmp_path / "hidden.txt"
    hidden.write_text(f"Starved: [[#{world.secret_status}]]", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    missing.write_text("Gone: [[#99999]]", encoding="utf-8")
    answers = [
        _run(
            [
                "report",
                "statement",
                str(p),
                "-o",
                str(tmp_path / f"{p.stem}.pdf"),
                "--as-role",
                "viewer",
            ],
            cli_env,
        )
        for p in (hidden, missing)
    ]
    assert answers[0][0] == answers[1][0] == 2
    assert answers[0][2].replace(str(world.secret_status), "N") == answers[1][2].replace(
        "99999", "N"
    )
    untied = tmp_path / "untied.txt"
    untied.write_text("Only words.", encoding="utf-8")
    code, _, stderr = _run(["report", "statement", str(untied), "-o", "u.pdf"], cli_env)
    assert code == 2 and "ties no fact" in stderr


@given(
    draft=st.text(alphabet=st.sampled_from("ab #[]]\n\r1ң"), max_size=60)
    | st.builds("# {}\n\n{} [[#{}]]".format, st.text(max_size=10), st.text(), st.integers(1, 99)),
    record_id=st.integers(1, 10**9 - 1),
)
def test_tying_a_fact_keeps_every_tie_and_adds_one_in_the_last_paragraph(
    draft: str, record_id: int
) -> None:
    tied = tie_fact(draft, record_id)
    assert FACT.findall(tied) == [*FACT.findall(draft), str(record_id)]
    title, paragraphs = parse_draft(tied)
    assert title == parse_draft(draft)[0]
    assert paragraphs[-1].endswith(f"[[#{record_id}]]")
