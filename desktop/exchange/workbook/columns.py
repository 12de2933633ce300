"""The column specification of the declaration workbook: one list per sheet, shared by export and import.

Each column has a machine key (row 2 of the sheet, so import does not depend on column order or on the Chinese
heading), the Chinese heading as on the official form (row 1), a kind that says how its text maps to a value, and
a width for printing. See docs/workbook-format.md. The declaration and interest columns are the form version's
(desktop/form/); the cover, keys and missing-officer sheets are the workbook's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.form import ANSWER_PREFIX, Column, FormVersion, Kind, form_for

__all__ = ["ANSWER_PREFIX", "Column", "Kind"]


FORMAT_NAME = "officer-declare-workbook"
#: The format this program writes. Format 1 (form version 1 only, no form version on the cover) is still read.
FORMAT_VERSION = 2
READABLE_FORMAT_VERSIONS = (1, 2)

COVER_SHEET = "封面"
#: Row 1 of the cover, alone in it: read by people, signed by nobody, so a reader checks it is this (decision 239).
#: The same text in every file this program has written.
COVER_TITLE = "民警参与经商办企业情况登记汇总表"
DECLARATIONS_SHEET = "情况登记表"
INTERESTS_SHEET = "经商办企业情况"
KEYS_SHEET = "签名公钥"
MISSING_SHEET = "未登记人员"
FAMILY_SHEET = "家庭成员"  # format 2, when the form version lists family members
SHEETS = (COVER_SHEET, DECLARATIONS_SHEET, INTERESTS_SHEET, KEYS_SHEET, MISSING_SHEET)

#: Format 1 carries form version 1: its columns are the form's (desktop/form/v1/). (Format 2: see layout().)
DECLARATION_COLUMNS: tuple[Column, ...] = form_for(1).declaration_columns
INTEREST_COLUMNS: tuple[Column, ...] = form_for(1).interest_columns

KEY_COLUMNS: tuple[Column, ...] = (
    Column("fingerprint", "密钥指纹", Kind.IDENTIFIER, 44),
    Column("public_key", "公钥(Base64)", Kind.BASE64, 48),
    Column("role", "用途", Kind.IDENTIFIER, 12),
    Column("login", "账户", Kind.IDENTIFIER, 12),
    Column("police_number", "警号", Kind.IDENTIFIER, 10),
    Column("name", "姓名", Kind.TEXT, 10),
    Column("unit_code", "单位代码", Kind.IDENTIFIER, 11),
)

MISSING_COLUMNS: tuple[Column, ...] = (
    Column("police_number", "警号", Kind.IDENTIFIER, 10),
    Column("name", "姓名", Kind.TEXT, 10),
    Column("unit_code", "单位代码", Kind.IDENTIFIER, 11),
    Column("unit_name", "单位名称", Kind.TEXT, 24),
    Column("status", "填报状态", Kind.WORD, 12),
)

#: The cover of format 1: (key, Chinese label). Values are text; the batch signature covers all of them but itself.
COVER_FIELDS: tuple[tuple[str, str], ...] = (
    ("format", "文件格式"),
    ("format_version", "格式版本"),
    ("kind", "文件类型"),
    ("unit_code", "单位代码"),
    ("unit_name", "单位名称"),
    ("campaign_id", "专项登记编号"),
    ("campaign_name", "专项登记名称"),
    ("campaign_start", "开始日期"),
    ("campaign_deadline", "截止日期"),
    ("commitment_version", "承诺书版本"),
    ("commitment_sha256", "承诺书摘要(SHA-256)"),
    ("commitment_text", "承诺书全文"),
    ("declarations", "情况登记表(份)"),
    ("interests", "经商办企业情况(条)"),
    ("missing", "未登记人员(人)"),
    ("exported_at", "导出时间"),
    ("exporter_login", "导出人账户"),
    ("exporter_name", "导出人"),
    ("exporter_fingerprint", "导出人密钥指纹"),
    ("audit_head", "审计日志链头"),
    ("batch_signature", "整批签名"),
)

KIND_UNIT = "unit"  # a unit head's export: the unit's countersigned declarations and who has not declared
KIND_SINGLE = "single"  # an officer's own signed declaration, for a head on another computer

SHEET_COLUMNS: dict[str, tuple[Column, ...]] = {
    DECLARATIONS_SHEET: DECLARATION_COLUMNS,
    INTERESTS_SHEET: INTEREST_COLUMNS,
    KEYS_SHEET: KEY_COLUMNS,
    MISSING_SHEET: MISSING_COLUMNS,
}

#: The declarations sheet's own columns in format 2, beside the form version's: what a countersignature of payload
#: format 2 covers besides the officer's payload (desktop/crypto/payloads.py): the id of the version it supersedes.
FORMAT_2_DECLARATION_COLUMNS: tuple[Column, ...] = (
    Column("countersignature_format", "背书签名格式", Kind.IDENTIFIER, 6),
    Column("supersedes", "所更正的登记表编号", Kind.IDENTIFIER, 34),
)

#: The cover of format 2: format 1's fields and the form version every declaration of the workbook was made on.
COVER_FIELDS_2: tuple[tuple[str, str], ...] = (*COVER_FIELDS[:2], ("form_version", "登记表版本"), *COVER_FIELDS[2:])


@dataclass(frozen=True)
class Layout:
    """What a workbook of one format version and one form version holds: its cover fields and its tables."""

    format_version: int
    form: FormVersion
    cover_fields: tuple[tuple[str, str], ...]
    sheets: dict[str, tuple[Column, ...]]  # sheet name → columns, in the order written

    @property
    def family(self) -> bool:
        return FAMILY_SHEET in self.sheets


def layout(format_version: int, form_version: int = 1) -> Layout:
    """The layout of a workbook; format 1 is form version 1's only. ValueError for a format or form version this
    program does not know (UnknownFormVersion is a ValueError)."""
    if format_version == 1:
        return Layout(1, form_for(1), COVER_FIELDS, SHEET_COLUMNS)
    if format_version != 2:
        raise ValueError(f"workbook format {format_version!r}")
    form = form_for(form_version)
    sheets = {DECLARATIONS_SHEET: (*form.declaration_columns, *FORMAT_2_DECLARATION_COLUMNS)}
    if form.family_columns:
        sheets[FAMILY_SHEET] = form.family_columns
    sheets |= {INTERESTS_SHEET: form.interest_columns, KEYS_SHEET: KEY_COLUMNS, MISSING_SHEET: MISSING_COLUMNS}
    return Layout(2, form, COVER_FIELDS_2, sheets)
