"""The unit head's page over a real demo store: the queue with states and risk badges, completeness and the deadline,
the full read-only view, returning with a reason, countersigning with the password (off the GUI thread, refusals
shown translated), and the unit's export with a file password."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTextBrowser

from desktop.domain.declarations import DeclarationStatus
from desktop.exchange.workbook.reader import read_workbook
from desktop.gui.head.declaration_view import DeclarationView
from desktop.gui.head.page import HeadPage
from desktop.gui.head.queue_model import NAME, RISKS, RISKS_ROLE, STATUS
from desktop.gui.head.review_dialogs import CountersignDialog, ReturnDialog
from desktop.i18n import Translator
from desktop.services.administration.campaigns import resolve_campaign
from desktop.services.errors import WrongSigningPassword
from desktop.services.workflow import countersigning, declaring
from desktop.services.workflow.completeness import completeness
from desktop.services.workflow.export import export_unit
from desktop.services.workflow.export_limits import PastTheFormsLimits
from desktop.store.repositories import declarations as repo
from tests.gui import test_head_fixtures as support
from tests.gui.test_head_fixtures import PASSWORD, ReviewWorld, show
from tests.services.workflow.limits_support import sign_with, without_the_limits

review_template, review_world, page_context = support.review_template, support.review_world, support.page_context

LEFT = Qt.MouseButton.LeftButton
ZH = Translator("zh_CN")
REASON = "配偶经营的宾馆未填写统一社会信用代码，请补充后重新签字。"
OPINION = "经核对，填报内容属实。"


@pytest.fixture
def head_page(qtbot, review_world: ReviewWorld, page_context) -> HeadPage:
    page = HeadPage(page_context(review_world.login(review_world.head)))
    show(qtbot, page)
    return page


def status_of(world: ReviewWorld, police_number: str) -> DeclarationStatus:
    """The state of the officer's newest declaration in the current campaign, as stored."""
    session = world.sessions[0]
    with session.store.transaction() as connection:
        record = repo.latest(connection, resolve_campaign(connection, None).id, police_number)
    assert record is not None
    return record.status


def select(qtbot, page: HeadPage, police_number: str) -> None:
    row = page.model.row_of(police_number)
    assert row >= 0
    rect = page.table.visualRect(page.model.index(row, NAME))
    qtbot.mouseClick(page.table.viewport(), LEFT, pos=rect.center())
    assert page.selected().officer.police_number == police_number


def button(page, name: str) -> QPushButton:
    found = page.findChild(QPushButton, name)
    assert found is not None
    return found


def open_return(qtbot, page: HeadPage, police_number: str) -> ReturnDialog:
    select(qtbot, page, police_number)
    qtbot.mouseClick(button(page, "returnButton"), LEFT)
    dialog = page.decision
    assert isinstance(dialog, ReturnDialog)
    qtbot.waitExposed(dialog)
    return dialog


def open_to_countersign(qtbot, page: HeadPage, police_number: str) -> DeclarationView:
    """The queue's Countersign opens the declaration (issue 13: never countersigned unread)."""
    select(qtbot, page, police_number)
    qtbot.mouseClick(button(page, "countersignButton"), LEFT)
    view = page.view
    assert isinstance(view, DeclarationView)
    qtbot.waitUntil(lambda: view.loaded, timeout=15_000)
    return view


def open_countersign(qtbot, page: HeadPage, police_number: str) -> CountersignDialog:
    """Open the declaration and click its Countersign: signing is locked, so the password dialog opens."""
    view = open_to_countersign(qtbot, page, police_number)
    qtbot.mouseClick(view.findChild(QPushButton, "viewCountersign"), LEFT)
    dialog = page.decision
    assert isinstance(dialog, CountersignDialog)
    qtbot.waitExposed(dialog)
    return dialog


def type_text(widget, text: str) -> None:
    """Chinese arrives through an input method; inserting it is what the widget receives."""
    widget.setFocus()
    widget.insertPlainText(text) if isinstance(widget, QPlainTextEdit) else widget.insert(text)


