"""The inspectors' table model on its own: it sorts in the model (every column, both orders, stable), filters on the
precomputed search key by every word and by state, keeps the selected declaration across a sort, and keeps its sort
and filter when new rows arrive. (Timing is measured in bench/bench_table.py, not here.)"""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from desktop.gui.inspector.table_data import (
    COLUMN_COUNT,
    KEY_PERSON,
    NAME,
    POLICE_NUMBER,
    STATE,
    STATE_RANK,
    UNIT,
    build_table,
)
from desktop.gui.inspector.table_model import ROW_ID_ROLE, DeclarationTableModel
from desktop.i18n import Translator
from desktop.services.inspection.views import ImportedRow, RowState

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def rows(count: int, seed: int = 1) -> list[ImportedRow]:
    rng = random.Random(seed)
    names = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "Wang Lei"]
    made = []
    for n in range(count):
        state = rng.choice(list(RowState))
        unit = rng.choice(["131101", "131102", "13112101"])
        made.append(
            ImportedRow(
                n + 1,
                f"{n:032x}",
                f"{rng.randint(1, 999999):06d}",
                rng.choice(names),
                unit,
                f"清河市公安局{unit}",
                rng.random() < 0.2,
                False,
                state,
                (),
                f"unit-{unit}.xlsx",
                f"{n % 3:064x}",
                f"2026-11-{rng.randint(1, 30):02d}T08:00:00Z",
                "",
            )
        )
    return made


@pytest.fixture
def model(qapp) -> DeclarationTableModel:
    built = DeclarationTableModel(Translator("zh_CN"))
    built.set_table(build_table(rows(2000)))
    return built


def shown(model: DeclarationTableModel) -> list[ImportedRow]:
    return [model.row(r) for r in range(model.rowCount())]


def key(row: ImportedRow, column: int) -> object:
    return {
        STATE: STATE_RANK[row.state],
        UNIT: row.unit_code,
        POLICE_NUMBER: row.police_number,
        NAME: row.name,
        KEY_PERSON: not row.key_person,
    }.get(column)


@pytest.mark.parametrize("column", [STATE, UNIT, POLICE_NUMBER, NAME, KEY_PERSON])
@pytest.mark.parametrize("order", [ASC, DESC])
def test_every_column_sorts_in_the_model_in_both_orders(model, column, order):
    before = shown(model)
    model.sort(column, order)

    after = shown(model)
    assert sorted(after, key=lambda r: r.row_id) == sorted(before, key=lambda r: r.row_id)
    keys = [key(r, column) for r in after]
    assert keys == sorted(keys, reverse=order == DESC)


def test_a_sort_is_stable_so_a_second_sort_refines_the_first(model):
    model.sort(NAME, ASC)
    model.sort(STATE, ASC)

    after = shown(model)
    assert after == sorted(after, key=lambda r: (STATE_RANK[r.state], r.name))


def test_the_filter_matches_every_word_in_any_case_and_by_state(model):
    model.set_filter("wang LEI", None)
    assert shown(model)
    assert {r.name for r in shown(model)} == {"Wang Lei"}

    model.set_filter("131102 王伟", frozenset({RowState.OFFICER}))
    found = shown(model)
    assert found
    assert all(r.unit_code == "131102" and r.name == "王伟" and r.state is RowState.OFFICER for r in found)

    model.set_filter("", frozenset({RowState.BATCH, RowState.VALID}))
    assert {r.state for r in shown(model)} == {RowState.BATCH, RowState.VALID}
    model.set_filter("", None)
    assert model.rowCount() == model.total == 2000


def test_the_filter_keeps_the_sort_and_new_rows_keep_both(model):
    model.sort(POLICE_NUMBER, DESC)
    model.set_filter("张敏", None)
    numbers = [r.police_number for r in shown(model)]
    assert numbers == sorted(numbers, reverse=True)

    model.set_table(build_table(rows(3000, seed=2)))
    again = shown(model)
    assert {r.name for r in again} == {"张敏"}
    assert [r.police_number for r in again] == sorted((r.police_number for r in again), reverse=True)


def test_the_selected_declaration_stays_selected_across_a_sort(qtbot, model):
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectionModel().select(
        model.index(5, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    chosen = model.index(5, 0).data(ROW_ID_ROLE)

    for column in range(COLUMN_COUNT):
        for order in (ASC, DESC):
            model.sort(column, order)
            selected = view.selectionModel().selectedRows()
            assert [index.data(ROW_ID_ROLE) for index in selected] == [chosen]
