"""One sheet of rows under a row of column keys, converted to values column by column.

The sheets of a declaration workbook are tables: a row of headings for people, a row of machine keys (which is what
the reader goes by, so that the column order does not matter), then one row per record. Each column is converted at
once when its cells are plainly what the export writes (desktop.exchange.workbook.converters.convert_column), and
cell by cell otherwise, so that every cell that does not fit is located with its sheet, row and column.
"""

from __future__ import annotations

from itertools import repeat

from desktop.domain.text import clean_text
from desktop.exchange.problems import SheetProblem, count_unlisted, has_room
from desktop.exchange.workbook.cells import CellError, cell_text
from desktop.exchange.workbook.columns import Column, Kind
from desktop.exchange.workbook.converters import convert_column, converter
from desktop.exchange.xlsx.key_row import KEY_ROW_SEARCH as KEY_ROW_SEARCH
from desktop.exchange.xlsx.key_row import key_row_of
from desktop.exchange.xlsx.safety import cell_reference
from desktop.i18n import N_

#: Rows converted at once: few enough that a block's columns cost little beside its rows, many enough that each
#: column's conversion (one C-level scan) is worth its call.
BLOCK_ROWS = 8_192
Row = dict[str, object]
_FAILED = object()  # stands for a cell whose problem was reported
#: A cell that failed its conversion: (row index, column order, CellError.code, CellError.expected).
_Failed = tuple[int, int, str, str]


def read_table(
    sheet: str,
    rows: list[list[object]],
    columns: tuple[Column, ...],
    problems: list[SheetProblem],
    positions_of: dict[str, dict[str, int]] | None = None,
    seen: list[SheetProblem] | None = None,
) -> ConvertedRows:
    """The records of ``sheet`` as (sheet row number, values by column key). A cell that does not fit its column is
    reported in ``problems`` and left out of its row's values; ``positions_of`` receives each key's column index,
    ``seen`` the headings that differ from the format's (what people read, not what is verified)."""
    located = table_positions(sheet, rows, columns, problems, positions_of, seen)
    if located is None:
        return ConvertedRows()
    key_row, positions = located
    numbers, records = records_of(rows, key_row + 1, 0)  # padded a block at a time (convert_records)
    return convert_records(sheet, numbers, records, columns, positions, problems)


def table_positions(
    sheet: str,
    rows: list[list[object]],
    columns: tuple[Column, ...],
    problems: list[SheetProblem],
    positions_of: dict[str, dict[str, int]] | None = None,
    seen: list[SheetProblem] | None = None,
) -> tuple[int, dict[str, int]] | None:
    """The index of the row of column keys and each key's column index (also put in ``positions_of``); None (with
    the problem reported) when the row of keys or a column is missing."""
    by_key = {c.key: c for c in columns}
    key_row = key_row_of(rows, by_key)
    if key_row is None:
        problems.append(
            SheetProblem(
                sheet, 0, "", "sheet.no_keys", N_("The row of column keys (row 2 of the exported sheet) is missing.")
            )
        )
        return None
    positions = _positions(sheet, rows, key_row, by_key, problems, seen)
    if positions_of is not None:
        positions_of[sheet] = positions
    absent = [c for c in columns if c.key not in positions]
    if absent:
        problems.append(
            SheetProblem(
                sheet,
                key_row + 1,
                "",
                "sheet.missing_column",
                N_("The column {heading} ({key}) is missing."),
                {"heading": absent[0].heading, "key": absent[0].key},
                column=absent[0].heading,
            )
        )
        return None
    return key_row, positions


def convert_records(
    sheet: str,
    numbers: list[int],
    records: list[list[object]],
    columns: tuple[Column, ...],
    positions: dict[str, int],
    problems: list[SheetProblem],
) -> ConvertedRows:
    """The records (sheet row numbers ``numbers``; a record shorter than the last position is padded with empty
    cells) converted column by column, as read_table converts them, ``BLOCK_ROWS`` rows at a time: a workbook's
    problems past its bound stop the conversion within a block (TooManyProblems, decision 164), and a row whose
    failed cells were only counted (the list of problems full) is left out, counted in ``dropped`` and as one more
    problem (the record it cannot make)."""
    result = ConvertedRows()
    if not records:
        return result
    by_key = {c.key: c for c in columns}
    keys = list(positions)
    width = max(positions.values()) + 1
    for start in range(0, len(records), BLOCK_ROWS):
        block = [
            record if len(record) >= width else [*record, *([None] * (width - len(record)))]
            for record in records[start : start + BLOCK_ROWS]
        ]
        _convert_block(sheet, numbers[start : start + len(block)], block, by_key, keys, positions, problems, result)
    return result


