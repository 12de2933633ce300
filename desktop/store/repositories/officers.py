"""Officers on the roster."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select

from desktop.domain.officers import Officer
from desktop.store import schema

_T = schema.officers


def _row(officer: Officer) -> dict[str, object]:
    return {**officer.to_dict(), "on_roster": True}


def _officer(row: dict[str, Any]) -> Officer:
    return Officer(
        police_number=row["police_number"],
        name=row["name"],
        id_number=row["id_number"],
        unit_code=row["unit_code"],
        position=row["position"],
        rank_level=row["rank_level"],
        is_leadership_member=bool(row["is_leadership_member"]),
        is_unit_head=bool(row["is_unit_head"]),
        is_division_level=bool(row["is_division_level"]),
    )


def save_officers(connection: Connection, officers: Iterable[Officer]) -> tuple[int, int]:
    """Insert new officers and update known ones (by police number); returns (added, updated). Bulk inserts."""
    items = list(officers)
    existing = set(connection.execute(select(_T.c.police_number)).scalars())
    inserts = [_row(o) for o in items if o.police_number not in existing]
    updates = [o for o in items if o.police_number in existing]
    if inserts:
        connection.execute(_T.insert(), inserts)
    for officer in updates:
        connection.execute(_T.update().where(_T.c.police_number == officer.police_number).values(**_row(officer)))
    return len(inserts), len(updates)


def list_officers(connection: Connection, unit_code: str | None = None) -> list[Officer]:
    query = select(_T).where(_T.c.on_roster.is_(True)).order_by(_T.c.unit_code, _T.c.police_number)
    if unit_code is not None:
        query = query.where(_T.c.unit_code == unit_code)
    return [_officer(dict(r)) for r in connection.execute(query).mappings()]


def get_officer(connection: Connection, police_number: str) -> Officer | None:
    row = connection.execute(select(_T).where(_T.c.police_number == police_number)).mappings().first()
    return _officer(dict(row)) if row else None


def names_and_units(connection: Connection) -> dict[str, tuple[str, str]]:
    """Every officer's (name, unit code) by police number, in one query."""
    query = select(_T.c.police_number, _T.c.name, _T.c.unit_code)
    return {number: (name, unit) for number, name, unit in connection.execute(query)}


def count_officers(connection: Connection) -> int:
    return connection.execute(select(func.count()).select_from(_T).where(_T.c.on_roster.is_(True))).scalar_one()
