"""The limits a workbook from outside must keep, and the typed errors for one that cannot be used."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.errors import DeclareError
from desktop.i18n import N_

MB = 1024 * 1024

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None


@dataclass(frozen=True, slots=True)
class WorkbookLimits:
    """What a workbook from outside may use. The defaults fit a province's roster or a large unit's declarations;
    declaration workbooks have their own (DECLARATION_LIMITS, desktop.exchange.workbook.reader), for a city's
    roll-up. Each comment says what the limit bounds: what a hostile file within it can make this program hold at
    once, or only the time it takes (docs/workbook-format.md, "Size limits", has the table)."""

    #: A plain file is never held whole (the checks read it in 1 MB pieces, python-calamine and the workers read
    #: their parts from disk): this bounds time, not memory.
    max_file_bytes: int = 200 * MB
    #: A password-protected file is decrypted in memory (msoffcrypto-tool): the file, the decrypted package and a
    #: copy of it are held at once, about three times this. Checked before decrypting, whatever the kind of workbook.
    max_encrypted_bytes: int = 200 * MB
    #: The sum of the sizes the zip directory declares. Every part is unpacked as a stream in 1 MB pieces, so this
    #: bounds the time of the scan (≈ 40 MB/s of XML on one core), not memory.
    max_unpacked_bytes: int = 1024 * MB
    max_ratio: int = 200  # unpacked : packed, for each part ...
    ratio_applies_above: int = 1 * MB  # ... larger than this (small XML parts compress very well and are harmless)
    max_members: int = 10_000  # the zip directory is read after this check (≈ 100 bytes an entry)
    #: Rows of a sheet, counting empty ones (each <row> element, and the highest row number); also the rows the
    #: strict reader of our own sheets takes from one sheet (see max_own_cells).
    max_rows: int = 100_000
    max_columns: int = 200
    #: Shared strings of the workbook (python-calamine holds every one at once, ~100 bytes each: 12 million take a
    #: gigabyte; 2 million ≈ 200 MB). A real workbook has at most one per text cell; the cap fits 50,000 declarations
    #: re-saved by Excel.
    max_shared_strings: int = 2_000_000
    #: The unpacked size of the shared strings part (``xl/sharedStrings.xml``, which both readers hold whole, in
    #: each process that reads a large sheet): the count above does not bound it, since each string may be a cell's
    #: full length (2,000,000 of them would be gigabytes, within the unpacked limit). 256 MB holds the count cap's
    #: worth of real texts (LibreOffice re-saves: 74 bytes a string, ≈ 150 MB at the count cap).
    max_shared_string_bytes: int = 256 * MB
    max_cell_characters: int = 32_767  # Excel's own limit for the text of one cell (≤ 128 KB as Python text)
    #: Cells of a sheet's used range (rows x columns, empty ones too) read by the general path: python-calamine
    #: allocates them all at once (≈ 40 bytes each with the rows Python gets): one cell at CV400000 took 1.6 GB.
    #: 6 million ≈ 240 MB, enough for 100,000 declarations' interests re-saved by another program; our own export's
    #: sheets are read strictly (max_own_cells).
    max_cells: int = 6_000_000
    #: Cells (rows x the width of row 1, absent cells too) the strict reader of our own sheets
    #: (desktop.exchange.xlsx.own_sheets) keeps from one sheet: every row is a list as wide as row 1, measured at
    #: ≈ 9.5 bytes a cell for rows that hold one cell each, so 30 million ≈ 285 MB for one sheet from a file of a
    #: few megabytes (before: 40 million, 400,000 rows of 100 columns, 588 MB measured). 30 million fit the
    #: interests of 500,000 declarations (1,000,002 rows x 29 columns) and their declarations sheet (500,002 x 42).
    #: A sheet past it is left to the general path, which refuses it (max_cells). The distinct texts the rows hold
    #: come on top: at most about twice the sheet's unpacked XML, as for any workbook of that size, until the import
    #: reads the rows a chunk at a time.
    max_own_cells: int = 30_000_000


DEFAULT_LIMITS = WorkbookLimits()

# -- errors -------------------------------------------------------------------------------------------------------


class WorkbookError(DeclareError):
    """A workbook that cannot be used. ``code`` names the reason for machines and tests; the message is for people."""

    def __init__(self, code: str, message: str, /, **fields: object) -> None:
        self.code = code
        super().__init__(message, **fields)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as its kind, code, message and fields: a refusal found in a worker process travels back whole."""
        return (_rebuilt, (type(self), self.code, self.message, self.fields))


