"""Unpacking every part of an untrusted .xlsx package once, as a stream in bounded pieces, after the package checks
(desktop.exchange.xlsx.package_checks): each part must unpack to no more than its declared size, be UTF-8 if XML,
keep its rows, used range, texts and shared strings within the limits, and is searched for signs of formulas and
merged cells on the way (desktop.exchange.xlsx.sheet_scan measures the XML). The large parts may have been scanned
alone in worker processes (desktop.exchange.xlsx.part_scan_elsewhere): the checks across parts are made here alike.
Also the names of the sheets and the parts they are on, for messages and for the readers."""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from collections.abc import Collection, Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import BinaryIO

from desktop.exchange.xlsx.errors import (
    MB,
    SheetTooLarge,
    UnsafeWorkbook,
    WorkbookError,
    WorkbookLimits,
    _damaged,
    _shared_strings,
    _shared_strings_too_large,
    _sheet_area,
    _too_many_shared_strings,
)
from desktop.exchange.xlsx.package_checks import _LOCAL_HEADER, _parse_small_part
from desktop.exchange.xlsx.sheet_scan import _FastScanner, _PartScanner, _SequentialScanner
from desktop.i18n import N_

_CHUNK = 1 * MB
SHARED_STRINGS_PART = "xl/sharedStrings.xml"  # the part python-calamine and the streamed reader read by this name


#: Text that may begin a formula element (``<f>``, ``<f …>``, ``<f/>``, ``<x:f …>``) or name merged cells.
_FORMULA_MARKS = {b"<f": (b"<f>", b"<f ", b"<f/"), b":f": (b":f>", b":f ", b":f/")}


def _structure_marked(text: bytes) -> bool:
    """Whether ``text`` may hold a formula or merged cells: two-byte searches first (fast), exact marks after."""
    return b"mergeCell" in text or any(
        start in text and any(mark in text for mark in marks) for start, marks in _FORMULA_MARKS.items()
    )


@dataclass
class PartScan:
    """What the scan of one part alone found (desktop.exchange.xlsx.part_scan_elsewhere), for the checks that
    _check_contents makes across parts, in the package's order, as if it had scanned the part itself."""

    shared_strings: int  # counted up to the scan's last check of them (where a scan in order would have made it)
    string_cells: int
    extent: tuple[int, int]
    marked: bool  # may hold a formula or merged cells
    refusal: WorkbookError | None = None  # what the scan raised after that check
    long_rows: tuple[int, int] | None = None  # rows and last column where it passed max_rows while unpacked
    used: bytearray | None = None  # the shared strings it may use, where asked (part_scan_elsewhere.scan_alone)


def _check_contents(
    handle: BinaryIO,
    archive: zipfile.ZipFile,
    file: str,
    limits: WorkbookLimits,
    marked: set[str] | None = None,
    *,
    skip_parts: Collection[str] = (),
    plain_parts: Collection[str] = (),
    extents: dict[str, tuple[int, int]] | None = None,
    scanned: Mapping[int, Future[PartScan | None]] | None = None,
) -> None:
    """Unpack each part as a stream: it must be no larger than declared, UTF-8 if XML, its used range and rows
    capped, no text longer than a cell holds.

    ``skip_parts``: parts already unpacked the same way and read in full by a stricter reader (the sheets our own
    writer produced, desktop.exchange.xlsx.own_sheets), whose grammar bounds rows, columns and texts and has no
    formulas or merged cells; each must be the only member of its name.

    ``plain_parts``: sheets the streamed reader of other programs' sheets (desktop.exchange.xlsx.plain_sheets) will
    try first; their used range is capped by the cells that reader keeps (max_own_cells). ``extents`` gets each
    scanned part's rows and columns, so that python-calamine reads such a sheet only within its own cap (max_cells),
    and so that a sheet longer than its cover allows is refused before it is read (decision 150).

    Across all parts, the shared strings must be no more than the cells that can use them and than the cap; the
    shared strings part, no larger than its own cap (read from the directory; the inflater holds it to that).

    ``scanned``: the parts (by their position in the package) being scanned alone in worker processes; each is
    taken in its turn, and refused exactly where and as this process would have refused it (one that a worker could
    not read is scanned here). Those not taken when a part is refused are cancelled."""
    try:
        _check_in_order(handle, archive, file, limits, marked, skip_parts, plain_parts, extents, scanned or {})
    finally:
        for future in (scanned or {}).values():
            future.cancel()


