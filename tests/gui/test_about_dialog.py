"""The About box says what `info` says of the store, the database's page size too (decision 210: 16 kB for a store
made by this code), in the window's language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFormLayout, QLabel

from desktop.gui.dialogs.about import AboutDialog
from tests.conftest import ADMIN_PASSWORD
from tests.gui.conftest import log_in


def _rows(dialog: AboutDialog) -> dict[str, str]:
    form = dialog.layout()
    assert isinstance(form, QFormLayout)
    rows = {}
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is not None and field is not None and isinstance(field.widget(), QLabel):
            rows[label.widget().text()] = field.widget().text()
    return rows


@pytest.mark.parametrize(
    ("language", "label", "value"),
    [("zh_CN", "数据库页大小：", "16384 字节"), ("en", "Database page size:", "16384 bytes")],
)
def test_the_about_box_shows_the_database_page_size(
    qtbot, open_main_window, app_paths, demo_store, language: str, label: str, value: str
) -> None:
    window = open_main_window(app_paths, language=language)
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)
    dialog = AboutDialog(window.session)
    qtbot.addWidget(dialog)

    assert _rows(dialog)[label] == value
