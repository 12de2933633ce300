"""A sheet's table: keys found by the row of keys (not by position), columns converted whole, and every cell that
does not fit located, in reading order, and left out of its row's values."""

from __future__ import annotations

import datetime as dt

from desktop.exchange.problems import SheetProblem
from desktop.exchange.workbook.columns import Column, Kind
from desktop.exchange.workbook.table import read_table

COLUMNS = (
    Column("name", "姓名", Kind.TEXT),
    Column("id_number", "公民身份号码", Kind.IDENTIFIER),
    Column("start_date", "开始日期", Kind.DATE),
    Column("flag", "是否", Kind.YES_NO),
)
HEADINGS = ["姓名", "开始日期", "公民身份号码", "是否"]
KEYS = ["name", "start_date", "id_number", "flag"]  # another column order than COLUMNS


def test_plain_columns_are_read_by_key() -> None:
    problems: list[SheetProblem] = []
    positions: dict[str, dict[str, int]] = {}
    rows = [
        HEADINGS,
        KEYS,
        [" 张三 ", "2020-05-01", "11010119900307001X", "是"],
        ["", "", "", ""],
        ["李四", "", "000123", "否"],
    ]
    table = read_table("表", rows, COLUMNS, problems, positions, [])
    assert problems == []
    assert positions["表"] == {"name": 0, "start_date": 1, "id_number": 2, "flag": 3}
    assert table == [
        (3, {"name": "张三", "start_date": dt.date(2020, 5, 1), "id_number": "11010119900307001X", "flag": True}),
        (5, {"name": "李四", "start_date": None, "id_number": "000123", "flag": False}),
    ]


def test_cells_that_do_not_fit_are_located_in_reading_order_and_left_out() -> None:
    problems: list[SheetProblem] = []
    rows = [
        HEADINGS,
        KEYS,
        ["张三", "2020-5-1", 110101199003070011, "是"],
        ["李四", "2020-05-01", "000123", "也许"],
        ["王五", 44000.0, "a b", "否"],
    ]
    table = read_table("表", rows, COLUMNS, problems, {}, [])
    assert [(p.row, p.cell, p.code) for p in problems] == [
        (3, "B3", "cell.date_text"),
        (3, "C3", "cell.number"),
        (4, "D4", "cell.yes_no"),
        (5, "B5", "cell.number"),
        (5, "C5", "cell.identifier"),
    ]
    assert table == [
        (3, {"name": "张三", "flag": True}),
        (4, {"name": "李四", "start_date": dt.date(2020, 5, 1), "id_number": "000123"}),
        (5, {"name": "王五", "flag": False}),
    ]


def test_a_missing_key_row_or_column_is_reported() -> None:
    problems: list[SheetProblem] = []
    assert read_table("表", [HEADINGS, ["x", "y", "z", "w"], ["张三"]], COLUMNS, problems) == []
    assert [p.code for p in problems] == ["sheet.no_keys"]
    problems.clear()
    assert read_table("表", [HEADINGS, KEYS[:3], ["张三", "", "1"]], COLUMNS, problems) == []
    assert [p.code for p in problems] == ["sheet.missing_column"]
