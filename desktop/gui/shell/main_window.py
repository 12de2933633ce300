"""The main window: which page shows (opening, login, no store, first-run wizard, workspace), locking, dialogs.

The window is shown before any heavy module is imported: opening the store folder (which imports SQLAlchemy and
SQLCipher through the services) runs in a pool thread once the window is on screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTranslator
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from desktop.gui.environment import Environment
from desktop.gui.errors import error_text
from desktop.gui.shell.actions import ShellActions
from desktop.gui.shell.first_paint import FirstPaint
from desktop.gui.shell.idle import IdleWatcher
from desktop.gui.shell.status import SessionStatus
from desktop.gui.start.login_page import LoginPage
from desktop.gui.start.welcome_page import WelcomePage
from desktop.gui.worker import TaskRunner

if TYPE_CHECKING:
    from desktop.gui.admin.interrupted_rotation import InterruptedRotationNotice
    from desktop.gui.shell.workspace import Workspace
    from desktop.gui.start.setup_wizard import SetupWizard
    from desktop.gui.store_access import StoreAccess, StoreState
    from desktop.services.session.session import Session


class MainWindow(QMainWindow):
    def __init__(self, environment: Environment) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.environment = environment
        self.translate = environment.translate
        self.runner = TaskRunner(self)
        self.access: StoreAccess | None = None
        self.opening = False  # True while a store folder is being looked at
        self.session: Session | None = None
        self.workspace: Workspace | None = None
        self.wizard: SetupWizard | None = None
        self.rotation_notice: InterruptedRotationNotice | None = None  # after a login that settled a key rotation
        self.translators: list[QTranslator] = []
        self._first_paint: FirstPaint | None = FirstPaint(self)
        self.setWindowTitle(self.tr("Declarations of business involvement"))
        self.resize(1100, 720)

        self.banner = QLabel(
            self.tr("DEMO STORE: made-up data and weak key protection. Never enter real declarations here."), self
        )
        self.banner.setObjectName("demoBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("mainStack")
        self.login_page = LoginPage(self.runner, self.translate, self.stack)
        self.welcome_page = WelcomePage(self.stack)
        self.stack.addWidget(self.login_page)
        self.stack.addWidget(self.welcome_page)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.shell_actions = ShellActions(self)
        self.status = SessionStatus(self.statusBar(), self.translate)
        self.idle = IdleWatcher(environment.settings.idle_lock_seconds, self)

        self.login_page.logged_in.connect(self._logged_in)
        self.login_page.open_other.connect(self.choose_folder)
        self.welcome_page.open_other.connect(self.choose_folder)
        self.welcome_page.create_store.connect(self.start_setup)
        self.shell_actions.open_store.triggered.connect(self.choose_folder)
        self.shell_actions.settings.triggered.connect(self.open_settings)
        self.shell_actions.quit.triggered.connect(self.close)
        self.shell_actions.lock.triggered.connect(lambda: self.lock())
        self.shell_actions.change_password.triggered.connect(self.change_password)
        self.shell_actions.about.triggered.connect(self.about)
        self.shell_actions.user_guide.triggered.connect(self.show_user_guide)
        self.idle.idle.connect(self._idle)

    # -- opening a store folder ------------------------------------------------------------------------------------

    def open_folder(self, folder: Path) -> None:
        """Look at ``folder`` in a pool thread (the first time, this imports the heavy modules), once the window
        has been painted: the importing thread would otherwise compete with the first paint."""
        self.access = None
        self.opening = True
        self.banner.hide()
        self.login_page.show_opening(str(folder))
        self.stack.setCurrentWidget(self.login_page)
        if self._first_paint is not None:
            self._first_paint.then(lambda: self._look(folder))
        else:
            self._look(folder)

    def _look(self, folder: Path) -> None:
        self._first_paint = None
        connect = self.environment.connect

        def look(_progress: object) -> tuple[StoreAccess, StoreState]:
            access = connect(folder)
            return access, access.state()

        self.runner.start(look, on_done=lambda found: self._show_store(*found), on_error=self._open_failed, owner=self)

    def _show_store(
        self, access: StoreAccess, state: StoreState, selected: str | None = None, message: str = ""
    ) -> None:
        self.access = access
        self.opening = False
        self.banner.setVisible(state.demo)
        if state.exists:
            self.login_page.show_store(access, state, selected, message)
            self.stack.setCurrentWidget(self.login_page)
        else:
            self.welcome_page.show_folder(str(state.folder))
            self.stack.setCurrentWidget(self.welcome_page)

    def _open_failed(self, error: BaseException) -> None:
        self.access = None
        self.opening = False
        self.login_page.show_error(error_text(error, self.translate))

    def choose_folder(self) -> None:
        start = str(self.access.folder) if self.access else str(self.environment.first_folder)
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a store folder"), start)
        if folder:
            self.open_folder(Path(folder))

    def start_setup(self) -> None:
        from desktop.gui.start.setup_wizard import SetupWizard

        if self.access is None:
            return
        self.wizard = SetupWizard(self.access, self.runner, self.translate, self.stack)
        self.wizard.created.connect(self._store_created)
        self.wizard.cancelled.connect(self._setup_cancelled)
        self.stack.addWidget(self.wizard)
        self.stack.setCurrentWidget(self.wizard)

    def _drop_wizard(self) -> None:
        if self.wizard is not None:
            self.stack.removeWidget(self.wizard)
            self.wizard.deleteLater()
            self.wizard = None

    def _store_created(self, session: Session) -> None:
        self._drop_wizard()
        self._logged_in(session)

    def _setup_cancelled(self) -> None:
        self._drop_wizard()
        self.stack.setCurrentWidget(self.welcome_page)

    # -- the session -------------------------------------------------------------------------------------------------

    def _logged_in(self, session: Session) -> None:
        from desktop.gui.pages import PageContext
        from desktop.gui.shell.workspace import Workspace
        from desktop.services.administration.units import unit_name

        self.session = session
        self.banner.setVisible(session.store.demo)
        environment = self.environment
        context = PageContext(session, self.translate, self.runner, lambda: environment.settings.idle_lock_seconds)
        self.workspace = Workspace(context, self.stack)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.status.show_session(session, unit_name(session, session.account.unit_code), session.store.demo)
        self.shell_actions.set_logged_in(True)
        self.idle.start()
        if session.store.interrupted_rotation.value != "none":  # opening the store settled a key rotation
            from desktop.gui.admin.interrupted_rotation import InterruptedRotationNotice

            self.rotation_notice = InterruptedRotationNotice(context, self)
            self.rotation_notice.show()

    def lock(self, message: str = "") -> None:
        """Forget the keys (session.lock()) and return to the login page with the same account selected."""
        session = self.session
        if session is None:
            return
        self.idle.stop()
        if self.workspace is not None:
            # Hidden first, while the keys are still there: a page saves what was typed in its hideEvent.
            self.stack.setCurrentWidget(self.login_page)
            self.workspace.hide()
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.runner.cancel_all()
        self.runner.wait(10_000)  # no task may still hold the store when its key is zeroed
        login = session.account.login
        session.lock()
        self.session = None
        self.status.clear()
        self.shell_actions.set_logged_in(False)
        message = message or self.tr("Locked. Enter the password to continue.")
        if self.access is None:
            return
        try:
            state = self.access.state()
        except Exception as error:  # the key file went missing: say so on the login page
            self.login_page.show_error(error_text(error, self.translate))
            self.stack.setCurrentWidget(self.login_page)
            return
        self._show_store(self.access, state, login, message)

    def _idle(self) -> None:
        if self.runner.busy:  # the person is waiting for work to finish, not away
            self.idle.start()
            return
        minutes = max(1, round(self.idle.seconds / 60))
        self.lock(self.tr("Locked after %n minute(s) without use. Enter the password to continue.", "", minutes))

    # -- dialogs ---------------------------------------------------------------------------------------------------

    def open_settings(self) -> None:
        from desktop.gui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.environment.settings, self)
        dialog.saved.connect(self._settings_saved)
        dialog.open()

    def _settings_saved(self, settings: object) -> None:
        self.environment.save_settings(settings)  # type: ignore[arg-type]  # the signal carries Settings
        self.idle.set_seconds(self.environment.settings.idle_lock_seconds)
        unlock = self.session.signing_unlock if self.session is not None else None
        if unlock is not None:  # a shorter idle lock shortens signing unlocked already
            unlock.idle_seconds = min(unlock.idle_seconds, self.environment.settings.idle_lock_seconds)

    def change_password(self) -> None:
        from desktop.gui.dialogs.change_password import ChangePasswordDialog

        if self.session is not None:
            dialog = ChangePasswordDialog(self.session, self.runner, self.translate, self)
            dialog.changed.connect(lambda: self.statusBar().showMessage(self.tr("Your password was changed."), 8000))
            dialog.open()

    def about(self) -> None:
        from desktop.gui.dialogs.about import AboutDialog

        if self.session is not None:
            AboutDialog(self.session, self).open()

    def show_user_guide(self) -> None:
        from desktop.gui.dialogs.user_guide import UserGuideDialog

        UserGuideDialog(self).open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.wizard is not None and self.wizard.showing_recovery_key:
            answer = QMessageBox.question(
                self,
                self.tr("Quit without the recovery key?"),
                self.tr("The recovery key will never be shown again. Quit anyway?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        if self.wizard is not None:
            self.wizard.reject()  # locks a store created but not confirmed
        self.lock()
        self.runner.cancel_all()
        self.runner.wait(10_000)
        event.accept()
