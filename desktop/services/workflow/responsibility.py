"""Who countersigns whose declaration (逐级包保, level-by-level responsibility).

An account with the unit-head role for unit U countersigns the declarations of the officers of U, except its own
and except U's head's; the head of a unit is countersigned by a head of the unit above. When a unit has no head
account, its officers go to the next unit up that has one. Nobody ever countersigns their own declaration.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from desktop.domain.officers import Officer
from desktop.domain.roles import Role
from desktop.domain.units import Unit
from desktop.store import schema
from desktop.store.repositories.units import list_units


def head_accounts_by_unit(connection: Connection) -> dict[str, set[str]]:
    """unit code → police numbers (or logins, for heads without one) of the accounts holding the unit-head role."""
    a, r = schema.accounts, schema.account_roles
    query = (
        select(a.c.unit_code, a.c.police_number, a.c.login)
        .join(r, r.c.account_id == a.c.id)
        .where(r.c.role == Role.UNIT_HEAD.value, a.c.disabled.is_(False))
    )
    heads: dict[str, set[str]] = {}
    for unit_code, police_number, login in connection.execute(query):
        if unit_code:
            heads.setdefault(unit_code, set()).add(police_number or f"login:{login}")
    return heads


def responsible_unit(officer: Officer, units: dict[str, Unit], heads: dict[str, set[str]]) -> str | None:
    """The unit whose head accounts countersign ``officer``'s declaration, or None when no one in this store can."""
    code: str | None = officer.unit_code
    if officer.is_unit_head:
        unit = units.get(officer.unit_code)
        code = unit.parent_code if unit else None
    seen: set[str] = set()
    while code is not None and code not in seen:
        seen.add(code)
        if heads.get(code, set()) - {officer.police_number}:
            return code
        unit = units.get(code)
        code = unit.parent_code if unit else None
    return None


class Responsibility:
    """Answers 'may this head countersign this officer?' for one transaction's view of units and heads."""

    def __init__(self, connection: Connection) -> None:
        self.units = {u.code: u for u in list_units(connection)}
        self.heads = head_accounts_by_unit(connection)

    def may_countersign(self, head_unit: str | None, head_police_number: str | None, officer: Officer) -> bool:
        if head_unit is None or officer.police_number == head_police_number:
            return False
        return responsible_unit(officer, self.units, self.heads) == head_unit
