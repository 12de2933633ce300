"""From the unit head's page to the inspectors' page: the head countersigns and exports the unit's workbook through
the window; the inspector imports it, and a copy with one edited cell, through the window, and sees the edited
declaration flagged while the original verifies."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton

from desktop.gui.head.page import HeadPage
from desktop.gui.inspector.page import InspectorPage
from desktop.gui.inspector.table_data import POLICE_NUMBER, STATE, WORKBOOK
from desktop.gui.inspector.table_model import STATE_ROLE
from desktop.services.inspection.views import RowState
from tests.gui import test_head_fixtures as support
from tests.gui.test_head_fixtures import INSPECTOR, PASSWORD, show
from tests.gui.test_head_page import (
    OPINION,
    open_countersign,
    open_to_countersign,
    type_text,
    wait_until_decided,
)
from tests.gui.test_inspector_page import FORGED_NAME, tampered_copy, wait_for_import

review_template, review_world, page_context = support.review_template, support.review_world, support.page_context
LEFT = Qt.MouseButton.LeftButton


def test_a_workbook_exported_by_the_head_imports_valid_and_its_edited_copy_is_flagged(
    qtbot, review_world, page_context, monkeypatch, tmp_path
):
    head = HeadPage(page_context(review_world.login(review_world.head)))
    show(qtbot, head)
    countersigned = []
    for officer in review_world.template.waiting:
        if not countersigned:
            dialog = open_countersign(qtbot, head, officer)
            type_text(dialog.text, OPINION)
            qtbot.keyClicks(dialog.password, PASSWORD)
            qtbot.mouseClick(dialog.ok_button, LEFT)
        else:  # signing stays unlocked for the working session (decision 62): no password asked again
            view = open_to_countersign(qtbot, head, officer)
            qtbot.mouseClick(view.findChild(QPushButton, "viewCountersign"), LEFT)
        wait_until_decided(qtbot, head)
        countersigned.append(officer)

    exported = tmp_path / "unit.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(exported), ""))
    qtbot.mouseClick(head.findChild(QPushButton, "exportButton"), LEFT)
    export = head.export_dialog
    qtbot.mouseClick(export.findChild(QPushButton, "exportChoose"), LEFT)
    assert export.findChild(QLineEdit, "exportPath").text() == str(exported)
    qtbot.mouseClick(export.findChild(QPushButton, "exportStart"), LEFT)
    qtbot.waitUntil(lambda: export.summary is not None, timeout=20_000)
    assert export.summary.declarations >= len(countersigned)
    export.close()

    tampered = tampered_copy(exported, tmp_path)
    inspector = InspectorPage(page_context(review_world.login(INSPECTOR)))
    show(qtbot, inspector)
    files = [str(exported), str(tampered)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: (files, ""))
    qtbot.mouseClick(inspector.findChild(QPushButton, "importButton"), LEFT)
    wait_for_import(qtbot, inspector)

    assert inspector.report.outcomes() == {exported.name: "imported", tampered.name: "flagged"}
    model = inspector.model
    rows = [
        (model.index(r, POLICE_NUMBER).data(), model.index(r, WORKBOOK).data(), model.index(r, STATE).data(STATE_ROLE))
        for r in range(model.rowCount())
    ]
    assert {number for number, file, _state in rows if file == Path(exported).name} >= set(countersigned)
    assert all(state == RowState.VALID for _n, file, state in rows if file == exported.name)
    flagged = [(number, state) for number, file, state in rows if file == tampered.name and state == RowState.OFFICER]
    assert len(flagged) == 1
    inspector.open_detail(model.index(0, STATE))
    qtbot.waitUntil(lambda: inspector.detail.detail is not None, timeout=15_000)
    assert inspector.detail.detail.declaration.officer.name == FORGED_NAME
