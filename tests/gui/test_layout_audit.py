"""The layout audit itself (tests/gui/layout_audit.py) finds what it is meant to find, and nothing in a sound layout."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QTableView, QTextEdit, QVBoxLayout, QWidget

from tests.gui.layout_audit import audit


def shown(qtbot, widget: QWidget, width: int, height: int) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_sound_layout_has_no_defects(qtbot):
    root = QWidget()
    column = QVBoxLayout(root)
    column.addWidget(QLabel("承诺书"))
    column.addWidget(QTextEdit("本人承诺……"), 1)
    column.addWidget(QCheckBox("本人已阅读承诺书"))
    shown(qtbot, root, 500, 400)

    assert audit(root) == []


def test_widgets_placed_over_each_other_are_an_overlap(qtbot):
    root = QWidget()
    text = QTextEdit("本人承诺……", root)
    text.setGeometry(0, 0, 300, 200)
    tick = QCheckBox("本人已阅读承诺书", root)
    tick.setObjectName("readCommitment")
    tick.setGeometry(10, 150, 280, 30)
    shown(qtbot, root, 300, 220)

    kinds = [(d.kind, "readCommitment" in str(d)) for d in audit(root)]

    assert ("overlap", True) in kinds


def test_a_layout_without_the_room_it_needs_draws_a_field_over_its_neighbour(qtbot):
    root = QWidget()
    inner = QWidget(root)  # placed by hand, smaller than its layout's minimum: Qt keeps the items' minimums
    column = QVBoxLayout(inner)
    text = QTextEdit()
    text.setMinimumHeight(300)
    field = QLineEdit()
    field.setObjectName("filePassword")
    column.addWidget(text)
    column.addWidget(field)
    shown(qtbot, root, 400, 200)
    inner.setGeometry(0, 0, 400, 200)

    assert any("filePassword" in str(d) and d.kind == "overlap" for d in audit(root))


def test_a_wrapped_label_without_the_height_for_its_lines_is_cut(qtbot):
    root = QWidget()
    inner = QWidget(root)
    column = QVBoxLayout(inner)
    text = QTextEdit()
    text.setMinimumHeight(180)
    hint = QLabel("密码至少十个字符，请另行告知收件人，不要与文件一同发送。" * 4)
    hint.setWordWrap(True)
    column.addWidget(text)
    column.addWidget(hint)
    shown(qtbot, root, 200, 200)
    inner.setGeometry(0, 0, 200, 200)

    assert any(d.kind == "cut" for d in audit(root))


def test_a_cell_cut_short_while_the_table_has_room_is_elided(qtbot):
    model = QStandardItemModel(1, 2)
    model.setHorizontalHeaderLabels(["企业名称", "统一社会信用代码"])
    model.setItem(0, 0, QStandardItem("拉萨市城关区某某商贸有限责任公司第二分公司"))
    model.setItem(0, 1, QStandardItem("91540100MA6T1234X5"))
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().resizeSection(0, 60)
    view.horizontalHeader().resizeSection(1, 200)
    shown(qtbot, view, 900, 200)

    defects = audit(view)

    assert [d.kind for d in defects] == ["elided"]
    assert "企业名称" in str(defects[0])


def test_a_cell_cut_short_in_a_full_table_is_not_a_defect(qtbot):
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem("拉萨市城关区某某商贸有限责任公司第二分公司" * 3))
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
    shown(qtbot, view, 300, 200)

    assert audit(view) == []
