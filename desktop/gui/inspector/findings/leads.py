"""The leads opened by 问题线索 conclusions, with their follow-up state, and the form that moves the selected lead to
another state (with an optional note) through the service (audit-logged there)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.inspector.findings.data import LeadRow
from desktop.gui.qt_typing import named
from desktop.i18n import Translator
from desktop.services.inspection.conclusions import LEAD_STATES

LEAD_ROLE = Qt.ItemDataRole.UserRole + 1  # column 0: the lead's number; column 3: its state id
SHOWN = 7  # the columns of a LeadRow that are shown; the last one is the state id


class LeadsList(QWidget):
    """``update_requested(lead id, state, note)`` when the form is submitted."""

    update_requested = Signal(int, str, str)

    def __init__(self, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leads")
        self.tree = named(QTreeWidget(), "leadsList")
        self.tree.setHeaderLabels(
            [
                self.tr("No."),
                self.tr("Police number"),
                self.tr("Unit"),
                self.tr("State"),
                self.tr("Updated by"),
                self.tr("Updated at"),
                self.tr("Note"),
            ]
        )
        self.tree.setRootIsDecorated(False)
        self.state = named(QComboBox(), "leadState")
        for state, text in LEAD_STATES.items():  # the states the service allows, in their order
            self.state.addItem(translate(text), state)
        self.note = named(QLineEdit(), "leadNote")
        self.note.setPlaceholderText(self.tr("Note (optional): what was done, what follows…"))
        self.update_button = named(QPushButton(self.tr("Change state")), "updateLeadButton")
        self.update_button.clicked.connect(self._submit)
        self.tree.currentItemChanged.connect(lambda *_args: self._selection())
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Follow-up state of the selected lead:")))
        bar.addWidget(self.state)
        bar.addWidget(self.note, 1)
        bar.addWidget(self.update_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bar)
        self._selection()

    def set_leads(self, leads: tuple[LeadRow, ...]) -> None:
        selected = self.selected_lead()
        self.tree.blockSignals(True)
        self.tree.clear()
        for lead in leads:
            item = QTreeWidgetItem([str(part) for part in lead[:SHOWN]])
            item.setData(0, LEAD_ROLE, lead[0])
            item.setData(3, LEAD_ROLE, lead[SHOWN])
            self.tree.addTopLevelItem(item)
            if lead[0] == selected:
                self.tree.setCurrentItem(item)
        self.tree.blockSignals(False)
        self._selection()

    def selected_lead(self) -> int | None:
        item = self.tree.currentItem()
        return None if item is None else int(item.data(0, LEAD_ROLE))

    def select_lead(self, lead_id: int) -> bool:
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None and item.data(0, LEAD_ROLE) == lead_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def _selection(self) -> None:
        item = self.tree.currentItem()
        for widget in (self.state, self.note, self.update_button):
            widget.setEnabled(item is not None)
        if item is not None:
            self.state.setCurrentIndex(max(self.state.findData(item.data(3, LEAD_ROLE)), 0))

    def _submit(self) -> None:
        lead = self.selected_lead()
        if lead is not None:
            self.update_requested.emit(lead, self.state.currentData(), self.note.text())

    def updated(self) -> None:
        self.note.clear()
