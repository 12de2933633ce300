"""Reading the roster workbook: every problem located by row and cell; identifiers stay text; the template reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from stdnum.cn import ric

from desktop.domain.problems import Severity
from desktop.exchange.problems import SheetProblem
from desktop.exchange.roster.reader import COLUMNS, NOTES_SHEET, ROSTER_SHEET, read_roster
from desktop.exchange.roster.template import template_bytes
from desktop.exchange.xlsx.safety import UnreadableWorkbook
from desktop.i18n import Translator

TODAY = dt.date(2026, 11, 21)
HEADINGS = [
    "警号",
    "姓名",
    "身份证号",
    "单位代码",
    "单位名称",
    "职务",
    "职级",
    "是否班子成员",
    "是否单位主要负责人",
    "是否处级以上",
    "上级单位代码",
    "辖区",
]


def id_number(region: str, birth: str, sequence: str) -> str:
    """A valid ID number: the check character computed with python-stdnum."""
    body = region + birth + sequence
    return body + ric.calc_check_digit(body + "0")  # calc_check_digit ignores the last character


OLD_OFFICER_ID = id_number("220402", "19700315", "001")  # region created in 1983, officer born in 1970: valid
YOUNG_OFFICER_ID = id_number("220402", "19920611", "023")
X_OFFICER_ID = "11010119850607006X"  # ends in X
assert ric.calc_check_digit(X_OFFICER_ID) == "X"


def officer_row(
    police: object = "001234",
    name: object = "张三",
    ident: object = OLD_OFFICER_ID,
    unit: object = "220402001",
    unit_name: object = "龙山分局北山派出所",
    position: object = "所长",
    rank: object = "一级警长",
    leader: object = "是",
    head: object = "是",
    division: object = "否",
    parent: object = "220402",
    area: object = "北山街道",
) -> list[object]:
    return [police, name, ident, unit, unit_name, position, rank, leader, head, division, parent, area]


def valid_rows() -> list[list[object]]:
    return [
        officer_row(),
        officer_row("001235", "李四", YOUNG_OFFICER_ID, leader="否", head="否", position="副所长", rank="二级警长"),
        officer_row(
            "102030",
            "王五",
            X_OFFICER_ID.lower(),
            unit="220402002",
            unit_name="龙山分局刑侦大队",
            leader="否",
            head="是",
            division="是",
            area="",
        ),
    ]


def write_roster(
    path: Path, rows: list[list[object]], headings: list[str] | None = None, above: list[list[object]] | None = None
) -> Path:
    """A roster as a person would make it in Excel: text cells stay text, numbers are numbers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = ROSTER_SHEET
    for row in [*(above or []), headings or HEADINGS, *rows]:
        sheet.append(row)
    workbook.save(path)
    return path


def found(problems: list[SheetProblem]) -> set[tuple[int, str, str]]:
    return {(p.row, p.cell, p.code) for p in problems}


# -- valid rosters ---------------------------------------------------------------------------------------------------


def test_a_valid_roster_gives_its_officers_and_units_and_no_problems(tmp_path: Path) -> None:
    roster = read_roster(write_roster(tmp_path / "r.xlsx", valid_rows()), TODAY)
    assert roster.problems == []
    assert [o.police_number for o in roster.officers] == ["001234", "001235", "102030"]  # leading zeros kept
    first = roster.officers[0]
    assert (first.name, first.id_number, first.unit_code, first.position, first.rank_level) == (
        "张三",
        OLD_OFFICER_ID,
        "220402001",
        "所长",
        "一级警长",
    )
    assert (first.is_leadership_member, first.is_unit_head, first.is_division_level) == (True, True, False)
    assert roster.officers[2].is_division_level is True
    assert {(u.code, u.name, u.parent_code, u.jurisdiction) for u in roster.units} == {
        ("220402001", "龙山分局北山派出所", "220402", "北山街道"),
        ("220402002", "龙山分局刑侦大队", "220402", ""),
    }


def test_an_older_officers_id_number_with_a_region_created_after_birth_is_valid(tmp_path: Path) -> None:
    roster = read_roster(write_roster(tmp_path / "r.xlsx", [officer_row(ident=OLD_OFFICER_ID)]), TODAY)
    assert roster.problems == []
    assert roster.officers[0].id_number == OLD_OFFICER_ID


