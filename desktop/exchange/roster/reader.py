"""The roster workbook (花名册): the officers who must declare, and their units.

The first sheet has a heading row (the first row with 警号 among the first ten) and one officer per row below it.
Columns are found by their Chinese heading, so their order does not matter and extra columns are ignored. Every
problem in every row is reported at once, by sheet, row, column heading and cell, so that one round of corrections
is enough. Identifiers must be text cells: a number cell may already have lost digits (Excel keeps 15 significant
digits and drops leading zeros), so it is reported, never converted.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.identifiers import normalise_id_number
from desktop.domain.officers import Officer
from desktop.domain.problems import Problem, Severity
from desktop.domain.text import clean_text
from desktop.domain.units import Unit
from desktop.domain.validation import validate_officer
from desktop.exchange.problems import SheetProblem
from desktop.exchange.roster.columns import (
    COLUMNS,
    HEADING_SEARCH_ROWS,
    NOTES_SHEET,
    ROSTER_SHEET,
    TEMPLATE_TEXT_ROWS,
    ColumnKind,
    RosterColumn,
)
from desktop.exchange.xlsx.first_sheet import SheetRows, read_first_sheet
from desktop.exchange.xlsx.safety import DEFAULT_LIMITS, Cell, WorkbookLimits, cell_reference
from desktop.i18n import N_

__all__ = [
    "COLUMNS",
    "HEADING_SEARCH_ROWS",
    "NOTES_SHEET",
    "ROSTER_SHEET",
    "TEMPLATE_TEXT_ROWS",
    "ColumnKind",
    "Roster",
    "RosterColumn",
    "read_roster",
    "roster_from_sheet",
]

_MAX_UNIT_CODE = 32  # the store's column width
_YES = "是"
_NO = "否"


@dataclass(frozen=True, slots=True)
class _Place:
    row: int
    column: str
    cell: str

    def problem(
        self,
        sheet: str,
        code: str,
        message: str,
        params: dict[str, object],
        severity: Severity = Severity.ERROR,
    ) -> SheetProblem:
        return SheetProblem(sheet, self.row, self.cell, code, message, params, self.column, severity)


@dataclass
class Roster:
    """What a roster workbook holds: the units named on its rows, the officers of rows without errors, and every
    problem found."""

    sheet: str
    units: list[Unit] = field(default_factory=list)
    officers: list[Officer] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)
    #: where each unit's parent code was given, to locate problems found later against the store
    parent_places: dict[str, _Place] = field(default_factory=dict, repr=False)

    @property
    def errors(self) -> list[SheetProblem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[SheetProblem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


# -- reading -----------------------------------------------------------------------------------------------------------


def read_roster(path: Path | str, today: dt.date, limits: WorkbookLimits = DEFAULT_LIMITS) -> Roster:
    """Read the first sheet of a roster workbook. The file is checked for safety first (UnreadableWorkbook,
    UnsafeWorkbook); problems with its content are returned in ``Roster.problems``, never raised."""
    return roster_from_sheet(read_first_sheet(path, limits), today)


def roster_from_sheet(sheet: SheetRows, today: dt.date) -> Roster:
    """Build the roster from a sheet's values; see read_roster."""
    roster = Roster(sheet.name)
    heading_index = _find_heading_row(sheet.rows)
    if heading_index is None:
        roster.problems.append(
            SheetProblem(
                sheet.name,
                0,
                "",
                "roster.no_heading",
                N_(
                    "No heading row was found: none of the first {count} rows has a cell 警号. Use the roster "
                    "template, or add the heading row above the officers."
                ),
                {"count": HEADING_SEARCH_ROWS},
            )
        )
        return roster
    columns = _map_columns(sheet.name, heading_index + 1, sheet.rows[heading_index], roster.problems)
    if any(p.code == "roster.missing_column" for p in roster.problems):
        return roster  # every row would repeat the same problem
    _RowReader(sheet.name, columns, today, roster).read(sheet.rows, heading_index + 1)
    from desktop.exchange.roster.units import unit_parent_problems  # it builds on this module's Roster

    roster.problems.extend(unit_parent_problems(roster, existing=None))
    return roster


def _heading_text(value: Cell) -> str:
    """A heading as typed, without any white space (including the full-width space) or a required-marker '*'."""
    return re.sub(r"[\s*＊]", "", clean_text(value)) if isinstance(value, str) else ""


_BY_HEADING: dict[str, RosterColumn] = {
    heading: column for column in COLUMNS for heading in (column.heading, *column.aliases)
}


def _find_heading_row(rows: list[list[Cell]]) -> int | None:
    for index, row in enumerate(rows[:HEADING_SEARCH_ROWS]):
        if any(_heading_text(value) == "警号" for value in row):
            return index
    return None


