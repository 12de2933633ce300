"""Asking for the password at the moment of signing: the signature is the officer's act, not only the login's."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.gui.qt_typing import named


class PasswordDialog(QDialog):
    """After ``accepted``, ``take_password()`` returns the password once and clears the field."""

    def __init__(self, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setWindowTitle(self.tr("Sign with your password"))
        text = QLabel(explanation)
        text.setWordWrap(True)
        self.field = named(QLineEdit(), "passwordField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText(self.tr("Your login password"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Sign"))
        self.ok_button.setObjectName("passwordOk")
        self.ok_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("passwordCancel")
        self.field.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text)))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.field)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def take_password(self) -> str:
        password = self.field.text()
        self.field.clear()
        return password

    def reject(self) -> None:
        self.field.clear()
        super().reject()
