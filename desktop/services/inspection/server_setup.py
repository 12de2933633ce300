"""Setting up the inspectors' PostgreSQL server: the tables, one database role per inspector, and what those roles
may do (docs/review.md, "A team server").

The owner (the role that runs ``server setup``) creates and upgrades the tables. Each inspector logs in as a role of
their own, a member of ``officer_declare_inspectors``, which may read and write the inspectors' tables but only
append to the audit log: a trigger refuses any change or deletion of an audit entry, and any new entry whose actor is
not the role writing it. What an owner or a superuser can still do (everything) is said plainly in the docs.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from desktop.errors import DeclareError
from desktop.i18n import N_
from desktop.services.clock import Clock
from desktop.services.inspection.review_store import ServerStore, ServerUnavailable, display_url, open_server

INSPECTORS_ROLE = "officer_declare_inspectors"
_LOGIN = re.compile(r"[a-z][a-z0-9_]{0,62}")

_AUDIT_GUARD = """
CREATE OR REPLACE FUNCTION officer_declare_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.actor IS DISTINCT FROM session_user THEN
            RAISE EXCEPTION 'an audit entry must name the database role that writes it (%), not %',
                session_user, NEW.actor USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER IF EXISTS officer_declare_audit_append_only ON audit_log;
CREATE TRIGGER officer_declare_audit_append_only BEFORE INSERT OR UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION officer_declare_audit_guard();
DROP TRIGGER IF EXISTS officer_declare_audit_no_truncate ON audit_log;
CREATE TRIGGER officer_declare_audit_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION officer_declare_audit_guard();
"""


class NotAServer(DeclareError):
    def __init__(self) -> None:
        super().__init__(N_("Setting up inspectors' roles needs a PostgreSQL server (--database-url postgresql…)."))


class BadLogin(DeclareError):
    def __init__(self, login: str) -> None:
        super().__init__(
            N_(
                "{login} cannot be an inspector's database role: use lower-case letters, digits and _ (at most 63), "
                "starting with a letter."
            ),
            login=login,
        )


def setup_server(url: str, clock: Clock) -> ServerStore:
    """Create or upgrade the tables (as the owner connecting at ``url``), the inspectors' group role, its rights,
    and the audit log's append-only trigger. Running it again is harmless (an upgrade runs it after migrations)."""
    store = open_server(url, clock)
    if store.engine.dialect.name != "postgresql":
        store.lock()
        raise NotAServer()
    try:
        with store.engine.begin() as connection:
            _create_role(connection, f"CREATE ROLE {INSPECTORS_ROLE} NOLOGIN")
            schema_name = connection.execute(text("SELECT current_schema()")).scalar_one()
            quoted = _quote(str(schema_name))
            connection.execute(text(f"GRANT USAGE ON SCHEMA {quoted} TO {INSPECTORS_ROLE}"))
            connection.execute(
                text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {quoted} TO {INSPECTORS_ROLE}")
            )
            connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quoted} TO {INSPECTORS_ROLE}"))
            connection.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {INSPECTORS_ROLE}"))
            # The driver reads % as a parameter mark even with no parameters: PL/pgSQL's own % are doubled.
            connection.exec_driver_sql(_AUDIT_GUARD.replace("%", "%%"))
    except BaseException:
        store.lock()
        raise
    return store


def add_inspector(url: str, login: str, password: str | None, clock: Clock) -> None:
    """Create the database role ``login`` for an inspector (a member of the inspectors' group), with ``password``
    when the server checks passwords (else the server's own methods: peer, certificates)."""
    if not _LOGIN.fullmatch(login):
        raise BadLogin(login)
    store = setup_server(url, clock)
    try:
        with store.engine.begin() as connection:
            _create_role(connection, f"CREATE ROLE {_quote(login)} LOGIN")
            connection.exec_driver_sql(f"GRANT {INSPECTORS_ROLE} TO {_quote(login)}")
            if password is not None:
                literal = connection.execute(text("SELECT quote_literal(:p)"), {"p": password}).scalar_one()
                connection.exec_driver_sql(f"ALTER ROLE {_quote(login)} PASSWORD {literal}")
    except ServerUnavailable:
        raise
    except Exception as exc:
        raise ServerUnavailable(display_url(url), type(exc).__name__) from None
    finally:
        store.lock()


def _create_role(connection: Connection, statement: str) -> None:
    """Run CREATE ROLE unless the role exists; roles belong to the whole cluster, and two set-ups at once may race
    (the loser's error is that the role exists: harmless)."""
    connection.exec_driver_sql(
        f"DO $$ BEGIN {statement}; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
    )


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
