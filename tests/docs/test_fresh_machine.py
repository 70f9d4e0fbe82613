"""A fresh machine reaches a green suite with the two commands the README starts with.

``scripts/system-packages.sh`` is run here against a fake PATH (fake ``tesseract``, ``chromium``
and ``apt-get``), so each branch is exercised without touching the machine's packages.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system-packages.sh"
BASH = shutil.which("bash") or "/bin/bash"
# The fake commands are shell scripts whose PATH is the fake one: they name real tools in full.
CAT = shutil.which("cat") or "/bin/cat"
CHMOD = shutil.which("chmod") or "/bin/chmod"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
# What the fake machine below lacks: Kyrgyz OCR data, the browser and the SSH server (and the
# fonts, if this machine really has none: the script looks for them at their fixed Debian path).
FONTS_PRESENT = (FONTS / "DejaVuSans.ttf").is_file() and (FONTS / "DejaVuSans-Bold.ttf").is_file()
FONTS_PRESENT = FONTS_PRESENT and (FONTS / "DejaVuSerif.ttf").is_file()
# WeasyPrint's Pango, looked for at its Debian path like the fonts.
PANGO = ("libpango-1.0-0", "libpangoft2-1.0-0")
PANGO_MISSING = [
    name for name in PANGO if not list(Path("/usr/lib").glob(f"*/{name.removesuffix('-0')}.so.0"))
]
MISSING = [
    "tesseract-ocr-kir",
    *([] if FONTS_PRESENT else ["fonts-dejavu-core"]),
    *PANGO_MISSING,
    "chromium",
    "poppler-utils",
    "openssh-server",
]


def test_readme_starts_with_the_two_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ["# Docket", "", "```sh"]
    assert lines[3].startswith("make demo ")
    assert lines[4].startswith("make test ")
    assert lines[5] == "```"


def _prerequisites(target: str) -> list[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(target)}:(?!=)(.*)$", makefile, re.MULTILINE)
    assert match, f"no target {target} in the Makefile"
    return match.group(1).split()


@pytest.mark.parametrize(
    ("target", "step"),
    [("test", "system-packages"), ("unit", "system-packages"), ("demo", "system-packages-demo")],
)
def test_make_targets_install_system_packages_first(target: str, step: str) -> None:
    assert _prerequisites(target)[0] == step
    purpose = "demo" if target == "demo" else "test"
    assert re.search(
        rf"^{step}:\n\t@bash scripts/system-packages\.sh {purpose}$",
        (ROOT / "Makefile").read_text(encoding="utf-8"),
        re.MULTILINE,
    )


def test_make_unit_fails_when_pytest_collects_nothing() -> None:
    """The recipe passes pytest's exit code on, including 5 (no tests collected)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^unit:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe
    shell = recipe.group(1).replace("\\\n", "").replace("\t", "").replace("$$", "$")
    shell = shell.replace("@$(BIN)/pytest -n 2 -q", "(exit 5)")
    result = subprocess.run([BASH, "-c", shell], capture_output=True, text=True, check=False)
    assert result.returncode == 5
    assert result.stderr.strip() == "make unit: pytest collected no tests"


