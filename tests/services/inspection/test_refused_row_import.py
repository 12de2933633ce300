"""A declaration row refused as ``declaration.invalid`` keeps its place in the batch (decision 238): the batch payload
holds every declaration row's id and two signatures as the row says them (docs/workbook-format.md A.6), so one
unsigned edit of a row's ``countersignature_format`` is that row's problem only, never ``batch.invalid`` as well,
nor ``family.orphan`` for the family rows naming it. Every reader: our own XML and shared strings (as Excel and
LibreOffice write), with workers and without, `verify` and the import's every path."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.services.errors import InvalidWorkbook
from desktop.services.inspection.workbook_import import import_workbook
from desktop.store import schema
from tests.conftest import INSPECTOR, DemoWorld
from tests.exchange.independent import verifier
from tests.exchange.workbook.oversized import DECLARATIONS_PART, as_shared_strings
from tests.services.inspection.test_packed_chunks import _Watching

pytestmark = pytest.mark.usefixtures("small_chunks")

_KEY_CELL = re.compile(rb'<c r="([A-Z]+)2"[^>]*><is><t>countersignature_format</t></is></c>')


def _with_format(source: Path, target: Path, text: str) -> Path:
    """``source`` with the countersignature_format cell of the declarations sheet's first data row (row 3) holding
    ``text``, edited in our own XML: nothing that any signature covers changes."""
    with zipfile.ZipFile(source) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    sheet = parts[DECLARATIONS_PART]
    column = _KEY_CELL.search(sheet)
    assert column is not None
    cell = re.compile(rb'<c r="' + column[1] + rb'3"[^>]*?(/>|>.*?</c>)', re.DOTALL)
    new = b'<c r="%s3" t="inlineStr"><is><t>%s</t></is></c>' % (column[1], text.encode())
    parts[DECLARATIONS_PART], edits = cell.subn(new, sheet, count=1)
    assert edits == 1
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new_file:
        for name, data in parts.items():
            new_file.writestr(name, data)
    return target


def _refusal(template: Path, folder: Path, path: Path, pooled: bool) -> tuple[list[tuple[int, str]], int]:
    """The import's refusal (A.11: nothing is taken from a workbook with a row that cannot be read): its problems'
    rows and codes, and the workbooks stored."""
    world = DemoWorld(Path(shutil.copytree(template, folder / "store")), folder / "throttle.json")
    try:
        inspector = world.login(INSPECTOR)
        with pytest.raises(InvalidWorkbook) as refused:
            import_workbook(inspector, path, executor=_Watching() if pooled else None)
        with inspector.store.transaction() as connection:
            stored = len(connection.execute(select(schema.imported_workbooks.c.id)).all())
        return [(p.row, p.code) for p in refused.value.workbook_problems], stored
    finally:
        world.close()


@pytest.fixture
def refused(exported: Path, tmp_path: Path) -> Path:
    return _with_format(exported, tmp_path / "refused.xlsx", "3")


@pytest.mark.parametrize("shared", [False, True], ids=["our own XML", "shared strings"])
@pytest.mark.parametrize("pooled", [True, False], ids=["workers", "no workers"])
def test_a_row_refused_as_invalid_is_the_only_problem_in_verify(
    refused: Path, tmp_path: Path, shared: bool, pooled: bool
) -> None:
    path = as_shared_strings(refused, tmp_path / "shared.xlsx") if shared else refused
    verdict = verify_workbook(read_workbook(path, executor=_Watching() if pooled else None))

    assert not verdict.valid
    assert [(p.row, p.code) for p in verdict.problems] == [(3, "declaration.invalid")]
    assert all(d.valid for d in verdict.declarations)  # every other declaration holds


def test_the_independent_verifier_agrees_that_only_the_row_is_bad(refused: Path) -> None:
    """The outsider's verifier (A.6) keeps the row in the batch: the batch holds; what it finds is that row's (the
    first row is an amendment: its supersedes cell beside a countersignature no longer of format 2)."""
    verdict = verifier.verify(refused)

    assert [problem.split(": ", 1)[1] for problem in verdict.problems] == [
        "supersedes without a format 2 countersignature"
    ]
    assert [codes for codes in verdict.failures.values() if codes] == [["countersignature.format"]]


@pytest.mark.parametrize("shared", [False, True], ids=["our own XML", "shared strings"])
@pytest.mark.parametrize("pooled", [True, False], ids=["pipeline", "careful"])
def test_a_row_refused_as_invalid_is_the_only_reason_an_import_gives(
    refused: Path, demo_store_template: Path, tmp_path: Path, pipelined: list[bool], shared: bool, pooled: bool
) -> None:
    path = as_shared_strings(refused, tmp_path / "shared.xlsx") if shared else refused

    assert _refusal(demo_store_template, tmp_path, path, pooled) == ([(3, "declaration.invalid")], 0)
    assert pipelined == ([False] if pooled else [])  # the plan leaves it to the careful path, which decides


def test_an_unedited_export_still_verifies_in_both(exported: Path, tmp_path: Path) -> None:
    """The edit helper itself changes nothing when it writes what was there."""
    same = _with_format(exported, tmp_path / "same.xlsx", "2")
    assert verify_workbook(read_workbook(same)).valid
    assert verifier.verify(same).consistent


def test_a_repeated_row_is_in_the_batch_for_both_verifiers(exported: Path, tmp_path: Path) -> None:
    """A copy of a declaration row appended: the exporter signed that row once, so the batch, which holds every row
    (A.6), fails in both verifiers; the program also names the copy."""
    book = openpyxl.load_workbook(exported)
    sheet = book["情况登记表"]
    sheet.append([cell.value for cell in sheet[3]])
    book.save(path := tmp_path / "repeated.xlsx")

    codes = [p.code for p in verify_workbook(read_workbook(path)).problems]
    outsider = verifier.verify(path).problems

    assert codes == ["declaration.duplicate", "cover.count", "batch.invalid"]
    assert "batch signature" in outsider
