"""Capturing links: pages through Chromium into WACZ items, other answers as file items.

Pages are visited by worker threads (each with its own browser, at most ``concurrency`` at a
time, one visit at a time per host, spaced by ``politeness`` seconds); everything is stored by
the calling thread, one capture per transaction, so a failed link costs only itself.
"""

from __future__ import annotations

import contextlib
import json
import queue
import shutil
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from sqlalchemy.exc import SQLAlchemyError

from docket import __version__
from docket.capture.address import CaptureRefused, check_host, check_url
from docket.capture.keep import (
    CAPTURE_METADATA,
    MEDIA_METADATA,
    PDF_PRINT,
    SCREENSHOT,
    Kept,
    Rendition,
    earlier_capture,
    existing_item,
    keep,
    seen_again,
)
from docket.capture.media import (
    MAX_MEDIA,
    MediaFailure,
    MediaFile,
    fetch_media,
    info_json,
    is_platform_page,
    media_links,
)
from docket.capture.options import CaptureOptions
from docket.capture.visit import CaptureFailed, FileVisit, PageVisit, Visit, as_dict, host_of
from docket.capture.wacz import MEDIA_TYPE as WACZ_TYPE
from docket.capture.wacz import Page, write_wacz
from docket.capture.warc import timestamp14
from docket.errors import DocketError
from docket.ingest.filenames import clean_name
from docket.ingest.mediatype import sniff_media_type
from docket.ingest.provenance import Provenance
from docket.ingest.reading import read
from docket.kernel import Kernel
from docket.model.access import Visibility

SOFTWARE: Final = f"Docket {__version__}"
# Failures worth another try: the network or the site, not the link.
_TRANSIENT: Final = ("time limit", "closed by the host", "unreachable", "did not finish loading")


@dataclass(frozen=True)
class CaptureRequest:
    """One link to capture, with the note that came with it (a CSV's second column)."""

    url: str
    note: str | None = None


@dataclass(frozen=True)
class CaptureResult:
    """The outcome for one link: ``new`` (kept as an item) or ``error`` (nothing kept)."""

    url: str
    status: str
    id: int | None = None
    sha256: str | None = None
    kind: str | None = None
    http_status: int | None = None
    final_url: str | None = None
    earlier_id: int | None = None
    error: str | None = None
    notes: tuple[str, ...] = ()
    attempts: int = 1
    media_ids: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "status": self.status,
            "id": self.id,
            "sha256": self.sha256,
            "kind": self.kind,
            "http_status": self.http_status,
            "final_url": self.final_url,
            "earlier": self.earlier_id,
            "error": self.error,
            "notes": list(self.notes),
            "attempts": self.attempts,
            "media": list(self.media_ids),
        }


@dataclass
class _Prepared:
    """A visit made ready to keep: its files in ``workdir``."""

    request: CaptureRequest
    visit: Visit
    workdir: Path
    browser: str
    original: Path
    attempts: int
    blocked: list[str] = field(default_factory=list)
    media: list[MediaFile] = field(default_factory=list)
    failures: list[MediaFailure] = field(default_factory=list)


@dataclass(frozen=True)
class _Stored:
    item_id: int
    sha256: str
    duplicate: bool = False
    notes: tuple[str, ...] = ()


@dataclass
class _Failed:
    request: CaptureRequest
    error: str
    attempts: int


