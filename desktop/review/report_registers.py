"""The register cross-check (比对核查) in the report: the extracts the review matched against, and by unit how many
people were checked, how many matched at each strength, and how many declarations each register rule fired for."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from desktop.domain.times import person_time
from desktop.exchange.registers.columns import RegisterKind
from desktop.review.engine import Review
from desktop.review.registers.model import EXACT, NAME_ONLY, PROBABLE, ExtractSummary
from desktop.review.rules_registers import RULES as REGISTER_RULES

KIND_ZH = {RegisterKind.ENTERPRISE.value: "市场主体登记", RegisterKind.LICENCE.value: "特种行业许可证",
           RegisterKind.OTHER.value: "其他名单"}  # fmt: skip
_BOLD = Font(bold=True)


@dataclass
class RegisterUnitStatistics:
    unit_code: str
    unit_name: str
    declarations: int = 0
    matched: Counter[str] = field(default_factory=Counter)  # strength → declared people matched
    by_rule: Counter[str] = field(default_factory=Counter)  # register rule → declarations it fired for


@dataclass(frozen=True)
class RegisterFigures:
    """What the register cross-check sheet shows."""

    summaries: tuple[ExtractSummary, ...]
    lines: list[RegisterUnitStatistics]  # by unit, in unit-code order
    people_checked: int
    register_people: int


def register_statistics(review: Review) -> list[RegisterUnitStatistics]:
    """One line per unit with reviewed declarations, in unit-code order."""
    data = review.data
    lines: dict[str, RegisterUnitStatistics] = {}
    unit_of: dict[int, str] = {}
    for row in data.declarations:
        line = lines.get(row.unit_code)
        if line is None:
            known = data.units.get(row.unit_code)
            line = lines[row.unit_code] = RegisterUnitStatistics(row.unit_code, known.name if known else row.unit_name)
        line.declarations += 1
        unit_of[row.row_id] = row.unit_code
    for row_id, matches in data.registers.matches.items():
        best: dict[int, str] = {}
        order = (EXACT, PROBABLE, NAME_ONLY)
        for match in matches:  # each person once, at the strongest match
            strongest = best.get(match.person.seq)
            if strongest is None or order.index(match.strength) < order.index(strongest):
                best[match.person.seq] = match.strength
        if row_id in unit_of:
            lines[unit_of[row_id]].matched.update(best.values())
    rules = {rule.id for rule in REGISTER_RULES}
    counted: dict[str, set[str]] = defaultdict(set)
    for finding in review.findings:
        if finding.rule in rules and finding.subject not in counted[finding.rule]:
            counted[finding.rule].add(finding.subject)
            if finding.unit_code in lines:
                lines[finding.unit_code].by_rule[finding.rule] += 1
    return [lines[code] for code in sorted(lines)]


def _append(sheet: Worksheet, values: tuple[object, ...], bold: bool = False) -> None:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if bold:
            cell.font = _BOLD
        elif isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
            cell.data_type = "s"  # text, never a formula
        cells.append(cell)
    sheet.append(cells)


def write_register_sheet(sheet: Worksheet, registers: RegisterFigures, zone: dt.tzinfo | None = None) -> None:
    """The 比对核查 sheet: the extracts, then the figures by unit."""
    for column, width in zip("ABCDEFGHIJ", (14, 30, 24, 22, 10, 10, 12, 12, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    _append(sheet, ("登记信息", "文件", "名称", "导入时间", "行数", "人员数"), bold=True)
    for extract in registers.summaries:
        _append(sheet, (KIND_ZH.get(extract.kind, extract.kind), extract.source, extract.label,
                        person_time(extract.imported_at, zone), extract.rows, extract.people))  # fmt: skip
    if not registers.summaries:
        _append(sheet, ("未导入登记信息，未进行比对核查。",))
    sheet.append([])
    rules = list(REGISTER_RULES)
    _append(
        sheet,
        ("单位代码", "单位名称", "登记表(份)", "比中人员(人)", "身份证号比中", "遮蔽号码+姓名", "姓名+出生日期",
         *(rule.description_zh for rule in rules)),
        bold=True,
    )  # fmt: skip
    for line in registers.lines:
        _append(sheet, (line.unit_code, line.unit_name, line.declarations, sum(line.matched.values()),
                        line.matched[EXACT], line.matched[PROBABLE], line.matched[NAME_ONLY],
                        *(line.by_rule[rule.id] for rule in rules)))  # fmt: skip
    sheet.append([])
    _append(sheet, ("合计", f"比对申报人员 {registers.people_checked} 人，登记人员 {registers.register_people} 人"))
