"""Safe opening of an untrusted .xlsx workbook, before any parser sees it.

An .xlsx is a zip of XML parts. What can go wrong with a file from outside, and what is done about it:

- It is not a workbook at all, an old .xls, a password-protected file or carries macros: refused, with a message
  that says what to do instead.
- A zip bomb: the file size, the total declared size, the compression ratio of each large part and the number of
  parts are checked from the zip directory before anything is unpacked. Then every part is unpacked once, as a
  stream, to prove it is no larger than the directory says: the Rust zip reader inside python-calamine trusts the
  compressed stream, not the directory.
- A cell far away: python-calamine allocates rows x columns of a sheet's used range at once, so one value at
  XFD1048576 in a 5 KB file aborts the whole process (measured with python-calamine 0.9: a failed 512 GB
  allocation, exit code 134, no Python exception). The used range of every part is therefore measured from the raw
  XML during the same pass, and capped, before calamine opens the file.
- XML entity tricks: the parts this module parses itself go through defusedxml; calamine's quick-xml does not
  expand entities.
"""

from __future__ import annotations

import datetime as dt
import operator
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from desktop.errors import DeclareError
from desktop.i18n import N_

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

MB = 1024 * 1024

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None


@dataclass(frozen=True, slots=True)
class WorkbookLimits:
    """What a workbook from outside may use. The defaults fit a province's roster or a large unit's declarations."""

    max_file_bytes: int = 200 * MB
    max_unpacked_bytes: int = 1024 * MB  # the sum of the sizes the zip directory declares
    max_ratio: int = 200  # unpacked : packed, for each part ...
    ratio_applies_above: int = 1 * MB  # ... larger than this (small XML parts compress very well and are harmless)
    max_members: int = 10_000
    max_rows: int = 100_000
    max_columns: int = 200


DEFAULT_LIMITS = WorkbookLimits()

# -- errors -------------------------------------------------------------------------------------------------------


class WorkbookError(DeclareError):
    """A workbook that cannot be used. ``code`` names the reason for machines and tests; the message is for people."""

    def __init__(self, code: str, message: str, /, **fields: object) -> None:
        self.code = code
        super().__init__(message, **fields)


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
            "\"Excel workbook (*.xlsx)\", then choose that file."
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


# -- the checks -----------------------------------------------------------------------------------------------------

_OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_END_OF_DIRECTORY = b"PK\x05\x06"
_LOCAL_HEADER = b"PK\x03\x04"
_CONTENT_TYPES = "[Content_Types].xml"
_MAX_PARSED_PART = 5 * MB  # the small parts parsed here (content types, workbook, relationships)
_MAX_DIRECTORY_BYTES_PER_MEMBER = 1024  # a real entry is ~100 bytes; this bounds memory before zipfile parses it
_WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
}
_MACRO_MARKERS = ("macroenabled", "vbaproject", "macrosheet")  # VBA projects and Excel 4.0 macro sheets
_MACRO_EXTENSIONS = {".xlsm", ".xltm", ".xlam"}
_LEGACY_EXTENSIONS = {".xls", ".xlt"}


def check_workbook_file(path: Path | str, limits: WorkbookLimits = DEFAULT_LIMITS) -> None:
    """Refuse a file that is not a plain .xlsx within ``limits``; return None if it is safe to hand to a parser.

    Raises UnreadableWorkbook (or EncryptedWorkbook), or UnsafeWorkbook (or SheetTooLarge); all exit with code 2.
    """
    path = Path(path)
    file = path.name
    _check_extension(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            check_workbook_stream(handle, file, size, limits)
    except OSError as exc:
        raise UnreadableWorkbook(
            "io",
            N_("The file {file} cannot be read: {reason}. Check that it exists and is not open in another program."),
            file=file,
            reason=exc.strerror or str(exc),
        ) from exc


def check_workbook_stream(handle: BinaryIO, file: str, size: int, limits: WorkbookLimits = DEFAULT_LIMITS, *,
                          marked: set[str] | None = None) -> None:
    """The checks of check_workbook_file on an open binary stream (e.g. a workbook decrypted in memory).

    ``marked``, when given, receives the names of the parts whose XML may hold a formula or merged cells (the text
    ``<f``, ``:f`` or ``mergeCell``), found during the same pass, so that a reader looking for those reads only
    these parts again."""
    _check_header(handle, file, size, limits)
    _check_end_of_directory(handle, file, size, limits)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError):
        raise _not_a_workbook(file) from None
    with archive:
        _check_members(archive, file, limits)
        _check_content_types(archive, file)
        _check_contents(handle, archive, file, limits, marked)


