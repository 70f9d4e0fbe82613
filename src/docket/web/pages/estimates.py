"""The Estimates page: how many people no source recorded, by multiple systems estimation.

The table comes either from an uploaded CSV of capture histories (made elsewhere) or from the
archive's person records as the signed-in user may see them (optionally one violation, one table
per stratum). Each method's estimate is shown with its 95% interval, the LCMCR posterior is drawn,
and every warning is shown with the numbers: never an estimate alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from docket.errors import DocketError, TooLarge
from docket.face import (
    ESTIMATION_METHODS,
    ESTIMATION_STRATA,
    MAX_HISTORIES_BYTES,
    Estimation,
    StratifiedEstimation,
    check_methods,
    check_seed,
    estimate,
    parse_histories_csv,
)
from docket.web.auth import Signed, csrf_protected, signed_in
from docket.web.charts import Bar, column_chart
from docket.web.forms import posted_form
from docket.web.i18n import N_
from docket.web.templating import render

router = APIRouter(include_in_schema=False)

SOURCES: Final = ("archive", "table")
POSTERIOR_BINS: Final = 30
# The page waits for the estimate: about five times what Kosovo takes (seconds), no more.
WORK_LIMIT: Final = 2 * 10**9
NO_TABLE: Final = N_("Choose a CSV file of capture histories to upload.")


@dataclass
class Choice:
    source: str = "archive"
    violation: str = ""
    by: str = ""
    methods: list[str] = field(default_factory=lambda: list(ESTIMATION_METHODS))
    seed: str = "1"


def _page(
    request: Request,
    choice: Choice,
    *,
    result: Estimation | StratifiedEstimation | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    strata: list[Estimation] = []
    shared: tuple[str, ...] = ()
    if isinstance(result, StratifiedEstimation):
        strata, shared = list(result.strata), result.warnings
    elif result is not None:
        strata = [result]
    return render(
        request,
        "estimates.html",
        {
            "choice": choice,
            "methods": ESTIMATION_METHODS,
            "strata_choices": ESTIMATION_STRATA,
            "max_bytes": MAX_HISTORIES_BYTES,
            "results": [(stratum, posterior_bars(stratum)) for stratum in strata],
            "column_chart": column_chart,
            "shared_warnings": shared,
            "stratified": isinstance(result, StratifiedEstimation),
            "error": error,
        },
        status_code=status_code,
    )


def posterior_bars(result: Estimation) -> list[Bar] | None:
    """The LCMCR posterior draws of the total in bins (labelled by where each starts), or None
    without LCMCR."""
    if result.posterior is None:
        return None
    counts, edges = np.histogram(result.posterior.pooled, bins=POSTERIOR_BINS)
    return [Bar(f"{round(edges[i]):,}", int(count)) for i, count in enumerate(counts)]


@router.get("/estimates")
def estimates_page(request: Request, signed: Signed = Depends(signed_in)) -> Response:
    return _page(request, Choice())


@router.post("/estimates")
def estimate_page(
    request: Request,
    form: FormData = Depends(posted_form),
    signed: Signed = Depends(csrf_protected),
) -> Response:
    choice = Choice(
        source=_text(form, "source", "archive"),
        violation=_text(form, "violation", "").strip(),
        by=_text(form, "by", ""),
        methods=[value for value in form.getlist("method") if isinstance(value, str)],
        seed=_text(form, "seed", "1").strip(),
    )
    try:
        result = _estimate(signed, choice, form.get("histories"))
    except DocketError as error:
        return _page(request, choice, error=str(error), status_code=400)
    return _page(request, choice, result=result)


def _text(form: FormData, name: str, default: str) -> str:
    value = form.get(name)
    return value[:200] if isinstance(value, str) else default


def _estimate(signed: Signed, choice: Choice, upload: object) -> Estimation | StratifiedEstimation:
    methods = check_methods(choice.methods or ESTIMATION_METHODS)
    seed = check_seed(choice.seed)
    if choice.source not in SOURCES:
        raise DocketError("choose the archive or an uploaded table")
    if choice.by and choice.by not in ESTIMATION_STRATA:
        raise DocketError(f"cannot stratify by {choice.by[:20]!r}")
    if choice.source == "table":
        if not isinstance(upload, UploadFile) or not (upload.filename or upload.size):
            raise DocketError(NO_TABLE)
        data = upload.file.read(MAX_HISTORIES_BYTES + 1)
        if len(data) > MAX_HISTORIES_BYTES:
            raise TooLarge(
                f"the table is larger than {MAX_HISTORIES_BYTES:,} bytes: is it a table of "
                "capture histories?"
            )
        table = parse_histories_csv(data, name=upload.filename or "the table")
        return estimate(table, seed=seed, methods=methods, work_limit=WORK_LIMIT)
    return signed.door.estimate_records(
        seed=seed,
        methods=methods,
        violation=choice.violation or None,
        by=choice.by or None,
        work_limit=WORK_LIMIT,
    )
