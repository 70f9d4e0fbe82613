"""docs/cli.md is generated from the commands' --help; it must not drift from them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import typer
from rich.text import Text
from typer.core import TyperGroup
from typer.testing import CliRunner

from docket.cli.app import app, reflowed

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_matches_the_commands(tmp_path: Path) -> None:
    generated = tmp_path / "cli.md"
    typer = Path(sys.executable).with_name("typer")
    subprocess.run(
        [
            str(typer),
            "docket.cli.app",
            "utils",
            "docs",
            "--name",
            "docket",
            "--title",
            "Command reference",
            "--output",
            str(generated),
        ],
        check=True,
        capture_output=True,
    )
    assert generated.read_text() == (ROOT / "docs" / "cli.md").read_text(), (
        "docs/cli.md is out of date: run `make docs-cli`"
    )


def test_every_document_linked_from_the_readme_exists() -> None:
    readme = (ROOT / "README.md").read_text()
    for line in readme.splitlines():
        if "](docs/" in line:
            target = line.split("](", 1)[1].split(")", 1)[0]
            assert (ROOT / target).exists(), target


def _command_paths(group: TyperGroup, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, TyperGroup):
            paths += _command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


def test_every_command_help_renders_in_the_terminal() -> None:
    # The terminal renders help as Rich markup (docs generation does not), so a bracket that reads
    # as a closing tag, such as [/prefix], breaks --help only here.
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    runner = CliRunner()
    for path in _command_paths(root):
        result = runner.invoke(app, [*path, "--help"], terminal_width=100)
        assert result.exit_code == 0, f"docket {' '.join(path)} --help: {result.output}"
        assert "Usage" in result.output


def _commands(group: TyperGroup) -> list[Any]:
    found: list[Any] = [group]
    for command in group.commands.values():
        found += _commands(command) if isinstance(command, TyperGroup) else [command]
    return found


def test_no_help_text_loses_brackets_to_markup() -> None:
    # "sftp:[user@]host" reads as a Rich tag and would print as "sftp:host": brackets that are
    # meant as text must be escaped.
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    for command in _commands(root):
        texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
        for text in texts:
            assert Text.from_markup(text).plain == text.replace("\\[", "["), (
                f"{command.name}: escape the brackets in {text!r}"
            )


def test_help_paragraphs_are_wrapped_by_the_terminal_not_the_docstring() -> None:
    # Typer keeps a docstring's line breaks: at 80 columns a 95-column docstring line would wrap
    # once more and leave a short line after every long one.
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    for command in _commands(root):
        for paragraph in (command.help or "").split("\n\n"):
            lines = paragraph.splitlines()
            broken = [line for line in lines[1:] if not line.startswith((" ", "- ", "* "))]
            assert not broken or paragraph.startswith("\b"), f"{command.name}: {paragraph!r}"


def test_reflowing_keeps_lists_indented_lines_and_paragraphs() -> None:
    text = "First line\ngoes on.\n\nA list:\n- one\n  more\n- two\n\n\bkept\nas is"
    assert reflowed(text) == "First line goes on.\n\nA list:\n- one\n  more\n- two\n\n\bkept\nas is"