def _check_extension(path: Path) -> None:
    """The name alone already tells some refusals, with the clearest message."""
    suffix = path.suffix.lower()
    if suffix in _MACRO_EXTENSIONS:
        raise _macros(path.name)
    if suffix in _LEGACY_EXTENSIONS:
        raise _legacy(path.name)
    if suffix == ".xlsb":
        raise UnreadableWorkbook(
            "xlsb",
            N_(
                "The file {file} is a binary Excel workbook (.xlsb), which is not accepted. Open it in Excel or "
                "WPS and save it as \"Excel workbook (*.xlsx)\"."
            ),
            file=path.name,
        )


def _macros(file: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "macros",
        N_(
            "The file {file} contains macros, which are refused because they can run programs. Open it in Excel "
            "or WPS, save it as \"Excel workbook (*.xlsx)\" (this removes the macros), and choose that file."
        ),
        file=file,
    )


def _legacy(file: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "legacy_xls",
        N_(
            "The file {file} is in the old Excel 97-2003 format (.xls), which is not accepted. Open it in Excel "
            "or WPS and save it as \"Excel workbook (*.xlsx)\"."
        ),
        file=file,
    )


def _check_header(handle: BinaryIO, file: str, size: int, limits: WorkbookLimits) -> None:
    if size == 0:
        raise UnreadableWorkbook(
            "empty",
            N_("The file {file} is empty (0 bytes). Copy or download the workbook again and choose the new file."),
            file=file,
        )
    if size > limits.max_file_bytes:
        raise UnsafeWorkbook(
            "file_size",
            N_(
                "The file {file} is {size} MB, more than the limit of {limit} MB. Split it into smaller "
                "workbooks, or remove pictures and sheets that are not needed."
            ),
            file=file,
            size=_megabytes(size),
            limit=_megabytes(limits.max_file_bytes),
        )
    head = handle.read(8)
    if head == _OLE2_SIGNATURE:
        raise _compound_file_error(handle, file)
    if not head.startswith(_LOCAL_HEADER):
        raise _not_a_workbook(file)


def _compound_file_error(handle: BinaryIO, file: str) -> WorkbookError:
    """An OLE2 compound file is either an encrypted .xlsx (the package sits inside it, encrypted) or a legacy file."""
    import msoffcrypto  # imported here: only this rare path needs it
    from msoffcrypto.format.ooxml import OOXMLFile
    from msoffcrypto.format.xls97 import Xls97File

    handle.seek(0)
    try:
        office = msoffcrypto.OfficeFile(handle)
    except Exception:  # a damaged compound file fails in many ways; all mean "not a workbook"
        return _not_a_workbook(file)
    if isinstance(office, OOXMLFile):
        return EncryptedWorkbook(
            "encrypted",
            N_(
                "The workbook {file} is protected with a password, so its content cannot be read. Open it in "
                "Excel or WPS with the password, remove the password (File > Info > Protect Workbook > Encrypt "
                "with Password, then clear it), save, and choose the file again."
            ),
            file=file,
        )
    if isinstance(office, Xls97File):
        return _legacy(file)
    return _not_a_workbook(file)


def _check_end_of_directory(handle: BinaryIO, file: str, size: int, limits: WorkbookLimits) -> None:
    """Read the member count and directory size from the end record, before zipfile builds the whole directory."""
    tail_size = min(size, 22 + 0xFFFF)  # the record is 22 bytes plus a comment of at most 64 KB
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < 22:
        raise _not_a_workbook(file)
    count, directory_bytes = struct.unpack_from("<HI", tail, at + 10)
    if count > limits.max_members:
        raise _too_many_members(file, count, limits)
    if directory_bytes > limits.max_members * _MAX_DIRECTORY_BYTES_PER_MEMBER:
        raise _too_many_members(file, directory_bytes // 46, limits)  # 46 bytes: the smallest directory entry


def _too_many_members(file: str, count: int, limits: WorkbookLimits) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "members",
        N_(
            "The workbook {file} consists of {count} parts, more than the limit of {limit}; a real workbook has a "
            "few dozen. The file is refused; open it in Excel or WPS and save it again as .xlsx."
        ),
        file=file,
        count=count,
        limit=limits.max_members,
    )


