"""Choosing the trade from the catalog: type part of a name (Chinese or English) or code, pick from what matches.
Police-regulated trades are marked in the list and named beside it once chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.trades import Trade, TradeCatalog
from desktop.gui.officer import labels
from desktop.gui.officer.look import WARNING_COLOUR


class TradePicker(QWidget):
    """``changed`` fires when the chosen trade changes; ``code()`` is '' while none is chosen."""

    changed = Signal()

    def __init__(self, catalog: TradeCatalog, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._language = language
        self._code = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.search = QLineEdit()
        self.search.setObjectName("tradeSearch")
        self.search.setPlaceholderText(self.tr("Search trades, e.g. 旅馆 or hotel"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.combo = QComboBox()
        self.combo.setObjectName("tradeCombo")
        self.combo.setPlaceholderText(self.tr("Choose the trade"))
        self.combo.setMaxVisibleItems(15)
        self.combo.currentIndexChanged.connect(self._picked)
        self.regulated_note = QLabel(
            self.tr("This trade is within the police's regulatory scope (公安机关业务范围内的经营项目).")
        )
        self.regulated_note.setObjectName("regulatedNote")
        self.regulated_note.setWordWrap(True)
        self.regulated_note.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.regulated_note.hide()
        layout.addWidget(self.search)
        layout.addWidget(self.combo)
        layout.addWidget(self.regulated_note)
        self._fill(catalog.trades)

    def code(self) -> str:
        return self._code

    def set_code(self, code: str) -> None:
        self._code = code
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._fill(self._catalog.trades)

    def setReadOnly(self, read_only: bool) -> None:
        self.search.setVisible(not read_only)
        self.combo.setEnabled(not read_only)

    def item_text(self, trade: Trade) -> str:
        name = labels.trade(trade, self._language)
        return labels.fill(self.tr("%1 — police-regulated"), name) if trade.regulated else name

    def _filter(self, text: str) -> None:
        matches = self._catalog.search(text) if text.strip() else list(self._catalog.trades)
        self._fill(matches, pick_first=bool(text.strip()))

    def _fill(self, trades: list[Trade] | tuple[Trade, ...], pick_first: bool = False) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        for trade in trades:
            self.combo.addItem(self.item_text(trade), trade.code)
            if trade.regulated:
                self.combo.setItemData(
                    self.combo.count() - 1, QBrush(QColor(WARNING_COLOUR)), Qt.ItemDataRole.ForegroundRole
                )
        index = self.combo.findData(self._code)
        if index < 0 and pick_first and self.combo.count():
            index = 0
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        self._picked(index)

    def _picked(self, index: int) -> None:
        code = self.combo.itemData(index) if index >= 0 else self._code
        code = code or ""
        trade = self._catalog.get(code)
        self.regulated_note.setVisible(bool(trade and trade.regulated))
        if code != self._code:
            self._code = code
            self.changed.emit()
