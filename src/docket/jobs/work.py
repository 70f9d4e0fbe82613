"""What runs as a job: the ingest of uploaded files, the capture of links, reports, proposals
and record linkage (``reporting``, ``proposing``, ``linking``).

Each kind reads its inputs from the job's payload and records what it finished in the job's
result as it goes. A job is run again after a killed attempt: work recorded as finished is not
done twice, and a file whose item the killed attempt committed (found by its SHA-256, which the
job noted before ingesting) is reported as that item, not ingested again.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, select

from docket.capture import CaptureOptions, CaptureRequest, CaptureStore
from docket.db.engine import reading, writing
from docket.db.schema import items
from docket.errors import DocketError
from docket.ingest.containers import ContainerLimits, is_container
from docket.ingest.options import IngestOptions
from docket.ingest.pending import IngestResult
from docket.ingest.provenance import Provenance
from docket.items import ItemStore
from docket.jobs.linking import LINK, link
from docket.jobs.proposing import PROPOSE, propose
from docket.jobs.reporting import REPORT, make_report
from docket.jobs.run import Run
from docket.kernel import Kernel

INGEST: Final = "ingest"
CAPTURE: Final = "capture"
HASH_CHUNK: Final = 1 << 20
HASHES_PER_QUERY: Final = 500


def options_json(options: IngestOptions) -> dict[str, Any]:
    return asdict(options)


def _options(given: Mapping[str, Any]) -> IngestOptions:
    limits = ContainerLimits(**given.get("container_limits", {}))
    return IngestOptions(
        max_size=int(given["max_size"]),
        max_depth=int(given["max_depth"]),
        workers=int(given.get("workers", 0)),
        container_limits=limits,
    )


# -- uploads -----------------------------------------------------------------------------------


def ingest(run: Run) -> None:
    """Ingest a job's files. ``payload["files"]`` lists, in order, ``{"name", "path"}`` (a file
    in the job's folder) or ``{"name", "refused"}`` (refused when it arrived)."""
    files: list[dict[str, Any]] = list(run.payload["files"])
    folder = Path(run.payload["folder"])
    provenance = Provenance(**run.payload["provenance"])
    options = _options(run.payload["options"])
    outcomes: dict[str, list[dict[str, Any]]] = run.result.setdefault("files", {})
    complete: list[int] = run.result.setdefault("complete", [])
    for key in list(outcomes):
        if int(key) not in complete:
            del outcomes[key]  # a killed attempt's partial report of a container
    marks: dict[str, dict[str, Any]] = run.result.setdefault("marks", {})
    pending: dict[int, Path] = {}
    unmarked: dict[int, str] = {}
    for number, entry in enumerate(files):
        if number in complete:
            continue
        if "refused" in entry:
            outcomes[str(number)] = [_outcome(entry["name"], "error", reason=entry["refused"])]
            complete.append(number)
            continue
        path = folder / entry["path"]
        mark = marks.get(str(number))
        if not path.is_file():
            # The folder goes when the files are all ingested: an attempt killed after that,
            # before the job was recorded done, left every file noted and committed.
            committed = (
                None
                if mark is None or mark["existing"] is not None
                else (_item(run.kernel, mark["sha256"]))
            )
            if committed is None or is_container(committed["media_type"]):
                raise DocketError(
                    "the uploaded files are gone (the server that received them stopped, or the "
                    "job folder is not shared with this worker): upload them again"
                )
            outcomes[str(number)] = [_committed(entry["name"], committed)]
            complete.append(number)
            continue
        sha256 = _sha256(path)
        if mark is not None and mark["sha256"] == sha256 and mark["existing"] is None:
            committed = _item(run.kernel, sha256)
            if committed is not None and not is_container(committed["media_type"]):
                # The killed attempt committed this file: report its item, add nothing.
                outcomes[str(number)] = [_committed(entry["name"], committed)]
                complete.append(number)
                continue
        if mark is None:
            unmarked[number] = sha256
        pending[number] = path
    # The marks are committed before any file is ingested, with the items they name read in
    # the same transaction.
    with writing(run.kernel.engine) as connection:
        existing = _items_of(connection, set(unmarked.values()))
        for number, sha256 in unmarked.items():
            marks[str(number)] = {"sha256": sha256, "existing": existing.get(sha256)}
        run.report_in(connection, len(complete))
    by_path = {str(path): number for number, path in pending.items()}
    store = ItemStore(run.kernel, run.viewer)
    current: int | None = None
    for result in store.ingest(list(pending.values()), provenance, options):
        owner = _file_of(result, by_path, current)
        if current is not None and owner != current:
            complete.append(current)
        current = owner
        shown = files[owner]["name"]
        outcomes.setdefault(str(owner), []).append(
            _upload_outcome(result, str(pending[owner]), shown)
        )
        run.report(len(complete))
    if current is not None:
        complete.append(current)
    run.result["outcomes"] = [
        outcome for index in range(len(files)) for outcome in outcomes.get(str(index), [])
    ]
    shutil.rmtree(folder, ignore_errors=True)


