"""The head's pace (issue 13): the queue is the head's start page; open, read, countersign and go on to the next
without the mouse; a default opinion kept or changed; signing unlocked once for the working session, while each
countersignature is its own signature over the declaration the head opened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from desktop.app import AppPaths
from desktop.domain.declarations import DeclarationStatus
from desktop.gui.head.declaration_view import DeclarationView
from desktop.gui.head.page import HeadPage
from desktop.gui.head.review_dialogs import CountersignDialog
from desktop.services.administration.campaigns import resolve_campaign
from desktop.services.workflow.verification import verify
from desktop.store.repositories import declarations as repo
from tests.gui import test_head_fixtures as support
from tests.gui.conftest import log_in
from tests.gui.test_head_fixtures import PASSWORD, ReviewWorld, show

review_template, review_world, page_context = support.review_template, support.review_world, support.page_context

CTRL = Qt.KeyboardModifier.ControlModifier
CHANGED = "已逐项核对，同意。"


def head_page(qtbot, world: ReviewWorld, page_context) -> HeadPage:
    page = HeadPage(page_context(world.login(world.head)))
    show(qtbot, page)
    return page


def open_with_enter(qtbot, page: HeadPage) -> DeclarationView:
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    view = page.view
    assert isinstance(view, DeclarationView)
    qtbot.waitUntil(lambda: view.loaded, timeout=15_000)
    return view


def ctrl_enter(qtbot, view: DeclarationView) -> None:
    qtbot.keyClick(QApplication.focusWidget() or view, Qt.Key.Key_Return, CTRL)


def countersignature(world: ReviewWorld, police_number: str):
    session = world.sessions[0]
    with session.store.transaction() as connection:
        record = repo.latest(connection, resolve_campaign(connection, None).id, police_number)
        assert record is not None
        return record.status, repo.current_signatures(connection, record.id)[1]


def wait_decided(qtbot, page: HeadPage) -> None:
    qtbot.waitUntil(lambda: not page._deciding and page.decision is None, timeout=15_000)


def test_a_head_logs_in_to_the_review_queue(qtbot, open_main_window, review_world, tmp_path):
    paths = AppPaths(review_world.paths.folder, tmp_path / "config" / "s.json", tmp_path / "state" / "t.json")
    window = open_main_window(paths)
    log_in(qtbot, window, review_world.head, PASSWORD)
    assert window.workspace is not None
    assert window.workspace.currentWidget().objectName() == "headPage"  # not the head's own declaration
    assert window.workspace.count() >= 2


def test_the_queue_opens_on_the_first_waiting_with_the_keyboard_in_it_and_enter_opens_it(
    qtbot, review_world, page_context
):
    page = head_page(qtbot, review_world, page_context)
    first = page.selected()
    assert first is not None
    assert first.status == "signed"
    assert page.table.hasFocus()

    view = open_with_enter(qtbot, page)
    assert view.record is not None
    assert view.record.police_number == first.officer.police_number
    assert view.text.hasFocus()  # Page Down reads on


def test_nothing_is_countersigned_from_the_queue_without_opening_it(qtbot, review_world, page_context):
    page = head_page(qtbot, review_world, page_context)
    officer = page.selected().officer.police_number

    page.start_countersign()  # as a shortcut or a stale button would
    assert page.decision is None
    qtbot.mouseClick(page.findChild(QPushButton, "countersignButton"), Qt.MouseButton.LeftButton)
    assert page.decision is None
    assert isinstance(page.view, DeclarationView)  # the queue's Countersign opens the declaration to read
    assert countersignature(review_world, officer)[0] is DeclarationStatus.SIGNED


def test_one_password_then_ctrl_enter_countersigns_each_and_moves_to_the_next(qtbot, review_world, page_context):
    page = head_page(qtbot, review_world, page_context)
    view = open_with_enter(qtbot, page)
    first = view.record.police_number
    assert view.findChild(QLabel, "signingState").text().startswith("Signing is locked")

    ctrl_enter(qtbot, view)
    dialog = page.decision
    assert isinstance(dialog, CountersignDialog)
    qtbot.waitExposed(dialog)
    assert dialog.written() == page.default_opinion  # the default, kept
    assert dialog.keep_unlocked() == 0  # until the window locks
    qtbot.waitUntil(dialog.password.hasFocus, timeout=5_000)  # typed into at once
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    wait_decided(qtbot, page)
    qtbot.waitUntil(lambda: view.loaded, timeout=15_000)

    status, signature = countersignature(review_world, first)
    assert status is DeclarationStatus.COUNTERSIGNED
    assert signature.opinion == page.default_opinion
    second = view.record.police_number
    assert second != first
    assert view.waiting
    assert page.selected().officer.police_number == second
    assert view.findChild(QLabel, "signingState").text() == "Signing is unlocked until the window locks."

    view.bar.opinion.setText(CHANGED)  # the opinion changed for this one (Chinese comes from an input method)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5_000)
    ctrl_enter(qtbot, view)
    assert page.decision is None  # no password asked again
    wait_decided(qtbot, page)
    status, second_signature = countersignature(review_world, second)
    assert status is DeclarationStatus.COUNTERSIGNED
    assert second_signature.opinion == CHANGED
    assert second_signature.signature != signature.signature
    for officer in (first, second):
        result = verify(review_world.sessions[0], officer).result
        assert result.valid
        assert result.countersignature_valid
    assert page.default_opinion == CHANGED  # kept for the next one
    if view.isVisible():
        qtbot.waitUntil(lambda: view.loaded, timeout=15_000)
        assert view.opinion() == CHANGED


def test_lock_signing_asks_for_the_password_again(qtbot, review_world, page_context):
    page = head_page(qtbot, review_world, page_context)
    view = open_with_enter(qtbot, page)
    ctrl_enter(qtbot, view)
    dialog = page.decision
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    wait_decided(qtbot, page)
    qtbot.waitUntil(lambda: view.loaded, timeout=15_000)
    lock = view.findChild(QPushButton, "lockSigningButton")
    assert lock.isVisible()

    qtbot.mouseClick(lock, Qt.MouseButton.LeftButton)
    assert review_world.sessions[0].signing_unlock is None
    assert not lock.isVisible()
    ctrl_enter(qtbot, view)
    assert isinstance(page.decision, CountersignDialog)


def test_ask_every_time_keeps_signing_locked(qtbot, review_world, page_context):
    page = head_page(qtbot, review_world, page_context)
    view = open_with_enter(qtbot, page)
    ctrl_enter(qtbot, view)
    dialog = page.decision
    dialog.keep.setCurrentIndex(dialog.keep.count() - 1)
    assert dialog.keep_unlocked() == CountersignDialog.ASK_EVERY_TIME
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    wait_decided(qtbot, page)
    assert review_world.sessions[0].signing_unlock is None


def test_the_times_offered_are_never_longer_than_the_idle_lock(qtbot, review_world, page_context):
    page = head_page(qtbot, review_world, page_context)
    page.idle_lock_seconds = lambda: 600
    assert page.unlock_choices() == [5, 10]
    page.idle_lock_seconds = lambda: 20 * 60
    assert page.unlock_choices() == [5, 10, 15, 20]
    page.idle_lock_seconds = lambda: 120
    assert page.unlock_choices() == [2]