def test_a_lowercase_x_is_accepted_and_stored_upper_case(tmp_path: Path) -> None:
    roster = read_roster(write_roster(tmp_path / "r.xlsx", [officer_row(ident=X_OFFICER_ID.lower())]), TODAY)
    assert roster.problems == []
    assert roster.officers[0].id_number == X_OFFICER_ID


def test_column_order_does_not_matter_and_unknown_columns_are_ignored(tmp_path: Path) -> None:
    order = [11, 3, 0, 8, 5, 1, 2, 4, 6, 7, 10, 9]
    headings = [HEADINGS[i] for i in order] + ["备注"]
    rows = [[row[i] for i in order] + ["随便写"] for row in valid_rows()]
    shuffled = read_roster(write_roster(tmp_path / "s.xlsx", rows, headings), TODAY)
    plain = read_roster(write_roster(tmp_path / "p.xlsx", valid_rows()), TODAY)
    assert shuffled.problems == []
    assert shuffled.officers == plain.officers
    assert sorted(shuffled.units, key=lambda u: u.code) == sorted(plain.units, key=lambda u: u.code)


def test_optional_columns_may_be_left_out(tmp_path: Path) -> None:
    rows = [row[:9] for row in valid_rows()]
    roster = read_roster(write_roster(tmp_path / "r.xlsx", rows, HEADINGS[:9]), TODAY)
    assert roster.problems == []
    assert all(not o.is_division_level for o in roster.officers)
    assert all(u.parent_code is None for u in roster.units)


def test_the_heading_row_is_found_below_a_title_and_rows_are_numbered_as_in_excel(tmp_path: Path) -> None:
    above = [["龙山分局民警花名册"], []]
    rows = [officer_row(), [], officer_row("001235", ident="not-an-id", leader="否", head="否")]
    roster = read_roster(write_roster(tmp_path / "r.xlsx", rows, above=above), TODAY)
    # title row 1, blank row 2, headings row 3, officers from row 4; the blank row 5 is skipped
    assert found(roster.problems) == {(6, "C6", "id_number.length")}
    assert len(roster.officers) == 1


def test_yes_no_answers_accept_spaces_and_spreadsheet_booleans(tmp_path: Path) -> None:
    rows = [
        officer_row(leader=" 是 ", head="否\u3000", division=True),
        officer_row("001235", ident=YOUNG_OFFICER_ID, leader=False, head="FALSE", division="true"),
    ]
    roster = read_roster(write_roster(tmp_path / "r.xlsx", rows), TODAY)
    assert roster.problems == []
    flags = [(o.is_leadership_member, o.is_unit_head, o.is_division_level) for o in roster.officers]
    assert flags == [(True, False, True), (False, False, True)]


def test_spaces_that_align_a_chinese_name_are_removed(tmp_path: Path) -> None:
    roster = read_roster(write_roster(tmp_path / "r.xlsx", [officer_row(name="张\u3000三")]), TODAY)
    assert roster.officers[0].name == "张三"


# -- problems, each at its row and cell --------------------------------------------------------------------------------


def test_every_problem_in_every_row_is_reported_at_its_cell(tmp_path: Path) -> None:
    bad_check_digit = OLD_OFFICER_ID[:-1] + ("1" if OLD_OFFICER_ID[-1] != "1" else "2")
    rows = [
        officer_row(name=""),  # row 2: name missing
        officer_row("001235", ident=bad_check_digit, leader="Y"),  # row 3: check digit; not 是/否
        officer_row("001236", ident=id_number("220402", "19700230", "001"), head=""),  # row 4: 30 February; blank
        officer_row("", ident=YOUNG_OFFICER_ID, unit="", unit_name="某单位"),  # row 5: police number, unit code
        officer_row("12", ident=X_OFFICER_ID, unit_name=""),  # row 6: police number too short; unit name missing
    ]
    roster = read_roster(write_roster(tmp_path / "r.xlsx", rows), TODAY)
    assert found(roster.problems) == {
        (2, "B2", "name.missing"),
        (3, "C3", "id_number.check_digit"),
        (3, "H3", "yes_no.invalid"),
        (4, "C4", "id_number.birth_date"),
        (4, "I4", "yes_no.missing"),
        (5, "A5", "police_number.missing"),
        (5, "D5", "unit_code.missing"),
        (6, "A6", "police_number.format"),
        (6, "E6", "unit_name.missing"),
    }
    assert roster.officers == []
    assert all(p.severity is Severity.ERROR and p.sheet == ROSTER_SHEET for p in roster.problems)
    column = {p.cell: p.column for p in roster.problems}
    assert (column["C3"], column["H3"], column["E6"]) == ("身份证号", "是否班子成员", "单位名称")


