"""Exported workbooks as people print and open them: A4 landscape, the two heading rows repeated on every page and
frozen, column widths from the column spec, identifiers as text cells, and never a formula, even for text an officer
typed that starts like one. Also who may export what, and encryption at the service level."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest

from desktop.exchange.workbook.columns import FORMAT_VERSION, layout
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.form import NEWEST_FORM_VERSION
from desktop.services.errors import NotAllowed
from desktop.services.workflow import countersigning
from desktop.services.workflow.export import NothingToExport, export_own, export_unit
from tests.conftest import (
    DEMO_STORE_PASSWORD,
    INSPECTOR,
    RICH_HEAD,
    RICH_OFFICER,
    RICH_OFFICER_ID,
    ROOT_UNIT,
    declare_everything,
)

FORMULA_LIKE = {
    "enterprise_name": '=HYPERLINK("http://example.com/x","点此查看")',
    "note": "+86 0437 1234567",
    "rectification": "-已整改",
}
OPINION = "@所有人 经核对，填报内容属实。"
#: The demo's current campaign is on the newest form version (form 2 adds the family members' sheet).
TABLE_SHEETS = tuple(layout(FORMAT_VERSION, NEWEST_FORM_VERSION).sheets)
IDENTIFIER_KEYS = {
    "declaration_id",
    "campaign_id",
    "police_number",
    "id_number",
    "unit_code",
    "holder_id_number",
    "uscc",
    "trade_code",
    "fingerprint",
    "commitment_sha256",
    "signer_fingerprint",
    "countersigner_fingerprint",
    "version",
    "row_no",
}


@pytest.fixture
def typed_like_formulas(demo_world, tmp_path: Path) -> Path:
    """Officer 000006 typed enterprise names, notes and a rectification that start like formulas; head 000005
    countersigned with an opinion starting with '@'; the head exports the unit."""
    declare_everything(demo_world.login("000006"), DEMO_STORE_PASSWORD, **FORMULA_LIKE)
    head = demo_world.login("000005")
    countersigning.countersign(head, "000006", OPINION, DEMO_STORE_PASSWORD)
    return export_unit(head, tmp_path / "unit.xlsx").path


def column(sheet: openpyxl.worksheet.worksheet.Worksheet, key: str) -> list[object]:
    """The values under the column whose machine-readable key (row 2) is ``key``."""
    index = [cell.value for cell in sheet[2]].index(key)
    return [row[index] for row in sheet.iter_rows(min_row=3, values_only=True)]


def all_cells(path: Path) -> list[openpyxl.cell.Cell]:
    workbook = openpyxl.load_workbook(path)
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_every_table_sheet_prints_on_a4_landscape_with_its_headings_repeated_and_frozen(demo_world, tmp_path):
    path = export_unit(demo_world.login(RICH_HEAD), tmp_path / "unit.xlsx").path
    workbook = openpyxl.load_workbook(path)

    assert workbook.sheetnames == ["封面", *TABLE_SHEETS]
    columns_of = layout(FORMAT_VERSION, NEWEST_FORM_VERSION).sheets  # the demo's current campaign's form
    for name in TABLE_SHEETS:
        sheet = workbook[name]
        assert sheet.page_setup.orientation == "landscape", name
        assert str(sheet.page_setup.paperSize) == "9", name  # A4
        assert sheet.print_title_rows == "$1:$2", name
        assert sheet.freeze_panes == "A3", name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert str(sheet.page_setup.fitToWidth) == "1"
        for index, column in enumerate(columns_of[name], start=1):
            dimension = sheet.column_dimensions[openpyxl.utils.get_column_letter(index)]
            assert dimension.width == column.width, (name, column.key)
        assert [cell.value for cell in sheet[1]] == [c.heading for c in columns_of[name]]
        assert [cell.value for cell in sheet[2]] == [c.key for c in columns_of[name]]
    cover = workbook["封面"]
    assert cover.page_setup.orientation == "portrait"
    assert str(cover.page_setup.paperSize) == "9"


def test_identifiers_are_text_cells(demo_world, tmp_path):
    path = export_unit(demo_world.login(INSPECTOR), tmp_path / "all.xlsx", unit_code=ROOT_UNIT).path
    workbook = openpyxl.load_workbook(path)

    checked = 0
    for name in TABLE_SHEETS:
        sheet = workbook[name]
        keys = [cell.value for cell in sheet[2]]
        for row in sheet.iter_rows(min_row=3):
            for key, cell in zip(keys, row, strict=True):
                if key in IDENTIFIER_KEYS and cell.value is not None:
                    assert cell.data_type == "s", (name, cell.coordinate, cell.value)
                    assert isinstance(cell.value, str)
                    checked += 1
    assert checked > 200
    ids = column(workbook["情况登记表"], "id_number")
    assert RICH_OFFICER_ID in ids  # ends in X
    assert all(len(value) == 18 for value in ids)
    assert all(value.startswith("0000") for value in column(workbook["情况登记表"], "police_number"))  # zeros kept


def test_text_typed_like_a_formula_is_stored_as_text_and_still_verifies(typed_like_formulas):
    workbook = openpyxl.load_workbook(typed_like_formulas)
    interests = workbook["经商办企业情况"]
    keys = [cell.value for cell in interests[2]]
    for key, typed in FORMULA_LIKE.items():
        column = keys.index(key) + 1
        cells = [
            interests.cell(row, column)
            for row in range(3, interests.max_row + 1)
            if interests.cell(row, column).value == typed
        ]
        assert len(cells) == 6, key
        assert {cell.data_type for cell in cells} == {"s"}, key
    declarations = workbook["情况登记表"]
    opinion = declarations.cell(3, [c.value for c in declarations[2]].index("opinion") + 1)
    assert (opinion.value, opinion.data_type) == (OPINION, "s")

    assert verify_workbook(read_workbook(typed_like_formulas)).valid


def test_no_cell_of_any_export_is_a_formula(typed_like_formulas, demo_world, tmp_path):
    own = export_own(demo_world.login(RICH_OFFICER), tmp_path / "own.xlsx").path
    whole = export_unit(demo_world.login(INSPECTOR), tmp_path / "all.xlsx", unit_code=ROOT_UNIT).path
    for path in (typed_like_formulas, own, whole):
        cells = all_cells(path)
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], path.name
        assert {type(c.value) for c in cells} <= {str, type(None)}, path.name
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    xml = archive.read(name)
                    assert b"<f>" not in xml
                    assert b"<f " not in xml, (path.name, name)


def test_an_own_export_of_a_countersigned_declaration_verifies_on_its_own(demo_world, tmp_path):
    summary = export_own(demo_world.login(RICH_OFFICER), tmp_path / "own.xlsx")

    verdict = verify_workbook(read_workbook(summary.path))
    assert verdict.valid, (verdict.problems, [d.result for d in verdict.declarations])
    assert {k.role for k in verdict.read.content.keys} == {"exporter", "unit_head"}
    assert verdict.read.content.declarations[0].countersigner_name


def test_an_own_export_of_a_signed_declaration_verifies_without_a_countersignature(demo_world, tmp_path):
    declare_everything(demo_world.login("000008"), DEMO_STORE_PASSWORD)  # signed, not countersigned

    summary = export_own(demo_world.login("000008"), tmp_path / "own.xlsx")

    verdict = verify_workbook(read_workbook(summary.path))
    assert verdict.valid, verdict.problems
    assert [k.role for k in verdict.read.content.keys] == ["exporter"]
    assert verdict.read.content.declarations[0].signed.countersignature is None


def test_who_may_export_what(demo_world, tmp_path):
    with pytest.raises(NothingToExport):
        export_own(demo_world.login("000007"), tmp_path / "nothing.xlsx")  # not started
    with pytest.raises(NotAllowed):
        export_unit(demo_world.login(INSPECTOR), tmp_path / "no-unit.xlsx")  # must name the unit
    with pytest.raises(NotAllowed):
        export_unit(demo_world.login(RICH_HEAD), tmp_path / "other.xlsx", unit_code="131101")
    assert not any(tmp_path.glob("*.xlsx"))


def test_an_encrypted_export_leaves_no_plaintext_copy_and_opens_with_its_password(demo_world, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()

    summary = export_unit(demo_world.login(RICH_HEAD), folder / "unit.xlsx", password="File-pass-2931")

    assert summary.encrypted
    assert sorted(p.name for p in folder.iterdir()) == ["unit.xlsx"]
    data = summary.path.read_bytes()
    assert data.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))
    assert b"PK\x03\x04" not in data[:4096]
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password="File-pass-2931")
    plain = io.BytesIO()
    office.decrypt(plain)
    assert zipfile.ZipFile(plain).testzip() is None
    assert verify_workbook(read_workbook(summary.path, "File-pass-2931")).valid


def test_a_control_character_typed_by_an_officer_does_not_block_the_units_export(demo_world, tmp_path):
    declare_everything(demo_world.login("000006"), DEMO_STORE_PASSWORD, enterprise_name="龙山区\x0b建国餐馆")
    head = demo_world.login("000005")
    countersigning.countersign(head, "000006", "同意。", DEMO_STORE_PASSWORD)

    summary = export_unit(head, tmp_path / "unit.xlsx")

    assert verify_workbook(read_workbook(summary.path)).valid
