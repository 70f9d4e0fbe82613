"""End-to-end: init, ingest, show, search, verify, checkpoint, bags — on both databases."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from sqlalchemy import create_engine, text

from docket.config import Settings
from tests.e2e.conftest import Run, json_lines


def _sql(settings: Settings, statement: str, **params: object) -> None:
    engine = create_engine(settings.database_url)
    with engine.begin() as connection:
        connection.execute(text(statement), params)
    engine.dispose()


def test_ingest_show_search_verify(run: Run, documents: Path) -> None:
    run("init")
    results = json_lines(run("ingest", str(documents), "--json", "--collected-by", "Aigul"))
    assert {r["status"] for r in results} == {"new"}
    assert len(results) == 4
    assert all(len(r["sha256"]) == 64 for r in results)
    assert all(r["error"] is None for r in results)

    by_name = {Path(r["path"]).name: r for r in results}
    shown = json.loads(run("show", str(by_name["ru.txt"]["id"]), "--json").stdout)
    assert shown["item"]["language"] == "ru"
    assert shown["item"]["collected_by"] == "Aigul"
    assert shown["item"]["collected_at"].endswith("Z")
    assert "Атамбаев" in shown["text"]
    assert [e["action"] for e in shown["custody"]] == ["received", "text_derived"]
    assert shown["renditions"][0]["tool"]

    hits = json.loads(run("search", "Атамбаев", "--json").stdout)
    assert {h["id"] for h in hits} == {
        by_name[n]["id"] for n in ("statement.txt", "ru.txt", "ky.txt")
    }
    assert all(set(h) == {"id", "title", "score", "snippet"} for h in hits)
    assert any("**" in h["snippet"] for h in hits)
    hits = json.loads(run("search", "Junushaliev", "--json").stdout)
    assert [h["id"] for h in hits] == [by_name["page.html"]["id"]]
    assert hits[0]["title"] == "Village operation"
    hits = json.loads(run("search", "Атамбаев", "--language", "ky", "--json").stdout)
    assert [h["id"] for h in hits] == [by_name["ky.txt"]["id"]]

    verified = run("verify")
    assert "Intact" in verified.stdout


def test_same_bytes_twice_is_one_item_seen_again(run: Run, documents: Path) -> None:
    run("init")
    first = json_lines(run("ingest", str(documents / "statement.txt"), "--json"))
    again = json_lines(
        run(
            "ingest",
            str(documents / "statement.txt"),
            "--json",
            "--source-url",
            "https://example.org/copy",
        )
    )
    assert again[0]["status"] == "duplicate"
    assert again[0]["id"] == first[0]["id"]
    shown = json.loads(run("show", str(first[0]["id"]), "--json").stdout)
    seen = [e for e in shown["custody"] if e["action"] == "seen_again"]
    assert seen
    assert seen[0]["payload"]["provenance"]["source_url"] == "https://example.org/copy"
    run("verify")


def test_bad_inputs_get_one_line_each_and_the_batch_goes_on(
    run: Run, documents: Path, tmp_path: Path
) -> None:
    run("init")
    (documents / "empty.txt").write_bytes(b"")
    (documents / "garbage.pdf").write_bytes(bytes(range(256)) * 40)
    (documents / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    outside = tmp_path / "outside.txt"
    outside.write_text("not to be followed")
    (documents / "link.txt").symlink_to(outside)
    with zipfile.ZipFile(documents / "evil.zip", "w") as archive_file:
        archive_file.writestr("../../escape.txt", "escape attempt")
        archive_file.writestr("/etc/absolute.txt", "absolute path")
        archive_file.writestr("fine/ok.txt", "a harmless member about Japarov")
    result = run("ingest", str(documents), "--json", code=1)
    by_name = {r["path"].split("/")[-1]: r for r in json_lines(result)}
    assert by_name["empty.txt"]["status"] == "error"
    assert by_name["link.txt"]["status"] == "error"
    assert "symbolic link" in by_name["link.txt"]["error"]
    # Damaged or unreadable files are still evidence: kept, flagged, not read.
    assert by_name["garbage.pdf"]["status"] == "new"
    assert by_name["garbage.pdf"]["notes"]
    assert by_name["truncated.pdf"]["status"] == "new"
    members = [r for r in json_lines(result) if "evil.zip!" in r["path"]]
    assert sorted(r["status"] for r in members) == ["error", "error", "new"]
    assert all("\n" not in (r["error"] or "") for r in json_lines(result))
    assert not (tmp_path / "escape.txt").exists()
    hits = json.loads(run("search", "Zhaparov", "--json").stdout)
    assert len(hits) == 1
    run("verify")


def test_metadata_edit_is_logged_and_unlogged_change_is_caught(
    run: Run, documents: Path, settings: Settings
) -> None:
    run("init")
    item = json_lines(run("ingest", str(documents / "statement.txt"), "--json"))[0]["id"]
    run("edit", str(item), "--title", "Statement of A.", "--reason", "title from cover letter")
    shown = json.loads(run("show", str(item), "--json").stdout)
    edit = shown["custody"][-1]
    assert edit["action"] == "metadata_edited"
    assert edit["payload"]["changes"]["title"] == {"old": None, "new": "Statement of A."}
    run("verify")
    _sql(settings, "UPDATE items SET title = 'forged' WHERE id = :id", id=item)
    problems = run("verify", code=1).stdout
    assert f"item {item}: title changed outside the chain of custody" in problems


def test_verify_reports_changed_and_missing_blobs(
    run: Run, documents: Path, settings: Settings
) -> None:
    run("init")
    items = json_lines(run("ingest", str(documents / "reports"), "--json"))
    changed, missing = (
        settings.home / "blobs" / r["sha256"][:2] / r["sha256"][2:4] / r["sha256"]
        for r in items[:2]
    )
    changed.chmod(0o644)
    changed.write_bytes(b"altered")
    missing.chmod(0o644)
    missing.unlink()
    lines = run("verify", code=1).stdout.splitlines()
    assert any(f"item {items[0]['id']}" in line and "changed" in line for line in lines)
    assert any(f"item {items[1]['id']}" in line and "missing" in line for line in lines)


def test_verify_reports_log_rows_edited_deleted_and_inserted(
    run: Run, documents: Path, settings: Settings
) -> None:
    run("init")
    run("ingest", str(documents), "--json")
    _sql(settings, "UPDATE custody SET actor = 'mallory' WHERE seq = 3")
    _sql(settings, "DELETE FROM custody WHERE seq = 5")
    lines = run("verify", code=1).stdout
    assert "custody entry 3 was altered" in lines
    assert "custody entry 5 is missing" in lines
    last = "(SELECT max(id) FROM items)"
    _sql(settings, f"DELETE FROM renditions WHERE item_id = {last}")
    if not settings.is_sqlite:
        _sql(settings, f"DELETE FROM item_search WHERE item_id = {last}")
    _sql(settings, f"DELETE FROM items WHERE id = {last}")
    assert "in the custody log but not in the archive" in run("verify", code=1).stdout


def test_outside_checkpoint_catches_rewritten_history(
    run: Run, documents: Path, settings: Settings, tmp_path: Path
) -> None:
    """Someone with the key and the database rewrites history and re-signs it."""
    from docket.archive import Archive
    from docket.db.schema import chain_head, checkpoints, custody
    from docket.evidence.custody import entry_hash

    run("init")
    run("ingest", str(documents), "--json")
    head_file = tmp_path / "head.txt"
    run("checkpoint", "--output", str(head_file))
    run("verify", "--against", str(head_file))

    archive = Archive.open(settings)
    with archive.kernel.engine.begin() as connection:
        rows = connection.execute(custody.select().order_by(custody.c.seq)).all()
        connection.execute(checkpoints.delete())
        previous = None
        for row in rows:
            values = row._asdict()
            if values["seq"] == 3:
                values["actor"] = "rewritten"
            if previous is not None:
                values["prev_hash"] = previous
            values["hash"] = entry_hash(
                values["seq"],
                values["at"],
                values["actor"],
                values["action"],
                values["subject"],
                values["payload"],
                values["prev_hash"],
            )
            connection.execute(custody.update().where(custody.c.seq == row.seq).values(values))
            previous = values["hash"]
        connection.execute(chain_head.update().values(hash=previous))
    archive.checkpoint()
    archive.close()
    assert "Intact" in run("verify").stdout  # internally consistent: re-signed with the key
    result = run("verify", "--against", str(head_file), code=1)
    assert "was rewritten since the outside checkpoint" in result.stdout


def test_bag_export_verifies_without_the_archive_and_detects_tampering(
    run: Run, documents: Path, settings: Settings, tmp_path: Path
) -> None:
    run("init")
    items = json_lines(run("ingest", str(documents), "--json"))
    bag = tmp_path / "bag"
    run("export", "bag", str(bag), "--query", "Atambaev")
    assert (bag / "bagit.txt").exists()
    assert (bag / "data" / "README.txt").exists()
    exported = sorted(int(p.name) for p in (bag / "data" / "items").iterdir())
    assert len(exported) == 3
    history = json.loads(run("show", str(exported[0]), "--json").stdout)["custody"]
    assert history[-1]["action"] == "exported"

    # Verifying needs nothing from the archive.
    import shutil

    shutil.rmtree(settings.home)
    if not settings.is_sqlite:
        _sql(settings, "DROP TABLE custody")
    assert "Intact" in run("verify-bag", str(bag)).stdout

    original = next((bag / "data" / "items" / str(exported[0]) / "original").iterdir())
    original.write_bytes(b"swapped evidence")
    assert "bag is not valid" in run("verify-bag", str(bag), code=1).stdout
    assert items


def test_errors_are_one_line_without_traceback(run: Run, tmp_path: Path) -> None:
    result = run("show", "1", code=2)
    assert "error:" in result.stderr
    assert "docket init" in result.stderr
    assert "Traceback" not in result.output
    run("init")
    result = run("init", code=2)
    assert result.stderr.count("\n") == 1
    result = run("show", "999", code=2)
    assert "no item 999" in result.stderr
    result = run("search", "  ", code=2)
    assert result.stderr.startswith("error:")


def test_sqlite_archive_runs_in_wal_mode(tmp_path: Path) -> None:
    from docket.archive import Archive

    settings = Settings.from_env(home=tmp_path / "a", database_url="")
    Archive.create(settings).close()
    with sqlite3.connect(settings.home / "docket.sqlite3") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_hostile_bag_gets_one_line_answers_not_a_crash(
    run: Run, documents: Path, tmp_path: Path
) -> None:
    import bagit

    run("init")
    run("ingest", str(documents), "--json")
    bag = tmp_path / "bag"
    run("export", "bag", str(bag), "--query", "Japarov OR Atambaev")
    entries = bag / "data" / "custody" / "entries.jsonl"
    entries.write_text('{"seq": "x"}\n[1, 2]\n{"payload": null}\n', encoding="utf-8")
    metadata = next((bag / "data" / "items").iterdir()) / "metadata.json"
    metadata.write_text("[]", encoding="utf-8")
    bagit.Bag(str(bag)).save(manifests=True)  # a forger re-makes the manifests
    result = run("verify-bag", str(bag), code=1)
    assert "Traceback" not in result.output
    assert "malformed" in result.stdout


def test_a_forged_original_is_caught_even_with_remade_manifests(
    run: Run, documents: Path, tmp_path: Path
) -> None:
    import bagit

    run("init")
    run("ingest", str(documents), "--json")
    bag = tmp_path / "bag"
    run("export", "bag", str(bag), "--query", "Atambaev")
    folder = next((bag / "data" / "items").iterdir())
    original = next((folder / "original").iterdir())
    original.write_bytes(b"a different statement")
    bagit.Bag(str(bag)).save(manifests=True)
    result = run("verify-bag", str(bag), code=1)
    assert f"item {folder.name}: the original does not match" in result.stdout


def test_an_entry_altered_with_chain_tsv_rewritten_to_fit_is_caught(
    run: Run, documents: Path, tmp_path: Path
) -> None:
    """chain.tsv lists other items' entries by hash alone, so their previous hash cannot be
    recomputed from the bag: a forger who alters a packaged entry and rewrites the next row to
    fit would leave an unbroken chain. The archive's signature over chain.tsv stops that."""
    import bagit

    from docket.evidence.custody import entry_hash

    run("init")
    run("ingest", str(documents), "--json")
    bag = tmp_path / "bag"
    run("export", "bag", str(bag), "--query", "Atambaev")
    custody_folder = bag / "data" / "custody"
    entries = [
        json.loads(line)
        for line in (custody_folder / "entries.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    rows = [line.split("\t") for line in (custody_folder / "chain.tsv").read_text().splitlines()]
    packaged = {entry["seq"] for entry in entries}
    # A packaged entry followed by an entry of another item, which the bag lists by hash only.
    victim = next(e for e in entries if e["seq"] + 1 not in packaged and e["seq"] < len(rows))
    victim["at"] = "2020-01-01T00:00:00.000000Z"  # backdated
    victim["hash"] = entry_hash(
        victim["seq"],
        victim["at"],
        victim["actor"],
        victim["action"],
        victim["subject"],
        json.dumps(victim["payload"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        if not isinstance(victim["payload"], str)
        else victim["payload"],
        victim["prev_hash"],
    )
    rows[victim["seq"] - 1][2] = victim["hash"]
    rows[victim["seq"]][1] = victim["hash"]
    (custody_folder / "entries.jsonl").write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8"
    )
    (custody_folder / "chain.tsv").write_text("".join("\t".join(r) + "\n" for r in rows))
    bagit.Bag(str(bag)).save(manifests=True)

    result = run("verify-bag", str(bag), code=1)
    assert result.stdout.count("chain.tsv is not the chain the archive signed") == 1
    assert "custody entry" not in result.stdout  # the forgery is otherwise self-consistent

    # Nor can the forger drop the signature: a package without one is not trusted.
    (custody_folder / "chain.sig").unlink()
    bagit.Bag(str(bag)).save(manifests=True)
    assert "custody/chain.sig is missing" in run("verify-bag", str(bag), code=1).stdout
