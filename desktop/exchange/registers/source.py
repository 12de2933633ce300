"""Opening a register extract from outside: an .xlsx workbook (checked like every workbook from outside, then read
row by row with python-calamine) or a .csv file (UTF-8 with or without a byte-order mark, GBK or GB18030: found by
decoding the whole file, and named). Rows are streamed, never all held at once; nothing is written anywhere."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop.exchange.xlsx.errors import MB, Cell, SheetTooLarge, UnreadableWorkbook, WorkbookLimits
from desktop.exchange.xlsx.first_sheet import _first_visible_worksheet
from desktop.exchange.xlsx.safety import check_workbook_file
from desktop.i18n import N_

#: python-calamine holds a whole sheet in memory (rows x columns of its used range, allocated at once), so an .xlsx
#: extract keeps the cell bound of a workbook from outside (6,000,000 cells, ≈ 240 MB): up to 500,000 rows of at
#: most 40 columns, and 6,000,000 cells in all (375,000 rows of 16 columns). A larger register comes as .csv, which
#: is streamed row by row; the refusal says so (decision 108).
REGISTER_LIMITS = WorkbookLimits(max_rows=500_000, max_columns=40)
MAX_CSV_COLUMNS = 200
MAX_CSV_BYTES = 1024 * MB
MAX_CSV_ROWS = 2_000_000
_CHUNK = 1 << 20
#: Tried in this order; GBK is a part of GB18030, so a file that is GBK is named GBK.
_ENCODINGS = (("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030"))


def _nothing_read() -> float:
    return 0.0


@dataclass
class ExtractSource:
    """An opened extract: its name, SHA-256, encoding (or "xlsx"), sheet, and its rows as Excel or a text editor
    numbers them (row 1 first), each a list of cells (a blank cell is None or ""). ``done()`` is the part of the
    file read so far, 0 to 1 (for a progress bar: the number of rows is not known before the end)."""

    file: str
    sha256: str
    encoding: str
    sheet: str
    rows: Iterator[tuple[int, list[Cell]]]
    done: Callable[[], float] = _nothing_read
    #: The file's last line has no line break after it (a text file only): whole, or cut off (ExtractReader checks).
    unterminated: bool = False


def open_extract(path: Path | str) -> ExtractSource:
    """Open ``path`` (.xlsx or .csv) for reading; UnreadableWorkbook or UnsafeWorkbook when it cannot be used."""
    path = Path(path)
    if path.suffix.lower() in {".csv", ".txt"}:
        return _open_csv(path)
    try:
        check_workbook_file(path, REGISTER_LIMITS)
    except SheetTooLarge as exc:
        if exc.code != "sheet_size":
            raise
        raise _xlsx_too_large(exc) from None
    return ExtractSource(path.name, _sha256(path), "xlsx", *_xlsx_rows(path))


def _xlsx_too_large(exc: SheetTooLarge) -> SheetTooLarge:
    """The workbook's own refusal, with what to do about a register: save it as CSV, which is streamed."""
    return SheetTooLarge(
        "register_xlsx_size",
        N_(
            "The sheet {sheet} of {file} reaches row {rows} and column {columns}: an .xlsx register is read whole "
            "into memory, so at most {max_rows} rows, {max_columns} columns and {max_cells} cells in all. Save the "
            "extract as CSV (UTF-8 or GBK), which is read row by row up to {csv_rows} rows, and import that; or "
            "delete stray cells below and to the right of the data."
        ),
        file=exc.fields.get("file", ""),
        sheet=exc.fields.get("sheet", ""),
        rows=exc.fields.get("rows", 0),
        columns=exc.fields.get("columns", 0),
        max_rows=REGISTER_LIMITS.max_rows,
        max_columns=REGISTER_LIMITS.max_columns,
        max_cells=REGISTER_LIMITS.max_cells,
        csv_rows=MAX_CSV_ROWS,
    )


def _unreadable(path: Path, exc: OSError) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "io",
        N_("The file {file} cannot be read: {reason}. Check that it exists and is not open in another program."),
        file=path.name,
        reason=exc.strerror or str(exc),
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    return digest.hexdigest()


def _xlsx_rows(path: Path) -> tuple[str, Iterator[tuple[int, list[Cell]]], Callable[[], float]]:
    from python_calamine import CalamineError, CalamineWorkbook

    def failed(exc: Exception) -> UnreadableWorkbook:
        return UnreadableWorkbook(
            "unreadable",
            N_("The workbook {file} cannot be read ({reason}). Open it in Excel or WPS, save it again, and retry."),
            file=path.name,
            reason=str(exc),
        )

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        index = _first_visible_worksheet(workbook)
        if index is None:
            workbook.close()
            raise UnreadableWorkbook(
                "no_sheet",
                N_("The workbook {file} has no visible worksheet. Open it in Excel or WPS and check it."),
                file=path.name,
            )
        sheet = workbook.get_sheet_by_index(index)
    except CalamineError as exc:
        raise failed(exc) from exc

    height = max(sheet.height, 1)
    read = [0]

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        try:
            first = sheet.start[0] + 1 if sheet.start else 1
            for read[0], row in enumerate(sheet.iter_rows(), start=1):
                yield first + read[0] - 1, row  # type: ignore[misc]  # calamine values are cells
        except CalamineError as exc:
            raise failed(exc) from exc
        finally:
            workbook.close()

    return sheet.name, rows(), lambda: min(read[0] / height, 1.0)


