"""One cell of the roster as a value: text (identifiers only from text cells: a number cell may have lost digits),
是/否 answers, names typed with aligning spaces; every problem located by sheet, row, column heading and cell.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from desktop.domain.problems import Problem, Severity
from desktop.domain.text import clean_text
from desktop.exchange.problems import SheetProblem
from desktop.exchange.roster.columns import ColumnKind
from desktop.exchange.xlsx.safety import Cell
from desktop.i18n import N_

YES = "是"
NO = "否"


@dataclass(frozen=True, slots=True)
class Place:
    """Where a value is: its row, its column's heading and its cell ('C7')."""

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


def located(sheet: str, place: Place, problem: Problem) -> SheetProblem:
    """A problem the core found in an officer field, at the cell it came from."""
    return place.problem(sheet, problem.code, problem.message, problem.params, problem.severity)


def value_at(values: list[Cell], position: int) -> Cell:
    """The cell at ``position`` of a row (a short row ends in empty cells)."""
    return values[position] if position < len(values) else None


def blank(value: Cell) -> bool:
    """Empty, or only white space."""
    return value is None or (isinstance(value, str) and not value.strip())


def _is_number(value: Cell) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def cell_text(value: Cell, kind: ColumnKind, place: Place, sheet: str, problems: list[SheetProblem]) -> str | None:
    """The cell as text, or None after reporting why it cannot be used."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value)
    if kind is ColumnKind.IDENTIFIER:
        if _is_number(value):
            problems.append(
                cell_problem(
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
                cell_problem(
                    sheet,
                    place,
                    "cell.not_text",
                    N_("This cell holds {value} instead of text. Format the column as text and type the value again."),
                    value=plain_text(value),
                )
            )
        return None
    return plain_text(value)


def plain_text(value: Cell) -> str:
    """A non-text cell in a free-text column (职级 typed as 4, a date) as the text a person sees."""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # calamine gives whole numbers as floats
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return clean_text(value)


_TRUE_TEXT = {YES, "TRUE"}
_FALSE_TEXT = {NO, "FALSE"}


def yes_no(value: Cell, place: Place, sheet: str, problems: list[SheetProblem]) -> bool | None:
    """是 or 否 (white space ignored), or a spreadsheet boolean; anything else is reported."""
    if isinstance(value, bool):
        return value
    text = re.sub(r"\s", "", clean_text(value)).upper() if isinstance(value, str) else None
    if text in _TRUE_TEXT:
        return True
    if text in _FALSE_TEXT:
        return False
    if blank(value):
        problems.append(cell_problem(sheet, place, "yes_no.missing", N_("Answer 是 (yes) or 否 (no).")))
    else:
        problems.append(
            cell_problem(
                sheet,
                place,
                "yes_no.invalid",
                N_("{value} is not an answer here: write 是 (yes) or 否 (no)."),
                value=plain_text(value),
            )
        )
    return None


def cell_problem(sheet: str, place: Place, code: str, message: str, /, **params: object) -> SheetProblem:
    """An error in the cell at ``place``; ``message`` is an N_() template filled with ``params``."""
    return place.problem(sheet, code, message, params)


def clean_name(name: str) -> str:
    """Remove the spaces people type to align two-character Chinese names (张　三), and only those."""
    squeezed = re.sub(r"\s", "", name)
    if squeezed and all(unicodedata.east_asian_width(ch) == "W" for ch in squeezed):
        return squeezed
    return name
