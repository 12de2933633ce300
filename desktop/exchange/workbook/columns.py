"""The column specification of the declaration workbook: one list per sheet, shared by export and import.

Each column has a machine key (row 2 of the sheet, so import does not depend on column order or on the Chinese
heading), the Chinese heading as on the official form (row 1), a kind that says how its text maps to a value, and
a width for printing. See docs/workbook-format.md. The declaration and interest columns are the form version's
(desktop/form/); the cover, keys and missing-officer sheets are the workbook's own.
"""

from __future__ import annotations

from desktop.form import ANSWER_PREFIX, Column, Kind, form_for

__all__ = ["ANSWER_PREFIX", "Column", "Kind"]


FORMAT_NAME = "officer-declare-workbook"
FORMAT_VERSION = 1

COVER_SHEET = "封面"
DECLARATIONS_SHEET = "情况登记表"
INTERESTS_SHEET = "经商办企业情况"
KEYS_SHEET = "签名公钥"
MISSING_SHEET = "未登记人员"
SHEETS = (COVER_SHEET, DECLARATIONS_SHEET, INTERESTS_SHEET, KEYS_SHEET, MISSING_SHEET)

#: Format 1 carries form version 1: its columns are the form's (desktop/form/v1/).
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

#: The cover: (key, Chinese label). Values are text; the batch signature covers all of them but itself.
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
