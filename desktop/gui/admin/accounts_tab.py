"""Accounts: the list, a new account, a password reset for someone else, disabling (and revoking) an account, and
changing one's own password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.accounts import Account
from desktop.domain.roles import ROLE_LABELS, Role
from desktop.gui.admin.account_dialogs import NewAccountDialog, ResetPasswordDialog
from desktop.gui.admin.revoke_dialog import DisableAccountDialog, NewRecoveryKeyDialog
from desktop.gui.errors import error_text
from desktop.gui.pages import PageContext
from desktop.gui.widgets.message_label import MessageLabel
from desktop.services.administration.accounts import list_accounts
from desktop.services.administration.revocation import Rotation
from desktop.services.administration.units import units


class AccountsTab(QWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsTab")
        self._context = context
        self.accounts: list[Account] = []
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("accountTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Login"),
                self.tr("Name"),
                self.tr("Roles"),
                self.tr("Police number"),
                self.tr("Unit"),
                self.tr("Key fingerprint"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.message = MessageLabel("accountsMessage", self)
        new = QPushButton(self.tr("New account…"), self)
        new.setObjectName("newAccountButton")
        self.reset_button = QPushButton(self.tr("Reset password…"), self)
        self.reset_button.setObjectName("resetPasswordButton")
        self.disable_button = QPushButton(self.tr("Disable…"), self)
        self.disable_button.setObjectName("disableAccountButton")
        own = QPushButton(self.tr("Change my password…"), self)
        own.setObjectName("changeOwnPasswordButton")
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.disable_button)
        buttons.addStretch()
        buttons.addWidget(own)
        column = QVBoxLayout(self)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addLayout(buttons)
        new.clicked.connect(self.new_account)
        self.reset_button.clicked.connect(self.reset_password)
        self.disable_button.clicked.connect(self.disable_account)
        own.clicked.connect(self.change_own_password)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.reload()

    def reload(self) -> None:
        try:
            self.accounts = list_accounts(self._context.session)
        except Exception as error:  # the store may have been locked or damaged meanwhile
            self.message.error(error_text(error, self._context.translate))
            return
        translate = self._context.translate
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.accounts))
        for row, account in enumerate(self.accounts):
            roles = self.tr(", ").join(translate(ROLE_LABELS[r]) for r in Role if account.has(r))
            if account.disabled:
                roles = self.tr("{roles} (disabled)").format(roles=roles)
            values = [
                account.login,
                account.display_name,
                roles,
                account.police_number or "",
                account.unit_code or "",
                account.fingerprint,
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected_login(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item is not None else None

    def select(self, login: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.text() == login:
                self.table.selectRow(row)
                return

    def _selection_changed(self) -> None:
        login = self.selected_login()
        someone_else = login is not None and login != self._context.session.account.login
        self.reset_button.setEnabled(someone_else)
        disabled = {a.login for a in self.accounts if a.disabled}
        self.disable_button.setEnabled(someone_else and login not in disabled)

    def new_account(self) -> None:
        dialog = NewAccountDialog(self._context, units(self._context.session), self)
        dialog.completed.connect(self._created)
        dialog.open()

    def _created(self, account: Account) -> None:
        self.reload()
        self.select(account.login)
        self.message.success(self.tr("Created the account {login}.").format(login=account.login))

    def reset_password(self) -> None:
        login = self.selected_login()
        if login is None:
            return
        dialog = ResetPasswordDialog(self._context, login, self)
        dialog.completed.connect(self._reset)
        dialog.open()

    def _reset(self, account: Account) -> None:
        self.reload()
        self.select(account.login)
        self.message.success(
            self.tr("{login} has a new password and a new key pair (fingerprint {fingerprint}).").format(
                login=account.login, fingerprint=account.fingerprint
            )
        )

    def disable_account(self) -> None:
        login = self.selected_login()
        if login is None:
            return
        dialog = DisableAccountDialog(self._context, login, self)
        dialog.completed.connect(lambda rotation: self._disabled(login, rotation))
        dialog.open()

    def _disabled(self, login: str, rotation: Rotation | None) -> None:
        self.reload()
        self.select(login)
        self.message.success(self.tr("{login} is disabled.").format(login=login))
        if rotation is not None:
            NewRecoveryKeyDialog(rotation, self).open()

    def change_own_password(self) -> None:
        from desktop.gui.dialogs.change_password import ChangePasswordDialog

        dialog = ChangePasswordDialog(self._context.session, self._context.runner, self._context.translate, self)
        dialog.changed.connect(lambda: self.message.success(self.tr("Your password was changed.")))
        dialog.open()