def wait_until_decided(qtbot, page: HeadPage) -> None:
    qtbot.waitUntil(lambda: page.decision is None and not page._deciding, timeout=15_000)
    qtbot.waitUntil(lambda: not page.loading, timeout=15_000)


# -- the queue -------------------------------------------------------------------------------------------------


def test_the_queue_lists_the_heads_officers_with_translated_states_and_risk_badges(head_page, review_world):
    items = countersigning.queue(review_world.sessions[0])

    model = head_page.model
    assert model.rowCount() == len(items)
    for row, item in enumerate(items):
        assert model.index(row, NAME).data() == item.officer.name
        expected = {"signed": "已签字，待单位负责人签字背书", "countersigned": "已签字背书"}.get(item.status)
        if expected:
            assert model.index(row, STATUS).data() == expected
        risks = model.index(row, RISKS).data(RISKS_ROLE)
        assert ("regulated_trade" in risks) == item.regulated_trade
        assert ("own_jurisdiction" in risks) == item.own_jurisdiction
        assert ("key_person" in risks) == item.key_person
        assert ("late" in risks) == item.late
        if risks:
            assert model.index(row, RISKS).data(Qt.ItemDataRole.ToolTipRole)
    # waiting for the head first
    assert model.item(0).status == "signed"


def test_completeness_shows_declared_of_roster_and_the_days_left(head_page, review_world):
    report = completeness(review_world.sessions[0])
    roster = sum(u.roster for u in report.units)
    declared = sum(u.declared for u in report.units)

    bar = head_page.strip.bar
    assert (bar.value(), bar.maximum()) == (declared, roster)
    assert bar.text() == f"{declared} of {roster} declared"
    deadline = head_page.findChild(QLabel, "deadlineLabel").text()
    assert "2026-12-21" in deadline
    assert "30" in deadline


def test_an_overdue_campaign_says_by_how_many_days(qtbot, review_world, page_context):
    review_world.clock.advance(days=39)  # nine days after the deadline
    page = HeadPage(page_context(review_world.login(review_world.head)))
    show(qtbot, page)

    assert "overdue by 9 day" in page.findChild(QLabel, "deadlineLabel").text()


def test_double_click_opens_the_whole_declaration_read_only(qtbot, head_page, review_world):
    officer = review_world.template.waiting[0]
    row = head_page.model.row_of(officer)
    rect = head_page.table.visualRect(head_page.model.index(row, NAME))
    qtbot.mouseClick(head_page.table.viewport(), LEFT, pos=rect.center())  # a double click starts with a press
    qtbot.mouseDClick(head_page.table.viewport(), LEFT, pos=rect.center())

    view = head_page.view
    assert isinstance(view, DeclarationView)
    qtbot.waitUntil(lambda: view.loaded, timeout=15_000)
    text = view.findChild(QTextBrowser, "declarationText")
    assert text.isReadOnly()
    shown = text.toPlainText()
    record = view.history.versions[-1].record
    assert record.declaration.officer.name in shown
    assert record.declaration.officer.id_number in shown
    for interest in record.declaration.interests:
        assert interest.enterprise_name in shown
        assert interest.holder_name in shown
    assert "signed" in shown  # the officer's signature and when
    assert "The signatures verify" in shown
    assert view.findChild(QPushButton, "viewCountersign").isEnabled()


# -- returning -------------------------------------------------------------------------------------------------


def test_return_needs_a_reason_and_sends_the_declaration_back(qtbot, head_page, review_world):
    officer = review_world.template.waiting[0]
    dialog = open_return(qtbot, head_page, officer)
    assert not dialog.ok_button.isEnabled()  # no reason, no return
    type_text(dialog.text, "   ")
    assert not dialog.ok_button.isEnabled()
    type_text(dialog.text, REASON)
    assert dialog.ok_button.isEnabled()

    qtbot.mouseClick(dialog.ok_button, LEFT)
    wait_until_decided(qtbot, head_page)

    assert status_of(review_world, officer) is DeclarationStatus.RETURNED
    row = head_page.model.row_of(officer)
    assert head_page.model.index(row, STATUS).data() == "已退回"
    assert "Returned" in head_page.findChild(QLabel, "headMessage").text()


