"""The status bar after login: who is logged in, with which roles, in which unit, and whether it is a demo store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desktop.domain.roles import ROLE_LABELS, Role
from desktop.i18n import Translator

if TYPE_CHECKING:
    from desktop.services.session.session import Session


class SessionStatus(QWidget):
    """Four labels in the status bar, empty while nobody is logged in."""

    def __init__(self, status_bar: QStatusBar, translate: Translator) -> None:
        super().__init__(status_bar)
        self._translate = translate
        self.account = self._label("statusAccount", status_bar)
        self.roles = self._label("statusRoles", status_bar)
        self.unit = self._label("statusUnit", status_bar)
        self.demo = self._label("statusDemo", status_bar)

    @staticmethod
    def _label(name: str, status_bar: QStatusBar) -> QLabel:
        label = QLabel(status_bar)
        label.setObjectName(name)
        status_bar.addPermanentWidget(label)
        label.hide()
        return label

    def show_session(self, session: Session, unit_name: str | None, demo: bool) -> None:
        account = session.account
        name = account.login if account.display_name == account.login else f"{account.display_name} ({account.login})"
        roles = self.tr(", ").join(self._translate(ROLE_LABELS[role]) for role in Role if account.has(role))
        unit = account.unit_code or ""
        if unit_name:
            unit = f"{unit_name} ({unit})"
        self._set(self.account, self.tr("Account: {name}").format(name=name))
        self._set(self.roles, self.tr("Roles: {roles}").format(roles=roles))
        self._set(self.unit, self.tr("Unit: {unit}").format(unit=unit) if unit else "")
        self._set(self.demo, self.tr("DEMO STORE") if demo else "")

    def clear(self) -> None:
        for label in (self.account, self.roles, self.unit, self.demo):
            self._set(label, "")

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
