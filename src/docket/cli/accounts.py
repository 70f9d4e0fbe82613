"""``docket user``: the accounts of the web workspace, managed from the archive's own machine.

Whoever runs these commands acts as an admin; the operating-system user (or ``$DOCKET_ACTOR``)
is named in the chain of custody for every change.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from docket.cli.context import err, opened, out, print_json, reports_errors
from docket.face import AccountError, Accounts, User, current_actor

app = typer.Typer(
    help="Accounts of the web workspace: users, roles, two-factor sign-in, sessions, API tokens.",
    no_args_is_help=True,
)
token_app = typer.Typer(
    help="API tokens that let scripts use the JSON API as a user.", no_args_is_help=True
)
app.add_typer(token_app, name="token")

Name = Annotated[str, typer.Argument(metavar="NAME", help="The user's sign-in name.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="Read the password from the first line of standard input instead of asking twice.",
    ),
]


class Switch(StrEnum):
    ON = "on"
    OFF = "off"


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise AccountError("--password-stdin: standard input is empty")
        return line.rstrip("\r\n")
    password: str = typer.prompt(
        "Password (at least 12 characters)", hide_input=True, confirmation_prompt=True
    )
    return password


def _user(accounts: Accounts, name: str) -> User:
    user = accounts.by_name(name)
    if user is None:
        raise AccountError(f"no user named {name!r}")
    return user


def _two_factor(user: User) -> str:
    if user.totp_enabled:
        return "on"
    return "required" if user.require_2fa else "off"


@app.command("add")
@reports_errors
def add(
    ctx: typer.Context,
    name: Name,
    role: Annotated[
        str, typer.Option(help="admin, editor, analyst or viewer.", show_default=False)
    ],
    display_name: Annotated[
        str | None,
        typer.Option(help="The name shown in the workspace (any script). Default: NAME."),
    ] = None,
    require_2fa: Annotated[
        bool,
        typer.Option(
            "--require-2fa",
            help="The user must set up an authenticator app at first sign-in (admins always must).",
        ),
    ] = False,
    password_stdin: PasswordStdin = False,
) -> None:
    """Add a user who can sign in to the web workspace.

    The password needs at least 12 characters, must not be the name and must not be easy to
    guess (zxcvbn). Without --password-stdin it is asked for twice, hidden.
    """
    password = _password(password_stdin)
    with opened(ctx) as archive:
        user = archive.accounts.add(
            name,
            role,
            password,
            actor=current_actor(),
            display_name=display_name,
            require_2fa=require_2fa,
        )
    needs = " (two-factor sign-in required)" if user.require_2fa else ""
    out.print(f"Added {escape(user.name)} as {user.role.value}{needs}.")


@app.command("set-password")
@reports_errors
def set_password(ctx: typer.Context, name: Name, password_stdin: PasswordStdin = False) -> None:
    """Give a user a new password and sign them out everywhere.

    Also lifts a sign-in pause left by failed attempts. Without --password-stdin the password
    is asked for twice, hidden.
    """
    password = _password(password_stdin)
    with opened(ctx) as archive:
        accounts = archive.accounts
        user = _user(accounts, name)
        accounts.set_password(user.name, password, actor=current_actor())
        ended = accounts.end_sessions(user.id, actor=current_actor())
    out.print(f"New password set for {escape(user.name)}; {ended} session(s) ended.")


@app.command("list")
@reports_errors
def list_users(ctx: typer.Context, as_json: AsJson = False) -> None:
    """List every user with role, two-factor state and whether they may sign in."""
    with opened(ctx) as archive:
        users = archive.accounts.users()
    if as_json:
        print_json([user.to_json() for user in users])
        return
    if not users:
        out.print("No users yet; add one with `docket user add NAME --role admin`.")
        return
    table = Table("name", "display name", "role", "2FA", "status", "created")
    for user in users:
        table.add_row(
            escape(user.name),
            escape(user.display_name),
            user.role.value,
            _two_factor(user),
            "disabled" if user.disabled else "active",
            user.created_at[:16].replace("T", " "),
        )
    out.print(table)


@app.command("disable")
@reports_errors
def disable(ctx: typer.Context, name: Name) -> None:
    """Stop a user signing in: their sessions end and their API tokens stop working.

    Nothing they did is removed; `docket user enable` lets them in again.
    """
    with opened(ctx) as archive:
        user = archive.accounts.disable(name, actor=current_actor())
    out.print(f"Disabled {escape(user.name)}.")


@app.command("enable")
@reports_errors
def enable(ctx: typer.Context, name: Name) -> None:
    """Let a disabled user sign in again (their unrevoked API tokens work again too)."""
    with opened(ctx) as archive:
        user = archive.accounts.enable(name, actor=current_actor())
    out.print(f"Enabled {escape(user.name)}.")


@app.command("reset-2fa")
@reports_errors
def reset_2fa(ctx: typer.Context, name: Name) -> None:
    """Forget a user's authenticator app and recovery codes, e.g. after a lost phone.

    Their sessions end; they set up a new authenticator at their next sign-in.
    """
    with opened(ctx) as archive:
        archive.accounts.reset_2fa(name, actor=current_actor())
    out.print(f"Two-factor sign-in of {escape(name)} reset; they set it up again at sign-in.")


@app.command("end-sessions")
@reports_errors
def end_sessions(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]", help="Whose sessions; everyone's when left out.", show_default=False
        ),
    ] = None,
) -> None:
    """Sign a user (or everyone) out of every browser at once, e.g. after a device is lost."""
    with opened(ctx) as archive:
        accounts = archive.accounts
        user_id = None if name is None else _user(accounts, name).id
        ended = accounts.end_sessions(user_id, actor=current_actor())
    whose = "everyone's" if name is None else f"{escape(name)}'s"
    out.print(f"Ended {ended} of {whose} session(s).")


@app.command("enforce-2fa")
@reports_errors
def enforce_2fa(
    ctx: typer.Context,
    state: Annotated[
        Switch,
        typer.Argument(metavar="on|off", help="on: every user needs an authenticator app."),
    ],
) -> None:
    """Require two-factor sign-in of every user, or only of admins and users marked for it."""
    with opened(ctx) as archive:
        archive.accounts.enforce_2fa(state is Switch.ON, actor=current_actor())
    if state is Switch.ON:
        out.print("Every user now needs two-factor sign-in.")
    else:
        out.print("Two-factor sign-in is now needed by admins and users marked for it only.")


@token_app.command("create")
@reports_errors
def create_token(
    ctx: typer.Context,
    name: Name,
    label: Annotated[
        str, typer.Option(help="What the token is for, e.g. 'nightly export'.", show_default=False)
    ],
    scope: Annotated[
        list[str],
        typer.Option(
            help="read (GET endpoints), write (changes), export (exports) or witness (another "
            "archive's checkpoints, see `docket witness`); repeat for several. "
            "A scope never gives more than the user's role allows.",
            show_default=False,
        ),
    ],
) -> None:
    """Make an API token for NAME and print it once: only its hash is kept.

    Scripts send it as `Authorization: Bearer <token>`. Revoke it when no longer needed.
    """
    with opened(ctx) as archive:
        accounts = archive.accounts
        user = _user(accounts, name)
        token, record = accounts.create_token(user.id, label, scope, actor=current_actor())
    sys.stdout.write(token + "\n")
    err.print(
        f"API token {record.id} for {escape(user.name)} "
        f"({', '.join(sorted(record.scopes))}); it is shown only now, keep it secret."
    )


@token_app.command("list")
@reports_errors
def list_tokens(
    ctx: typer.Context,
    user: Annotated[
        str | None, typer.Option(help="Only this user's tokens.", show_default=False)
    ] = None,
    as_json: AsJson = False,
) -> None:
    """List API tokens (never their text): owner, label, scopes, last use, revoked or not."""
    with opened(ctx) as archive:
        accounts = archive.accounts
        names = {person.id: person.name for person in accounts.users()}
        tokens = accounts.tokens(None if user is None else _user(accounts, user).id)
    if as_json:
        print_json([{**token.to_json(), "user": names[token.user_id]} for token in tokens])
        return
    if not tokens:
        out.print("No API tokens.")
        return
    table = Table("id", "user", "label", "scopes", "created", "last used", "status")
    for token in tokens:
        table.add_row(
            str(token.id),
            escape(names[token.user_id]),
            escape(token.name),
            " ".join(token.to_json()["scopes"]),
            token.created_at[:16].replace("T", " "),
            (token.last_used_at or "never")[:16].replace("T", " "),
            "revoked" if token.revoked else "active",
        )
    out.print(table)


@token_app.command("revoke")
@reports_errors
def revoke_token(
    ctx: typer.Context,
    token_id: Annotated[int, typer.Argument(metavar="ID", help="From `docket user token list`.")],
) -> None:
    """Stop an API token working at once; it stays listed as revoked."""
    with opened(ctx) as archive:
        archive.accounts.revoke_token(token_id, actor=current_actor())
    out.print(f"Revoked API token {token_id}.")