def test_a_problem_describes_itself_with_sheet_row_column_and_cell(tmp_path: Path) -> None:
    roster = read_roster(write_roster(tmp_path / "r.xlsx", [officer_row(ident="12345")]), TODAY)
    [problem] = roster.problems
    assert problem.describe(Translator("en")) == (
        f"{ROSTER_SHEET}, row 2, 身份证号 (C2): An ID number has 18 characters; this one has 5."
    )


def test_an_id_number_stored_as_a_number_is_reported_not_converted(tmp_path: Path) -> None:
    rows = [officer_row(ident=int(OLD_OFFICER_ID)), officer_row("001235", ident=YOUNG_OFFICER_ID)]
    roster = read_roster(write_roster(tmp_path / "r.xlsx", rows), TODAY)
    assert found(roster.problems) == {(2, "C2", "cell.number")}  # one problem: not also "missing"
    assert "format the column as text" in roster.problems[0].render(Translator("en")).lower()
    assert [o.police_number for o in roster.officers] == ["001235"]


def test_a_police_number_stored_as_a_number_is_reported(tmp_path: Path) -> None:
    roster = read_roster(write_roster(tmp_path / "r.xlsx", [officer_row(police=1234)]), TODAY)
    assert found(roster.problems) == {(2, "A2", "cell.number")}


def test_a_unit_code_stored_as_a_number_is_reported_because_leading_zeros_are_lost(tmp_path: Path) -> None:
    roster = read_roster(write_roster(tmp_path / "r.xlsx", [officer_row(unit=220402001)]), TODAY)
    assert found(roster.problems) == {(2, "D2", "cell.number")}
    assert roster.units == []


def test_duplicate_police_numbers_and_id_numbers_name_both_rows(tmp_path: Path) -> None:
    rows = [
        officer_row("001234", ident=OLD_OFFICER_ID),
        officer_row("001235", ident=YOUNG_OFFICER_ID),
        officer_row("001234", ident=X_OFFICER_ID),  # row 4: police number of row 2
        officer_row("001236", ident=YOUNG_OFFICER_ID),  # row 5: ID number of row 3
    ]
    roster = read_roster(write_roster(tmp_path / "r.xlsx", rows), TODAY)
    assert found(roster.problems) == {(4, "A4", "police_number.duplicate"), (5, "C5", "id_number.duplicate")}
    by_code = {p.code: p for p in roster.problems}
    assert (by_code["police_number.duplicate"].params["first_row"], by_code["police_number.duplicate"].row) == (2, 4)
    assert by_code["id_number.duplicate"].params["first_row"] == 3
    en = Translator("en")
    assert "row 3" in by_code["id_number.duplicate"].render(en)
    assert "row 5" in by_code["id_number.duplicate"].render(en)
    assert YOUNG_OFFICER_ID not in by_code["id_number.duplicate"].render(en)  # no ID numbers in messages


def test_one_unit_code_with_two_names_is_reported(tmp_path: Path) -> None:
    rows = [officer_row(), officer_row("001235", ident=YOUNG_OFFICER_ID, unit_name="北山所", leader="否", head="否")]
    roster = read_roster(write_roster(tmp_path / "r.xlsx", rows), TODAY)
    [problem] = roster.problems
    assert (problem.row, problem.cell, problem.code) == (3, "E3", "unit.unit_name_conflict")
    assert "龙山分局北山派出所" in problem.render(Translator("en"))


def test_a_missing_required_column_is_one_problem_naming_it(tmp_path: Path) -> None:
    headings = [h for h in HEADINGS if h != "单位名称"]
    rows = [[v for h, v in zip(HEADINGS, row, strict=True) if h != "单位名称"] for row in valid_rows()]
    roster = read_roster(write_roster(tmp_path / "r.xlsx", rows, headings), TODAY)
    [problem] = roster.problems
    assert (problem.code, problem.column, problem.row) == ("roster.missing_column", "单位名称", 1)
    assert roster.officers == []
    assert "单位名称" in problem.describe(Translator("en"))


