"""docs/cli.md is generated from the commands' --help; it must not drift from them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
