"""The workbook format as docs/workbook-format.md states it, typed in again from the document: sheets, columns
(key, heading, kind), words, cleaning and the meaning of each kind. Imports nothing from ``desktop``: this is what a
third party would write from the document alone (the tests compare the two programs)."""

from __future__ import annotations

import base64
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal

FORMAT_NAME = "officer-declare-workbook"
COVER, DECLARATIONS, FAMILY, INTERESTS, KEYS, MISSING = (
    "封面",
    "情况登记表",
    "家庭成员",
    "经商办企业情况",
    "签名公钥",
    "未登记人员",
)

# A.6 / C.1: the cover's fields and labels.
COVER_FIELDS_1 = (
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
COVER_FIELDS_2 = (*COVER_FIELDS_1[:2], ("form_version", "登记表版本"), *COVER_FIELDS_1[2:])

# B.1: (key, heading, kind, signed)
DECLARATION_COLUMNS_1 = (
    ("declaration_id", "登记表编号", "identifier"),
    ("version", "版本", "integer"),
    ("campaign_id", "专项登记编号", "identifier"),
    ("police_number", "警号", "identifier"),
    ("name", "姓名", "text"),
    ("id_number", "公民身份号码", "identifier"),
    ("unit_code", "单位代码", "identifier"),
    ("unit_name", "单位名称", "text"),
    ("position", "职务", "text"),
    ("rank_level", "职级", "text"),
    ("is_leadership_member", "是否班子成员", "yes_no"),
    ("is_unit_head", "是否单位主要负责人", "yes_no"),
    ("is_division_level", "是否处级以上干部", "yes_no"),
    ("answer_own_business", "本人是否经商办企业", "yes_no"),
    ("answer_shareholding", "本人是否持有非上市公司(企业)股份", "yes_no"),
    ("answer_paid_part_time", "本人是否在企业兼职取酬", "yes_no"),
    ("answer_disguised_involvement", "本人是否变相参与经商", "yes_no"),
    ("answer_relatives_business", "配偶、子女及其配偶、父母、兄弟姐妹是否经商办企业", "yes_no"),
    ("answer_specific_related_business", "特定关系人是否经商办企业", "yes_no"),
    ("interest_count", "经商办企业情况(条)", "integer"),
    ("acknowledged_warnings", "本人已确认的提示", "text"),
    ("remarks", "备注", "text"),
    ("status", "状态", "word"),
    ("signed_at", "本人签字时间", "time"),
    ("late", "是否逾期签字", "yes_no"),
    ("commitment_sha256", "承诺书摘要(SHA-256)", "identifier"),
    ("signer_fingerprint", "本人密钥指纹", "identifier"),
    ("officer_signature", "本人签名", "base64"),
    ("opinion", "审核意见", "text"),
    ("countersigned_at", "签字背书时间", "time"),
    ("countersigner_name", "背书人", "text"),
    ("countersigner_fingerprint", "背书人密钥指纹", "identifier"),
    ("officer_public_key", "本人公钥(背书所含)", "base64"),
    ("countersignature", "背书签名", "base64"),
)
INTEREST_COLUMNS_1 = (
    ("declaration_id", "登记表编号", "identifier"),
    ("row_no", "序号", "integer"),
    ("police_number", "警号", "identifier"),
    ("name", "民警姓名", "text"),
    ("question", "所属事项", "word"),
    ("relation", "与本人关系", "word"),
    ("holder_name", "经营人(持有人)姓名", "text"),
    ("holder_id_number", "经营人(持有人)公民身份号码", "identifier"),
    ("enterprise_name", "企业(个体工商户)名称", "text"),
    ("uscc", "统一社会信用代码", "identifier"),
    ("trade_code", "行业代码", "identifier"),
    ("trade_name", "经营行业", "text"),
    ("regulated", "是否公安机关业务范围内的经营项目", "yes_no"),
    ("role", "经营方式", "word"),
    ("share_percent", "持股比例(%)", "decimal"),
    ("capital_wan", "出资额(万元)", "decimal"),
    ("income_wan", "年取酬(万元)", "decimal"),
    ("start_date", "开始时间", "date"),
    ("end_date", "结束时间", "date"),
    ("status", "经营状态", "word"),
    ("within_jurisdiction", "是否在本人辖区", "yes_no"),
    ("related_to_duties", "是否与本人职责相关", "yes_no"),
    ("rectification", "整改情况", "text"),
    ("note", "备注", "text"),
)
KEY_COLUMNS = (
    ("fingerprint", "密钥指纹", "identifier"),
    ("public_key", "公钥(Base64)", "base64"),
    ("role", "用途", "identifier"),
    ("login", "账户", "identifier"),
    ("police_number", "警号", "identifier"),
    ("name", "姓名", "text"),
    ("unit_code", "单位代码", "identifier"),
)
MISSING_COLUMNS = (
    ("police_number", "警号", "identifier"),
    ("name", "姓名", "text"),
    ("unit_code", "单位代码", "identifier"),
    ("unit_name", "单位名称", "text"),
    ("status", "填报状态", "word"),
)
# C.2
FORMAT_2_COLUMNS = (
    ("countersignature_format", "背书签名格式", "identifier"),
    ("supersedes", "所更正的登记表编号", "identifier"),
)
DECLARATION_COLUMNS_FORM_2 = (
    ("form_version", "登记表版本", "integer"),
    ("sex", "性别", "text"),
    ("date_of_birth", "出生日期", "date"),
    ("political_status", "政治面貌", "word"),
    ("mobile", "手机号码", "identifier"),
    ("family_member_count", "家庭成员(人)", "integer"),
)
FAMILY_COLUMNS = (
    ("declaration_id", "登记表编号", "identifier"),
    ("member_id", "成员编号", "identifier"),
    ("police_number", "警号", "identifier"),
    ("relation", "称谓", "word"),
    ("name", "姓名", "text"),
    ("id_number", "公民身份号码", "identifier"),
    ("work_unit", "工作单位", "text"),
    ("position", "职务", "text"),
    ("public_servant", "是否公职人员", "yes_no"),
)
INTEREST_COLUMNS_FORM_2 = (
    *(c for c in INTEREST_COLUMNS_1 if c[0] != "role"),
    ("holder_member_id", "家庭成员编号", "identifier"),
    ("registered_address", "注册地址", "text"),
    ("business_scope", "经营范围", "text"),
    ("registered_capital_wan", "注册资本(万元)", "decimal"),
    ("registration_authority", "登记机关", "text"),
    ("roles", "在企业中的身份(可多项)", "words"),
)

QUESTIONS = (
    "own_business",
    "shareholding",
    "paid_part_time",
    "disguised_involvement",
    "relatives_business",
    "specific_related_business",
)

# A.3
WORDS = {
    "question": {
        "own_business": "本人经商办企业",
        "shareholding": "本人持有非上市公司(企业)股份",
        "paid_part_time": "本人在企业兼职取酬",
        "disguised_involvement": "本人变相参与经商",
        "relatives_business": "亲属经商办企业",
        "specific_related_business": "特定关系人经商办企业",
    },
    "relation": {
        "self": "本人",
        "spouse": "配偶",
        "child": "子女",
        "child_spouse": "子女配偶",
        "parent": "父母",
        "sibling": "兄弟姐妹",
        "specific_related": "特定关系人",
        "other": "其他人员",
    },
    "role": {
        "investor": "出资人",
        "legal_representative": "法定代表人",
        "shareholder": "股东",
        "manager": "经营管理者",
        "senior_manager": "高管",
        "actual_controller": "实际控制人",
        "part_time": "兼职",
        "nominee": "代持或挂名",
        "other": "其他",
    },
    "interest_status": {"operating": "经营中", "rectifying": "整改中", "exited": "已退出", "deregistered": "已注销"},
    "political_status": {
        "cpc_member": "中共党员",
        "cpc_probationary": "中共预备党员",
        "league_member": "共青团员",
        "democratic_party": "民主党派成员",
        "no_party": "无党派人士",
        "masses": "群众",
    },
    "declaration_status": {
        "not_started": "未填报",
        "draft": "草稿",
        "signed": "已签字待背书",
        "returned": "已退回",
        "countersigned": "已签字背书",
        "superseded": "已更正",
    },
}


def sheets_of(format_version: int, form_version: int) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """A.1, B.1, C.2: the table sheets of a layout."""
    if format_version == 1:
        return {
            DECLARATIONS: DECLARATION_COLUMNS_1,
            INTERESTS: INTEREST_COLUMNS_1,
            KEYS: KEY_COLUMNS,
            MISSING: MISSING_COLUMNS,
        }
    if form_version == 1:
        return {
            DECLARATIONS: (*DECLARATION_COLUMNS_1, *FORMAT_2_COLUMNS),
            INTERESTS: INTEREST_COLUMNS_1,
            KEYS: KEY_COLUMNS,
            MISSING: MISSING_COLUMNS,
        }
    return {
        DECLARATIONS: (*DECLARATION_COLUMNS_1, *DECLARATION_COLUMNS_FORM_2, *FORMAT_2_COLUMNS),
        FAMILY: FAMILY_COLUMNS,
        INTERESTS: INTEREST_COLUMNS_FORM_2,
        KEYS: KEY_COLUMNS,
        MISSING: MISSING_COLUMNS,
    }


# A.2: cleaning
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = "\t\n\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"


_EXCEL_ESCAPE = re.compile(r"_x(00[0-9A-Fa-f]{2})_")
_STARTS_EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def cell_text(text: str) -> str:
    """A.2, Excel's escapes: a cell's text as this program reads it (``_x005F_`` an underscore, ``_x00HH_`` decoded
    in the same pass, every other sequence kept)."""
    return _EXCEL_ESCAPE.sub(lambda found: chr(int(found[1], 16)), text)


def written(text: str) -> str:
    """A.2, Excel's escapes: what a writer puts in a cell for ``text``."""
    return _STARTS_EXCEL_ESCAPE.sub("_x005F_", text)


def clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text).strip(_SPACE)


