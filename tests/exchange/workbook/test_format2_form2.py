"""Workbook format 2 carrying form version 2: the family members sheet, the personal part, several roles and the
enterprise's registration details travel in visible cells and verify; editing any of them breaks the officer's
signature; the shown-only cells derived from the signed data are checked."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from tests.exchange.workbook.form2_workbook import golden_declaration, write_form2_workbook


def _edit(path: Path, sheet: str, key: str, value: str, row: int = 3) -> Path:
    workbook = openpyxl.load_workbook(path)
    table = workbook[sheet]
    column = next(c.column for c in table[2] if c.value == key)
    table.cell(row, column).value = value
    target = path.with_name(f"edited-{key}.xlsx")
    workbook.save(target)
    return target


def test_a_form_2_declaration_round_trips_through_the_workbook_and_verifies(tmp_path: Path) -> None:
    path = write_form2_workbook(tmp_path / "form2.xlsx")
    read = read_workbook(path)
    verdict = verify_workbook(read)

    assert verdict.valid, [(p.code, p.sheet, p.row) for p in verdict.problems]
    assert read.content.cover["form_version"] == "2"
    (entry,) = read.content.declarations
    assert entry.signed.declaration == golden_declaration()
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["封面", "情况登记表", "家庭成员", "经商办企业情况", "签名公钥", "未登记人员"]


def test_editing_a_family_members_id_number_breaks_the_officers_signature(tmp_path: Path) -> None:
    path = _edit(write_form2_workbook(tmp_path / "form2.xlsx"), "家庭成员", "id_number", "220402197207080413")
    verdict = verify_workbook(read_workbook(path))
    (declaration,) = verdict.declarations
    assert next(f.code for f in declaration.result.failures) == "officer.signature_invalid"


def test_removing_a_role_breaks_the_officers_signature(tmp_path: Path) -> None:
    path = _edit(write_form2_workbook(tmp_path / "form2.xlsx"), "经商办企业情况", "roles", "出资人\n法定代表人")
    (declaration,) = verify_workbook(read_workbook(path)).declarations
    assert not declaration.valid


def test_a_shown_sex_that_disagrees_with_the_id_number_is_a_located_mismatch(tmp_path: Path) -> None:
    path = _edit(write_form2_workbook(tmp_path / "form2.xlsx"), "情况登记表", "sex", "女")
    verdict = verify_workbook(read_workbook(path))
    assert [(p.code, p.column) for p in verdict.problems] == [("shown.mismatch", "性别")]
    assert all(d.valid for d in verdict.declarations)  # the signatures hold; the workbook as a whole does not


def test_a_renumbered_family_member_is_refused_with_its_row(tmp_path: Path) -> None:
    path = _edit(write_form2_workbook(tmp_path / "form2.xlsx"), "家庭成员", "member_id", "F3", row=4)
    read = read_workbook(path)
    assert "family.numbering" in [p.code for p in read.problems]
