"""Columns fitted to what they show (desktop/gui/widgets/column_fit.py)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QMouseEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView

from desktop.gui.widgets.column_fit import FLOOR, MEASURED_ROWS, ColumnFitter, fitted_widths


def test_columns_that_fit_keep_what_they_need():
    assert fitted_widths([80, 200, 120], 1000) == [80, 200, 120]


def test_when_there_is_not_room_the_widest_columns_give_way_first():
    assert fitted_widths([80, 400, 300], 600) == [80, 260, 260]


def test_no_column_is_narrowed_below_the_floor():
    assert fitted_widths([FLOOR + 50, FLOOR + 40], 10) == [FLOOR, FLOOR]


def _table(qtbot, width: int) -> QTableView:
    model = QStandardItemModel(1, 3)
    model.setHorizontalHeaderLabels(["风险分值", "单位", "原因"])
    for column, text in enumerate(("100", "拉萨市公安局城关区分局八廓街派出所", "重点人员")):
        model.setItem(0, column, QStandardItem(text))
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setStretchLastSection(True)
    qtbot.addWidget(view)
    view.resize(width, 200)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_a_long_unit_name_is_shown_whole_when_the_table_has_room(qtbot):
    view = _table(qtbot, 900)
    ColumnFitter(view).fit()

    assert view.columnWidth(1) >= view.sizeHintForColumn(1)


def test_a_column_the_person_dragged_keeps_its_width(qtbot):
    view = _table(qtbot, 900)
    fitter = ColumnFitter(view)
    header = view.horizontalHeader().viewport()
    press = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        QPoint(1, 1),
        QPoint(1, 1),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(header, press)
    view.setColumnWidth(1, 70)  # as a drag of the column's edge does

    fitter.fit()

    assert fitter.user_sized
    assert view.columnWidth(1) == 70


class _CountingModel(QAbstractTableModel):
    """50,000 rows of three columns; counts which rows the view asks about."""

    def __init__(self) -> None:
        super().__init__()
        self.rows_asked: set[int] = set()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 50_000

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        self.rows_asked.add(index.row())
        return f"第{index.row()}行" if role == Qt.ItemDataRole.DisplayRole else None


def test_fitting_a_long_table_measures_a_screenful_of_rows_shown_or_hidden(qtbot):
    """Qt measures 1,000 rows a column by default (and every row with a precision of 0 while hidden)."""
    model = _CountingModel()
    view = QTableView()
    view.setModel(model)
    qtbot.addWidget(view)
    fitter = ColumnFitter(view)
    view.resize(800, 600)
    fitter.fit()  # hidden
    assert 0 < len(model.rows_asked) <= MEASURED_ROWS
    view.show()
    qtbot.waitExposed(view)
    model.rows_asked.clear()
    fitter.fit()
    assert 0 < len(model.rows_asked) <= MEASURED_ROWS