def detect_encoding(path: Path) -> tuple[str, str, str]:
    """(codec, name, SHA-256) of a text file: the first of UTF-8 (with or without a byte-order mark), GBK and
    GB18030 that decodes all of it (one pass each, the next only when the one before failed: most files are UTF-8).
    A file none decodes, or with NUL bytes (not text), is refused."""
    digest = hashlib.sha256()
    bom = False
    for index, (codec, name) in enumerate(_ENCODINGS):
        decoder = codecs.getincrementaldecoder(codec)()
        size = 0
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    if index == 0:  # the checks and the hash once, in the first pass
                        bom = bom or (size == 0 and chunk.startswith(codecs.BOM_UTF8))
                        if size + len(chunk) > MAX_CSV_BYTES:
                            raise _too_large(path.name)
                        if b"\x00" in chunk:
                            raise _not_text(path.name)
                        digest.update(chunk)
                    size += len(chunk)
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            if index == 0:
                _finish_hash(path, handle_offset=size, digest=digest)
            continue
        except OSError as exc:
            raise _unreadable(path, exc) from None
        if codec == "utf-8" and bom:
            return "utf-8-sig", "UTF-8 (BOM)", digest.hexdigest()
        return codec, name, digest.hexdigest()
    raise UnreadableWorkbook(
        "encoding",
        N_(
            "The file {file} is in none of the encodings this program reads (UTF-8, GBK, GB18030). Open it in Excel "
            "or WPS and save it as .xlsx, or as CSV in UTF-8."
        ),
        file=path.name,
    )


def _finish_hash(path: Path, handle_offset: int, digest: hashlib._Hash) -> None:
    """Hash (and check) the rest of a file whose first pass stopped at ``handle_offset`` (UTF-8 failed there)."""
    try:
        with path.open("rb") as handle:
            handle.seek(handle_offset)
            size = handle_offset
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                if size > MAX_CSV_BYTES:
                    raise _too_large(path.name)
                if b"\x00" in chunk:
                    raise _not_text(path.name)
                digest.update(chunk)
    except OSError as exc:
        raise _unreadable(path, exc) from None


def _not_text(file: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "not_text",
        N_("The file {file} is not a CSV text file. Choose the extract as .xlsx or .csv."),
        file=file,
    )


def _too_large(file: str) -> SheetTooLarge:
    return SheetTooLarge(
        "csv_too_large",
        N_(
            "The file {file} is too large to import: at most {rows} rows, {columns} columns and {megabytes} MB. "
            "Split the extract into several files."
        ),
        file=file,
        rows=MAX_CSV_ROWS,
        columns=MAX_CSV_COLUMNS,
        megabytes=MAX_CSV_BYTES // MB,
    )


def cut_off(file: str, row: int, cells: int, columns: int) -> UnreadableWorkbook:
    """A text file whose last line stops short: fewer cells than its heading row and no line break after them, as a
    copy or a download that stopped midway leaves it. Refused as a whole: what else is missing cannot be known."""
    return UnreadableWorkbook(
        "csv_cut_off",
        N_(
            "The file {file} ends in the middle of line {row}: that line has {cells} of the {columns} cells of the "
            "heading row and no line break after it, so the file was cut off; copy or export the extract again."
        ),
        file=file,
        row=row,
        cells=cells,
        columns=columns,
    )


def _open_csv(path: Path) -> ExtractSource:
    codec, name, sha256 = detect_encoding(path)
    try:
        raw = path.open("rb")
        length = os.fstat(raw.fileno()).st_size
        size = max(length, 1)
        unterminated = False
        if length:  # a line break is the byte 0A or 0D in UTF-8, GBK and GB18030 alike (never inside a character)
            raw.seek(-1, os.SEEK_END)
            unterminated = raw.read(1) not in {b"\n", b"\r"}
            raw.seek(0)
        handle = io.TextIOWrapper(raw, encoding=codec, newline="")
        sample = handle.readline()
        handle.seek(0)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        with handle:
            try:
                for number, values in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
                    if number > MAX_CSV_ROWS:
                        raise _too_large(path.name)
                    if len(values) > MAX_CSV_COLUMNS:
                        raise _too_large(path.name)
                    yield number, values  # type: ignore[misc]  # a list of str is a list of cells
            except csv.Error as exc:
                raise UnreadableWorkbook(
                    "csv",
                    N_("The file {file} is not valid CSV ({reason}). Open it in Excel or WPS and save it again."),
                    file=path.name,
                    reason=str(exc),
                ) from None

    def done() -> float:  # the text layer reads ahead from ``raw`` in chunks: its position is the part read
        return 1.0 if raw.closed else min(raw.tell() / size, 1.0)

    return ExtractSource(path.name, sha256, name, path.stem, rows(), done, unterminated)
