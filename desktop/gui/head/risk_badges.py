"""Risk highlights drawn as coloured badges in a table cell, each with its own tooltip."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QToolTip

from desktop.gui.head import labels
from desktop.gui.head.queue_model import RISKS_ROLE

_Index = QModelIndex | QPersistentModelIndex
PAD_X, GAP, MARGIN = 6, 4, 3


def badge_rects(option_rect: QRect, metrics: QFontMetrics, keys: list[str]) -> list[tuple[str, QRect]]:
    """Where each badge goes inside the cell, left to right."""
    height = metrics.height() + 4
    top = option_rect.top() + max(MARGIN, (option_rect.height() - height) // 2)
    left = option_rect.left() + MARGIN
    placed = []
    for key in keys:
        width = metrics.horizontalAdvance(labels.tr(labels.RISK_BY_KEY[key].short)) + 2 * PAD_X
        placed.append((key, QRect(left, top, width, height)))
        left += width + GAP
    return placed


class RiskBadgeDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        keys = index.data(RISKS_ROLE) or []
        style = option.widget.style() if option.widget else None
        plain = QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        if style is not None:  # the cell's background and selection, without the text
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for key, rect in badge_rects(option.rect, option.fontMetrics, keys):
            risk = labels.RISK_BY_KEY[key]
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(risk.colour))
            painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
            painter.setPen(QColor("white"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, labels.tr(risk.short))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        keys = index.data(RISKS_ROLE) or []
        rects = badge_rects(QRect(0, 0, 0, 0), option.fontMetrics, keys)
        width = rects[-1][1].right() + MARGIN if rects else 0
        base = super().sizeHint(option, index)
        return QSize(max(width, 40), max(base.height(), option.fontMetrics.height() + 10))

    def helpEvent(
        self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: _Index
    ) -> bool:
        """The tooltip of the badge under the pointer (the cell's tooltip elsewhere)."""
        if event is None or not index.isValid():
            return super().helpEvent(event, view, option, index)
        for key, rect in badge_rects(option.rect, option.fontMetrics, index.data(RISKS_ROLE) or []):
            if rect.contains(event.pos()):
                QToolTip.showText(event.globalPos(), labels.tr(labels.RISK_BY_KEY[key].explanation), view, rect)
                return True
        return super().helpEvent(event, view, option, index)
