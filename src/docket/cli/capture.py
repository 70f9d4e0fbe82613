"""``docket capture``: links kept as web archives (or as files), each one item."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from docket.cli.context import EXIT_PROBLEMS, archive_as, err, out, reports_errors
from docket.errors import DocketError
from docket.face import CaptureOptions, CaptureRequest, CaptureResult, Provenance, read_links
from docket.model.access import LEVELS as CONFIDENTIALITY_LEVELS

DEFAULTS = CaptureOptions()


def register(app: typer.Typer) -> None:
    app.command()(capture)


@reports_errors
def capture(
    ctx: typer.Context,
    urls: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="URL...", help="Links to capture (http or https).", show_default=False
        ),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="A file of links: one URL a line, or CSV rows of URL and note.",
            show_default=False,
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note kept with every capture.")] = None,
    collected_by: Annotated[str | None, typer.Option(help="Who collected the links.")] = None,
    confidentiality: Annotated[
        str,
        typer.Option(
            "--confidentiality",
            help=f"Who may see the captures: {', '.join(CONFIDENTIALITY_LEVELS)}.",
        ),
    ] = "public",
    proxy: Annotated[
        str | None,
        typer.Option(
            envvar="DOCKET_CAPTURE_PROXY",
            help="Fetch through this proxy: socks5://host:port (Tor: socks5://127.0.0.1:9050) "
            "or http://\\[user:password@]host:port.",
            show_default=False,
        ),
    ] = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Also fetch private, loopback and link-local addresses (refused by default: "
            "a capture must not reach into the organisation's network).",
        ),
    ] = False,
    timeout: Annotated[
        float, typer.Option(help="Seconds a page may take to load, everything included.")
    ] = DEFAULTS.timeout,
    max_size: Annotated[
        int, typer.Option(help="Bytes a page may transfer, everything it loads included.")
    ] = DEFAULTS.max_size,
    media: Annotated[
        bool,
        typer.Option(
            "--media/--no-media",
            help="Also fetch the videos and sound a page plays or links to (yt-dlp).",
        ),
    ] = True,
    max_media_size: Annotated[
        int, typer.Option(help="Bytes one media file may have.")
    ] = DEFAULTS.max_media_size,
    max_redirects: Annotated[
        int, typer.Option(help="Redirects a link may take before it is called a loop.", min=0)
    ] = DEFAULTS.max_redirects,
    concurrency: Annotated[
        int, typer.Option(help="Pages captured at the same time (one browser each).", min=1, max=8)
    ] = 2,
    politeness: Annotated[
        float, typer.Option(help="Seconds between two captures from the same host.", min=0)
    ] = 2.0,
    retries: Annotated[
        int, typer.Option(help="Tries again after a time-out or a dropped connection.", min=0)
    ] = 1,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per link on stdout.")
    ] = False,
) -> None:
    """Capture web pages before they disappear: a WACZ web archive of every request and
    response, a full-page screenshot, a PDF print and the main text, as one item.

    A link that answers with something other than a page (an image, a PDF, a video file) is kept
    as a file item. Capturing a link again makes a new item linked to the earlier capture. Exit
    status is 1 when any link could not be captured (each is reported in one line).
    """
    requests = [CaptureRequest(url) for url in urls or []]
    if from_file is not None:
        requests.extend(read_links(from_file))
    if not requests:
        raise DocketError("no links given: name URLs or a file of links with --from")
    options = CaptureOptions.from_env(
        proxy=proxy,
        allow_private=allow_private,
        timeout=timeout,
        max_size=max_size,
        max_redirects=max_redirects,
        media=media,
        max_media_size=max_media_size,
    )
    provenance = Provenance(note=note, collected_by=collected_by, confidentiality=confidentiality)
    tally: Counter[str] = Counter()
    failures: list[CaptureResult] = []
    with archive_as(ctx) as archive:
        for result in archive.captures.capture(
            requests,
            provenance,
            options,
            concurrency=concurrency,
            politeness=politeness,
            retries=retries,
        ):
            tally[result.status] += 1
            if as_json:
                print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
                continue
            _report(result)
            if result.status == "error":
                failures.append(result)
    if not as_json:
        err.print(f"{tally['new']} captured, {tally['error']} not captured")
        for failed in failures:
            err.print(f"  {escape(failed.url)}: {escape(failed.error or '')}")
    if tally["error"]:
        raise typer.Exit(EXIT_PROBLEMS)


def _report(result: CaptureResult) -> None:
    url = escape(result.url)
    if result.status == "error":
        err.print(f"[red]error[/red] {url}: {escape(result.error or '')}")
        return
    what = "page" if result.kind == "page" else "file"
    line = f"item {result.id}: {what} {url} (HTTP {result.http_status})"
    if result.final_url and result.final_url != result.url:
        line += f" → {escape(result.final_url)}"
    if result.earlier_id is not None:
        line += f", earlier capture: item {result.earlier_id}"
    out.print(line)
    for remark in result.notes:
        err.print(f"[yellow]note[/yellow] {url}: {escape(remark)}")
