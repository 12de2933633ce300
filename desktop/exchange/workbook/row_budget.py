"""Rows a sheet may hold, from the counts its cover names (decision 150): a sheet far longer than the batch it
belongs to is refused before its cells are converted, so that junk rows appended to a workbook cannot cost the
import time and memory for each of them (issue 12, item 7).

The cover's counts are checked exactly later (``cover.count``); here only a sheet past the count plus a margin is
refused, so a workbook a few rows off still reaches the careful path, which locates every difference."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, INTERESTS_SHEET
from desktop.exchange.xlsx.errors import SheetTooLarge
from desktop.i18n import N_

__all__ = ["HEADING_ROWS", "ROW_MARGIN", "check_rows_against_cover", "rows_allowed"]

#: The rows above the data: the labels people read, then the machine keys.
HEADING_ROWS = 2

#: Rows a sheet may hold past its cover's count before it is refused unread (a stray row or two of notes, empty rows
#: Excel keeps for their formatting). At about 0.5 ms a junk row through the careful path (decision 146), 1,000 rows
#: cost about half a second.
ROW_MARGIN = 1_000

#: Which cover field counts the data rows of which sheet (docs/workbook-format.md, "The cover").
COUNTED_SHEETS = {DECLARATIONS_SHEET: "declarations", INTERESTS_SHEET: "interests"}


def rows_allowed(cover: Mapping[str, str], sheet: str) -> int | None:
    """The most rows ``sheet`` may reach given the cover, or None when the cover names no usable count for it (then
    the cover's own problems say so, and only the format's caps bound the sheet)."""
    field = COUNTED_SHEETS.get(sheet)
    text = cover.get(field, "") if field else ""
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    return int(text) + HEADING_ROWS + ROW_MARGIN


def check_rows_against_cover(file: str, cover: Mapping[str, str], rows_by_sheet: Mapping[str, int]) -> None:
    """Refuse the workbook (SheetTooLarge, one sentence) when a counted sheet reaches further than its cover's count
    allows. ``rows_by_sheet``: the rows each sheet reaches, as the safety scan or the strict reader found them."""
    for sheet, rows in rows_by_sheet.items():
        allowed = rows_allowed(cover, sheet)
        if allowed is not None and rows > allowed:
            raise SheetTooLarge(
                "rows_past_cover",
                N_(
                    "The sheet {sheet} of workbook {file} reaches row {rows}, but its cover counts {count} rows of "
                    "data: rows were added after the export. Delete the rows below the data, or ask the sender for "
                    "the file as exported."
                ),
                file=file,
                sheet=sheet,
                rows=rows,
                count=cover[COUNTED_SHEETS[sheet]],
            )
