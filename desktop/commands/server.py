"""The inspectors' team server: the --database-url option, and a session on the server or on the encrypted store."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from desktop.commands.context import CommandContext
from desktop.i18n import N_, Translator

if TYPE_CHECKING:
    from desktop.commands.registry import CommandGroup
    from desktop.services.session.session import Session

DATABASE_URL_ENV = "OFFICER_DECLARE_DATABASE_URL"


def database_url_option(sub: argparse.ArgumentParser, t: Translator) -> argparse.ArgumentParser:
    """Add --database-url to an inspectors' command."""
    sub.add_argument(
        "--database-url",
        help=t(
            N_(
                "the inspectors' PostgreSQL server, e.g. postgresql+psycopg://user@host/db (default: "
                "OFFICER_DECLARE_DATABASE_URL, else the encrypted store)"
            )
        ),
    )
    return sub


@contextlib.contextmanager
def inspector_session(ctx: CommandContext) -> Iterator[Session]:
    """The encrypted store (logged in), or the server named by --database-url (or OFFICER_DECLARE_DATABASE_URL)."""
    url = getattr(ctx.args, "database_url", None) or os.environ.get(DATABASE_URL_ENV)
    if not url:
        with ctx.logged_in() as session:
            yield session
        return
    from desktop.services.inspection.review_store import server_session

    session = server_session(url, ctx.args.user or os.environ.get("OFFICER_DECLARE_USER"), ctx.clock)
    try:
        yield session
    finally:
        session.lock()


# -- server setup / add-inspector --------------------------------------------------------------------------------


def _server_url(ctx: CommandContext) -> str:
    from desktop.commands.context import UsageError

    url = getattr(ctx.args, "database_url", None) or os.environ.get(DATABASE_URL_ENV)
    if not url:
        raise UsageError(N_("Name the server with --database-url (or OFFICER_DECLARE_DATABASE_URL)."))
    return str(url)


def cmd_server_setup(ctx: CommandContext) -> int:
    from desktop.services.inspection.review_store import display_url
    from desktop.services.inspection.server_setup import INSPECTORS_ROLE, setup_server

    url = _server_url(ctx)
    setup_server(url, ctx.clock).lock()
    ctx.say(
        N_(
            "The server {url} is set up: the tables are current, inspectors' roles are members of {group}, and the "
            "audit log is append-only for them. Add each inspector with 'server add-inspector LOGIN'."
        ),
        url=display_url(url),
        group=INSPECTORS_ROLE,
    )
    return 0


def cmd_server_add_inspector(ctx: CommandContext) -> int:
    from desktop.services.inspection.server_setup import add_inspector

    url = _server_url(ctx)
    password = ctx.passwords.new(ctx.args.login) if ctx.args.with_password else None
    add_inspector(url, ctx.args.login, password, ctx.clock)
    ctx.say(
        N_("The inspector {login} can now log in to the server as the database role {login}."), login=ctx.args.login
    )
    return 0


def register(commands: CommandGroup) -> None:
    """server setup / add-inspector (the team server's owner)."""
    t = commands.t
    server = commands.group("server", N_("the inspectors' team server (PostgreSQL): set-up by its owner"))
    database_url_option(
        server.command("setup", N_("create or upgrade the tables and the inspectors' rights"), cmd_server_setup), t
    )
    add = database_url_option(
        server.command("add-inspector", N_("create an inspector's database role"), cmd_server_add_inspector), t
    )
    add.add_argument("login", help=t(N_("the inspector's login, which is the database role")))
    add.add_argument(
        "--with-password",
        action="store_true",
        help=t(N_("give the role a password (asked, or OFFICER_DECLARE_NEW_PASSWORD) for servers that check them")),
    )
