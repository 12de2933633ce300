"""The leads opened by 问题线索 conclusions, with their follow-up state."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget


class LeadsList(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leadsList")
        self.setHeaderLabels([self.tr("No."), self.tr("Police number"), self.tr("Unit"), self.tr("State"),
                              self.tr("Updated by"), self.tr("Updated at"), self.tr("Note")])
        self.setRootIsDecorated(False)

    def set_leads(self, leads: tuple[tuple[int, str, str, str, str, str, str], ...]) -> None:
        self.clear()
        for lead in leads:
            self.addTopLevelItem(QTreeWidgetItem([str(part) for part in lead]))
