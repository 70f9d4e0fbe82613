"""A small web site on 127.0.0.1 for capture tests: articles in three languages, redirects and a
redirect loop, a page that changes between visits, a slow page, a huge page, an image, a video
file served as a direct link, error statuses, and a page that reaches for another host."""

from __future__ import annotations

import struct
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

ARTICLES = {
    "en": (
        "Twelve protesters detained in Bishkek",
        "Jane Roe",
        "2026-11-02",
        "On 2 November police in Bishkek detained twelve protesters outside the parliament. "
        "Witnesses said officers used batons against people who were standing peacefully with "
        "placards. The detained were taken to the Sverdlovsk district police station.",
    ),
    "ru": (
        "В Бишкеке задержаны двенадцать протестующих",
        "Айгуль Асанова",
        "2026-11-03",
        "Второго ноября милиция задержала двенадцать участников акции у здания парламента. "
        "Свидетели рассказали, что сотрудники применяли дубинки против людей, которые мирно "
        "стояли с плакатами. Задержанных доставили в Свердловское РОВД.",
    ),
    "ky": (
        "Бишкекте он эки нааразы адам кармалды",
        "Нурлан Токтогулов",
        "2026-11-04",
        "Экинчи ноябрда милиция парламенттин алдында он эки нааразычылыкка катышуучуну кармады. "
        "Күбөлөрдүн айтымында, кызматкерлер плакат кармап тынч турган адамдарга каршы "
        "таяк колдонушкан. Кармалгандар Свердлов райондук милиция бөлүмүнө алынып барылды.",
    ),
}


def png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\xc0\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def mp4() -> bytes:
    """A tiny ISO media file: an ``ftyp`` box, an empty ``moov`` and some ``mdat``."""

    def box(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", 8 + len(data)) + kind + data

    return (
        box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")
        + box(b"free", b"")
        + box(b"mdat", bytes(range(256)) * 16)
    )


def article(language: str, extra: str = "") -> bytes:
    title, author, published, body = ARTICLES[language]
    return (
        f"<!doctype html><html lang='{language}'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta name='author' content='{author}'>"
        f"<meta property='article:published_time' content='{published}'></head>"
        f"<body><nav>Home | News | About</nav><article><h1>{title}</h1><p>{body}</p>"
        f"<p>{body}</p>{extra}<img src='/image.png' alt=''></article></body></html>"
    ).encode()


@dataclass
class Site:
    """The running site: its base URL and what it has served."""

    base: str
    port: int
    hits: dict[str, int] = field(default_factory=dict)
    version: list[int] = field(default_factory=lambda: [1])
    arrivals: list[tuple[str, float]] = field(default_factory=list)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(BaseHTTPRequestHandler):
    site: ClassVar[Site]
    protocol_version = "HTTP/1.1"

    def log_message(self, *_: object) -> None:
        pass

    def _send(self, status: int, body: bytes, kind: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        site = self.site
        site.hits[path] = site.hits.get(path, 0) + 1
        site.arrivals.append((path, time.monotonic()))
        html = "text/html; charset=utf-8"
        if path in ("/en", "/ru", "/ky"):
            self._send(200, article(path[1:]), html)
        elif path == "/moved":
            self._send(301, b"", html, Location="/en")
        elif path == "/twice":
            self._send(302, b"", html, Location="/moved")
        elif path in ("/loop-a", "/loop-b"):
            target = "/loop-b" if path == "/loop-a" else "/loop-a"
            self._send(302, b"", html, Location=target)
        elif path == "/changing":
            version = site.version[0]
            extra = f"<p>Update {version}: the number of detained rose to {10 + version * 5}.</p>"
            self._send(200, article("en", extra), html)
        elif path == "/slow":
            time.sleep(30)
            self._send(200, article("en"), html)
        elif path == "/huge":
            filler = ("<p>" + "word " * 2000 + "</p>") * 400  # about 4 MB
            self._send(200, f"<html><body>{filler}</body></html>".encode(), html)
        elif path == "/image.png":
            self._send(200, png(), "image/png")
        elif path == "/video.mp4":
            self._send(200, mp4(), "video/mp4")
        elif path == "/missing":
            self._send(404, b"<html><body><h1>Not found</h1></body></html>", html)
        elif path == "/broken":
            self._send(500, b"<html><body><h1>Server error</h1></body></html>", html)
        elif path == "/flaky":
            if site.hits[path] % 2 == 1:
                # Every other visit the connection drops before any answer.
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self._send(200, article("ky"), html)
        elif path == "/with-video":
            extra = (
                "<video controls preload='none' src='/video.mp4'></video>"
                "<p><a href='/gone.mp4'>The second video</a></p>"
            )
            self._send(200, article("en", extra), html)
        elif path == "/to-private":
            self._send(302, b"", html, Location="http://127.0.0.2:9/inside")
        elif path == "/elsewhere":
            # An image from another local address: a subresource into a private network.
            extra = "<img src='http://127.0.0.2:9/secret.png' alt=''>"
            self._send(200, article("en", extra), html)
        else:
            self._send(404, b"not here", "text/plain")


@contextmanager
def serve() -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    site = Site(f"http://127.0.0.1:{port}", port)
    _Handler.site = site
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_tls(folder: Path) -> Iterator[Site]:
    """The same site over HTTPS with a self-signed certificate no browser trusts."""
    import datetime
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    site = Site(f"https://127.0.0.1:{port}", port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
