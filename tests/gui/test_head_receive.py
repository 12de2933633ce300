"""The head's page receives an officer's own declaration file exported on another computer (a copy of the demo store
used by the officer alone): it appears in the queue, ready to countersign; a key new to the store asks for a
comparison with the officer; a changed key shows the warning, stores nothing when cancelled and is received when the
head confirms. Only the file dialog's answer is mocked; the warning dialog is clicked like a person would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFileDialog, QLabel, QPushButton

from desktop.domain.declarations import DeclarationStatus
from desktop.gui.head.page import HeadPage
from desktop.gui.head.receive_file import KeyChangedDialog
from desktop.services.workflow.export import export_own
from tests.conftest import DEMO_STORE_PASSWORD, DemoWorld, declare_everything
from tests.gui import test_head_fixtures as support
from tests.gui.test_head_fixtures import show
from tests.services.workflow import test_receive as officer_side
from tests.services.workflow.test_receive import (
    HEAD,
    NEWCOMER,
    OFFICER,
    account_fingerprints,
    add_newcomer,
    received_entries,
    sign_and_export_own,
    sign_with_a_new_key,
    store_state,
)

page_context, officer_computer = support.page_context, officer_side.officer_computer

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def head_page(qtbot, demo_world: DemoWorld, page_context) -> HeadPage:
    page = HeadPage(page_context(demo_world.login(HEAD)))
    show(qtbot, page)
    return page


def receive_through_the_page(qtbot, page: HeadPage, monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), "*.xlsx"))
    button = page.findChild(QPushButton, "receiveButton")
    assert button is not None
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT)


def wait_until_idle(qtbot, page: HeadPage) -> None:
    qtbot.waitUntil(lambda: not page.receiver.busy and not page.loading, timeout=20_000)


def key_dialog(qtbot, page: HeadPage) -> KeyChangedDialog:
    qtbot.waitUntil(
        lambda: page.receiver.key_dialog is not None and page.receiver.key_dialog.isVisible(), timeout=20_000
    )
    dialog = page.receiver.key_dialog
    assert isinstance(dialog, KeyChangedDialog)
    return dialog


def test_a_received_file_appears_in_the_queue_ready_to_countersign(
    qtbot, head_page, demo_world, officer_computer, tmp_path, monkeypatch
):
    path = sign_and_export_own(officer_computer, tmp_path)
    assert head_page.model.item(head_page.model.row_of(OFFICER)).record is None

    receive_through_the_page(qtbot, head_page, monkeypatch, path)
    wait_until_idle(qtbot, head_page)

    item = head_page.model.item(head_page.model.row_of(OFFICER))
    assert item.status == "signed"
    assert item.record is not None
    assert head_page.selected().officer.police_number == OFFICER
    assert head_page.countersign_button.isEnabled()
    [entry] = received_entries(demo_world)
    text = head_page.message.text()
    assert head_page.message.property("kind") == "success"
    assert item.officer.name in text
    assert OFFICER in text
    assert entry.details["fingerprint"] in text
    assert f"version {item.record.version}" in text
    assert head_page.receive_button.isEnabled()

    receive_through_the_page(qtbot, head_page, monkeypatch, path)  # a second time: refused, said why
    wait_until_idle(qtbot, head_page)
    assert head_page.message.property("kind") == "error"
    assert len(received_entries(demo_world)) == 1


def test_a_key_new_to_the_store_asks_to_compare_the_fingerprint(
    qtbot, demo_world, officer_computer, page_context, tmp_path, monkeypatch
):
    add_newcomer(demo_world, officer_computer)
    newcomer = officer_computer.login(NEWCOMER)
    declare_everything(newcomer, DEMO_STORE_PASSWORD)
    path = export_own(newcomer, tmp_path / "own.xlsx").path
    page = HeadPage(page_context(demo_world.login(HEAD)))
    show(qtbot, page)

    receive_through_the_page(qtbot, page, monkeypatch, path)
    wait_until_idle(qtbot, page)

    assert page.model.item(page.model.row_of(NEWCOMER)).status == "signed"
    text = page.message.text()
    assert page.message.property("kind") == "warning"
    assert newcomer.signing_key.fingerprint in text
    assert "in person or by phone" in text


def test_a_changed_key_warns_stores_nothing_when_cancelled_and_is_received_when_confirmed(
    qtbot, head_page, demo_world, officer_computer, tmp_path, monkeypatch
):
    path, new_key = sign_with_a_new_key(officer_computer, tmp_path)
    [known] = account_fingerprints(demo_world, OFFICER)
    before = store_state(demo_world)

    receive_through_the_page(qtbot, head_page, monkeypatch, path)
    dialog = key_dialog(qtbot, head_page)
    assert dialog.findChild(QLabel, "keyChangedFingerprint").text() == new_key
    assert known in dialog.findChild(QLabel, "keyChangedKnown").text()
    assert not head_page.receive_button.isEnabled()
    accept = dialog.findChild(QPushButton, "keyChangedAccept")
    assert not accept.isEnabled()  # nothing is accepted without the deliberate confirmation
    qtbot.mouseClick(dialog.findChild(QPushButton, "keyChangedCancel"), LEFT)
    wait_until_idle(qtbot, head_page)

    assert store_state(demo_world) == before
    assert head_page.model.item(head_page.model.row_of(OFFICER)).record is None
    assert head_page.receive_button.isEnabled()

    receive_through_the_page(qtbot, head_page, monkeypatch, path)
    dialog = key_dialog(qtbot, head_page)
    dialog.findChild(QCheckBox, "keyChangedConfirm").setChecked(True)
    accept = dialog.findChild(QPushButton, "keyChangedAccept")
    assert accept.isEnabled()
    qtbot.mouseClick(accept, LEFT)
    qtbot.waitUntil(lambda: bool(received_entries(demo_world)), timeout=20_000)
    wait_until_idle(qtbot, head_page)

    [entry] = received_entries(demo_world)
    assert (entry.details["key"], entry.details["fingerprint"], entry.details["known_keys"]) == (
        "changed",
        new_key,
        [known],
    )
    item = head_page.model.item(head_page.model.row_of(OFFICER))
    assert item.status == "signed"
    assert item.record.status is DeclarationStatus.SIGNED
    assert new_key in head_page.message.text()
    assert known in head_page.message.text()


def test_a_file_replaced_after_the_warning_is_not_taken_on_the_first_keys_confirmation(
    qtbot, head_page, demo_world, officer_computer, tmp_path, monkeypatch
):
    path, new_key = sign_with_a_new_key(officer_computer, tmp_path)
    before = store_state(demo_world)
    receive_through_the_page(qtbot, head_page, monkeypatch, path)
    dialog = key_dialog(qtbot, head_page)
    assert dialog.findChild(QLabel, "keyChangedFingerprint").text() == new_key

    second = DemoWorld(
        Path(shutil.copytree(demo_world.paths.folder, tmp_path / "second-computer")), tmp_path / "second-throttle.json"
    )  # another computer: yet another key pair
    try:
        second.clock = demo_world.clock
        other, other_key = sign_with_a_new_key(second, tmp_path, "other.xlsx")
    finally:
        second.close()
    assert other_key != new_key
    path.write_bytes(other.read_bytes())  # the file is replaced while the head confirms the first key
    dialog.findChild(QCheckBox, "keyChangedConfirm").setChecked(True)
    qtbot.mouseClick(dialog.findChild(QPushButton, "keyChangedAccept"), LEFT)

    again = key_dialog(qtbot, head_page)  # warned again, about the key now in the file
    qtbot.waitUntil(lambda: again.findChild(QLabel, "keyChangedFingerprint").text() == other_key, timeout=20_000)
    assert store_state(demo_world) == before
    qtbot.mouseClick(again.findChild(QPushButton, "keyChangedCancel"), LEFT)
    wait_until_idle(qtbot, head_page)
    assert store_state(demo_world) == before


def test_a_protected_file_whose_password_is_not_given_says_so_in_the_windows_words(
    qtbot, head_page, demo_world, officer_computer, tmp_path, monkeypatch
):
    """Issue 13, defect 6: cancelling the file password named an environment variable to a window user."""
    from PySide6.QtWidgets import QInputDialog

    from desktop.exchange.xlsx.encryption import encrypt_workbook

    plain = sign_and_export_own(officer_computer, tmp_path)
    protected = tmp_path / "protected-own.xlsx"
    protected.write_bytes(encrypt_workbook(plain.read_bytes(), "Lantern-Kaiju-9034"))
    asked: list[str] = []
    monkeypatch.setattr(
        QInputDialog, "getText", lambda _parent, _title, label, *a, **k: (asked.append(label), ("", False))[1]
    )

    receive_through_the_page(qtbot, head_page, monkeypatch, protected)
    wait_until_idle(qtbot, head_page)

    assert len(asked) == 1
    assert protected.name in asked[0]
    text = head_page.message.text()
    assert protected.name in text
    assert "OFFICER_DECLARE" not in text
    assert "no file password" in text.lower()
    assert received_entries(demo_world) == []
