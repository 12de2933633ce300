"""Logging in through the window after a key rotation was stopped part-way: the window says what the opening did
and offers an administrator a new rotation at once, whose recovery key is shown (decision 118). A real store, a real
rotation stopped by a fault between its steps; the person's answers are clicks on the real boxes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QMessageBox

from desktop.app import AppPaths
from desktop.domain.roles import Role
from desktop.gui.admin.revoke_dialog import NewRecoveryKeyDialog
from desktop.services.administration.accounts import add_account
from desktop.services.administration.revocation import revoke_and_rotate
from desktop.services.session.login import log_in as service_log_in
from desktop.services.session.throttle import LoginThrottle
from desktop.store.keyfile import KeyFile
from desktop.store.store import Store, StorePaths
from tests.conftest import ADMIN_PASSWORD
from tests.gui.conftest import log_in
from tests.services.administration.test_rotation_interrupted import Stopped, _stop_at

PASSWORD = "Other-pass-77120"


def _stop_a_rotation(demo_store: StorePaths, clock, tmp_path, step: str) -> None:
    admin = service_log_in(demo_store, "admin", ADMIN_PASSWORD, clock=clock, throttle=LoginThrottle(tmp_path / "t"))
    add_account(admin, login="clerk01", password=PASSWORD, roles=frozenset({Role.ADMIN}))
    add_account(admin, login="jijian01", password=PASSWORD, roles=frozenset({Role.INSPECTOR}))
    with pytest.raises(Stopped):
        revoke_and_rotate(admin, "clerk01", _stop_at(step))
    admin.lock()


def _notice(qtbot, window) -> QMessageBox:
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "interruptedRotationBox") is not None, timeout=10_000)
    return window.findChild(QMessageBox, "interruptedRotationBox")


@pytest.mark.parametrize(("step", "said"), [("rekeyed", "was never shown"), ("prepared", "keeps its old key")])
def test_an_administrator_is_told_and_a_new_rotation_shows_a_recovery_key(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths, clock, tmp_path, step: str, said: str
) -> None:
    _stop_a_rotation(demo_store, clock, tmp_path, step)
    window = open_main_window(app_paths, "en")
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)

    box = _notice(qtbot, window)
    assert said in box.text()
    before = KeyFile.load(demo_store.key_file).recovery
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(NewRecoveryKeyDialog) is not None, timeout=20_000)

    dialog = window.findChild(NewRecoveryKeyDialog)
    key = dialog.key.text()
    assert KeyFile.load(demo_store.key_file).recovery != before
    dialog.findChild(QCheckBox, "newRecoveryCheck").setChecked(True)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Close), Qt.MouseButton.LeftButton)
    window.lock()
    Store.unlock_with_recovery_key(demo_store, key).lock()


def test_answering_no_changes_nothing_more(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths, clock, tmp_path
) -> None:
    _stop_a_rotation(demo_store, clock, tmp_path, "rekeyed")
    window = open_main_window(app_paths, "en")
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)

    box = _notice(qtbot, window)
    settled = KeyFile.load(demo_store.key_file).recovery
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.runner.busy)
    assert window.findChild(NewRecoveryKeyDialog) is None
    assert KeyFile.load(demo_store.key_file).recovery == settled


def test_someone_else_is_told_to_tell_an_administrator_in_chinese(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths, clock, tmp_path
) -> None:
    _stop_a_rotation(demo_store, clock, tmp_path, "rekeyed")
    window = open_main_window(app_paths)
    log_in(qtbot, window, "jijian01", PASSWORD)

    box = _notice(qtbot, window)
    assert "管理员" in box.text()
    assert "users revoke" in box.text()
    assert box.button(QMessageBox.StandardButton.Yes) is None  # nothing to do but read it


def test_no_box_when_nothing_was_interrupted(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths
) -> None:
    window = open_main_window(app_paths, "en")
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)
    assert window.workspace is not None
    assert window.findChild(QMessageBox, "interruptedRotationBox") is None
