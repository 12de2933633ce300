"""Cells people read that no signature covers but that are derived from signed values (decision 239): an
interest's trade name and whether its trade is police-regulated, from its signed trade code through the trade
catalogue, and the cover's title row. Edited, they make the workbook not valid in every reader: `verify` with and
without workers, our own XML and shared strings, the import's pipeline (direct and careful chunks) and careful path,
and the independent verifier."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from tests.exchange.independent import verifier
from tests.exchange.workbook.oversized import as_shared_strings
from tests.services.inspection.stored_verdict import rewritten, stored_verdict
from tests.services.inspection.test_packed_chunks import _Watching

pytestmark = pytest.mark.usefixtures("small_chunks")

_INLINE = rb'<c r="%s"[^>]*?(/>|>.*?</c>)'


def _key_column(sheet: bytes, key: str) -> bytes:
    found = re.search(rb'<c r="([A-Z]+)2"[^>]*><is><t>' + key.encode() + rb"</t></is></c>", sheet)
    assert found is not None
    return found[1]


def _edited(source: Path, target: Path, key: str, old: str, new: str) -> tuple[Path, str]:
    """``source`` with the first cell under ``key`` (row 2 of its sheet) that holds ``old`` holding ``new``, edited
    in our own XML; ``key`` "title": the cover's A1. Returns the file and the cell edited."""
    edited = []

    def change(parts: dict[str, bytes]) -> None:
        name, cell = "xl/worksheets/sheet1.xml", b"A1"
        if key != "title":
            name = next(
                n for n, data in parts.items() if n.startswith("xl/worksheets/") and b"<t>" + key.encode() in data
            )
            column = _key_column(parts[name], key)
            shown = re.search(rb'<c r="(' + column + rb'[0-9]+)"[^>]*><is><t>' + old.encode() + rb"</t>", parts[name])
            assert shown is not None
            cell = shown[1]
        pattern = re.compile(_INLINE % cell, re.DOTALL)
        parts[name], edits = pattern.subn(
            b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (cell, new.encode()), parts[name], count=1
        )
        assert edits == 1
        edited.append(cell.decode())

    return rewritten(source, target, change), edited[0]


#: (column key, what the export shows, what the edit shows, the problem's code)
EDITS = {
    "a hotel's trade named otherwise": ("trade_name", "旅馆业", "信息技术服务", "shown.mismatch"),
    "a hotel's trade said not police-regulated": ("regulated", "是", "否", "shown.mismatch"),
    "the cover's title": ("title", "", "经核查无问题", "cover.title"),
}


@pytest.mark.parametrize("what", list(EDITS))
@pytest.mark.parametrize("shared", [False, True], ids=["our own XML", "shared strings"])
@pytest.mark.parametrize("pooled", [True, False], ids=["workers", "no workers"])
def test_an_edited_derived_cell_is_caught_by_verify(
    exported: Path, tmp_path: Path, what: str, shared: bool, pooled: bool
) -> None:
    key, old, new, code = EDITS[what]
    path, cell = _edited(exported, tmp_path / "edited.xlsx", key, old, new)
    if shared:
        path = as_shared_strings(path, tmp_path / "shared.xlsx")

    verdict = verify_workbook(read_workbook(path, executor=_Watching() if pooled else None))

    assert [(p.cell, p.code) for p in verdict.problems] == [(cell, code)]
    assert all(d.valid for d in verdict.declarations)
    assert not verifier.verify(path).consistent  # the outsider's verifier, from the document


@pytest.mark.parametrize("what", list(EDITS))
@pytest.mark.parametrize("shared", [False, True], ids=["our own XML", "shared strings"])
@pytest.mark.parametrize("pooled", [True, False], ids=["pipeline", "careful"])
def test_an_edited_derived_cell_is_stored_flagged_not_valid(
    exported: Path,
    demo_store_template: Path,
    tmp_path: Path,
    pipelined: list[bool],
    what: str,
    shared: bool,
    pooled: bool,
) -> None:
    key, old, new, code = EDITS[what]
    path, _cell = _edited(exported, tmp_path / "edited.xlsx", key, old, new)
    if shared:
        path = as_shared_strings(path, tmp_path / "shared.xlsx")

    assert stored_verdict(demo_store_template, tmp_path, path, pooled) == (False, False, [code])
    assert pipelined == ([False] if pooled else [])  # the plan leaves it to the careful path, which decides


@pytest.mark.parametrize("shared", [False, True], ids=["our own XML", "shared strings"])
def test_an_export_as_written_is_still_imported_by_the_pipeline(
    exported: Path, demo_store_template: Path, tmp_path: Path, pipelined: list[bool], shared: bool
) -> None:
    path = as_shared_strings(exported, tmp_path / "shared.xlsx") if shared else exported
    assert verifier.verify(path).consistent

    assert stored_verdict(demo_store_template, tmp_path, path, True) == (True, True, [])
    assert pipelined == [True]
