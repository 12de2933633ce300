"""The unit head's review queue as a table: officer, police number, unit, state and risk badges.

A unit's queue is short, but it sorts in the model like every list of the window (never through a proxy).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop.gui.head import labels
from desktop.i18n import Translator
from desktop.services.workflow.countersigning import QueueItem

ITEM_ROLE = Qt.ItemDataRole.UserRole
RISKS_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex

NAME, POLICE_NUMBER, UNIT, STATUS, RISKS = range(5)

#: Waiting for the head first, then returned, drafts, not started, done.
STATUS_ORDER = {"signed": 0, "returned": 1, "draft": 2, "not_started": 3, "countersigned": 4, "superseded": 5}
STATUS_COLOUR = {
    "signed": "#1f4e8c",
    "returned": "#c25e00",
    "not_started": "#a4161a",
    "draft": "#5c6670",
    "countersigned": "#1b6e2a",
}


def risks_of(item: QueueItem) -> list[str]:
    flags = (item.regulated_trade, item.own_jurisdiction, item.key_person, item.late, item.key_unconfirmed)
    return [risk.key for risk, on in zip(labels.RISKS, flags, strict=True) if on]


class QueueModel(QAbstractTableModel):
    def __init__(self, translate: Translator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.translate = translate
        self._items: list[QueueItem] = []
        self._units: dict[str, str] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._headers = (
            self.tr("Officer"),
            self.tr("Police number"),
            self.tr("Unit"),
            self.tr("State"),
            self.tr("Look twice"),
        )

    def set_items(self, items: list[QueueItem], unit_names: dict[str, str]) -> None:
        """New content; the current sort applies to it."""
        self.beginResetModel()
        self._items = list(items)
        self._units = dict(unit_names)
        if self._sort is not None:
            self._items.sort(key=self._key(self._sort[0]), reverse=self._sort[1] == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def item(self, row: int) -> QueueItem:
        return self._items[row]

    def item_of(self, declaration_id: str) -> QueueItem | None:
        """The queue's item for a declaration (its officer, status and key standing), if it is in the queue."""
        return next((item for item in self._items if item.record and item.record.id == declaration_id), None)

    def next_waiting(self, after: str | None, skip: Collection[str] = ()) -> QueueItem | None:
        """The first declaration waiting for the head below ``after`` (a declaration id) in the queue's order,
        round to the top; never ``after`` itself, nor one in ``skip`` (decided, the queue not reloaded yet)."""
        items = self._items
        start = next((n for n, item in enumerate(items) if item.record and item.record.id == after), -1)
        for item in items[start + 1 :] + items[: max(start, 0)]:
            record = item.record
            if item.status == "signed" and record is not None and record.id != after and record.id not in skip:
                return item
        return None

    def row_of(self, police_number: str) -> int:
        return next((n for n, item in enumerate(self._items) if item.officer.police_number == police_number), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item, column = self._items[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == ITEM_ROLE:
            return item
        if role == RISKS_ROLE and column == RISKS:
            return risks_of(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            return QColor(STATUS_COLOUR.get(item.status, "#3a4550"))
        if role == Qt.ItemDataRole.FontRole and item.status == "signed" and column in (NAME, STATUS):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, item: QueueItem, column: int) -> str:
        if column == NAME:
            return item.officer.name
        if column == POLICE_NUMBER:
            return item.officer.police_number
        if column == UNIT:
            return self._units.get(item.officer.unit_code, item.officer.unit_code)
        if column == STATUS:
            return labels.status(self.translate, item.status)
        return "、".join(labels.tr(labels.RISK_BY_KEY[key].short) for key in risks_of(item))

    def _tooltip(self, item: QueueItem, column: int) -> str | None:
        if column == RISKS:
            return "\n".join(labels.tr(labels.RISK_BY_KEY[key].explanation) for key in risks_of(item)) or None
        if column == UNIT:
            return item.officer.unit_code
        if column == NAME and item.officer.position:
            return item.officer.position
        return None

    def _key(self, column: int) -> Callable[[QueueItem], tuple]:  # type: ignore[type-arg]  # mixed sort keys
        def key(item: QueueItem) -> tuple:  # type: ignore[type-arg]  # mixed sort keys
            if column == STATUS:
                return (STATUS_ORDER.get(item.status, 9), item.officer.unit_code, item.officer.police_number)
            if column == RISKS:
                return (-len(risks_of(item)), item.officer.police_number)
            return (self._text(item, column), item.officer.police_number)

        return key

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        moved = [self._items[index.row()] for index in old]
        self._items.sort(key=self._key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        position = {id(item): row for row, item in enumerate(self._items)}
        self.changePersistentIndexList(
            old, [self.index(position[id(item)], index.column()) for item, index in zip(moved, old, strict=True)]
        )
        self.layoutChanged.emit()
