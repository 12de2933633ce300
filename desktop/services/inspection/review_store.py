"""The inspectors' store on a database server (PostgreSQL), shared by a team of inspectors.

The encrypted SQLite store stays the default. With ``--database-url postgresql+psycopg://user@host/db`` the
inspectors' commands (import, findings, conclude, report, keys, leads, audit verify) work on the server instead: the
same tables (built by the same migrations), the same audit log. The server authenticates the inspector (the URL's
user and password, or the server's own methods), and the audit log names the database role it authenticated:
``--user``, when given, must be that role (``server_setup`` creates one role per inspector). A connection to a host
other than this machine asks for TLS (``sslmode=require``) unless the URL says otherwise. There is no key file beside
a server, so the audit chain's head lives in the database only; what the server does and does not protect is in
docs/review.md ("A team server").
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError

from desktop.domain.accounts import Account
from desktop.domain.roles import Role
from desktop.errors import DeclareError
from desktop.i18n import N_
from desktop.services.clock import Clock, timestamp
from desktop.services.session.session import Session
from desktop.store import schema
from desktop.store.migrations import migrate

SERVER_FORMAT = "officer-declare inspectors' server"
T = TypeVar("T")


class ServerUnavailable(DeclareError):
    def __init__(self, url: str, detail: str) -> None:
        super().__init__(N_("Cannot use the database {url}: {detail}"), url=url, detail=detail)


class ServerUserMismatch(DeclareError):
    def __init__(self, given: str, role: str) -> None:
        super().__init__(
            N_(
                "--user {given} is not the database role {role} this connection logged in as; on a server the audit "
                "log names the role the server authenticated: connect as {given} (one role per inspector), or leave "
                "out --user."
            ),
            given=given,
            role=role,
        )


class ServerStore:
    """What the services need of a store (transactions, the audit head), over any SQLAlchemy engine."""

    demo = False

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def store_id(self) -> str:
        with self.engine.connect() as connection:
            return str(
                connection.execute(select(schema.meta.c.value).where(schema.meta.c.key == "store_id")).scalar() or ""
            )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    def publish_audit_head(self, head: dict[str, object]) -> None:
        """Nothing to do: a server has no key file; its audit chain is checked against the database alone."""

    def lock(self) -> None:
        self.engine.dispose()


def display_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


#: Hosts on this machine: a connection to any other host asks for TLS unless the URL chooses an sslmode itself.
LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})


def effective_url(url: str) -> str:
    """``url`` as it is used: for PostgreSQL on another host without an ``sslmode``, ``sslmode=require`` (the
    inspectors' data and passwords must not cross a network in clear). A Unix socket (a host starting with /) and
    this machine are left as they are."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    host = parsed.host or str(parsed.query.get("host") or "")
    if parsed.get_backend_name() != "postgresql" or host.startswith("/") or host in LOCAL_HOSTS:
        return url
    if "sslmode" in parsed.query:
        return url
    return parsed.update_query_dict({"sslmode": "require"}).render_as_string(hide_password=False)


def open_server(url: str, clock: Clock) -> ServerStore:
    """Connect, and create or upgrade the tables with the same migrations as the encrypted store."""
    shown = display_url(url)
    try:
        engine = create_engine(effective_url(url), pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise ServerUnavailable(shown, str(exc)) from None
    try:
        with engine.begin() as connection:
            migrate(connection)
            meta = schema.meta
            if connection.execute(select(meta.c.key).where(meta.c.key == "store_id")).first() is None:
                connection.execute(
                    meta.insert(),
                    [
                        {"key": "store_id", "value": str(uuid.uuid4())},
                        {"key": "format", "value": SERVER_FORMAT},
                        {"key": "created_at", "value": timestamp(clock)},
                        {"key": "demo", "value": "0"},
                    ],
                )
    except OperationalError as exc:
        engine.dispose()
        raise ServerUnavailable(shown, str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)) from None
    except BaseException:
        engine.dispose()
        raise
    return ServerStore(engine)


def database_role(store: ServerStore) -> str | None:
    """The role the server authenticated (PostgreSQL's ``session_user``); None for a database without roles."""
    if store.engine.dialect.name != "postgresql":
        return None
    with store.engine.connect() as connection:
        return str(connection.execute(text("SELECT session_user")).scalar_one())


def server_session(url: str, login: str | None, clock: Clock) -> Session:
    """An inspector's session on the server at ``url``, acting as the database role the server authenticated;
    ``login`` (``--user``), when given, must be that role."""
    store = open_server(url, clock)
    try:
        role = database_role(store)
        if role is not None and login and login != role:
            raise ServerUserMismatch(login, role)
    except BaseException:
        store.lock()
        raise
    name = role or login or make_url(url).username or "inspector"
    account = Account(
        id=0,
        login=name,
        roles=frozenset({Role.INSPECTOR}),
        police_number=None,
        unit_code=None,
        display_name=name,
        fingerprint="",
    )
    # ServerStore has what the inspection services use of a Store (transactions, the audit head), not its keys.
    return Session(store, account, None, clock)  # type: ignore[arg-type]


def retrying(session: Session, work: Callable[[], T], attempts: int = 5) -> T:
    """Run ``work`` again when a concurrent writer took the same audit-log sequence number, trusted the same key or
    stored the same derived rows first: another inspector on a shared server, or another window or command on the
    same encrypted store (two processes importing at once both digest what was imported)."""
    tries = attempts
    for attempt in range(tries):
        try:
            return work()
        except IntegrityError:
            if attempt == tries - 1:
                raise
    raise AssertionError("unreachable")
