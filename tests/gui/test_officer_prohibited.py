"""A relative's hotel (police-regulated) within the officer's own jurisdiction (issue 13, defect 5): the row editor
warns and asks for the rectification (整改情况), the commitment page does not say 登记表已填写完整, and the commitment
the officer signs does not claim that there is no such involvement."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from desktop.domain.declarations import DeclarationStatus
from desktop.domain.questions import Question
from desktop.gui.officer.form_state import COMMITMENT_STEP
from tests.conftest import USER_PASSWORD
from tests.gui.officer_fixtures import (
    RECTIFICATION,
    answer,
    answer_all_but_relatives_no,
    choose_spouse,
    enter_password,
    give_personal_details,
    go_to,
    open_editor,
    open_page,
    start_signing,
    tick,
    type_into,
    wait_until_signing_ends,
)
from tests.gui.test_head_fixtures import chinese  # noqa: F401  (fixture)
from tests.services.workflow.support import World, build_world


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> Iterator[World]:
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1"))
    yield world
    world.close()


def test_a_relatives_hotel_in_the_jurisdiction_warns_asks_for_rectification_and_is_not_called_complete(
    qtbot,
    world,
    chinese,  # noqa: F811
):
    page = open_page(qtbot, world)
    give_personal_details(qtbot, page)  # form version 2: the spouse listed first
    answer_all_but_relatives_no(qtbot, page)
    view = answer(qtbot, page, Question.RELATIVES_BUSINESS, True)
    editor = open_editor(qtbot, view)
    choose_spouse(qtbot, editor)
    type_into(qtbot, editor.enterprise, "龙山区丽华宾馆")
    type_into(qtbot, editor.trade.search, "旅馆")
    tick(qtbot, editor.within)

    within, rectification = editor._feedback["within_jurisdiction"], editor._feedback["rectification"]
    assert within.isVisible()
    assert "禁止" in within.message.text()
    assert within.confirm.isVisible()
    type_into(qtbot, editor.capital, "20")  # a field touched later shows the whole row's problems on OK
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert rectification.isVisible()
    assert "整改" in rectification.message.text()

    type_into(qtbot, editor.rectification, RECTIFICATION)
    tick(qtbot, within.confirm)
    assert not rectification.isVisible()
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 1

    go_to(page, COMMITMENT_STEP)
    commitment = page.form_view.commitment
    assert commitment.blockers.text() != "登记表已填写完整。"
    assert "禁止" in commitment.blockers.text()
    text = commitment.text.toPlainText()
    assert "不在本人所在单位辖区" not in text  # no claim that there is no such involvement
    assert "凡存在的，均已在登记表中如实填报" in text

    dialog = start_signing(qtbot, page)
    enter_password(qtbot, dialog, USER_PASSWORD)
    wait_until_signing_ends(qtbot, page)
    assert page.state.status is DeclarationStatus.SIGNED
    signed = page.state.record.declaration
    assert signed.interests[0].rectification == RECTIFICATION
    assert "interests[0].within_jurisdiction:involvement.regulated_in_jurisdiction" in signed.acknowledged_warnings


def test_a_form_without_such_involvement_is_still_called_complete(
    qtbot,
    world,
    chinese,  # noqa: F811
):
    page = open_page(qtbot, world)
    give_personal_details(qtbot, page)
    for question in Question:
        answer(qtbot, page, question, False)
    go_to(page, COMMITMENT_STEP)
    assert page.form_view.commitment.blockers.text() == "登记表已填写完整。"
