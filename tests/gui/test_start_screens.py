"""Before login: the first-run wizard on an empty folder, opening an existing store, the login page's account list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFileDialog, QLabel, QLineEdit, QPushButton, QWizard

from desktop.app import AppPaths
from desktop.services.session.login import log_in as service_log_in
from desktop.services.session.throttle import LoginThrottle
from desktop.store.keyfile import KeyFile
from desktop.store.store import StorePaths
from tests.conftest import ADMIN_PASSWORD
from tests.gui.conftest import log_in

NEW_ADMIN_PASSWORD = "Kaiju-Lantern-4471"
LEFT = Qt.MouseButton.LeftButton


def test_an_empty_folder_offers_to_create_or_open_a_store(open_main_window, app_paths: AppPaths) -> None:
    window = open_main_window(app_paths)

    assert window.stack.currentWidget() is window.welcome_page
    assert str(app_paths.store_folder) in window.welcome_page.folder_label.text()
    assert not app_paths.store_folder.exists()  # looking creates nothing


def test_the_wizard_creates_a_real_store_and_finishes_only_once_the_recovery_key_is_confirmed(
    qtbot, open_main_window, app_paths: AppPaths, clock, tmp_path: Path
) -> None:
    window = open_main_window(app_paths)
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "createStoreButton"), LEFT)
    wizard = window.wizard
    assert wizard is not None
    assert window.stack.currentWidget() is wizard
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    assert not next_button.isEnabled()  # the unit page needs a code and a name
    qtbot.keyClicks(wizard.findChild(QLineEdit, "unitCodeEdit"), "220402")
    wizard.findChild(QLineEdit, "unitNameEdit").insert("辽源市公安局龙山区分局")  # typed through an input method
    assert next_button.isEnabled()
    qtbot.mouseClick(next_button, LEFT)

    commit = wizard.button(QWizard.WizardButton.CommitButton)
    policy = wizard.findChild(QLabel, "adminPolicyLabel")
    qtbot.keyClicks(wizard.findChild(QLineEdit, "adminPasswordEdit"), "password123")
    assert policy.property("kind") == "error"  # a common password is refused as it is typed
    assert not commit.isEnabled()
    wizard.findChild(QLineEdit, "adminPasswordEdit").clear()
    qtbot.keyClicks(wizard.findChild(QLineEdit, "adminPasswordEdit"), NEW_ADMIN_PASSWORD)
    qtbot.keyClicks(wizard.findChild(QLineEdit, "adminRepeatEdit"), NEW_ADMIN_PASSWORD + "x")
    assert policy.property("kind") == "error"  # the two differ
    assert not commit.isEnabled()
    wizard.findChild(QLineEdit, "adminRepeatEdit").backspace()
    assert policy.property("kind") == "success"
    assert commit.isEnabled()
    qtbot.mouseClick(commit, LEFT)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=30_000)

    key = wizard.findChild(QLabel, "recoveryKeyLabel").text()
    assert len(key.replace("-", "")) == 48
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()  # refuses to continue until the key is confirmed
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    wizard.findChild(QCheckBox, "recoveryCheck").click()
    assert finish.isEnabled()
    qtbot.mouseClick(finish, LEFT)

    assert window.wizard is None
    assert window.session is not None
    assert window.session.account.login == "admin"
    assert window.stack.currentWidget() is window.workspace
    assert not window.banner.isVisible()  # a real store, not a demo
    key_file = KeyFile.load(StorePaths(app_paths.store_folder).key_file)
    assert key_file.demo is False
    assert list(key_file.accounts) == ["admin"]
    session = service_log_in(
        StorePaths(app_paths.store_folder),
        "admin",
        NEW_ADMIN_PASSWORD,
        clock=clock,
        throttle=LoginThrottle(tmp_path / "other-throttle.json"),
    )
    session.lock()


def test_cancelling_the_wizard_creates_no_store(qtbot, open_main_window, app_paths: AppPaths) -> None:
    window = open_main_window(app_paths)
    window.start_setup()
    window.wizard.button(QWizard.WizardButton.CancelButton).click()

    assert window.wizard is None
    assert window.stack.currentWidget() is window.welcome_page
    assert not StorePaths(app_paths.store_folder).exists()


def test_an_existing_store_is_opened_through_the_folder_dialog(
    qtbot, open_main_window, tmp_path: Path, demo_store: StorePaths, monkeypatch
) -> None:
    elsewhere = AppPaths(tmp_path / "empty", tmp_path / "config" / "settings.json", tmp_path / "state" / "t.json")
    window = open_main_window(elsewhere)
    assert window.stack.currentWidget() is window.welcome_page
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(demo_store.folder))

    window.welcome_page.findChild(QPushButton, "openStoreButton").click()
    qtbot.waitUntil(lambda: not window.opening and window.access is not None)

    assert window.access.folder == demo_store.folder
    assert [window.login_page.accounts.item(i).text() for i in range(window.login_page.accounts.count())] == ["admin"]
    assert window.banner.isVisible()  # the fixture's store is a demo store
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)
    assert window.session is not None


def test_the_login_page_lists_every_account_and_filters_them(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths, add_user_to
) -> None:
    for login in ("000101", "000102", "jijian01"):
        add_user_to(demo_store, login)
    window = open_main_window(app_paths)
    page = window.login_page

    shown = [page.accounts.item(i).text() for i in range(page.accounts.count())]
    assert shown == ["000101", "000102", "admin", "jijian01"]
    qtbot.keyClicks(page.filter, "0102")
    visible = [
        page.accounts.item(i).text() for i in range(page.accounts.count()) if not page.accounts.item(i).isHidden()
    ]
    assert visible == ["000102"]
    assert page.selected_login() == "000102"


def test_a_damaged_key_file_is_reported_on_the_login_page_and_left_alone(
    open_main_window, app_paths: AppPaths, demo_store: StorePaths
) -> None:
    demo_store.key_file.write_text("{not json", encoding="utf-8")
    window = open_main_window(app_paths)

    assert window.login_page.message.isVisible()
    assert window.login_page.message.property("kind") == "error"
    assert demo_store.key_file.read_text(encoding="utf-8") == "{not json"
    assert not window.login_page.login_button.isEnabled()


@pytest.fixture
def add_user_to(clock):
    from desktop.domain.roles import Role
    from desktop.services.administration.accounts import add_account

    def _add(paths: StorePaths, login: str) -> None:
        session = service_log_in(
            paths,
            "admin",
            ADMIN_PASSWORD,
            clock=clock,
            throttle=LoginThrottle(paths.folder.parent / "fixture-throttle.json"),
        )
        try:
            add_account(session, login=login, password="user-pass-5531", roles=frozenset({Role.INSPECTOR}))
        finally:
            session.lock()

    return _add


def test_settings_file_is_never_written_with_a_secret(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths
) -> None:
    window = open_main_window(app_paths)
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)
    window.environment.save_settings(window.environment.settings)

    saved = json.loads(app_paths.settings_file.read_text(encoding="utf-8"))
    assert set(saved) == {"language", "idle_lock_seconds"}
    assert ADMIN_PASSWORD not in app_paths.settings_file.read_text(encoding="utf-8")
