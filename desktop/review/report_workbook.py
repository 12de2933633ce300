"""The verification report workbook (核查报告): a summary, statistics by unit and by trade, every finding, the scores
with the reason each declaration was cleared or flagged, the conclusions and the leads. Chinese headings, text
never written as a formula. People read it: rules and trades appear by their Chinese names, never by the program's
codes (decision 64), and the summary sheet prints on one A4 page."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.domain.times import person_date, person_time
from desktop.exchange.xlsx.in_memory import memory_sheet, quote_style, workbook_bytes
from desktop.exchange.xlsx.sheet_stream import splice, values_xml
from desktop.i18n import Translator
from desktop.review.catalog import RULES, RULES_BY_ID
from desktop.review.engine import Review
from desktop.review.findings import ShownFinding
from desktop.review.report_content import ReportContent, content_of
from desktop.review.report_registers import write_register_sheet
from desktop.review.report_statistics import TradeStatistics, UnitStatistics, unchecked_of

KIND_ZH = {
    "truthful": "如实填报",
    "omission": "漏报",
    "concealment": "瞒报",
    "needs_checking": "需核实",
    "lead": "问题线索",
}
LEAD_STATE_ZH = {"open": "待核查", "in_progress": "核查中", "closed": "已办结"}
_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DDE6F0")

SHEETS = ("核查概况", "单位统计", "行业统计", "核查发现", "风险评分", "核查结论", "问题线索", "比对核查")


class ReportConclusion(Protocol):
    """What the report shows of a conclusion (services.conclusions.Conclusion); read-only, as its fields are."""

    @property
    def declaration_id(self) -> str | None: ...
    @property
    def police_number(self) -> str: ...
    @property
    def unit_code(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def inspector(self) -> str: ...
    @property
    def concluded_at(self) -> str: ...


class ReportLead(Protocol):
    """What the report shows of a lead (services.conclusions.Lead)."""

    @property
    def id(self) -> int: ...
    @property
    def declaration_id(self) -> str | None: ...
    @property
    def police_number(self) -> str: ...
    @property
    def unit_code(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def updated_at(self) -> str: ...
    @property
    def updated_by(self) -> str: ...
    @property
    def note(self) -> str: ...


def _cell(sheet: Worksheet, value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl would take it for a formula
        cell.quotePrefix = True
        return cell
    return value


def _heading(sheet: Worksheet, headings: Sequence[str], widths: Sequence[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    cells = []
    for text in headings:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill = _BOLD, _FILL
        cells.append(cell)
    sheet.append(cells)


def _rows(sheet: Worksheet, rows: Iterable[Sequence[object]]) -> None:
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def build_report(
    review: Review,
    conclusions: Sequence[ReportConclusion],
    leads: Sequence[ReportLead],
    *,
    generated_at: str,
    generated_by: str,
    translate: Translator,
    zone: dt.tzinfo | None = None,
) -> bytes:
    """The report of a review in memory as .xlsx bytes (``write_report_book``)."""
    buffer = io.BytesIO()
    content = content_of(review, leads_by_unit(leads))
    write_report_book(
        buffer,
        content,
        conclusions,
        leads,
        generated_at=generated_at,
        generated_by=generated_by,
        translate=translate,
        zone=zone,
    )
    return buffer.getvalue()


def leads_by_unit(leads: Iterable[ReportLead]) -> dict[str, int]:
    found: dict[str, int] = {}
    for lead in leads:
        found[lead.unit_code] = found.get(lead.unit_code, 0) + 1
    return found


def write_report_book(
    target: BinaryIO,
    content: ReportContent,
    conclusions: Sequence[ReportConclusion],
    leads: Sequence[ReportLead],
    *,
    generated_at: str,
    generated_by: str,
    translate: Translator,
    zone: dt.tzinfo | None = None,
) -> None:
    """Write the report of ``content`` as .xlsx to ``target``. Times are shown as people read them: local
    (``zone``, else the machine's), in Chinese form; the stored UTC times stay in the store.

    The findings and scores (a row per finding and per declaration: hundreds of thousands in a province) are written
    as the export writes its sheets (decision 171): openpyxl makes the book with their headings only (a small
    package, in memory, nothing in the temp folder), and their rows are made as XML (``sheet_stream.values_xml``:
    the cells openpyxl writes) and spliced into their sheets while the package is copied to ``target``, as they
    come from ``content``."""
    book = Workbook(write_only=True)
    latest = {(c.declaration_id or f"officer:{c.police_number}"): c for c in conclusions}
    shown_at = person_time(generated_at, zone)
    _summary(memory_sheet(book, SHEETS[0]), content, len(conclusions), len(leads), shown_at, generated_by)
    _units(memory_sheet(book, SHEETS[1]), content.units)
    _trades(memory_sheet(book, SHEETS[2]), content.trades)
    findings = memory_sheet(book, SHEETS[3])
    finding_rows = _findings(findings, content, latest, translate)
    scores = memory_sheet(book, SHEETS[4])
    score_rows = _scores(scores, content, latest, translate)
    sheet = memory_sheet(book, SHEETS[5])
    _heading(
        sheet,
        ("核查时间", "核查人", "警号", "单位代码", "登记表编号", "核查结论", "说明"),
        (22, 12, 10, 12, 34, 10, 60),
    )
    _rows(
        sheet,
        (
            (
                person_time(c.concluded_at, zone),
                c.inspector,
                c.police_number,
                c.unit_code,
                c.declaration_id or "",
                KIND_ZH.get(c.kind, c.kind),
                c.note,
            )
            for c in conclusions
        ),
    )
    sheet = memory_sheet(book, SHEETS[6])
    _heading(
        sheet,
        ("线索编号", "警号", "单位代码", "登记表编号", "办理状态", "更新时间", "更新人", "说明"),
        (10, 10, 12, 34, 10, 22, 12, 60),
    )
    _rows(
        sheet,
        (
            (
                le.id,
                le.police_number,
                le.unit_code,
                le.declaration_id or "",
                LEAD_STATE_ZH.get(le.state, le.state),
                person_time(le.updated_at, zone),
                le.updated_by,
                le.note,
            )
            for le in leads
        ),
    )
    write_register_sheet(memory_sheet(book, SHEETS[7]), content.registers, zone)
    template = workbook_bytes(book)  # names each sheet's part (sheet.path)
    splice(template, target, {findings.path.lstrip("/"): finding_rows, scores.path.lstrip("/"): score_rows})


def _one_page(sheet: Worksheet) -> None:
    """Printed on one A4 page, portrait, scaled down if need be."""
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _rule_names(rule_ids: Iterable[str]) -> str:
    return "、".join(RULES_BY_ID[rule].description_zh if rule in RULES_BY_ID else rule for rule in rule_ids)


def _summary(
    sheet: Worksheet,
    content: ReportContent,
    conclusions: int,
    leads: int,
    generated_at: str,
    generated_by: str,
) -> None:
    campaign, units = content.campaign, content.units
    _one_page(sheet)
    _heading(sheet, ("项目", "内容"), (30, 56))
    _rows(
        sheet,
        (
            ("专项登记", campaign.name),
            ("专项登记编号", campaign.id),
            ("截止日期", person_date(campaign.deadline) if campaign.deadline else ""),
            ("报告生成时间", generated_at),
            ("生成人", generated_by),
            ("导入工作簿(份)", content.workbooks),
            ("花名册人数", sum(u.roster for u in units)),
            ("已登记(人)", sum(u.declared for u in units)),
            ("未登记(人)", sum(u.missing for u in units)),
            ("情况登记表(份)", content.declarations),
            *((f"其中登记表版本{version}(份)", count) for version, count in content.form_versions.items()),
            ("自动通过阈值(风险分低于此值)", content.threshold),
            ("需人工核查", content.flagged),
            ("自动通过", content.cleared),
            ("核查结论(条)", conclusions),
            ("问题线索(条)", leads),
        ),
    )
    sheet.append([])
    sheet.append(
        [WriteOnlyCell(sheet, value=v) for v in ("规则", "权重 / 触发(份)", "未检查(份，登记表版本不含所需内容)")]
    )
    counts, unchecked = content.rule_counts, unchecked_of(content.form_versions)
    _rows(
        sheet,
        ((rule.description_zh, f"{rule.weight} / {counts[rule.id]}", unchecked.get(rule.id, "")) for rule in RULES),
    )


def _units(sheet: Worksheet, units: list[UnitStatistics]) -> None:
    headings = [
        "单位代码",
        "单位名称",
        "花名册人数",
        "已登记",
        "未登记",
        "重点人员",
        "需人工核查",
        "自动通过",
        "问题线索",
        *(f"{rule.description_zh}" for rule in RULES),
    ]
    _heading(sheet, headings, (12, 30, 10, 8, 8, 8, 10, 8, 8, *([14] * len(RULES))))
    _rows(
        sheet,
        (
            (
                u.unit_code,
                u.unit_name,
                u.roster,
                u.declared,
                u.missing,
                u.key_persons,
                u.flagged,
                u.cleared,
                u.leads,
                *(u.by_rule.get(rule.id, 0) for rule in RULES),
            )
            for u in units
        ),
    )


def _trades(sheet: Worksheet, trades: list[TradeStatistics]) -> None:
    _heading(
        sheet,
        ("经营行业", "公安机关业务范围内", "经商办企业情况(条)", "涉及民警(人)", "仍在经营(条)"),
        (24, 10, 12, 10, 10),
    )
    _rows(
        sheet,
        (
            (
                t.trade_name if t.trade_code != "-" else "（未填写行业）",
                "是" if t.regulated else "否",
                t.interests,
                t.officers,
                t.running,
            )
            for t in trades
        ),
    )


def _findings(
    sheet: Worksheet, content: ReportContent, latest: dict[str, ReportConclusion], translate: Translator
) -> Iterator[str]:
    """The heading; the XML of the rows (from row 2), made as they are read."""
    _heading(
        sheet,
        ("风险分值", "处理", "规则", "权重", "警号", "姓名", "单位代码", "登记表编号", "原因", "核查结论"),
        (8, 10, 30, 6, 10, 10, 12, 34, 80, 10),
    )
    rows = (_finding_row(shown, latest, translate) for shown in content.findings())
    return _streamed(sheet, 10, rows)


def _finding_row(
    shown: ShownFinding, latest: dict[str, ReportConclusion], translate: Translator
) -> tuple[str | int, ...]:
    f = shown.finding
    return (
        shown.score,
        "自动通过" if shown.cleared else "需人工核查",
        RULES_BY_ID[f.rule].description_zh,
        f.weight,
        f.police_number,
        f.name,
        f.unit_code,
        f.declaration_id or "",
        f.render(translate),
        _kind(latest.get(f.declaration_id or f"officer:{f.police_number}")),
    )


def _scores(
    sheet: Worksheet, content: ReportContent, latest: dict[str, ReportConclusion], translate: Translator
) -> Iterator[str]:
    """The heading; the XML of the rows (from row 2), made as they are read."""
    _heading(
        sheet,
        ("风险分值", "处理", "警号", "姓名", "单位代码", "登记表编号", "触发规则", "理由", "核查结论"),
        (8, 10, 10, 10, 12, 34, 40, 60, 10),
    )
    threshold = content.threshold
    rows = (
        (
            s.score,
            "自动通过" if s.cleared else "需人工核查",
            s.police_number,
            s.name,
            s.unit_code,
            s.declaration_id or "",
            _rule_names(s.weights),
            s.explain(threshold, translate),
            _kind(latest.get(s.declaration_id or f"officer:{s.police_number}")),
        )
        for s in content.scores()
    )
    return _streamed(sheet, 9, rows)


def _streamed(sheet: Worksheet, width: int, rows: Iterable[Sequence[str | int]]) -> Iterator[str]:
    """The XML of ``rows`` below ``sheet``'s heading, made as the package is written (decision 171)."""
    return values_xml(width, rows, 2, quote_style(sheet))


def _kind(conclusion: ReportConclusion | None) -> str:
    return KIND_ZH.get(conclusion.kind, conclusion.kind) if conclusion else ""
