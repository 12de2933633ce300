"""Importing the roster into a real SQLCipher store: all or nothing, updates instead of duplicates, admins only."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from stdnum.cn import ric

from desktop.domain.roles import Role
from desktop.exchange.roster.reader import ROSTER_SHEET
from desktop.exchange.xlsx.safety import UnreadableWorkbook
from desktop.i18n import Translator
from desktop.services.administration.roster import InvalidRoster, import_roster, write_roster_template
from desktop.services.errors import InvalidInput, NotAllowed
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.store.repositories.officers import get_officer, list_officers
from desktop.store.repositories.units import get_unit, list_units
from tests.conftest import USER_PASSWORD

HEADINGS = [
    "单位代码",
    "单位名称",
    "上级单位代码",
    "警号",
    "姓名",
    "身份证号",
    "职务",
    "职级",
    "是否班子成员",
    "是否单位主要负责人",
    "是否处级以上",
]


def id_number(region: str, birth: str, sequence: str) -> str:
    body = region + birth + sequence
    return body + ric.calc_check_digit(body + "0")


def row(
    police: str, name: str, ident: str, unit: str = "220402001", unit_name: str = "北山派出所", head: str = "否"
) -> list[object]:
    return [unit, unit_name, "220402", police, name, ident, "科员", "四级警长", "否", head, "否"]


def roster_rows() -> list[list[object]]:
    return [
        row("001001", "张三", id_number("220402", "19700315", "001"), head="是"),
        row("001002", "李四", id_number("220402", "19880101", "012")),
        row("002001", "王五", id_number("110101", "19900520", "031"), unit="220402002", unit_name="刑侦大队"),
    ]


def write_roster(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = ROSTER_SHEET
    for values in [HEADINGS, *rows]:
        sheet.append(values)
    workbook.save(path)
    return path


def counts(session: Session) -> tuple[int, int]:
    with session.store.transaction() as connection:
        return len(list_units(connection)), len(list_officers(connection))


def test_an_import_writes_the_units_and_officers(admin_session: Session, tmp_path: Path) -> None:
    summary = import_roster(admin_session, write_roster(tmp_path / "r.xlsx", roster_rows()))
    assert (summary.units_added, summary.units_updated, summary.officers_added, summary.officers_updated) == (
        2,
        0,
        3,
        0,
    )
    assert summary.warnings == ()
    with admin_session.store.transaction() as connection:
        unit = get_unit(connection, "220402001")
        officer = get_officer(connection, "001001")
    assert unit is not None
    assert (unit.name, unit.parent_code) == ("北山派出所", "220402")
    assert officer is not None
    assert (officer.name, officer.unit_code, officer.is_unit_head) == ("张三", "220402001", True)
    assert counts(admin_session) == (3, 3)  # the store's own unit 220402, plus two


def test_an_invalid_row_imports_nothing(admin_session: Session, tmp_path: Path) -> None:
    rows = roster_rows()
    rows[1][5] = rows[1][5][:-1] + ("0" if rows[1][5][-1] != "0" else "1")  # a mistyped check digit in row 3
    before = counts(admin_session)
    with pytest.raises(InvalidRoster) as caught:
        import_roster(admin_session, write_roster(tmp_path / "r.xlsx", rows))
    assert counts(admin_session) == before
    error = caught.value
    assert isinstance(error, InvalidInput)
    assert error.exit_code == 1
    assert [(p.row, p.cell, p.code) for p in error.problems] == [(3, "F3", "id_number.check_digit")]
    lines = error.render(Translator("en")).splitlines()
    assert lines[0].startswith("Nothing was imported: the roster has 1 errors")
    assert lines[1].strip().startswith(f"{ROSTER_SHEET}, row 3, 身份证号 (F3): ")


def test_an_unknown_parent_unit_imports_nothing(admin_session: Session, tmp_path: Path) -> None:
    rows = roster_rows()
    rows[2][2] = "999999"
    before = counts(admin_session)
    with pytest.raises(InvalidRoster) as caught:
        import_roster(admin_session, write_roster(tmp_path / "r.xlsx", rows))
    assert counts(admin_session) == before
    assert [(p.row, p.cell, p.code) for p in caught.value.problems] == [(4, "C4", "parent_code.unknown")]


def test_a_reimport_updates_instead_of_duplicating(admin_session: Session, tmp_path: Path) -> None:
    import_roster(admin_session, write_roster(tmp_path / "first.xlsx", roster_rows()))
    rows = roster_rows()
    rows[1][4] = "李思"  # the name corrected
    rows[0][1] = rows[1][1] = "北山派出所（新）"  # renamed on every row of the unit
    summary = import_roster(admin_session, write_roster(tmp_path / "second.xlsx", rows))
    assert (summary.units_added, summary.units_updated, summary.officers_added, summary.officers_updated) == (
        0,
        2,
        0,
        3,
    )
    assert counts(admin_session) == (3, 3)
    with admin_session.store.transaction() as connection:
        assert get_officer(connection, "001002").name == "李思"
        assert get_unit(connection, "220402001").name == "北山派出所（新）"


def test_warnings_do_not_block_and_are_returned(admin_session: Session, tmp_path: Path) -> None:
    rows = roster_rows()
    rows[2][5] = id_number("990101", "19900520", "031")  # a region code no list knows
    summary = import_roster(admin_session, write_roster(tmp_path / "r.xlsx", rows))
    assert summary.officers_added == 3
    assert [(w.row, w.code) for w in summary.warnings] == [(4, "id_number.region")]


def test_a_non_administrator_is_refused_and_nothing_is_written(
    admin_session: Session, add_user, paths, clock, throttle, tmp_path: Path
) -> None:
    add_user("insp01", {Role.INSPECTOR})
    inspector = log_in(paths, "insp01", USER_PASSWORD, clock=clock, throttle=throttle)
    try:
        before = counts(admin_session)
        with pytest.raises(NotAllowed):
            import_roster(inspector, write_roster(tmp_path / "r.xlsx", roster_rows()))
        assert counts(admin_session) == before
    finally:
        inspector.lock()


def test_an_unreadable_file_is_refused_with_exit_code_2(admin_session: Session, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"")
    with pytest.raises(UnreadableWorkbook) as caught:
        import_roster(admin_session, path)
    assert caught.value.exit_code == 2


def test_the_template_imports_as_an_empty_roster(admin_session: Session, tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_roster_template(path)
    summary = import_roster(admin_session, path)
    assert (summary.units_added, summary.officers_added) == (0, 0)
