"""One problem type for "sheet, row, column, what is wrong", described the same way for the roster and for a
declaration workbook, in English and in Chinese."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.problems import Severity
from desktop.exchange.problems import SheetProblem
from desktop.exchange.roster.reader import read_roster
from desktop.exchange.workbook.columns import Column, Kind
from desktop.exchange.workbook.table import read_table
from desktop.i18n import N_, Translator
from tests.exchange.roster.test_roster import TODAY, officer_row, write_roster

EN, ZH = Translator("en"), Translator("zh_CN")
MISSING = N_("The ID number is missing.")


def problem(row: int = 0, column: str = "", cell: str = "") -> SheetProblem:
    return SheetProblem("花名册", row, cell, "id_number.missing", MISSING, column=column)


def test_a_problem_is_described_by_its_sheet_row_column_and_cell() -> None:
    assert problem(5, "身份证号", "C5").describe(EN) == "花名册, row 5, 身份证号 (C5): The ID number is missing."
    assert problem(5, "", "C5").describe(EN) == "花名册, cell C5: The ID number is missing."
    assert problem(1, "身份证号").describe(EN) == "花名册, row 1, 身份证号: The ID number is missing."
    assert problem(5).describe(EN) == "花名册, row 5: The ID number is missing."
    assert problem().describe(EN) == "花名册: The ID number is missing."


def test_each_place_is_described_in_chinese() -> None:
    described = [p.describe(ZH) for p in (problem(5, "身份证号", "C5"), problem(5, "", "C5"), problem(1, "身份证号"))]
    assert described[0].startswith("花名册，第 5 行，身份证号（C5）：")
    assert described[1].startswith("花名册，单元格 C5：")
    assert described[2].startswith("花名册，第 1 行，身份证号：")
    assert all("The ID number" not in text for text in described)


def test_a_problem_is_an_error_unless_it_says_otherwise() -> None:
    assert problem().severity is Severity.ERROR


def test_the_roster_and_a_declaration_sheet_report_a_wrong_cell_alike(tmp_path: Path) -> None:
    roster = read_roster(write_roster(tmp_path / "r.xlsx", [officer_row(ident=110101199003070011)]), TODAY)
    workbook: list[SheetProblem] = []
    read_table(
        "情况登记表",
        [["姓名", "公民身份号码"], ["name", "id_number"], ["张三", 110101199003070011]],
        (Column("name", "姓名", Kind.TEXT), Column("id_number", "公民身份号码", Kind.IDENTIFIER)),
        workbook,
    )
    [in_roster], [in_workbook] = roster.problems, workbook
    assert type(in_roster) is type(in_workbook) is SheetProblem
    assert (in_roster.row, in_roster.column, in_roster.cell, in_roster.code) == (2, "身份证号", "C2", "cell.number")
    assert (in_workbook.row, in_workbook.column, in_workbook.cell, in_workbook.code) == (
        3,
        "公民身份号码",
        "B3",
        "cell.number",
    )
    assert in_roster.describe(EN).startswith(f"{roster.sheet}, row 2, 身份证号 (C2): ")
    assert in_workbook.describe(EN).startswith("情况登记表, row 3, 公民身份号码 (B3): ")