def _map_columns(
    sheet: str, row_number: int, heading_row: list[Cell], problems: list[SheetProblem]
) -> dict[str, tuple[int, RosterColumn]]:
    """Column key -> (0-based index, column). Unknown headings are ignored; duplicates and gaps are problems."""
    found: dict[str, tuple[int, RosterColumn]] = {}
    for index, value in enumerate(heading_row):
        column = _BY_HEADING.get(_heading_text(value))
        if column is None:
            continue
        if column.key in found:
            first = cell_reference(row_number, found[column.key][0] + 1)
            cell = cell_reference(row_number, index + 1)
            problems.append(
                SheetProblem(
                    sheet,
                    row_number,
                    cell,
                    "roster.duplicate_column",
                    N_("The column {column} appears twice in the heading row, at {first} and {cell}; delete one."),
                    {"column": column.heading, "first": first, "cell": cell},
                    column=column.heading,
                )
            )
            continue
        found[column.key] = (index, column)
    for column in COLUMNS:
        if column.required and column.key not in found:
            problems.append(
                SheetProblem(
                    sheet,
                    row_number,
                    "",
                    "roster.missing_column",
                    N_(
                        "The required column {column} is missing. Add it to the heading row; the roster template "
                        "shows every column."
                    ),
                    {"column": column.heading},
                    column=column.heading,
                )
            )
    return found


@dataclass
class _UnitSeen:
    unit: Unit
    row: int


class _RowReader:
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
            if all(_blank(_value(values, position)) for position, _column in self.columns.values()):
                continue
            self._read_row(index + 1, values)
        self.roster.units = [seen.unit for seen in self.units.values() if seen.unit.name]

    # -- one row

    def _read_row(self, row: int, values: list[Cell]) -> None:
        problems: list[SheetProblem] = []
        text: dict[str, str] = {}
        flags: dict[str, bool] = {}
        for key, (position, column) in self.columns.items():
            value = _value(values, position)
            place = self._place(row, key)
            if column.kind is ColumnKind.YES_NO:
                answer = _yes_no(value, place, self.sheet, problems)
                if answer is not None:
                    flags[key] = answer
            else:
                parsed = _text(value, column.kind, place, self.sheet, problems)
                if parsed is not None:
                    text[key] = parsed
        officer = Officer(
            police_number=text.get("police_number", ""),
            name=_clean_name(text.get("name", "")),
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
                problems.append(_located(self.sheet, place, problem))
        problems += self._check_duplicates(row, officer, unreadable)
        problems += self._check_unit(row, text, unreadable)
        self.roster.problems.extend(problems)
        if not any(p.severity is Severity.ERROR for p in problems):
            self.roster.officers.append(officer)

    def _place(self, row: int, key: str) -> _Place:
        position, column = self.columns.get(key, (None, None))
        if position is None or column is None:
            return _Place(row, "", "")
        return _Place(row, column.heading, cell_reference(row, position + 1))

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
        if len(code) > _MAX_UNIT_CODE:
            problems.append(
                self._error(
                    row,
                    "unit_code",
                    "unit_code.length",
                    N_("A unit code has at most {limit} characters."),
                    limit=_MAX_UNIT_CODE,
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


def _located(sheet: str, place: _Place, problem: Problem) -> SheetProblem:
    return place.problem(sheet, problem.code, problem.message, problem.params, problem.severity)


def _value(values: list[Cell], position: int) -> Cell:
    return values[position] if position < len(values) else None


def _blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_number(value: Cell) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(value: Cell, kind: ColumnKind, place: _Place, sheet: str, problems: list[SheetProblem]) -> str | None:
    """The cell as text, or None after reporting why it cannot be used."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value)
    if kind is ColumnKind.IDENTIFIER:
        if _is_number(value):
            problems.append(
                _cell_problem(
                    sheet,
                    place,
                    "cell.number",
                    N_(
                        "This cell holds a number, so digits may have been lost (Excel keeps 15 digits and drops "
                        "leading zeros). Format the column as text, type the value again, and import again."
                    ),
                )
            )
        else:
            problems.append(
                _cell_problem(
                    sheet,
                    place,
                    "cell.not_text",
                    N_("This cell holds {value} instead of text. Format the column as text and type the value again."),
                    value=_plain_text(value),
                )
            )
        return None
    return _plain_text(value)


def _plain_text(value: Cell) -> str:
    """A non-text cell in a free-text column (职级 typed as 4, a date) as the text a person sees."""
    if isinstance(value, bool):
        return _YES if value else _NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # calamine gives whole numbers as floats
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return clean_text(value)


_TRUE_TEXT = {_YES, "TRUE"}
_FALSE_TEXT = {_NO, "FALSE"}


def _yes_no(value: Cell, place: _Place, sheet: str, problems: list[SheetProblem]) -> bool | None:
    """是 or 否 (white space ignored), or a spreadsheet boolean; anything else is reported."""
    if isinstance(value, bool):
        return value
    text = re.sub(r"\s", "", clean_text(value)).upper() if isinstance(value, str) else None
    if text in _TRUE_TEXT:
        return True
    if text in _FALSE_TEXT:
        return False
    if _blank(value):
        problems.append(_cell_problem(sheet, place, "yes_no.missing", N_("Answer 是 (yes) or 否 (no).")))
    else:
        problems.append(
            _cell_problem(
                sheet,
                place,
                "yes_no.invalid",
                N_("{value} is not an answer here: write 是 (yes) or 否 (no)."),
                value=_plain_text(value),
            )
        )
    return None


def _cell_problem(sheet: str, place: _Place, code: str, message: str, /, **params: object) -> SheetProblem:
    return place.problem(sheet, code, message, params)


def _clean_name(name: str) -> str:
    """Remove the spaces people type to align two-character Chinese names (张　三), and only those."""
    squeezed = re.sub(r"\s", "", name)
    if squeezed and all(unicodedata.east_asian_width(ch) == "W" for ch in squeezed):
        return squeezed
    return name
