"""Logging in, wrong passwords and throttling, the status bar, and locking (on demand and after idle time)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.app import AppPaths
from desktop.domain.roles import Role
from desktop.gui.settings import Settings, SettingsFile
from desktop.i18n import Translator
from desktop.services.administration.accounts import add_account
from desktop.services.session.login import log_in as service_log_in
from desktop.services.session.throttle import FREE_ATTEMPTS, LoginThrottle
from desktop.store.errors import LoginThrottled, WrongPassword
from desktop.store.keyfile import KeyFile
from desktop.store.store import StorePaths
from tests.cli.support import snapshot
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD
from tests.gui.conftest import log_in

CHINESE = Translator("zh_CN")


def test_a_wrong_password_shows_the_message_and_leaves_the_store_byte_identical(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths
) -> None:
    window = open_main_window(app_paths)
    before = snapshot(demo_store.folder)

    log_in(qtbot, window, "admin", "not-the-password")

    assert window.session is None
    assert window.stack.currentWidget() is window.login_page
    message = window.login_page.message
    assert message.isVisible()
    assert message.text() == WrongPassword().render(CHINESE)
    assert window.login_page.password.text() == ""
    assert snapshot(demo_store.folder) == before


def test_after_repeated_wrong_passwords_the_wait_is_shown_and_the_button_disabled(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths
) -> None:
    window = open_main_window(app_paths)
    for _ in range(FREE_ATTEMPTS):
        log_in(qtbot, window, "admin", "not-the-password")
    assert window.login_page.message.text() == WrongPassword().render(CHINESE)

    log_in(qtbot, window, "admin", ADMIN_PASSWORD)  # right, but too soon: refused without trying

    assert window.session is None
    text = window.login_page.message.text()
    store_id = KeyFile.load(demo_store.key_file).store_id
    seconds = LoginThrottle(demo_store.attempts_file).wait_seconds(store_id, "admin")  # beside the store
    assert seconds > 0
    # The message was made a moment ago, when the wait may have been a second longer.
    assert text in {LoginThrottled(s).render(CHINESE) for s in (seconds, seconds + 1)}
    qtbot.keyClicks(window.login_page.password, ADMIN_PASSWORD)
    assert not window.login_page.login_button.isEnabled()


def test_a_successful_login_shows_the_workspace_and_the_status_bar(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths
) -> None:
    window = open_main_window(app_paths)
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)

    assert window.session is not None
    assert window.stack.currentWidget() is window.workspace
    assert [window.workspace.tabText(i) for i in range(window.workspace.count())] == ["管理"]
    status = {
        name: window.findChild(QLabel, name) for name in ("statusAccount", "statusRoles", "statusUnit", "statusDemo")
    }
    assert "admin" in status["statusAccount"].text()
    assert CHINESE("administrator") in status["statusRoles"].text()
    assert "辽源市公安局龙山区分局 (220402)" in status["statusUnit"].text()
    assert status["statusDemo"].isVisible()
    assert window.banner.isVisible()


def test_each_role_gets_its_tab_and_a_missing_page_says_it_is_coming(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths, clock, tmp_path
) -> None:
    admin = service_log_in(
        demo_store, "admin", ADMIN_PASSWORD, clock=clock, throttle=LoginThrottle(tmp_path / "t.json")
    )
    add_account(admin, login="jijian01", password=USER_PASSWORD, roles=frozenset({Role.INSPECTOR, Role.ADMIN}))
    admin.lock()
    window = open_main_window(app_paths)

    log_in(qtbot, window, "jijian01", USER_PASSWORD)

    titles = [window.workspace.tabText(i) for i in range(window.workspace.count())]
    assert titles == ["核查", "管理"]
    inspector_page = window.workspace.widget(0)
    assert inspector_page.objectName() == "inspectorPage"
    coming = inspector_page.findChild(QLabel, "comingLabel")
    if coming is not None:  # until desktop/gui/inspector/page.py exists
        assert "核查" in coming.text()


def test_the_window_keeps_qts_actions_method(open_main_window, app_paths: AppPaths) -> None:
    window = open_main_window(app_paths)
    # QWidget.actions(), not shadowed by an attribute holding the menu's actions
    assert isinstance(window.actions(), list)


def test_lock_on_demand_forgets_the_keys_and_returns_to_the_login_page(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths
) -> None:
    window = open_main_window(app_paths)
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)
    session = window.session
    assert window.shell_actions.lock.isEnabled()

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert window.session is None
    assert session.signing_key is None
    with pytest.raises(RuntimeError, match="locked"):
        _ = session.store.data_key
    assert window.stack.currentWidget() is window.login_page
    assert window.workspace is None
    assert window.login_page.selected_login() == "admin"
    assert window.login_page.message.isVisible()
    assert not window.shell_actions.lock.isEnabled()
    assert not window.findChild(QLabel, "statusAccount").isVisible()
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)  # and back in with the password
    assert window.session is not None


def test_the_window_locks_itself_after_the_configured_idle_time(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths
) -> None:
    SettingsFile(app_paths.settings_file).save(Settings(idle_lock_seconds=1))
    window = open_main_window(app_paths)
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)
    session = window.session
    assert session is not None

    qtbot.waitUntil(lambda: window.session is None, timeout=5_000)

    assert session.signing_key is None
    assert window.stack.currentWidget() is window.login_page
    assert window.login_page.message.isVisible()


def test_input_keeps_the_window_unlocked(qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths) -> None:
    SettingsFile(app_paths.settings_file).save(Settings(idle_lock_seconds=2))
    window = open_main_window(app_paths)
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)

    for _ in range(6):  # three seconds of someone typing now and then
        qtbot.wait(500)
        qtbot.keyClick(window.workspace, Qt.Key.Key_Shift)
    assert window.session is not None

    qtbot.waitUntil(lambda: window.session is None, timeout=5_000)
