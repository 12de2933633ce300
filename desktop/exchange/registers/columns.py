"""The kinds of register extract, the fields a row may have, and the headings each field is known by.

Headings differ between provinces and departments; those listed here are the usual ones. A list of another shape
("other") is read through a column mapping (heading → field) that the inspector sets once and the store keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.i18n import N_


class RegisterKind(StrEnum):
    ENTERPRISE = "enterprise"  # 市场主体登记信息: enterprises and their people
    LICENCE = "licence"  # 特种行业许可证: the police's licences, naming the operator
    OTHER = "other"  # any other list, through a column mapping


KIND_LABELS: dict[str, str] = {
    RegisterKind.ENTERPRISE.value: N_("enterprise register"),
    RegisterKind.LICENCE.value: N_("special-trade licences"),
    RegisterKind.OTHER.value: N_("other list"),
}


@dataclass(frozen=True, slots=True)
class RegisterField:
    key: str
    label: str  # the Chinese heading shown for it
    headings: tuple[str, ...]  # headings it is recognised by (compared without spaces and '*')
    identifier: bool = False  # text only: a number cell may have lost digits


FIELDS: tuple[RegisterField, ...] = (
    RegisterField(
        "enterprise_name", "企业名称", ("企业名称", "名称", "市场主体名称", "单位名称", "场所名称", "字号名称")
    ),
    RegisterField("uscc", "统一社会信用代码", ("统一社会信用代码", "信用代码", "社会信用代码"), identifier=True),
    RegisterField("enterprise_type", "企业类型", ("企业类型", "类型", "市场主体类型", "主体类型")),
    RegisterField("status", "登记状态", ("登记状态", "经营状态", "企业状态", "状态", "许可证状态")),
    RegisterField("established", "成立日期", ("成立日期", "注册日期", "发证日期", "开业日期")),
    RegisterField("address", "住所", ("住所", "注册地址", "地址", "经营场所", "场所地址", "经营地址")),
    RegisterField("scope", "经营范围", ("经营范围",)),
    RegisterField("capital", "注册资本", ("注册资本", "注册资本(万元)", "注册资本（万元）")),
    RegisterField("licence_number", "许可证号", ("许可证号", "许可证编号", "特种行业许可证号"), identifier=True),
    RegisterField("trade", "行业类别", ("行业类别", "特种行业类别", "行业", "许可项目")),
    RegisterField("police_unit", "主管公安机关", ("主管公安机关", "管辖公安机关", "管辖派出所", "发证机关")),
    RegisterField("legal_rep_name", "法定代表人", ("法定代表人", "法定代表人姓名", "负责人", "经营者", "法人")),
    RegisterField(
        "legal_rep_id",
        "法定代表人身份证号",
        ("法定代表人身份证号", "法定代表人证件号码", "负责人身份证号", "经营者身份证号", "法人身份证号"),
        identifier=True,
    ),
    RegisterField("person_name", "姓名", ("姓名", "人员姓名", "股东名称", "股东姓名", "人员名称")),
    RegisterField(
        "person_id", "证件号码", ("证件号码", "身份证号", "身份证号码", "公民身份号码", "股东证件号码"), identifier=True
    ),
    RegisterField("person_birth", "出生日期", ("出生日期",)),
    RegisterField("person_role", "人员类型", ("人员类型", "身份", "角色", "职务类别", "人员类别")),
    RegisterField("person_position", "职务", ("职务", "职位")),
    RegisterField("share_percent", "持股比例", ("持股比例", "出资比例", "持股比例(%)", "持股比例（%）")),
    RegisterField(
        "subscribed_capital", "认缴出资额", ("认缴出资额", "认缴出资额(万元)", "认缴出资额（万元）", "出资额")
    ),
)

FIELDS_BY_KEY: dict[str, RegisterField] = {f.key: f for f in FIELDS}

#: What a kind needs: at least one field of each group.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    RegisterKind.ENTERPRISE.value: (("enterprise_name", "uscc"), ("legal_rep_name", "person_name")),
    RegisterKind.LICENCE.value: (("enterprise_name", "licence_number"), ("legal_rep_name", "person_name")),
    RegisterKind.OTHER.value: (("enterprise_name", "uscc", "licence_number"), ("legal_rep_name", "person_name")),
}

#: Heading search: the heading row is among the first rows of the sheet or file.
HEADING_SEARCH_ROWS = 10