def test_ci_runs_make_test_and_installs_nothing_itself() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [
        line for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[-1] == "make test"
    assert "apt-get" not in ci


def test_this_machine_has_every_system_package() -> None:
    result = subprocess.run(
        [BASH, str(SCRIPT), "--check", "test"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "system packages for test: all present\n"


@dataclass
class FakeMachine:
    """A PATH holding fake commands; ``apt-get install`` makes the missing ones appear."""

    folder: Path
    languages: Path
    apt_log: Path

    @property
    def env(self) -> dict[str, str]:
        return {"PATH": str(self.folder / "bin"), "HOME": str(self.folder)}

    def run(self, *args: str, as_nobody: bool = False) -> subprocess.CompletedProcess[str]:
        command = [BASH, str(self.folder / "system-packages.sh"), *args]
        if as_nobody and os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("setpriv is needed to run the script as another user")
            command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        return subprocess.run(command, env=self.env, capture_output=True, text=True, check=False)

    def apt_calls(self) -> list[str]:
        if not self.apt_log.exists():
            return []
        return self.apt_log.read_text().splitlines()


def _executable(path: Path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


@pytest.fixture
def fake_machine() -> Iterator[FakeMachine]:
    # Outside pytest's private tmp folder, so that another user can run the script from it.
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        folder.chmod(0o755)
        bin_dir = folder / "bin"
        bin_dir.mkdir()
        shutil.copy(SCRIPT, folder / "system-packages.sh")
        languages = folder / "languages"
        languages.write_text('List of available languages in "/fake/" (2):\neng\nrus\n')
        apt_log = folder / "apt.log"
        _executable(bin_dir / "tesseract", f'{CAT} "{languages}"\n')
        # The backup tools are there: each test says which other package is missing.
        for tool in ("restic", "pg_dump"):
            _executable(bin_dir / tool, "")
        _executable(
            bin_dir / "apt-get",
            f'echo "$*" >> "{apt_log}"\n'
            'if [ "$1" = install ]; then\n'
            f'  echo kir >> "{languages}"\n'
            f'  printf "#!/bin/sh\\n" > "{bin_dir}/chromium"; {CHMOD} 755 "{bin_dir}/chromium"\n'
            f'  printf "#!/bin/sh\\n" > "{bin_dir}/pdftotext"; {CHMOD} 755 "{bin_dir}/pdftotext"\n'
            f'  printf "#!/bin/sh\\n" > "{bin_dir}/sshd"; {CHMOD} 755 "{bin_dir}/sshd"\n'
            "fi\n",
        )
        yield FakeMachine(folder, languages, apt_log)


def test_check_names_exactly_what_is_missing(fake_machine: FakeMachine) -> None:
    result = fake_machine.run("--check")
    assert result.returncode == 1
    assert result.stdout == f"system packages for test missing: {' '.join(MISSING)}\n"
    assert fake_machine.apt_calls() == []


def test_missing_backup_tools_are_named(fake_machine: FakeMachine) -> None:
    (fake_machine.folder / "bin" / "restic").unlink()
    (fake_machine.folder / "bin" / "pg_dump").unlink()
    result = fake_machine.run("--check", "demo")
    assert result.returncode == 1
    assert "restic postgresql-client" in result.stdout


def test_the_demo_does_not_need_the_browser(fake_machine: FakeMachine) -> None:
    result = fake_machine.run("--check", "demo")
    assert result.returncode == 1
    assert "chromium" not in result.stdout
    assert "tesseract-ocr-kir" in result.stdout


def test_a_missing_tesseract_means_the_engine_and_its_languages(fake_machine: FakeMachine) -> None:
    (fake_machine.folder / "bin" / "tesseract").unlink()
    result = fake_machine.run("--check", "demo")
    assert result.stdout.split(": ", 1)[1].split()[:4] == [
        "tesseract-ocr",
        "tesseract-ocr-eng",
        "tesseract-ocr-rus",
        "tesseract-ocr-kir",
    ]


@pytest.mark.skipif(
    not FONTS_PRESENT or PANGO_MISSING, reason="fonts and Pango are looked for at their Debian path"
)
def test_root_installs_what_is_missing_with_one_update(fake_machine: FakeMachine) -> None:
    if os.geteuid() != 0:
        pytest.skip("the install branch runs as root")
    result = fake_machine.run("test")
    assert result.returncode == 0, result.stderr
    assert fake_machine.apt_calls() == ["update -qq", f"install -y -qq {' '.join(MISSING)}"]
    assert fake_machine.run("--check").returncode == 0


@pytest.mark.skipif(
    not FONTS_PRESENT or PANGO_MISSING, reason="fonts and Pango are looked for at their Debian path"
)
def test_nothing_missing_means_no_apt_call(fake_machine: FakeMachine) -> None:
    with fake_machine.languages.open("a") as languages:
        languages.write("kir\n")
    _executable(fake_machine.folder / "bin" / "chromium", "")
    _executable(fake_machine.folder / "bin" / "pdftotext", "")
    _executable(fake_machine.folder / "bin" / "sshd", "")
    result = fake_machine.run("test")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert fake_machine.apt_calls() == []


def test_root_reports_a_package_that_installed_but_does_not_answer(
    fake_machine: FakeMachine,
) -> None:
    if os.geteuid() != 0:
        pytest.skip("the install branch runs as root")
    _executable(fake_machine.folder / "bin" / "apt-get", f'echo "$*" >> "{fake_machine.apt_log}"\n')
    result = fake_machine.run("test")
    assert result.returncode == 1
    last = result.stderr.splitlines()[-1]
    assert last == f"still missing after apt-get install: {' '.join(MISSING)}"


def test_without_root_one_line_gives_the_command_to_run(fake_machine: FakeMachine) -> None:
    for path in [fake_machine.folder / "bin", *(fake_machine.folder / "bin").iterdir()]:
        path.chmod(path.stat().st_mode | stat.S_IROTH | stat.S_IXOTH)
    result = fake_machine.run("test", as_nobody=True)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "missing system packages for make test; install them with: "
        f"sudo apt-get install -y {' '.join(MISSING)}\n"
    )
    assert fake_machine.apt_calls() == []


def test_an_unknown_argument_is_one_line_and_changes_nothing(fake_machine: FakeMachine) -> None:
    result = fake_machine.run("--install-everything")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert fake_machine.apt_calls() == []