def _file_of(result: IngestResult, by_path: Mapping[str, int], current: int | None) -> int:
    """The job file a result is about: a file's members follow the file's own result."""
    number = by_path.get(result.path, current)
    assert number is not None
    return number


def _upload_outcome(result: IngestResult, where: str, shown: str) -> dict[str, Any]:
    return _outcome(
        result.path.replace(where, shown, 1),
        result.status,
        item_id=result.id,
        reason=(result.error or "").replace(where, shown) or None,
        inside=result.parent_id is not None,
        item_level=result.confidentiality,
        provenance_kept_at=result.provenance_kept_at,
    )


def _outcome(
    name: str,
    status: str,
    *,
    item_id: int | None = None,
    reason: str | None = None,
    inside: bool = False,
    item_level: str | None = None,
    provenance_kept_at: str | None = None,
) -> dict[str, Any]:
    return {
        "name": name,
        "status": status,
        "item_id": item_id,
        "reason": reason,
        "inside": inside,
        "item_level": item_level,
        "provenance_kept_at": provenance_kept_at,
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _committed(name: str, item: Mapping[str, Any]) -> dict[str, Any]:
    """The outcome of a file a killed attempt committed: its item, nothing added."""
    return _outcome(name, "new", item_id=item["id"], item_level=item["confidentiality"])


def _items_of(connection: Connection, hashes: set[str]) -> dict[str, int]:
    """An item of each of these hashes that the archive holds; asked for a slice at a time,
    within what a statement may bind on either database."""
    wanted = sorted(hashes)
    found: dict[str, int] = {}
    for start in range(0, len(wanted), HASHES_PER_QUERY):
        chunk = wanted[start : start + HASHES_PER_QUERY]
        rows = connection.execute(
            select(items.c.sha256, items.c.id).where(items.c.sha256.in_(chunk))
        )
        found.update((str(sha256), int(item_id)) for sha256, item_id in rows)
    return found


def _item(kernel: Kernel, sha256: str) -> dict[str, Any] | None:
    with reading(kernel.engine) as connection:
        found = connection.execute(
            select(items.c.id, items.c.media_type, items.c.confidentiality).where(
                items.c.sha256 == sha256
            )
        ).first()
    return None if found is None else dict(found._mapping)


# -- links -------------------------------------------------------------------------------------


def capture(run: Run) -> None:
    """Capture a job's links (``payload["links"]``); a link with a result is not visited
    again."""
    links: list[str] = list(run.payload["links"])
    provenance = Provenance(**run.payload["provenance"])
    outcomes: list[dict[str, Any]] = run.result.setdefault("outcomes", [])
    finished = {outcome["url"] for outcome in outcomes}
    requests = [CaptureRequest(link) for link in links if link not in finished]
    store = CaptureStore(run.kernel, run.viewer)
    for result in store.capture(requests, provenance, CaptureOptions.from_env(), concurrency=2):
        outcomes.append(result.to_json())
        run.report(len(outcomes), now=True)


KINDS: Final[Mapping[str, Callable[[Run], None]]] = {
    INGEST: ingest,
    CAPTURE: capture,
    REPORT: make_report,
    PROPOSE: propose,
    LINK: link,
}
# What a person may ask for without the right to change the archive: a report, made for them.
READING_KINDS: Final = frozenset({REPORT})


def names_of(kind: str, payload: Mapping[str, Any]) -> Iterator[str]:
    """What a job is about, as its owner named it (file names, links)."""
    if kind == INGEST:
        yield from (entry["name"] for entry in payload["files"])
    elif kind == CAPTURE:
        yield from payload["links"]
    elif kind == REPORT:
        yield str(payload["title"])
    elif kind == PROPOSE:
        yield from (f"#{item_id}" for item_id in payload["items"])
    elif kind == LINK:
        yield str(payload["type"])
