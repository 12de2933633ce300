"""A new password typed twice, with the password policy and the current problem shown inline as one types."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from desktop.domain.password_policy import MIN_LENGTH, check_password
from desktop.gui.widgets.message_label import MessageLabel
from desktop.i18n import Translator


class PasswordFields(QWidget):
    """Two password fields in a form. ``password()`` is the password once it meets the policy and both agree."""

    changed = Signal()

    def __init__(
        self,
        translate: Translator,
        login: Callable[[], str],
        name: str,
        parent: QWidget | None = None,
        *,
        label: str = "",
    ) -> None:
        """``label`` names the first field (default "New password:"; a file's password is not a new login
        password)."""
        super().__init__(parent)
        self._translate = translate
        self._login = login
        self.first = QLineEdit(self)
        self.first.setObjectName(f"{name}PasswordEdit")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit(self)
        self.second.setObjectName(f"{name}RepeatEdit")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.policy = MessageLabel(f"{name}PolicyLabel", self)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(label or self.tr("New password:"), self.first)
        layout.addRow(self.tr("Repeat it:"), self.second)
        layout.addRow(self.policy)
        for field in (self.first, self.second):
            field.textChanged.connect(self.refresh)
        self.refresh()

    def rules(self) -> str:
        return self.tr(
            "At least {minimum} characters, not one of the common passwords that are guessed first, "
            "and not the login name. A short sentence is easy to remember and hard to guess."
        ).format(minimum=MIN_LENGTH)

    def problem(self) -> str:
        """What is wrong now, or '' (nothing typed yet counts as a problem without a message)."""
        first, second = self.first.text(), self.second.text()
        if not first:
            return ""
        problems = check_password(first, self._login())
        if problems:
            return problems[0].render(self._translate)
        if second and second != first:
            return self.tr("The two passwords differ.")
        return ""

    def refresh(self) -> None:
        problem = self.problem()
        if problem:
            self.policy.error(problem)
        elif self.password() is not None:
            self.policy.success(self.tr("The password meets the policy."))
        else:
            self.policy.info(self.rules())
        self.changed.emit()

    def password(self) -> str | None:
        first = self.first.text()
        if first and first == self.second.text() and not check_password(first, self._login()):
            return first
        return None

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()
