"""A large sheet of a workbook that other programs wrote (shared strings, styles: not our own XML, which
desktop.exchange.xlsx.own_sheets reads), read in a worker process.

The worker is sent the file's path and identity (device, inode, size, modification and change times), opens it,
reads nothing if it is not the file the package checks read, and reads it through its own descriptor: first by the
streamed reader of the plain layout (desktop.exchange.xlsx.plain_sheets: a bounded number of rows' XML at a time,
each shared string once), and only where that reader does not take the sheet, and the sheet is within
python-calamine's cap, by python-calamine, whose each distinct text is then kept once before the rows travel back
(a sheet repeats most of its texts), so the rows cost little to pickle and to hold. None whenever anything differs
or fails: the calling process then reads the sheet itself, and a sheet that cannot be read is refused there with
its usual message.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Sequence

from desktop.exchange.xlsx.errors import WorkbookLimits
from desktop.exchange.xlsx.part_member import file_identity
from desktop.exchange.xlsx.plain_sheets import Strings, read_plain_sheet, used_strings

Values = list[list[object]]
#: A floor under the sheet's problems (desktop.exchange.workbook.read_floor), called with the rows read so far.
Check = Callable[[Sequence[Sequence[object]]], None]


def where_on_disk(handle: object) -> tuple[str, tuple[int, ...]] | None:
    """The path and identity of an open file a worker can read again; None for a package held in memory."""
    name = getattr(handle, "name", None)
    fileno = getattr(handle, "fileno", None)
    if not isinstance(name, str) or fileno is None:
        return None
    return os.path.abspath(name), file_identity(fileno())


def sheet_values(
    path: str,
    identity: tuple[int, ...],
    sheet: str,
    part: str | None = None,
    limits: WorkbookLimits | None = None,
    calamine: bool = True,
    padded: bool = True,
    check: Check | None = None,
    strings: Strings | None = None,
) -> Values | None:
    """The sheet's values as python-calamine's ``to_python(skip_empty_area=False)`` gives them, or None. With a
    ``part`` and ``limits``, the streamed reader is tried first; ``calamine``: whether python-calamine may read the
    sheet where that reader does not (the sheet is within its cap); ``padded=False``: the streamed reader's rows
    each only up to its last value (desktop.exchange.xlsx.plain_sheets.read_plain_sheet); ``check``: called with
    the streamed reader's rows after each piece, and with python-calamine's once read (what it raises reaches the
    caller: decisions 188, 199); ``strings``: the shared strings the calling process parsed for this sheet (those
    sheet_strings_used marked), so that the table is not parsed again here (decision 223)."""
    from python_calamine import CalamineError

    try:
        with open(path, "rb") as handle:
            if file_identity(handle.fileno()) != identity:
                return None
            if part is not None and limits is not None:
                with zipfile.ZipFile(handle) as archive:
                    plain = read_plain_sheet(
                        handle, archive, part, os.path.basename(path), limits, strings, padded, check
                    )
                if plain is not None:
                    return plain  # type: ignore[return-value]  # texts and booleans are objects
            if not calamine:
                return None
            own = f"/proc/self/fd/{handle.fileno()}"
            rows = _read(own if os.path.exists(own) else path, sheet)  # the workbook's own memory is freed here
    except (OSError, CalamineError, zipfile.BadZipFile):
        return None
    if check is not None:
        check(rows)  # python-calamine gives the sheet at once: counted before it travels back (decision 199)
    same: dict[str, str] = {}
    keep = same.setdefault
    for row in rows:  # in place: each repeated text is let go as soon as its first copy stands for it
        for index, value in enumerate(row):
            if type(value) is str:
                row[index] = keep(value, value)
    return rows


def sheet_strings_used(path: str, identity: tuple[int, ...], part: str, limits: WorkbookLimits) -> bytearray | None:
    """plain_sheets.used_strings of the sheet on ``part``, in a worker (which then reads that sheet with the strings
    marked here, parsed once by the calling process); None (every string kept) where the part cannot be scanned or
    the file is not the one the package checks read (then its reading gives None too, and the calling process reads
    the sheet)."""
    try:
        with open(path, "rb") as handle:
            if file_identity(handle.fileno()) != identity:
                return None
            with zipfile.ZipFile(handle) as archive:
                return used_strings(handle, archive, [part], os.path.basename(path), limits)
    except (OSError, zipfile.BadZipFile):
        return None


def _read(path: str, sheet: str) -> Values:
    from python_calamine import CalamineWorkbook

    values: Values = CalamineWorkbook.from_path(path).get_sheet_by_name(sheet).to_python(skip_empty_area=False)  # type: ignore[assignment]  # cells of a few types
    return values
