"""Problems found in a sheet of a workbook (the roster, a declaration workbook), each located as Excel shows it: by
sheet, row, column heading and cell, where there is one."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.problems import Severity
from desktop.i18n import N_, Translator


@dataclass(frozen=True, slots=True)
class SheetProblem:
    """One problem in a sheet: what is wrong (``code``, and ``message`` filled from ``params``) and where."""

    sheet: str
    row: int  # 1-based as Excel shows it; 0 when the problem is not in one row (the sheet as a whole)
    cell: str  # e.g. "C5"; "" when no single cell is meant
    code: str
    message: str  # English template marked with N_, filled from params
    params: dict[str, object] = field(default_factory=dict, compare=False)
    column: str = ""  # the column's heading as people read it, e.g. 身份证号; "" when no column is meant
    severity: Severity = Severity.ERROR  # a warning does not stop an import (roster); a workbook has errors only

    def render(self, translate: Translator) -> str:
        """The message alone, e.g. for a table that shows the place in columns of its own."""
        return translate(self.message, **self.params)

    def describe(self, translate: Translator) -> str:
        """The message after its place, e.g. '花名册, row 5, 身份证号 (C5): The ID number is missing.'"""
        message = self.render(translate)
        template = _template(self)
        if template is None:
            return message
        return translate(template, sheet=self.sheet, row=self.row, column=self.column, cell=self.cell, message=message)


def _template(problem: SheetProblem) -> str | None:
    if problem.cell:
        return _COLUMN_CELL if problem.column else _CELL
    if problem.row:
        return _ROW_COLUMN if problem.column else _ROW
    return _SHEET if problem.sheet else None


_COLUMN_CELL = N_("{sheet}, row {row}, {column} ({cell}): {message}")
_CELL = N_("{sheet}, cell {cell}: {message}")
_ROW_COLUMN = N_("{sheet}, row {row}, {column}: {message}")
_ROW = N_("{sheet}, row {row}: {message}")
_SHEET = N_("{sheet}: {message}")
