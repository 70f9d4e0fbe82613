"""The ``docket`` command driven in-process, as in the end-to-end tests."""

from __future__ import annotations

from tests.e2e.conftest import run

__all__ = ["run"]