#: Converted records by position: each column key's index in a row, and one tuple of values per record.
Positional = tuple[dict[str, int], list[tuple[object, ...]]]


def convert_columns(
    records: list[list[object]], columns: tuple[Column, ...], positions: dict[str, int]
) -> Positional | None:
    """The records converted as convert_records converts them (the same converters, column by column), each as a
    tuple of its values in the order of ``positions``' keys, without a dict per row; None as soon as a cell does not
    fit its column (nothing is reported: the caller reads the records with convert_records, which locates it)."""
    at = {key: index for index, key in enumerate(positions)}
    if not records:
        return at, []
    by_key = {c.key: c for c in columns}
    width = max(positions.values()) + 1
    cells = list(zip(*[r if len(r) >= width else [*r, *([None] * (width - len(r)))] for r in records], strict=False))
    converted: list[list[object]] = []
    failed: list[_Failed] = []
    for order, (key, position) in enumerate(positions.items()):
        kind = by_key[key].kind
        values = convert_column(kind, cells[position])
        if values is None:
            values = _cell_by_cell(cells[position], kind, order, failed)
            if failed:
                return None
        converted.append(values)
    return at, list(zip(*converted, strict=True))


class ConvertedRows(list[tuple[int, Row]]):
    """Converted rows as (sheet row number, values by column key); ``dropped``: rows read but left out because
    their failed cells were only counted (decision 164), which the cover's counts still count."""

    dropped: int = 0

    @property
    def read(self) -> int:
        """The rows read, kept or not."""
        return len(self) + self.dropped


def _convert_block(
    sheet: str,
    numbers: list[int],
    block: list[list[object]],
    by_key: dict[str, Column],
    keys: list[str],
    positions: dict[str, int],
    problems: list[SheetProblem],
    result: ConvertedRows,
) -> None:
    cells = list(zip(*block, strict=False))  # column by column (records are at least ``width`` long)
    del block
    converted: list[list[object]] = []
    failed: list[_Failed] = []
    for order, key in enumerate(keys):
        kind, position = by_key[key].kind, positions[key]
        values = convert_column(kind, cells[position])
        if values is None:
            values = _cell_by_cell(cells[position], kind, order, failed)
        converted.append(values)
    del cells
    failed_in: dict[int, list[str]] = {}  # the keys that failed, by row index
    dropped: set[int] = set()
    failed.sort(key=lambda item: (item[0], item[1]))  # in reading order: row by row, column by column
    for row_index, order, code, expected in failed:
        key = keys[order]
        number = numbers[row_index]
        if not has_room(problems):  # counted, not described: a hostile sheet's junk rows (decisions 152, 164)
            if row_index not in failed_in:
                # None of its problems is described: nothing to keep it for. It counts the one problem its
                # reading as a record (declaration, interest, family member) would have added.
                dropped.add(row_index)
                count_unlisted(problems, 1, sheet, number)
            failed_in.setdefault(row_index, []).append(key)
            count_unlisted(problems, 1, sheet, number)
            continue
        failed_in.setdefault(row_index, []).append(key)
        problems.append(
            SheetProblem(
                sheet,
                number,
                cell_reference(number, positions[key] + 1),
                code,
                N_("Expected {expected}."),
                {"expected": expected},
                column=by_key[key].heading,
            )
        )
    if not failed:
        # One dict per row, made by C loops (map, zip) rather than a comprehension: ≈ 30 % less time for the tens of
        # thousands of rows of an import; each row has one value per key (one converted list per key).
        result.extend(zip(numbers, map(dict, map(zip, repeat(keys), zip(*converted, strict=True))), strict=True))
        return
    for row_index, (number, row_values) in enumerate(zip(numbers, zip(*converted, strict=True), strict=True)):
        if row_index in dropped:
            continue
        row = dict(zip(keys, row_values, strict=True))
        for key in failed_in.get(row_index, ()):
            del row[key]
        result.append((number, row))
    result.dropped += len(dropped)


