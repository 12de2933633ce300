"""Receiving an officer's own signed declaration exported on another computer (``officer-declare export --own``).

``FileReceiver`` asks for the file, runs ``desktop.services.workflow.receive.receive`` off the GUI thread, asks for
the file password when the workbook is protected, and says what came in: the officer, the version and the key's
fingerprint with its standing. A key other than the one(s) on record is refused by the service; ``KeyChangedDialog``
shows both fingerprints and receives the file only once the head confirms having checked the new one with the officer
in person.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.exchange.xlsx.safety import EncryptedWorkbook
from desktop.gui.errors import error_text
from desktop.gui.qt_typing import named
from desktop.gui.widgets.message_label import MessageLabel
from desktop.gui.worker import Progress, TaskRunner
from desktop.i18n import Translator
from desktop.services.session.session import Session
from desktop.services.workflow.receive import KeyStanding, OfficerKeyChanged, Received, receive


def _fingerprint_label(text: str, name: str) -> QLabel:
    label = named(QLabel(text), name)
    label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class KeyChangedDialog(QDialog):
    """The warning for a key that differs from the one(s) on record: accepted only with the confirmation ticked."""

    def __init__(self, error: OfficerKeyChanged, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyChangedDialog")
        self.setWindowTitle(self.tr("The officer's key has changed"))
        self.setMinimumWidth(560)
        name = str(error.fields.get("name", ""))
        warning = QLabel(
            self.tr(
                "The declaration of {name} ({police_number}) is signed with a key that differs from the one on record "
                "for this officer. It may be a new key after a password reset, or someone signing in the officer's "
                "name. Nothing has been received yet."
            ).format(name=name, police_number=error.officer),
        )
        warning.setObjectName("keyChangedWarning")
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #a4161a; font-weight: bold;")
        advice = QLabel(
            self.tr(
                "Compare the fingerprint in the file with the officer in person (or by phone). "
                "Receive it only if the officer confirms it as their own new key."
            ),
        )
        advice.setObjectName("keyChangedAdvice")
        advice.setWordWrap(True)
        self.file_fingerprint = _fingerprint_label(error.fingerprint, "keyChangedFingerprint")
        self.known_fingerprints = _fingerprint_label("\n".join(error.known), "keyChangedKnown")
        self.confirm = QCheckBox(self.tr("I have confirmed the new fingerprint with the officer in person"))
        self.confirm.setObjectName("keyChangedConfirm")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button = buttons.addButton(
            self.tr("Receive with the new key"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button.setObjectName("keyChangedAccept")
        self.accept_button.setEnabled(False)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("keyChangedCancel")
        self.cancel_button.setDefault(True)
        self.confirm.toggled.connect(self.accept_button.setEnabled)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addWidget(QLabel(self.tr("Key in the file:")))
        layout.addWidget(self.file_fingerprint)
        layout.addWidget(QLabel(self.tr("Keys on record for the officer:")))
        layout.addWidget(self.known_fingerprints)
        layout.addWidget(advice)
        layout.addWidget(self.confirm)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if self.confirm.isChecked():  # a deliberate confirmation, never the default
            super().accept()


class FileReceiver(QObject):
    """Runs one receive at a time for the head's page. ``received(police_number)`` once a declaration came in;
    ``busy_changed(bool)`` while it works."""

    received = Signal(str)
    busy_changed = Signal(bool)

    def __init__(
        self, session: Session, translate: Translator, runner: TaskRunner, message: MessageLabel, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.session, self.translate, self.runner, self.message = session, translate, runner, message
        self.widget = parent
        self._runs = 0  # receives under way (a retry with the password or the new key starts inside the last one)
        self.key_dialog: KeyChangedDialog | None = None

    @property
    def busy(self) -> bool:
        return self._runs > 0 or self.key_dialog is not None

    def choose(self) -> None:
        if self.busy:
            return
        chosen, _filter = QFileDialog.getOpenFileName(
            self.widget, self.tr("Receive a declaration file"), str(Path.home()), self.tr("Excel workbook (*.xlsx)")
        )
        if chosen:
            self.start(Path(chosen))

    def start(self, path: Path, password: str | None = None, *, confirmed_fingerprint: str | None = None) -> None:
        """Receive ``path``; ``confirmed_fingerprint``: the changed key the head confirmed in the warning (only that
        key is accepted)."""
        session = self.session
        self.message.info(self.tr("Receiving {file}…").format(file=path.name))

        def work(_progress: Progress) -> Received:
            return receive(
                session,
                path,
                password,
                accept_new_key=confirmed_fingerprint is not None,
                confirmed_fingerprint=confirmed_fingerprint,
            )

        self._runs += 1
        self.runner.start(
            work,
            on_done=self._done,
            on_error=lambda error: self._failed(error, path, password),
            on_finished=self._finished,
            owner=self,
        )
        self.busy_changed.emit(True)

    def _finished(self) -> None:
        self._runs -= 1
        self.busy_changed.emit(self.busy)

    def _done(self, received: Received) -> None:
        record = received.record
        officer = record.declaration.officer
        text = self.tr(
            "Received version {version} of the declaration of {name} ({police_number}); it waits for "
            "your countersignature."
        ).format(version=record.version, name=officer.name, police_number=officer.police_number)
        fingerprint = received.officer_fingerprint
        if received.key_standing is KeyStanding.NEW:
            text += " " + self.tr(
                "The officer's key {fingerprint} is new to this store: before countersigning, "
                "compare this fingerprint with the officer in person or by phone."
            ).format(fingerprint=fingerprint)
            self.message.warning(text)
        elif received.key_standing is KeyStanding.CHANGED:
            text += " " + self.tr(
                "The officer's key {fingerprint} replaces the key(s) on record ({known}), as you "
                "confirmed with the officer."
            ).format(fingerprint=fingerprint, known=", ".join(received.known_fingerprints))
            self.message.warning(text)
        else:
            text += " " + self.tr("The officer's key {fingerprint} is one this store knows for the officer.").format(
                fingerprint=fingerprint
            )
            self.message.success(text)
        self.received.emit(officer.police_number)

    def _failed(self, error: BaseException, path: Path, password: str | None) -> None:
        if isinstance(error, OfficerKeyChanged):
            self._confirm_new_key(error, path, password)
        elif isinstance(error, EncryptedWorkbook):
            self._ask_password(error, path)
        else:
            self.message.error(error_text(error, self.translate))

    def _ask_password(self, error: EncryptedWorkbook, path: Path) -> None:
        label = self.tr("{file} is protected by a password. Enter the file password to receive it:").format(
            file=path.name
        )
        if error.code == "wrong_password":
            label = error_text(error, self.translate) + "\n" + label
        password, ok = QInputDialog.getText(self.widget, self.tr("File password"), label, QLineEdit.EchoMode.Password)
        if ok and password:
            self.start(path, password)
        else:  # the core's message names the command line's ways to give a password: not for a window user
            self.message.info(
                self.tr("Nothing was received from {file}: no file password was given.").format(file=path.name)
            )

    def _confirm_new_key(self, error: OfficerKeyChanged, path: Path, password: str | None) -> None:
        self.message.clear_message()
        dialog = KeyChangedDialog(error, self.widget)
        self.key_dialog = dialog

        def closed(result: int) -> None:
            self.key_dialog = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted.value:
                self.start(path, password, confirmed_fingerprint=error.fingerprint)
            else:
                self.message.info(
                    self.tr("Nothing was received from {file}: the officer's key was not confirmed.").format(
                        file=path.name
                    )
                )
                self.busy_changed.emit(self.busy)

        dialog.finished.connect(closed)
        dialog.open()
        self.busy_changed.emit(True)
