"""Qt's own dialogs (standard buttons, the file dialog) speak Chinese with the window (issue 13, defect 10): Qt's
qtbase_zh_CN.qm, which ships inside PySide6, is found even where Qt's configured translations path has none (an
installed or frozen application)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.gui import translations


@pytest.fixture
def installed(qapp):
    found: list = []

    def install(language: str) -> None:
        found.extend(translations.install(qapp, language))

    yield install
    translations.remove(qapp, found)


def _buttons() -> tuple[str, str]:
    box = QMessageBox(
        QMessageBox.Icon.Question, "t", "x", QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
    )
    texts = box.button(QMessageBox.StandardButton.Ok).text(), box.button(QMessageBox.StandardButton.Cancel).text()
    box.deleteLater()
    return texts


def test_standard_buttons_and_the_file_dialog_are_chinese_in_chinese_mode(installed) -> None:
    installed("zh_CN")
    assert _buttons() == ("确定", "取消")
    assert QCoreApplication.translate("QFileDialog", "Look in:") != "Look in:"


def test_qts_own_chinese_is_found_inside_pyside6_when_qts_path_has_none(
    installed, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "no-translations-here"
    empty.mkdir()
    monkeypatch.setattr(QLibraryInfo, "path", staticmethod(lambda _which: str(empty)))
    installed("zh_CN")
    assert _buttons() == ("确定", "取消")


def test_english_buttons_in_english_mode(installed) -> None:
    installed("en")
    assert _buttons() == ("OK", "Cancel")
    assert QApplication.translate("QFileDialog", "Look in:") == "Look in:"
