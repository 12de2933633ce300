"""The fast scan takes a piece whose cell tags all start ``<c r="`` with a full reference by a cheaper pattern
(decision 232), and every other piece as before: the extent, the mark asking for the sequential scan and the
refusals are the same whichever way a piece is read, also when the cheap pattern's tags are mixed with others in one
piece or a tag is cut between two pieces."""

from __future__ import annotations

import pytest

from desktop.exchange.xlsx.errors import UnsafeWorkbook
from desktop.exchange.xlsx.sheet_scan import _FastScanner

PART = "xl/worksheets/sheet1.xml"


def _scanned(*pieces: bytes) -> tuple[tuple[int, int], bool]:
    scanner = _FastScanner("t.xlsx", PART)
    for piece in pieces:
        scanner.feed(piece)
    scanner.finish()
    return scanner.extent(), scanner.needs_sequential_scan


def _sheet(cells: bytes) -> bytes:
    return b'<worksheet><sheetData><row r="1">' + cells + b"</row></sheetData></worksheet>"


@pytest.mark.parametrize(
    ("cells", "extent"),
    [
        (b'<c r="A1" t="s"><v>0</v></c><c r="C7" s="2"/>', (7, 3)),  # as LibreOffice writes them
        (b'<c r="b4"/><c r="A2"/>', (4, 2)),  # lower-case letters count as upper-case ones
        (b'<c r="AA3" t="s"><v>1</v></c>', (3, 27)),
        (b"<c r=\"A1\"/><c r='D9'/>", (9, 4)),  # one reference in single quotes among double-quoted ones
        (b'<c r="A1"/><c  r="E12"/>', (12, 5)),  # two spaces before the reference
        (b'<c r="A1"/><c\tr="F3"/>', (3, 6)),
        (b'<c r="A1"/><c r = "G2"/>', (2, 7)),
        (b'<c r="A1"/><x:c r="Q5"/>', (5, 17)),  # a prefixed cell: the general pattern with a prefix
        (b'<c r="A1"/><col min="1" max="30"/><cols/>', (1, 1)),  # tags starting "<c" that are not cells
        (b"", (1, 0)),  # a row without cells
    ],
)
def test_a_piece_of_cells_gives_its_extent_either_way(cells: bytes, extent: tuple[int, int]) -> None:
    assert _scanned(_sheet(cells)) == (extent, False)


@pytest.mark.parametrize("cut", [1, 3, 6, 8, 9, 12])
def test_a_cell_tag_cut_between_two_pieces_is_read_whole(cut: int) -> None:
    xml = _sheet(b'<c r="A1"/><c r="XB40" t="s"><v>3</v></c>')
    at = xml.index(b'<c r="XB40') + cut
    assert _scanned(xml[:at], xml[at:]) == ((40, 626), False)


@pytest.mark.parametrize("cells", [b'<c r="A1"/><c/>', b'<c r="A1"/><c t="s"><v>0</v></c>', b"<c>1</c>"])
def test_a_cell_without_a_reference_first_asks_for_the_sequential_scan(cells: bytes) -> None:
    assert _scanned(_sheet(cells))[1] is True


@pytest.mark.parametrize(
    "cells",
    [
        b'<c r="A1"/><c r="12"/>',  # no column
        b'<c r="A1"/><c r="B"/>',  # no row
        b'<c r="A1"/><c r=""/>',
        b'<c r="A123456789012345678901"/>',  # a row number of 21 digits
        b'<c r="B2"/><c r="A1"/><c r=\'C99999999999999999999999\'/>',
    ],
)
def test_a_reference_without_a_row_or_column_or_too_long_is_refused(cells: bytes) -> None:
    with pytest.raises(UnsafeWorkbook) as refused:
        _scanned(_sheet(cells))
    assert refused.value.code == "unusual_xml"
