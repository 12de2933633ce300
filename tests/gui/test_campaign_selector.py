"""Several campaigns open at once (an annual one and a supplementary 补充登记): every page says which campaign it is
about, opens on the one the person most needs, and switches at a click; creating a campaign while another is open
asks first. The reproduction of issue 13, defect 1: an overlapping campaign hid the head's waiting declarations and
the officer's returned declaration."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QPushButton, QTableWidget

from desktop.domain.declarations import DeclarationStatus
from desktop.gui.head.page import HeadPage
from desktop.gui.widgets.campaign_selector import CampaignSelector
from desktop.gui.widgets.date_edit import DateEdit
from desktop.services.administration.campaigns import create_campaign, list_campaigns
from desktop.services.session.login import log_in as service_log_in
from desktop.services.session.throttle import LoginThrottle
from desktop.services.workflow.countersigning import return_declaration
from desktop.services.workflow.declaring import save_draft, sign
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD
from tests.gui import test_head_fixtures as support
from tests.gui.conftest import log_in
from tests.gui.officer_fixtures import open_page, type_into
from tests.gui.test_head_fixtures import ReviewWorld, show
from tests.services.workflow.support import World, build_world, clean_declaration

review_template, review_world, page_context = support.review_template, support.review_world, support.page_context

SUPPLEMENTARY = "2026年度补充登记"


def choose(qtbot, selector: CampaignSelector, name: str) -> None:
    """Pick the campaign named ``name`` as a person does: focus the list and step to it with the arrow keys."""
    combo = selector.findChild(QComboBox, "campaignCombo")
    assert combo.isEnabled()
    target = next(i for i in range(combo.count()) if combo.itemText(i).startswith(name))
    combo.setFocus()
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)


def shown_campaign(selector: CampaignSelector) -> str:
    return selector.findChild(QComboBox, "campaignCombo").currentText()


# -- the officer -----------------------------------------------------------------------------------------------


def test_an_officer_whose_declaration_was_returned_still_sees_it_when_a_new_campaign_opens(
    qtbot, admin_session, add_user, paths, clock, throttle
):
    world: World = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1"))
    try:
        officer = world["o1"]
        with officer.store.transaction() as connection:
            from desktop.store.repositories.officers import get_officer

            me = get_officer(connection, world.number("o1"))
        save_draft(officer, clean_declaration(me))
        sign(officer, USER_PASSWORD)
        reason = "请补充配偶经营的宾馆。"
        return_declaration(world["hB"], world.number("o1"), reason)
        create_campaign(admin_session, name=SUPPLEMENTARY, deadline=dt.date(2026, 12, 20))

        page = open_page(qtbot, world)
        selector = page.findChild(CampaignSelector, "campaignSelector")
        assert selector is not None
        assert selector.isVisible()
        assert shown_campaign(selector).startswith(world.campaign.name)
        assert page.state.campaign.id == world.campaign.id
        assert page.state.status is DeclarationStatus.RETURNED
        assert page.banner.return_reason.isVisible()
        assert reason in page.banner.return_reason.text()

        choose(qtbot, selector, SUPPLEMENTARY)
        assert page.state.campaign.name == SUPPLEMENTARY
        assert SUPPLEMENTARY in page.banner.campaign.text()
        assert not page.banner.return_reason.isVisible()

        choose(qtbot, selector, world.campaign.name)
        assert page.state.campaign.id == world.campaign.id
        assert reason in page.banner.return_reason.text()
    finally:
        world.close()


# -- the unit head ---------------------------------------------------------------------------------------------


def test_a_head_keeps_the_waiting_countersignatures_when_an_overlapping_campaign_is_created(
    qtbot, review_world: ReviewWorld, page_context
):
    admin = review_world.login("admin")
    annual = list_campaigns(admin)[0]  # the newest: the demo also has last year's
    create_campaign(admin, name=SUPPLEMENTARY, deadline=annual.deadline + dt.timedelta(days=10))

    page = HeadPage(page_context(review_world.login(review_world.head)))
    show(qtbot, page)
    selector = page.findChild(CampaignSelector, "campaignSelector")
    assert selector is not None
    assert selector.isVisible()
    assert shown_campaign(selector).startswith(annual.name)
    waiting = {
        page.model.item(row).officer.police_number
        for row in range(page.model.rowCount())
        if page.model.item(row).status == "signed"
    }
    assert waiting == set(review_world.template.waiting)
    assert page.strip.campaign.text() == annual.name

    choose(qtbot, selector, SUPPLEMENTARY)
    qtbot.waitUntil(lambda: not page.loading, timeout=15_000)
    assert page.strip.campaign.text() == SUPPLEMENTARY
    assert {page.model.item(row).status for row in range(page.model.rowCount())} == {"not_started"}

    choose(qtbot, selector, annual.name)
    qtbot.waitUntil(lambda: not page.loading, timeout=15_000)
    assert page.strip.campaign.text() == annual.name
    assert sum(page.model.item(row).status == "signed" for row in range(page.model.rowCount())) == len(waiting)


# -- the administrator -----------------------------------------------------------------------------------------


def _fill_new_campaign(qtbot, tab, name: str) -> None:
    type_into(qtbot, tab.findChild(QLineEdit, "campaignNameEdit"), name)
    tab.findChild(DateEdit, "campaignStartEdit").set_date(dt.date(2026, 11, 21))
    tab.findChild(DateEdit, "campaignDeadlineEdit").set_date(dt.date(2026, 12, 31))
    qtbot.mouseClick(tab.findChild(QPushButton, "createCampaignButton"), Qt.MouseButton.LeftButton)


def test_creating_a_campaign_while_another_is_open_asks_first(
    qtbot, open_main_window, app_paths, demo_store, clock, tmp_path
):
    from desktop.gui.admin.page import AdminPage

    window = open_main_window(app_paths)
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)
    page = window.workspace.findChild(AdminPage, "adminPage")
    tab = page.campaigns
    page.setCurrentWidget(tab)
    _fill_new_campaign(qtbot, tab, "2026年度专项登记")
    assert tab.findChild(QMessageBox, "confirmNewCampaign") is None  # nothing open yet: no question
    table = tab.findChild(QTableWidget, "campaignTable")
    assert table.rowCount() == 1

    _fill_new_campaign(qtbot, tab, SUPPLEMENTARY)
    box = tab.findChild(QMessageBox, "confirmNewCampaign")
    assert box is not None
    assert "2026年度专项登记" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert table.rowCount() == 1

    qtbot.mouseClick(tab.findChild(QPushButton, "createCampaignButton"), Qt.MouseButton.LeftButton)
    box = tab.findChild(QMessageBox, "confirmNewCampaign")
    assert box is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert table.rowCount() == 2
    session = service_log_in(demo_store, "admin", ADMIN_PASSWORD, clock=clock, throttle=LoginThrottle(tmp_path / "t"))
    assert {c.name for c in list_campaigns(session)} == {"2026年度专项登记", SUPPLEMENTARY}
    session.lock()