# -- countersigning --------------------------------------------------------------------------------------------


def test_a_wrong_password_is_shown_translated_in_the_dialog_and_nothing_is_countersigned(
    qtbot, head_page, review_world
):
    officer = review_world.template.waiting[0]
    dialog = open_countersign(qtbot, head_page, officer)
    type_text(dialog.text, OPINION)
    assert not dialog.ok_button.isEnabled()  # the password is needed too
    qtbot.keyClicks(dialog.password, "not-the-password")
    qtbot.mouseClick(dialog.ok_button, LEFT)

    error = dialog.findChild(QLabel, "countersignError")
    qtbot.waitUntil(error.isVisible, timeout=15_000)
    assert error.text() == WrongSigningPassword().render(ZH)
    assert dialog.password.text() == ""  # typed again
    assert dialog.written() == OPINION  # the opinion stays
    assert status_of(review_world, officer) is DeclarationStatus.SIGNED


def test_a_declaration_returned_meanwhile_cannot_be_countersigned(qtbot, head_page, review_world):
    officer = review_world.template.waiting[0]
    dialog = open_countersign(qtbot, head_page, officer)
    # The same head, in another window, returns it first.
    countersigning.return_declaration(review_world.login(review_world.head), officer, REASON)
    type_text(dialog.text, OPINION)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.ok_button, LEFT)

    error = dialog.findChild(QLabel, "countersignError")
    qtbot.waitUntil(error.isVisible, timeout=15_000)
    assert "退回" in error.text()  # NotCountersignable, in Chinese, naming the state
    assert status_of(review_world, officer) is DeclarationStatus.RETURNED


def test_return_correct_sign_again_countersign_and_export(qtbot, head_page, review_world, monkeypatch, tmp_path):
    officer = review_world.template.waiting[0]
    dialog = open_return(qtbot, head_page, officer)
    type_text(dialog.text, REASON)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    wait_until_decided(qtbot, head_page)

    # The officer corrects the declaration and signs it again (the officer's own page is tested elsewhere).
    officer_session = review_world.login(officer)
    returned = declaring.start_draft(officer_session)
    declaring.save_draft(officer_session, returned.declaration.with_changes(remarks="已按退回意见补充。"))
    declaring.sign(officer_session, PASSWORD)

    qtbot.mouseClick(button(head_page, "refreshButton"), LEFT)
    qtbot.waitUntil(lambda: not head_page.loading, timeout=15_000)
    dialog = open_countersign(qtbot, head_page, officer)
    type_text(dialog.text, OPINION)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    wait_until_decided(qtbot, head_page)
    assert status_of(review_world, officer) is DeclarationStatus.COUNTERSIGNED

    # The whole view now shows the return and its reason in the history.
    select(qtbot, head_page, officer)
    qtbot.mouseClick(button(head_page, "openButton"), LEFT)
    view = head_page.view
    qtbot.waitUntil(lambda: view.loaded, timeout=15_000)
    shown = view.findChild(QTextBrowser, "declarationText").toPlainText()
    assert REASON in shown
    assert OPINION in shown
    view.close()

    # Export, with a file password typed twice.
    target = tmp_path / "out" / "unit.xlsx"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    qtbot.mouseClick(button(head_page, "exportButton"), LEFT)
    export = head_page.export_dialog
    qtbot.waitExposed(export)
    qtbot.mouseClick(export.findChild(QPushButton, "exportChoose"), LEFT)
    assert export.findChild(QLineEdit, "exportPath").text() == str(target)
    export.findChild(type(export.protect), "exportProtect").setChecked(True)
    start = export.findChild(QPushButton, "exportStart")
    qtbot.keyClicks(export.findChild(QLineEdit, "exportFilePasswordEdit"), "Lantern-Kaiju-9034")
    assert not start.isEnabled()  # not confirmed yet
    qtbot.keyClicks(export.findChild(QLineEdit, "exportFileRepeatEdit"), "Lantern-Kaiju-9034")
    assert start.isEnabled()
    qtbot.mouseClick(start, LEFT)
    progress = export.findChild(type(export.progress), "exportProgress")
    assert progress.isVisible()  # shown while the workbook is written off the GUI thread
    qtbot.waitUntil(lambda: export.summary is not None, timeout=20_000)
    qtbot.waitUntil(lambda: not progress.isVisible(), timeout=5_000)

    message = export.findChild(QLabel, "exportMessage")
    assert message.property("kind") == "success"
    assert str(target) in message.text()
    assert export.summary.encrypted
    read = read_workbook(Path(target), "Lantern-Kaiju-9034")
    assert officer in [e.signed.declaration.officer.police_number for e in read.content.declarations]
    assert export.findChild(QLineEdit, "exportFilePasswordEdit").text() == ""  # not kept


