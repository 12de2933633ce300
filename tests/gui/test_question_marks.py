"""A question has the same mark wherever a person reads it (issue 13, defect 7): the step list said "6. 亲属经商办
企业", the review page "5. 配偶…" and the printed form "(五)"; now all three say "(五)"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale

from desktop.domain.questions import Question
from desktop.gui import translations
from desktop.gui.officer.form_state import QUESTION_STEPS
from desktop.gui.printing.form_document import form_html
from desktop.services.workflow.printable import printable_declaration
from tests.gui.officer_fixtures import open_page
from tests.services.workflow.support import World, build_world


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    """The window in Chinese as the application installs it."""
    previous = QLocale()
    installed = translations.install(qapp, "zh_CN")
    yield
    translations.remove(qapp, installed)
    QLocale.setDefault(previous)


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> Iterator[World]:
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("o1",))
    yield world
    world.close()


def test_the_step_list_the_review_page_and_the_printed_form_number_a_question_alike(qtbot, chinese, world):
    page = open_page(qtbot, world)  # Chinese core messages, as the window in Chinese
    assert page.form_view is not None
    page.save()
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=10_000)
    step = page.form_view.steps.item(QUESTION_STEPS[Question.RELATIVES_BUSINESS]).text()
    review = page.form_view.review.html()
    printed = form_html(printable_declaration(world["o1"]))

    assert step == "(五) 亲属经商办企业"
    assert '">(五) ' in review
    assert "(五) 亲属经商办企业" in printed
    assert "5. " not in review
