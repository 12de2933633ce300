"""Export → verify → import, with real stores, real keys and real .xlsx files: everything stored verified, an import
is idempotent (also after a LibreOffice re-save), declarations already imported from another workbook are reported,
and a workbook whose cells cannot be read is refused whole."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.i18n import Translator
from desktop.services.errors import InvalidWorkbook
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.workflow.export import export_unit
from desktop.store import schema
from tests.conftest import INSPECTOR, RICH_HEAD, RICH_OFFICER, ROOT_UNIT
from tests.exchange.workbook.cells import cell_of

TABLES = ("imported_workbooks", "imported_declarations", "imported_interests", "imported_keys", "imported_missing")


def counts(session) -> dict[str, int]:
    with session.store.transaction() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(getattr(schema, name))).scalar_one()
            for name in TABLES
        }


@pytest.fixture
def head_export(demo_world, tmp_path: Path):
    """RICH_HEAD's unit export (RICH_OFFICER's declaration with six interests, and who has not declared)."""
    return export_unit(demo_world.login(RICH_HEAD), tmp_path / "unit.xlsx")


def test_an_exported_workbook_verifies_and_imports_with_every_declaration_valid(demo_world, head_export):
    verdict = verify_workbook(read_workbook(head_export.path))
    assert verdict.valid, [p.code for p in verdict.problems]
    assert [d.police_number for d in verdict.declarations] == [RICH_OFFICER]

    inspector = demo_world.login(INSPECTOR)
    before = counts(inspector)
    result = import_workbook(inspector, head_export.path)

    assert not result.already_imported
    assert result.workbook_valid
    assert (result.declarations, result.valid, result.invalid) == (
        head_export.declarations,
        head_export.declarations,
        0,
    )
    assert result.duplicates == []
    after = counts(inspector)
    assert after["imported_workbooks"] == before["imported_workbooks"] + 1
    assert after["imported_declarations"] == before["imported_declarations"] + head_export.declarations
    assert after["imported_interests"] == before["imported_interests"] + head_export.interests == 6
    assert after["imported_missing"] == before["imported_missing"] + head_export.missing
    with inspector.store.transaction() as connection:
        d = schema.imported_declarations
        stored = connection.execute(select(d.c.police_number, d.c.valid, d.c.failures)).all()
        workbook_valid = connection.execute(select(schema.imported_workbooks.c.valid)).scalar_one()
    assert [(row.police_number, row.valid, row.failures) for row in stored] == [(RICH_OFFICER, True, "[]")]
    assert workbook_valid


def test_a_whole_tree_export_imports_every_countersigned_declaration_valid(demo_world, tmp_path):
    inspector = demo_world.login(INSPECTOR)
    summary = export_unit(inspector, tmp_path / "all.xlsx", unit_code=ROOT_UNIT)
    assert summary.declarations >= 10
    assert summary.interests > 6

    result = import_workbook(inspector, summary.path)

    assert (result.declarations, result.valid, result.invalid) == (summary.declarations, summary.declarations, 0)
    assert result.workbook_valid
    found = counts(inspector)
    assert (found["imported_declarations"], found["imported_interests"], found["imported_missing"]) == (
        summary.declarations,
        summary.interests,
        summary.missing,
    )


def test_importing_the_same_workbook_again_changes_nothing(demo_world, head_export):
    inspector = demo_world.login(INSPECTOR)
    first = import_workbook(inspector, head_export.path)
    after_first = counts(inspector)

    again = import_workbook(inspector, head_export.path)

    assert again.already_imported
    assert again.workbook_id == first.workbook_id
    assert counts(inspector) == after_first


def test_a_copy_saved_again_without_edits_by_openpyxl_is_already_imported(demo_world, head_export, tmp_path):
    inspector = demo_world.login(INSPECTOR)
    import_workbook(inspector, head_export.path)
    after_first = counts(inspector)
    copy = tmp_path / "copy.xlsx"
    openpyxl.load_workbook(head_export.path).save(copy)

    assert import_workbook(inspector, copy).already_imported
    assert counts(inspector) == after_first


def test_a_copy_saved_again_by_libreoffice_is_already_imported(demo_world, head_export, tmp_path, libreoffice):
    inspector = demo_world.login(INSPECTOR)
    first = import_workbook(inspector, head_export.path)
    after_first = counts(inspector)
    [resaved] = libreoffice([head_export.path], tmp_path / "libreoffice")
    assert resaved.read_bytes() != head_export.path.read_bytes()

    again = import_workbook(inspector, resaved)

    assert again.already_imported
    assert again.workbook_id == first.workbook_id
    assert counts(inspector) == after_first


def test_declarations_already_imported_from_another_workbook_are_reported(demo_world, head_export, tmp_path):
    inspector = demo_world.login(INSPECTOR)
    first = import_workbook(inspector, head_export.path)
    assert first.duplicates == []
    demo_world.clock.advance(days=1)  # the head exports again the next day: same declarations, another workbook
    later = export_unit(demo_world.login(RICH_HEAD), tmp_path / "unit-again.xlsx")
    whole = export_unit(inspector, tmp_path / "all.xlsx", unit_code=ROOT_UNIT)

    second = import_workbook(inspector, later.path)
    third = import_workbook(inspector, whole.path)

    rich_id = verify_workbook(read_workbook(head_export.path)).declarations[0].declaration_id
    assert not second.already_imported
    assert second.duplicates == [rich_id]
    assert not third.already_imported
    assert third.duplicates == [rich_id]
    assert third.valid == whole.declarations


def test_a_workbook_whose_cells_cannot_be_read_is_refused_whole_with_located_problems(
    demo_world, head_export, tmp_path
):
    workbook = openpyxl.load_workbook(head_export.path)
    sheet = workbook["情况登记表"]
    id_cell, name_cell = cell_of(sheet, "id_number", 3), cell_of(sheet, "name", 3)
    sheet[id_cell] = int(sheet[id_cell].value[:17])  # the ID number as a number: digits may be lost
    sheet[name_cell] = "=1+1"  # a formula where the name belongs
    broken = tmp_path / "broken.xlsx"
    workbook.save(broken)
    inspector = demo_world.login(INSPECTOR)
    before = counts(inspector)

    with pytest.raises(InvalidWorkbook) as caught:
        import_workbook(inspector, broken)

    located = {(p.sheet, p.cell, p.code) for p in caught.value.workbook_problems}
    assert ("情况登记表", id_cell, "cell.number") in located
    assert ("情况登记表", name_cell, "formula") in located
    text = caught.value.render(Translator("en"))
    assert text.splitlines()[0] == "broken.xlsx: nothing was imported; 2 problems found."
    assert f"情况登记表, row 3, 公民身份号码 ({id_cell}): Expected text, not a number" in text
    assert counts(inspector) == before


@pytest.mark.parametrize("workers", [0, 1], ids=["in-process", "process-pool"])
def test_an_altered_declaration_is_imported_flagged_not_valid(demo_world, head_export, tmp_path, workers):
    """The rows are written while the signatures are checked (in worker processes, or here): a declaration whose
    check fails is corrected before the commit."""
    workbook = openpyxl.load_workbook(head_export.path)
    sheet = workbook["情况登记表"]
    sheet[cell_of(sheet, "name", 3)] = "张三"
    altered = tmp_path / "altered.xlsx"
    workbook.save(altered)
    inspector = demo_world.login(INSPECTOR)

    if workers:
        with ProcessPoolExecutor(workers) as pool:
            result = import_workbook(inspector, altered, executor=pool)
    else:
        result = import_workbook(inspector, altered)

    assert (result.declarations, result.valid, result.invalid) == (1, 0, 1)
    with inspector.store.transaction() as connection:
        d = schema.imported_declarations
        row = connection.execute(select(d.c.name, d.c.valid, d.c.failures, d.c.sheet_row)).one()
    assert (row.name, row.valid, row.sheet_row) == ("张三", False, 3)
    assert "officer.signature_invalid" in row.failures


def test_a_workbook_another_session_imports_while_this_one_waits_to_write_is_reported_already_imported(
    demo_world, head_export
):
    """Two inspectors' sessions (two engines, as two processes) import the same workbook at once: the second checks
    for an earlier import while the first holds the write lock with its rows uncommitted, then waits for the lock.
    It must answer "already imported", not fail on the unique key (an IntegrityError with the rows' values)."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    first, second = demo_world.login(INSPECTOR), demo_world.login(INSPECTOR)
    holding = threading.Event()

    def hold(_file: str, step: int, _steps: int) -> None:
        if step == 2:  # the rows are written, the write lock is held, nothing is committed yet
            holding.set()
            time.sleep(0.5)

    def follow(_file: str, step: int, _steps: int) -> None:
        if step == 1:  # read and verified: the check for an earlier import comes next
            assert holding.wait(20)

    with ThreadPoolExecutor(max_workers=2) as pool:
        running = [
            pool.submit(import_workbook, first, head_export.path, progress=hold),
            pool.submit(import_workbook, second, head_export.path, progress=follow),
        ]
        results = [run.result() for run in running]

    assert [r.already_imported for r in results] == [False, True]
    assert results[0].workbook_id == results[1].workbook_id
    assert counts(first)["imported_workbooks"] == 1
