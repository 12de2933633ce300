"""Below the declaration the head reads: the opinion (pre-filled with the head's default, kept or changed),
Countersign (Ctrl+Enter), Return…, Next (Ctrl+PgDown), and whether signing is unlocked for the working session.

Nothing here decides: the bar only says what the head asked for; the head's page runs it (desktop.gui.head.page).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.gui.qt_typing import named
from desktop.services.workflow.countersigning import MAX_TEXT


class DecisionBar(QWidget):
    countersign_requested = Signal()
    return_requested = Signal()
    next_requested = Signal()
    lock_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionBar")
        self.opinion_label = QLabel(self.tr("Opinion:"))
        self.opinion = named(QLineEdit(), "viewOpinion")
        self.opinion.setMaxLength(MAX_TEXT)
        self.opinion.setToolTip(self.tr("Signed with the countersignature. Kept for the next declaration."))
        self.opinion_label.setBuddy(self.opinion)
        self.opinion.returnPressed.connect(self.countersign_requested)
        self.countersign_button = named(QPushButton(self.tr("Countersign (Ctrl+Enter)")), "viewCountersign")
        self.return_button = named(QPushButton(self.tr("Return…")), "viewReturn")
        self.next_button = named(QPushButton(self.tr("Next waiting (Ctrl+PgDown)")), "viewNext")
        self.next_button.setToolTip(self.tr("The next declaration waiting for you, without deciding on this one."))
        self.signing = named(QLabel(), "signingState")
        self.signing.setWordWrap(True)
        self.lock_button = named(QPushButton(self.tr("Lock signing")), "lockSigningButton")
        self.lock_button.setToolTip(self.tr("Ask for the password again at the next countersignature."))
        for button in (self.countersign_button, self.return_button, self.next_button, self.lock_button):
            button.setAutoDefault(False)  # Enter while reading must never decide anything
        self.countersign_button.clicked.connect(self.countersign_requested)
        self.return_button.clicked.connect(self.return_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.lock_button.clicked.connect(self.lock_requested)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.opinion_label, 0, 0)
        grid.addWidget(self.opinion, 0, 1)
        grid.addWidget(self.countersign_button, 0, 2)
        signing_row = QHBoxLayout()
        signing_row.addWidget(self.signing, 1)
        signing_row.addWidget(self.lock_button)
        grid.addLayout(signing_row, 1, 0, 1, 2)
        actions = QHBoxLayout()
        actions.addWidget(self.return_button)
        actions.addWidget(self.next_button)
        grid.addLayout(actions, 1, 2)
        grid.setColumnStretch(1, 1)
        self.set_waiting(False)
        self.set_signing("", unlocked=False)

    def set_waiting(self, waiting: bool) -> None:
        """Countersign and Return only while the declaration shown waits for the head."""
        for widget in (self.opinion, self.countersign_button, self.return_button):
            widget.setEnabled(waiting)

    def set_signing(self, text: str, *, unlocked: bool) -> None:
        self.signing.setText(text)
        self.lock_button.setVisible(unlocked)

    def written(self) -> str:
        return self.opinion.text().strip()
