"""The safety scan names the parts that may hold a formula or merged cells (so the reader reads only those again),
also when the sign is cut between two unpacked pieces, and names none in a plain exported workbook."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest

from desktop.exchange.workbook.reader import DECLARATION_LIMITS
from desktop.exchange.xlsx import safety

PART = "xl/worksheets/sheet1.xml"


def _marked(xml: bytes) -> set[str]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(PART, xml)
    buffer.seek(0)
    marked: set[str] = set()
    with zipfile.ZipFile(buffer) as archive:
        # The padding below is one text of a megabyte, so the cap on a cell's characters is lifted here.
        limits = dataclasses.replace(DECLARATION_LIMITS, max_cell_characters=2 * safety._CHUNK)
        safety._check_contents(buffer, archive, "t.xlsx", limits, marked)
    return marked


@pytest.mark.parametrize("mark", [b"<f>1</f>", b'<f t="shared"/>', b"<x:f>1</x:f>", b'<mergeCell ref="A1:B2"/>'])
@pytest.mark.parametrize("offset", [0, 1, 3, 5, 8])
def test_a_mark_cut_between_two_pieces_is_seen(mark: bytes, offset: int) -> None:
    head = b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    close = b"</t></is></c>"
    padding = b"x" * (safety._CHUNK - len(head) - len(close) - offset)  # the mark starts `offset` bytes before the cut
    xml = head + padding + close + mark + b"</row></sheetData></worksheet>"
    assert xml.index(mark) == safety._CHUNK - offset
    assert _marked(xml) == {PART}


def test_plain_text_is_not_marked() -> None:
    xml = (
        b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>f of :fa &lt;f&gt;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    assert _marked(xml) == set()


def test_an_exported_workbook_has_no_marked_part(tmp_path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["=not a formula", "x"])
    workbook.active["A1"].data_type = "s"
    path = tmp_path / "w.xlsx"
    workbook.save(path)
    data = path.read_bytes()
    marked: set[str] = set()
    safety.check_workbook_stream(io.BytesIO(data), "w.xlsx", len(data), DECLARATION_LIMITS, marked=marked)
    assert marked == set()
