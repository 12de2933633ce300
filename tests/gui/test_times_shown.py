"""Times a person reads are local (the machine's zone, pinned here with TZ) and in Chinese form; files and signatures
keep ISO UTC (issue 13, defect 8). The clock stands at 2026-11-21 09:30 UTC: 10:30 in Berlin, 17:30 in Shanghai."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel

from desktop.domain.questions import Question
from desktop.gui.dialogs.about import AboutDialog
from desktop.services.workflow.declaring import save_draft, sign
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD
from tests.gui.conftest import log_in
from tests.gui.officer_fixtures import answer, latest, open_page
from tests.gui.test_head_fixtures import chinese  # noqa: F401  (a fixture)
from tests.services.workflow.support import PEOPLE, World, build_world, clean_declaration


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's zone is Europe/Berlin: neither UTC nor China time, so each shows."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> Iterator[World]:
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1"))
    yield world
    world.close()


def test_the_autosave_time_is_the_local_time_of_the_clock(qtbot, world, berlin) -> None:
    page = open_page(qtbot, world)
    answer(qtbot, page, Question.OWN_BUSINESS, False)
    assert page.save()
    assert latest(world).declaration.answer(Question.OWN_BUSINESS) is False
    assert page.save_state.text().endswith("10:30:00")


def test_the_signature_time_is_local_and_in_chinese_form_while_the_store_keeps_utc(
    qtbot,
    world,
    berlin,
    chinese,  # noqa: F811
) -> None:
    save_draft(world["o1"], clean_declaration(PEOPLE["o1"][0]))
    record = sign(world["o1"], USER_PASSWORD)
    page = open_page(qtbot, world)
    assert "2026年11月21日 10:30" in page.banner.message.text()
    assert record.updated_at == "2026-11-21T09:30:00Z"


def test_the_about_dialog_shows_when_the_store_was_made_in_local_time(
    qtbot, open_main_window, app_paths, demo_store, berlin
) -> None:
    window = open_main_window(app_paths)
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)
    dialog = AboutDialog(window.session)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "2026年11月21日 10:30" in texts
    assert not any("T09:30:00Z" in text for text in texts)
