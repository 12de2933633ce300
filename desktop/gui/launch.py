"""Creating the application object, its translations and style, and the first window, shown as early as possible."""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop.gui import translations
from desktop.gui.environment import Environment
from desktop.gui.shell.main_window import MainWindow
from desktop.resources import resource_path


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("officer-declare")
    app.setWindowIcon(QIcon(str(resource_path("icons", "officer-declare.svg"))))
    style = resource_path("style", "app.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def open_window(environment: Environment) -> MainWindow:
    """Show the window at once; it opens the store folder afterwards, off the GUI thread."""
    app = application()
    installed = translations.install(app, environment.language)
    window = MainWindow(environment)
    window.translators = installed  # kept with the window, so that whoever closes it can remove them
    window.show()
    window.open_folder(environment.first_folder)
    return window


def run(environment: Environment) -> int:
    window = open_window(environment)
    code = QApplication.exec()
    window.deleteLater()
    return code
