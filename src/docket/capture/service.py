"""Capturing links: pages through Chromium into WACZ items, other answers as file items.

Pages are visited by worker threads (each with its own browser, at most ``concurrency`` at a
time, one visit at a time per host, spaced by ``politeness`` seconds); everything is stored by
the calling thread, one capture per transaction, so a failed link costs only itself.
"""

from __future__ import annotations

import json
import queue
import shutil
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from docket import __version__
from docket.capture.address import CaptureRefused, check_host, check_url
from docket.capture.browser import CaptureFailed, Chromium, FileVisit, PageVisit, Visit, as_dict
from docket.capture.keep import (
    CAPTURE_METADATA,
    PDF_PRINT,
    SCREENSHOT,
    Kept,
    Rendition,
    earlier_capture,
    keep,
)
from docket.capture.options import CaptureOptions
from docket.capture.wacz import MEDIA_TYPE as WACZ_TYPE
from docket.capture.wacz import Page, write_wacz
from docket.capture.warc import timestamp14
from docket.errors import DocketError
from docket.ingest.filenames import clean_name
from docket.ingest.mediatype import sniff_media_type
from docket.ingest.pipeline import read
from docket.ingest.provenance import Provenance
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
                pacing.wait(request.url)
                try:
                    done.put(self._visit(browser, request, attempt))
                except (CaptureFailed, CaptureRefused) as error:
                    message = str(error)
                    if attempt <= retries and any(word in message for word in _TRANSIENT):
                        jobs.put((request, attempt + 1))
                    else:
                        done.put(_Failed(request, message, attempt))
                except Exception as error:  # a browser crash must not stop the batch
                    done.put(_Failed(request, f"capture failed ({type(error).__name__})", attempt))
        finally:
            if browser is not None:
                browser.__exit__(None, None, None)

    def _visit(self, browser: Chromium, request: CaptureRequest, attempt: int) -> _Prepared:
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
            return _Prepared(request, visit, workdir, label, original, attempt, visit.blocked)
        except BaseException:
            shutil.rmtree(workdir, ignore_errors=True)
            raise

    # -- the calling thread: store ------------------------------------------------------------

    def _keep(self, prepared: _Prepared, provenance: Provenance) -> CaptureResult:
        visit = prepared.visit
        blobs = self.kernel.blobs
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
        earlier = earlier_capture(
            self.kernel, url, (media_type,) if not is_page else (WACZ_TYPE,), self.visibility
        )
        capture = self._metadata(prepared, earlier)
        readable = prepared.workdir / "page.html" if is_page else prepared.original
        extraction, language, failure = read(readable, "text/html" if is_page else media_type)
        staged = [blobs.stage_file(prepared.original)]
        try:
            extras = []
            if isinstance(visit, PageVisit):
                extras.append(
                    Rendition(
                        SCREENSHOT,
                        blobs.stage_bytes(visit.screenshot),
                        "chromium",
                        prepared.browser,
                    )
                )
                extras.append(
                    Rendition(PDF_PRINT, blobs.stage_bytes(visit.pdf), "chromium", prepared.browser)
                )
            metadata_bytes = json.dumps(capture, ensure_ascii=False, indent=2).encode()
            extras.append(
                Rendition(
                    CAPTURE_METADATA, blobs.stage_bytes(metadata_bytes), "docket", __version__
                )
            )
            staged.extend(extra.blob for extra in extras)
            text = None
            if extraction is not None and extraction.text:
                text = blobs.stage_bytes(extraction.text.encode("utf-8"))
                staged.append(text)
            kept: Kept = keep(
                self.kernel,
                self.actor,
                original=staged[0],
                media_type=media_type,
                name=_file_name(visit, is_page),
                provenance=given,
                capture=capture,
                extraction=extraction if text is not None else None,
                language=language,
                text=text,
                extras=extras,
                text_failure=failure,
            )
        except BaseException:
            blobs.discard(staged)
            raise
        notes = list(extraction.notes if extraction else ())
        status = visit.document.status
        if status >= 400:
            notes.insert(0, f"the site answered HTTP {status} {visit.document.reason}".rstrip())
        if not is_page:
            notes.insert(
                0, f"not a web page ({visit.document.media_type or 'no type'}): kept as a file"
            )
        notes.extend(f"not fetched: {reason}" for reason in prepared.blocked)
        return CaptureResult(
            url,
            "new",
            id=kept.item_id,
            sha256=kept.sha256,
            kind="page" if is_page else "file",
            http_status=status,
            final_url=visit.final_url,
            earlier_id=earlier,
            notes=tuple(notes),
            attempts=prepared.attempts,
        )

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
    """One visit at a time per host, ``seconds`` apart: a batch of links to one site must not
    look like an attack on it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, url: str) -> None:
        from docket.capture.browser import host_of

        host = host_of(url)
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.seconds
        if start > now:
            time.sleep(start - now)


def _file_name(visit: Visit, is_page: bool) -> str:
    from docket.capture.browser import host_of

    stamp = timestamp14(visit.started)
    host = host_of(visit.final_url) or "capture"
    if is_page:
        return f"{host}-{stamp}.wacz"
    last = visit.final_url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return clean_name(last) if last and "." in last else f"{host}-{stamp}"