def test_a_sheet_without_a_heading_row_says_so(tmp_path: Path) -> None:
    roster = read_roster(write_roster(tmp_path / "r.xlsx", [], headings=["姓名", "单位"]), TODAY)
    [problem] = roster.problems
    assert (problem.code, problem.row) == ("roster.no_heading", 0)
    assert problem.describe(Translator("en")).startswith(f"{ROSTER_SHEET}: No heading row")


def test_an_unknown_id_region_is_a_warning_and_the_officer_is_kept(tmp_path: Path) -> None:
    roster = read_roster(
        write_roster(tmp_path / "r.xlsx", [officer_row(ident=id_number("990101", "19800101", "011"))]), TODAY
    )
    [problem] = roster.problems
    assert (problem.severity, problem.code, problem.cell) == (Severity.WARNING, "id_number.region", "C2")
    assert len(roster.officers) == 1


def test_parent_units_that_lead_back_to_themselves_are_reported(tmp_path: Path) -> None:
    rows = [
        officer_row(unit="A1", unit_name="甲", parent="B1"),
        officer_row("001235", ident=YOUNG_OFFICER_ID, unit="B1", unit_name="乙", parent="A1"),
        officer_row("001236", ident=X_OFFICER_ID, unit="C1", unit_name="丙", parent="C1"),
    ]
    roster = read_roster(write_roster(tmp_path / "r.xlsx", rows), TODAY)
    assert found(roster.problems) == {
        (2, "K2", "parent_code.cycle"),
        (3, "K3", "parent_code.cycle"),
        (4, "K4", "parent_code.self"),
    }


def test_an_unsafe_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(UnreadableWorkbook):
        read_roster(path, TODAY)


# -- the template ------------------------------------------------------------------------------------------------------


def test_the_template_reads_back_as_an_empty_roster_without_problems(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_bytes())
    roster = read_roster(path, TODAY)
    assert (roster.sheet, roster.officers, roster.units, roster.problems) == (ROSTER_SHEET, [], [], [])


def test_the_template_has_formatted_headings_text_identifiers_and_yes_no_lists(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_bytes())
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [ROSTER_SHEET, NOTES_SHEET]
    sheet = workbook[ROSTER_SHEET]
    headings = [cell.value for cell in sheet[1]]
    assert headings == [c.heading for c in COLUMNS]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= 20
    for heading in ("警号", "身份证号", "单位代码", "上级单位代码"):
        letter = sheet.cell(1, headings.index(heading) + 1).column_letter
        assert sheet[f"{letter}2"].number_format == "@"
        assert sheet[f"{letter}3000"].number_format == "@"
    validated = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    for heading in ("是否班子成员", "是否单位主要负责人", "是否处级以上"):
        letter = sheet.cell(1, headings.index(heading) + 1).column_letter
        assert validated[f"{letter}2"] == '"是,否"'
    notes = [row[0] for row in workbook[NOTES_SHEET].iter_rows(values_only=True)]
    assert all(c.heading in notes for c in COLUMNS)


def test_a_filled_in_template_imports_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_bytes())
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[ROSTER_SHEET]
    for row_number, row in enumerate(valid_rows(), start=2):
        for column_number, value in enumerate(row, start=1):
            sheet.cell(row_number, column_number, value)
    workbook.save(path)
    roster = read_roster(path, TODAY)
    assert roster.problems == []
    assert len(roster.officers) == 3


def test_the_template_never_calls_a_column_required_to_fill_in_while_saying_it_may_be_empty(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_bytes())
    rows = {row[0]: row[1:] for row in openpyxl.load_workbook(path)[NOTES_SHEET].iter_rows(values_only=True) if row[0]}

    contradictions = [h for h, (presence, text) in rows.items() if "必填" in str(presence) and "空着" in str(text)]

    assert contradictions == []  # issue 13, defect 7: 职务 and 职级 were 必填列 and 可以空着
    assert rows["职务"][0] == "必须有，内容可以空着"
    assert rows["警号"][0] == "必须有，每行必填"
    assert rows["辖区"][0] == "可以没有"
