"""Fixtures of the workspace tests: the app over a new archive, and a signed-in client per role."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import ROLES, Person, accounts_of, add_person, sign_in

from docket.archive import Archive
from docket.web import WebSettings, create_app


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCKET_RECORD_KEY", raising=False)
    monkeypatch.setenv("DOCKET_ACTOR", "tester")


@pytest.fixture
def app(archive: Archive) -> FastAPI:
    return create_app(archive, WebSettings(secure_cookies=False), accounts=accounts_of(archive))


@pytest.fixture
def people(archive: Archive) -> dict[str, Person]:
    """One user per role; the admin has two-factor sign-in, as admins must."""
    return {role: add_person(archive, role) for role in ROLES}


@pytest.fixture
def client_as(app: FastAPI, people: dict[str, Person]) -> Iterator[Callable[[str], TestClient]]:
    """A function giving a client signed in as the user of a role."""
    clients: list[TestClient] = []

    def signed_in_as(role: str) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        sign_in(client, people[role])
        return client

    yield signed_in_as
    for client in clients:
        client.close()


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client
