"""A draft pre-filled from last year's declaration (issue 13, defect 3): every pre-filled section is marked as taken
from the previous declaration and is confirmed ("仍然如此") or changed ("修改") one by one; no step shows green and
signing is impossible until each is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from desktop.domain.declarations import DeclarationStatus
from desktop.domain.questions import Question
from desktop.gui.officer.form_state import COMMITMENT_STEP, QUESTION_STEPS
from desktop.services.administration.campaigns import create_campaign
from desktop.services.workflow.declaring import save_draft, sign
from tests.conftest import USER_PASSWORD
from tests.domain import builders
from tests.gui.officer_fixtures import (
    enter_password,
    go_to,
    open_page,
    question_page,
    start_signing,
    wait_until_signing_ends,
)
from tests.gui.test_head_fixtures import chinese  # noqa: F401  (fixture)
from tests.services.workflow.support import PEOPLE, World, build_world, clean_declaration

NEW_CAMPAIGN = "2027年度经商办企业专项登记"


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> Iterator[World]:
    """Both campaigns on form version 1: the questions' sections carried over, counted below (6). Form version 2
    also carries the personal details and the family list: test_officer_form_v2 and tests/services/workflow."""
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1"), form_version=1)
    me = world["o1"]
    last_year = clean_declaration(PEOPLE["o1"][0], form_version=1).with_changes(
        answers={q: q is Question.RELATIVES_BUSINESS for q in Question},
        interests=(builders.interest(Question.RELATIVES_BUSINESS),),
    )
    save_draft(me, last_year)
    sign(me, USER_PASSWORD)
    clock.advance(days=1)
    create_campaign(
        world.admin,
        name=NEW_CAMPAIGN,
        start_date=dt.date(2026, 11, 22),
        deadline=dt.date(2027, 1, 31),
        form_version=1,
    )
    yield world
    world.close()


def _marker(page, step: int) -> str:
    view = page.form_view
    key = view.steps.item(step).icon().cacheKey()
    return next(name for name, icon in view._icons.items() if icon.cacheKey() == key)


def test_prefilled_sections_are_marked_and_nothing_shows_green_before_they_are_confirmed(
    qtbot,
    world,
    chinese,  # noqa: F811
):
    page = open_page(qtbot, world)
    assert page.state.campaign.name == NEW_CAMPAIGN
    for question in Question:
        view = question_page(page, question)
        go_to(page, QUESTION_STEPS[question])
        assert view.carried_over.isVisible(), question
        assert "2026年度经商办企业专项登记" in view.carried_over.text.text()
        assert view.carried_over.still_so_button.text() == "仍然如此"
        assert view.carried_over.change_button.text() == "修改"
        # The pre-filled answer cannot be changed by a stray click before the officer has decided.
        assert not view.yes.isEnabled()
        assert not view.no.isEnabled()
        assert _marker(page, QUESTION_STEPS[question]) != "done"
    commitment = page.form_view.commitment
    go_to(page, COMMITMENT_STEP)
    assert not commitment.sign_button.isEnabled()
    assert "6" in commitment.blockers.text()


def test_each_section_is_confirmed_or_changed_and_then_the_declaration_is_signed(qtbot, world):
    page = open_page(qtbot, world)
    for question in Question:
        go_to(page, QUESTION_STEPS[question])
        view = question_page(page, question)
        button = (
            view.carried_over.change_button if question is Question.OWN_BUSINESS else view.carried_over.still_so_button
        )
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert not view.carried_over.isVisible()
        assert view.yes.isEnabled()
        assert view.no.isEnabled()
        assert _marker(page, QUESTION_STEPS[question]) == "done"

    dialog = start_signing(qtbot, page)
    enter_password(qtbot, dialog, USER_PASSWORD)
    wait_until_signing_ends(qtbot, page)
    assert page.state.status is DeclarationStatus.SIGNED
    assert len(page.state.record.declaration.acknowledged_warnings) == len(Question)


def test_a_confirmation_survives_leaving_and_reopening_the_page(qtbot, world):
    page = open_page(qtbot, world)
    go_to(page, QUESTION_STEPS[Question.SHAREHOLDING])
    view = question_page(page, Question.SHAREHOLDING)
    qtbot.mouseClick(view.carried_over.still_so_button, Qt.MouseButton.LeftButton)
    assert page.flush()
    page.close()

    again = open_page(qtbot, world)
    assert question_page(again, Question.SHAREHOLDING).carried_over.isHidden()
    assert not question_page(again, Question.OWN_BUSINESS).carried_over.isHidden()


def test_the_head_reads_which_sections_were_confirmed_as_still_so(
    qtbot,
    world,
    chinese,  # noqa: F811
):
    from desktop.gui.head.declaration_html import DeclarationHtml
    from desktop.i18n import Translator

    page = open_page(qtbot, world)
    go_to(page, QUESTION_STEPS[Question.RELATIVES_BUSINESS])
    view = question_page(page, Question.RELATIVES_BUSINESS)
    qtbot.mouseClick(view.carried_over.still_so_button, Qt.MouseButton.LeftButton)
    html = DeclarationHtml(Translator("zh_CN")).render(page.form.declaration())
    assert "亲属经商办企业：沿用上次填报内容，已确认仍然如此" in html
    assert "carried_over" not in html
