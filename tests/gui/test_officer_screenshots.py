"""Screenshots of the officer's form in Chinese, for the user guide (docs/screenshots/officer_*.png).

They are rendered into tmp_path on every run (so that rendering keeps working); set OFFICER_DECLARE_SCREENSHOTS to a
folder (e.g. docs/screenshots) to keep them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QImage

from desktop.domain.questions import Question
from desktop.gui import translations
from desktop.gui.officer.form_state import COMMITMENT_STEP, PERSONAL_STEP, REVIEW_STEP
from tests.gui.officer_fixtures import (
    HOTEL_USCC_WRONG_CHECK,
    SPOUSE_ID,
    answer,
    answer_all_but_relatives_no,
    fill_spouse_hotel,
    go_to,
    open_editor,
    open_page,
    tick,
)
from tests.services.workflow.support import World, build_world


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> Iterator[World]:
    # The officer_*.png screenshots of the version 1 pages (a holder typed in, mistyped, corrected); version 2's
    # officer_v2_*.png are rendered by test_officer_form_v2.
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("o1",), form_version=1)
    yield world
    world.close()


@pytest.fixture
def chinese(qapp, tmp_path) -> Iterator[None]:
    """The window in Chinese as the application installs it."""
    previous = QLocale()
    installed = translations.install(qapp, "zh_CN")
    yield
    translations.remove(qapp, installed)
    QLocale.setDefault(previous)


def _keep(image: QImage, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("OFFICER_DECLARE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"officer_{name}.png"
    assert image.save(str(path))
    return path


def test_screenshots_of_the_form_in_chinese(qtbot, world, chinese, tmp_path):
    page = open_page(qtbot, world, autosave_ms=60_000)
    page.resize(1180, 760)
    answer_all_but_relatives_no(qtbot, page)
    view = answer(qtbot, page, Question.RELATIVES_BUSINESS, True)
    editor = open_editor(qtbot, view)
    fill_spouse_hotel(qtbot, editor, uscc=HOTEL_USCC_WRONG_CHECK)
    qtbot.keyClick(editor.holder_id, Qt.Key.Key_Backspace)  # a mistyped last digit, shown in red as it is typed
    qtbot.keyClicks(editor.holder_id, "0" if SPOUSE_ID[-1] != "0" else "1")
    qtbot.wait(50)
    shots = [_keep(editor.grab().toImage(), "detail_row", tmp_path)]
    qtbot.keyClick(editor.holder_id, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor.holder_id, SPOUSE_ID[-1])
    tick(qtbot, editor._feedback["uscc"].confirm)
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    shots.append(_keep(page.grab().toImage(), "question", tmp_path))
    go_to(page, PERSONAL_STEP)
    qtbot.wait(50)
    shots.append(_keep(page.grab().toImage(), "personal", tmp_path))
    go_to(page, REVIEW_STEP)
    qtbot.wait(50)
    shots.append(_keep(page.grab().toImage(), "review", tmp_path))
    go_to(page, COMMITMENT_STEP)
    qtbot.wait(50)
    shots.append(_keep(page.grab().toImage(), "commitment", tmp_path))
    for shot in shots:
        image = QImage(str(shot))
        assert image.width() > 600
        assert image.height() > 400
