"""How many threads a server process answers the archive's pages with."""

from __future__ import annotations

import anyio.to_thread
from fastapi import FastAPI
from fastapi.testclient import TestClient

from docket.web.app import REQUEST_THREADS


def _threads_allowed() -> float:
    return anyio.to_thread.current_default_thread_limiter().total_tokens


def test_a_served_app_answers_with_a_few_threads(app: FastAPI) -> None:
    with TestClient(app) as client:
        assert client.get("/login").status_code == 200
        assert client.portal is not None
        assert client.portal.call(_threads_allowed) == REQUEST_THREADS == 8
