"""A city's roll-up in the shape of our own export, built in seconds: the small form-2 workbook of form2_workbook
with its three large sheets (declarations, family members, interests) grown to any number of data rows.

The headings and machine keys (rows 1 and 2) stay as the writer wrote them, at the sheet's full width; each data
row holds one distinct text in column A, in the writer's XML. The strict reader keeps every row as wide as row 1,
so what it holds for such a sheet is what the full rows cost in list slots, while the XML stays small (about 70
bytes a row) and needs no signatures. Every part is written as a stream."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET
from desktop.exchange.xlsx.safety import _sheet_entries
from tests.exchange.workbook.form2_workbook import write_form2_workbook

_BATCH = 20_000  # rows joined into one piece


def _grown(data: bytes, rows: int) -> Iterator[bytes]:
    """The sheet XML ``data`` with its data rows (row 3 on) replaced by ``rows`` rows of one cell each."""
    start = data.index(b'<row r="3"')
    end = data.index(b"</sheetData>")
    yield data[:start]
    for first in range(3, rows + 3, _BATCH):
        yield b"".join(
            b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>r%d</t></is></c></row>' % (n, n, n)
            for n in range(first, min(first + _BATCH, rows + 3))
        )
    yield data[end:]


def roll_up_shape(target: Path, declarations: int, interests: int, family_members: int) -> Path:
    """The roll-up workbook at ``target``: ``declarations`` rows in the declarations sheet, ``interests`` and
    ``family_members`` in theirs (data rows, below the two heading rows)."""
    small = write_form2_workbook(target.with_name(f"{target.stem}-small.xlsx"))
    grow = {DECLARATIONS_SHEET: declarations, INTERESTS_SHEET: interests, FAMILY_SHEET: family_members}
    with zipfile.ZipFile(small) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        parts = {part: grow[name] for name, _target, part in _sheet_entries(old, small.name) if name in grow}
        assert len(parts) == len(grow), parts
        for info in old.infolist():
            data = old.read(info)
            if info.filename not in parts:
                new.writestr(info.filename, data)
                continue
            with new.open(info.filename, "w", force_zip64=True) as stream:
                for piece in _grown(data, parts[info.filename]):
                    stream.write(piece)
    small.unlink()
    return target
