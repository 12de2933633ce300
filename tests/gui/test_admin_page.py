"""The administrator's page, clicked through: accounts, the roster (good and bad), campaigns, backup and restore."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QToolButton,
    QTreeWidget,
)
from stdnum.cn import ric

from desktop.app import AppPaths
from desktop.exchange.roster.reader import ROSTER_SHEET
from desktop.exchange.roster.template import template_bytes
from desktop.gui.admin.account_dialogs import NewAccountDialog, ResetPasswordDialog
from desktop.gui.admin.page import AdminPage
from desktop.gui.widgets.date_edit import DateEdit
from desktop.services.administration.backup import restore_backup
from desktop.services.administration.campaigns import (
    DEFAULT_COMMITMENT_VERSION,
    default_commitment_text,
    list_campaigns,
)
from desktop.services.session.login import log_in as service_log_in
from desktop.services.session.throttle import LoginThrottle
from desktop.store.keyfile import KeyFile
from desktop.store.store import StorePaths
from tests.conftest import ADMIN_PASSWORD
from tests.gui.conftest import log_in

NEW_PASSWORD = "Harbor-Violet-2231"


def id_number(region: str, birth: str, sequence: str) -> str:
    body = region + birth + sequence
    return body + ric.calc_check_digit(body + "0")


def fill_template(path: Path, rows: list[dict[str, str]]) -> Path:
    """The roster template written by the application, filled in as an administrator would (text cells)."""
    path.write_bytes(template_bytes())
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[ROSTER_SHEET]
    column = {cell.value: cell.column for cell in sheet[1]}
    for offset, values in enumerate(rows, start=2):
        for heading, value in values.items():
            sheet.cell(row=offset, column=column[heading], value=value)
    workbook.save(path)
    return path


def officer_row(
    police: str, name: str, ident: str, unit: str = "22040201", unit_name: str = "北山派出所", head: str = "否"
) -> dict[str, str]:
    return {
        "警号": police,
        "姓名": name,
        "身份证号": ident,
        "单位代码": unit,
        "单位名称": unit_name,
        "上级单位代码": "220402",
        "职务": "民警",
        "职级": "四级警长",
        "是否班子成员": "否",
        "是否单位主要负责人": head,
        "是否处级以上": "否",
    }


GOOD_ROWS = [
    officer_row("001001", "张三", id_number("220402", "19700315", "001"), head="是"),
    officer_row("001002", "李四", id_number("220402", "19880101", "012")),
    officer_row("002001", "王五", id_number("110101", "19900520", "031"), unit="22040202", unit_name="刑侦大队"),
]


@pytest.fixture
def admin_page(qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths):
    window = open_main_window(app_paths)
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)
    page = window.workspace.findChild(AdminPage, "adminPage")
    assert page is not None
    page.window_under_test = window
    return page


def wait_idle(qtbot, page: AdminPage) -> None:
    qtbot.waitUntil(lambda: not page.window_under_test.runner.busy, timeout=20_000)


def import_roster(qtbot, page: AdminPage, path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), "*.xlsx"))
    page.setCurrentWidget(page.roster)
    qtbot.mouseClick(page.roster.findChild(QPushButton, "importRosterButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page)


def unit_codes(tree: QTreeWidget) -> set[str]:
    found, stack = set(), [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        found.add(item.text(1))
        stack.extend(item.child(i) for i in range(item.childCount()))
    return found


def test_the_template_is_written_where_the_administrator_chooses(qtbot, admin_page, tmp_path, monkeypatch) -> None:
    target = tmp_path / "花名册"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "*.xlsx"))
    admin_page.setCurrentWidget(admin_page.roster)

    qtbot.mouseClick(admin_page.roster.findChild(QPushButton, "writeTemplateButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, admin_page)

    written = target.with_name("花名册.xlsx")
    assert written.exists()
    assert openpyxl.load_workbook(written).sheetnames[0] == ROSTER_SHEET
    assert admin_page.roster.message.property("kind") == "success"


def test_a_filled_in_template_is_imported_and_its_units_appear_in_the_tree(
    qtbot, admin_page, tmp_path, monkeypatch
) -> None:
    import_roster(qtbot, admin_page, fill_template(tmp_path / "roster.xlsx", GOOD_ROWS), monkeypatch)

    assert admin_page.roster.message.property("kind") == "success"
    assert not admin_page.roster.findChild(QTableWidget, "rosterProblems").isVisible()
    tree = admin_page.units.findChild(QTreeWidget, "unitTree")
    assert unit_codes(tree) == {"220402", "22040201", "22040202"}
    root = tree.topLevelItem(0)
    assert root.text(1) == "220402"
    assert root.childCount() == 2


def test_a_bad_roster_imports_nothing_and_lists_every_problem_by_row_and_cell(
    qtbot, admin_page, tmp_path, monkeypatch
) -> None:
    rows = [dict(row) for row in GOOD_ROWS]
    rows[1]["身份证号"] = rows[1]["身份证号"][:-1] + ("0" if rows[1]["身份证号"][-1] != "0" else "1")  # row 3
    rows[2]["姓名"] = ""  # row 4
    import_roster(qtbot, admin_page, fill_template(tmp_path / "bad.xlsx", rows), monkeypatch)

    assert admin_page.roster.message.property("kind") == "error"
    table = admin_page.roster.findChild(QTableWidget, "rosterProblems")
    assert table.isVisible()
    located = {(table.item(r, 1).text(), table.item(r, 3).text()) for r in range(table.rowCount())}
    id_column = openpyxl.utils.get_column_letter(_heading_column(tmp_path / "bad.xlsx", "身份证号"))
    name_column = openpyxl.utils.get_column_letter(_heading_column(tmp_path / "bad.xlsx", "姓名"))
    assert ("3", f"{id_column}3") in located
    assert ("4", f"{name_column}4") in located
    assert all(table.item(r, 4).text() for r in range(table.rowCount()))
    assert unit_codes(admin_page.units.findChild(QTreeWidget, "unitTree")) == {"220402"}  # nothing imported


def _heading_column(path: Path, heading: str) -> int:
    sheet = openpyxl.load_workbook(path)[ROSTER_SHEET]
    return next(cell.column for cell in sheet[1] if cell.value == heading)


def test_the_administrator_creates_an_officer_account_that_can_log_in(
    qtbot, admin_page, tmp_path, monkeypatch, demo_store: StorePaths, clock
) -> None:
    import_roster(qtbot, admin_page, fill_template(tmp_path / "roster.xlsx", GOOD_ROWS), monkeypatch)
    accounts = admin_page.accounts
    admin_page.setCurrentWidget(accounts)

    qtbot.mouseClick(accounts.findChild(QPushButton, "newAccountButton"), Qt.MouseButton.LeftButton)
    dialog = accounts.findChild(NewAccountDialog)
    assert dialog is not None
    assert dialog.isVisible()
    create = dialog.findChild(QPushButton, "createAccountButton")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "newLoginEdit"), "001002")
    dialog.findChild(QCheckBox, "roleOfficerCheck").click()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "policeNumberEdit"), "001002")
    combo = dialog.findChild(QComboBox, "unitCombo")
    assert combo.findData("22040201") >= 0  # the units of the store are offered
    qtbot.keyClicks(dialog.findChild(QLineEdit, "initialPasswordEdit"), "001002")
    assert dialog.findChild(QLabel, "initialPolicyLabel").property("kind") == "error"  # the login as password
    assert not create.isEnabled()
    dialog.findChild(QLineEdit, "initialPasswordEdit").clear()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "initialPasswordEdit"), NEW_PASSWORD)
    qtbot.keyClicks(dialog.findChild(QLineEdit, "initialRepeatEdit"), NEW_PASSWORD)
    assert create.isEnabled()
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, admin_page)

    assert not dialog.isVisible()
    table = accounts.findChild(QTableWidget, "accountTable")
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert "001002" in rows
    assert table.item(rows["001002"], 1).text() == "李四"  # the name comes from the roster
    assert "001002" in KeyFile.load(demo_store.key_file).accounts
    session = service_log_in(
        demo_store, "001002", NEW_PASSWORD, clock=clock, throttle=LoginThrottle(tmp_path / "t.json")
    )
    session.lock()


def test_an_account_the_roster_does_not_know_is_refused_with_the_reason(qtbot, admin_page) -> None:
    accounts = admin_page.accounts
    accounts.new_account()
    dialog = accounts.findChild(NewAccountDialog)
    qtbot.keyClicks(dialog.findChild(QLineEdit, "newLoginEdit"), "009999")
    dialog.findChild(QCheckBox, "roleOfficerCheck").click()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "policeNumberEdit"), "009999")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "initialPasswordEdit"), NEW_PASSWORD)
    qtbot.keyClicks(dialog.findChild(QLineEdit, "initialRepeatEdit"), NEW_PASSWORD)
    qtbot.mouseClick(dialog.findChild(QPushButton, "createAccountButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, admin_page)

    assert dialog.isVisible()
    message = dialog.findChild(QLabel, "accountMessage")
    assert message.property("kind") == "error"
    assert "009999" in message.text()


def test_a_password_reset_warns_about_the_new_key_pair_and_issues_one(
    qtbot, admin_page, demo_store: StorePaths, clock, tmp_path
) -> None:
    from desktop.domain.roles import Role
    from desktop.services.administration.accounts import add_account

    admin = service_log_in(
        demo_store, "admin", ADMIN_PASSWORD, clock=clock, throttle=LoginThrottle(tmp_path / "t.json")
    )
    old = add_account(admin, login="jijian01", password="Old-pass-99231", roles=frozenset({Role.INSPECTOR}))
    admin.lock()
    accounts = admin_page.accounts
    accounts.reload()
    accounts.select("admin")
    assert not accounts.findChild(QPushButton, "resetPasswordButton").isEnabled()  # never one's own
    accounts.select("jijian01")

    qtbot.mouseClick(accounts.findChild(QPushButton, "resetPasswordButton"), Qt.MouseButton.LeftButton)
    dialog = accounts.findChild(ResetPasswordDialog)
    warning = dialog.findChild(QLabel, "resetWarning")
    assert warning.isVisible()
    assert "jijian01" in warning.text()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "resetPasswordEdit"), NEW_PASSWORD)
    qtbot.keyClicks(dialog.findChild(QLineEdit, "resetRepeatEdit"), NEW_PASSWORD)
    qtbot.mouseClick(dialog.findChild(QPushButton, "resetButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, admin_page)

    session = service_log_in(
        demo_store, "jijian01", NEW_PASSWORD, clock=clock, throttle=LoginThrottle(tmp_path / "t.json")
    )
    assert session.account.fingerprint != old.fingerprint
    session.lock()
    assert accounts.message.property("kind") == "success"


def test_a_campaign_is_created_with_the_official_commitment_prefilled(
    qtbot, admin_page, demo_store: StorePaths, clock, tmp_path
) -> None:
    tab = admin_page.campaigns
    admin_page.setCurrentWidget(tab)
    commitment = tab.findChild(QPlainTextEdit, "commitmentEdit")
    assert commitment.toPlainText() == default_commitment_text()
    qtbot.keyClicks(tab.findChild(QLineEdit, "campaignNameEdit"), "2026 declaration")
    tab.findChild(DateEdit, "campaignStartEdit").set_date(dt.date(2026, 11, 21))
    tab.findChild(DateEdit, "campaignDeadlineEdit").set_date(dt.date(2026, 12, 31))

    qtbot.mouseClick(tab.findChild(QPushButton, "createCampaignButton"), Qt.MouseButton.LeftButton)

    table = tab.findChild(QTableWidget, "campaignTable")
    assert table.rowCount() == 1
    # the dates as a person reads them in the window's language (Chinese here), not ISO
    assert [table.item(0, c).text() for c in range(3)] == ["2026 declaration", "2026年11月21日", "2026年12月31日"]
    session = service_log_in(
        demo_store, "admin", ADMIN_PASSWORD, clock=clock, throttle=LoginThrottle(tmp_path / "t.json")
    )
    [campaign] = list_campaigns(session)
    session.lock()
    assert campaign.commitment_version == DEFAULT_COMMITMENT_VERSION


def test_an_edited_commitment_is_kept_and_a_deadline_before_the_start_is_refused(
    qtbot, admin_page, demo_store: StorePaths
) -> None:
    tab = admin_page.campaigns
    qtbot.keyClicks(tab.findChild(QLineEdit, "campaignNameEdit"), "Spot check")
    tab.findChild(DateEdit, "campaignStartEdit").set_date(dt.date(2026, 12, 1))
    tab.findChild(DateEdit, "campaignDeadlineEdit").set_date(dt.date(2026, 11, 30))
    tab.findChild(QPlainTextEdit, "commitmentEdit").setPlainText("本人承诺：如实填报。")
    tab.submit()
    assert tab.message.property("kind") == "error"
    assert tab.findChild(QTableWidget, "campaignTable").rowCount() == 0

    tab.findChild(DateEdit, "campaignDeadlineEdit").set_date(dt.date(2026, 12, 31))
    tab.submit()
    assert tab.findChild(QTableWidget, "campaignTable").item(0, 3).text() == "custom"


def test_campaign_dates_are_shown_in_chinese_and_typed_or_picked_dates_are_stored_as_before(
    qtbot, admin_page, demo_store: StorePaths, clock, tmp_path
) -> None:
    tab = admin_page.campaigns
    admin_page.setCurrentWidget(tab)
    today = clock.now().date()
    start = tab.findChild(DateEdit, "campaignStartEdit")
    deadline = tab.findChild(DateEdit, "campaignDeadlineEdit")
    assert start.edit.text() == f"{today.year}年{today.month}月{today.day}日"
    assert deadline.edit.text() == "2026年12月21日"  # today + 30 days, in the window's form

    qtbot.keyClicks(tab.findChild(QLineEdit, "campaignNameEdit"), "2026 declaration")
    deadline.edit.clear()
    qtbot.keyClicks(deadline.edit, "2026/12/31")
    deadline.edit.editingFinished.emit()  # as when the focus leaves the field
    assert deadline.edit.text() == "2026年12月31日"
    qtbot.mouseClick(start.findChild(QToolButton, "calendarButton"), Qt.MouseButton.LeftButton)
    calendar = start.findChild(QCalendarWidget)
    qtbot.waitExposed(calendar)
    qtbot.keyClick(calendar.findChild(QTableView), Qt.Key.Key_Right)  # the day after the date shown
    qtbot.keyClick(calendar.findChild(QTableView), Qt.Key.Key_Return)
    assert start.edit.text() == "2026年11月22日"
    qtbot.mouseClick(tab.findChild(QPushButton, "createCampaignButton"), Qt.MouseButton.LeftButton)

    assert tab.message.property("kind") == "success", tab.message.text()
    session = service_log_in(
        demo_store, "admin", ADMIN_PASSWORD, clock=clock, throttle=LoginThrottle(tmp_path / "t.json")
    )
    [campaign] = list_campaigns(session)
    session.lock()
    assert (campaign.start_date, campaign.deadline) == (dt.date(2026, 11, 22), dt.date(2026, 12, 31))


def test_a_campaign_date_that_is_not_a_date_is_refused_in_one_sentence(qtbot, admin_page) -> None:
    tab = admin_page.campaigns
    qtbot.keyClicks(tab.findChild(QLineEdit, "campaignNameEdit"), "Spot check")
    deadline = tab.findChild(DateEdit, "campaignDeadlineEdit")
    deadline.edit.setText("2026-02-30")
    tab.submit()
    assert tab.message.property("kind") == "error"
    assert tab.message.text() == "请按 2026-03-15 或 2026年3月15日 的格式输入截止日期，或从日历中选择。"
    assert tab.findChild(QTableWidget, "campaignTable").rowCount() == 0
    assert deadline.edit.text() == "2026-02-30"  # kept, to be corrected


def test_a_backup_restores_into_an_empty_folder_and_opens_with_the_same_password(
    qtbot, admin_page, tmp_path, monkeypatch, open_main_window, demo_store: StorePaths
) -> None:
    target = tmp_path / "backups"
    target.mkdir()
    import_roster(qtbot, admin_page, fill_template(tmp_path / "roster.xlsx", GOOD_ROWS), monkeypatch)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(target))
    admin_page.setCurrentWidget(admin_page.backup)

    qtbot.mouseClick(admin_page.backup.findChild(QPushButton, "backupButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, admin_page)

    assert admin_page.backup.message.property("kind") == "success", admin_page.backup.message.text()
    [backup] = list(target.iterdir())
    assert sorted(p.name for p in backup.iterdir()) == ["declarations.db", "keys.json"]
    restored = tmp_path / "restored"
    restore_backup(backup, restored)
    window = open_main_window(
        AppPaths(restored, tmp_path / "config2" / "settings.json", tmp_path / "state2" / "throttle.json")
    )
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)
    assert window.session is not None
    page = window.workspace.findChild(AdminPage, "adminPage")
    assert unit_codes(page.units.findChild(QTreeWidget, "unitTree")) == {"220402", "22040201", "22040202"}
