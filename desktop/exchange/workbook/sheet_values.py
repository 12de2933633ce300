"""A large sheet read by python-calamine in a worker process, for a workbook that other programs wrote (shared
strings, styles: not our own XML, which desktop.exchange.xlsx.own_sheets reads).

The worker is sent the file's path and identity (device, inode, size, modification and change times), opens it,
reads nothing if it is not the file the package checks read, and reads it through its own descriptor. Each distinct
text of the sheet is kept once before the rows travel back (a sheet repeats most of its texts), so the rows cost
little to pickle and to hold. None whenever anything differs or fails: the calling process then reads the sheet
itself, and a sheet calamine cannot read is refused there with its usual message.
"""

from __future__ import annotations

import os

from desktop.exchange.xlsx.own_sheets import _identity

Values = list[list[object]]


def where_on_disk(handle: object) -> tuple[str, tuple[int, ...]] | None:
    """The path and identity of an open file a worker can read again; None for a package held in memory."""
    name = getattr(handle, "name", None)
    fileno = getattr(handle, "fileno", None)
    if not isinstance(name, str) or fileno is None:
        return None
    return os.path.abspath(name), _identity(fileno())


def sheet_values(path: str, identity: tuple[int, ...], sheet: str) -> Values | None:
    """The sheet's values as python-calamine's ``to_python(skip_empty_area=False)`` gives them, or None."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        with open(path, "rb") as handle:
            if _identity(handle.fileno()) != identity:
                return None
            own = f"/proc/self/fd/{handle.fileno()}"
            workbook = CalamineWorkbook.from_path(own if os.path.exists(own) else path)
            rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except (OSError, CalamineError):
        return None
    same: dict[object, object] = {}
    keep = same.setdefault
    return [[keep(value, value) if type(value) is str else value for value in row] for row in rows]
