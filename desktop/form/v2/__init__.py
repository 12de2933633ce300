"""Form version 2: what the real 民警参与经商办企业情况登记表 asks and version 1 lacks.

- personal part: sex and date of birth (derived from the ID number: shown, not typed, not signed separately),
  political status (政治面貌), mobile phone;
- family members and main social relations (家庭成员及主要社会关系), listed whether or not they do business; an
  interest of a relative points at a listed member instead of retyping the name and ID number;
- each interest: every role of the holder, the enterprise's registered address, business scope, registered capital
  and registration authority; rectification required for a running interest in a police-regulated trade or in the
  officer's own jurisdiction.

FROZEN once anything is signed on it, like version 1.
"""

from __future__ import annotations

from types import MappingProxyType

from desktop.domain.family import FAMILY_RELATIONS
from desktop.domain.interests import InterestRole
from desktop.form import v1
from desktop.form.model import Column, FormVersion, Kind
from desktop.form.v2.checks import CHECKS
from desktop.i18n import N_

QUESTIONS = v1.QUESTIONS

#: Every role, several per interest (高管 and 实际控制人 are new).
ROLES: tuple[InterestRole, ...] = (
    InterestRole.INVESTOR,
    InterestRole.LEGAL_REPRESENTATIVE,
    InterestRole.SHAREHOLDER,
    InterestRole.MANAGER,
    InterestRole.SENIOR_MANAGER,
    InterestRole.ACTUAL_CONTROLLER,
    InterestRole.PART_TIME,
    InterestRole.NOMINEE,
    InterestRole.OTHER,
)

PERSONAL_COLUMNS: tuple[Column, ...] = (
    Column("sex", "性别", Kind.TEXT, 6, signed=False),  # from the ID number: shown, checked, never trusted
    Column("date_of_birth", "出生日期", Kind.DATE, 11, signed=False),  # likewise
    Column("political_status", "政治面貌", Kind.WORD, 10),
    Column("mobile", "手机号码", Kind.IDENTIFIER, 13),
)

LEADING_COLUMNS: tuple[Column, ...] = (
    Column("declaration_id", "登记表编号", Kind.IDENTIFIER, 34),
    Column("version", "版本", Kind.INTEGER, 6),
    Column("form_version", "登记表版本", Kind.INTEGER, 6),
    Column("campaign_id", "专项登记编号", Kind.IDENTIFIER, 34),
    *v1.OFFICER_COLUMNS,
    *PERSONAL_COLUMNS,
)
TRAILING_COLUMNS: tuple[Column, ...] = (
    Column("family_member_count", "家庭成员(人)", Kind.INTEGER, 8, signed=False),
    *v1.SIGNATURE_COLUMNS,
)

_V1_INTEREST = {c.key: c for c in v1.INTEREST_COLUMNS}

INTEREST_COLUMNS: tuple[Column, ...] = (
    *(_V1_INTEREST[k] for k in ("declaration_id", "row_no", "police_number", "name", "question", "relation")),
    Column("holder_member_id", "家庭成员编号", Kind.IDENTIFIER, 8),
    *(_V1_INTEREST[k] for k in ("holder_name", "holder_id_number", "enterprise_name", "uscc")),
    Column("registered_address", "注册地址", Kind.TEXT, 24),
    Column("business_scope", "经营范围", Kind.TEXT, 28),
    Column("registered_capital_wan", "注册资本(万元)", Kind.DECIMAL, 10),
    Column("registration_authority", "登记机关", Kind.TEXT, 16),
    *(_V1_INTEREST[k] for k in ("trade_code", "trade_name", "regulated")),
    Column("roles", "在企业中的身份(可多项)", Kind.WORDS, 14),
    *(
        _V1_INTEREST[k]
        for k in (
            "share_percent",
            "capital_wan",
            "income_wan",
            "start_date",
            "end_date",
            "status",
            "within_jurisdiction",
            "related_to_duties",
            "rectification",
            "note",
        )
    ),
)

FAMILY_COLUMNS: tuple[Column, ...] = (
    Column("declaration_id", "登记表编号", Kind.IDENTIFIER, 34),
    Column("member_id", "成员编号", Kind.IDENTIFIER, 8),
    Column("police_number", "警号", Kind.IDENTIFIER, 10, signed=False),
    Column("relation", "称谓", Kind.WORD, 10),
    Column("name", "姓名", Kind.TEXT, 10),
    Column("id_number", "公民身份号码", Kind.IDENTIFIER, 21),
    Column("work_unit", "工作单位", Kind.TEXT, 24),
    Column("position", "职务", Kind.TEXT, 12),
    Column("public_servant", "是否公职人员", Kind.YES_NO, 8),
)

TEXT_FIELDS = MappingProxyType(
    {
        "officer": (*v1.TEXT_FIELDS["officer"], "mobile"),
        "declaration": v1.TEXT_FIELDS["declaration"],
        "interest": (
            *v1.TEXT_FIELDS["interest"],
            "holder_member_id",
            "registered_address",
            "business_scope",
            "registration_authority",
        ),
        "family_member": ("member_id", "name", "id_number", "work_unit", "position"),
    }
)

LABELS = MappingProxyType(
    {
        "sex": N_("Sex"),
        "date_of_birth": N_("Date of birth"),
        "political_status": N_("Political status"),
        "mobile": N_("Mobile phone"),
        "family_members": N_("Family members and main social relations"),
        "work_unit": N_("Work unit"),
        "public_servant": N_("Public servant"),
        "roles": N_("Roles in the enterprise"),
        "registered_address": N_("Registered address"),
        "business_scope": N_("Business scope"),
        "registered_capital_wan": N_("Registered capital (10,000 yuan)"),
        "registration_authority": N_("Registration authority"),
    }
)

#: The most family members a declaration lists (家庭成员及主要社会关系; decision 222): spouse, children and their
#: spouses, parents, siblings and specific-related persons, generously. Not in the signed bytes: a bound the form
#: sets, so that no officer signs a declaration a workbook could not carry, and a reader can refuse the rows past it.
MAX_FAMILY_MEMBERS = 50

FORM = FormVersion(
    number=2,
    shape=2,
    questions=QUESTIONS,
    roles=ROLES,
    family_relations=FAMILY_RELATIONS,
    text_fields=TEXT_FIELDS,
    leading_columns=LEADING_COLUMNS,
    trailing_columns=TRAILING_COLUMNS,
    interest_columns=INTEREST_COLUMNS,
    family_columns=FAMILY_COLUMNS,
    checks=CHECKS,
    labels=LABELS,
    max_family_members=MAX_FAMILY_MEMBERS,
    max_interests=v1.MAX_INTERESTS,
)

#: The declaration sheet's columns (for readers of this module; the form's property makes them).
DECLARATION_COLUMNS: tuple[Column, ...] = FORM.declaration_columns
