"""What the browser tests share: the live server, the watch on each page, a test's browsing."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import uvicorn
from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Response
from tests.web.seed import Seeded, as_owner
from tests.web.web_support import Person

from docket.archive import Archive

CHROMIUM: Final = Path("/usr/bin/chromium")
CHROMIUM_ARGS: Final = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS: Final = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORT: Final = {"width": 1280, "height": 800}
SESSION_COOKIE: Final = "docket_session"
PASSWORD: Final = "correct horse battery staple"
# Users with a test of their own, so what one test changes (a language, a session ended by
# signing out) cannot change what another one sees.
LANGUAGE_USER: Final = "language-user"
SIGN_IN_ADMIN: Final = "signin-admin"


@dataclass(frozen=True)
class LiveServer:
    """The running workspace and what it was seeded with."""

    base_url: str
    archive: Archive
    seeded: Seeded
    scenery: Scenery
    people: dict[str, Person]
    folder: Path

    def user_id(self, name: str) -> int:
        user = self.archive.accounts.by_name(name)
        assert user is not None, f"no user {name!r} in the live archive"
        return user.id


def serve(app: object) -> tuple[uvicorn.Server, threading.Thread, str]:
    """Start uvicorn on a free loopback port in a thread; returns once it accepts requests."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        app,  # type: ignore[arg-type]
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, name="live-server", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            listener.close()
            raise RuntimeError("the workspace did not start serving within 30 s")
        time.sleep(0.02)
    return server, thread, f"http://127.0.0.1:{port}"


@dataclass
class Watch:
    """What went wrong in the browser while a test ran."""

    problems: list[str] = field(default_factory=list)
    # Addresses a test expects to fail (a hidden record's 404), whose console line is no problem.
    expected: set[str] = field(default_factory=set)

    def expect_failure(self, url: str) -> None:
        self.expected.add(url)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = str(message.location.get("url", ""))
        if source in self.expected and "Failed to load resource" in message.text:
            return
        line = message.location.get("lineNumber")
        self.problems.append(f"console error at {source or 'the page'}:{line}: {message.text}")

    def on_page_error(self, error: Error) -> None:
        self.problems.append(f"uncaught exception: {error.message}")

    def on_response(self, response: Response) -> None:
        if response.status >= 500:
            self.problems.append(f"{response.status} from {response.request.method} {response.url}")


@dataclass
class Browsing:
    """A fresh browser context for one test, on the live server."""

    live: LiveServer
    context: BrowserContext
    watch: Watch

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.on("console", self.watch.on_console)
        page.on("pageerror", self.watch.on_page_error)
        page.on("response", self.watch.on_response)
        return page

    def as_user(self, name: str) -> Page:
        """A page whose context holds a fully signed-in session of ``name``.

        The session is made through the accounts service, as the sign-in form would end; the
        form itself (with its one-time code) is what the sign-in test drives.
        """
        person = self.live.people.get(name)
        user_name = person.name if person else name
        token, _ = self.live.archive.accounts.start_session(
            self.live.user_id(user_name), second_factor_done=True
        )
        self.context.add_cookies(
            [{"name": SESSION_COOKIE, "value": token, "url": self.live.base_url}]
        )
        return self.new_page()

    def url(self, path: str) -> str:
        return self.live.base_url + path


@dataclass(frozen=True)
class Scenery:
    """Records beyond the seed, so the map, the timeline and a case file have something to show."""

    places: dict[str, int]
    events: dict[str, int]
    case: int


def furnish(archive: Archive, seeded: Seeded) -> Scenery:
    """Places with coordinates, events and acts there, and the case of the public detainee."""
    owner = as_owner(archive)
    records = owner.records
    item = seeded.items["public"]
    text = owner.items.text(item)
    cite = {"item": item, "start": 0, "end": len(text.splitlines()[0])}
    places = {
        name: records.create(
            "place",
            {"name": name, "kind": "city", "country": "Kyrgyzstan", "coordinates": point},
        ).id
        for name, point in (
            ("Bishkek", "42.8746, 74.5698"),
            ("Osh", "40.5140, 72.8161"),
            ("Naryn", "41.4287, 75.9911"),
        )
    }
    events = {
        "protest": records.create(
            "event",
            {
                "title": "Protest outside the parliament",
                "kind": "protest",
                "date": "2022-10-03",
                "place": {"ref": places["Bishkek"]},
            },
        ).id,
        "raid": records.create(
            "event",
            {
                "title": "Night raid on the Kempir-Abad committee",
                "kind": "raid",
                "date": "2022-10-23",
                "place": {"ref": places["Osh"]},
            },
        ).id,
    }
    victim = {"ref": seeded.people["public"]}
    for violation, date, event in (
        ("arbitrary_detention", "2022-10-23", "raid"),
        ("torture", "2023-01-15", "raid"),
        ("arbitrary_detention", "2022-10-03", "protest"),
    ):
        records.create(
            "act",
            {
                "violation": violation,
                "victim": victim,
                "date": date,
                "event": {"ref": events[event]},
                "status": "alleged",
            },
        )
    case = records.create(
        "case",
        {
            "title": "Case of Almazbek Atambayev",
            "subject": victim,
            "charges": ["organising mass unrest", "corruption"],
            "court": "Pervomaisky District Court of Bishkek",
            "facility": {"ref": places["Bishkek"]},
            "opened": {"value": "2022-10-23", "citations": [cite]},
        },
    ).id
    for status, date, note in (
        ("detained", "2022-10-23", "Taken from his home before dawn."),
        ("pretrial_detention", "2022-10-25", "Two months ordered by the court."),
        ("transferred", "2023-01-20", "Moved to hospital in Bishkek."),
        ("returned_to_prison", "2023-03-12", "Returned before the operation."),
    ):
        records.create(
            "case_status",
            {"case": {"ref": case}, "status": status, "date": date, "note": note},
        )
    monitors = records.create(
        "organisation", {"name": "Kyrgyz Monitoring Group", "country": "Kyrgyzstan"}
    ).id
    records.create(
        "intervention",
        {
            "kind": "urgent_appeal",
            "by": {"ref": monitors},
            "concerning": {"ref": case},
            "date": "2023-01-22",
            "description": "The family asked for two urgent surgeries.",
            "response": "refused",
            "response_date": "2023-02-01",
        },
    )
    return Scenery(places, events, case)
