"""The roster workbook (花名册): the officers who must declare, and their units.

The first sheet has a heading row (the first row with 警号 among the first ten) and one officer per row below it.
Columns are found by their Chinese heading, so their order does not matter and extra columns are ignored. Every
problem in every row is reported at once, by sheet, row, column heading and cell, so that one round of corrections
is enough. Identifiers must be text cells: a number cell may already have lost digits (Excel keeps 15 significant
digits and drops leading zeros), so it is reported, never converted.

Here: the heading row and the columns. Each row is read by desktop.exchange.roster.rows, each cell by
desktop.exchange.roster.cells.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.officers import Officer
from desktop.domain.problems import Severity
from desktop.domain.text import clean_text
from desktop.domain.units import Unit
from desktop.exchange.problems import SheetProblem
from desktop.exchange.roster.cells import Place
from desktop.exchange.roster.columns import (
    COLUMNS,
    HEADING_SEARCH_ROWS,
    NOTES_SHEET,
    ROSTER_SHEET,
    TEMPLATE_TEXT_ROWS,
    ColumnKind,
    RosterColumn,
)
from desktop.exchange.roster.rows import RowReader
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


@dataclass
class Roster:
    """What a roster workbook holds: the units named on its rows, the officers of rows without errors, and every
    problem found."""

    sheet: str
    units: list[Unit] = field(default_factory=list)
    officers: list[Officer] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)
    #: where each unit's parent code was given, to locate problems found later against the store
    parent_places: dict[str, Place] = field(default_factory=dict, repr=False)

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
    RowReader(sheet.name, columns, today, roster).read(sheet.rows, heading_index + 1)
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
