"""Reading the first visible worksheet of a checked workbook with python-calamine (the roster's path)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.exchange.xlsx.errors import DEFAULT_LIMITS, Cell, UnreadableWorkbook, WorkbookLimits
from desktop.exchange.xlsx.safety import _sheet_too_large, check_workbook_file
from desktop.i18n import N_

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook


@dataclass(frozen=True, slots=True)
class SheetRows:
    """A sheet's values. ``rows[0]`` is row 1 as Excel shows it and ``rows[r][0]`` column A; a blank cell is None.

    Numbers come back as numbers (python-calamine gives whole numbers as floats), so a caller that needs text, such
    as an ID number, must refuse a number rather than convert it: its digits may already be lost.
    """

    name: str
    rows: list[list[Cell]]


def read_first_sheet(path: Path | str, limits: WorkbookLimits = DEFAULT_LIMITS) -> SheetRows:
    """Check the file (see check_workbook_file), then read the first visible worksheet with python-calamine."""
    from python_calamine import CalamineError, CalamineWorkbook  # a compiled module: imported when first needed

    path = Path(path)
    check_workbook_file(path, limits)
    try:
        with CalamineWorkbook.from_path(str(path)) as workbook:
            index = _first_visible_worksheet(workbook)
            if index is None:
                raise UnreadableWorkbook(
                    "no_sheet",
                    N_("The workbook {file} has no visible worksheet. Open it in Excel or WPS and check it."),
                    file=path.name,
                )
            sheet = workbook.get_sheet_by_index(index)
            name = sheet.name
            values = sheet.to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise UnreadableWorkbook(
            "unreadable",
            N_("The workbook {file} cannot be read ({reason}). Open it in Excel or WPS, save it again, and retry."),
            file=path.name,
            reason=str(exc),
        ) from exc
    width = max(map(len, values), default=0)
    if len(values) > limits.max_rows or width > limits.max_columns:  # the scan above should have caught it
        raise _sheet_too_large(path.name, name, len(values), width, limits)
    return SheetRows(name, [[None if value == "" else value for value in row] for row in values])


def _first_visible_worksheet(workbook: CalamineWorkbook) -> int | None:
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    for index, metadata in enumerate(workbook.sheets_metadata):
        if metadata.typ == SheetTypeEnum.WorkSheet and metadata.visible == SheetVisibleEnum.Visible:
            return index
    return None
