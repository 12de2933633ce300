"""Disabling and revoking an account from the administrator's page: the slot goes, the data key is replaced, and
the new recovery key is shown once (issue 12, finding 6)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLabel, QPushButton

from desktop.app import AppPaths
from desktop.domain.roles import Role
from desktop.gui.admin.page import AdminPage
from desktop.gui.admin.revoke_dialog import DisableAccountDialog, NewRecoveryKeyDialog
from desktop.services.administration.accounts import add_account
from desktop.services.session.login import log_in as service_log_in
from desktop.services.session.throttle import LoginThrottle
from desktop.store.errors import WrongPassword
from desktop.store.keyfile import KeyFile
from desktop.store.store import Store, StorePaths
from tests.conftest import ADMIN_PASSWORD
from tests.gui.conftest import log_in

INSPECTOR_PASSWORD = "Old-pass-99231"


@pytest.fixture
def accounts_tab(qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths, clock, tmp_path):
    admin = service_log_in(demo_store, "admin", ADMIN_PASSWORD, clock=clock, throttle=LoginThrottle(tmp_path / "t"))
    add_account(admin, login="jijian01", password=INSPECTOR_PASSWORD, roles=frozenset({Role.INSPECTOR}))
    add_account(admin, login="jijian02", password=INSPECTOR_PASSWORD, roles=frozenset({Role.INSPECTOR}))
    admin.lock()
    window = open_main_window(app_paths)
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)
    page = window.workspace.findChild(AdminPage, "adminPage")
    page.setCurrentWidget(page.accounts)
    page.accounts.reload()
    page.accounts.window_under_test = window
    return page.accounts


def _disable(qtbot, tab, login: str, rotate: bool) -> None:
    tab.select("admin")
    assert not tab.disable_button.isEnabled()  # never one's own
    tab.select(login)
    qtbot.mouseClick(tab.disable_button, Qt.MouseButton.LeftButton)
    dialog = tab.findChild(DisableAccountDialog)
    assert login in dialog.findChild(QLabel, "disableWarning").text()
    dialog.findChild(QCheckBox, "revokeRotateCheck").setChecked(rotate)
    qtbot.mouseClick(dialog.findChild(QPushButton, "confirmDisableButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.window_under_test.runner.busy, timeout=20_000)


def test_disabling_removes_the_slot_and_marks_the_row(qtbot, accounts_tab, demo_store: StorePaths) -> None:
    _disable(qtbot, accounts_tab, "jijian01", rotate=False)

    assert "jijian01" not in KeyFile.load(demo_store.key_file).accounts
    assert accounts_tab.message.property("kind") == "success"
    accounts_tab.select("jijian01")
    assert not accounts_tab.disable_button.isEnabled()
    assert accounts_tab.findChild(NewRecoveryKeyDialog) is None
    with pytest.raises(WrongPassword):
        Store.unlock(demo_store, "jijian01", INSPECTOR_PASSWORD)


def test_revoke_and_rotate_shows_the_new_recovery_key_once_and_the_others_keep_their_password(
    qtbot, accounts_tab, demo_store: StorePaths
) -> None:
    recovery_before = KeyFile.load(demo_store.key_file).recovery

    _disable(qtbot, accounts_tab, "jijian01", rotate=True)

    shown = accounts_tab.findChild(NewRecoveryKeyDialog)
    assert shown is not None
    key = shown.findChild(QLabel, "newRecoveryKeyLabel").text()
    close = shown.buttons.button(QDialogButtonBox.StandardButton.Close)
    assert not close.isEnabled()
    shown.findChild(QCheckBox, "newRecoveryCheck").setChecked(True)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert shown.findChild(QLabel, "newRecoveryKeyLabel").text() == ""
    assert KeyFile.load(demo_store.key_file).recovery != recovery_before
    accounts_tab.reload()  # the window's session goes on under the new key
    assert accounts_tab.message.property("kind") == "success"
    Store.unlock_with_recovery_key(demo_store, key).lock()
    Store.unlock(demo_store, "jijian02", INSPECTOR_PASSWORD)[0].lock()
    with pytest.raises(WrongPassword):
        Store.unlock(demo_store, "jijian01", INSPECTOR_PASSWORD)
