"""The officer rows of a roster sheet: each row's values and problems, the officer of a row without errors, the units
named on the rows (one code, one name, parent and jurisdiction on every row that gives them), and duplicates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.domain.identifiers import normalise_id_number
from desktop.domain.officers import Officer
from desktop.domain.problems import Severity
from desktop.domain.units import Unit
from desktop.domain.validation import validate_officer
from desktop.exchange.problems import SheetProblem
from desktop.exchange.roster.cells import Place, blank, cell_text, clean_name, located, value_at, yes_no
from desktop.exchange.roster.columns import ColumnKind, RosterColumn
from desktop.exchange.xlsx.safety import Cell, cell_reference
from desktop.i18n import N_

if TYPE_CHECKING:
    from desktop.exchange.roster.reader import Roster

MAX_UNIT_CODE = 32  # the store's column width


@dataclass
class _UnitSeen:
    unit: Unit
    row: int


class RowReader:
    """Reads the officer rows of one sheet, collecting values, problems, units and duplicates."""

    def __init__(
        self, sheet: str, columns: dict[str, tuple[int, RosterColumn]], today: dt.date, roster: Roster
    ) -> None:
        self.sheet = sheet
        self.columns = columns
        self.today = today
        self.roster = roster
        self.police_numbers: dict[str, int] = {}
        self.id_numbers: dict[str, int] = {}
        self.units: dict[str, _UnitSeen] = {}

    def read(self, rows: list[list[Cell]], first_index: int) -> None:
        for index in range(first_index, len(rows)):
            values = rows[index]
            if all(blank(value_at(values, position)) for position, _column in self.columns.values()):
                continue
            self._read_row(index + 1, values)
        self.roster.units = [seen.unit for seen in self.units.values() if seen.unit.name]

    # -- one row

    def _read_row(self, row: int, values: list[Cell]) -> None:
        problems: list[SheetProblem] = []
        text: dict[str, str] = {}
        flags: dict[str, bool] = {}
        for key, (position, column) in self.columns.items():
            value = value_at(values, position)
            place = self._place(row, key)
            if column.kind is ColumnKind.YES_NO:
                answer = yes_no(value, place, self.sheet, problems)
                if answer is not None:
                    flags[key] = answer
            else:
                parsed = cell_text(value, column.kind, place, self.sheet, problems)
                if parsed is not None:
                    text[key] = parsed
        officer = Officer(
            police_number=text.get("police_number", ""),
            name=clean_name(text.get("name", "")),
            id_number=normalise_id_number(text.get("id_number", "")),
            unit_code=text.get("unit_code", ""),
            position=text.get("position", ""),
            rank_level=text.get("rank_level", ""),
            is_leadership_member=flags.get("is_leadership_member", False),
            is_unit_head=flags.get("is_unit_head", False),
            is_division_level=flags.get("is_division_level", False),
        )
        unreadable = {p.column for p in problems}  # a cell already reported is not validated again
        for problem in validate_officer(officer, self.today):
            place = self._place(row, problem.path)
            if place.column not in unreadable:
                problems.append(located(self.sheet, place, problem))
        problems += self._check_duplicates(row, officer, unreadable)
        problems += self._check_unit(row, text, unreadable)
        self.roster.problems.extend(problems)
        if not any(p.severity is Severity.ERROR for p in problems):
            self.roster.officers.append(officer)

    def _place(self, row: int, key: str) -> Place:
        position, column = self.columns.get(key, (None, None))
        if position is None or column is None:
            return Place(row, "", "")
        return Place(row, column.heading, cell_reference(row, position + 1))

    def _heading(self, key: str) -> str:
        return self.columns[key][1].heading

    def _check_duplicates(self, row: int, officer: Officer, unreadable: set[str]) -> list[SheetProblem]:
        problems: list[SheetProblem] = []
        number = officer.police_number
        if number and self._heading("police_number") not in unreadable:
            first = self.police_numbers.setdefault(number, row)
            if first != row:
                problems.append(
                    self._error(
                        row,
                        "police_number",
                        "police_number.duplicate",
                        N_("The police number {number} is in row {first_row} and in row {row}; one row per officer."),
                        number=number,
                        first_row=first,
                        row=row,
                    )
                )
        if officer.id_number and self._heading("id_number") not in unreadable:
            # the number itself stays out of the message: messages end up in logs and reports
            first = self.id_numbers.setdefault(officer.id_number, row)
            if first != row:
                problems.append(
                    self._error(
                        row,
                        "id_number",
                        "id_number.duplicate",
                        N_("The same ID number is in row {first_row} and in row {row}; one row per person."),
                        first_row=first,
                        row=row,
                    )
                )
        return problems

    def _check_unit(self, row: int, text: dict[str, str], unreadable: set[str]) -> list[SheetProblem]:
        code = text.get("unit_code", "")
        if not code or self._heading("unit_code") in unreadable:
            return []
        problems: list[SheetProblem] = []
        if len(code) > MAX_UNIT_CODE:
            problems.append(
                self._error(
                    row,
                    "unit_code",
                    "unit_code.length",
                    N_("A unit code has at most {limit} characters."),
                    limit=MAX_UNIT_CODE,
                )
            )
        name = text.get("unit_name", "")
        if not name and "unit_name" in text:
            problems.append(self._error(row, "unit_name", "unit_name.missing", N_("The unit name is missing.")))
        parent = text.get("parent_code", "")
        if parent and parent == code:
            problems.append(
                self._error(row, "parent_code", "parent_code.self", N_("A unit cannot be its own parent unit."))
            )
        parent_code = parent if parent and parent != code else None
        unit = Unit(code, name, parent_code, text.get("jurisdiction", ""))
        seen = self.units.get(code)
        if seen is None:
            self.units[code] = _UnitSeen(unit, row)
            if parent_code:
                self.roster.parent_places[code] = self._place(row, "parent_code")
            return problems
        return problems + self._merge_unit(row, seen, unit)

    def _merge_unit(self, row: int, seen: _UnitSeen, unit: Unit) -> list[SheetProblem]:
        """A unit on several rows must say the same each time; a blank cell says nothing."""
        problems: list[SheetProblem] = []
        known = seen.unit
        checks = (
            (
                "unit_name",
                known.name,
                unit.name,
                N_("Unit {code} is named {first} in row {first_row} but {other} here; one unit code, one name."),
            ),
            (
                "parent_code",
                known.parent_code or "",
                unit.parent_code or "",
                N_("Unit {code} has the parent unit {first} in row {first_row} but {other} here."),
            ),
            (
                "jurisdiction",
                known.jurisdiction,
                unit.jurisdiction,
                N_("Unit {code} has the jurisdiction {first} in row {first_row} but {other} here."),
            ),
        )
        for key, first, other, message in checks:
            if first and other and first != other:
                problems.append(
                    self._error(
                        row,
                        key,
                        f"unit.{key}_conflict",
                        message,
                        code=unit.code,
                        first=first,
                        first_row=seen.row,
                        other=other,
                    )
                )
        seen.unit = Unit(
            known.code,
            known.name or unit.name,
            known.parent_code or unit.parent_code,
            known.jurisdiction or unit.jurisdiction,
        )
        if unit.parent_code and not known.parent_code:
            self.roster.parent_places[unit.code] = self._place(row, "parent_code")
        return problems

    def _error(self, row: int, key: str, code: str, message: str, /, **params: object) -> SheetProblem:
        place = self._place(row, key)
        return place.problem(self.sheet, code, message, params)