def _check_members(archive: zipfile.ZipFile, file: str, limits: WorkbookLimits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise _too_many_members(file, len(members), limits)
    total = sum(info.file_size for info in members)
    if total > limits.max_unpacked_bytes:
        raise UnsafeWorkbook(
            "unpacked_size",
            N_(
                "The workbook {file} would unpack to {size} MB, more than the limit of {limit} MB. Split it into "
                "smaller workbooks."
            ),
            file=file,
            size=_megabytes(total),
            limit=_megabytes(limits.max_unpacked_bytes),
        )
    for info in members:
        if info.filename.lower().endswith("vbaproject.bin"):
            raise _macros(file)
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # Excel and WPS only store or deflate; anything else is another tool's zip, or an attack
            raise _damaged(file, info.filename)
        if info.file_size > limits.ratio_applies_above and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise UnsafeWorkbook(
                "ratio",
                N_(
                    "The part {part} of workbook {file} is compressed {ratio} to 1, more than the limit of {limit} "
                    "to 1. Files built like this exhaust memory on purpose, so it is refused. Ask the sender to "
                    "save the workbook again in Excel or WPS."
                ),
                file=file,
                part=info.filename,
                ratio=info.file_size // max(info.compress_size, 1),
                limit=limits.max_ratio,
            )


def _check_content_types(archive: zipfile.ZipFile, file: str) -> None:
    try:
        root = _parse_small_part(archive, _CONTENT_TYPES, file)
    except KeyError:
        raise _not_a_workbook(file) from None
    types = {element.get("ContentType", "").lower() for element in root.iter()} - {""}
    if any("sheet.binary" in content_type for content_type in types):
        raise UnreadableWorkbook(
            "xlsb",
            N_(
                "The file {file} is a binary Excel workbook (.xlsb), which is not accepted. Open it in Excel or "
                "WPS and save it as \"Excel workbook (*.xlsx)\"."
            ),
            file=file,
        )
    if any(marker in content_type for content_type in types for marker in _MACRO_MARKERS):
        raise _macros(file)
    if not types & _WORKBOOK_TYPES:
        raise _not_a_workbook(file)  # a Word document or a zip of something else, renamed


def _parse_small_part(archive: zipfile.ZipFile, name: str, file: str) -> Element:
    """Parse one small XML part with defusedxml. Raises KeyError if the part does not exist."""
    info = archive.getinfo(name)
    if info.file_size > _MAX_PARSED_PART:
        raise _unusual(file, name)
    try:
        data = archive.read(info)  # zipfile stops at the declared size, checked above
        return SafeElementTree.fromstring(data)
    except DefusedXmlException:
        raise _entities(file, name) from None
    except (ParseError, zipfile.BadZipFile, zlib.error, EOFError):
        raise _damaged(file, name) from None


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


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".removesuffix(".0")


# -- unpacking every part once: real sizes, text encoding, used range -----------------------------------------------

_CHUNK = 1 * MB


#: Text that may begin a formula element (``<f>``, ``<f …>``, ``<f/>``, ``<x:f …>``) or name merged cells.
_FORMULA_MARKS = {b"<f": (b"<f>", b"<f ", b"<f/"), b":f": (b":f>", b":f ", b":f/")}


def _structure_marked(text: bytes) -> bool:
    """Whether ``text`` may hold a formula or merged cells: two-byte searches first (fast), exact marks after."""
    return b"mergeCell" in text or any(start in text and any(mark in text for mark in marks)
                                       for start, marks in _FORMULA_MARKS.items())


def _check_contents(handle: BinaryIO, archive: zipfile.ZipFile, file: str, limits: WorkbookLimits,
                    marked: set[str] | None = None) -> None:
    """Unpack each part as a stream: it must be no larger than declared, UTF-8 if XML, and its used range capped."""
    for info in archive.infolist():
        scanner: _PartScanner = _FastScanner(file, info.filename)
        tail = b""  # the end of the piece before, so that a mark cut between two pieces is still seen
        for piece in _unpacked(handle, info, file):
            if marked is not None and info.filename not in marked:
                if _structure_marked(piece) or _structure_marked(tail + piece[:16]):
                    marked.add(info.filename)
                tail = piece[-16:]
            scanner.feed(piece)
        scanner.finish()
        if scanner.needs_sequential_scan:
            # Cells without their own reference take their place from the cells before them: count them in order.
            scanner = _SequentialScanner(file, info.filename)
            for piece in _unpacked(handle, info, file):
                scanner.feed(piece)
            scanner.finish()
        rows, columns = scanner.extent()
        if rows > limits.max_rows or columns > limits.max_columns:
            sheet = _sheet_names(archive, file).get(info.filename, info.filename)
            raise _sheet_too_large(file, sheet, rows, columns, limits)


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


# Any namespace prefix (calamine compares local names), then the element name.
_PREFIX = rb"(?:[^\s<>/=:\"']+:)?"
# A cell's start tag, and its reference when it is the first attribute, as every common writer puts it.
_CELL_HEAD = re.compile(rb"<" + _PREFIX + rb"c(?=[\s/>])(\s+r\s*=\s*[\"']?([A-Za-z]*)([0-9]*))?")
_PLAIN_CELL_HEAD = re.compile(rb"<c(?=[\s/>])(\s+r\s*=\s*[\"']?([A-Za-z]*)([0-9]*))?")
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_FIRST, _SECOND, _THIRD = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)
_ATTRIBUTE = rb"\s+[^\s=<>/\"']+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*')"
_ROW_OR_CELL = re.compile(rb"<(/?)" + _PREFIX + rb"(row|c)((?:" + _ATTRIBUTE + rb")*)\s*(/?)>")
_ATTRIBUTE_PARTS = re.compile(rb"\s+([^\s=<>/\"']+)\s*=\s*(?:\"([^\"<]*)\"|'([^'<]*)')")
_RELEVANT_TAG_START = re.compile(rb"<" + _PREFIX + rb"(?:c|row)(?:[\s/>]|\Z)|<[^\s<>/=\"']*\Z")
_CELL_REFERENCE = re.compile(rb"([A-Za-z]+)([0-9]+)")
_MAX_TAG_BYTES = 64 * 1024  # a real row or cell tag is under 200 bytes
_HEAD_BYTES = 256
_REFUSED_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"<\x00", b"\x00<")  # UTF-16 and UTF-32
# A document type declaration (where entities are declared: billion laughs, external entities). Excel, WPS and
# LibreOffice never write one; case-insensitive because some XML readers accept "<!doctype".
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_PARTS = (".xml", ".rels", ".vml")
_XML_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")


