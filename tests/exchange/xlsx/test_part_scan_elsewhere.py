"""The safety scan of the large parts in worker processes (desktop.exchange.xlsx.part_scan_elsewhere): for every
hostile package the refusal is the one the scan in order gives (the same kind, code and fields, from the same
part), and for a sound one the same marks and extents; the checks across parts (the shared strings of the parts
before) stay in the calling process."""

from __future__ import annotations

import io
import pickle
import zipfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import BinaryIO

import pytest

from desktop.exchange.xlsx import part_scan_elsewhere
from desktop.exchange.xlsx.errors import SheetTooLarge, UnsafeWorkbook, WorkbookError, WorkbookLimits, _damaged
from desktop.exchange.xlsx.part_member import member_where
from desktop.exchange.xlsx.part_scan import _check_contents
from desktop.exchange.xlsx.part_scan_elsewhere import scan_elsewhere, scan_member
from tests.exchange.xlsx.test_safety import plain_workbook, shrink_declared_size

MB = 1024 * 1024
SHEET1, SHEET2, STRINGS = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"
#: A run of small elements past one piece of the scan (1 MB), so that what follows is in a later piece.
FILLER = "<a/>" * (MB // 3)
HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="main"><sheetData>'
TAIL = "</sheetData></worksheet>"


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    with ProcessPoolExecutor(2) as executor:
        yield executor


def _cells(count: int, row: int = 1) -> str:
    return "".join(f'<c r="A{row + index}" t="s"><v>0</v></c>' for index in range(count))


def _strings(count: int) -> str:
    return "<sst>" + "<si><t>x</t></si>" * count + "</sst>"


def _package(tmp_path: Path, parts: dict[str, str | bytes], name: str = "book.xlsx") -> Path:
    """openpyxl's workbook of one sheet (named 名单), with a second sheet listed, and ``parts`` set or added."""
    base = plain_workbook(tmp_path / "base.xlsx")
    target = tmp_path / name
    with zipfile.ZipFile(base) as old:
        members = {info.filename: old.read(info) for info in old.infolist()}
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
        b"</sheets>", '<sheet name="第二" sheetId="2" r:id="rId9"/></sheets>'.encode()
    )
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'worksheet" Target="worksheets/sheet2.xml"/></Relationships>',
    )
    for part, data in parts.items():
        members[part] = data.encode() if isinstance(data, str) else data
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for part, data in members.items():
            new.writestr(part, data)
    return target


def _outcome(
    handle: BinaryIO, limits: WorkbookLimits, pool: ProcessPoolExecutor | None, plain: tuple[str, ...] = ()
) -> tuple[object, ...]:
    """What _check_contents makes of the package: its refusal (kind, code, fields), or the marks and extents."""
    marked: set[str] = set()
    extents: dict[str, tuple[int, int]] = {}
    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:
        scanned = scan_elsewhere(handle, archive, "book.xlsx", limits, pool) if pool is not None else {}
        try:
            _check_contents(
                handle, archive, "book.xlsx", limits, marked, plain_parts=plain, extents=extents, scanned=scanned
            )
        except WorkbookError as refused:
            return type(refused), refused.code, refused.fields
    return "passed", sorted(marked), extents


def _same_both_ways(
    path: Path, limits: WorkbookLimits, pool: ProcessPoolExecutor, plain: tuple[str, ...] = ()
) -> tuple[object, ...]:
    """The outcome in order, checked equal to the outcome with the parts scanned by workers: every part at least
    1 byte (LARGE_PART lowered), only the large ones, and from a package on disk and in memory."""
    with path.open("rb") as handle:
        expected = _outcome(handle, limits, None, plain)
    default = part_scan_elsewhere.LARGE_PART
    for large in (0, MB):
        part_scan_elsewhere.LARGE_PART = large
        try:
            with path.open("rb") as handle:
                assert _outcome(handle, limits, pool, plain) == expected, large
            assert _outcome(io.BytesIO(path.read_bytes()), limits, pool, plain) == expected, large
        finally:
            part_scan_elsewhere.LARGE_PART = default
    return expected


LIMITS = WorkbookLimits(max_shared_strings=10, max_rows=2_000)


def test_a_sound_package_gives_the_same_marks_and_extents(tmp_path: Path, pool: ProcessPoolExecutor) -> None:
    path = _package(
        tmp_path,
        {
            SHEET2: HEAD + f'<row r="1">{_cells(2)}<c r="C1"><f>1+1</f><v>2</v></c></row>' + TAIL,
            STRINGS: _strings(2) + "<!-- " + FILLER + " -->",
        },
    )
    outcome = _same_both_ways(path, LIMITS, pool)
    assert outcome[0] == "passed"
    assert outcome[1] == [SHEET2]  # the formula
    assert outcome[2][SHEET2] == (2, 3)  # type: ignore[index]


