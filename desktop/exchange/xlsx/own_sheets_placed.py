"""Which process reads which of our own large sheets (desktop.exchange.xlsx.own_sheets reads one): the smallest
part, or the sheets a caller names (decision 226), in this process, the others in an executor's processes, largest
first, so that they finish together; each sheet's rows, or its worker's future, told to the caller as soon as known.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import BinaryIO

from desktop.exchange.xlsx.errors import WorkbookLimits
from desktop.exchange.xlsx.own_sheets import Check, Rows, read_own_member, read_own_sheet
from desktop.exchange.xlsx.packed_sheet import PackedSheet, Packing
from desktop.exchange.xlsx.part_member import member_where
from desktop.exchange.xlsx.sheet_parts import unambiguous_parts

__all__ = ["Here", "OwnSheets", "Told", "read_own_sheets"]

#: Given each chosen sheet's unpacked size, the sheets this process reads when there are workers (the others are
#: read in the workers); none named: the smallest.
Here = Callable[[Mapping[str, int]], Iterable[str]]
#: Told of a sheet's rows as soon as this process has them (a sheet read here), or of the future of a sheet sent to
#: a worker, once sent.
Told = Callable[[str, "Rows | PackedSheet | Future[Rows | PackedSheet | None] | None"], None]


def _untold(_sheet: str, _rows: object) -> None:
    return None


@dataclass
class OwnSheets:
    """The sheets the strict reader accepted: their rows by sheet name, and their parts (which need no scan)."""

    rows: dict[str, Rows | PackedSheet] = field(default_factory=dict)
    parts: set[str] = field(default_factory=set)


def read_own_sheets(
    handle: BinaryIO,
    archive: zipfile.ZipFile,
    file: str,
    limits: WorkbookLimits,
    sheets: Iterable[str],
    executor: Executor | None = None,
    checks: Mapping[str, Check] | None = None,
    packings: Mapping[str, Packing] | None = None,
    here: Here | None = None,
    told: Told | None = None,
) -> OwnSheets:
    """Read each of ``sheets`` strictly, once, after the package checks (safety.open_checked_package). A sheet is
    tried only when its part is unambiguous: one sheet of that name, one sheet on that part, one member of that
    name, and a relationship target that python-calamine resolves to the same part.

    With an ``executor``, the sheets are read side by side: the smallest part (unpacked) in this process, which would
    otherwise wait idle and then unpickle it, the others in the executor's processes, largest first so that they
    finish together. Each worker is sent only where its own part lies (part_member.member_where), never the
    package, and returns its rows (each distinct text once, which pickle carries cheaply). ``checks``: each sheet's
    check of its rows while they are read (what one raises reaches the caller). ``packings``: how each sheet's
    rows are packed (packed_sheet, decisions 215 and 225) where they are parsed, so that a worker's come back as
    blocks. ``here``: which sheets this process reads with an executor, instead of the smallest (decision 226);
    ``told``: each sheet's rows as soon as this process has them, or the future of a sheet sent to a worker, once
    sent."""
    chosen = unambiguous_parts(archive, file, sheets)
    check, packing = (checks or {}).get, (packings or {}).get
    tell = told or _untold
    if executor is not None and len(chosen) > 1:
        results = _read_side_by_side(handle, archive, file, limits, chosen, executor, check, packing, here, tell)
    else:
        results = []
        for sheet, part in chosen:
            results.append(read_own_sheet(handle, archive.getinfo(part), file, limits, check(sheet), packing(sheet)))
            tell(sheet, results[-1])
    found = OwnSheets()
    for (sheet, part), rows in zip(chosen, results, strict=True):
        if rows is not None:
            found.rows[sheet] = rows
            found.parts.add(part)
    return found


def _read_side_by_side(
    handle: BinaryIO,
    archive: zipfile.ZipFile,
    file: str,
    limits: WorkbookLimits,
    chosen: list[tuple[str, str]],
    executor: Executor,
    check: Callable[[str], Check | None],
    packing: Callable[[str], Packing | None],
    here: Here | None,
    tell: Told,
) -> list[Rows | PackedSheet | None]:
    """read_own_sheets with an executor: the sheets ``here`` names (by default the smallest part) in this process,
    one after the other in the sheets' order, the others in its processes, largest first."""
    read_here, elsewhere = _placed(archive, chosen, here)
    futures = {
        sheet_part: executor.submit(
            read_own_member,
            member_where(handle, archive.getinfo(sheet_part[1]), file),
            file,
            limits,
            check(sheet_part[0]),
            packing(sheet_part[0]),
        )
        for sheet_part in elsewhere
    }
    for (sheet, _part), future in futures.items():
        tell(sheet, future)
    failed: dict[tuple[str, str], Exception] = {}
    done: dict[tuple[str, str], Rows | PackedSheet | None] = {}
    try:
        for sheet, part in read_here:
            try:
                done[sheet, part] = read_own_sheet(
                    handle, archive.getinfo(part), file, limits, check(sheet), packing(sheet)
                )
            except Exception as error:  # raised below in the sheets' order; the sheets after it are not read
                failed[sheet, part] = error
                break
            tell(sheet, done[sheet, part])
    except BaseException:  # an interrupt: at once
        for future in futures.values():
            future.cancel()
        raise
    try:
        # In the sheets' order, as without workers: where several sheets' checks raise, the first sheet's is
        # the one the caller gets, whichever process read it.
        return [_result(sheet_part, futures, failed, done) for sheet_part in chosen]
    except BaseException:
        for future in futures.values():
            future.cancel()  # those not started yet: the workers are free sooner for what comes next
        raise


def _result(
    sheet_part: tuple[str, str],
    futures: Mapping[tuple[str, str], Future[Rows | PackedSheet | None]],
    failed: Mapping[tuple[str, str], Exception],
    done: Mapping[tuple[str, str], Rows | PackedSheet | None],
) -> Rows | PackedSheet | None:
    """A sheet's rows as a worker gave them, or as read here; what reading it here raised."""
    if sheet_part in futures:
        return futures[sheet_part].result()
    if sheet_part in failed:
        raise failed[sheet_part]
    return done[sheet_part]


def _placed(
    archive: zipfile.ZipFile, chosen: list[tuple[str, str]], here: Here | None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The chosen sheets this process reads (those ``here`` names, else the smallest), in the sheets' order, and the
    others, largest first."""
    sizes = {sheet: archive.getinfo(part).file_size for sheet, part in chosen}
    wanted = set(here(sizes) if here is not None else ()) & set(sizes)
    if not wanted:
        wanted = {min(chosen, key=lambda chosen_part: sizes[chosen_part[0]])[0]}
    read_here = [sheet_part for sheet_part in chosen if sheet_part[0] in wanted]
    elsewhere = sorted((c for c in chosen if c[0] not in wanted), key=lambda chosen_part: -sizes[chosen_part[0]])
    return read_here, elsewhere
