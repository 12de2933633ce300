"""Creating an account, and resetting another account's password (which issues a new key pair)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.accounts import Account
from desktop.domain.roles import ROLE_LABELS, Role
from desktop.domain.units import Unit
from desktop.gui.errors import error_text
from desktop.gui.pages import PageContext
from desktop.gui.widgets.message_label import MessageLabel
from desktop.gui.widgets.password_fields import PasswordFields
from desktop.services.administration.accounts import add_account, admin_reset_password

_ROLE_NAMES = {Role.OFFICER: "Officer", Role.UNIT_HEAD: "UnitHead", Role.INSPECTOR: "Inspector", Role.ADMIN: "Admin"}


class _AccountWorkDialog(QDialog):
    """A dialog whose OK button runs one use case in the runner and closes when it succeeded."""

    completed = Signal(object)

    def __init__(self, context: PageContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._context = context
        self._busy = False
        self.message = MessageLabel("accountMessage", self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.rejected.connect(self.reject)

    def _add_ok(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setDefault(True)
        self.buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        button.clicked.connect(self._submit)
        self.ok = button
        return button

    def _ready(self) -> bool:
        raise NotImplementedError

    def _work(self) -> Callable[[object], object]:
        raise NotImplementedError

    def update_button(self) -> None:
        self.ok.setEnabled(not self._busy and self._ready())

    def _submit(self) -> None:
        if not self._ready() or self._busy:
            return
        work = self._work()
        self._busy = True
        self.update_button()
        self.message.info(self.tr("Working… the keys are being made."))
        self._context.runner.start(work, on_done=self._succeeded, on_error=self._failed, owner=self)

    def _succeeded(self, result: object) -> None:
        self.completed.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.message.error(error_text(error, self._context.translate))
        self.update_button()


class NewAccountDialog(_AccountWorkDialog):
    """Emits ``completed(account)``."""

    def __init__(self, context: PageContext, units: list[Unit], parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("newAccountDialog")
        self.setWindowTitle(self.tr("New account"))
        self.login = QLineEdit(self)
        self.login.setObjectName("newLoginEdit")
        self.login.setPlaceholderText(self.tr("e.g. the police number"))
        self.roles: dict[Role, QCheckBox] = {}
        role_row = QHBoxLayout()
        for role in Role:
            box = QCheckBox(context.translate(ROLE_LABELS[role]), self)
            box.setObjectName(f"role{_ROLE_NAMES[role]}Check")
            box.toggled.connect(self.update_button)
            self.roles[role] = box
            role_row.addWidget(box)
        self.police_number = QLineEdit(self)
        self.police_number.setObjectName("policeNumberEdit")
        self.police_number.setPlaceholderText(self.tr("needed for officers; the officer must be on the roster"))
        self.unit = QComboBox(self)
        self.unit.setObjectName("unitCombo")
        self.unit.addItem(self.tr("(the officer's unit, or none)"), None)
        for unit in units:
            self.unit.addItem(f"{unit.name} ({unit.code})", unit.code)
        self.passwords = PasswordFields(context.translate, lambda: self.login.text().strip(), "initial", self)
        hint = QLabel(
            self.tr("Give the initial password to the person in person; they can change it after logging in."), self
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Login name:"), self.login)
        form.addRow(self.tr("Roles:"), role_row)
        form.addRow(self.tr("Police number:"), self.police_number)
        form.addRow(self.tr("Unit:"), self.unit)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.passwords)
        column.addWidget(hint)
        column.addWidget(self.message)
        column.addWidget(self.buttons)
        self._add_ok(self.tr("Create account"), "createAccountButton")
        self.login.textChanged.connect(self.update_button)
        self.passwords.changed.connect(self.update_button)
        self.update_button()

    def _ready(self) -> bool:
        return (
            bool(self.login.text().strip())
            and any(b.isChecked() for b in self.roles.values())
            and self.passwords.password() is not None
        )

    def _work(self) -> Callable[[object], Account]:
        session = self._context.session
        login, password = self.login.text().strip(), self.passwords.password() or ""
        roles = frozenset(role for role, box in self.roles.items() if box.isChecked())
        police_number = self.police_number.text().strip() or None
        unit_code = self.unit.currentData()
        return lambda _progress: add_account(
            session, login=login, password=password, roles=roles, police_number=police_number, unit_code=unit_code
        )


class ResetPasswordDialog(_AccountWorkDialog):
    """Emits ``completed(account)``. Says plainly that the account gets a new key pair."""

    def __init__(self, context: PageContext, login: str, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(self.tr("Reset the password of {login}").format(login=login))
        self._login = login
        warning = MessageLabel("resetWarning", self)
        warning.warning(
            self.tr(
                "A reset issues a new key pair for {login}: the old private key opens only with the old "
                "password, which "
                "nobody else knows. Signatures made before stay valid (the old public key is kept to verify them); new "
                "signatures use the new key. Use a reset only when the password is lost; to change a known password, "
                "the person does it themselves."
            ).format(login=login)
        )
        self.passwords = PasswordFields(context.translate, lambda: login, "reset", self)
        column = QVBoxLayout(self)
        column.addWidget(warning)
        column.addWidget(self.passwords)
        column.addWidget(self.message)
        column.addWidget(self.buttons)
        self._add_ok(self.tr("Reset password and issue new keys"), "resetButton")
        self.passwords.changed.connect(self.update_button)
        self.update_button()

    def _ready(self) -> bool:
        return self.passwords.password() is not None

    def _work(self) -> Callable[[object], Account]:
        session, login, password = self._context.session, self._login, self.passwords.password() or ""
        return lambda _progress: admin_reset_password(session, login, password)
