"""Capture tests run against a web site the suite starts on 127.0.0.1; no test reaches beyond
this machine. Private addresses are refused by default, so every test that captures from the
site says so explicitly: ``private_hosts`` allows exactly the site's own host and port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from docket.capture import CaptureOptions
from tests.capture.site import Site, serve
from tests.e2e.conftest import run as run  # the CLI runner, shared with the e2e tests


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


@pytest.fixture
def options(site: Site) -> CaptureOptions:
    """Capture options that reach the test site, and only it, among private addresses."""
    return CaptureOptions(private_hosts=(site.host,), timeout=20)
