"""What a web worker process holds: nothing it only needs for work it does not do."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from docket.archive import Archive
from docket.config import Settings
from docket.web import WebSettings, server

# A worker as `docket serve --workers N` starts one, serving a page, then the modules it holds.
_WORKER = """
import sys
from starlette.testclient import TestClient
from docket.web.server import application

client = TestClient(application())
assert client.get("/login").status_code == 200
print(" ".join(sorted(sys.modules)))
"""


def test_a_web_worker_does_not_load_the_password_dictionaries(settings: Settings) -> None:
    Archive.create(settings).close()
    env = {
        **os.environ,
        "DOCKET_HOME": str(settings.home),
        "DOCKET_DATABASE_URL": settings.database_url,
        "DOCKET_ACTOR": "tester",
    }
    result = subprocess.run(
        [sys.executable, "-c", _WORKER], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "docket.web.app" in loaded
    # zxcvbn builds 11 MiB of dictionaries when imported; only setting a password needs them.
    assert "zxcvbn" not in loaded


def test_worker_processes_start_with_few_malloc_arenas(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str | None] = []

    def start(*_args: object, **_kwargs: object) -> None:
        started.append(os.environ.get("MALLOC_ARENA_MAX"))

    # Workers are started by the supervisor a serving process becomes, or by uvicorn.run where
    # the kernel does not spread connections over several sockets.
    monkeypatch.setattr(server.uvicorn, "run", start)
    # The server sets the workers' variables in its own environment: a copy, here.
    environment = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    monkeypatch.setattr(os, "environ", environment)
    with Archive.create(settings) as archive:
        server.run(archive, WebSettings(), workers=2)
        with server.Supervision.bind(archive, WebSettings(port=0), 2).address:
            start()
        # An administrator's own choice is kept.
        environment["MALLOC_ARENA_MAX"] = "4"
        server.run(archive, WebSettings(), workers=2)
    assert started == ["2", "2", "4"]


def test_the_workers_supervisor_imports_nothing_of_the_workspace() -> None:
    listed = subprocess.run(
        [sys.executable, "-c", _SUPERVISOR], capture_output=True, text=True, check=False
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == ["docket", "docket.listening", "docket.supervisor"]


_SUPERVISOR = """
import sys
import docket.supervisor
wanted = ("docket", "sqlalchemy", "fastapi", "starlette", "pydantic", "spacy", "tantivy")
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in wanted)))
"""
