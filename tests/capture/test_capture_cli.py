"""``docket capture`` end to end, on SQLite and PostgreSQL, against the suite's own web site.

Every capture of the test site passes ``--allow-private``: the site is on 127.0.0.1, which a
capture refuses unless told otherwise."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from docket.config import Settings
from tests.capture.site import Site
from tests.e2e.conftest import Run, json_lines


def test_capture_show_search_verify_and_export(
    run: Run, site: Site, settings: Settings, tmp_path: Path
) -> None:
    run("init")
    results = json_lines(
        run("capture", site.url("/en"), "--allow-private", "--note", "tip from a reader", "--json")
    )
    [page] = results
    assert page["status"] == "new" and page["kind"] == "page" and page["http_status"] == 200
    shown = json.loads(run("show", str(page["id"]), "--json").stdout)
    assert shown["item"]["media_type"] == "application/wacz"
    assert shown["item"]["notes"] == "tip from a reader"
    assert [r["kind"] for r in shown["renditions"]] == ["screenshot", "pdf", "capture", "text"]
    assert "twelve protesters" in shown["text"]
    hits = json.loads(run("search", "batons", "--json").stdout)
    assert [h["id"] for h in hits] == [page["id"]]
    assert "Intact" in run("verify").stdout

    bag = tmp_path / "bag"
    run("export", "bag", str(bag), "--item", str(page["id"]))
    [wacz] = (bag / "data" / "items" / str(page["id"]) / "original").iterdir()
    assert wacz.suffix == ".wacz"
    with zipfile.ZipFile(wacz) as archive:
        assert "archive/data.warc.gz" in archive.namelist()
    kept = sorted(p.name.split("-", 1)[1] for p in (wacz.parent.parent / "renditions").iterdir())
    assert kept == ["capture", "pdf", "screenshot"]
    run("verify-bag", str(bag))

    # A WACZ changed on disk after capture is found by verify.
    stored = settings.home / "blobs" / page["sha256"][:2] / page["sha256"][2:4] / page["sha256"]
    stored.chmod(0o644)
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0xFF
    stored.write_bytes(bytes(data))
    lines = run("verify", code=1).stdout.splitlines()
    assert any(f"item {page['id']}" in line and "changed on disk" in line for line in lines)


def test_capture_from_a_list_reports_each_failure_and_goes_on(
    run: Run, site: Site, tmp_path: Path
) -> None:
    run("init")
    links = tmp_path / "links.csv"
    links.write_text(
        "url,note\n"
        f"{site.url('/ru')},канал в Telegram\n"
        f"{site.url('/loop-a')},\n"
        "file:///etc/passwd,\n"
        f"{site.url('/video.mp4')},video from the square\n"
        f"{site.url('/broken')},\n",
        encoding="utf-8",
    )
    result = run("capture", "--from", str(links), "--allow-private", "--concurrency", "2", code=1)
    assert "3 captured, 2 not captured" in result.stderr
    assert f"{site.url('/loop-a')}: more than 10 redirects" in result.stderr
    assert "file:///etc/passwd: file: links are not captured; only http and https" in result.stderr
    assert "HTTP 500" in result.stderr
    assert "video.mp4" in result.stdout and "file" in result.stdout
    listed = json.loads(run("search", "дубинки", "--json").stdout)
    assert len(listed) == 1
    shown = json.loads(run("show", str(listed[0]["id"]), "--json").stdout)
    assert shown["item"]["notes"] == "канал в Telegram"


def test_capture_refuses_private_addresses_by_default_and_bad_options(run: Run, site: Site) -> None:
    run("init")
    before = dict(site.hits)
    result = run("capture", site.url("/en"), code=1)
    assert "a private or local address is not captured" in result.stderr
    assert site.hits == before
    result = run("capture", site.url("/en"), "--proxy", "tor", code=2)
    assert "proxy must start with" in result.stderr
    result = run("capture", code=2)
    assert "no links given" in result.stderr


def test_a_recapture_names_the_earlier_one(run: Run, site: Site) -> None:
    run("init")
    [first] = json_lines(run("capture", site.url("/changing"), "--allow-private", "--json"))
    site.version[0] += 1
    [second] = json_lines(run("capture", site.url("/changing"), "--allow-private", "--json"))
    assert second["earlier"] == first["id"]
    result = run("capture", site.url("/changing"), "--allow-private")
    assert f"earlier capture: item {second['id']}" in result.stdout
