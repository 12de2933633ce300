"""Columns as wide as what they show: a table's columns are fitted to their titles and to the rows on screen, and
when the table is too narrow for all of them, the widest give way first. Then no name is cut short ("拉萨…") while
the table has empty space beside it.

Only a screenful of rows is measured (QTableView.sizeHintForColumn, from the first row on screen, MEASURED_ROWS of
them), so fitting a 50,000-row table costs what fitting a screenful does. Once the person drags a column's edge, the
table keeps their widths.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView

#: No column is made narrower than this when the table is too narrow for all of them (px).
FLOOR = 90
#: The rows measured for a column's width: a tall screenful.
MEASURED_ROWS = 60


def fitted_widths(needed: list[int], room: int, floor: int = FLOOR) -> list[int]:
    """The widths for columns that need ``needed`` px in ``room`` px: all of it when it fits, else the widest
    columns are narrowed (to the next widest, down to ``floor``) until the columns fit or cannot shrink more."""
    widths = list(needed)
    overflow = sum(widths) - room
    while overflow > 0:
        widest = max(widths)
        if widest <= floor:
            break
        at_widest = [i for i, w in enumerate(widths) if w == widest]
        lower = max([w for w in widths if w < widest] + [floor])
        step = min(widest - lower, -(-overflow // len(at_widest)))
        for i in at_widest:
            widths[i] -= step
        overflow -= step * len(at_widest)
    return widths


class ColumnFitter(QObject):
    """Keeps ``view``'s columns fitted (see the module) as its rows and its width change."""

    def __init__(self, view: QTableView | QTreeView) -> None:
        super().__init__(view)
        self.view = view
        self.user_sized = False
        self._pressed = False  # a mouse button is down on the header: a resize now is the person's
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.fit)
        self.header.sectionResized.connect(self._resized_by_hand)
        # A column's size hint measures as many rows as the header's resizeContentsPrecision says, from the first
        # on screen on: 1,000 by default (8,000 calls of the model's data() per column, a fifth of a second for the
        # findings table at every reload). 0 would mean "the rows on screen", but every row while the view is hidden.
        self.header.setResizeContentsPrecision(MEASURED_ROWS)
        view.viewport().installEventFilter(self)
        self.header.viewport().installEventFilter(self)
        model = view.model()
        if model is not None:
            for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.dataChanged):
                signal.connect(self._pending.start)

    @property
    def header(self) -> QHeaderView:
        view = self.view
        return view.horizontalHeader() if isinstance(view, QTableView) else view.header()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.view.viewport():
            self._pending.start()
        elif kind == QEvent.Type.MouseButtonPress:
            self._pressed = True
        elif kind == QEvent.Type.MouseButtonRelease:
            self._pressed = False
        return False

    def _resized_by_hand(self, *_args: object) -> None:
        if self._pressed:
            self.user_sized = True

    def fit(self) -> None:
        """Fit the columns now (the view calls this itself after changes)."""
        view, header = self.view, self.header
        model = view.model()
        if self.user_sized or model is None or model.columnCount() == 0:
            return
        columns = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
        needed = [max(header.sectionSizeHint(c), _content_width(view, c)) for c in columns]
        widths = fitted_widths(needed, view.viewport().width())
        for column, width in zip(columns, widths, strict=True):
            header.resizeSection(column, width)


def _content_width(view: QAbstractItemView, column: int) -> int:
    return view.sizeHintForColumn(column)
