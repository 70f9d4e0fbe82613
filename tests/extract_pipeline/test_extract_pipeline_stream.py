"""Many items at once: ranges and --all, streaming in batches, worker processes, failures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.e2e.conftest import Run, json_lines

from docket.extract import document as document_module
from docket.extract.document import ExtractionInput
from docket.extract.recognise import Recognition
from docket.extract.stream import extract_batch, extract_stream

TEXTS = (
    "Former president Almazbek Atambaev was returned to prison on 7 August.\n",
    "Бывший президент Атамбаев переведён из больницы обратно в тюрьму 7 августа.\n",
    "About 1,700 villagers were shot dead in Tash-Bulung on 8 August 2022.\n",
)


def _ingest_three(run: Run, tmp_path: Path) -> None:
    run("init")
    for index, text in enumerate(TEXTS):
        (tmp_path / f"{index}.txt").write_text(text, encoding="utf-8")
        run("ingest", str(tmp_path / f"{index}.txt"))


def test_ranges_and_all(run: Run, tmp_path: Path) -> None:
    _ingest_three(run, tmp_path)

    ranged = json_lines(run("extract", "2-9", "--json"))
    assert [document["item"] for document in ranged] == [2, 3]
    assert ranged[0]["language"] == "ru"
    every = json_lines(run("extract", "--all", "--json"))
    assert [document["item"] for document in every] == [1, 2, 3]
    assert every[1:] == ranged
    assert [d["item"] for d in json_lines(run("extract", "3", "1-2", "3", "--json"))] == [3, 1, 2]

    assert "not both" in run("extract", "--all", "1", code=2).stderr
    assert "--all" in run("extract", code=2).stderr
    assert "backwards" in run("extract", "3-1", code=2).stderr
    assert "no item 7" in run("extract", "1", "7", "--json", code=2).stderr

    proposed = run("propose", "--all")
    assert [line.split(":")[0] for line in proposed.stdout.splitlines()] == [
        "item 1",
        "item 2",
        "item 3",
    ]
    assert "0 new proposals" in run("propose", "1-3").stdout


def test_workers_give_the_same_extraction(run: Run, tmp_path: Path) -> None:
    _ingest_three(run, tmp_path)
    alone = run("extract", "--all", "--json")
    # One spawned worker loads its own models; the result must not depend on where it ran.
    pooled = run("extract", "--all", "--json", "--workers", "1")
    assert json_lines(pooled) == json_lines(alone)
    assert "--workers" in run("extract", "--all", "--workers", "-1", code=2).stderr


def test_stream_reads_its_input_lazily() -> None:
    pulled = 0

    def inputs() -> Iterator[ExtractionInput]:
        nonlocal pulled
        for index in range(1000):
            pulled += 1
            yield ExtractionInput("", index, "en", None)

    stream = extract_stream(inputs(), None, batch_size=4)
    first = next(stream)
    assert first.document["item"] == 0
    assert pulled == 4
    assert sum(1 for _ in stream) == 999


def test_an_item_that_breaks_a_recogniser_gets_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    real = document_module.recognise_many

    def fragile(
        texts: list[tuple[str, str | None]], gazetteer: object, trained: object = None
    ) -> list[Recognition]:
        if any("\x00" in text for text, _ in texts):
            raise IndexError("recogniser bug")
        return real(texts, None)

    monkeypatch.setattr(document_module, "recognise_many", fragile)
    batch = [
        ExtractionInput(TEXTS[0], 1, "en", None),
        ExtractionInput("broken\x00text", 2, "en", None),
        ExtractionInput(TEXTS[2], 3, "en", None),
    ]

    results = extract_batch(batch, None)

    assert [r.document["item"] for r in results] == [1, 2, 3]
    assert results[1].document["entities"] == []
    assert results[1].notes == ["could not be read: extraction failed (IndexError)"]
    assert any(e["name"] == "Almazbek Atambaev" for e in results[0].document["entities"])
    assert results[2].document["counts"][0]["value"] == 1700
