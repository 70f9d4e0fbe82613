"""Extraction of a stream of items of any length, in this process or in worker processes.

Memory stays bounded: inputs are read a batch at a time and only a few batches are ever in
flight, however many items the stream holds. Workers are spawned (a fork would copy the
parent's database connections) and each loads its models once, on its first batch; results come
back in input order. An item that breaks a recogniser in an unforeseen way gets an empty
proposal with a note instead of ending the stream.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, Final

from docket.errors import DocketError
from docket.extract.act_recall import RecallSettings, act_recall
from docket.extract.document import Extraction, ExtractionInput, extract_documents
from docket.extract.gazetteer import Gazetteer
from docket.extract.trained import TrainedModels

__all__ = ["DEFAULT_BATCH", "extract_stream"]

DEFAULT_BATCH: Final = 32
# Batches queued per worker: enough that a worker never waits for the parent, few enough that
# memory does not grow with the stream.
_AHEAD: Final = 2

_worker_gazetteer: Gazetteer | None = None
_worker_trained: TrainedModels | None = None
_worker_recall: RecallSettings | None = None


def _start_worker(
    gazetteer: Gazetteer | None, trained: TrainedModels | None, recall: RecallSettings | None
) -> None:
    global _worker_gazetteer, _worker_trained, _worker_recall
    _worker_gazetteer = gazetteer
    _worker_trained = trained
    _worker_recall = recall


def _extract_in_worker(batch: list[ExtractionInput]) -> list[Extraction]:
    return extract_batch(batch, _worker_gazetteer, _worker_trained, _worker_recall)


def _failed(given: ExtractionInput, error: Exception) -> Extraction:
    document: dict[str, Any] = {
        "item": given.item_id,
        "language": given.language,
        "document_date": None if given.document_date is None else given.document_date.isoformat(),
        "entities": [],
        "dates": [],
        "counts": [],
        "acts": [],
        "interventions": [],
        "claims": [],
    }
    return Extraction(document, [f"could not be read: extraction failed ({type(error).__name__})"])


def extract_batch(
    batch: list[ExtractionInput],
    gazetteer: Gazetteer | None,
    trained: TrainedModels | None = None,
    recall: RecallSettings | None = None,
) -> list[Extraction]:
    """One batch, models called once for all of it; an item that fails is tried alone."""
    # Made (and the extra's absence told) before any item is read.
    recalling = None if recall is None else act_recall(recall)
    try:
        return list(
            extract_documents(
                batch, gazetteer, batch_size=len(batch), trained=trained, recall=recalling
            )
        )
    except DocketError:
        raise  # a model that is not installed: the user must hear it, not get empty proposals
    except Exception:
        if len(batch) == 1:
            raise
    results: list[Extraction] = []
    for given in batch:
        try:
            results.extend(
                extract_documents(
                    [given], gazetteer, batch_size=1, trained=trained, recall=recalling
                )
            )
        except DocketError:
            raise
        except Exception as error:  # hostile input must not stop a run of thousands
            results.append(_failed(given, error))
    return results


def _batches(inputs: Iterable[ExtractionInput], size: int) -> Iterator[list[ExtractionInput]]:
    iterator = iter(inputs)
    while batch := list(islice(iterator, size)):
        yield batch


def extract_stream(
    inputs: Iterable[ExtractionInput],
    gazetteer: Gazetteer | None,
    *,
    workers: int = 0,
    batch_size: int = DEFAULT_BATCH,
    trained: TrainedModels | None = None,
    recall: RecallSettings | None = None,
) -> Iterator[Extraction]:
    """The extraction of each input, in order; ``workers`` > 0 runs them in that many processes.

    ``trained`` names the archive's own pipelines, used where it has one for the language;
    ``recall``, when given, turns on the recall of acts by sentence embeddings.
    """
    if workers < 0:
        raise DocketError(f"--workers must be 0 or more, not {workers}")
    if batch_size < 1:
        raise DocketError(f"the batch size must be at least 1, not {batch_size}")
    if workers == 0:
        for batch in _batches(inputs, batch_size):
            yield from extract_batch(batch, gazetteer, trained, recall)
        return
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(gazetteer, trained, recall),
    )
    in_flight: deque[Future[list[Extraction]]] = deque()
    try:
        for batch in _batches(inputs, batch_size):
            in_flight.append(pool.submit(_extract_in_worker, batch))
            if len(in_flight) >= workers * _AHEAD:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()
    finally:
        for future in in_flight:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
