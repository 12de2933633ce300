"""Units in the store."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from desktop.domain.units import Unit
from desktop.store import schema

_T = schema.units


def _row(unit: Unit) -> dict[str, object]:
    return {"code": unit.code, "name": unit.name, "parent_code": unit.parent_code, "jurisdiction": unit.jurisdiction}


def save_units(connection: Connection, units: Iterable[Unit]) -> None:
    """Insert or update units; parents are written before their children."""
    pending = {u.code: u for u in units}
    existing = set(connection.execute(select(_T.c.code)).scalars())
    ordered: list[Unit] = []
    placed: set[str] = set(existing)
    while pending:
        ready = [
            u
            for u in pending.values()
            if u.parent_code is None or u.parent_code in placed or u.parent_code not in pending
        ]
        if not ready:  # a cycle: write the rest as given and let the foreign key speak
            ready = list(pending.values())
        for unit in ready:
            ordered.append(unit)
            placed.add(unit.code)
            del pending[unit.code]
    inserts = [_row(u) for u in ordered if u.code not in existing]
    updates = [u for u in ordered if u.code in existing]
    if inserts:
        connection.execute(_T.insert(), inserts)
    for unit in updates:
        connection.execute(_T.update().where(_T.c.code == unit.code).values(**_row(unit)))


def list_units(connection: Connection) -> list[Unit]:
    rows = connection.execute(select(_T).order_by(_T.c.code)).mappings()
    return [
        Unit(code=r["code"], name=r["name"], parent_code=r["parent_code"], jurisdiction=r["jurisdiction"]) for r in rows
    ]


def get_unit(connection: Connection, code: str) -> Unit | None:
    row = connection.execute(select(_T).where(_T.c.code == code)).mappings().first()
    if row is None:
        return None
    return Unit(code=row["code"], name=row["name"], parent_code=row["parent_code"], jurisdiction=row["jurisdiction"])
