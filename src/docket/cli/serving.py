"""``docket serve``: the team's web workspace over this archive."""

from __future__ import annotations

from typing import Annotated

import typer

from docket.cli.context import err, opened, reports_errors
from docket.errors import DocketError


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


@reports_errors
def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. Keep 127.0.0.1 and put a TLS proxy in front to serve "
            "a team; on any other address cookies are sent only over HTTPS."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            help="Worker processes. More than one uses more cores for a busy team; sign-in "
            "attempt limits are then counted per process.",
            min=1,
            max=32,
        ),
    ] = 1,
    insecure_cookies: Annotated[
        bool,
        typer.Option(
            "--insecure-cookies",
            help="Send session cookies over plain HTTP on a non-loopback address. Only for "
            "a closed network you trust: anyone on it could take over a session.",
        ),
    ] = False,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(
            "--trusted-proxy",
            metavar="ADDR",
            help="Address or CIDR block of a reverse proxy whose X-Forwarded-For and "
            "X-Forwarded-Proto are believed (repeatable). From any other peer they are ignored.",
        ),
    ] = None,
) -> None:
    """Run the web workspace: pages for the team and the JSON API under /api.

    Requests are not logged: a logged address would hold what someone searched for.
    """
    from docket.web import WebSettings
    from docket.web.server import run

    settings = WebSettings(
        host=host,
        port=port,
        secure_cookies=False if insecure_cookies else None,
        trusted_proxies=tuple(trusted_proxy or ()),
    )
    with opened(ctx) as archive:
        if not archive.accounts.users():
            raise DocketError(
                "no user can sign in yet: add one first with 'docket user add NAME --role admin'"
            )
        err.print(
            f"Docket is serving {archive.settings.home} on http://{host}:{port}/ (Ctrl+C to stop)"
        )
        run(archive, settings, workers=workers)
