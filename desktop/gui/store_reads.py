"""Plain reads the window needs and no use case offers yet: the units of the store. Qt-free.

(A services.units module would be the better home once someone owns it; these are reads, with no rule in them.)
"""

from __future__ import annotations

from desktop.domain.units import Unit
from desktop.services.session.session import Session
from desktop.store.repositories.units import list_units


def units(session: Session) -> list[Unit]:
    with session.store.transaction() as connection:
        return list_units(connection)


def unit_name(session: Session, code: str | None) -> str | None:
    if code is None:
        return None
    return next((unit.name for unit in units(session) if unit.code == code), None)
