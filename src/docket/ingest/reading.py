"""Reading one file: its text and language, in this process or in worker processes.

``read`` takes and returns only picklable values, so a pool of spawned workers can run it.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from docket.errors import DocketError
from docket.ingest.formats import Extraction, extract
from docket.ingest.language import detect_language

Reading = tuple[Extraction | None, str | None, str | None]


def read(path: Path, media_type: str) -> Reading:
    """Extract the text of one file and identify its language: (extraction, language, failure).

    Runs in worker processes for large batches, so it takes and returns only picklable values.
    """
    try:
        extraction = extract(path, media_type)
    except DocketError as error:
        return None, None, str(error)
    except Exception as error:  # a parser bug on hostile input must not stop the batch
        return None, None, f"reader failed ({type(error).__name__})"
    # Worker results cross a process boundary: a read-only mapping view cannot be pickled.
    portable = dataclasses.replace(extraction, metadata=dict(extraction.metadata))
    return portable, detect_language(extraction.text), None


def reader_pool(workers: int) -> ProcessPoolExecutor:
    # Spawned, not forked: a fork would copy the parent's open database connections.
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
