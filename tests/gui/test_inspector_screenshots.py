"""Screenshots of the inspectors' page in Chinese for the user guide (docs/screenshots/inspector_*.png): the table
after importing a unit's workbook and a copy with one edited cell, the edited declaration flagged; its detail.

Rendered into tmp_path on every run; set OFFICER_DECLARE_SCREENSHOTS to a folder (e.g. docs/screenshots) to keep them.
"""

from __future__ import annotations

from PySide6.QtGui import QImage

from desktop.gui.inspector.page import InspectorPage
from desktop.gui.inspector.table_model import STATE_ROLE
from desktop.services.inspection.views import RowState
from tests.gui import test_head_fixtures as support
from tests.gui.test_head_fixtures import INSPECTOR, show
from tests.gui.test_head_screenshots import keep
from tests.gui.test_inspector_page import tampered_copy, wait_for_import

review_template, review_world, page_context = support.review_template, support.review_world, support.page_context
chinese = support.chinese


def test_screenshots_of_the_table_with_a_flagged_row_and_its_detail(
    qtbot, chinese, review_world, page_context, tmp_path
):
    page = InspectorPage(page_context(review_world.login(INSPECTOR)))
    show(qtbot, page, 1180, 700)
    files = [*review_world.template.workbooks, tampered_copy(review_world.template.workbooks[0], tmp_path)]
    page.start_import(files)
    wait_for_import(qtbot, page)
    assert page.model.index(0, 0).data(STATE_ROLE) == RowState.OFFICER
    page.table.selectRow(0)
    qtbot.wait(100)
    shots = [keep(page.grab().toImage(), "inspector_table.png", tmp_path)]

    page.open_detail(page.model.index(0, 0))
    detail = page.detail
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=15_000)
    detail.resize(980, 820)
    qtbot.wait(100)
    shots.append(keep(detail.grab().toImage(), "inspector_detail.png", tmp_path))
    for shot in shots:
        assert QImage(str(shot)).width() > 600
