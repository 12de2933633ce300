"""The safety scan of a package's large parts (the sheets other programs write, their shared strings) in an
executor's worker processes, side by side, while the calling process scans the small ones
(desktop.exchange.xlsx.part_scan._check_contents).

Each worker is sent only where its part lies (desktop.exchange.xlsx.part_member: the file's path and
identity, or the member's bytes for a package in memory) and runs the same scanner on that part alone. It refuses
nothing itself: it gives back what the calling process needs to make exactly the checks, and the refusals, of a
scan in order (part_scan.PartScan): the shared strings counted up to its last check of them, the cells that can use
them, the extent, whether the part may hold a formula or merged cells, and what the scan raised after that check.
The checks across parts (the shared strings of the parts before, against the cap and against the cells) stay in the
calling process, which takes the parts in the package's order, so a hostile file is refused with the same message
as without workers. A worker that cannot read its part (the file replaced) gives None: the part is scanned in the
calling process. When a part is refused, the scans not yet started are cancelled; one under way runs to its end
in its worker, and a refusal that depends on the parts before it (the shared strings across parts) waits for that
end, where the scan in order would have stopped at the first piece past the cap. So only parts of at most
LARGEST_PART are sent (about 5 s to scan here, at 47–50 MB a second): a larger one, a city's roll-up saved again,
is scanned in order, as before (decision 214).
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection, Mapping
from concurrent.futures import Executor, Future
from typing import BinaryIO

from desktop.exchange.xlsx.errors import MB, WorkbookError, WorkbookLimits
from desktop.exchange.xlsx.part_member import Member, member_where, with_member
from desktop.exchange.xlsx.part_scan import SHARED_STRINGS_PART, PartScan, _structure_marked, _unpacked
from desktop.exchange.xlsx.sheet_scan import _FastScanner, _PartScanner, _SequentialScanner
from desktop.exchange.xlsx.string_marks import StringMarks

#: A part at least this large (unpacked) is scanned in a worker; the others cost the calling process little.
LARGE_PART = 4 * MB
#: A part larger than this (unpacked, as declared: the inflater holds it to that) is scanned in order by the calling
#: process, so that a refusal never waits more than about 5 s for a worker's whole scan (decision 214).
LARGEST_PART = 256 * MB


def scan_elsewhere(
    handle: BinaryIO,
    archive: zipfile.ZipFile,
    file: str,
    limits: WorkbookLimits,
    executor: Executor,
    skip_parts: Collection[str] = (),
    mark_parts: Collection[str] = (),
) -> dict[int, Future[PartScan | None]]:
    """The scans of the large parts, submitted to ``executor`` (the largest first), by the part's position in the
    package; none where fewer than two parts are large. A shared strings part larger than its cap is left out: the
    calling process refuses it from the directory. The scan of a part on ``mark_parts`` (a sheet the streamed reader
    will read) also marks the shared strings it may use (PartScan.used, decision 233)."""
    large = [
        (index, info)
        for index, info in enumerate(archive.infolist())
        if LARGE_PART <= info.file_size <= LARGEST_PART
        and info.filename not in skip_parts
        and not (info.filename == SHARED_STRINGS_PART and info.file_size > limits.max_shared_string_bytes)
    ]
    if len(large) < 2:
        return {}
    large.sort(key=lambda item: -item[1].file_size)
    futures: dict[int, Future[PartScan | None]] = {}
    try:
        for index, info in large:
            try:
                member = member_where(handle, info, file)
            except WorkbookError:
                continue  # a member that cannot be cut out is scanned, and refused, in its turn by this process
            futures[index] = executor.submit(scan_member, member, file, limits, info.filename in mark_parts)
    except BaseException:
        for future in futures.values():  # a file that cannot be read, a pool that broke: none left running
            future.cancel()
        raise
    return futures


def scan_member(member: Member, file: str, limits: WorkbookLimits, mark: bool = False) -> PartScan | None:
    """The scan of one member (see part_member.member_where), in another process; None when the file was replaced.
    ``mark``: the shared strings it may use marked on the way (scan_alone)."""
    return with_member(member, lambda handle, info: scan_alone(handle, info, file, limits, mark))


def scan_alone(
    handle: BinaryIO, info: zipfile.ZipInfo, file: str, limits: WorkbookLimits, mark: bool = False
) -> PartScan:
    """part_scan's scan of one part (_scan_part, then the sequential scan where it asks for one), as if no part came
    before it: what it raises is kept, with the shared strings counted at the last check of them before it. With
    ``mark``, the shared strings the part may use are marked from the same pieces (PartScan.used: what
    plain_sheets.used_strings gives for it; None where the scan stopped or an index passed the cap)."""
    found = PartScan(0, 0, (0, 0), False)
    scanner: _PartScanner = _FastScanner(file, info.filename, limits.max_cell_characters)
    marks = StringMarks(limits) if mark else None
    tail = b""
    try:
        for piece in _unpacked(handle, info, file):
            if not found.marked:
                found.marked = _structure_marked(piece) or _structure_marked(tail + piece[:16])
                tail = piece[-16:]
            scanner.feed(piece)
            if marks is not None:
                marks.feed(piece)
            found.shared_strings = scanner.shared_strings
            if scanner.shared_strings > limits.max_shared_strings:
                return found  # too many whatever came before: the calling process refuses it
            if scanner.rows > limits.max_rows:
                found.long_rows = (scanner.rows, scanner.max_column)
                return found
        scanner.finish()
        found.shared_strings, found.string_cells = scanner.shared_strings, scanner.string_cells
        if scanner.shared_strings > limits.max_shared_strings:
            return found
        if scanner.needs_sequential_scan:
            scanner = _SequentialScanner(file, info.filename, limits.max_cell_characters)
            for piece in _unpacked(handle, info, file):
                scanner.feed(piece)
            scanner.finish()
        found.extent = scanner.extent()
        found.used = marks.used if marks is not None else None
    except WorkbookError as refused:
        found.refusal = refused
    return found


def string_marks(archive: zipfile.ZipFile, scanned: Mapping[int, Future[PartScan | None]]) -> dict[str, bytearray]:
    """The marks of the shared strings each part scanned elsewhere may use, by part (only those a worker made),
    once every scan is in (after part_scan._check_contents took them all)."""
    names = [info.filename for info in archive.infolist()]
    marks: dict[str, bytearray] = {}
    for index, future in scanned.items():
        found = future.result() if future.done() and not future.cancelled() else None
        if found is not None and found.used is not None:
            marks[names[index]] = found.used
    return marks