def _rebuilt(kind: type[WorkbookError], code: str, message: str, fields: dict[str, object]) -> WorkbookError:
    return kind(code, message, **fields)


class UnreadableWorkbook(WorkbookError):
    """Not an .xlsx workbook this program can read: empty, not a zip, damaged, an old .xls, a binary .xlsb."""


class EncryptedWorkbook(UnreadableWorkbook):
    """Protected with a password (standard Office encryption): the content cannot be read without it."""


class UnsafeWorkbook(WorkbookError):
    """Refused to protect the computer: macros, a size over the limits, a zip that lies, unusual XML."""


class SheetTooLarge(UnsafeWorkbook):
    """A sheet's used range is larger than the row or column cap."""


def _not_a_workbook(file: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "not_xlsx",
        N_(
            "The file {file} is not an Excel workbook (.xlsx). Open it in Excel or WPS and save it as "
            '"Excel workbook (*.xlsx)", then choose that file.'
        ),
        file=file,
    )


def _damaged(file: str, part: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "damaged",
        N_(
            "The workbook {file} is damaged (part {part} cannot be unpacked). Ask for the file again, or open it "
            "in Excel or WPS and save it again."
        ),
        file=file,
        part=part,
    )


def _unusual(file: str, part: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "unusual_xml",
        N_(
            "The part {part} of workbook {file} is written in an unusual way that this program does not read, to "
            "stay safe. Open the workbook in Excel or WPS, save it again as .xlsx, and choose the new file."
        ),
        file=file,
        part=part,
    )


def _entities(file: str, part: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "xml_entities",
        N_(
            "The part {part} of workbook {file} declares XML entities, which Excel never writes and attacks "
            "use. The file is refused; ask the sender to save it again in Excel or WPS."
        ),
        file=file,
        part=part,
    )


def _sheet_area(file: str, sheet: str, rows: int, columns: int, limit: int) -> SheetTooLarge:
    return SheetTooLarge(
        "sheet_size",
        N_(
            "The sheet {sheet} of workbook {file} reaches row {rows} and column {columns}, {cells} cells in all; at "
            "most {limit} cells are read from one sheet. Delete the rows and columns below and to the right of the "
            "data (they may hold a stray value or formatting), or split the workbook, and save again."
        ),
        file=file,
        sheet=sheet,
        rows=rows,
        columns=columns,
        cells=rows * columns,
        limit=limit,
    )


def _shared_strings(file: str, count: int, cells: int) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "shared_strings_unused",  # more shared strings than cells of type s; past the count cap: "shared_strings"
        N_(
            "The workbook {file} holds {count} shared texts, but only {cells} cells can use them. Files built like "
            "this exhaust memory on purpose, so it is refused. Ask the sender to save the workbook again in Excel "
            "or WPS."
        ),
        file=file,
        count=count,
        cells=cells,
    )


def _too_many_shared_strings(file: str, limit: int) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "shared_strings",
        N_(
            "The workbook {file} holds more than {limit} shared texts, more than this program reads from one "
            "workbook. Split it into smaller workbooks."
        ),
        file=file,
        limit=limit,
    )


def _shared_strings_too_large(file: str, size: int, limit: int) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "shared_strings_size",
        N_(
            "The shared texts of workbook {file} take {size} MB, more than the {limit} MB this program reads from "
            "one workbook. Split it into smaller workbooks."
        ),
        file=file,
        size=f"{size / MB:.1f}",
        limit=limit // MB,
    )


def _long_text(file: str, part: str, limit: int) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "cell_too_long",
        N_(
            "The part {part} of workbook {file} holds a text longer than {limit} characters, more than a cell of "
            "Excel can hold. The file is refused; ask the sender to save the workbook again in Excel or WPS."
        ),
        file=file,
        part=part,
        limit=limit,
    )


def _unreferenced(file: str, part: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "unreferenced_part",
        N_(
            "The workbook {file} holds a part {part} that nothing in the workbook refers to. Spreadsheet programs "
            "never write such parts; they only cost memory and time, so the file is refused. Open it in Excel or "
            "WPS and save it again."
        ),
        file=file,
        part=part,
    )


def _changed_while_read(file: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "changed",
        N_("The file {file} changed while it was being read. Wait until it is completely copied, then retry."),
        file=file,
    )