class Capturer:
    """Captures links into one archive on behalf of ``actor``."""

    def __init__(
        self, kernel: Kernel, actor: str, visibility: Visibility, options: CaptureOptions
    ) -> None:
        self.kernel = kernel
        self.actor = actor
        self.visibility = visibility
        self.options = options

    def run(
        self,
        requests: Sequence[CaptureRequest],
        provenance: Provenance,
        *,
        concurrency: int = 1,
        politeness: float = 1.0,
        retries: int = 1,
    ) -> Iterator[CaptureResult]:
        """Capture each link; one result per link, in the order captures finish."""
        jobs: queue.Queue[tuple[CaptureRequest, int] | None] = queue.Queue()
        done: queue.Queue[_Prepared | _Failed] = queue.Queue()
        waiting = 0
        for request in requests:
            try:
                self._check(request.url)
            except CaptureRefused as refused:
                yield CaptureResult(request.url, "error", error=str(refused))
                continue
            jobs.put((request, 1))
            waiting += 1
        if not waiting:
            return
        pacing = _Pacing(politeness)
        workers = [
            threading.Thread(target=self._work, args=(jobs, done, pacing, retries), daemon=True)
            for _ in range(max(1, min(concurrency, waiting)))
        ]
        for worker in workers:
            worker.start()
        try:
            while waiting:
                outcome = done.get()
                waiting -= 1
                if isinstance(outcome, _Failed):
                    yield CaptureResult(
                        outcome.request.url, "error", error=outcome.error, attempts=outcome.attempts
                    )
                    continue
                try:
                    yield self._keep(outcome, provenance)
                except DocketError as error:
                    yield CaptureResult(outcome.request.url, "error", error=str(error))
                except SQLAlchemyError as error:
                    # One transaction per capture: nothing of it was kept, the batch goes on.
                    reason = f"could not be stored ({type(error).__name__})"
                    yield CaptureResult(outcome.request.url, "error", error=reason)
                finally:
                    shutil.rmtree(outcome.workdir, ignore_errors=True)
        finally:
            for _ in workers:
                jobs.put(None)
            for worker in workers:
                worker.join(timeout=self.options.timeout + 30)
            while not done.empty():
                leftover = done.get()
                if isinstance(leftover, _Prepared):
                    shutil.rmtree(leftover.workdir, ignore_errors=True)
            self.kernel.checkpoint()

    def _check(self, url: str) -> None:
        check_url(url)
        if not self.options.allows_private(url):
            check_host(url, self.options.resolver())

    # -- the workers: visit and package -----------------------------------------------------

    def _work(
        self,
        jobs: queue.Queue[tuple[CaptureRequest, int] | None],
        done: queue.Queue[_Prepared | _Failed],
        pacing: _Pacing,
        retries: int,
    ) -> None:
        # Imported here: Playwright is needed only once a page is visited.
        from docket.capture.browser import Chromium

        browser: Chromium | None = None
        try:
            while (job := jobs.get()) is not None:
                request, attempt = job
                if browser is None:
                    try:
                        browser = Chromium(self.options).__enter__()
                    except DocketError as error:
                        done.put(_Failed(request, str(error), attempt))
                        continue
                try:
                    with pacing.turn(request.url):
                        visited = self._visit(browser, request, attempt)
                    done.put(visited)
                except (CaptureFailed, CaptureRefused) as error:
                    message = str(error)
                    if attempt <= retries and any(word in message for word in _TRANSIENT):
                        jobs.put((request, attempt + 1))
                    else:
                        done.put(_Failed(request, message, attempt))
                except Exception as error:  # a browser crash must not stop the batch
                    done.put(_Failed(request, f"capture failed ({type(error).__name__})", attempt))
                    # The browser may be the broken part: the next link gets a new one.
                    with contextlib.suppress(Exception):
                        browser.__exit__(None, None, None)
                    browser = None
        finally:
            if browser is not None:
                browser.__exit__(None, None, None)

    def _visit(self, browser: Any, request: CaptureRequest, attempt: int) -> _Prepared:
        workdir = self.kernel.blobs.workspace()
        try:
            visit = browser.visit(request.url, workdir, SOFTWARE)
            label = f"Chromium {browser.version}"
            if isinstance(visit, FileVisit):
                original = workdir / "download"
                original.write_bytes(visit.document.body)
                return _Prepared(request, visit, workdir, label, original, attempt)
            original = workdir / "capture.wacz"
            write_wacz(
                original,
                visit.warc,
                visit.index,
                Page(visit.final_url, visit.title, visit.started),
                SOFTWARE,
            )
            (workdir / "page.html").write_text(visit.html, encoding="utf-8")
            prepared = _Prepared(request, visit, workdir, label, original, attempt, visit.blocked)
            if self.options.media:
                self._fetch_media(prepared, visit)
            return prepared
        except BaseException:
            shutil.rmtree(workdir, ignore_errors=True)
            raise

    def _fetch_media(self, prepared: _Prepared, visit: PageVisit) -> None:
        wanted = media_links(visit.html, visit.final_url)
        if is_platform_page(visit.final_url):
            wanted.insert(0, visit.final_url)
        for number, url in enumerate(wanted):
            if number >= MAX_MEDIA:
                prepared.failures.append(
                    MediaFailure(url, f"more than {MAX_MEDIA} media on the page; capture it alone")
                )
                continue
            fetched = fetch_media(url, prepared.workdir / "media" / str(number), self.options)
            if isinstance(fetched, MediaFile):
                prepared.media.append(fetched)
            else:
                prepared.failures.append(fetched)

    # -- the calling thread: store ------------------------------------------------------------

    def _keep(self, prepared: _Prepared, provenance: Provenance) -> CaptureResult:
        visit = prepared.visit
        url = prepared.request.url
        given = Provenance(
            source_url=url,
            title=provenance.title,
            author=provenance.author,
            published=provenance.published,
            collected_by=provenance.collected_by,
            note=prepared.request.note or provenance.note,
            confidentiality=provenance.confidentiality,
        )
        is_page = isinstance(visit, PageVisit)
        media_type = WACZ_TYPE if is_page else sniff_media_type(prepared.original)
        earlier = earlier_capture(self.kernel, url, (media_type,), self.visibility)
        capture = self._metadata(prepared, earlier)
        notes: list[str] = []
        status = visit.document.status
        if status >= 400:
            notes.append(f"the site answered HTTP {status} {visit.document.reason}".rstrip())
        if not is_page:
            notes.append(
                f"not a web page ({visit.document.media_type or 'no type'}): kept as a file"
            )
        notes.extend(f"not fetched: {reason}" for reason in prepared.blocked)
        shots: list[tuple[str, bytes, str, str]] = []
        if isinstance(visit, PageVisit):
            shots = [
                (SCREENSHOT, visit.screenshot, "chromium", prepared.browser),
                (PDF_PRINT, visit.pdf, "chromium", prepared.browser),
            ]
        stored = self._store(
            prepared.original,
            media_type=media_type,
            name=_file_name(visit, is_page),
            provenance=given,
            capture=capture,
            readable=(prepared.workdir / "page.html", "text/html") if is_page else None,
            renditions=[*shots, (CAPTURE_METADATA, _json(capture), "docket", __version__)],
        )
        if stored.duplicate:
            return CaptureResult(
                url,
                "duplicate",
                id=stored.item_id,
                sha256=stored.sha256,
                kind="file",
                http_status=status,
                final_url=visit.final_url,
                notes=(f"the same file is already item {stored.item_id}",),
                attempts=prepared.attempts,
            )
        notes = [*stored.notes, *notes]
        media_ids = []
        for media in prepared.media:
            try:
                kept = self._keep_media(media, given, stored.item_id, visit.final_url)
            except DocketError as error:
                # The page is kept already; a media file that cannot be stored costs only itself.
                notes.append(f"media {media.url}: not kept: {error}")
                continue
            media_ids.append(kept.item_id)
            what = "already in the archive as" if kept.duplicate else "kept as"
            notes.append(f"media {media.url}: {what} item {kept.item_id}")
        notes.extend(
            f"media {failure.url}: not kept: {failure.reason}" for failure in prepared.failures
        )
        return CaptureResult(
            url,
            "new",
            id=stored.item_id,
            sha256=stored.sha256,
            kind="page" if is_page else "file",
            http_status=status,
            final_url=visit.final_url,
            earlier_id=earlier,
            notes=tuple(notes),
            attempts=prepared.attempts,
            media_ids=tuple(media_ids),
        )

    def _keep_media(
        self, media: MediaFile, provenance: Provenance, parent_id: int, page: str
    ) -> _Stored:
        from yt_dlp.version import __version__ as yt_dlp_version

        capture = {
            "url": media.url,
            "page": page,
            "captured_at": _now(),
            "tool": "yt-dlp",
            "tool_version": yt_dlp_version,
            "title": media.info.get("title"),
            "uploader": media.info.get("uploader"),
            "upload_date": media.info.get("upload_date"),
            "proxy": bool(self.options.proxy),
        }
        given = Provenance(
            source_url=media.url,
            title=_text(media.info.get("title")),
            author=_text(media.info.get("uploader")),
            collected_by=provenance.collected_by,
            note=provenance.note,
            confidentiality=provenance.confidentiality,
        )
        return self._store(
            media.path,
            media_type=sniff_media_type(media.path),
            name=media.path.name,
            provenance=given,
            capture=capture,
            readable=None,
            renditions=[
                (MEDIA_METADATA, info_json(media.info), "yt-dlp", yt_dlp_version),
                (CAPTURE_METADATA, _json(capture), "docket", __version__),
            ],
            parent_id=parent_id,
        )

    def _store(
        self,
        original: Path,
        *,
        media_type: str,
        name: str,
        provenance: Provenance,
        capture: dict[str, Any],
        readable: tuple[Path, str] | None,
        renditions: list[tuple[str, bytes, str, str]],
        parent_id: int | None = None,
    ) -> _Stored:
        """Keep one captured file as an item (or, when its bytes are already an item, a new
        sighting of that item)."""
        blobs = self.kernel.blobs
        staged = [blobs.stage_file(original)]
        try:
            existing = existing_item(self.kernel, staged[0].stored.sha256)
            if existing is not None:
                seen_again(self.kernel, self.actor, existing, provenance, capture)
                return _Stored(existing, staged[0].stored.sha256, duplicate=True)
            path, reader_type = readable or (original, media_type)
            extraction, language, failure = read(path, reader_type)
            extras = []
            for kind, data, tool, version in renditions:
                extras.append(Rendition(kind, blobs.stage_bytes(data), tool, version))
                staged.append(extras[-1].blob)
            text = None
            if extraction is not None and extraction.text:
                text = blobs.stage_bytes(extraction.text.encode("utf-8"))
                staged.append(text)
            kept: Kept = keep(
                self.kernel,
                self.actor,
                original=staged[0],
                media_type=media_type,
                name=name,
                provenance=provenance,
                capture=capture,
                extraction=extraction if text is not None else None,
                language=language,
                text=text,
                extras=extras,
                text_failure=failure,
                parent_id=parent_id,
            )
        finally:
            blobs.discard(staged)
        notes = extraction.notes if extraction is not None else ()
        return _Stored(kept.item_id, kept.sha256, notes=tuple(notes))

    def _metadata(self, prepared: _Prepared, earlier: int | None) -> dict[str, Any]:
        visit = prepared.visit
        document = visit.document
        found: dict[str, Any] = {
            "url": prepared.request.url,
            "final_url": visit.final_url,
            "redirects": visit.redirects,
            "status": document.status,
            "reason": document.reason,
            "headers": as_dict(document.headers),
            "captured_at": visit.started.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "tool": "docket",
            "tool_version": __version__,
            "browser": prepared.browser,
            "proxy": bool(self.options.proxy),
            "earlier_capture": earlier,
            "media": [
                *({"url": m.url, "file": m.path.name, "error": None} for m in prepared.media),
                *({"url": f.url, "error": f.reason} for f in prepared.failures),
            ],
        }
        if isinstance(visit, PageVisit):
            found.update(
                {
                    "title": visit.title or None,
                    "transferred_bytes": visit.transferred,
                    "responses": len(visit.index),
                    "not_fetched": visit.blocked,
                    "seconds": round(visit.seconds, 3),
                }
            )
        return found


class _Pacing:
    """One visit at a time per host, the next ``seconds`` after the last ended: a batch of links
    to one site must not look like an attack on it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Lock] = {}
        self._free_at: dict[str, float] = {}

    @contextlib.contextmanager
    def turn(self, url: str) -> Iterator[None]:
        host = host_of(url)
        with self._lock:
            gate = self._hosts.setdefault(host, threading.Lock())
        with gate:
            wait = self._free_at.get(host, 0.0) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._free_at[host] = time.monotonic() + self.seconds


def _json(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str).encode()


def _text(value: object) -> str | None:
    return value[:1000] if isinstance(value, str) and value.strip() else None


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _file_name(visit: Visit, is_page: bool) -> str:
    stamp = timestamp14(visit.started)
    host = host_of(visit.final_url) or "capture"
    if is_page:
        return f"{host}-{stamp}.wacz"
    last = visit.final_url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return clean_name(last) if last and "." in last else f"{host}-{stamp}"
