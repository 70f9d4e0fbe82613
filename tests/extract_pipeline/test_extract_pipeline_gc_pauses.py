"""A batch of extraction runs without the cyclic collector's passes, and gives it back after."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from docket.extract.document import ExtractionInput, _extract_batch_unpaused, extract_documents
from docket.gc_pauses import without_gc_pauses

_TEXT = (
    "Journalist Aibek Osmonov was detained in Bishkek on 3 May. The family of Aibek Osmonov "
    "asked for two urgent surgeries; the request was refused. About 40 protesters were beaten "
    "by police officers, and the Ombudsman called for an investigation."
)


@pytest.fixture
def passes() -> Iterator[list[int]]:
    """The generation of each pass the collector starts, with passes made frequent: a few
    hundred container objects made without a pass would be a pause."""
    started: list[int] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(info["generation"])

    threshold = gc.get_threshold()
    gc.set_threshold(100, 10, 10)
    gc.callbacks.append(record)
    try:
        yield started
    finally:
        gc.callbacks.remove(record)
        gc.set_threshold(*threshold)


def test_a_batch_runs_without_collector_passes(passes: list[int]) -> None:
    inputs = [ExtractionInput(_TEXT, language="en") for _ in range(8)]
    list(extract_documents(inputs[:1], None))  # models loaded outside the count
    passes.clear()
    found = list(extract_documents(inputs, None, batch_size=8))
    # One pass at most: the first allocation after the batch may start the one it put off.
    assert len(passes) <= 1
    assert gc.isenabled()
    # The same batch with the collector running passes over it many times, and proposes the
    # same.
    passes.clear()
    unpaused = _extract_batch_unpaused(inputs, None, None, None)
    assert len(passes) > 5
    assert [one.document for one in found] == [one.document for one in unpaused]


def test_the_collector_is_given_back_between_batches() -> None:
    seen: list[bool] = []
    inputs = (ExtractionInput(_TEXT, language="en") for _ in range(3))
    for _ in extract_documents(inputs, None, batch_size=1):
        seen.append(gc.isenabled())
    assert seen == [True, True, True]


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        list(extract_documents([ExtractionInput(_TEXT, language="en")], None))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_after_an_error() -> None:
    inside: list[bool] = []

    def fail() -> None:
        with without_gc_pauses():
            inside.append(gc.isenabled())
            raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        fail()
    assert inside == [False]
    assert gc.isenabled()
