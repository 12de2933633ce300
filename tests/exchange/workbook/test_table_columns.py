"""Records converted by position (table.convert_columns, the direct import path's conversion, decision 201) hold
exactly the values convert_records puts in its rows, for every kind of column and in any column order, and are
refused (None) exactly when convert_records reports a cell."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop.exchange.problems import SheetProblem
from desktop.exchange.workbook.columns import Column, Kind
from desktop.exchange.workbook.table import convert_columns, convert_records

COLUMNS = (
    Column("name", "姓名", Kind.TEXT),
    Column("id_number", "公民身份号码", Kind.IDENTIFIER),
    Column("flag", "是否", Kind.YES_NO),
    Column("amount", "金额", Kind.DECIMAL),
    Column("start_date", "开始日期", Kind.DATE),
    Column("signed_at", "签名时间", Kind.TIME),
    Column("version", "版本", Kind.INTEGER),
    Column("signature", "签名", Kind.BASE64),
)
#: The sheet's columns in another order than COLUMNS, with a column no key names between them.
POSITIONS = {"version": 0, "flag": 1, "name": 3, "signature": 4, "start_date": 5, "amount": 6, "id_number": 7,
             "signed_at": 8}  # fmt: skip
GOOD = [
    [3, "是", "x", " 张三 ", "AAAA", "2020-05-01", "12.50", "11010119900307001X", "2026-11-21T09:30:00Z"],
    [0, "否", None, "e\u0301", "", "", "", "000123", ""],
    ["7", "是", "", "李四", "AAAA", "9999-12-31", "-0", "abc", "2026-11-21T09:30:00Z", "extra", "cells"],
    [1, "否"],  # shorter than the last position: padded with empty cells
]
HOSTILE = [None, "", " ", 0, 1, -1.5, 2**60, True, False, dt.date(2020, 2, 29), dt.datetime(2020, 1, 1, 8, 0),
           "是", "否", "TRUE", "a\r\nb", "x\x00y", "\ud800", "\u2028", "1E+3", "-0", "2020-02-30", "=A1", "AAAA",
           Decimal("1.5"), "2026-11-21T09:30:00Z", "12.50"]  # fmt: skip


def _both(records: list[list[object]]) -> tuple[object, list[SheetProblem], list[tuple[int, dict[str, object]]]]:
    problems: list[SheetProblem] = []
    numbers = list(range(3, 3 + len(records)))
    rows = convert_records("表", numbers, [list(r) for r in records], COLUMNS, POSITIONS, problems)
    return convert_columns([list(r) for r in records], COLUMNS, POSITIONS), problems, list(rows)


def _same_values(found: object, rows: list[tuple[int, dict[str, object]]]) -> None:
    assert found is not None
    at, values = found  # type: ignore[misc]
    assert list(at) == list(POSITIONS)  # in the order of the sheet's keys
    assert len(values) == len(rows)
    for cells, (_number, row) in zip(values, rows, strict=True):
        assert {key: cells[index] for key, index in at.items()} == row
        assert [type(cells[index]) for index in at.values()] == [type(v) for v in row.values()]


def test_plain_records_give_the_rows_values_by_position() -> None:
    found, problems, rows = _both(GOOD)
    assert problems == []
    _same_values(found, rows)
    assert convert_columns([], COLUMNS, POSITIONS) == ({key: i for i, key in enumerate(POSITIONS)}, [])


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_a_cell_that_does_not_fit_refuses_the_records_and_one_that_does_gives_its_value(value: object) -> None:
    refused = 0
    for row_index in range(len(GOOD)):
        for column in range(9):
            records = [list(r) + [None] * (9 - len(r)) for r in GOOD]
            records[row_index][column] = value
            found, problems, rows = _both(records)
            if problems:
                assert found is None
                refused += 1
            else:
                _same_values(found, rows)
    assert refused or value in (None, "")
