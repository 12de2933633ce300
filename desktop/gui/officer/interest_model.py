"""The detail rows of one question as a table: who, which enterprise, which trade, how, and what is left to fix."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.domain.interests import BusinessInterest
from desktop.domain.problems import Problem, Severity
from desktop.domain.text import decimal_text
from desktop.domain.trades import TradeCatalog
from desktop.gui.officer import labels
from desktop.gui.officer.form_state import InterestEntry
from desktop.gui.officer.look import ERROR_COLOUR, WARNING_COLOUR
from desktop.i18n import Translator

_Index = QModelIndex | QPersistentModelIndex


class InterestTableModel(QAbstractTableModel):
    """Rows are InterestEntry; ``set_rows`` replaces them with the problems each one has now."""

    COLUMNS = (
        "relation",
        "holder_name",
        "enterprise_name",
        "uscc",
        "trade_code",
        "role",
        "amount",
        "status",
        "within_jurisdiction",
        "check",
    )

    def __init__(self, catalog: TradeCatalog, translate: Translator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._translate = translate
        self._rows: list[InterestEntry] = []
        self._problems: list[list[Problem]] = []

    def set_rows(self, rows: list[InterestEntry], problems: list[list[Problem]]) -> None:
        self.beginResetModel()
        self._rows, self._problems = list(rows), list(problems)
        self.endResetModel()

    def entry(self, row: int) -> InterestEntry:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        column = self.COLUMNS[section]
        if column == "amount":
            return self.tr("Share / capital / income")
        if column == "check":
            return self.tr("Check")
        if column == "within_jurisdiction":
            return self.tr("In own jurisdiction")
        return labels.field(column)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        interest = self._rows[index.row()].interest
        problems = self._problems[index.row()] if index.row() < len(self._problems) else []
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(interest, column, problems)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == "check" and problems:
                errors = any(p.severity is Severity.ERROR for p in problems)
                return QColor(ERROR_COLOUR if errors else WARNING_COLOUR)
            if column == "trade_code" and self._catalog.is_regulated(interest.trade_code):
                return QColor(WARNING_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and column == "check" and problems:
            return "\n".join(p.render(self._translate) for p in problems)
        return None

    def _text(self, interest: BusinessInterest, column: str, problems: list[Problem]) -> str:
        if column == "relation":
            return labels.relation(self._translate, interest.relation)
        if column == "trade_code":
            trade = self._catalog.get(interest.trade_code)
            name = labels.trade(trade, self._translate.language) or interest.trade_code
            return f"⚠ {name}" if trade and trade.regulated else name
        if column == "role":
            return labels.roles(interest.all_roles)
        if column == "amount":
            parts = [
                f"{decimal_text(interest.share_percent)}%" if interest.share_percent is not None else "",
                decimal_text(interest.capital_wan) or "",
                decimal_text(interest.income_wan) or "",
            ]
            return " / ".join(p or "–" for p in parts)
        if column == "status":
            return labels.interest_status(interest.status)
        if column == "within_jurisdiction":
            return labels.yes_no(interest.within_jurisdiction)
        if column == "check":
            if not problems:
                return self.tr("Complete")
            return labels.fill(self.tr("%1 to fix"), str(len(problems)))
        return str(getattr(interest, column))