class _PartScanner:
    """Feeds a part's text to ``_scan`` in pieces that never cut a tag (tags contain no '<')."""

    def __init__(self, file: str, part: str) -> None:
        self.file, self.part = file, part
        self._xml = part.lower().endswith(_XML_PARTS)
        self.needs_sequential_scan = False
        self.max_row = 0
        self.max_column = 0
        self._carry = b""
        self._head = b""

    def feed(self, data: bytes) -> None:
        if len(self._head) < _HEAD_BYTES:
            self._head += data[: _HEAD_BYTES - len(self._head)]
        if self._carry:
            data = self._carry + data
        # The carry keeps everything from the last '<', so a declaration cut between two pieces is seen whole here.
        if self._xml and b"<!" in data and _DOCTYPE.search(data):
            raise _entities(self.file, self.part)
        cut = data.rfind(b"<")
        if cut < 0:
            self._carry = b""  # no tag starts here, and none was pending
            return
        self._scan(data, cut)
        carry = data[cut:]
        if len(carry) > _MAX_TAG_BYTES:
            if _RELEVANT_TAG_START.match(carry):
                raise _unusual(self.file, self.part)
            carry = b""  # long text after some other tag: nothing in it matters here
        self._carry = carry

    def finish(self) -> None:
        self._scan(self._carry, len(self._carry))
        self._carry = b""
        head = self._head
        declared = _XML_DECLARATION.match(head)
        if head.startswith(_REFUSED_STARTS) or (declared and declared[1].lower() not in (b"utf-8", b"utf8")):
            # Excel writes UTF-8 only; another encoding would hide the tags from the scan above
            raise _unusual(self.file, self.part)

    def extent(self) -> tuple[int, int]:
        """The last row and column (1-based) holding a cell, or (0, 0)."""
        return self.max_row, self.max_column

    def _scan(self, data: bytes, end: int) -> None:
        raise NotImplementedError

    def _note(self, row: int, column: int) -> None:
        self.max_row = max(self.max_row, row)
        self.max_column = max(self.max_column, column)


