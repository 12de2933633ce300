"""Where a table's row of column keys is: the rule the workbook's tables (desktop.exchange.workbook.table) and the
packer of large sheets (packed_sheet, decision 225) both go by, so that a sheet is packed around the very row the
tables then read it by."""

from __future__ import annotations

from collections.abc import Container, Sequence

KEY_ROW_SEARCH = 5  # the row of keys is looked for among the first rows


def key_row_of(rows: Sequence[Sequence[object]], keys: Container[object]) -> int | None:
    """The index of the first of the first ``KEY_ROW_SEARCH`` rows that holds two of the sheet's column ``keys``, or
    None."""
    return next((i for i, row in enumerate(rows[:KEY_ROW_SEARCH]) if sum(v in keys for v in row) >= 2), None)
