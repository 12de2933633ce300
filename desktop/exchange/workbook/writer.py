"""Writing a declaration workbook with openpyxl (write-only mode): Chinese headings, machine keys, text cells, print
setup. Nothing is ever written as a formula; every value is a text cell.

The data rows below the two heading rows of each table are streamed into the package by
desktop.exchange.xlsx.sheet_stream (openpyxl's per-cell objects made an export of 50,000 declarations take minutes).

The declarations may be a list (WorkbookContent) or a re-iterable source (StreamedContent, e.g. read from the store a
batch at a time): they are gone over twice, once for the declarations sheet and once for the interests sheet, one
row at a time, and never held by the writer."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.domain.ooxml_escapes import escape_cell_text
from desktop.domain.trades import TradeCatalog, default_catalog
from desktop.exchange.vocabulary import DECLARATION_STATUS_WORDS
from desktop.exchange.workbook.cells import texts_of
from desktop.exchange.workbook.columns import (
    COVER_SHEET,
    COVER_TITLE,
    DECLARATIONS_SHEET,
    FAMILY_SHEET,
    FORMAT_VERSION,
    INTERESTS_SHEET,
    KEYS_SHEET,
    MISSING_SHEET,
    Column,
    Layout,
    layout,
)
from desktop.exchange.workbook.model import DeclarationEntry, KeyEntry, MissingEntry, WorkbookContent
from desktop.exchange.workbook.rows import declaration_row, interest_rows
from desktop.exchange.workbook.rows_v2 import family_rows
from desktop.exchange.xlsx.in_memory import memory_sheet, quote_style, workbook_bytes
from desktop.exchange.xlsx.sheet_stream import rows_xml, splice

_HEADING_FONT = Font(bold=True)
_HEADING_FILL = PatternFill("solid", fgColor="DDE6F0")
_KEY_FONT = Font(color="808080", size=8)
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class StreamedContent:
    """What WorkbookContent holds, but the declarations come from a re-iterable source: each ``iter()`` starts over
    (the writer goes over them once per sheet that needs them), e.g. reading the store a batch at a time. The batch
    signature is computed beforehand without the declarations (desktop.exchange.workbook.model.batch_payload_of)."""

    cover: dict[str, str]
    declarations: Iterable[DeclarationEntry]
    keys: list[KeyEntry]
    missing: list[MissingEntry]
    batch_signature: bytes | None = None


def _heading_rows(sheet: Worksheet, columns: tuple[Column, ...]) -> None:
    headings, keys = [], []
    for column in columns:
        heading = WriteOnlyCell(sheet, value=column.heading)
        heading.font, heading.fill, heading.alignment = _HEADING_FONT, _HEADING_FILL, _WRAP
        key = WriteOnlyCell(sheet, value=column.key)
        key.font = _KEY_FONT
        headings.append(heading)
        keys.append(key)
    sheet.append(headings)
    sheet.append(keys)


def _prepare(sheet: Worksheet, columns: tuple[Column, ...], title: str) -> None:
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = title
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def _table(sheet: Worksheet, columns: tuple[Column, ...], rows: Iterator[dict[str, object]]) -> Iterator[str]:
    """Write the heading rows; return the XML of the data rows (from row 3), produced while the package is written."""
    _heading_rows(sheet, columns)
    return rows_xml(len(columns), map(texts_of(columns), rows), 3, quote_style(sheet))


def _all_interest_rows(declarations: Iterable[DeclarationEntry], catalog: TradeCatalog) -> Iterator[dict[str, object]]:
    for entry in declarations:
        yield from interest_rows(entry, catalog)


def _all_family_rows(declarations: Iterable[DeclarationEntry]) -> Iterator[dict[str, object]]:
    for entry in declarations:
        yield from family_rows(entry)


def content_layout(cover: dict[str, str]) -> Layout:
    """The layout a cover names: its format version (this program's when absent) and form version (1 when absent).
    ValueError for one this program cannot write."""
    format_version = int(cover.get("format_version") or FORMAT_VERSION)
    return layout(format_version, int(cover.get("form_version") or 1))


def write_workbook(
    target: Path | BinaryIO, content: WorkbookContent | StreamedContent, catalog: TradeCatalog | None = None
) -> None:
    """Write ``content`` as .xlsx to ``target`` (a path or a binary stream).

    The declarations are gone over twice, lazily, while the package is written: the declarations sheet, then the
    interests sheet. A one-shot iterator would leave the interests sheet empty, so it is refused."""
    declarations = content.declarations
    if iter(declarations) is declarations:
        raise TypeError("write_workbook needs declarations it can go over twice (a list or a re-iterable source)")
    catalog = catalog or default_catalog()
    shape = content_layout(content.cover)
    workbook = Workbook(write_only=True)
    cover = memory_sheet(workbook, COVER_SHEET)
    cover.column_dimensions["A"].width = 22
    cover.column_dimensions["B"].width = 18
    cover.column_dimensions["C"].width = 90
    cover.page_setup.orientation = "portrait"
    cover.page_setup.paperSize = 9
    title = WriteOnlyCell(cover, value=COVER_TITLE)
    title.font = Font(bold=True, size=16)
    cover.append([title])
    values = {**content.cover, "batch_signature": to_text_b64(content.batch_signature)}
    for key, label in shape.cover_fields:
        text = values.get(key, "")
        value_cell = WriteOnlyCell(cover, value=escape_cell_text(text))  # decision 148
        value_cell.data_type = "s"
        value_cell.alignment = _WRAP
        cover.append([label, key, value_cell])

    tables: tuple[tuple[str, str, Iterator[dict[str, object]]], ...] = (
        (DECLARATIONS_SHEET, "民警参与经商办企业情况登记表", map(declaration_row, declarations)),
        (FAMILY_SHEET, "家庭成员及主要社会关系", _all_family_rows(declarations)),
        (INTERESTS_SHEET, "经商办企业情况明细", _all_interest_rows(declarations, catalog)),
        (
            KEYS_SHEET,
            "签名公钥",
            (
                {
                    "fingerprint": k.fingerprint,
                    "public_key": k.public_key,
                    "role": k.role,
                    "login": k.login,
                    "police_number": k.police_number,
                    "name": k.name,
                    "unit_code": k.unit_code,
                }
                for k in content.keys
            ),
        ),
        (
            MISSING_SHEET,
            "未登记人员名单",
            (
                {
                    "police_number": m.police_number,
                    "name": m.name,
                    "unit_code": m.unit_code,
                    "unit_name": m.unit_name,
                    "status": DECLARATION_STATUS_WORDS.get(m.status, m.status),
                }
                for m in content.missing
            ),
        ),
    )
    data_rows: list[tuple[Worksheet, Iterator[str]]] = []
    for name, title_text, rows in tables:
        if name not in shape.sheets:
            continue  # the family sheet of a form version without family members
        sheet = memory_sheet(workbook, name)
        columns = shape.sheets[name]
        _prepare(sheet, columns, title_text)
        data_rows.append((sheet, _table(sheet, columns, rows)))
    template = workbook_bytes(workbook)  # in memory, no temp file; names each sheet's part (sheet.path)
    splice(template, target, {sheet.path.lstrip("/"): xml for sheet, xml in data_rows})


def to_text_b64(value: bytes | None) -> str:
    import base64

    return base64.b64encode(value).decode("ascii") if value else ""
