"""The top of the officer's page: the campaign and its deadline, the declaration's status, the unit head's reason
when it was returned, and what the officer can do now (an Amend button for a countersigned declaration)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.declarations import DeclarationStatus
from desktop.gui.officer import labels
from desktop.gui.officer.state import DeclarationState
from desktop.gui.qt_typing import named
from desktop.gui.when import shown_date, shown_time
from desktop.i18n import Translator

_CHIP = {
    DeclarationStatus.DRAFT: ("#e8eef7", "#1f4e8c"),
    DeclarationStatus.SIGNED: ("#e3f0ff", "#0b57d0"),
    DeclarationStatus.RETURNED: ("#fdecea", "#a4161a"),
    DeclarationStatus.COUNTERSIGNED: ("#e6f4ea", "#1b6e2a"),
    DeclarationStatus.SUPERSEDED: ("#eeeeee", "#555555"),
}


class StatusBanner(QFrame):
    """``amend_requested`` when the officer asks to change a countersigned declaration."""

    amend_requested = Signal()

    def __init__(self, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBanner")
        self._translate = translate
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.status = named(QLabel(), "statusLabel")
        self.campaign = named(QLabel(), "campaignLabel")
        self.campaign.setWordWrap(True)
        self.amend = named(QPushButton(self.tr("Amend…")), "amendButton")
        self.amend.clicked.connect(self.amend_requested)
        self.amend.hide()
        self.message = named(QLabel(), "statusMessage")
        self.message.setWordWrap(True)
        self.return_reason = named(QLabel(), "returnReason")
        self.return_reason.setWordWrap(True)
        self.return_reason.setStyleSheet(
            "background: #fdecea; color: #7a1014; border: 1px solid #f1b0b0; border-radius: 4px; padding: 6px;"
        )
        self.return_reason.hide()
        top = QHBoxLayout()
        top.addWidget(self.status)
        top.addWidget(self.campaign, 1)
        top.addWidget(self.amend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(self.return_reason)
        layout.addWidget(self.message)

    def show_state(self, state: DeclarationState, today: dt.date, *, amending: bool = False) -> None:
        status = state.status
        background, colour = _CHIP[status]
        self.status.setText(labels.declaration_status(self._translate, status))
        self.status.setStyleSheet(
            f"background: {background}; color: {colour}; font-weight: bold; border-radius: 4px; padding: 3px 10px;"
        )
        self.campaign.setText(self._campaign_text(state, today))
        self.amend.setVisible(status is DeclarationStatus.COUNTERSIGNED and not amending)
        returned = state.last_return
        self.return_reason.setVisible(returned is not None)
        if returned is not None:
            template = (
                self.tr("Returned by the unit head on %1. Reason: %2")
                if status is DeclarationStatus.RETURNED
                else self.tr("Returned earlier, on %1. Reason given then: %2")
            )
            self.return_reason.setText(labels.fill(template, shown_time(returned.returned_at), returned.reason))
        self.message.setText(self._message(state, amending))

    def _campaign_text(self, state: DeclarationState, today: dt.date) -> str:
        campaign = state.campaign
        left = campaign.days_left(today)
        if left > 0:
            when = labels.fill(self.tr("%1 days left"), left)
        elif left == 0:
            when = self.tr("today is the deadline")
        else:
            when = self.tr("the deadline has passed; a signature now is recorded as late")
        return labels.fill(
            self.tr("%1 · deadline %2 (%3) · version %4"),
            campaign.name,
            shown_date(campaign.deadline),
            when,
            state.record.version,
        )

    def _message(self, state: DeclarationState, amending: bool) -> str:
        status = state.status
        signed = state.officer_signature
        counter = state.countersignature
        if amending:
            return self.tr(
                "You are amending a countersigned declaration. Your first change saves it as a new version, "
                "which you sign again and the unit head countersigns again."
            )
        if status is DeclarationStatus.DRAFT:
            return self.tr(
                "Fill in every page, check the review, read the commitment and sign. Your changes are "
                "saved automatically."
            )
        if status is DeclarationStatus.RETURNED:
            return self.tr("Correct the declaration as the unit head asks, then sign it again.")
        if status is DeclarationStatus.SIGNED:
            when = shown_time(signed.signed_at) if signed else ""
            text = labels.fill(
                self.tr(
                    "You signed on %1. The declaration is waiting for the unit head's review and "
                    "cannot be changed now; if something is wrong, ask the unit head to return it."
                ),
                when,
            )
            if signed and signed.is_late:
                text += " " + self.tr("The signature was after the deadline.")
            return text
        if status is DeclarationStatus.COUNTERSIGNED:
            when = shown_time(counter.signed_at) if counter else ""
            opinion = counter.opinion if counter and counter.opinion else "–"
            return labels.fill(
                self.tr(
                    "The unit head countersigned on %1 (opinion: %2). It is read-only; if your "
                    "situation has changed, click Amend."
                ),
                when,
                opinion,
            )
        return self.tr("This version was replaced by an amendment and is kept only in the history.")
