"""The checks of an untrusted .xlsx package as a whole, from its name, its first bytes, the zip directory, the
local file headers and the small XML parts, before anything large is unpacked (desktop.exchange.xlsx.safety says
what each one protects against): not a workbook, an old or binary or macro-enabled file, a password-protected one,
a file or an unpacked size over the limits, a part compressed beyond the ratio, too many parts, names or headers
that would show two readers two different workbooks, content types of another kind of document."""

from __future__ import annotations

import math
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from desktop.exchange.xlsx.errors import (
    MB,
    EncryptedWorkbook,
    UnreadableWorkbook,
    UnsafeWorkbook,
    WorkbookError,
    WorkbookLimits,
    _damaged,
    _entities,
    _not_a_workbook,
    _unusual,
)
from desktop.i18n import N_

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
                'WPS and save it as "Excel workbook (*.xlsx)".'
            ),
            file=path.name,
        )


def _macros(file: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        "macros",
        N_(
            "The file {file} contains macros, which are refused because they can run programs. Open it in Excel "
            'or WPS, save it as "Excel workbook (*.xlsx)" (this removes the macros), and choose that file.'
        ),
        file=file,
    )


def _legacy(file: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "legacy_xls",
        N_(
            "The file {file} is in the old Excel 97-2003 format (.xls), which is not accepted. Open it in Excel "
            'or WPS and save it as "Excel workbook (*.xlsx)".'
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


_DRIVE = re.compile(r"^[A-Za-z]:")


def _check_names(archive: zipfile.ZipFile, file: str) -> None:
    """Every member name is a plain relative part name, and names one part only.

    Readers resolve odd names differently: a second member of the same name (or of a name differing only in case,
    which Office part names ignore) is taken by one reader and not another, and a name with a backslash, ``..``,
    ``.``, an empty segment, a leading slash or a drive letter may be taken for another part or a place outside the
    package. What one reader verifies must be what every reader shows, so such a file is refused whole."""
    seen: set[str] = set()
    for info in archive.infolist():
        name = info.orig_filename
        segments = name.split("/")
        if (
            "\\" in name
            or name.startswith("/")
            or _DRIVE.match(name)
            or any(segment in ("", ".", "..") for segment in segments[:-1])
            or segments[-1] in (".", "..")
        ):
            raise _odd_zip(
                "zip_unsafe_name",
                N_(
                    "The workbook {file} holds a part named {part}, a name no spreadsheet program writes (a "
                    "backslash, '..', or a path that starts at the root). Such files are built to mislead readers, "
                    "so it is refused. Ask the sender to save the workbook again in Excel or WPS."
                ),
                file,
                name,
            )
        folded = name.casefold()
        if folded in seen:
            raise _odd_zip(
                "zip_duplicate_name",
                N_(
                    "The workbook {file} holds the part {part} twice. Programs would read different copies, so what "
                    "one verifies need not be what another shows; the file is refused. Ask the sender to save the "
                    "workbook again in Excel or WPS."
                ),
                file,
                name,
            )
        seen.add(folded)


def _check_local_headers(handle: BinaryIO, archive: zipfile.ZipFile, file: str) -> None:
    """Each member's local file header agrees with the central directory: name, compression method and sizes.

    The checks here (and Python's zipfile) read the directory; the Rust reader inside python-calamine and other
    programs may walk the local headers instead, so a file whose two records disagree shows each reader another
    workbook. A header that defers its sizes to a data descriptor (flag bit 3) may leave them zero."""
    for info in archive.infolist():
        handle.seek(info.header_offset)
        header = handle.read(30)
        if len(header) != 30 or not header.startswith(_LOCAL_HEADER):
            raise _damaged(file, info.filename)
        flags, method, _time, _date, _crc, packed, size, name_length, extra_length = struct.unpack_from(
            "<HHHHIIIHH", header, 6
        )
        raw_name = handle.read(name_length)
        extra = handle.read(extra_length)
        encoding = "utf-8" if flags & 0x800 else "cp437"
        name = raw_name.decode(encoding, errors="replace")
        if 0xFFFFFFFF in (packed, size):
            size, packed = _zip64_sizes(extra, size, packed)
        deferred = bool(flags & 0x8) and packed == 0 and size == 0
        if (
            name != info.orig_filename
            or method != info.compress_type
            or (not deferred and (packed, size) != (info.compress_size, info.file_size))
        ):
            raise _odd_zip(
                "zip_header_mismatch",
                N_(
                    "In the workbook {file}, the part {part} is described two different ways inside the file "
                    "(its local header and the zip directory disagree), so different programs would read different "
                    "content. The file is refused; ask the sender to save the workbook again in Excel or WPS."
                ),
                file,
                info.filename,
            )


def _zip64_sizes(extra: bytes, size: int, packed: int) -> tuple[int, int]:
    """The sizes a local header keeps in its zip64 extra field (header id 1): the size first, then the packed size,
    each present only where the header's own field is 0xFFFFFFFF."""
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack_from("<HH", extra, at)
        body = extra[at + 4 : at + 4 + length]
        if kind == 1:
            values = [struct.unpack_from("<Q", body, i)[0] for i in range(0, len(body) - 7, 8)]
            if size == 0xFFFFFFFF and values:
                size = values.pop(0)
            if packed == 0xFFFFFFFF and values:
                packed = values.pop(0)
            break
        at += 4 + length
    return size, packed


def _odd_zip(code: str, message: str, file: str, part: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(code, message, file=file, part=part)


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
                'WPS and save it as "Excel workbook (*.xlsx)".'
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
        root: Element = SafeElementTree.fromstring(data)
        return root
    except DefusedXmlException:
        raise _entities(file, name) from None
    except (ParseError, zipfile.BadZipFile, zlib.error, EOFError):
        raise _damaged(file, name) from None


def _megabytes(size: int) -> str:
    """Megabytes to one decimal, rounded up: a size just past a limit never reads as the limit itself."""
    return f"{math.ceil(size * 10 / MB) / 10:.1f}".removesuffix(".0")
