"""Screenshots of the unit head's page in Chinese for the user guide (docs/screenshots/head_*.png).

Rendered into tmp_path on every run (so that rendering keeps working); set OFFICER_DECLARE_SCREENSHOTS to a folder
(e.g. docs/screenshots) to keep them.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QImage

from desktop.gui.head.page import HeadPage
from desktop.gui.head.queue_model import RISKS_ROLE
from tests.gui import test_head_fixtures as support
from tests.gui.test_head_fixtures import show

review_template, review_world, page_context = support.review_template, support.review_world, support.page_context
chinese = support.chinese


def keep(image: QImage, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("OFFICER_DECLARE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    assert image.save(str(path))
    return path


def test_screenshots_of_the_queue_and_a_declaration_in_chinese(qtbot, chinese, review_world, page_context, tmp_path):
    page = HeadPage(page_context(review_world.login(review_world.head)))
    show(qtbot, page, 1180, 620)
    risky = max(range(page.model.rowCount()), key=lambda r: len(page.model.index(r, 4).data(RISKS_ROLE)))
    page.table.selectRow(risky)
    qtbot.wait(100)
    shots = [keep(page.grab().toImage(), "head_queue.png", tmp_path)]

    page.open_selected()
    view = page.view
    qtbot.waitUntil(lambda: view.loaded, timeout=15_000)
    view.resize(980, 820)
    qtbot.wait(100)
    shots.append(keep(view.grab().toImage(), "head_declaration.png", tmp_path))

    page.start_countersign()
    dialog = page.decision
    qtbot.waitExposed(dialog)
    dialog.text.insertPlainText("经核对，填报内容属实。")
    qtbot.wait(50)
    shots.append(keep(dialog.grab().toImage(), "head_countersign.png", tmp_path))
    dialog.reject()
    for shot in shots:
        image = QImage(str(shot))
        assert image.width() > 400
        assert image.height() > 200
