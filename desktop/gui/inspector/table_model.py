"""Every imported declaration in one table model, sorted and filtered in the model itself.

A QSortFilterProxyModel over a Python model calls back into Python for every comparison (seconds at 50,000 rows).
Here the model keeps a list of row numbers in sort order and a list of the visible ones: sorting is one Python sort
on precomputed keys, filtering one pass over precomputed lower-case search keys (see table_data).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from desktop.gui.head import labels
from desktop.gui.inspector import verdicts
from desktop.gui.inspector.table_data import (
    COLUMN_COUNT,
    KEY_PERSON,
    NAME,
    POLICE_NUMBER,
    SIGNED_AT,
    STATE,
    UNIT,
    WORKBOOK,
    TableData,
    matching,
    sorted_order,
)
from desktop.gui.when import shown_time
from desktop.i18n import Translator
from desktop.services.inspection.views import ImportedRow, RowState

_Index = QModelIndex | QPersistentModelIndex
ROW_ID_ROLE = Qt.ItemDataRole.UserRole
STATE_ROLE = Qt.ItemDataRole.UserRole + 1
FLAGGED_BACKGROUND = QColor("#fdecea")
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ToolTipRole,
        ROW_ID_ROLE,
        STATE_ROLE,
    }
)


def _dot(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class DeclarationTableModel(QAbstractTableModel):
    def __init__(self, translate: Translator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.translate = translate
        self._data = TableData()
        self._order: list[int] = []  # every row, in the current sort order
        self._visible: list[int] = []  # the rows that pass the filter, in sort order
        self._text = ""
        self._states: frozenset[RowState] | None = None
        self._sort: tuple[int, bool] | None = None  # (column, descending)
        self._headers = (
            self.tr("Verification"),
            self.tr("Unit"),
            self.tr("Police number"),
            self.tr("Officer"),
            self.tr("Key person"),
            self.tr("Signed"),
            self.tr("Workbook"),
        )
        self._state_text = {state: verdicts.state_text(state) for state in RowState}
        self._state_icon: dict[RowState, QIcon] = {}
        self._key_person = labels.tr(labels.RISK_BY_KEY["key_person"].short)

    # -- content -----------------------------------------------------------------------------------------------

    def set_table(self, data: TableData) -> None:
        """New content (built off the GUI thread); the current sort and filter apply to it."""
        self.beginResetModel()
        self._data = data
        self._order = list(range(len(data)))
        if self._sort is not None:
            self._order = sorted_order(data, self._order, *self._sort)
        self._visible = matching(data, self._order, self._text, self._states)
        self.endResetModel()

    @property
    def total(self) -> int:
        return len(self._data)

    def row(self, visible_row: int) -> ImportedRow:
        return self._data.rows[self._visible[visible_row]]

    def visible_row_of(self, row_id: int) -> int:
        for position, index in enumerate(self._visible):
            if self._data.rows[index].row_id == row_id:
                return position
        return -1

    # -- filter and sort ---------------------------------------------------------------------------------------

    def set_filter(self, text: str, states: frozenset[RowState] | None = None) -> None:
        """Show the rows whose search key holds every word of ``text`` and whose state is in ``states``."""
        if (text, states) == (self._text, self._states):
            return
        self.beginResetModel()
        self._text, self._states = text, states
        self._visible = matching(self._data, self._order, text, states)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < COLUMN_COUNT:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [self._visible[index.row()] for index in persistent]
        self._sort = (column, descending)
        filtered = len(self._visible) != len(self._order)
        self._order = sorted_order(self._data, self._order, column, descending)
        # The visible rows are in the old order, so a stable sort of them by the same key equals filtering the
        # newly sorted rows, without reading a search key.
        self._visible = sorted_order(self._data, self._visible, column, descending) if filtered else self._order
        if persistent:  # keep the selection and the current row on the same declarations
            position = {index: row for row, index in enumerate(self._visible)}
            self.changePersistentIndexList(
                persistent,
                [self.index(position[row], index.column()) for row, index in zip(kept, persistent, strict=True)],
            )
        self.layoutChanged.emit()

    # -- Qt's model interface ----------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # A view asks for a dozen roles per cell on every paint: the ones this model never answers go first.
        if role not in _ROLES or not index.isValid():
            return None
        row = self._data.rows[self._visible[index.row()]]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text_of(row, column)
        if role == ROW_ID_ROLE:
            return row.row_id
        if role == STATE_ROLE:
            return row.state
        if role == Qt.ItemDataRole.BackgroundRole and row.state is not RowState.VALID:
            return QBrush(FLAGGED_BACKGROUND)
        if column == STATE:
            return self._state_data(row, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return {UNIT: row.unit_code, WORKBOOK: row.workbook_id[:16]}.get(column)
        return None

    def _state_data(self, row: ImportedRow, role: int) -> object:
        """The state column's icon, colour and (for a row that is not valid) the reasons as its tool tip."""
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(row.state)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(verdicts.STATE_COLOUR[row.state])
        if role == Qt.ItemDataRole.ToolTipRole and row.state is not RowState.VALID:
            return "\n".join(verdicts.reasons(row, self.translate))
        return None

    def _text_of(self, row: ImportedRow, column: int) -> str:
        if column == STATE:
            return self._state_text[row.state]
        if column == UNIT:
            return row.unit_name
        if column == POLICE_NUMBER:
            return row.police_number
        if column == NAME:
            return row.name
        if column == KEY_PERSON:
            return self._key_person if row.key_person else ""
        if column == SIGNED_AT:
            return shown_time(row.signed_at)
        return row.file_name if column == WORKBOOK else ""

    def _icon(self, state: RowState) -> QIcon:
        if state not in self._state_icon:  # made on first use: a QPixmap needs the GUI thread and an application
            self._state_icon[state] = _dot(verdicts.STATE_COLOUR[state])
        return self._state_icon[state]
