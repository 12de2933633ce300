"""The inspectors' Findings tab over the demo store with the inspectors' part played: the findings listed and
filtered, one declaration's rules, a conclusion recorded through the service (and its lead listed), the charts
painted, a waiting key trusted, a lead's state changed, the automatic-clearing threshold set, and the verification
report written to the file chosen."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog

from desktop.gui.inspector.findings.data import CLEARED, RULE, SCORE, SUBJECT
from desktop.gui.inspector.findings.tab import FindingsTab
from desktop.gui.inspector.page import InspectorPage
from desktop.services.clock import FixedClock
from desktop.services.inspection.conclusions import conclude, conclusions, list_leads
from desktop.services.inspection.current import stored_threshold
from desktop.services.inspection.review import run_review
from desktop.services.inspection.trust import list_head_keys
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.services.session.throttle import LoginThrottle
from desktop.store.store import StorePaths
from tests.gui.test_head_fixtures import chinese, page_context  # noqa: F401  (fixtures)

PASSWORD = "demo-pass-3391"
INSPECTOR = "jijian01"
SCREENSHOT_NAME = "inspector_findings.png"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(scope="module")
def reviewed_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    from desktop.services.demo.store import create_demo_store

    root = tmp_path_factory.mktemp("findings-demo")
    clock = FixedClock(dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC))
    with pytest.MonkeyPatch.context() as patch:
        for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(name, str(root / "home" / name.lower()))
        demo = create_demo_store(
            StorePaths(root / "store"), officer_count=30, seed=2026, clock=clock, password=PASSWORD, inspectors=True
        )
    return root / "store", demo


@pytest.fixture
def inspector(reviewed_store, tmp_path: Path):
    folder = Path(shutil.copytree(reviewed_store[0], tmp_path / "store"))
    session = log_in(
        StorePaths(folder),
        INSPECTOR,
        PASSWORD,
        clock=FixedClock(dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC)),
        throttle=LoginThrottle(tmp_path / "throttle.json"),
    )
    yield session
    session.lock()


@pytest.fixture
def findings_tab(qtbot, inspector: Session, page_context) -> tuple[InspectorPage, FindingsTab]:  # noqa: F811
    page = InspectorPage(page_context(inspector))
    qtbot.addWidget(page)
    page.resize(1280, 820)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    page.tabs.setCurrentWidget(page.findings)
    tab = page.findings
    qtbot.waitUntil(lambda: tab.data is not None and not tab.loading, timeout=60_000)
    return page, tab


def wait_idle(qtbot, tab: FindingsTab) -> None:
    qtbot.waitUntil(lambda: not tab.loading, timeout=60_000)


def test_findings_listed_filtered_and_opened(qtbot, findings_tab) -> None:
    _page, tab = findings_tab
    assert tab.model.rowCount() == tab.model.total > 0
    rules = {tab.model.row(r)[RULE] for r in range(tab.model.rowCount())}
    assert {"regulated_trade", "self_countersigned", "key_changed"} <= rules
    scores = [tab.model.row(r)[SCORE] for r in range(tab.model.rowCount())]
    assert scores == sorted(scores, reverse=True)  # sorted in the model, highest first

    tab.rule_filter.setCurrentIndex(tab.rule_filter.findData("regulated_trade"))
    shown = [tab.model.row(r) for r in range(tab.model.rowCount())]
    assert shown
    assert all(row[RULE] == "regulated_trade" for row in shown)
    tab.rule_filter.setCurrentIndex(0)
    tab.score_filter.setValue(100)
    shown = [tab.model.row(r) for r in range(tab.model.rowCount())]
    assert shown
    assert all(row[SCORE] >= 100 for row in shown)
    assert tab.model.rowCount() < tab.model.total
    tab.score_filter.setValue(0)

    tab.rule_filter.setCurrentIndex(tab.rule_filter.findData("own_jurisdiction"))
    tab.table.selectRow(0)
    detail = tab.detail.detail
    assert detail is not None
    fired = [tab.detail.rules.topLevelItem(i).text(0) for i in range(tab.detail.rules.topLevelItemCount())]
    assert "在本人辖区内经商办企业" in fired
    assert len(fired) >= 2
    assert all(tab.detail.rules.topLevelItem(i).text(2) for i in range(len(fired)))  # the reason for each
    assert str(detail.score) in tab.detail.score_label.text()
    assert tab.detail.verification_label.text()


def test_conclusion_recorded_and_lead_listed(qtbot, findings_tab, inspector: Session) -> None:
    _page, tab = findings_tab
    tab.rule_filter.setCurrentIndex(tab.rule_filter.findData("shared_enterprise"))
    tab.table.selectRow(0)
    reference = tab.detail.detail.reference
    tab.detail.kind.setCurrentIndex(tab.detail.kind.findData("lead"))
    tab.detail.note.setPlainText("辖区内宾馆由配偶经营，移交线索")
    qtbot.mouseClick(tab.detail.conclude_button, LEFT)
    qtbot.waitUntil(lambda: tab.leads.tree.topLevelItemCount() == 1, timeout=60_000)
    wait_idle(qtbot, tab)
    with inspector.store.transaction() as connection:
        campaign = list_leads(connection)[0].campaign_id
        recorded = conclusions(connection, campaign)
    assert [(c.kind, c.note, c.inspector) for c in recorded] == [("lead", "辖区内宾馆由配偶经营，移交线索", INSPECTOR)]
    assert reference in (recorded[0].declaration_id, recorded[0].police_number)
    assert tab.leads.tree.topLevelItem(0).text(3) == "待核查"
    assert "辖区内宾馆由配偶经营" in tab.detail.conclusion_label.text()
    # When it was concluded, as a person reads it (local, Chinese form), not the stored '2027-01-20T09:00:00Z'.
    assert "2027年1月20日" in tab.detail.conclusion_label.text()
    assert "T09:00:00Z" not in tab.detail.conclusion_label.text()
    lead_texts = [tab.leads.tree.topLevelItem(0).text(c) for c in range(tab.leads.tree.columnCount())]
    assert any("2027年1月20日" in text for text in lead_texts)
    assert not any(text.endswith("Z") and "T" in text for text in lead_texts)


def test_the_tab_keeps_qts_lower_method(findings_tab) -> None:
    _page, tab = findings_tab
    tab.lower()  # QWidget.lower(), not shadowed by an attribute holding the lower tabs
    assert tab.lower_tabs.count() == 3


def test_charts_paint(qtbot, findings_tab) -> None:
    _page, tab = findings_tab
    tab.lower_tabs.setCurrentIndex(2)
    assert tab.unit_chart.bars
    assert tab.trade_chart.bars
    assert any(highlighted for _label, _value, highlighted in tab.trade_chart.bars)
    for chart in (tab.unit_chart, tab.trade_chart):
        image = chart.grab().toImage()
        assert isinstance(image, QImage)
        assert not image.isNull()
        assert image.width() > 0
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 5)}
        assert len(colours) > 2  # more than the white background


def test_trusting_a_key_moves_it_out_of_the_waiting_list(qtbot, findings_tab, inspector: Session) -> None:
    _page, tab = findings_tab
    tab.lower_tabs.setCurrentIndex(1)
    waiting = tab.keys.fingerprints()
    assert waiting
    assert tab.keys.warning.isVisible()  # the demo's head whose password was reset: a changed key
    tab.keys.tree.setCurrentItem(tab.keys.tree.topLevelItem(0))
    fingerprint = waiting[0]
    if tab.keys.in_person.isVisible():
        tab.keys.in_person.setChecked(True)
    tab.keys.note.setText("电话核对")
    qtbot.mouseClick(tab.keys.trust_button, LEFT)
    qtbot.waitUntil(lambda: fingerprint not in tab.keys.fingerprints(), timeout=60_000)
    wait_idle(qtbot, tab)
    assert {k.fingerprint for k in list_head_keys(inspector) if k.trusted} >= {fingerprint}


def declared_references(tab: FindingsTab, count: int) -> list[str]:
    """``count`` different imported declarations of the review, flagged ones first (their references for
    conclude()). A declaration imported twice (the demo's unit whose workbook arrives twice) is two subjects with one
    reference: it is named once."""
    assert tab.data is not None
    found = sorted((d for d in tab.data.details.values() if d.verification), key=lambda d: (d.cleared, d.reference))
    references = list(dict.fromkeys(d.reference for d in found))
    assert len(references) >= count
    return references[:count]


def test_two_references_name_two_declarations(findings_tab) -> None:
    """The demo imports one unit's workbook twice: a declaration of it is two rows (two subjects) with one reference.
    Asked for two references, declared_references() names two declarations even when that one sorts first (as it
    does whenever its random id is the smallest of the flagged): concluding the same declaration twice, the report
    rightly shows only the latest conclusion for it."""
    _page, tab = findings_tab
    assert tab.data is not None
    shown = [d for d in tab.data.details.values() if d.verification]
    held_twice = next(r for r, n in Counter(d.reference for d in shown).items() if n > 1)
    # that declaration's rows flagged, every other cleared: it sorts first
    details = {d.subject: dataclasses.replace(d, cleared=d.reference != held_twice) for d in shown}
    tab.data = dataclasses.replace(tab.data, details=details)
    first, second = declared_references(tab, 2)
    assert first == held_twice
    assert second != first


def reload_and_wait(qtbot, tab: FindingsTab) -> None:
    tab.data = None
    tab.reload()
    qtbot.waitUntil(lambda: tab.data is not None and not tab.loading, timeout=60_000)


def test_changing_a_leads_state_is_stored_and_shown(qtbot, findings_tab, inspector: Session) -> None:
    _page, tab = findings_tab
    [reference] = declared_references(tab, 1)
    conclude(inspector, reference, "lead", "辖区内宾馆由配偶经营，移交线索")
    reload_and_wait(qtbot, tab)
    tab.lower_tabs.setCurrentIndex(0)
    leads = tab.leads
    assert leads.tree.topLevelItemCount() == 1
    assert not leads.update_button.isEnabled()  # nothing selected yet
    # the states the service allows, in their Chinese names
    assert [leads.state.itemText(i) for i in range(leads.state.count())] == ["待核查", "核查中", "已办结"]

    leads.tree.setCurrentItem(leads.tree.topLevelItem(0))
    assert leads.update_button.isEnabled()
    assert leads.state.currentData() == "open"
    leads.state.setCurrentIndex(leads.state.findData("in_progress"))
    leads.note.setText("已约谈本人，待市场监管部门回复")
    qtbot.mouseClick(leads.update_button, LEFT)
    qtbot.waitUntil(
        lambda: leads.tree.topLevelItemCount() == 1 and leads.tree.topLevelItem(0).text(3) == "核查中", timeout=60_000
    )
    wait_idle(qtbot, tab)
    with inspector.store.transaction() as connection:
        [lead] = list_leads(connection)
    assert (lead.state, lead.note, lead.updated_by) == ("in_progress", "已约谈本人，待市场监管部门回复", INSPECTOR)
    item = leads.tree.topLevelItem(0)
    assert (item.text(0), item.text(4), item.text(6)) == (str(lead.id), INSPECTOR, lead.note)
    assert leads.selected_lead() == lead.id  # still selected after the refresh, the form ready for the next step
    assert leads.state.currentData() == "in_progress"
    assert leads.note.text() == ""

    leads.state.setCurrentIndex(leads.state.findData("closed"))  # without a note: the last note stays
    qtbot.mouseClick(leads.update_button, LEFT)
    qtbot.waitUntil(lambda: leads.tree.topLevelItem(0).text(3) == "已办结", timeout=60_000)
    wait_idle(qtbot, tab)
    with inspector.store.transaction() as connection:
        [lead] = list_leads(connection)
    assert (lead.state, lead.note) == ("closed", "已约谈本人，待市场监管部门回复")


def test_threshold_changes_which_declarations_are_cleared(
    qtbot,
    chinese,  # noqa: F811
    findings_tab,
    inspector: Session,
) -> None:
    _page, tab = findings_tab
    assert tab.data is not None
    bar = tab.threshold
    assert bar.spin.value() == tab.data.threshold == 20
    assert not bar.apply_button.isEnabled()  # nothing to apply yet
    assert bar.explanation.text()

    def cleared() -> set[str]:
        assert tab.data is not None
        return {row[SUBJECT] for row in tab.data.rows if row[CLEARED]}

    before = cleared()
    between = {row[SUBJECT] for row in tab.data.rows if 20 <= row[SCORE] < 60}
    assert between
    assert not between & before
    bar.spin.setValue(60)
    assert bar.apply_button.isEnabled()
    qtbot.mouseClick(bar.apply_button, LEFT)
    qtbot.waitUntil(lambda: tab.data is not None and tab.data.threshold == 60, timeout=60_000)
    wait_idle(qtbot, tab)
    with inspector.store.transaction() as connection:
        assert stored_threshold(connection) == 60
    assert cleared() == before | between
    assert all(row[CLEARED] == (row[SCORE] < 60) for row in tab.data.rows)
    assert "阈值 60" in tab.message.text()
    assert bar.spin.value() == 60
    assert not bar.apply_button.isEnabled()

    subject = next(iter(between))  # listed as cleared now: green, and the detail says why
    tab.text_filter.clear()
    assert tab.select_subject(subject)
    assert tab.detail.detail is not None
    assert tab.detail.detail.cleared
    assert "自动通过" in tab.detail.score_label.text()
    row = tab.table.currentIndex().row()
    assert tab.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) == QColor("#1b6e2a")


def test_report_written_to_the_file_chosen(
    qtbot,
    chinese,  # noqa: F811
    findings_tab,
    inspector: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _page, tab = findings_tab
    first, second = declared_references(tab, 2)
    conclude(inspector, first, "needs_checking", "需向市场监管部门核实")
    conclude(inspector, second, "truthful", "经核实如实填报")
    reload_and_wait(qtbot, tab)
    assert tab.report_button.isEnabled()
    asked: dict[str, str] = {}
    target = tmp_path / "reports" / "核查报告"  # without .xlsx: the tab adds it
    target.parent.mkdir()

    def answer(_parent: object, caption: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.update(caption=caption, suggested=suggested, filters=filters)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    qtbot.mouseClick(tab.report_button, LEFT)
    written = tmp_path / "reports" / "核查报告.xlsx"
    qtbot.waitUntil(lambda: tab.message.property("kind") == "success", timeout=60_000)
    wait_idle(qtbot, tab)
    assert Path(asked["suggested"]).name == f"核查报告-{tab.data.campaign}.xlsx"
    assert asked["caption"] == "导出核查报告"
    assert str(written) in tab.message.text()
    assert "核查结论 2 条" in tab.message.text()

    with inspector.store.transaction() as connection:
        recorded = conclusions(connection, tab.data.campaign_id)
    workbook = openpyxl.load_workbook(written, read_only=True)
    try:
        assert {"核查概况", "核查发现", "风险评分", "核查结论", "问题线索"} <= set(workbook.sheetnames)
        heading, *rows = list(workbook["核查结论"].iter_rows(values_only=True))
        assert heading[2:7] == ("警号", "单位代码", "登记表编号", "核查结论", "说明")
        assert [(r[2], r[4], r[5], r[6]) for r in rows] == [
            (c.police_number, c.declaration_id, kind, c.note)
            for c, kind in zip(recorded, ("需核实", "如实填报"), strict=True)
        ]
        _heading, *scores = list(workbook["风险评分"].iter_rows(values_only=True))
        # every declaration (and missing officer) of the campaign; the tab's details hold only those a rule fired for
        assert len(scores) == len(run_review(inspector).review.scores) > len(tab.data.details)
        by_declaration = {r[5]: r[8] for r in scores}
        assert [by_declaration[c.declaration_id] for c in recorded] == ["需核实", "如实填报"]
    finally:
        workbook.close()


def test_report_into_a_missing_folder_shows_the_error(
    qtbot, findings_tab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _page, tab = findings_tab
    target = tmp_path / "no-such-folder" / "report.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    qtbot.mouseClick(tab.report_button, LEFT)
    qtbot.waitUntil(lambda: tab.message.property("kind") == "error", timeout=60_000)
    wait_idle(qtbot, tab)
    assert str(target) in tab.message.text()
    assert not target.exists()
    assert tab.report_button.isEnabled()


def test_screenshot(qtbot, chinese, findings_tab, tmp_path) -> None:  # noqa: F811
    """Renders the tab; into docs/screenshots only when OFFICER_DECLARE_SCREENSHOTS names that folder."""
    page, tab = findings_tab
    tab.rule_filter.setCurrentIndex(tab.rule_filter.findData("own_jurisdiction"))
    tab.table.selectRow(0)
    tab.lower_tabs.setCurrentIndex(2)
    qtbot.wait(50)
    folder = Path(os.environ.get("OFFICER_DECLARE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert page.grab().save(str(folder / SCREENSHOT_NAME))


def test_the_findings_say_which_imported_campaign_they_are_about_and_switch_to_another(qtbot, findings_tab) -> None:
    from PySide6.QtWidgets import QComboBox

    from desktop.gui.widgets.campaign_selector import CampaignSelector

    _page, tab = findings_tab
    selector = tab.findChild(CampaignSelector, "campaignSelector")
    assert selector is not None
    assert selector.isVisible()
    combo = selector.findChild(QComboBox, "campaignCombo")
    assert combo.count() == 2  # the demo's inspectors imported last year's workbooks too
    newest = tab.data.campaign
    assert combo.currentText().startswith(newest)
    other = 1 - combo.currentIndex()
    other_name = combo.itemText(other)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down if other > combo.currentIndex() else Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: tab.data.campaign != newest and not tab.loading, timeout=60_000)
    assert other_name.startswith(tab.data.campaign)
    assert combo.currentIndex() == other
