"""Where a column is in a written workbook: by its machine-readable key (row 2), never by a letter, since the
columns of a sheet depend on the form version (form 2 adds the officer's own details before the answers)."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet


def cell_of(sheet: Worksheet, key: str, row: int) -> str:
    """The coordinate (e.g. "F3") of ``key``'s column in ``row``."""
    keys = [cell.value for cell in sheet[2]]
    return f"{get_column_letter(keys.index(key) + 1)}{row}"
