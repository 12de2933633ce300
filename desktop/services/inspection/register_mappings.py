"""Column mappings for register extracts, remembered by name in the store (headings differ between provinces)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, select

from desktop.exchange.registers.columns import RegisterKind
from desktop.services.clock import timestamp
from desktop.store import schema

if TYPE_CHECKING:
    from desktop.services.session.session import Session

_M = schema.register_mappings


def save(connection: Connection, name: str, kind: RegisterKind, columns: dict[str, str], session: Session) -> None:
    """Remember ``columns`` (heading → field) as ``name``, replacing what was remembered under it."""
    connection.execute(delete(_M).where(_M.c.name == name))
    connection.execute(
        _M.insert().values(
            name=name,
            kind=kind.value,
            columns=json.dumps(columns, ensure_ascii=False, sort_keys=True),
            updated_at=timestamp(session.clock),
            updated_by=session.account.login,
        )
    )


def load(connection: Connection, name: str) -> dict[str, str] | None:
    found = connection.execute(select(_M.c.columns).where(_M.c.name == name)).scalar()
    return dict(json.loads(found)) if found is not None else None


def names(connection: Connection) -> list[tuple[str, str]]:
    """(name, kind) of every remembered mapping."""
    return [(r.name, r.kind) for r in connection.execute(select(_M.c.name, _M.c.kind).order_by(_M.c.name))]
