"""The first-run wizard: the first unit, the administrator, then the recovery key, shown this once.

The store is created when the administrator page is committed (in a pool thread: the key derivation is tuned to
take a noticeable moment). From then on there is no way back: the last page shows the recovery key and cannot be
finished before the person confirms having written it down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget, QWizard, QWizardPage

from desktop.errors import DeclareError
from desktop.gui.errors import error_text
from desktop.gui.widgets.message_label import MessageLabel
from desktop.gui.widgets.password_fields import PasswordFields
from desktop.gui.worker import TaskRunner
from desktop.i18n import Translator
from desktop.services.session.login import check_login

if TYPE_CHECKING:
    from desktop.gui.store_access import StoreAccess
    from desktop.services.session.setup import NewStore


class UnitPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("The first unit"))
        self.setSubTitle(
            self.tr(
                "The unit that keeps this store, usually the bureau. The other units come with the "
                "roster (花名册) later."
            )
        )
        self.code = QLineEdit(self)
        self.code.setObjectName("unitCodeEdit")
        self.name = QLineEdit(self)
        self.name.setObjectName("unitNameEdit")
        form = QFormLayout(self)
        form.addRow(self.tr("Unit code:"), self.code)
        form.addRow(self.tr("Unit name:"), self.name)
        # The asterisk makes the field mandatory: Next stays disabled while it is empty.
        self.registerField("unitCode*", self.code)
        self.registerField("unitName*", self.name)

    def isComplete(self) -> bool:
        return bool(self.code.text().strip() and self.name.text().strip())


class AdministratorPage(QWizardPage):
    def __init__(
        self, access: StoreAccess, runner: TaskRunner, translate: Translator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._access = access
        self._runner = runner
        self._translate = translate
        self._busy = False
        self.new_store: NewStore | None = None
        self.setTitle(self.tr("The administrator"))
        self.setSubTitle(
            self.tr(
                "The administrator creates accounts, imports the roster and makes backups. The "
                "login name is stored unencrypted, so use 'admin' or a police number, not a "
                "personal name."
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create the store"))
        self.login = QLineEdit("admin", self)
        self.login.setObjectName("adminLoginEdit")
        self.login_problem = MessageLabel("adminLoginMessage", self)
        self.passwords = PasswordFields(translate, lambda: self.login.text().strip(), "admin", self)
        self.message = MessageLabel("setupMessage", self)
        form = QFormLayout()
        form.addRow(self.tr("Login name:"), self.login)
        form.addRow(self.login_problem)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.passwords)
        column.addStretch()
        column.addWidget(self.message)
        self.login.textChanged.connect(self._login_changed)
        self.passwords.changed.connect(self.completeChanged)

    def _login_problem(self) -> str:
        try:
            check_login(self.login.text().strip())
        except DeclareError as error:
            return error.render(self._translate)
        return ""

    def _login_changed(self) -> None:
        problem = self._login_problem()
        if problem:
            self.login_problem.error(problem)
        else:
            self.login_problem.clear_message()
        self.passwords.refresh()

    def isComplete(self) -> bool:
        return not self._busy and not self._login_problem() and self.passwords.password() is not None

    def validatePage(self) -> bool:
        if self.new_store is not None:
            return True
        password = self.passwords.password()
        if self._busy or password is None:
            return False
        self._busy = True
        self.completeChanged.emit()
        self.message.info(self.tr("Creating the encrypted store… This takes a few seconds."))
        wizard = self.wizard()
        access, login = self._access, self.login.text().strip()
        code, name = wizard.field("unitCode"), wizard.field("unitName")
        self._runner.start(
            lambda _progress: access.create(unit_code=code, unit_name=name, admin_login=login, admin_password=password),
            on_done=self._created,
            on_error=self._failed,
            owner=self,
        )
        return False

    def _created(self, new_store: NewStore) -> None:
        self.new_store = new_store
        self._busy = False
        self.passwords.clear()
        self.message.clear_message()
        self.wizard().next()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.message.error(error_text(error, self._translate))
        self.completeChanged.emit()


class RecoveryKeyPage(QWizardPage):
    def __init__(self, administrator: AdministratorPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._administrator = administrator
        self.setTitle(self.tr("The recovery key"))
        self.setSubTitle(self.tr("The store is created. Write this key down now: it is shown only this once."))
        self.key = QLabel(self)
        self.key.setObjectName("recoveryKeyLabel")
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        explanation = QLabel(
            self.tr(
                "With the recovery key, a forgotten administrator password can be reset. Without it, and without an "
                "administrator who still knows a password, nobody can ever open the data again. Write it on paper and "
                "keep it locked away; do not store it on this computer."
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.confirm = QCheckBox(self.tr("I have written the recovery key down and will keep it safe"), self)
        self.confirm.setObjectName("recoveryCheck")
        self.confirm.toggled.connect(self.completeChanged)
        column = QVBoxLayout(self)
        column.addWidget(self.key)
        column.addWidget(explanation)
        column.addStretch()
        column.addWidget(self.confirm)

    def initializePage(self) -> None:
        new_store = self._administrator.new_store
        self.key.setText(new_store.recovery_key if new_store else "")

    def isComplete(self) -> bool:
        return self.confirm.isChecked()


class SetupWizard(QWizard):
    """Emits ``created(session)`` (the administrator, logged in) when finished, ``cancelled`` otherwise."""

    created = Signal(object)
    cancelled = Signal()

    def __init__(
        self, access: StoreAccess, runner: TaskRunner, translate: Translator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.setWindowFlags(Qt.WindowType.Widget)  # a page of the main window, not a dialog of its own
        self.setWindowTitle(self.tr("New store"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.unit_page = UnitPage(self)
        self.administrator_page = AdministratorPage(access, runner, translate, self)
        self.recovery_page = RecoveryKeyPage(self.administrator_page, self)
        for page in (self.unit_page, self.administrator_page, self.recovery_page):
            self.addPage(page)
        self.finished.connect(self._finished)

    @property
    def showing_recovery_key(self) -> bool:
        """True while the key is on screen and not yet confirmed: closing now would lose it."""
        return self.currentPage() is self.recovery_page and not self.recovery_page.confirm.isChecked()

    def _finished(self, result: int) -> None:
        new_store = self.administrator_page.new_store
        self.recovery_page.key.clear()
        self.administrator_page.new_store = None
        if result == QWizard.DialogCode.Accepted.value and new_store is not None:
            self.created.emit(new_store.session)
        else:
            if new_store is not None:  # cannot happen through the buttons; never leave keys open behind us
                new_store.session.lock()
            self.cancelled.emit()
