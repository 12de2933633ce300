"""The head's two decisions on a signed declaration: countersign with an opinion and the password, or return with
a reason. The dialog stays open while the work runs off the GUI thread and shows a refusal in place.

The password is asked only while signing is locked: the countersign dialog offers to keep signing unlocked until the
window locks or for some minutes (never longer than the idle lock), see desktop.services.session.signing_unlock."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.qt_typing import named
from desktop.services.workflow.countersigning import MAX_TEXT
from desktop.services.workflow.key_continuity import KeyContinuity, OfficerKey


class _DecisionDialog(QDialog):
    """A text the head writes, optional extra fields, a busy bar and an error line."""

    def __init__(self, prefix: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(480)
        self.explanation = named(QLabel(), f"{prefix}Explanation")
        self.explanation.setWordWrap(True)
        self.text = named(QPlainTextEdit(), f"{prefix}Text")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(96)
        self.error = named(QLabel(), f"{prefix}Error")
        self.error.setWordWrap(True)
        self.error.setProperty("kind", "error")
        self.error.setStyleSheet("color: #a4161a;")
        self.error.hide()
        self.busy = named(QProgressBar(), f"{prefix}Busy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName(f"{prefix}Ok")
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName(f"{prefix}Cancel")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.explanation)
        self.layout_.addWidget(self.text)
        self.buttons = buttons
        self.text.textChanged.connect(self._update)

    def _finish_layout(self) -> None:
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.busy)
        self.layout_.addWidget(self.buttons)
        self._update()

    def written(self) -> str:
        return self.text.toPlainText().strip()[:MAX_TEXT]

    def _ready(self) -> bool:
        return bool(self.written())

    def _update(self) -> None:
        self.ok_button.setEnabled(self._ready() and not self.busy.isVisible())

    def _submit(self) -> None:
        raise NotImplementedError

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.text.setReadOnly(busy)
        self.cancel_button.setEnabled(not busy)
        if busy:
            self.error.hide()
        self._update()

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.error.show()

    def reject(self) -> None:
        if not self.busy.isVisible():  # the work cannot be taken back once it runs
            super().reject()


class CountersignDialog(_DecisionDialog):
    """``submitted(opinion, password)``; the page runs the countersignature and calls set_busy / show_error."""

    submitted = Signal(str, str)

    #: keep_unlocked() when the head wants the password asked every time
    ASK_EVERY_TIME = -1

    def __init__(
        self,
        officer: str,
        parent: QWidget | None = None,
        *,
        opinion: str = "",
        unlock_minutes: Sequence[int] = (),
        new_key: KeyContinuity | None = None,
    ) -> None:
        super().__init__("countersign", parent)
        self.setObjectName("countersignDialog")
        self.key_check: QCheckBox | None = None
        self.setWindowTitle(self.tr("Countersign"))
        self.explanation.setText(
            self.tr(
                "Countersign the declaration of {officer}: your opinion and your password sign it as checked by you."
            ).format(officer=officer)
        )
        self.ok_button.setText(self.tr("Countersign"))
        self.text.setPlaceholderText(self.tr("Your opinion, e.g. checked item by item; the declaration is true."))
        self.password = named(QLineEdit(), "countersignPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Your login password"))
        self.password.textChanged.connect(self._update)
        self.layout_.addWidget(self.password)
        self.keep = named(QComboBox(), "countersignKeepUnlocked")
        self.keep.addItem(self.tr("Keep signing unlocked until the window locks"), 0)
        for minutes in unlock_minutes:
            self.keep.addItem(self.tr("Keep signing unlocked for %n minute(s)", "", minutes), minutes)
        self.keep.addItem(self.tr("Ask for the password at every countersignature"), self.ASK_EVERY_TIME)
        self.keep.setToolTip(
            self.tr(
                "Each countersignature is still your own signature over the declaration you opened; unlocked, "
                "only the password is not asked again. Locking the window always locks signing."
            )
        )
        self.layout_.addWidget(self.keep)
        self.text.setPlainText(opinion)
        self.text.selectAll()  # kept as it is, or replaced by typing
        self.ok_button.setDefault(True)  # Enter in the password field countersigns
        if new_key is not None:
            self._ask_for_key_confirmation(officer, new_key)
        self._finish_layout()
        self.password.setFocus()  # the focus it gets when the dialog shows

    def keep_unlocked(self) -> int:
        """ASK_EVERY_TIME, 0 (until the window locks) or minutes."""
        return int(self.keep.currentData())

    def _ask_for_key_confirmation(self, officer: str, key: KeyContinuity) -> None:
        """A new or changed officer key: the head must tick that the fingerprint was compared with the officer."""
        warning = named(QLabel(), "officerKeyWarning")
        warning.setWordWrap(True)
        warning.setProperty("kind", "error")
        warning.setStyleSheet("color: #a4161a;")
        text = (
            self.tr(
                "WARNING: {officer} signed with a CHANGED key {fingerprint}: after a password reset, or someone else "
                "signing in the officer's name."
            )
            if key.standing is OfficerKey.CHANGED
            else self.tr("{officer} signed with a key {fingerprint} that no head of this store has endorsed yet.")
        )
        warning.setText(text.format(officer=officer, fingerprint=key.fingerprint))
        self.key_check = named(
            QCheckBox(self.tr("I compared this fingerprint with the officer in person (or by phone)")),
            "officerKeyConfirm",
        )
        self.key_check.toggled.connect(self._update)
        self.layout_.addWidget(warning)
        self.layout_.addWidget(self.key_check)

    @property
    def key_confirmed(self) -> bool:
        return self.key_check is not None and self.key_check.isChecked()

    def _ready(self) -> bool:
        key_ok = self.key_check is None or self.key_check.isChecked()
        return bool(self.written() and self.password.text() and key_ok)

    def _submit(self) -> None:
        if self._ready():
            password = self.password.text()
            self.set_busy(True)
            self.submitted.emit(self.written(), password)

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        self.password.setReadOnly(busy)
        self.keep.setEnabled(not busy)

    def show_error(self, message: str) -> None:
        self.password.clear()  # a wrong password is typed again; the opinion stays
        super().show_error(message)
        self.password.setFocus()

    def done(self, result: int) -> None:
        self.password.clear()
        super().done(result)


class ReturnDialog(_DecisionDialog):
    """``submitted(reason)``: the reason is required, so the officer knows what to correct."""

    submitted = Signal(str)

    def __init__(self, officer: str, parent: QWidget | None = None) -> None:
        super().__init__("return", parent)
        self.setObjectName("returnDialog")
        self.setWindowTitle(self.tr("Return the declaration"))
        self.explanation.setText(
            self.tr(
                "Return the declaration of {officer}: the officer corrects it and signs "
                "again. Say what is to be corrected."
            ).format(officer=officer)
        )
        self.ok_button.setText(self.tr("Return"))
        self.text.setPlaceholderText(self.tr("The reason (required)"))
        self._finish_layout()

    def _submit(self) -> None:
        if self._ready():
            self.set_busy(True)
            self.submitted.emit(self.written())