def _check_in_order(
    handle: BinaryIO,
    archive: zipfile.ZipFile,
    file: str,
    limits: WorkbookLimits,
    marked: set[str] | None,
    skip_parts: Collection[str],
    plain_parts: Collection[str],
    extents: dict[str, tuple[int, int]] | None,
    scanned: Mapping[int, Future[PartScan | None]],
) -> None:
    strings = string_cells = 0
    for index, info in enumerate(archive.infolist()):
        if info.filename in skip_parts:
            continue
        if info.filename == SHARED_STRINGS_PART and info.file_size > limits.max_shared_string_bytes:
            raise _shared_strings_too_large(file, info.file_size, limits.max_shared_string_bytes)
        alone = scanned[index].result() if index in scanned else None
        if alone is not None:
            _check_alone(alone, archive, info, file, limits, marked, strings)
        else:
            alone = _scan_here(handle, archive, info, file, limits, marked, strings)
        strings += alone.shared_strings
        string_cells += alone.string_cells
        rows, columns = alone.extent
        if rows > limits.max_rows or columns > limits.max_columns:
            sheet = _sheet_names(archive, file).get(info.filename, info.filename)
            raise _sheet_too_large(file, sheet, rows, columns, limits)
        cap = limits.max_own_cells if info.filename in plain_parts else limits.max_cells
        if rows * columns > cap:
            sheet = _sheet_names(archive, file).get(info.filename, info.filename)
            raise _sheet_area(file, sheet, rows, columns, cap)
        if extents is not None:
            extents[info.filename] = (rows, columns)
    if strings > string_cells:
        raise _shared_strings(file, strings, string_cells)


def _scan_here(
    handle: BinaryIO,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    file: str,
    limits: WorkbookLimits,
    marked: set[str] | None,
    strings_before: int,
) -> PartScan:
    """The part scanned in this process, refused as soon as it fails a check."""
    scanner = _scan_part(handle, archive, info, file, limits, marked, strings_before)
    strings, string_cells = scanner.shared_strings, scanner.string_cells
    if scanner.needs_sequential_scan:
        # Cells without their own reference take their place from the cells before them: count them in order.
        scanner = _SequentialScanner(file, info.filename, limits.max_cell_characters)
        for piece in _unpacked(handle, info, file):
            scanner.feed(piece)
        scanner.finish()
    return PartScan(strings, string_cells, scanner.extent(), False)  # marked: noted in ``marked`` already


def _check_alone(
    alone: PartScan,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    file: str,
    limits: WorkbookLimits,
    marked: set[str] | None,
    strings_before: int,
) -> None:
    """The refusals of _scan_part (and of the sequential scan after it) for a part scanned alone, in their order:
    its shared strings counted up to where the scan stopped are checked with those of the parts before first."""
    if strings_before + alone.shared_strings > limits.max_shared_strings:
        raise _too_many_shared_strings(file, limits.max_shared_strings)
    if alone.long_rows is not None:
        sheet = _sheet_names(archive, file).get(info.filename, info.filename)
        raise _sheet_too_large(file, sheet, *alone.long_rows, limits)
    if alone.refusal is not None:
        raise alone.refusal
    if marked is not None and alone.marked:
        marked.add(info.filename)


