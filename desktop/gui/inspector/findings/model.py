"""The findings table: a QAbstractTableModel over plain tuples, filtered (unit and below, rule, least score, text)
and sorted in the model."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.gui.inspector.findings.data import (
    CLEARED,
    DECLARATION,
    NAME,
    POLICE_NUMBER,
    REASON,
    RULE,
    RULE_TEXT,
    SCORE,
    SUBJECT,
    UNIT,
    UNIT_NAME,
    FindingRow,
)

SUBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
RULE_ROLE = Qt.ItemDataRole.UserRole + 2
SCORE_ROLE = Qt.ItemDataRole.UserRole + 3
#: (column of the tuple shown, column of the tuple sorted by)
COLUMNS = (
    (SCORE, SCORE),
    (RULE_TEXT, RULE_TEXT),
    (POLICE_NUMBER, POLICE_NUMBER),
    (NAME, NAME),
    (UNIT_NAME, UNIT_NAME),
    (DECLARATION, DECLARATION),
    (REASON, REASON),
)
Index = QModelIndex | QPersistentModelIndex
#: The table's first order: by score, highest first (data.table_order gives the rows in it).
FIRST_ORDER = (0, Qt.SortOrder.DescendingOrder)


class FindingsTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: Sequence[FindingRow] = ()
        self._in_first_order = False  # _all is in FIRST_ORDER already
        self._rows: Sequence[FindingRow] = []
        self._scope: dict[str, frozenset[str]] = {}
        self._filter: tuple[str | None, str | None, int, str] = (None, None, 0, "")
        self._sort = FIRST_ORDER
        self.headers = (
            self.tr("Score"),
            self.tr("Rule"),
            self.tr("Police number"),
            self.tr("Name"),
            self.tr("Unit"),
            self.tr("Declaration"),
            self.tr("Reason"),
        )

    @property
    def total(self) -> int:
        return len(self._all)

    def set_rows(
        self,
        rows: Sequence[FindingRow],
        scope: dict[str, frozenset[str]],
        filters: tuple[str | None, str | None, int, str] | None = None,
        *,
        in_first_order: bool = False,
    ) -> None:
        """Show ``rows``; with ``filters`` (as set_filter takes them) filtered at once: one pass of filtering and
        sorting, not two (each is a tenth of a second at 85,000 findings). Rows ``in_first_order`` (data.table_order)
        are shown in that order as they are, unfiltered ones without a copy (decision 168)."""
        self._all, self._scope, self._in_first_order = rows, scope, in_first_order
        if filters is not None:
            unit, rule, min_score, text = filters
            self._filter = (unit, rule, min_score, text.strip().lower())
        self._refresh()

    def set_filter(self, unit: str | None, rule: str | None, min_score: int, text: str) -> None:
        self._filter = (unit, rule, min_score, text.strip().lower())
        self._refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self._refresh()

    def _refresh(self) -> None:
        unit, rule, min_score, text = self._filter
        units = self._scope.get(unit, frozenset({unit})) if unit else None
        rows: Sequence[FindingRow]
        if units is None and rule is None and min_score <= 0 and not text:  # a score is never below 0
            rows = self._all
        else:
            rows = [
                r
                for r in self._all
                if (rule is None or r[RULE] == rule)
                and (units is None or r[UNIT] in units)
                and r[SCORE] >= min_score
                and (
                    not text
                    or any(
                        text in str(r[i]).lower()
                        for i in (POLICE_NUMBER, NAME, UNIT_NAME, DECLARATION, REASON, RULE_TEXT)
                    )
                )
            ]
        column, order = self._sort
        # Rows in the first order, or some of them, are in it already: sorting them again would give the same rows.
        if not (self._in_first_order and self._sort == FIRST_ORDER):
            # itemgetter makes the same key as (r[key], r[POLICE_NUMBER], r[RULE]) in C: 85,000 rows at a reload
            key = itemgetter(COLUMNS[column][1], POLICE_NUMBER, RULE)
            rows = sorted(rows, key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, number: int) -> FindingRow:
        return self._rows[number]

    def first_row_of(self, subject: str) -> int | None:
        """The first row shown of ``subject``'s findings, or None (read from the rows, not through the view)."""
        return next((number for number, row in enumerate(self._rows) if row[SUBJECT] == subject), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(row[COLUMNS[index.column()][0]])
        if role == SUBJECT_ROLE:
            return row[SUBJECT]
        if role == RULE_ROLE:
            return row[RULE]
        if role == SCORE_ROLE:
            return row[SCORE]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return QColor("#1b6e2a") if row[CLEARED] else QColor("#b3261e")
        return None