def test_too_many_shared_strings_across_parts_are_refused_at_the_same_part(
    tmp_path: Path, pool: ProcessPoolExecutor
) -> None:
    """The strings part holds 8 and the sheet after it 4 more items in its first piece, then a document type in a
    later piece: in order, the strings are too many before the document type is seen; alone, the worker sees the
    document type, and the calling process still refuses the strings first."""
    sheet = HEAD + "<si></si>" * 4 + FILLER + "<!DOCTYPE x>" + TAIL
    path = _package(tmp_path, {STRINGS: _strings(8), SHEET2: sheet})
    assert [info.filename for info in zipfile.ZipFile(path).infolist()][-2:] == [STRINGS, SHEET2]
    assert _same_both_ways(path, LIMITS, pool)[2] == {"file": "book.xlsx", "limit": 10}  # too many shared strings
    fewer = _package(tmp_path, {STRINGS: _strings(5), SHEET2: sheet}, "fewer.xlsx")
    assert _same_both_ways(fewer, LIMITS, pool)[1] == "xml_entities"  # 5 + 4: the document type is reached


def test_too_many_shared_strings_in_one_part(tmp_path: Path, pool: ProcessPoolExecutor) -> None:
    path = _package(tmp_path, {STRINGS: _strings(11) + FILLER, SHEET2: HEAD + _cells(11) + TAIL})
    assert _same_both_ways(path, LIMITS, pool)[2] == {"file": "book.xlsx", "limit": 10}


def test_more_shared_strings_than_cells_are_refused(tmp_path: Path, pool: ProcessPoolExecutor) -> None:
    path = _package(tmp_path, {STRINGS: _strings(9), SHEET2: HEAD + '<row r="1">' + _cells(1) + "</row>" + TAIL})
    assert _same_both_ways(path, LIMITS, pool)[2] == {"file": "book.xlsx", "count": 9, "cells": 1}


def test_a_sheet_past_the_row_cap_is_refused_with_its_name_while_unpacked(
    tmp_path: Path, pool: ProcessPoolExecutor
) -> None:
    rows = "".join(f'<row r="{index}"/>' for index in range(1, 3_001))
    path = _package(tmp_path, {SHEET2: HEAD + rows + TAIL, STRINGS: _strings(1) + "<!-- " + FILLER + " -->"})
    kind, code, fields = _same_both_ways(path, LIMITS, pool)
    assert (kind, code, fields["sheet"]) == (SheetTooLarge, "sheet_size", "第二")  # type: ignore[index]


def test_a_sheet_s_extent_past_its_cap_is_refused(tmp_path: Path, pool: ProcessPoolExecutor) -> None:
    """The used range after the scan: the rows cap, and the area cap of a sheet the streamed reader takes."""
    far = HEAD + '<row r="1"><c r="CZ1"><v>1</v></c></row>' + TAIL  # column 104, past 100
    path = _package(tmp_path, {SHEET2: far, STRINGS: _strings(1) + "<!-- " + FILLER + " -->"})
    assert _same_both_ways(path, WorkbookLimits(max_columns=100), pool)[1] == "sheet_size"
    wide = HEAD + '<row r="40"><c r="Z40"><v>1</v></c></row>' + TAIL  # 40 x 26
    area = _package(tmp_path, {SHEET2: wide}, "area.xlsx")
    small = WorkbookLimits(max_own_cells=1_000)
    assert "cells" in _same_both_ways(area, small, pool, plain=(SHEET2,))[2]  # type: ignore[operator]  # the area
    assert _same_both_ways(area, small, pool)[0] == "passed"  # within max_cells


def test_cells_without_references_are_counted_in_order(tmp_path: Path, pool: ProcessPoolExecutor) -> None:
    cells = "<c><v>1</v></c>" * 250
    path = _package(tmp_path, {SHEET2: HEAD + f"<row>{cells}</row>" + FILLER + TAIL})
    kind, _code, fields = _same_both_ways(path, WorkbookLimits(), pool)
    assert (kind, fields["columns"]) == (SheetTooLarge, 250)  # type: ignore[index]


@pytest.mark.parametrize(
    "part",
    [
        HEAD + "<x>" + "y" * 40_000 + "</x>" + TAIL,  # a text longer than a cell
        ("\ufeff" + HEAD + TAIL).encode("utf-16-le"),  # not UTF-8
        HEAD + '<row r="1"><c r="1"><v>1</v></c></row>' + TAIL,  # a reference without a column
        HEAD + FILLER + "<!ENTITY x 'y'>" + TAIL,
    ],
    ids=["long text", "utf-16", "no column", "entity"],
)
def test_unusual_xml_is_refused_alike(tmp_path: Path, pool: ProcessPoolExecutor, part: str | bytes) -> None:
    path = _package(tmp_path, {SHEET2: part, STRINGS: _strings(1) + "<!-- " + FILLER + " -->"})
    assert _same_both_ways(path, WorkbookLimits(), pool)[0] != "passed"


def test_a_part_larger_than_declared_is_refused_alike(tmp_path: Path, pool: ProcessPoolExecutor) -> None:
    path = _package(tmp_path, {SHEET2: HEAD + FILLER + TAIL, STRINGS: _strings(1) + "<!-- " + FILLER + " -->"})
    shrink_declared_size(path, SHEET2, MB)
    assert _same_both_ways(path, WorkbookLimits(), pool)[1] == "size_mismatch"