_IDENTIFIER = re.compile(r"[0-9A-Za-z:.\-_]*")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_BASE64 = re.compile(r"([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


class BadCell(ValueError):
    pass


def decimal_text(value: Decimal) -> str:
    """A.4: one text per amount."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _absent_or(check: re.Pattern[str], name: str, then: Callable[[str], object]) -> Callable[[str], object]:
    def convert(text: str) -> object:
        if text == "":
            return None
        if not check.fullmatch(text):
            raise BadCell(f"{name} {text!r}")
        return then(text)

    return convert


def _identifier(text: str) -> object:
    if not _IDENTIFIER.fullmatch(text):
        raise BadCell(f"identifier {text!r}")
    return text


def _yes_no(text: str) -> object:
    if text == "":
        return None
    if text in ("是", "TRUE", "true", "=TRUE()"):
        return True
    if text in ("否", "FALSE", "false", "=FALSE()"):
        return False
    raise BadCell(f"yes_no {text!r}")


def _integer(text: str) -> object:
    if not (text.isascii() and text.isdigit() and 1 <= len(text) <= 9):
        raise BadCell(f"integer {text!r}")
    return int(text)


def _decimal(text: str) -> object:
    if text == "":
        return None
    plain = text.replace(",", "")
    if not _DECIMAL.fullmatch(plain):
        raise BadCell(f"decimal {text!r}")
    return decimal_text(Decimal(plain))


_PLAIN: dict[str, Callable[[str], object]] = {
    "text": lambda text: text,
    "identifier": _identifier,
    "yes_no": _yes_no,
    "decimal": _decimal,
    "date": _absent_or(_DATE, "date", lambda text: dt.date.fromisoformat(text).isoformat()),
    "time": _absent_or(_TIME, "time", lambda text: text),
    "integer": _integer,
    "base64": _absent_or(_BASE64, "base64", base64.b64decode),
}


def value_of(kind: str, text: str, words: dict[str, str] | None = None) -> object:
    """A.2: the value of a cleaned cell text of ``kind`` (None: absent)."""
    plain = _PLAIN.get(kind)
    if plain is not None:
        return plain(text)
    if kind == "word":
        return code_of(text, words or {})
    if kind == "words":
        codes: list[str] = []
        for line in (line.strip(_SPACE) for line in text.split("\n")):
            if line and (code := code_of(line, words or {})) not in codes:
                codes.append(code)
        return codes
    raise AssertionError(kind)


def code_of(text: str, words: dict[str, str]) -> str:
    if text in words:
        return text
    for code, word in words.items():
        if word == text:
            return code
    raise BadCell(f"word {text!r}")