def _scan_part(
    handle: BinaryIO,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    file: str,
    limits: WorkbookLimits,
    marked: set[str] | None,
    strings_before: int,
) -> _PartScanner:
    """One part unpacked and scanned in pieces; ``marked`` gets its name if it may hold a formula or merged cells.
    Too many shared strings or rows stop it at once, before the rest is unpacked."""
    scanner: _PartScanner = _FastScanner(file, info.filename, limits.max_cell_characters)
    tail = b""  # the end of the piece before, so that a mark cut between two pieces is still seen
    for piece in _unpacked(handle, info, file):
        if marked is not None and info.filename not in marked:
            if _structure_marked(piece) or _structure_marked(tail + piece[:16]):
                marked.add(info.filename)
            tail = piece[-16:]
        scanner.feed(piece)
        if strings_before + scanner.shared_strings > limits.max_shared_strings:
            raise _too_many_shared_strings(file, limits.max_shared_strings)
        if scanner.rows > limits.max_rows:  # millions of empty rows: refused before they are all unpacked
            sheet = _sheet_names(archive, file).get(info.filename, info.filename)
            raise _sheet_too_large(file, sheet, scanner.rows, scanner.max_column, limits)
    scanner.finish()
    if strings_before + scanner.shared_strings > limits.max_shared_strings:
        raise _too_many_shared_strings(file, limits.max_shared_strings)
    return scanner


def _sheet_too_large(file: str, sheet: str, rows: int, columns: int, limits: WorkbookLimits) -> SheetTooLarge:
    return SheetTooLarge(
        "sheet_size",
        N_(
            "The sheet {sheet} of workbook {file} reaches row {rows} and column {columns}; at most {max_rows} rows "
            "and {max_columns} columns are read. Delete the rows and columns below and to the right of the data "
            "(they may hold a stray value or formatting), or split the sheet, and save again."
        ),
        file=file,
        sheet=sheet,
        rows=rows,
        columns=columns,
        max_rows=limits.max_rows,
        max_columns=limits.max_columns,
    )


def _unpacked(handle: BinaryIO, info: zipfile.ZipInfo, file: str) -> Iterator[bytes]:
    """The part's real content, inflated from its raw data in bounded pieces; more than declared is refused."""
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) != 30 or not header.startswith(_LOCAL_HEADER):
        raise _damaged(file, info.filename)
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
    remaining, produced = info.compress_size, 0
    try:
        while remaining > 0:
            raw = handle.read(min(remaining, _CHUNK))
            if not raw:
                raise _damaged(file, info.filename)
            remaining -= len(raw)
            for piece in [raw] if inflater is None else _inflate(inflater, raw):
                produced += len(piece)
                if produced > info.file_size:
                    raise UnsafeWorkbook(
                        "size_mismatch",
                        N_(
                            "The part {part} of workbook {file} unpacks to more than the size the file declares "
                            "for it. The file is damaged or built to attack the reader, and is refused. Ask the "
                            "sender to save the workbook again in Excel or WPS."
                        ),
                        file=file,
                        part=info.filename,
                    )
                yield piece
    except zlib.error:
        raise _damaged(file, info.filename) from None
    if produced != info.file_size or (inflater is not None and info.compress_size and not inflater.eof):
        raise _damaged(file, info.filename)


def _inflate(inflater: zlib._Decompress, raw: bytes) -> Iterator[bytes]:
    """Inflate ``raw`` in pieces of at most one chunk, so that a bomb never sits in memory whole."""
    data = raw
    while not inflater.eof:
        piece = inflater.decompress(data, _CHUNK)
        if piece:
            yield piece
        data = inflater.unconsumed_tail
        if not data and len(piece) < _CHUNK:
            return  # everything given is inflated; the rest needs the next raw chunk


def _sheet_names(archive: zipfile.ZipFile, file: str) -> dict[str, str]:
    """Part name -> sheet name, to name the sheet in a message; best effort, empty if it cannot be worked out."""
    return {part: name for name, _target, part in _sheet_entries(archive, file)}


def _sheet_entries(archive: zipfile.ZipFile, file: str) -> list[tuple[str, str, str]]:
    """(sheet name, relationship target, part name) of each sheet the workbook lists, in order; best effort."""
    try:
        workbook = _parse_small_part(archive, "xl/workbook.xml", file)
        relationships = _parse_small_part(archive, "xl/_rels/workbook.xml.rels", file)
    except (KeyError, WorkbookError):
        return []
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relationships.iter()}
    relationship_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    entries = []
    for element in workbook.iter():
        target = targets.get(element.get(relationship_id)) if element.tag.endswith("}sheet") else None
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            entries.append((element.get("name", part), target, part))
    return entries
