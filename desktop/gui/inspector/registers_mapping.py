"""Setting a column mapping for a register extract whose headings are not the usual ones: each heading of the file
and the field it holds, and the name the store remembers the mapping by."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.exchange.registers.columns import FIELDS
from desktop.gui.qt_typing import named


class MappingDialog(QDialog):
    """``mapping()`` (heading → field key) and ``name()`` once accepted."""

    def __init__(self, headings: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registerMappingDialog")
        self.setWindowTitle(self.tr("Columns of the list"))
        intro = QLabel(
            self.tr("Say what each column holds: at least a person's name and an enterprise. Others may stay unused.")
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for index, heading in enumerate(headings):
            combo = named(QComboBox(), f"mappingField{index}")
            combo.addItem(self.tr("(not used)"), "")
            for field in FIELDS:
                combo.addItem(f"{field.label} ({field.key})", field.key)
            self.combos[heading] = combo
            form.addRow(heading, combo)
        self.name_edit = named(QLineEdit(), "mappingName")
        self.name_edit.setPlaceholderText(
            self.tr("e.g. the province or department: the store remembers it by this name")
        )
        form.addRow(self.tr("Remember as:"), self.name_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def mapping(self) -> dict[str, str]:
        return {heading: combo.currentData() for heading, combo in self.combos.items() if combo.currentData()}

    def name(self) -> str:
        return self.name_edit.text().strip()
