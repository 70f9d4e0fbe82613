"""Capturing pages into an archive, on SQLite and PostgreSQL: one item per link with its WACZ,
screenshot, PDF, metadata and text; re-captures linked; failures kept out whole."""

from __future__ import annotations

import dataclasses
import itertools
import json
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from docket.archive import Archive
from docket.capture import CaptureOptions, CaptureRequest, CaptureResult
from docket.door import Door
from docket.face import Provenance
from docket.model.access import Viewer
from tests.capture.site import Site


def _capture(
    door: Door, options: CaptureOptions, *urls: str, **given: object
) -> list[CaptureResult]:
    provenance = Provenance(**given)  # type: ignore[arg-type]
    return list(
        door.captures.capture(
            [CaptureRequest(url) for url in urls], provenance, options, politeness=0
        )
    )


def _count(archive: Archive) -> int:
    return len(archive.as_viewer(Viewer.owner()).items.ids())


def test_a_page_becomes_one_item_with_its_renditions(
    archive: Archive, site: Site, options: CaptureOptions
) -> None:
    door = archive.as_viewer(Viewer.owner("Aigul"))
    [result] = _capture(door, options, site.url("/moved"), note="from the newsroom")
    assert result.status == "new", result.error
    assert result.kind == "page"
    assert result.http_status == 200
    assert result.final_url == site.url("/en")
    assert result.earlier_id is None

    view = door.items.show(result.id or 0)
    item = view.item
    assert item["media_type"] == "application/wacz"
    assert item["source_url"] == site.url("/moved")
    assert item["title"] == "Twelve protesters detained in Bishkek"
    assert item["author"] == "Jane Roe"
    assert item["published"] == "2026-11-02"
    assert item["language"] == "en"
    assert item["notes"] == "from the newsroom"
    assert item["original_name"].endswith(".wacz")
    kinds = [r["kind"] for r in view.renditions]
    assert kinds == ["screenshot", "pdf", "capture", "text"]
    assert [e.action for e in view.history] == [
        "received",
        "rendition_derived",
        "rendition_derived",
        "rendition_derived",
        "text_derived",
    ]
    assert all(e.actor == "Aigul" for e in view.history)
    assert "twelve protesters" in door.items.text(result.id or 0)
    assert "Home | News" not in door.items.text(result.id or 0)

    blobs = archive.kernel.blobs
    by_kind = {r["kind"]: r for r in view.renditions}
    assert blobs.path_of(by_kind["screenshot"]["sha256"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert blobs.path_of(by_kind["pdf"]["sha256"]).read_bytes()[:5] == b"%PDF-"
    metadata = json.loads(blobs.path_of(by_kind["capture"]["sha256"]).read_bytes())
    assert metadata["url"] == site.url("/moved")
    assert metadata["final_url"] == site.url("/en")
    assert metadata["redirects"] == [site.url("/moved")]
    assert metadata["status"] == 200
    assert metadata["headers"]["content-type"].startswith("text/html")
    assert metadata["captured_at"].endswith("Z")
    assert metadata["browser"].startswith("Chromium ")
    assert metadata["tool"] == "docket"
    received = view.history[0].data
    assert received["capture"]["final_url"] == site.url("/en")

    # The WACZ holds every request and response, the index and a hashed datapackage.
    with zipfile.ZipFile(door.items.original(result.id or 0)) as wacz:
        names = set(wacz.namelist())
        assert {
            "archive/data.warc.gz",
            "indexes/index.cdx",
            "pages/pages.jsonl",
            "datapackage.json",
            "datapackage-digest.json",
        } <= names
        package = json.loads(wacz.read("datapackage.json"))
        assert package["mainPageUrl"] == site.url("/en")
        import hashlib

        for resource in package["resources"]:
            data = wacz.read(resource["path"])
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
            assert resource["bytes"] == len(data)
        index = wacz.read("indexes/index.cdx").decode().splitlines()
        assert any(site.url("/image.png") in line for line in index)
        assert wacz.getinfo("archive/data.warc.gz").compress_type == zipfile.ZIP_STORED
        with wacz.open("archive/data.warc.gz") as warc:
            records = [
                (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.http_headers)
                for r in ArchiveIterator(warc)
            ]
    responses = {uri: headers for kind, uri, headers in records if kind == "response"}
    assert responses[site.url("/moved")].get_statuscode() == "301"
    assert responses[site.url("/en")].get_statuscode() == "200"
    assert site.url("/image.png") in responses
    assert sum(1 for kind, _, _ in records if kind == "request") == len(responses)

    assert list(archive.verify()) == []
    assert door.items.verify(result.id or 0) == []
    hits = door.items.search("protesters")
    assert [hit.item_id for hit in hits] == [result.id]

    # Every rendition is held to its hash: a screenshot retouched on disk is found.
    shot = blobs.path_of(by_kind["screenshot"]["sha256"])
    shot.chmod(0o644)
    shot.write_bytes(shot.read_bytes()[:-10])
    problems = [str(problem) for problem in archive.verify()]
    assert any(f"item {result.id}: stored file" in p and "changed" in p for p in problems)


def test_pages_in_russian_and_kyrgyz_are_searchable(
    archive: Archive, site: Site, options: CaptureOptions
) -> None:
    door = archive.as_viewer(Viewer.owner())
    results = _capture(door, options, site.url("/ru"), site.url("/ky"))
    by_url = {r.url: r for r in results}
    assert {r.status for r in results} == {"new"}
    ru = door.items.get(by_url[site.url("/ru")].id or 0)
    ky = door.items.get(by_url[site.url("/ky")].id or 0)
    assert ru["title"] == "В Бишкеке задержаны двенадцать протестующих"
    assert ru["author"] == "Айгуль Асанова"
    assert ky["title"] == "Бишкекте он эки нааразы адам кармалды"
    assert ky["language"] in ("ky", "kk", "ru")
    assert [h.item_id for h in door.items.search("дубинки")] == [ru["id"]]
    assert [h.item_id for h in door.items.search("таяк")] == [ky["id"]]


def test_a_recapture_is_a_new_item_linked_to_the_earlier_with_its_changes(
    archive: Archive, site: Site, options: CaptureOptions
) -> None:
    door = archive.as_viewer(Viewer.owner())
    site.version[0] = 1
    [first] = _capture(door, options, site.url("/changing"))
    site.version[0] = 2
    [second] = _capture(door, options, site.url("/changing"))
    assert first.status == second.status == "new"
    assert second.id != first.id
    assert second.earlier_id == first.id
    assert door.captures.earlier(second.id or 0) == first.id
    assert door.captures.earlier(first.id or 0) is None
    changes = door.captures.changes(second.id or 0)
    assert changes is not None
    assert changes.earlier_id == first.id
    assert changes.added == 1 and changes.removed == 1
    assert any(line.startswith("-") and "rose to 15" in line for line in changes.lines)
    assert any(line.startswith("+") and "rose to 20" in line for line in changes.lines)
    assert door.captures.changes(first.id or 0) is None


def test_an_earlier_capture_hidden_from_the_viewer_is_not_linked(
    archive: Archive, site: Site, options: CaptureOptions
) -> None:
    owner = archive.as_viewer(Viewer.owner())
    [secret] = _capture(owner, options, site.url("/ru"), confidentiality="restricted")
    [public] = _capture(owner, options, site.url("/ru"))
    assert public.earlier_id == secret.id
    viewer = archive.as_viewer(Viewer.as_role("viewer"))
    assert viewer.captures.earlier(public.id or 0) is None
    assert viewer.captures.changes(public.id or 0) is None


def test_errors_and_statuses_are_reported_and_the_batch_goes_on(
    archive: Archive, site: Site, options: CaptureOptions
) -> None:
    door = archive.as_viewer(Viewer.owner())
    strict = dataclasses.replace(options, max_redirects=5)
    results = {
        r.url: r
        for r in _capture(
            door,
            strict,
            site.url("/missing"),
            site.url("/broken"),
            site.url("/loop-a"),
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,hello",
            "http://127.0.0.1:1/",
            "http://localhost:8080/",
            site.url("/en"),
        )
    }
    missing, broken = results[site.url("/missing")], results[site.url("/broken")]
    assert missing.status == "new" and missing.http_status == 404
    assert "HTTP 404" in missing.notes[0]
    assert broken.status == "new" and broken.http_status == 500
    loop = results[site.url("/loop-a")]
    assert loop.status == "error"
    assert "redirect" in (loop.error or "")
    for scheme in ("file:///etc/passwd", "javascript:alert(1)", "data:text/html,hello"):
        refused = results[scheme]
        assert refused.status == "error"
        assert "only http and https" in (refused.error or "")
    assert "private or local" in (results["http://127.0.0.1:1/"].error or "")
    assert "local name" in (results["http://localhost:8080/"].error or "")
    assert results[site.url("/en")].status == "new"
    assert _count(archive) == 3
    assert list(archive.verify()) == []


def test_time_and_size_limits_keep_nothing(
    archive: Archive, site: Site, options: CaptureOptions
) -> None:
    door = archive.as_viewer(Viewer.owner())
    quick = dataclasses.replace(options, timeout=3)
    [slow] = _capture(door, quick, site.url("/slow"))
    assert slow.status == "error"
    assert "time limit" in (slow.error or "") or "within 3 s" in (slow.error or "")
    small = dataclasses.replace(options, max_size=1 << 20)
    [huge] = _capture(door, small, site.url("/huge"))
    assert huge.status == "error"
    assert huge.error == "the page is larger than the size limit of 1,048,576 bytes"
    assert _count(archive) == 0
    assert list(archive.verify()) == []


def test_a_refused_host_is_never_asked(archive: Archive, site: Site) -> None:
    door = archive.as_viewer(Viewer.owner())
    before = dict(site.hits)
    [result] = _capture(door, CaptureOptions(timeout=10), site.url("/en"))
    assert result.status == "error"
    assert "private or local address" in (result.error or "")
    assert site.hits == before


def test_subresources_into_private_networks_are_not_fetched(
    archive: Archive, site: Site, options: CaptureOptions
) -> None:
    door = archive.as_viewer(Viewer.owner())
    [result] = _capture(door, options, site.url("/elsewhere"))
    assert result.status == "new"
    assert any("127.0.0.2" in note and "private or local" in note for note in result.notes)
    with zipfile.ZipFile(door.items.original(result.id or 0)) as wacz:
        assert "127.0.0.2" not in wacz.read("indexes/index.cdx").decode()


def test_non_html_answers_are_kept_as_files(
    archive: Archive, site: Site, options: CaptureOptions
) -> None:
    door = archive.as_viewer(Viewer.owner())
    results = {
        r.url: r for r in _capture(door, options, site.url("/image.png"), site.url("/video.mp4"))
    }
    image, video = results[site.url("/image.png")], results[site.url("/video.mp4")]
    assert image.status == video.status == "new"
    assert image.kind == video.kind == "file"
    assert door.items.get(image.id or 0)["media_type"] == "image/png"
    assert door.items.get(video.id or 0)["media_type"].startswith("video/")
    assert door.items.get(video.id or 0)["original_name"] == "video.mp4"
    view = door.items.show(video.id or 0)
    assert "capture" in [r["kind"] for r in view.renditions]
    assert view.history[0].data["capture"]["headers"]["content-type"] == "video/mp4"
    assert list(archive.verify()) == []


def test_only_writers_capture(archive: Archive, site: Site, options: CaptureOptions) -> None:
    from docket.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        _capture(archive.as_viewer(Viewer.as_role("analyst")), options, site.url("/en"))
    assert _count(archive) == 0


def test_a_certificate_no_one_vouches_for_is_a_tls_error(archive: Archive, tmp_path: Path) -> None:
    from tests.capture.site import serve_tls

    door = archive.as_viewer(Viewer.owner())
    with serve_tls(tmp_path) as secure:
        options = CaptureOptions(private_hosts=(secure.host,), timeout=10)
        [result] = _capture(door, options, secure.url("/en"))
    assert result.status == "error"
    assert (result.error or "").startswith("TLS error")
    assert _count(archive) == 0


def test_media_on_a_page_are_kept_as_items_below_it_and_failures_noted(
    archive: Archive, site: Site, options: CaptureOptions
) -> None:
    door = archive.as_viewer(Viewer.owner())
    [result] = _capture(door, options, site.url("/with-video"))
    assert result.status == "new", result.error
    [video_id] = result.media_ids
    video = door.items.get(video_id)
    assert video["parent_id"] == result.id
    assert video["source_url"] == site.url("/video.mp4")
    assert video["media_type"].startswith("video/")
    view = door.items.show(video_id)
    kinds = [r["kind"] for r in view.renditions]
    assert kinds == ["media-metadata", "capture"]
    info = json.loads(archive.kernel.blobs.path_of(view.renditions[0]["sha256"]).read_bytes())
    assert info["extractor"] == "generic"
    assert info["original_url"] == site.url("/video.mp4")
    assert any(note.startswith(f"media {site.url('/gone.mp4')}: not kept") for note in result.notes)
    page = door.items.show(result.id or 0)
    assert page.children == [video_id]
    metadata = page.history[0].data["capture"]
    assert [m["url"] for m in metadata["media"]] == [site.url("/video.mp4"), site.url("/gone.mp4")]
    assert metadata["media"][1]["error"]
    assert list(archive.verify()) == []

    # The same video again is no second copy: a new sighting of the item that holds it.
    [again] = _capture(door, options, site.url("/with-video"))
    assert again.media_ids == (video_id,)
    actions = [e.action for e in door.items.show(video_id).history]
    assert actions[-1] == "seen_again"


def test_a_dropped_connection_is_tried_again(
    archive: Archive, site: Site, options: CaptureOptions
) -> None:
    door = archive.as_viewer(Viewer.owner())
    site.hits.pop("/flaky", None)
    [result] = _capture(door, options, site.url("/flaky"))
    assert result.status == "new", result.error
    assert result.attempts == 2
    assert site.hits["/flaky"] == 2
    site.hits.pop("/flaky", None)
    [once] = list(
        door.captures.capture(
            [CaptureRequest(site.url("/flaky"))], Provenance(), options, politeness=0, retries=0
        )
    )
    assert once.status == "error"
    assert once.error == "the connection was closed by the host"


def test_captures_of_one_host_are_spaced_apart(
    archive: Archive, site: Site, options: CaptureOptions
) -> None:
    door = archive.as_viewer(Viewer.owner())
    site.arrivals.clear()
    pages = ("/en", "/ru", "/ky")
    results = list(
        door.captures.capture(
            [CaptureRequest(site.url(path)) for path in pages],
            Provenance(),
            options,
            concurrency=3,
            politeness=1.5,
        )
    )
    assert {r.status for r in results} == {"new"}
    # Three browsers were free, yet the host saw the pages one and a half seconds apart.
    starts = sorted(at for path, at in site.arrivals if path in pages)
    assert len(starts) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert all(gap >= 1.5 for gap in gaps), gaps


def test_redirects_into_private_networks_and_oversized_files_are_refused(
    archive: Archive, site: Site, options: CaptureOptions
) -> None:
    door = archive.as_viewer(Viewer.owner())
    [inside] = _capture(door, options, site.url("/to-private"))
    assert inside.status == "error"
    assert inside.error == (
        "http://127.0.0.2:9/inside: 127.0.0.2: a private or local address is not captured"
    )
    small = dataclasses.replace(options, max_size=1000)
    [video] = _capture(door, small, site.url("/video.mp4"))
    assert video.status == "error"
    assert video.error == "the page is larger than the size limit of 1,000 bytes"
    assert _count(archive) == 0
