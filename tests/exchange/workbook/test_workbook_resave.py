"""A workbook opened and saved again by LibreOffice Calc, without edits, still verifies and keeps identifiers as
text: an ID number ending in X, a police number with leading zeros, credit codes, and text that looks like a formula.
An edit saved by LibreOffice is still caught.

LibreOffice runs headless with a private profile per test (the ``libreoffice`` fixture of tests/conftest.py): skipped
where it is not installed, a failure on CI (CI=true)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.services.inspection.workbook_import import content_identity
from desktop.services.workflow import countersigning
from desktop.services.workflow.export import export_own, export_unit
from tests.conftest import (
    DEMO_STORE_PASSWORD,
    INSPECTOR,
    RICH_HEAD,
    RICH_OFFICER,
    RICH_OFFICER_ID,
    ROOT_UNIT,
    declare_everything,
)
from tests.exchange.workbook.cells import cell_of

FORMULA_LIKE = '=HYPERLINK("http://example.com","点此")'
IDENTIFIERS = {
    "情况登记表": ("declaration_id", "campaign_id", "police_number", "id_number", "unit_code", "version"),
    "经商办企业情况": ("declaration_id", "row_no", "police_number", "holder_id_number", "uscc"),
    "签名公钥": ("fingerprint", "police_number", "unit_code"),
    "未登记人员": ("police_number", "unit_code"),
}


@pytest.fixture
def exports(demo_world, tmp_path: Path) -> list[Path]:
    """Three exports: RICH_HEAD's unit (an ID number ending in X, police number 000017), the whole tree (by an
    inspector, with a declaration whose enterprise names look like formulas), and an officer's own."""
    declare_everything(
        demo_world.login("000006"), DEMO_STORE_PASSWORD, enterprise_name=FORMULA_LIKE, note="+86 0437 1234567"
    )
    countersigning.countersign(demo_world.login("000005"), "000006", "@所有人:已核实。", DEMO_STORE_PASSWORD)
    folder = tmp_path / "exports"
    folder.mkdir()
    return [
        export_unit(demo_world.login(RICH_HEAD), folder / "unit.xlsx").path,
        export_unit(demo_world.login(INSPECTOR), folder / "all.xlsx", unit_code=ROOT_UNIT).path,
        export_own(demo_world.login(RICH_OFFICER), folder / "own.xlsx").path,
    ]


def identifier_cells(path: Path) -> list[openpyxl.cell.Cell]:
    workbook = openpyxl.load_workbook(path)
    cells = []
    for sheet_name, keys in IDENTIFIERS.items():
        sheet = workbook[sheet_name]
        header = [cell.value for cell in sheet[2]]
        for key in keys:
            column = header.index(key) + 1
            cells += [
                sheet.cell(row, column)
                for row in range(3, sheet.max_row + 1)
                if sheet.cell(row, column).value is not None
            ]
    return cells


def test_a_libreoffice_resave_without_edits_still_verifies_and_keeps_identifiers_as_text(
    exports, libreoffice, tmp_path
):
    resaved = libreoffice(exports, tmp_path / "resaved")

    for original, copy in zip(exports, resaved, strict=True):
        assert copy.read_bytes() != original.read_bytes()
        read = read_workbook(copy)
        verdict = verify_workbook(read)
        assert verdict.valid, (copy.name, verdict.problems, [d.result for d in verdict.declarations])
        assert content_identity(read.content) == content_identity(read_workbook(original).content)
        cells = identifier_cells(copy)
        assert cells
        not_text = [(c.parent.title, c.coordinate, c.value) for c in cells if c.data_type != "s"]
        assert not_text == []
        assert [c.value for c in cells] == [c.value for c in identifier_cells(original)]

    unit = openpyxl.load_workbook(resaved[0])["情况登记表"]
    police, id_number = unit[cell_of(unit, "police_number", 3)], unit[cell_of(unit, "id_number", 3)]
    assert (police.value, police.data_type) == (RICH_OFFICER, "s")
    assert id_number.value == RICH_OFFICER_ID  # ends in X
    assert id_number.data_type == "s"


def test_text_that_looks_like_a_formula_stays_text_after_a_libreoffice_resave(exports, libreoffice, tmp_path):
    [resaved] = libreoffice([exports[1]], tmp_path / "resaved")

    workbook = openpyxl.load_workbook(resaved)
    sheet = workbook["经商办企业情况"]
    header = [cell.value for cell in sheet[2]]
    names = [sheet.cell(row, header.index("enterprise_name") + 1) for row in range(3, sheet.max_row + 1)]
    looks_like = [cell for cell in names if cell.value == FORMULA_LIKE]
    assert len(looks_like) == 6
    assert {cell.data_type for cell in looks_like} == {"s"}
    formulas = [
        (s.title, c.coordinate) for s in workbook.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []
    assert verify_workbook(read_workbook(resaved)).valid


def test_an_edit_saved_by_libreoffice_is_still_caught(exports, libreoffice, tmp_path):
    workbook = openpyxl.load_workbook(exports[0])
    sheet = workbook["情况登记表"]
    name = cell_of(sheet, "name", 3)
    sheet[name] = f"{sheet[name].value}某"
    edited = tmp_path / "edited" / "unit.xlsx"
    edited.parent.mkdir()
    workbook.save(edited)

    [resaved] = libreoffice([edited], tmp_path / "resaved")

    verdict = verify_workbook(read_workbook(resaved))
    [declaration] = verdict.declarations
    assert (declaration.police_number, declaration.row, declaration.valid) == (RICH_OFFICER, 3, False)
    assert {f.code for f in declaration.result.failures} == {"officer.signature_invalid", "countersignature.invalid"}


def test_a_libreoffice_resave_s_large_sheets_are_read_as_a_stream_with_calamine_s_values(
    exports, libreoffice, tmp_path, monkeypatch
):
    """Decision 129: LibreOffice's sheets (shared strings, rich runs where a text mixes scripts, styles) are taken by
    the streamed reader, not left to python-calamine, and give the same content as python-calamine reading them."""
    from desktop.exchange.workbook import streamed_sheets

    [resaved] = libreoffice([exports[1]], tmp_path / "resaved")
    taken: list[bool] = []
    streamed_reader = streamed_sheets.read_plain_sheet

    def recorded(*args):
        rows = streamed_reader(*args)
        taken.append(rows is not None)
        return rows

    monkeypatch.setattr(streamed_sheets, "read_plain_sheet", recorded)
    streamed = read_workbook(resaved)
    assert taken
    assert all(taken)
    monkeypatch.setattr(streamed_sheets, "read_plain_sheet", lambda *args: None)
    assert read_workbook(resaved) == streamed
    assert verify_workbook(streamed).valid
