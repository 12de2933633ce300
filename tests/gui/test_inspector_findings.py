"""The inspectors' Findings tab over the demo store with the inspectors' part played: the findings listed and
filtered, one declaration's rules, a conclusion recorded through the service (and its lead listed), the charts
painted, and a waiting key trusted."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from desktop.gui.inspector.findings.data import RULE, SCORE
from desktop.gui.inspector.findings.tab import FindingsTab
from desktop.gui.inspector.page import InspectorPage
from desktop.services.clock import FixedClock
from desktop.services.conclusions import conclusions, list_leads
from desktop.services.login import log_in
from desktop.services.session import Session
from desktop.services.throttle import LoginThrottle
from desktop.services.trust import list_head_keys
from desktop.store.store import StorePaths
from tests.gui.test_head_fixtures import chinese, page_context  # noqa: F401  (fixtures)

PASSWORD = "demo-pass-3391"
INSPECTOR = "jijian01"
SCREENSHOT_NAME = "inspector_findings.png"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(scope="module")
def reviewed_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    from desktop.services.demo import create_demo_store

    root = tmp_path_factory.mktemp("findings-demo")
    clock = FixedClock(dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC))
    with pytest.MonkeyPatch.context() as patch:
        for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(name, str(root / "home" / name.lower()))
        demo = create_demo_store(StorePaths(root / "store"), officer_count=30, seed=2026, clock=clock,
                                 password=PASSWORD, inspectors=True)
    return root / "store", demo


@pytest.fixture
def inspector(reviewed_store, tmp_path: Path):
    folder = Path(shutil.copytree(reviewed_store[0], tmp_path / "store"))
    session = log_in(StorePaths(folder), INSPECTOR, PASSWORD,
                     clock=FixedClock(dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC)),
                     throttle=LoginThrottle(tmp_path / "throttle.json"))
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
    qtbot.waitUntil(lambda: tab.leads.topLevelItemCount() == 1, timeout=60_000)
    wait_idle(qtbot, tab)
    with inspector.store.transaction() as connection:
        campaign = list_leads(connection)[0].campaign_id
        recorded = conclusions(connection, campaign)
    assert [(c.kind, c.note, c.inspector) for c in recorded] == [("lead", "辖区内宾馆由配偶经营，移交线索", INSPECTOR)]
    assert reference in (recorded[0].declaration_id, recorded[0].police_number)
    assert tab.leads.topLevelItem(0).text(3) == "待核查"
    assert "辖区内宾馆由配偶经营" in tab.detail.conclusion_label.text()


def test_charts_paint(qtbot, findings_tab) -> None:
    _page, tab = findings_tab
    tab.lower.setCurrentIndex(2)
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
    tab.lower.setCurrentIndex(1)
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


def test_screenshot(qtbot, chinese, findings_tab, tmp_path) -> None:  # noqa: F811
    """Renders the tab; into docs/screenshots only when OFFICER_DECLARE_SCREENSHOTS names that folder."""
    page, tab = findings_tab
    tab.rule_filter.setCurrentIndex(tab.rule_filter.findData("own_jurisdiction"))
    tab.table.selectRow(0)
    tab.lower.setCurrentIndex(2)
    qtbot.wait(50)
    folder = Path(os.environ.get("OFFICER_DECLARE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert page.grab().save(str(folder / SCREENSHOT_NAME))
