"""The empty roster workbook (花名册) that administrators fill in: headings, text-formatted identifier columns,
是/否 lists, and a sheet 说明 explaining each column."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.exchange.roster.columns import RosterColumn
from desktop.exchange.roster.reader import COLUMNS, NOTES_SHEET, ROSTER_SHEET, TEMPLATE_TEXT_ROWS, ColumnKind
from desktop.exchange.vocabulary import NO, YES

if TYPE_CHECKING:
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

_GENERAL_NOTES = (
    "第一行是标题行，请不要修改列名；列的顺序可以调整，表中多出的列会被忽略。",
    "每名民警填一行，空行会被跳过。",
    "警号、身份证号和单位代码列已设置为文本格式。从其他表格粘贴时，请选择“只粘贴数值”，以免把文本格式覆盖成数字。",
    "导入时会一次列出所有问题，写明行号和单元格；有任何错误时，整个花名册都不会导入，改正后重新导入即可。",
)


def template_bytes() -> bytes:
    """An empty roster workbook, as .xlsx bytes made in memory: the heading row (bold, frozen), identifier columns
    formatted as text, a 是/否 list on the yes/no columns, and a second sheet 说明 that explains each column."""
    from openpyxl import Workbook  # imported here: openpyxl is slow to import and only the template needs it
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from desktop.exchange.xlsx.in_memory import workbook_bytes

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ROSTER_SHEET
    bold = Font(bold=True)
    shaded = PatternFill("solid", fgColor="DDEBF7")
    for position, column in enumerate(COLUMNS, start=1):
        heading = sheet.cell(row=1, column=position, value=column.heading)
        heading.font = bold
        heading.fill = shaded
        heading.alignment = Alignment(horizontal="center", vertical="center")
        letter = heading.column_letter
        sheet.column_dimensions[letter].width = column.width
        if column.kind is ColumnKind.IDENTIFIER:
            # The column style covers new rows in Excel; explicit cells cover WPS and LibreOffice too.
            sheet.column_dimensions[letter].number_format = "@"
            for row in range(2, TEMPLATE_TEXT_ROWS + 2):
                sheet.cell(row=row, column=position).number_format = "@"
        elif column.kind is ColumnKind.YES_NO:
            choice = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
            choice.errorTitle = "只能填“是”或“否”"
            choice.error = "请从下拉列表中选择“是”或“否”。"
            choice.showErrorMessage = True
            choice.add(f"{letter}2:{letter}1048576")
            sheet.add_data_validation(choice)
    sheet.freeze_panes = "A2"
    _write_notes(workbook.create_sheet(NOTES_SHEET), bold)
    return workbook_bytes(workbook)  # no sheet ever in the temp folder


def _presence(column: RosterColumn) -> str:
    """Whether the column must be there, and whether its cells may then be empty: a required column whose cells
    may be empty is not called 必填 (the template said 必填列 beside 可以空着)."""
    if not column.required:
        return "可以没有"
    return "必须有，内容可以空着" if column.blank_allowed else "必须有，每行必填"


def _write_notes(notes: Worksheet, bold: Font) -> None:
    notes.append(["列名", "此列", "说明"])
    for cell in notes[1]:
        cell.font = bold
    for column in COLUMNS:
        notes.append([column.heading, _presence(column), column.explanation])
    notes.append([])
    for note in _GENERAL_NOTES:
        notes.append(["", "", note])
    for letter, width in (("A", 20), ("B", 10), ("C", 90)):
        notes.column_dimensions[letter].width = width
