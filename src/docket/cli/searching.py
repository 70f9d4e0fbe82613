"""``docket search`` and ``docket items``: finding evidence across scripts and spellings."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer
from rich.markup import escape

from docket.cli.context import (
    AsRole,
    archive_as,
    opened,
    out,
    reports_errors,
    search_index_progress,
)
from docket.face import SearchFilters, SearchHit, render_snippet
from docket.model.access import LEVELS


def register(app: typer.Typer) -> None:
    app.command()(search)
    app.command()(items)
    app.command()(reindex)


@reports_errors
def reindex(ctx: typer.Context) -> None:
    """Rebuild the archive's search index from its database.

    The index is derived data and catches up by itself; rebuild it after a disk error, or to
    compact it after many changes. On PostgreSQL, run it on the host whose web workers should
    use the index: that host becomes the search host. Archives with DOCKET_SEARCH=database
    search with the database's own full-text index and have nothing to rebuild.
    """
    with opened(ctx) as archive, search_index_progress("rebuilding") as advanced:
        count = archive.reindex(advanced)
    if count is None:
        out.print("This archive searches with its database's full-text index: nothing to rebuild.")
    else:
        out.print(f"Rebuilt the search index: {count:,} items.")


@reports_errors
def search(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            help='Words (all must match), "a phrase", prefix*, -excluded, a OR b. '
            "Names match across Latin and Cyrillic spellings and case endings.",
            show_default=False,
        ),
    ],
    language: Annotated[
        str | None, typer.Option(help="Only items in this language (en, ru, ky…).")
    ] = None,
    date_from: Annotated[
        datetime | None,
        typer.Option("--from", formats=["%Y-%m-%d"], help="Published or collected on or after."),
    ] = None,
    date_to: Annotated[
        datetime | None,
        typer.Option("--to", formats=["%Y-%m-%d"], help="Published or collected on or before."),
    ] = None,
    media_type: Annotated[
        str | None,
        typer.Option("--type", help="pdf, html, docx, text, email, image, zip, or a media type."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Most results to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    as_role: AsRole = None,
) -> None:
    """Search working copies and metadata, best matches first (BM25)."""
    filters = SearchFilters(
        language=language,
        date_from=date_from.date() if date_from else None,
        date_to=date_to.date() if date_to else None,
        media_type=media_type,
    )
    with archive_as(ctx, as_role) as archive:
        hits = archive.items.search(query, filters, limit)
    if as_json:
        print(json.dumps([_json(hit) for hit in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        out.print("No matches.")
        return
    for rank, hit in enumerate(hits, start=1):
        title = escape(hit.title or "(untitled)")
        out.print(
            f"[bold]{rank}. {title}[/bold]  [dim]item {hit.item_id} · score {hit.score:.3g}[/dim]"
        )
        out.print("   " + _highlighted(hit))


@reports_errors
def items(
    ctx: typer.Context,
    language: Annotated[
        str | None, typer.Option(help="Only items in this language (en, ru, ky…).")
    ] = None,
    media_type: Annotated[
        str | None,
        typer.Option("--type", help="pdf, html, docx, text, email, image, zip, or a media type."),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(help=f"Only items at this confidentiality level: {', '.join(LEVELS)}."),
    ] = None,
    parent: Annotated[
        int | None, typer.Option(help="Only the members of this container item.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=500, help="Items per page.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many items first.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
    as_role: AsRole = None,
) -> None:
    """List items, newest first, with how many there are in all."""
    filters = SearchFilters(language=language, media_type=media_type, level=level)
    with archive_as(ctx, as_role) as archive:
        page = archive.items.browse(filters, limit=limit, offset=offset, parent_id=parent)
    if as_json:
        print(json.dumps({"total": page.total, "items": page.items}, ensure_ascii=False))
        return
    if not page.items:
        out.print("No items.")
        return
    for item in page.items:
        title = escape(item["title"] or item["original_name"] or "(untitled)")
        out.print(
            f"[bold]{item['id']}[/bold] {title}  [dim]{item['media_type']} · "
            f"{item['language'] or '?'} · {item['confidentiality']} · "
            f"{item['published'] or item['collected_at'][:10]}[/dim]"
        )
    shown = offset + len(page.items)
    out.print(f"[dim]{offset + 1}–{shown} of {page.total}[/dim]")


def _json(hit: SearchHit) -> dict[str, object]:
    return {
        "id": hit.item_id,
        "title": hit.title,
        "score": round(hit.score, 4),
        "snippet": render_snippet(hit),
    }


def _highlighted(hit: SearchHit) -> str:
    parts: list[str] = []
    cursor = 0
    for start, end in hit.highlights:
        parts.append(escape(hit.snippet[cursor:start]))
        parts.append(f"[reverse]{escape(hit.snippet[start:end])}[/reverse]")
        cursor = end
    parts.append(escape(hit.snippet[cursor:]))
    return "".join(parts).replace("\n", " ")
