"""The login screen: the accounts of the store (from its key file, no password needed) and a password field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.errors import error_text
from desktop.gui.widgets.message_label import MessageLabel
from desktop.gui.worker import TaskRunner
from desktop.i18n import Translator
from desktop.store.errors import LoginThrottled

if TYPE_CHECKING:
    from desktop.gui.store_access import StoreAccess, StoreState
    from desktop.services.session.session import Session


class LoginPage(QWidget):
    """Emits ``logged_in(session)`` after a successful login, ``open_other`` to choose another store folder."""

    logged_in = Signal(object)
    open_other = Signal()

    def __init__(self, runner: TaskRunner, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginPage")
        self._runner = runner
        self._translate = translate
        self._access: StoreAccess | None = None
        self._busy = False
        self._throttled = QTimer(self)
        self._throttled.setSingleShot(True)
        self._throttled.timeout.connect(self._update_button)

        title = QLabel(self.tr("Declarations of business involvement"), self)
        title.setObjectName("appTitle")
        self.folder_label = QLabel(self)
        self.folder_label.setObjectName("storeFolderLabel")
        self.folder_label.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("accountFilter")
        self.filter.setPlaceholderText(self.tr("Type to find your login (e.g. your police number)"))
        self.filter.setClearButtonEnabled(True)
        self.accounts = QListWidget(self)
        self.accounts.setObjectName("accountList")
        self.password = QLineEdit(self)
        self.password.setObjectName("passwordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_button = QPushButton(self.tr("Log in"), self)
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.message = MessageLabel("loginMessage", self)
        other = QPushButton(self.tr("Open another store…"), self)
        other.setObjectName("openOtherStoreButton")
        other.setFlat(True)

        form = QFormLayout()
        form.addRow(self.tr("Find:"), self.filter)
        form.addRow(self.tr("Account:"), self.accounts)
        form.addRow(self.tr("Password:"), self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(other)
        buttons.addStretch()
        buttons.addWidget(self.login_button)
        box = QWidget(self)
        box.setMaximumWidth(520)
        column = QVBoxLayout(box)
        column.addWidget(title)
        column.addWidget(self.folder_label)
        column.addSpacing(12)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.addStretch()
        outer.addWidget(box, 2)
        outer.addStretch()

        self.filter.textChanged.connect(self._filter_accounts)
        self.filter.returnPressed.connect(self.password.setFocus)
        self.accounts.currentTextChanged.connect(self._update_button)
        self.password.textChanged.connect(self._update_button)
        self.password.returnPressed.connect(self.attempt)
        self.login_button.clicked.connect(self.attempt)
        other.clicked.connect(lambda: self.open_other.emit())
        self._update_button()

    def show_opening(self, folder: str) -> None:
        """While the store is being opened (right after start): the page, without accounts yet."""
        self._access = None
        self.folder_label.setText(self.tr("Opening the store in {folder}…").format(folder=folder))
        self.accounts.clear()
        self.message.clear_message()
        self._update_button()

    def show_store(
        self, access: StoreAccess, state: StoreState, selected: str | None = None, message: str = ""
    ) -> None:
        self._access = access
        self.folder_label.setText(self.tr("Store: {folder}").format(folder=str(state.folder)))
        self.accounts.clear()
        self.accounts.addItems(state.logins)
        self._filter_accounts(self.filter.text())
        matches = self.accounts.findItems(selected, Qt.MatchFlag.MatchExactly) if selected else []
        if matches:
            self.accounts.setCurrentItem(matches[0])
        elif len(state.logins) == 1:
            self.accounts.setCurrentRow(0)
        self.password.clear()
        if message:
            self.message.info(message)
        else:
            self.message.clear_message()
        (self.password if self.accounts.currentItem() else self.filter).setFocus()
        self._update_button()

    def show_error(self, text: str) -> None:
        self.message.error(text)

    def selected_login(self) -> str | None:
        item = self.accounts.currentItem()
        return item.text() if item is not None and not item.isHidden() else None

    def _filter_accounts(self, text: str) -> None:
        needle = text.strip().lower()
        first_visible = None
        for row in range(self.accounts.count()):
            item = self.accounts.item(row)
            hidden = bool(needle) and needle not in item.text().lower()
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        current = self.accounts.currentItem()
        if first_visible is not None and (current is None or current.isHidden()):
            self.accounts.setCurrentItem(first_visible)
        self._update_button()

    def _update_button(self) -> None:
        self.login_button.setEnabled(
            self._access is not None
            and not self._busy
            and not self._throttled.isActive()
            and self.selected_login() is not None
            and bool(self.password.text())
        )

    def attempt(self) -> None:
        login, access = self.selected_login(), self._access
        if not self.login_button.isEnabled() or login is None or access is None:
            return
        password = self.password.text()
        self._busy = True
        self._update_button()
        self.message.info(self.tr("Checking the password…"))
        self._runner.start(
            lambda _progress: access.log_in(login, password),
            on_done=self._succeeded,
            on_error=self._failed,
            on_finished=self._finished,
            owner=self,
        )

    def _finished(self) -> None:
        self._busy = False
        self._update_button()

    def _succeeded(self, session: Session) -> None:
        self.password.clear()
        self.message.clear_message()
        self.logged_in.emit(session)

    def _failed(self, error: BaseException) -> None:
        self.password.clear()
        self.password.setFocus()
        self.message.error(error_text(error, self._translate))
        if isinstance(error, LoginThrottled):
            self._throttled.start(error.seconds * 1000)
        self._update_button()