class _FastScanner(_PartScanner):
    """Collects the distinct row numbers and column letters of cells that name their reference first.

    Work per cell stays in C (one regex, set updates); a part with any other cell asks for the sequential scan.
    """

    def __init__(self, file: str, part: str) -> None:
        super().__init__(file, part)
        self._rows: set[bytes] = set()
        self._columns: set[bytes] = set()

    def _scan(self, data: bytes, end: int) -> None:
        # Without a namespace-prefixed cell tag in the piece, the same matches come from a pattern that starts with
        # a literal, which the regular expression engine finds far faster than one starting with an optional prefix.
        pattern = _CELL_HEAD if _PREFIXED_CELL.search(data, 0, end) else _PLAIN_CELL_HEAD
        found = pattern.findall(data, 0, end)
        if not found:
            return
        if b"" in set(map(_FIRST, found)):
            self.needs_sequential_scan = True
        self._rows.update(map(_THIRD, found))
        self._columns.update(map(_SECOND, found))

    def finish(self) -> None:
        super().finish()
        if self.needs_sequential_scan:
            return
        if b"" in self._rows or b"" in self._columns:
            # calamine reads a reference without a row or a column as column 4,294,967,295: never let it try
            raise _unusual(self.file, self.part)
        if self._rows:
            self._note(max(map(int, self._rows)), max(map(_column_number, self._columns)))


class _SequentialScanner(_PartScanner):
    """Follows rows and cells in order, placing a cell without a reference as calamine does: after the one before."""

    def __init__(self, file: str, part: str) -> None:
        super().__init__(file, part)
        self._row = 0  # 0-based, like calamine
        self._column = 0

    def _scan(self, data: bytes, end: int) -> None:
        cells = 0
        for closing, name, attributes, empty in _ROW_OR_CELL.findall(data, 0, end):
            if name == b"row":
                self._row_tag(bool(closing), attributes, bool(empty))
            elif not closing:
                cells += 1
                self._cell_tag(attributes)
        if cells != len(_CELL_HEAD.findall(data, 0, end)):
            raise _unusual(self.file, self.part)  # a cell tag the tokenizer above cannot follow

    def _row_tag(self, closing: bool, attributes: bytes, empty: bool) -> None:
        if not closing:
            reference = _attribute(attributes, b"r")
            if reference is not None:
                if not reference.isdigit():
                    raise _unusual(self.file, self.part)
                self._row = max(int(reference) - 1, 0)
        if closing or empty:
            self._row += 1
            self._column = 0

    def _cell_tag(self, attributes: bytes) -> None:
        reference = _attribute(attributes, b"r")
        if reference is None:
            row, column = self._row, self._column
        else:
            parsed = _CELL_REFERENCE.fullmatch(reference)
            if parsed is None:
                raise _unusual(self.file, self.part)
            row, column = max(int(parsed[2]) - 1, 0), _column_number(parsed[1]) - 1
        self._note(row + 1, column + 1)
        self._column = column + 1


def _attribute(attributes: bytes, name: bytes) -> bytes | None:
    for key, double_quoted, single_quoted in _ATTRIBUTE_PARTS.findall(attributes):
        if key == name:
            return double_quoted or single_quoted
    return None


def _column_number(letters: bytes) -> int:
    """1 for A, 27 for AA. Long nonsense gives a huge number, which the column cap refuses."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _sheet_names(archive: zipfile.ZipFile, file: str) -> dict[str, str]:
    """Part name -> sheet name, to name the sheet in a message; best effort, empty if it cannot be worked out."""
    try:
        workbook = _parse_small_part(archive, "xl/workbook.xml", file)
        relationships = _parse_small_part(archive, "xl/_rels/workbook.xml.rels", file)
    except (KeyError, WorkbookError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relationships.iter()}
    relationship_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    names: dict[str, str] = {}
    for element in workbook.iter():
        target = targets.get(element.get(relationship_id)) if element.tag.endswith("}sheet") else None
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            names[part] = element.get("name", part)
    return names


# -- reading ----------------------------------------------------------------------------------------------------------


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


def column_letter(column: int) -> str:
    """'A' for column 1, 'Z' for 26, 'AA' for 27."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_reference(row: int, column: int) -> str:
    """'C5' for row 5, column 3 (both 1-based)."""
    return f"{column_letter(column)}{row}"
