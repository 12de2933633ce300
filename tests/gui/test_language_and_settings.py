"""Chinese by default, English from the settings (at the next start), and the idle time in the settings dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QPushButton, QSpinBox

from desktop.app import AppPaths
from desktop.gui import translations
from desktop.gui.dialogs.settings_dialog import SettingsDialog
from desktop.gui.settings import DEFAULT_IDLE_LOCK_SECONDS, Settings, SettingsFile
from desktop.i18n import Translator
from desktop.store.errors import WrongPassword
from desktop.store.store import StorePaths
from tests.conftest import ADMIN_PASSWORD
from tests.gui.conftest import log_in

TITLE_ZH = "民警参与经商办企业情况登记"
TITLE_EN = "Declarations of business involvement"


def restart(qtbot, window, open_main_window, app_paths: AppPaths):
    """Close the window as a person would, and start the application again."""
    window.close()
    translations.remove(QApplication.instance(), window.translators)
    window.translators = []
    return open_main_window(app_paths)


def test_the_application_starts_in_chinese(open_main_window, app_paths: AppPaths, demo_store: StorePaths) -> None:
    window = open_main_window(app_paths)

    assert window.windowTitle() == TITLE_ZH
    assert window.login_page.login_button.text() == "登录"
    assert window.shell_actions.lock.text() == "锁定"


def test_english_chosen_in_the_settings_applies_at_the_next_start(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths
) -> None:
    window = open_main_window(app_paths)
    window.shell_actions.settings.trigger()
    dialog = window.findChild(SettingsDialog, "settingsDialog")
    assert dialog is not None
    assert dialog.isVisible()
    combo = dialog.findChild(QComboBox, "languageCombo")
    assert combo.currentData() == "zh_CN"

    combo.setCurrentIndex(combo.findData("en"))
    qtbot.mouseClick(
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )

    assert SettingsFile(app_paths.settings_file).load().language == "en"
    assert window.windowTitle() == TITLE_ZH  # this run keeps its language
    window = restart(qtbot, window, open_main_window, app_paths)
    assert window.windowTitle() == TITLE_EN
    assert window.login_page.login_button.text() == "Log in"
    log_in(qtbot, window, "admin", "not-the-password")
    assert window.login_page.message.text() == WrongPassword().render(Translator("en"))


def test_the_idle_time_is_set_in_minutes_and_takes_effect_at_once(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths
) -> None:
    window = open_main_window(app_paths)
    log_in(qtbot, window, "admin", ADMIN_PASSWORD)
    assert window.idle.seconds == DEFAULT_IDLE_LOCK_SECONDS
    window.shell_actions.settings.trigger()
    dialog = window.findChild(SettingsDialog, "settingsDialog")
    spin = dialog.findChild(QSpinBox, "idleMinutesSpin")
    assert spin.value() == 10

    spin.setValue(3)
    dialog.accept()

    assert window.idle.seconds == 180
    assert SettingsFile(app_paths.settings_file).load() == Settings(language="zh_CN", idle_lock_seconds=180)


def test_a_damaged_settings_file_gives_the_defaults(app_paths: AppPaths) -> None:
    app_paths.settings_file.parent.mkdir(parents=True)
    app_paths.settings_file.write_text('{"language": "fr", "idle_lock_seconds": "soon"', encoding="utf-8")
    assert SettingsFile(app_paths.settings_file).load() == Settings()
    app_paths.settings_file.write_text('{"language": "en", "idle_lock_seconds": 0}', encoding="utf-8")
    assert SettingsFile(app_paths.settings_file).load() == Settings(language="en", idle_lock_seconds=1)


def test_lang_given_on_the_command_line_overrides_the_setting_for_this_run(
    open_main_window, app_paths: AppPaths, demo_store: StorePaths
) -> None:
    window = open_main_window(app_paths, language="en")

    assert window.windowTitle() == TITLE_EN
    assert SettingsFile(app_paths.settings_file).load().language == "zh_CN"
    assert window.findChild(QPushButton, "loginButton").text() == "Log in"
