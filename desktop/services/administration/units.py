"""The units of the store, as the window lists them (account dialogs, the units tab, the status bar)."""

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
