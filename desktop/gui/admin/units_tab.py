"""The units of the store as a tree (省厅 › 市州局 › 县区局 › 所队)."""

from __future__ import annotations

from typing import TypeAlias

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.domain.units import Unit
from desktop.gui.errors import error_text
from desktop.gui.pages import PageContext
from desktop.gui.widgets.message_label import MessageLabel
from desktop.services.administration.units import units

#: A unit and the subtrees of the units under it.
UnitNode: TypeAlias = "tuple[Unit, list[UnitNode]]"


def unit_tree(all_units: list[Unit]) -> list[UnitNode]:
    """(unit, children) roots in code order; a unit whose parent is unknown (or in a cycle) becomes a root."""
    by_code = {unit.code: unit for unit in all_units}
    children: dict[str | None, list[Unit]] = {}
    for unit in sorted(all_units, key=lambda u: u.code):
        parent = unit.parent_code if unit.parent_code in by_code and unit.parent_code != unit.code else None
        children.setdefault(parent, []).append(unit)
    placed: set[str] = set()

    def build(unit: Unit) -> UnitNode:
        placed.add(unit.code)
        return unit, [build(child) for child in children.get(unit.code, []) if child.code not in placed]

    roots = [build(unit) for unit in children.get(None, [])]
    # Units only reachable through a cycle have no root above them: show them at the top rather than lose them.
    roots += [build(unit) for unit in sorted(all_units, key=lambda u: u.code) if unit.code not in placed]
    return roots


class UnitsTab(QWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitsTab")
        self._context = context
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("unitTree")
        self.tree.setHeaderLabels([self.tr("Unit"), self.tr("Code"), self.tr("Jurisdiction")])
        self.tree.setColumnWidth(0, 360)
        self.message = MessageLabel("unitsMessage", self)
        refresh = QPushButton(self.tr("Refresh"), self)
        refresh.setObjectName("refreshUnitsButton")
        refresh.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(refresh)
        column = QVBoxLayout(self)
        column.addWidget(self.tree, 1)
        column.addWidget(self.message)
        column.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        try:
            found = units(self._context.session)
        except Exception as error:  # the store may have been locked or damaged meanwhile
            self.message.error(error_text(error, self._context.translate))
            return
        self.message.clear_message()
        self.tree.clear()

        def add(parent: QTreeWidget | QTreeWidgetItem, node: UnitNode) -> None:
            unit, children = node
            item = QTreeWidgetItem(parent, [unit.name, unit.code, unit.jurisdiction])
            for child in children:
                add(item, child)

        for root in unit_tree(found):
            add(self.tree, root)
        self.tree.expandToDepth(1)
