"""The window's menus and toolbar. The actions are created here and wired by the main window."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar


class ShellActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.open_store = self._action(self.tr("Open another store…"), "openStoreAction")
        self.settings = self._action(self.tr("Settings…"), "settingsAction")
        self.quit = self._action(self.tr("Quit"), "quitAction", QKeySequence(QKeySequence.StandardKey.Quit))
        self.lock = self._action(self.tr("Lock"), "lockAction", QKeySequence("Ctrl+L"))
        self.lock.setToolTip(
            self.tr("Lock the window now: the keys are forgotten until the password is entered again (Ctrl+L)")
        )
        self.change_password = self._action(self.tr("Change my password…"), "changePasswordAction")
        self.about = self._action(self.tr("About this store…"), "aboutAction")
        self.user_guide = self._action(
            self.tr("User guide"), "userGuideAction", QKeySequence(QKeySequence.StandardKey.HelpContents)
        )
        self._build_menus()
        self.set_logged_in(False)

    def _action(self, text: str, name: str, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        return action

    def _build_menus(self) -> None:
        menu_bar = self._window.menuBar()
        store_menu = menu_bar.addMenu(self.tr("&Store"))
        store_menu.addAction(self.open_store)
        store_menu.addAction(self.settings)
        store_menu.addSeparator()
        store_menu.addAction(self.quit)
        account_menu = menu_bar.addMenu(self.tr("&Account"))
        account_menu.addAction(self.lock)
        account_menu.addAction(self.change_password)
        help_menu = menu_bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.user_guide)
        help_menu.addAction(self.about)
        toolbar = QToolBar(self.tr("Main toolbar"), self._window)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.lock)
        toolbar.addAction(self.settings)
        self._window.addToolBar(toolbar)

    def set_logged_in(self, logged_in: bool) -> None:
        """Actions that need a session are enabled only while one is open; opening a store only without one."""
        self.lock.setEnabled(logged_in)
        self.change_password.setEnabled(logged_in)
        self.about.setEnabled(logged_in)
        self.open_store.setEnabled(not logged_in)