def test_a_refusal_travels_back_from_a_worker_whole() -> None:
    refused = _damaged("book.xlsx", SHEET2)
    back = pickle.loads(pickle.dumps(refused))
    assert (type(back), back.code, back.message, back.fields, str(back)) == (
        type(refused),
        refused.code,
        refused.message,
        refused.fields,
        str(refused),
    )


def test_a_replaced_file_is_not_scanned_by_the_worker(tmp_path: Path) -> None:
    """The worker reads nothing of another file than the one checked: the calling process scans the part."""
    path = _package(tmp_path, {SHEET2: HEAD + TAIL})
    with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        member = member_where(handle, archive.getinfo(SHEET2), "book.xlsx")
    where, *rest = member
    assert isinstance(where, tuple)
    assert scan_member(member, "book.xlsx", WorkbookLimits()) is not None
    changed = (where[0], (*where[1][:-1], where[1][-1] + 1), where[2])
    assert scan_member((changed, *rest), "book.xlsx", WorkbookLimits()) is None  # type: ignore[arg-type]


def test_only_two_large_parts_or_more_go_to_workers(
    tmp_path: Path, pool: ProcessPoolExecutor, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _package(tmp_path, {SHEET2: HEAD + TAIL, STRINGS: _strings(1) + "<!-- " + FILLER * 4 + " -->"})
    with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        assert scan_elsewhere(handle, archive, "book.xlsx", WorkbookLimits(), pool) == {}  # one part of 4 MB
        monkeypatch.setattr(part_scan_elsewhere, "LARGE_PART", 0)
        futures = scan_elsewhere(handle, archive, "book.xlsx", WorkbookLimits(), pool, skip_parts=(SHEET2,))
        assert len(futures) == len(archive.infolist()) - 1
        assert all(future.result() is not None for future in futures.values())


@pytest.mark.parametrize(
    "rows",
    [
        '<row r="' + "1" * 5000 + '"/>',  # past the digits Python's int() takes from text
        '<row r="1"><c r="A' + "1" * 5000 + '" t="s"><v>0</v></c></row>',
        '<row r="' + "9" * 30 + '"/>',
        '<row><c><v>1</v></c></row><row r="' + "1" * 5000 + '"/>',  # the sequential scan's row
        '<row><c><v>1</v></c><c r="A' + "1" * 5000 + '"><v>1</v></c></row>',  # and its cell
    ],
)
def test_a_row_or_cell_number_of_thousands_of_digits_is_refused_as_unusual(
    tmp_path: Path, pool: ProcessPoolExecutor, rows: str
) -> None:
    # Python refuses to turn more than 4,300 digits into a number (ValueError): such a number, or any longer than a
    # row number can be, is refused as unusual XML, in order and by the workers alike (no unexpected error).
    path = _package(tmp_path, {SHEET2: HEAD + rows + TAIL})
    outcome = _same_both_ways(path, LIMITS, pool)
    assert outcome[0] is UnsafeWorkbook
    assert outcome[1] == "unusual_xml"


def test_a_column_of_thousands_of_letters_is_too_wide_without_working_out_its_number(
    tmp_path: Path, pool: ProcessPoolExecutor
) -> None:
    from desktop.exchange.xlsx.sheet_scan import MAX_LETTERS, _column_number

    # Working out 60,000 letters' number took 0.6 s, and a part can name thousands of such columns (a tag is cut at
    # 32,767 characters: 30,000 letters each took 0.15 s).
    beyond = _column_number(b"Z" * MAX_LETTERS) + 1
    assert _column_number(b"A" * 60_000) == beyond
    assert _column_number(b"XFD") == 16_384
    cells = "".join(f'<c r="{letter * 30_000}1" t="s"><v>0</v></c>' for letter in "ABC")
    path = _package(tmp_path, {SHEET2: HEAD + '<row r="1">' + cells + "</row>" + TAIL})
    outcome = _same_both_ways(path, LIMITS, pool)
    assert outcome[0] is SheetTooLarge
    assert outcome[2]["columns"] == beyond


def test_a_part_past_the_largest_sent_is_scanned_in_order(
    tmp_path: Path, pool: ProcessPoolExecutor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A refusal across parts waits for a worker's whole scan: past LARGEST_PART a part stays with the scan in order.
    path = _package(tmp_path, {SHEET2: HEAD + FILLER * 2 + TAIL, STRINGS: _strings(1) + "<!-- " + FILLER * 4 + " -->"})
    monkeypatch.setattr(part_scan_elsewhere, "LARGE_PART", MB)
    with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        both = scan_elsewhere(handle, archive, "book.xlsx", WorkbookLimits(), pool)
        names = {archive.infolist()[index].filename for index in both}
        assert names == {SHEET2, STRINGS}
        monkeypatch.setattr(part_scan_elsewhere, "LARGEST_PART", 3 * MB)  # the strings part (4 MB) is past it
        assert scan_elsewhere(handle, archive, "book.xlsx", WorkbookLimits(), pool) == {}  # one part left: none
    for future in both.values():
        future.result()
