"""The column specification of the declaration workbook: one list per sheet, shared by export and import.

Each column has a machine key (row 2 of the sheet, so import does not depend on column order or on the Chinese
heading), the Chinese heading as on the official form (row 1), a kind that says how its text maps to a value, and
a width for printing. See docs/workbook-format.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"  # any text, NFC-normalised
    IDENTIFIER = "identifier"  # digits and letters that must stay text (ID numbers, police numbers, codes)
    YES_NO = "yes_no"  # 是 / 否
    DECIMAL = "decimal"  # decimal text, empty when absent
    DATE = "date"  # YYYY-MM-DD, empty when absent
    TIME = "time"  # ISO 8601 UTC, e.g. 2026-11-21T09:30:00Z
    INTEGER = "integer"
    BASE64 = "base64"
    WORD = "word"  # one of a fixed list of Chinese words (desktop/exchange/vocabulary.py)


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    heading: str
    kind: Kind
    width: int = 14
    signed: bool = True  # covered by a signature; False: shown for people, checked against the signed data


FORMAT_NAME = "officer-declare-workbook"
FORMAT_VERSION = 1

COVER_SHEET = "封面"
DECLARATIONS_SHEET = "情况登记表"
INTERESTS_SHEET = "经商办企业情况"
KEYS_SHEET = "签名公钥"
MISSING_SHEET = "未登记人员"
SHEETS = (COVER_SHEET, DECLARATIONS_SHEET, INTERESTS_SHEET, KEYS_SHEET, MISSING_SHEET)

ANSWER_PREFIX = "answer_"

DECLARATION_COLUMNS: tuple[Column, ...] = (
    Column("declaration_id", "登记表编号", Kind.IDENTIFIER, 34),
    Column("version", "版本", Kind.INTEGER, 6),
    Column("campaign_id", "专项登记编号", Kind.IDENTIFIER, 34),
    Column("police_number", "警号", Kind.IDENTIFIER, 10),
    Column("name", "姓名", Kind.TEXT, 10),
    Column("id_number", "公民身份号码", Kind.IDENTIFIER, 21),
    Column("unit_code", "单位代码", Kind.IDENTIFIER, 11),
    Column("unit_name", "单位名称", Kind.TEXT, 24),
    Column("position", "职务", Kind.TEXT, 10),
    Column("rank_level", "职级", Kind.TEXT, 12),
    Column("is_leadership_member", "是否班子成员", Kind.YES_NO, 8),
    Column("is_unit_head", "是否单位主要负责人", Kind.YES_NO, 8),
    Column("is_division_level", "是否处级以上干部", Kind.YES_NO, 8),
    Column("answer_own_business", "本人是否经商办企业", Kind.YES_NO, 9),
    Column("answer_shareholding", "本人是否持有非上市公司(企业)股份", Kind.YES_NO, 9),
    Column("answer_paid_part_time", "本人是否在企业兼职取酬", Kind.YES_NO, 9),
    Column("answer_disguised_involvement", "本人是否变相参与经商", Kind.YES_NO, 9),
    Column("answer_relatives_business", "配偶、子女及其配偶、父母、兄弟姐妹是否经商办企业", Kind.YES_NO, 11),
    Column("answer_specific_related_business", "特定关系人是否经商办企业", Kind.YES_NO, 9),
    Column("interest_count", "经商办企业情况(条)", Kind.INTEGER, 8, signed=False),
    Column("acknowledged_warnings", "本人已确认的提示", Kind.TEXT, 16),
    Column("remarks", "备注", Kind.TEXT, 20),
    Column("status", "状态", Kind.WORD, 10, signed=False),
    Column("signed_at", "本人签字时间", Kind.TIME, 21),
    Column("late", "是否逾期签字", Kind.YES_NO, 7, signed=False),
    Column("commitment_sha256", "承诺书摘要(SHA-256)", Kind.IDENTIFIER, 20),
    Column("signer_fingerprint", "本人密钥指纹", Kind.IDENTIFIER, 20),
    Column("officer_signature", "本人签名", Kind.BASE64, 20),
    Column("opinion", "审核意见", Kind.TEXT, 24),
    Column("countersigned_at", "签字背书时间", Kind.TIME, 21),
    Column("countersigner_name", "背书人", Kind.TEXT, 10, signed=False),
    Column("countersigner_fingerprint", "背书人密钥指纹", Kind.IDENTIFIER, 20),
    Column("officer_public_key", "本人公钥(背书所含)", Kind.BASE64, 20),
    Column("countersignature", "背书签名", Kind.BASE64, 20),
)

INTEREST_COLUMNS: tuple[Column, ...] = (
    Column("declaration_id", "登记表编号", Kind.IDENTIFIER, 34),
    Column("row_no", "序号", Kind.INTEGER, 6),
    Column("police_number", "警号", Kind.IDENTIFIER, 10, signed=False),
    Column("name", "民警姓名", Kind.TEXT, 10, signed=False),
    Column("question", "所属事项", Kind.WORD, 18),
    Column("relation", "与本人关系", Kind.WORD, 10),
    Column("holder_name", "经营人(持有人)姓名", Kind.TEXT, 10),
    Column("holder_id_number", "经营人(持有人)公民身份号码", Kind.IDENTIFIER, 21),
    Column("enterprise_name", "企业(个体工商户)名称", Kind.TEXT, 28),
    Column("uscc", "统一社会信用代码", Kind.IDENTIFIER, 21),
    Column("trade_code", "行业代码", Kind.IDENTIFIER, 14),
    Column("trade_name", "经营行业", Kind.TEXT, 16, signed=False),
    Column("regulated", "是否公安机关业务范围内的经营项目", Kind.YES_NO, 10, signed=False),
    Column("role", "经营方式", Kind.WORD, 10),
    Column("share_percent", "持股比例(%)", Kind.DECIMAL, 9),
    Column("capital_wan", "出资额(万元)", Kind.DECIMAL, 9),
    Column("income_wan", "年取酬(万元)", Kind.DECIMAL, 9),
    Column("start_date", "开始时间", Kind.DATE, 11),
    Column("end_date", "结束时间", Kind.DATE, 11),
    Column("status", "经营状态", Kind.WORD, 8),
    Column("within_jurisdiction", "是否在本人辖区", Kind.YES_NO, 8),
    Column("related_to_duties", "是否与本人职责相关", Kind.YES_NO, 8),
    Column("rectification", "整改情况", Kind.TEXT, 24),
    Column("note", "备注", Kind.TEXT, 16),
)

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
