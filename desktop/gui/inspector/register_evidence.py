"""The register rows a cross-check finding rests on, shown under the finding in the detail's list of rules."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidgetItem

_EVIDENCE_COLOUR = QColor("#3a4a5c")


def add_evidence(item: QTreeWidgetItem, rows: tuple[str, ...]) -> None:
    """One child line per register row under the finding's ``item``, shown expanded."""
    if not rows:
        return
    label = QCoreApplication.translate("RegisterEvidence", "Register")
    for row in rows:
        child = QTreeWidgetItem(["", label, row])
        child.setToolTip(2, row)
        child.setForeground(2, QBrush(_EVIDENCE_COLOUR))
        item.addChild(child)
    item.setExpanded(True)
