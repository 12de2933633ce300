"""Password-protected workbooks on import (issue 13, defect 6): each protected file's password is asked for that file,
naming it, before anything is imported or counted; a file whose password is not given is skipped and said so in the
window's words (no environment variable); a wrong password is asked again for that file alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QLineEdit, QPushButton

from desktop.exchange.xlsx.encryption import encrypt_workbook
from desktop.gui.inspector.page import InspectorPage
from tests.gui import test_head_fixtures as support
from tests.gui.test_head_fixtures import INSPECTOR, ReviewWorld, show

review_template, review_world, page_context = support.review_template, support.review_world, support.page_context

FIRST, SECOND = "Lantern-Kaiju-9034", "Harbour-Quill-5127"


@pytest.fixture
def page(qtbot, review_world: ReviewWorld, page_context) -> InspectorPage:
    page = InspectorPage(page_context(review_world.login(INSPECTOR)))
    show(qtbot, page)
    return page


def protect(source: Path, target: Path, password: str) -> Path:
    target.write_bytes(encrypt_workbook(source.read_bytes(), password))
    return target


@pytest.fixture
def files(review_world: ReviewWorld, tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two protected workbooks with different passwords, and a plain one."""
    books = review_world.template.workbooks
    return (
        protect(books[0], tmp_path / "protected-1.xlsx", FIRST),
        protect(books[1], tmp_path / "protected-2.xlsx", SECOND),
        books[2],
    )


def run_import(qtbot, page: InspectorPage, monkeypatch, chosen: list[Path]) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(f) for f in chosen], ""))
    qtbot.mouseClick(page.findChild(QPushButton, "importButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.batch.running, timeout=60_000)
    qtbot.waitUntil(lambda: not page.loading, timeout=15_000)


def answering(page: InspectorPage, answers: dict[str, list[str | None]], asked: list[tuple[str, dict]]):
    """A person answering the password prompt: by the file named in it, the next answer (None: Cancel)."""

    def answer(parent, title, label, echo, *args, **kwargs):
        assert echo == QLineEdit.EchoMode.Password
        asked.append((label, page.report.outcomes()))
        name = next(name for name in answers if name in label)
        given = answers[name].pop(0)
        return ("", False) if given is None else (given, True)

    return answer


def test_each_protected_file_is_asked_its_own_password_before_anything_is_counted(qtbot, page, files, monkeypatch):
    first, second, plain = files
    asked: list[tuple[str, dict]] = []
    answers = {first.name: [FIRST], second.name: [SECOND]}
    monkeypatch.setattr(QInputDialog, "getText", answering(page, answers, asked))

    run_import(qtbot, page, monkeypatch, [first, second, plain])

    assert len(asked) == 2
    assert first.name in asked[0][0]
    assert second.name in asked[1][0]
    assert all(outcomes == {} for _label, outcomes in asked)  # asked before any file was imported or counted
    assert page.report.outcomes() == {first.name: "imported", second.name: "imported", plain.name: "imported"}
    message = page.findChild(QLabel, "inspectorMessage").text()
    assert "3 imported" in message
    assert "0 refused" in message


def test_a_file_without_its_password_is_skipped_in_the_windows_words(qtbot, page, files, monkeypatch):
    first, second, plain = files
    asked: list[tuple[str, dict]] = []
    monkeypatch.setattr(QInputDialog, "getText", answering(page, {first.name: [None], second.name: [SECOND]}, asked))

    run_import(qtbot, page, monkeypatch, [first, second, plain])

    outcomes = page.report.outcomes()
    assert outcomes[first.name] == "password"
    assert outcomes[second.name] == outcomes[plain.name] == "imported"
    item = page.report.topLevelItem(0)
    shown = " ".join(item.text(column) for column in range(2)) + page.findChild(QLabel, "inspectorMessage").text()
    assert "OFFICER_DECLARE" not in shown
    assert "environment" not in shown.lower()
    assert "no file password" in item.text(1).lower()
    message = page.findChild(QLabel, "inspectorMessage").text()
    assert "2 imported" in message
    assert "0 refused" in message
    assert "1 not imported without its password" in message


def test_a_wrong_password_is_asked_again_for_that_file_alone(qtbot, page, files, monkeypatch):
    first, second, plain = files
    asked: list[tuple[str, dict]] = []
    answers = {first.name: ["not-the-password", FIRST], second.name: [SECOND]}
    monkeypatch.setattr(QInputDialog, "getText", answering(page, answers, asked))

    run_import(qtbot, page, monkeypatch, [first, second, plain])

    assert [label for label, _ in asked if first.name in label] != []
    assert sum(first.name in label for label, _ in asked) == 2
    assert sum(second.name in label for label, _ in asked) == 1
    assert "wrong" in asked[-1][0].lower()  # the second question says why it is asked again
    assert page.report.outcomes() == {first.name: "imported", second.name: "imported", plain.name: "imported"}
    assert "3 imported" in page.findChild(QLabel, "inspectorMessage").text()
