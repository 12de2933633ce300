"""The streamed reader unpacks a part in pieces (1 MB in use), and a boundary can fall anywhere: inside a reference,
a multi-byte character, a row's start or end, ``</sheetData>``, an item of the shared strings. With the pieces made
tiny, every generated sheet of test_plain_sheets.py is still read exactly as python-calamine reads it, or left to it
(decision 145)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.exchange.xlsx import part_scan
from tests.exchange.xlsx.test_plain_sheets import _both, _generated


@pytest.mark.parametrize("piece", [64, 1000])  # at 7 or 13 the XML declaration is cut: every sheet left
@pytest.mark.parametrize("seed", range(0, 40, 3))
def test_a_sheet_cut_into_small_pieces_reads_as_calamine_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, piece: int
) -> None:
    path = _generated(tmp_path / "g.xlsx", seed)
    monkeypatch.setattr(part_scan, "_CHUNK", piece)
    mine, theirs = _both(path)
    if piece >= 1000:  # the XML declaration and the <sst> start fit the first piece: taken
        assert mine is not None
    if mine is not None:
        assert mine == theirs
        assert [type(v) for row in mine for v in row] == [type(v) for row in theirs for v in row]
