"""The note over a section pre-filled from the previous declaration: it says where the content comes from and asks
the officer to confirm it ("Still so") or to change it; signing waits until every such section is answered."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.gui.officer import labels
from desktop.gui.qt_typing import named


class CarriedOverBanner(QFrame):
    """``still_so`` confirms the section as it is; ``change`` confirms that the officer looked and will change it."""

    still_so = Signal()
    change = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("carriedOverBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#carriedOverBanner { background: #fff4e5; border: 1px solid #f0c48a; border-radius: 4px; }")
        self.text = named(QLabel(), "carriedOverText")
        self.text.setWordWrap(True)
        self.still_so_button = named(QPushButton(self.tr("Still so")), "stillSoButton")
        self.still_so_button.setToolTip(self.tr("Confirm that this part is the same as in your previous declaration."))
        self.change_button = named(QPushButton(self.tr("Change")), "changeButton")
        self.change_button.setToolTip(self.tr("Change this part: the answer and the rows below become editable."))
        self.still_so_button.clicked.connect(self.still_so)
        self.change_button.clicked.connect(self.change)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.still_so_button)
        layout.addWidget(self.change_button)
        self.hide()

    def show_source(self, campaign_name: str) -> None:
        """Say which declaration the section was taken from."""
        if campaign_name:
            self.text.setText(
                labels.fill(
                    self.tr(
                        "Taken from your declaration in %1. Is it still so? Confirm it or change it; you can sign "
                        "once every part taken over is confirmed."
                    ),
                    campaign_name,
                )
            )
        else:
            self.text.setText(
                self.tr(
                    "Taken from your previous declaration. Is it still so? Confirm it or change it; you can sign "
                    "once every part taken over is confirmed."
                )
            )
