"""The view over the inspectors' table model, set up for 50,000 rows (shared by the page and the benchmark)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.gui.inspector.table_data import STATE
from desktop.gui.inspector.table_model import DeclarationTableModel
from desktop.gui.widgets.column_fit import ColumnFitter

COLUMN_WIDTHS = (190, 220, 110, 110, 90, 130)


def declaration_table(model: DeclarationTableModel, parent: QWidget | None = None) -> QTableView:
    table = QTableView(parent)
    table.setObjectName("declarationTable")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    # Fixed row heights and no row header: the view never measures or lays out 50,000 rows.
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
    columns = table.horizontalHeader()
    columns.setStretchLastSection(True)
    for column, width in enumerate(COLUMN_WIDTHS):
        table.setColumnWidth(column, width)
    table.setSortingEnabled(True)  # a click on a header calls the model's own sort()
    table.sortByColumn(STATE, Qt.SortOrder.AscendingOrder)  # what fails first
    ColumnFitter(table)
    return table
