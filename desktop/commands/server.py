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
