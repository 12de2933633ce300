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
- A zip that shows each reader another workbook: two members of one name (also differing only in case), names with a
  backslash, ``..``, a leading slash or a drive letter, and local headers that disagree with the zip directory (name,
  method, sizes) are refused from the directory and the local headers, before anything is unpacked.

The checks of the package as a whole are in desktop.exchange.xlsx.package_checks, the pass that unpacks every part
in desktop.exchange.xlsx.part_scan; this module joins them and keeps the names callers import.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import BinaryIO

from desktop.exchange.xlsx.errors import (  # re-exported: the names callers import from here
    DEFAULT_LIMITS,
    MB,
    Cell,
    EncryptedWorkbook,
    SheetTooLarge,
    UnreadableWorkbook,
    UnsafeWorkbook,
    WorkbookError,
    WorkbookLimits,
    _not_a_workbook,
)
from desktop.exchange.xlsx.package_checks import (
    _check_content_types,
    _check_end_of_directory,
    _check_extension,
    _check_header,
    _check_local_headers,
    _check_members,
    _check_names,
    _parse_small_part,
)
from desktop.exchange.xlsx.package_parts import check_referenced
from desktop.exchange.xlsx.part_scan import (
    _CHUNK,
    _check_contents,
    _sheet_entries,
    _sheet_names,
    _sheet_too_large,
    _unpacked,
)
from desktop.exchange.xlsx.sheet_scan import cell_reference, column_letter
from desktop.i18n import N_

__all__ = [  # also names defined in errors, sheet_scan, package_checks and part_scan, which callers import from here
    "DEFAULT_LIMITS",
    "MB",
    "_CHUNK",
    "Cell",
    "EncryptedWorkbook",
    "SheetTooLarge",
    "UnreadableWorkbook",
    "UnsafeWorkbook",
    "WorkbookError",
    "WorkbookLimits",
    "_check_contents",
    "_check_extension",
    "_parse_small_part",
    "_sheet_entries",
    "_sheet_names",
    "_sheet_too_large",
    "_unpacked",
    "cell_reference",
    "check_workbook_file",
    "check_workbook_stream",
    "column_letter",
    "open_checked_package",
]


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


def check_workbook_stream(
    handle: BinaryIO, file: str, size: int, limits: WorkbookLimits = DEFAULT_LIMITS, *, marked: set[str] | None = None
) -> None:
    """The checks of check_workbook_file on an open binary stream (e.g. a workbook decrypted in memory).

    ``marked``, when given, receives the names of the parts whose XML may hold a formula or merged cells (the text
    ``<f``, ``:f`` or ``mergeCell``), found during the same pass, so that a reader looking for those reads only
    these parts again."""
    with open_checked_package(handle, file, size, limits) as archive:
        _check_contents(handle, archive, file, limits, marked)


def open_checked_package(handle: BinaryIO, file: str, size: int, limits: WorkbookLimits) -> zipfile.ZipFile:
    """The checks of the package as a whole (the file, the zip directory, the sizes, the content types), before
    anything is unpacked; returns the open archive, for _check_contents (the caller closes it)."""
    _check_header(handle, file, size, limits)
    _check_end_of_directory(handle, file, size, limits)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError):
        raise _not_a_workbook(file) from None
    _check_members(archive, file, limits)  # on an error the archive is closed as it is dropped
    _check_names(archive, file)
    _check_local_headers(handle, archive, file)
    _check_content_types(archive, file)
    check_referenced(archive, file)
    return archive