def records_of(rows: list[list[object]], first: int, width: int) -> tuple[list[int], list[list[object]]]:
    """The sheet row numbers and the values of the rows from index ``first`` on that are not empty, each padded to
    ``width`` values at least (0: each as it is)."""
    numbers, records = [], []
    for index in range(first, len(rows)):
        row = rows[index]
        if not any(row) and all(value in (None, "") for value in row):
            continue  # an empty row
        numbers.append(index + 1)
        records.append(row if len(row) >= width else [*row, *([None] * (width - len(row)))])
    return numbers, records


def _positions(
    sheet: str,
    rows: list[list[object]],
    key_row: int,
    by_key: dict[str, Column],
    problems: list[SheetProblem],
    seen: list[SheetProblem] | None,
) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, value in enumerate(rows[key_row]):
        if value not in by_key:
            continue
        if value in positions:  # two columns for one key: people may read one, the verifier the other
            problems.append(
                SheetProblem(
                    sheet,
                    key_row + 1,
                    cell_reference(key_row + 1, index + 1),
                    "sheet.duplicate_column",
                    N_("The column {column} appears twice in the heading row, at {first} and {cell}; delete one."),
                    {
                        "column": value,
                        "first": cell_reference(key_row + 1, positions[value] + 1),
                        "cell": cell_reference(key_row + 1, index + 1),
                    },
                    column=by_key[value].heading,
                )
            )
            continue
        positions[value] = index
        heading_row = rows[key_row - 1] if key_row > 0 else []
        heading = heading_row[index] if index < len(heading_row) else None
        shown = cell_text(Kind.TEXT, heading) if isinstance(heading, str | None) else str(heading)
        if seen is not None and shown != by_key[value].heading:
            seen.append(
                SheetProblem(
                    sheet,
                    key_row,
                    cell_reference(key_row, index + 1),
                    "sheet.heading",
                    N_("{heading}: expected {expected}."),
                    {"heading": shown, "expected": by_key[value].heading},
                )
            )
    if seen is not None and key_row > 0:
        seen.extend(_reused_headings(sheet, key_row, rows[key_row - 1], rows[key_row], by_key))
    return positions


def _reused_headings(
    sheet: str, number: int, heading_row: list[object], key_row: list[object], by_key: dict[str, Column]
) -> list[SheetProblem]:
    """A column whose heading (cleaned as the heading check cleans it) is the heading of one of the sheet's keys but
    whose key-row cell is no key of the sheet: the reader ignores it, while a person reads it as that key's column
    (a hidden real column beside a shown false one; decision 229). Hidden or not, it is reported; ``number``: the
    heading row's number."""
    headings = {column.heading: key for key, column in by_key.items()}
    found: list[SheetProblem] = []
    for index, heading in enumerate(heading_row):
        if not heading or type(heading) is not str:
            continue  # a number, date or boolean is no key's heading
        if index < len(key_row) and key_row[index] in by_key:
            continue  # a keyed column: its heading is checked above (a key twice: sheet.duplicate_column)
        shown = clean_text(heading)
        key = headings.get(shown)
        if key is None:
            continue
        found.append(
            SheetProblem(
                sheet,
                number,
                cell_reference(number, index + 1),
                "sheet.heading_reused",
                N_(
                    "Headed like the column {key} but not that column: what it shows is not verified. Delete it or "
                    "give it another heading."
                ),
                {"cell": cell_reference(number, index + 1), "heading": shown, "key": key},
                column=shown,
            )
        )
    return found


def _cell_by_cell(raw: tuple[object, ...], kind: Kind, order: int, failed: list[_Failed]) -> list[object]:
    """The column's values converted one by one; each cell that fails is left out and noted in ``failed`` (its
    problem is described later, only while the workbook's list of problems has room: decision 152)."""
    convert = converter(kind)
    values: list[object] = []
    for row_index, value in enumerate(raw):
        try:
            values.append(convert(value))
        except CellError as exc:
            values.append(_FAILED)
            failed.append((row_index, order, exc.code, exc.expected))
    return values
