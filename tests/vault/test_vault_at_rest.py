"""An encrypted archive's folder gives nothing away, and only its key opens it."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from typer.testing import CliRunner, Result

from docket.archive import Archive
from docket.cli.app import app
from docket.config import Settings
from docket.errors import DocketError
from docket.evidence.blobs import BlobStore
from docket.vault import header
from docket.vault.header import Argon2Cost, KeyFileSecret, Passphrase
from docket.vault.keyring import ArchiveKeys, WrongKey
from docket.vault.memory import ram_folder
from tests.conftest import new_database

# What a seized disk must not show: document text, a name in a record, a search term, a file's
# name and the SHA-256 of a document that someone else may hold (confirming that the archive has
# it).
DOCUMENT = "Kurmanbek Zhyldyzbekov was beaten in Bishkek detention centre on 14 March."
RUSSIAN = "Свидетель Жылдызбеков видел избиение в изоляторе."
MEMBER = "The zipped report names Qwertinov as the officer in charge."
RECORD_NAME = "Aibek Sultanbekovich"
SEARCH_TERM = "Zhyldyzbekov"
FILE_NAME = "zhyldyzbekov-statement.txt"
IMAGE_WORD = "PROSECUTORXQ"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _docket(env: dict[str, str], *args: str, code: int | None = 0) -> Result:
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def _evidence(folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    (folder / FILE_NAME).write_text(DOCUMENT + "\n", encoding="utf-8")
    (folder / "ru.txt").write_bytes((RUSSIAN + "\n").encode("cp1251"))
    with zipfile.ZipFile(folder / "bundle.zip", "w") as bundle:
        bundle.writestr("inner/report.txt", MEMBER)
    image = Image.new("RGB", (900, 160), "white")
    ImageDraw.Draw(image).text(
        (30, 40), IMAGE_WORD, fill="black", font=ImageFont.truetype(FONT, 72)
    )
    image.save(folder / "scan.png")
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def _secrets(originals: dict[str, bytes]) -> list[bytes]:
    texts = [DOCUMENT, "Zhyldyzbekov", "Жылдызбеков", "Qwertinov", RECORD_NAME, SEARCH_TERM]
    found = [t.encode("utf-8") for t in texts]
    found += [RUSSIAN.encode("cp1251"), "Жылдызбеков".encode("utf-16-le"), FILE_NAME.encode()]
    found += [IMAGE_WORD.encode()]
    for content in originals.values():
        digest = hashlib.sha256(content)
        found += [digest.hexdigest().encode(), digest.digest()]
    return found


def _all_bytes(home: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in home.rglob("*") if path.is_file()}


def _use_the_archive(env: dict[str, str], incoming: Path, init: list[str]) -> None:
    _docket(env, "init", *init)
    ingested = [
        json.loads(line)
        for line in _docket(env, "ingest", str(incoming), "--json").stdout.splitlines()
    ]
    assert {r["status"] for r in ingested} == {"new"}
    assert len(ingested) == 5  # four files and the zip's member
    _docket(env, "record", "add", "person", "--field", f"name={RECORD_NAME}", "--json")
    hits = json.loads(_docket(env, "search", SEARCH_TERM, "--json").stdout)
    assert len(hits) == 2
    assert [h["id"] for h in json.loads(_docket(env, "search", "Qwertinov", "--json").stdout)]
    scanned = [r["id"] for r in ingested if r["path"].endswith("scan.png")]
    shown = json.loads(_docket(env, "show", str(scanned[0]), "--json").stdout)
    assert IMAGE_WORD in shown["text"].replace(" ", "")
    assert "Intact" in _docket(env, "verify").stdout


@pytest.mark.parametrize("at_rest", ["plain", "encrypted"])
def test_the_folder_holds_no_plaintext_of_documents_names_or_search_terms(
    tmp_path: Path, at_rest: str
) -> None:
    originals = _evidence(tmp_path / "incoming")
    home = tmp_path / "archive"
    env = {"DOCKET_HOME": str(home), "DOCKET_ACTOR": "tester"}
    init = []
    if at_rest == "encrypted":
        env["DOCKET_KEY"] = base64.b64encode(os.urandom(32)).decode()
        init = ["--encrypt"]
    _use_the_archive(env, tmp_path / "incoming", init)
    files = _all_bytes(home)
    assert (home / "docket.sqlite3") in files
    leaks = [
        (path.relative_to(home), secret[:20])
        for path, content in files.items()
        for secret in _secrets(originals)
        if secret in content
    ]
    if at_rest == "plain":
        # The same search finds what a plain archive holds: the check itself works.
        assert len({secret for _, secret in leaks}) >= 8
    else:
        assert leaks == []
        assert (home / "vault.json").is_file()
        # Nothing the readers needed as files is left in memory's folders either.
        left = [p for p in ram_folder().rglob("*") if p.is_file()]
        assert not [p for p in left if any(s in p.read_bytes() for s in _secrets(originals))]


def _encrypted(tmp_path: Path, **unlock: str) -> tuple[dict[str, str], Path]:
    home = tmp_path / "archive"
    env = {"DOCKET_HOME": str(home), "DOCKET_ACTOR": "tester", **unlock}
    return env, home


def test_wrong_or_missing_key_is_one_clear_line(tmp_path: Path) -> None:
    key_file = tmp_path / "usb" / "docket.key"
    env, _ = _encrypted(tmp_path)
    _docket(env, "init", "--encrypt", "--key-file", str(key_file))
    assert key_file.is_file()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    note = tmp_path / "note.txt"
    note.write_text("a note", encoding="utf-8")
    ingested = _docket({**env, "DOCKET_KEY_FILE": str(key_file)}, "ingest", str(note))
    assert "1 new" in ingested.stderr + ingested.stdout

    answers = {
        "no key": _docket(env, "search", "x", code=2),
        "missing file": _docket(env, "--key-file", str(tmp_path / "gone.key"), "items", code=2),
        "wrong file": _docket(
            {**env, "DOCKET_KEY": base64.b64encode(os.urandom(32)).decode()}, "items", code=2
        ),
        "not a key": _docket({**env, "DOCKET_KEY": "hello"}, "items", code=2),
        "passphrase": _docket({**env, "DOCKET_PASSPHRASE": "a passphrase given"}, "items", code=2),
    }
    for answer in answers.values():
        assert len(answer.stderr.strip().splitlines()) == 1, answer.stderr
        assert "Traceback" not in answer.output
    assert "encrypted with a key file" in answers["no key"].stderr
    assert "gone.key not found" in answers["missing file"].stderr
    assert "does not unlock the archive" in answers["wrong file"].stderr
    assert "does not hold a Docket key" in answers["not a key"].stderr
    assert "unlocked with a key file, not a passphrase" in answers["passphrase"].stderr

    listed = _docket(env, "--key-file", str(key_file), "items")
    assert "note.txt" in listed.stdout


def test_a_passphrase_archive_opens_with_its_passphrase_only(tmp_path: Path) -> None:
    env, _ = _encrypted(tmp_path, DOCKET_PASSPHRASE="four words nobody guesses")
    _docket(env, "init", "--encrypt")
    assert "Intact" in _docket(env, "verify").stdout
    wrong = _docket({**env, "DOCKET_PASSPHRASE": "four words nobody guessed"}, "items", code=2)
    assert wrong.stderr.strip() == (
        f"error: wrong passphrase: it does not unlock the archive in {tmp_path / 'archive'}"
    )
    short = _docket(
        {**env, "DOCKET_HOME": str(tmp_path / "other"), "DOCKET_PASSPHRASE": "short"},
        "init",
        "--encrypt",
        code=2,
    )
    assert "at least 12 characters" in short.stderr


def test_the_header_decides_how_it_is_unlocked(tmp_path: Path) -> None:
    cheap = Argon2Cost(time_cost=1, memory_kib=8192, parallelism=1)
    made = header.create(tmp_path, Passphrase("one long passphrase"), cost=cheap)
    assert header.unlock(tmp_path, Passphrase("one long passphrase")) == made
    with pytest.raises(WrongKey, match="wrong passphrase"):
        header.unlock(tmp_path, Passphrase("another passphrase"))
    with pytest.raises(header.KeyMissing, match="unlocked with a passphrase, not a key file"):
        header.unlock(tmp_path, KeyFileSecret(os.urandom(32), "key file x"))
    with pytest.raises(DocketError, match="already encrypted"):
        header.create(tmp_path, Passphrase("one long passphrase"), cost=cheap)
    document = json.loads(header.header_path(tmp_path).read_text())
    assert document["kdf"] == "argon2id"
    assert made.archive_key not in header.header_path(tmp_path).read_bytes()


def test_the_database_without_its_header_says_what_is_gone(tmp_path: Path) -> None:
    env, home = _encrypted(tmp_path, DOCKET_KEY=base64.b64encode(os.urandom(32)).decode())
    _docket(env, "init", "--encrypt")
    (home / "vault.json").unlink()
    answer = _docket(env, "items", code=2)
    assert "is encrypted but its key header vault.json is gone" in answer.stderr


def test_the_signing_and_record_keys_lie_sealed(tmp_path: Path) -> None:
    env, home = _encrypted(tmp_path, DOCKET_KEY=base64.b64encode(os.urandom(32)).decode())
    _docket(env, "init", "--encrypt")
    _docket(env, "record", "add", "person", "--field", "name=A", "--field", "contact=+996 5")
    keys = home / "keys"
    assert not (keys / "records.key").exists()
    for name in ("archive-ed25519.pem", "records.key.sealed"):
        content = (keys / name).read_bytes()
        assert content.startswith(b"docket-sealed/1\n")
        assert b"PRIVATE KEY" not in content


def test_encryption_is_refused_for_a_server_database(tmp_path: Path) -> None:
    with new_database("postgresql", tmp_path) as url:
        settings = Settings.from_env(home=tmp_path / "archive", database_url=url)
        with pytest.raises(DocketError, match="encrypt the server's disk"):
            Archive.create(settings, encrypt_with=Passphrase("one long passphrase"))


def test_pdfs_are_read_in_process_and_by_worker_processes(tmp_path: Path) -> None:
    # More files than the pipeline reads alone, so worker processes read some of them too.
    incoming = tmp_path / "pdfs"
    incoming.mkdir()
    for n in range(34):
        pdf = FPDF()
        pdf.add_font("DejaVu", fname=FONT)
        pdf.set_font("DejaVu", size=12)
        pdf.add_page()
        pdf.cell(text=f"Protocol {n}: detainee Zzqxbaev was questioned.")
        pdf.output(str(incoming / f"protocol-{n:02}.pdf"))
    env, home = _encrypted(tmp_path, DOCKET_KEY=base64.b64encode(os.urandom(32)).decode())
    _docket(env, "init", "--encrypt")
    ingested = [
        json.loads(line)
        for line in _docket(
            env, "ingest", str(incoming), "--workers", "2", "--json"
        ).stdout.splitlines()
    ]
    assert len(ingested) == 34
    assert [r["notes"] for r in ingested if r["notes"]] == []
    hits = json.loads(_docket(env, "search", "Zzqxbaev", "--json", "--limit", "50").stdout)
    assert len(hits) == 34
    assert not [p for p in home.rglob("*") if p.is_file() and b"Zzqxbaev" in p.read_bytes()]


def test_the_plaintext_kept_for_readers_goes_as_soon_as_they_are_done(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs", ArchiveKeys(os.urandom(32)))
    store.create()
    source = tmp_path / FILE_NAME
    source.write_text(DOCUMENT, encoding="utf-8")
    staged = store.stage_file(source, keep_plain=True)
    plain = staged.readable_path
    assert plain.read_text(encoding="utf-8") == DOCUMENT
    assert ram_folder() in plain.parents
    staged.release_plain()
    assert not plain.exists()
    store.commit([staged])
    assert store.read_text(staged.stored.sha256) == DOCUMENT
