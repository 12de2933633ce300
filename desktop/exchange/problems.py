"""Problems found in a workbook, each located by sheet, row and cell where there is one."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.i18n import N_, Translator


@dataclass(frozen=True, slots=True)
class WorkbookProblem:
    sheet: str
    row: int  # 1-based as Excel shows it; 0 when the problem is not in a row
    cell: str  # e.g. "C5"; "" when not in a cell
    code: str
    message: str  # English template marked with N_
    params: dict[str, object] = field(default_factory=dict, compare=False)

    def render(self, translate: Translator) -> str:
        return translate(self.message, **self.params)

    def describe(self, translate: Translator) -> str:
        text = self.render(translate)
        if self.cell:
            return translate(N_("{sheet}, cell {cell}: {message}"), sheet=self.sheet, cell=self.cell, message=text)
        if self.row:
            return translate(N_("{sheet}, row {row}: {message}"), sheet=self.sheet, row=self.row, message=text)
        if self.sheet:
            return translate(N_("{sheet}: {message}"), sheet=self.sheet, message=text)
        return text