def test_the_queue_sorts_in_the_model_by_a_header_click_and_keeps_the_selection(qtbot, head_page, review_world):
    header = head_page.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (STATUS, Qt.SortOrder.AscendingOrder)
    chosen = review_world.template.waiting[-1]
    select(qtbot, head_page, chosen)

    for _ in range(2):  # a click sorts by name; a second click reverses
        qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(header.sectionViewportPosition(NAME) + 10, 8))
        names = [head_page.model.index(r, NAME).data() for r in range(head_page.model.rowCount())]
        assert names == sorted(names, reverse=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
        assert head_page.selected().officer.police_number == chosen
    assert head_page.table.model() is head_page.model  # no proxy model


@pytest.mark.parametrize("typed", ["/", "  /  ", "~/"])
def test_an_export_path_that_names_a_folder_says_so_and_starts_nothing(qtbot, head_page, typed: str) -> None:
    """Issue 13, defect 10: a path of just '/' ended in a traceback in app.log."""
    qtbot.mouseClick(button(head_page, "exportButton"), LEFT)
    export = head_page.export_dialog
    qtbot.waitExposed(export)
    path = export.findChild(QLineEdit, "exportPath")
    path.clear()
    qtbot.keyClicks(path, typed)  # every key runs the dialog's checks; none may raise
    start = export.findChild(QPushButton, "exportStart")
    assert not start.isEnabled()
    message = export.findChild(QLabel, "exportMessage")
    assert message.isVisible()
    assert message.property("kind") == "warning"
    assert "folder" in message.text()
    assert export.summary is None


def test_an_export_refused_for_a_declaration_signed_before_the_limits_says_so_in_the_cores_words(
    qtbot, head_page, review_world, monkeypatch, tmp_path
):
    """Decision 252: a declaration signed before the form limited its interests (as the code before decision 234
    signed it) is named in the window in the same words as the CLI's, in Chinese, and no file is written."""
    officer = review_world.template.waiting[0]
    head = review_world.login(review_world.head)
    countersigning.return_declaration(head, officer, REASON)
    put_back = without_the_limits(monkeypatch)
    sign_with(review_world.login(officer), PASSWORD, 201)
    countersigning.countersign(head, officer, OPINION, PASSWORD)
    put_back()
    with pytest.raises(PastTheFormsLimits) as raised:  # what the core says, to compare with what is shown
        export_unit(head, tmp_path / "core.xlsx")

    target = tmp_path / "unit.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    qtbot.mouseClick(button(head_page, "exportButton"), LEFT)
    export = head_page.export_dialog
    qtbot.waitExposed(export)
    qtbot.mouseClick(export.findChild(QPushButton, "exportChoose"), LEFT)
    qtbot.mouseClick(export.findChild(QPushButton, "exportStart"), LEFT)
    message = export.findChild(QLabel, "exportMessage")
    qtbot.waitUntil(lambda: message.property("kind") == "error", timeout=20_000)
    assert message.text() == raised.value.render(ZH)
    assert f"{officer} " in message.text()
    assert "更正申报" in message.text()
    assert export.summary is None
    assert not target.exists()
