"""Checking the parent units a roster names, against the roster itself and the units already in the store."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from desktop.domain.units import Unit
from desktop.exchange.problems import SheetProblem
from desktop.exchange.roster.reader import Roster
from desktop.i18n import N_


def unit_parent_problems(roster: Roster, existing: Mapping[str, Unit] | None) -> list[SheetProblem]:
    """Parent codes that lead back to their own unit; with ``existing`` (the store's units), also parent codes that
    are neither in the roster nor in the store."""
    parents = {code: unit.parent_code for code, unit in (existing or {}).items()}
    parents.update({unit.code: unit.parent_code for unit in roster.units})
    known = set(parents)
    problems: list[SheetProblem] = []
    for unit in roster.units:
        place = roster.parent_places.get(unit.code)
        if not unit.parent_code or place is None:
            continue
        if existing is not None and unit.parent_code not in known:
            problems.append(
                place.problem(
                    roster.sheet,
                    "parent_code.unknown",
                    N_(
                        "The parent unit {code} is neither in this roster nor in the program; add a row for it, "
                        "or correct the code."
                    ),
                    {"code": unit.parent_code},
                )
            )
        elif _leads_back(unit.code, parents):
            problems.append(
                place.problem(
                    roster.sheet,
                    "parent_code.cycle",
                    N_("Following the parent units from {code} leads back to {code}; correct the parent unit code."),
                    {"code": unit.code},
                )
            )
    return problems


def _leads_back(code: str, parents: Mapping[str, str | None]) -> bool:
    seen: set[str] = set()
    current = parents.get(code)
    while current and current not in seen:
        if current == code:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def existing_units(units: Iterable[Unit]) -> dict[str, Unit]:
    """Index units by code, for unit_parent_problems."""
    return {unit.code: unit for unit in units}
