"""The JSON API against its own OpenAPI description, fuzzed by schemathesis.

Every operation of /api/openapi.json is called with generated parameters and bodies, as an
admin holding a token with every scope, on a seeded SQLite archive: no answer may be a server
error, and every answer must have a status code, content type and body the description allows.
The number of examples is small and their choice derandomized, so the run is bounded and the
same every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings
from schemathesis import APIOperation
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from tests.web.seed import seed
from web_support import add_person

from docket.archive import Archive
from docket.face import SCOPES
from docket.web import WebSettings, create_app

# SQLite only: the API's answers do not depend on the back end, and the run stays short.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 15


@dataclass(frozen=True)
class Api:
    app: FastAPI
    archive: Archive
    admin_id: int
    token: str

    def bearer(self, case: schemathesis.Case) -> dict[str, str]:
        """The shared token; a request that may revoke a token gets one of its own to revoke."""
        token = self.token
        if case.method.upper() == "DELETE" and case.path.startswith("/api/tokens"):
            token, _ = self.archive.accounts.create_token(
                self.admin_id, "revocable", SCOPES, actor="tester"
            )
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def api(archive: Archive, tmp_path: Path) -> Api:
    seed(archive, tmp_path / "seed")
    admin = add_person(archive, "admin")
    accounts = archive.accounts
    found = accounts.by_name(admin.name)
    assert found is not None
    token, _ = accounts.create_token(found.id, "schemathesis", SCOPES, actor="tester")
    return Api(create_app(archive, WebSettings(secure_cookies=False)), archive, found.id, token)


def _fuzz(api: Api, operation: APIOperation) -> None:
    """Up to EXAMPLES_PER_OPERATION generated calls of one operation, each one validated."""

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def call(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=api.bearer(case), checks=CHECKS)

    call()


def test_every_operation_answers_as_its_description_says(api: Api) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", api.app)
    failures: list[str] = []
    tried: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        tried.append(operation.label)
        try:
            _fuzz(api, operation)
        except Exception as failure:  # every operation is tried; all failures are reported
            notes = "\n".join(getattr(failure, "__notes__", []))
            failures.append(f"{operation.label}: {type(failure).__name__}: {failure}\n{notes}")
    assert len(tried) >= 10, tried
    assert not failures, "\n\n".join(failures)


def _api_routes(app: FastAPI) -> list[APIRoute]:
    """Every route of the app under /api, through the routers it includes."""
    found: list[APIRoute] = []
    pending: list[Any] = list(app.routes)
    while pending:
        route = pending.pop()
        included = getattr(route, "original_router", None)
        if included is not None:
            pending.extend(included.routes)
        elif isinstance(route, APIRoute) and route.path.startswith("/api/"):
            found.append(route)
    return found


def test_every_api_route_is_described_with_what_it_answers(api: Api) -> None:
    spec = api.app.openapi()
    routes = _api_routes(api.app)
    assert {route.path for route in routes} >= {"/api/me", "/api/items", "/api/search"}
    for route in routes:
        assert route.include_in_schema, f"{route.path} is left out of the API description"
        described = spec["paths"].get(route.path)
        assert described is not None, f"{route.path} is missing from /api/openapi.json"
        for method in route.methods - {"HEAD"}:
            operation = described.get(method.lower())
            assert operation is not None, f"{method} {route.path} is not described"
            success = [code for code in operation["responses"] if code.startswith("2")]
            assert success, f"{method} {route.path} describes no successful answer"
            content = operation["responses"][success[0]].get("content", {})
            if route.response_model is None:
                # Files and streams: no model, but a media type other than JSON must be said.
                assert content, f"{method} {route.path} has no response model nor media type"
                assert "application/json" not in content, (
                    f"{method} {route.path} answers JSON without a response model"
                )
            else:
                assert "application/json" in content, f"{method} {route.path}"
                assert content["application/json"].get("schema"), f"{method} {route.path}"
