"""The automatic-clearing threshold (自动通过阈值): a spin box with the stored value, Apply, and what it means in one
sentence. Setting it goes through the service (for every inspector, audit-logged there)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from desktop.gui.qt_typing import named
from desktop.review.scoring import MAX_SCORE


class ThresholdBar(QWidget):
    """``apply_requested(value)`` when Apply is pressed with a value other than the stored one."""

    apply_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thresholdBar")
        self.stored: int | None = None
        self.spin = named(QSpinBox(), "thresholdSpin")
        self.spin.setRange(0, MAX_SCORE)
        self.spin.setEnabled(False)
        self.apply_button = named(QPushButton(self.tr("Apply")), "applyThresholdButton")
        self.apply_button.clicked.connect(self._apply)
        self.explanation = QLabel(
            self.tr(
                "Declarations scoring below the threshold are cleared automatically; a new "
                "threshold applies to every inspector and is recorded in the audit log."
            ),
        )
        self.explanation.setObjectName("thresholdExplanation")
        self.explanation.setStyleSheet("color: #5c6670;")
        self.explanation.setWordWrap(True)
        label = QLabel(self.tr("Automatic-clearing threshold:"))
        label.setBuddy(self.spin)
        self.spin.valueChanged.connect(lambda _value: self._update())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.spin)
        layout.addWidget(self.apply_button)
        layout.addWidget(self.explanation, 1)
        self._update()

    def set_threshold(self, value: int) -> None:
        """The stored threshold, as the last review used it; a value typed but not applied yet stays."""
        edited = self.stored is not None and self.spin.value() != self.stored
        self.stored = value
        if not edited:
            self.spin.blockSignals(True)
            self.spin.setValue(value)
            self.spin.blockSignals(False)
        self.spin.setEnabled(True)
        self._update()

    def _update(self) -> None:
        self.apply_button.setEnabled(self.stored is not None and self.spin.value() != self.stored)

    def _apply(self) -> None:
        if self.stored is not None and self.spin.value() != self.stored:
            self.apply_requested.emit(self.spin.value())
