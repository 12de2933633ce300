"""The report workbook speaks the inspectors' words (issue 13, defect 10): rules and trades by their Chinese names,
never by the program's codes (key_untrusted, hotel); and its summary sheet prints on one page."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from desktop.domain.trades import default_catalog
from desktop.i18n import Translator
from desktop.review.catalog import RULES, RULES_BY_ID
from desktop.review.report_workbook import build_report
from tests.review.builders import declaration, interest, review


def report(tmp_path: Path) -> openpyxl.Workbook:
    result = review(
        declaration("000101", interest(trade_code="hotel", within_jurisdiction=True)),
        declaration("000102", interest("清河市顺发网吧", trade_code="internet_cafe")),
    )
    assert {f.rule for f in result.findings} >= {"regulated_trade"}
    data = build_report(
        result, [], [], generated_at="2027-01-20T09:00:00Z", generated_by="jijian01", translate=Translator("zh_CN")
    )
    (tmp_path / "r.xlsx").write_bytes(data)
    return openpyxl.load_workbook(tmp_path / "r.xlsx")


def test_no_cell_shows_a_rule_or_trade_code(tmp_path: Path) -> None:
    book = report(tmp_path)
    codes = {rule.id for rule in RULES} | {trade.code for trade in default_catalog().trades}

    def coded(value: object) -> bool:
        return isinstance(value, str) and any(part in codes for part in (value, *value.split(", "), *value.split("、")))

    shown = {
        (sheet.title, cell.coordinate, cell.value)
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if coded(cell.value)
    }
    assert shown == set()
    findings = list(book["核查发现"].iter_rows(values_only=True))
    assert any(row[2] == RULES_BY_ID["regulated_trade"].description_zh for row in findings[1:])
    trades = [row[0] for row in book["行业统计"].iter_rows(values_only=True)]
    assert "旅馆业" in trades or any("旅馆" in str(name) for name in trades)


def test_the_summary_sheet_prints_on_one_page(tmp_path: Path) -> None:
    sheet = report(tmp_path)["核查概况"]
    assert sheet.sheet_properties.pageSetUpPr is not None
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 1)
    assert sheet.page_setup.orientation == "portrait"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
