"""Capturing a typical article page against Chromium loading the same page alone.

    .venv/bin/python benchmarks/capture.py [--runs 5]

A local server serves an article of about 60 KB of HTML with a stylesheet, a script and six
images (about 1 MB in all), as a news site's article page is. The floor launches the same
Chromium, opens a fresh context and loads the page until its ``load`` event; a capture does that
and also answers every request itself, writes the WARC, waits for the network to go quiet,
takes the full-page screenshot and the PDF, extracts the text, packages the WACZ and stores the
item with its renditions and custody. Both are medians of ``--runs`` runs. Also: the WACZ's size
against the bytes the page transferred.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

from docket.archive import Archive
from docket.capture import CaptureOptions, CaptureRequest
from docket.capture.browser import CHROMIUM_ARGS
from docket.config import Settings
from docket.face import Provenance
from docket.model.access import Viewer

CHROMIUM = Path(os.environ.get("DOCKET_CHROMIUM", "/usr/bin/chromium"))


def site_files() -> dict[str, tuple[str, bytes]]:
    rng = random.Random(17)
    words = [
        "detained",
        "protest",
        "court",
        "witness",
        "police",
        "journalist",
        "village",
        "border",
        "report",
    ]
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(words) for _ in range(120)) + ".</p>" for _ in range(60)
    )
    images = "".join(f"<figure><img src='/img/{n}.bin' alt=''></figure>" for n in range(6))
    html = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Article</title>"
        "<link rel='stylesheet' href='/site.css'><script src='/site.js'></script></head>"
        f"<body><header>News</header><article><h1>Twelve detained</h1>{paragraphs}{images}"
        "</article></body></html>"
    ).encode()
    files = {
        "/article": ("text/html; charset=utf-8", html),
        "/site.css": ("text/css", b"body{font-family:serif;max-width:50rem}" * 200),
        "/site.js": ("application/javascript", b"window.loaded=1;" * 2000),
    }
    for n in range(6):
        # Random bytes as an image stands in for a compressed photo of about 150 KB.
        files[f"/img/{n}.bin"] = ("image/jpeg", rng.randbytes(150_000))
    return files


def serve(files: dict[str, tuple[str, bytes]]) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_: object) -> None:
            pass

        def do_GET(self) -> None:
            kind, body = files.get(self.path, ("text/plain", b"missing"))
            self.send_response(200 if self.path in files else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a browser closing a kept-alive connection is no error of the page

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def load_alone(url: str) -> float:
    started = time.perf_counter()
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context()
        context.new_page().goto(url, wait_until="load")
        context.close()
        browser.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    files = site_files()
    server, base = serve(files)
    url = base + "/article"
    host = base.removeprefix("http://")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "archive"
        archive = Archive.create(
            Settings.from_env(home=home, database_url=f"sqlite:///{home}/docket.sqlite3")
        )
        door = archive.as_viewer(Viewer.owner("bench"))
        options = CaptureOptions(private_hosts=(host,), media=False)
        load_alone(url)  # warm the disk cache for both
        floors, captures, sizes, transferred = [], [], [], []
        for _ in range(runs):
            floors.append(load_alone(url))
            started = time.perf_counter()
            [result] = door.captures.capture(
                [CaptureRequest(url)], Provenance(), options, politeness=0
            )
            captures.append(time.perf_counter() - started)
            assert result.status in ("new", "duplicate"), result.error
            item = door.items.show(result.id or 0)
            sizes.append(item.item["size"])
            metadata = item.history[0].data["capture"]
            transferred.append(metadata["transferred_bytes"])
        archive.close()
    server.shutdown()
    floor, capture = statistics.median(floors), statistics.median(captures)
    print(f"page: {len(files)} files, {sum(len(b) for _, b in files.values()):,} bytes")
    print(f"Chromium alone: {floor:.2f} s (median of {runs})")
    print(f"capture:        {capture:.2f} s  ratio {capture / floor:.2f}×")
    size, sent = statistics.median(sizes), statistics.median(transferred)
    print(f"WACZ {size:,.0f} bytes for {sent:,.0f} bytes transferred: {size / sent:.2f}×")


if __name__ == "__main__":
    main()
