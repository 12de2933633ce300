"""A column headed like a signed one but keyed as none (decision 229) reaches the import's every path with the verdict
`verify` gives: the pipeline's plan (our own XML kept packed, decision 215; other programs' shared strings read as
rows) leaves it to the careful path, which stores the workbook flagged not valid with the problem located. A column
under a heading of its own is still ignored, and the pipeline still takes such a workbook."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from tests.exchange.workbook.oversized import DECLARATIONS_PART, as_shared_strings
from tests.services.inspection.stored_verdict import rewritten, stored_verdict

pytestmark = pytest.mark.usefixtures("small_chunks")

#: The heading of the signed column answer_own_business (form 2), and one no column of the format has.
SIGNED, OWN = "本人是否经商办企业", "核对意见"
_ROW = re.compile(rb'(<row r="([0-9]+)"[^>]*>)(.*?)(</row>)', re.DOTALL)


def _with_column(source: Path, target: Path, heading: str) -> Path:
    """``source`` with a column AZ added to the declarations sheet, in our own XML: ``heading`` in row 1, nothing in
    the row of keys, 否 in every data row (what a clerk's false column shows)."""

    def added(match: re.Match[bytes]) -> bytes:
        number = int(match[2])
        text = heading if number == 1 else "否"
        cell = b"" if number == 2 else f'<c r="AZ{number}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()
        return match[1] + match[3] + cell + match[4]

    def change(parts: dict[str, bytes]) -> None:
        parts[DECLARATIONS_PART] = _ROW.sub(added, parts[DECLARATIONS_PART])

    return rewritten(source, target, change)


@pytest.mark.parametrize("shared", [False, True], ids=["our own XML", "shared strings"])
@pytest.mark.parametrize("pooled", [True, False], ids=["pipeline", "careful"])
def test_a_column_headed_like_a_signed_one_is_stored_flagged_not_valid(
    exported: Path, demo_store_template: Path, tmp_path: Path, pipelined: list[bool], shared: bool, pooled: bool
) -> None:
    path = _with_column(exported, tmp_path / "own.xlsx", SIGNED)
    if shared:
        path = as_shared_strings(path, tmp_path / "shared.xlsx")
    verdict = verify_workbook(read_workbook(path))
    assert [(p.cell, p.code) for p in verdict.problems] == [("AZ1", "sheet.heading_reused")]

    assert stored_verdict(demo_store_template, tmp_path, path, pooled) == (False, False, ["sheet.heading_reused"])
    assert pipelined == ([False] if pooled else [])  # the plan leaves it to the careful path, which decides


@pytest.mark.parametrize("shared", [False, True], ids=["our own XML", "shared strings"])
def test_a_column_under_a_heading_of_its_own_is_still_imported_by_the_pipeline(
    exported: Path, demo_store_template: Path, tmp_path: Path, pipelined: list[bool], shared: bool
) -> None:
    path = _with_column(exported, tmp_path / "own.xlsx", OWN)
    if shared:
        path = as_shared_strings(path, tmp_path / "shared.xlsx")
    assert verify_workbook(read_workbook(path)).valid

    assert stored_verdict(demo_store_template, tmp_path, path, True) == (True, True, [])
    assert pipelined == [True]
