"""The inspectors' Registers tab: the demo's extracts listed with dates and counts, an extract imported (a mapped
list through the column dialog) and removed, the findings reloaded; and the register rows shown under each
cross-check finding in the Findings tab."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.gui.inspector.page import InspectorPage
from desktop.gui.inspector.registers_mapping import MappingDialog
from tests.exchange.registers.support import licence_rows, write_csv, write_xlsx
from tests.gui.test_head_fixtures import chinese, page_context  # noqa: F401  (fixtures)
from tests.gui.test_inspector_findings import findings_tab, inspector, reviewed_store  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _settled(qtbot, findings_tab):  # noqa: F811
    """After each test, wait for the work the tab started (an import's findings reload) before the page goes:
    a review still running when the session is locked would use a closed database."""
    yield
    page, _findings = findings_tab
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=120_000)


def _tab(qtbot, findings_tab):  # noqa: F811
    page, _findings = findings_tab
    assert isinstance(page, InspectorPage)
    page.tabs.setCurrentWidget(page.registers)
    tab = page.registers
    qtbot.waitUntil(lambda: not tab.busy and tab.table.rowCount() == 3, timeout=30_000)
    return page, tab


def test_the_demo_registers_are_listed_with_dates_and_counts(qtbot, findings_tab):  # noqa: F811
    _page, tab = _tab(qtbot, findings_tab)
    files = {tab.table.item(row, 1).text() for row in range(3)}
    assert files == {"市场监管-企业登记.xlsx", "特种行业许可证.csv", "个体工商户名单.csv"}
    assert all(tab.table.item(row, 3).text() for row in range(3))  # the import time
    assert all(int(tab.table.item(row, 5).text()) > 0 for row in range(3))
    assert tab.mapping.findData("演示个体户名单") > 0  # the remembered mapping is offered


def test_import_through_a_mapping_then_remove(qtbot, findings_tab, tmp_path, monkeypatch):  # noqa: F811
    _page, tab = _tab(qtbot, findings_tab)
    rows = [["单位", "人员", "证件"], ["清河市某某网吧", "赵六", "220402198001010110"]]
    path = write_csv(tmp_path / "名单.csv", rows)

    def accept(dialog: MappingDialog) -> int:  # the inspector's answers in the dialog
        for heading, field in (("单位", "enterprise_name"), ("人员", "person_name"), ("证件", "person_id")):
            combo = dialog.combos[heading]
            combo.setCurrentIndex(combo.findData(field))
        dialog.name_edit.setText("某市名单")
        return MappingDialog.DialogCode.Accepted

    monkeypatch.setattr(MappingDialog, "exec", accept)
    tab.kind.setCurrentIndex(tab.kind.findData("other"))
    tab.mapping.setCurrentIndex(0)
    with qtbot.waitSignal(tab.changed, timeout=30_000):
        assert tab.start_import(path)
    qtbot.waitUntil(lambda: not tab.busy and tab.table.rowCount() == 4, timeout=30_000)
    assert tab.mapping.findData("某市名单") > 0
    row = next(r for r in range(4) if tab.table.item(r, 1).text() == "名单.csv")
    tab.table.selectRow(row)
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(tab.changed, timeout=30_000):
        tab.remove_selected()
    qtbot.waitUntil(lambda: not tab.busy and tab.table.rowCount() == 3, timeout=30_000)


def test_a_bad_file_is_one_clear_message_and_nothing_changes(qtbot, findings_tab, tmp_path):  # noqa: F811
    _page, tab = _tab(qtbot, findings_tab)
    rows = licence_rows()
    rows[1][7] = "12345"
    tab.kind.setCurrentIndex(tab.kind.findData("licence"))
    tab.mapping.setCurrentIndex(0)
    assert tab.start_import(write_xlsx(tmp_path / "bad.xlsx", rows))
    qtbot.waitUntil(lambda: not tab.busy, timeout=30_000)
    assert "bad.xlsx" in tab.message.text()
    assert tab.table.rowCount() == 3


def test_a_cut_off_csv_is_one_chinese_sentence_naming_the_line_and_nothing_changes(
    qtbot,
    findings_tab,  # noqa: F811
    tmp_path,
) -> None:
    from tests.exchange.registers.test_register_reader import cut_off

    _page, tab = _tab(qtbot, findings_tab)
    rows = licence_rows()
    tab.kind.setCurrentIndex(tab.kind.findData("licence"))
    tab.mapping.setCurrentIndex(0)
    assert tab.start_import(cut_off(write_csv(tmp_path / "cut.csv", rows), cells=len(rows[0]) - 2))
    qtbot.waitUntil(lambda: not tab.busy, timeout=30_000)
    assert tab.message.property("kind") == "error"
    assert tab.message.text() == (
        f"文件 cut.csv 在第 2 行中途结束：该行只有标题行 {len(rows[0])} 个单元格中的 {len(rows[0]) - 2} 个，其后也没有"
        "换行，说明文件不完整（复制或下载中断）；请重新复制或导出该数据。"
    )
    assert tab.table.rowCount() == 3


def test_each_cross_check_finding_shows_its_register_rows(qtbot, findings_tab):  # noqa: F811
    _page, findings = findings_tab
    findings.rule_filter.setCurrentIndex(findings.rule_filter.findData("register_undeclared"))
    findings.table.selectRow(0)
    rules = findings.detail.rules
    found = [rules.topLevelItem(i) for i in range(rules.topLevelItemCount())]
    register = [item for item in found if item.childCount()]
    assert register
    evidence = register[0].child(0).text(2)
    assert ".xlsx" in evidence or ".csv" in evidence
    assert register[0].isExpanded()


def test_an_import_shows_its_progress_and_cancel_keeps_nothing(qtbot, findings_tab, tmp_path, monkeypatch):  # noqa: F811
    import threading

    from desktop.exchange.registers import parallel
    from desktop.services.inspection import registers
    from tests.services.inspection.test_register_import_parallel import many_rows, readers

    _page, tab = _tab(qtbot, findings_tab)
    monkeypatch.setattr(parallel, "BATCH_ROWS", 10)
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 0)  # read in a second process, as a large file is
    cancelled, stored = threading.Event(), []
    real_insert = registers.insert_tuples

    def insert_then_wait(*args, **kwargs):  # the real insert; after the first batch, wait for the person's Cancel
        real_insert(*args, **kwargs)
        stored.append(1)
        if len(stored) == 2:
            cancelled.wait(30)

    monkeypatch.setattr(registers, "insert_tuples", insert_then_wait)
    tab.kind.setCurrentIndex(tab.kind.findData("enterprise"))
    tab.mapping.setCurrentIndex(0)
    assert tab.start_import(write_csv(tmp_path / "大名单.csv", many_rows(200)))
    assert not tab.progress.isHidden()
    assert not tab.cancel_button.isHidden()
    qtbot.waitUntil(lambda: len(stored) == 2, timeout=30_000)
    tab.cancel_button.click()
    cancelled.set()
    qtbot.waitUntil(lambda: not tab.busy, timeout=30_000)
    assert tab.progress.isHidden()
    assert tab.cancel_button.isHidden()
    assert "nothing" in tab.message.text() or "未保存" in tab.message.text()
    assert readers() == []  # the reading process was stopped
    tab.reload()
    qtbot.waitUntil(lambda: not tab.busy, timeout=30_000)
    assert tab.table.rowCount() == 3  # nothing of the cancelled file was kept


def test_a_finished_import_fills_the_bar_and_hides_it(qtbot, findings_tab, tmp_path, monkeypatch):  # noqa: F811
    from desktop.exchange.registers import parallel
    from tests.services.inspection.test_register_import_parallel import many_rows

    _page, tab = _tab(qtbot, findings_tab)
    monkeypatch.setattr(parallel, "BATCH_ROWS", 10)
    values: list[int] = []
    monkeypatch.setattr(tab.progress, "setValue", lambda value: values.append(value))
    tab.kind.setCurrentIndex(tab.kind.findData("enterprise"))
    tab.mapping.setCurrentIndex(0)
    with qtbot.waitSignal(tab.changed, timeout=30_000):
        assert tab.start_import(write_csv(tmp_path / "名单二.csv", many_rows(60)))
    qtbot.waitUntil(lambda: not tab.busy and tab.table.rowCount() == 4, timeout=30_000)
    assert values[-1] == 1000
    assert values == sorted(values)
    assert tab.progress.isHidden()
