"""The safety scan of another program's large sheet in a worker also marks the shared strings the sheet uses
(decision 233), so that the reading does not unpack each sheet once more to mark them: the marks are those of
plain_sheets.used_strings, and the sheets read are the same as without workers."""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, INTERESTS_SHEET
from desktop.exchange.workbook.reader import DECLARATION_LIMITS, OpenedWorkbook, read_workbook, read_workbook_as
from desktop.exchange.xlsx import part_scan_elsewhere, plain_sheets
from desktop.exchange.xlsx.part_scan_elsewhere import scan_alone
from desktop.exchange.xlsx.string_marks import StringMarks
from tests.exchange.workbook.oversized import DECLARATIONS_PART, as_shared_strings

INTERESTS_PART = "xl/worksheets/sheet3.xml"
#: A unit's export written by an earlier version (commit 9e47914), kept as a fixture.
UNIT = Path(__file__).resolve().parents[2] / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"


def _large_sheets(opened: OpenedWorkbook) -> dict[str, list[list[object]]]:
    return {name: opened.sheets.pop(name) for name in (DECLARATIONS_SHEET, INTERESTS_SHEET)}


@pytest.mark.parametrize("cut", range(1, 14))
def test_a_value_cut_between_two_pieces_is_marked(cut: int) -> None:
    xml = b'<c r="A1" t="s"><v>7</v></c><c r="B1" t="s"><v>1234567</v></c>'
    at = xml.index(b"<v>1234567") + cut
    whole, pieces = StringMarks(DECLARATION_LIMITS), StringMarks(DECLARATION_LIMITS)
    whole.feed(xml)
    pieces.next_part()
    pieces.feed(xml[:at])
    pieces.feed(xml[at:])
    assert whole.used is not None
    assert pieces.used == whole.used
    assert [index for index, mark in enumerate(whole.used) if mark] == [7, 1234567]


def test_a_value_past_the_cap_keeps_every_string() -> None:
    marks = StringMarks(dataclasses.replace(DECLARATION_LIMITS, max_shared_strings=10))
    marks.feed(b"<v>3</v><v>11</v>")
    assert marks.used is None
    marks.feed(b"<v>4</v>")
    assert marks.used is None


@pytest.mark.parametrize("part", [DECLARATIONS_PART, INTERESTS_PART])
def test_the_scan_marks_the_strings_a_sheet_uses_as_the_reading_would(tmp_path: Path, part: str) -> None:
    shared = as_shared_strings(UNIT, tmp_path / "shared.xlsx")
    with shared.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        here = plain_sheets.used_strings(handle, archive, [part], shared.name, DECLARATION_LIMITS)
        scanned = scan_alone(handle, archive.getinfo(part), shared.name, DECLARATION_LIMITS, mark=True)
        unmarked = scan_alone(handle, archive.getinfo(part), shared.name, DECLARATION_LIMITS)
        few = dataclasses.replace(DECLARATION_LIMITS, max_shared_strings=3)
        past = scan_alone(handle, archive.getinfo(part), shared.name, few, mark=True)
    assert here is not None
    assert sum(here) > 3
    assert scanned.used == here
    assert (scanned.extent, scanned.refusal) == (unmarked.extent, None)
    assert unmarked.used is None  # not asked
    assert past.used is None  # an index past the cap: left to the reading, which keeps every string


@pytest.fixture
def unpacked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """The parts the streamed reader unpacked (to mark strings, to parse the table, to read a sheet), in this
    process and in the workers forked after it (one line a part in a file)."""
    log = tmp_path / "unpacked.log"
    log.touch()
    unpack = plain_sheets._unpacked

    def counted(handle: object, info: zipfile.ZipInfo, file: str) -> Iterator[bytes]:
        with log.open("a") as out:
            out.write(info.filename + "\n")
        return unpack(handle, info, file)  # type: ignore[arg-type]

    monkeypatch.setattr(plain_sheets, "_unpacked", counted)
    return lambda: sorted(log.read_text().splitlines())


def test_with_workers_each_sheet_is_unpacked_once_by_the_reading(
    tmp_path: Path, unpacked: Callable[[], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = as_shared_strings(UNIT, tmp_path / "shared.xlsx")
    alone = read_workbook_as(shared, _large_sheets)
    reading = sorted([DECLARATIONS_PART, INTERESTS_PART, "xl/sharedStrings.xml"])
    assert unpacked() == sorted([*reading, DECLARATIONS_PART, INTERESTS_PART])  # without workers: marked, read
    monkeypatch.setattr(part_scan_elsewhere, "LARGE_PART", 0)  # every part scanned by the workers
    with ProcessPoolExecutor(max_workers=2) as pool:
        read = read_workbook_as(shared, _large_sheets, executor=pool)
    assert unpacked() == sorted([*reading, *reading, DECLARATIONS_PART, INTERESTS_PART])  # before: each twice more
    assert read == alone
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert read_workbook(shared, executor=pool).content == read_workbook(shared).content
