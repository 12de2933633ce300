"""A small horizontal bar chart drawn with QPainter (QtCharts is not in PySide6-Essentials)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#4a78b5")
HIGHLIGHT = QColor("#c25e00")
ROW_HEIGHT = 20


class BarChart(QWidget):
    """``set_bars([(label, value, highlighted)])``: one bar per label, the highlighted ones in orange."""

    def __init__(self, title: str, parent: QWidget | None = None, *, highlight_text: str = "") -> None:
        super().__init__(parent)
        self.title = title
        self.highlight_text = highlight_text
        self.bars: list[tuple[str, int, bool]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, bars: list[tuple[str, int, bool]] | tuple[tuple[str, int, bool], ...]) -> None:
        self.bars = list(bars)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 40 + ROW_HEIGHT * max(len(self.bars), 1))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 40 + ROW_HEIGHT * max(len(self.bars), 1))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        metrics = painter.fontMetrics()
        painter.setPen(QColor("#202020"))
        title = self.title + (f"  ({self.highlight_text})" if self.highlight_text else "")
        painter.drawText(QRectF(8, 4, self.width() - 16, 22), Qt.AlignmentFlag.AlignVCenter, title)
        if not self.bars:
            painter.drawText(QRectF(8, 30, self.width() - 16, 20), Qt.AlignmentFlag.AlignVCenter, "—")
            painter.end()
            return
        label_width = min(max(metrics.horizontalAdvance(label) for label, _v, _h in self.bars) + 12, self.width() // 2)
        top = 30
        most = max(value for _l, value, _h in self.bars) or 1
        room = max(self.width() - label_width - 60, 10)
        for number, (label, value, highlighted) in enumerate(self.bars):
            y = top + number * ROW_HEIGHT
            painter.setPen(QColor("#202020"))
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.drawText(QRectF(8, y, label_width - 8, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, text)
            width = room * value / most
            painter.fillRect(
                QRectF(label_width, y + 3, max(width, 1), ROW_HEIGHT - 6), HIGHLIGHT if highlighted else BAR
            )
            painter.drawText(
                QRectF(label_width + width + 4, y, 50, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, str(value)
            )
        painter.end()
