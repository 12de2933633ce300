"""Dates in the detail-row editor are typed as people type them (issue 13, defect 2), and the calendar opens near
today, the date of the clock the window is given (not January 1900). Once typed or picked, a date is shown in the
window language's form (2019年5月1日 in Chinese, 2019-05-01 in English); what is stored is the same date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QTableView, QToolButton

from desktop.domain.questions import Question
from desktop.gui.officer.interest_editor import InterestEditor
from tests.gui.officer_fixtures import answer, open_editor, open_page, type_into
from tests.gui.test_head_fixtures import chinese  # noqa: F401  (fixture)
from tests.services.workflow.support import World, build_world


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> Iterator[World]:
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1"))
    yield world
    world.close()


@pytest.fixture
def editor(qtbot, world) -> InterestEditor:
    page = open_page(qtbot, world)
    return open_editor(qtbot, answer(qtbot, page, Question.RELATIVES_BUSINESS, True))


@pytest.mark.parametrize("typed", ["2019-05-01", "20190501", "2019年5月1日", "2019.5.1", "2019/5/1"])
def test_a_typed_date_gives_the_date(qtbot, editor: InterestEditor, typed: str) -> None:
    field = editor.start.findChild(QLineEdit, "dateText")
    assert field is not None
    type_into(qtbot, field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert editor.start.date() == dt.date(2019, 5, 1)
    assert field.text() == "2019-05-01"  # shown in one form once typed
    assert editor.entry().interest.start_date == dt.date(2019, 5, 1)


def test_what_is_not_a_date_is_said_and_gives_no_date(qtbot, editor: InterestEditor) -> None:
    field = editor.end.findChild(QLineEdit, "dateText")
    type_into(qtbot, field, "2019-02-30")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert editor.end.date() is None
    assert editor.end.problem()
    assert field.text() == "2019-02-30"  # kept, to be corrected


def test_the_calendar_opens_at_today_of_the_clock_given(qtbot, editor: InterestEditor, clock) -> None:
    button = editor.start.findChild(QToolButton, "calendarButton")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    calendar = editor.start.findChild(QCalendarWidget)
    assert calendar is not None
    qtbot.waitExposed(calendar)
    today = clock.now().date()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    days = calendar.findChild(QTableView)  # the grid of days: three days back with the arrow keys, then Enter
    for _ in range(3):
        qtbot.keyClick(days, Qt.Key.Key_Left)
    qtbot.keyClick(days, Qt.Key.Key_Return)
    assert editor.start.date() == today - dt.timedelta(days=3)
    assert not calendar.isVisible()


@pytest.mark.parametrize("typed", ["2019-05-01", "20190501", "2019年5月1日", "2019.5.1", "2019/5/1"])
def test_a_typed_date_is_shown_in_chinese_form_and_stored_as_before(
    qtbot,
    chinese,  # noqa: F811
    world,
    typed: str,
) -> None:
    editor = open_editor(qtbot, answer(qtbot, open_page(qtbot, world), Question.RELATIVES_BUSINESS, True))
    editor.activateWindow()  # the field's editing finishes when the focus leaves it, which needs an active window
    qtbot.waitUntil(editor.isActiveWindow)
    field = editor.start.findChild(QLineEdit, "dateText")
    type_into(qtbot, field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.text() == "2019年5月1日"
    assert not editor.start.problem()
    assert editor.entry().interest.start_date == dt.date(2019, 5, 1)
    assert "2019年5月1日" in field.placeholderText()  # the example is in the form a date takes


def test_a_date_picked_or_given_is_shown_in_chinese_form(qtbot, chinese, world, clock) -> None:  # noqa: F811
    editor = open_editor(qtbot, answer(qtbot, open_page(qtbot, world), Question.RELATIVES_BUSINESS, True))
    qtbot.mouseClick(editor.end.findChild(QToolButton, "calendarButton"), Qt.MouseButton.LeftButton)
    calendar = editor.end.findChild(QCalendarWidget)
    qtbot.waitExposed(calendar)
    qtbot.keyClick(calendar.findChild(QTableView), Qt.Key.Key_Return)
    today = clock.now().date()
    assert editor.end.findChild(QLineEdit, "dateText").text() == f"{today.year}年{today.month}月{today.day}日"
    assert editor.entry().interest.end_date == today

    editor.start.set_date(dt.date(2020, 12, 31))  # as an interest already saved is shown
    assert editor.start.findChild(QLineEdit, "dateText").text() == "2020年12月31日"
    assert editor.entry().interest.start_date == dt.date(2020, 12, 31)
    editor.start.set_date(None)
    assert editor.entry().interest.start_date is None


@pytest.mark.parametrize(
    ("key", "modifier"),
    [(Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier), (Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier)],
)
def test_the_calendar_opens_from_the_keyboard_as_a_date_edit_s_does(qtbot, editor: InterestEditor, key, modifier):
    field = editor.start.findChild(QLineEdit, "dateText")
    qtbot.keyClick(field, key, modifier)
    calendar = editor.start.findChild(QCalendarWidget)
    assert calendar is not None
    qtbot.waitExposed(calendar)
    qtbot.keyClick(calendar.findChild(QTableView), Qt.Key.Key_Return)
    assert editor.start.date() is not None
    assert not calendar.isVisible()
