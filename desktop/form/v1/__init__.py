"""Form version 1: the registration form as signed since the first campaign. FROZEN: declarations are signed on it.

Nothing here may change in a way that changes the canonical bytes of a version 1 declaration or the columns of a
format 1 workbook (tests/form/test_v1_frozen.py holds the expected bytes). A new question, field or column belongs
in a new version.
"""

from __future__ import annotations

from types import MappingProxyType

from desktop.domain.interests import InterestRole
from desktop.domain.questions import RELATIVES, Question, Relation
from desktop.form.model import Column, FormQuestion, FormVersion, Kind
from desktop.i18n import N_

QUESTIONS: tuple[FormQuestion, ...] = (
    FormQuestion(
        Question.OWN_BUSINESS.value,
        N_("Do you yourself run a business or enterprise (including an individual business)?"),
        "本人是否经商办企业",
        "本人经商办企业",
        frozenset({Relation.SELF}),
    ),
    FormQuestion(
        Question.SHAREHOLDING.value,
        N_("Do you hold shares in a non-listed company or enterprise?"),
        "本人是否持有非上市公司(企业)股份",
        "本人持有非上市公司(企业)股份",
        frozenset({Relation.SELF}),
    ),
    FormQuestion(
        Question.PAID_PART_TIME.value,
        N_("Do you hold a paid part-time position in an enterprise?"),
        "本人是否在企业兼职取酬",
        "本人在企业兼职取酬",
        frozenset({Relation.SELF}),
    ),
    FormQuestion(
        Question.DISGUISED_INVOLVEMENT.value,
        N_("Do you take part in business in disguise: under another person's name, or through shares held for you?"),
        "本人是否变相参与经商",
        "本人变相参与经商",
        # Business run under another's name: the holder on paper is someone else, often a relative.
        frozenset(Relation) - {Relation.SELF},
    ),
    FormQuestion(
        Question.RELATIVES_BUSINESS.value,
        N_("Do your spouse, children and their spouses, parents or siblings run a business or enterprise?"),
        "配偶、子女及其配偶、父母、兄弟姐妹是否经商办企业",
        "亲属经商办企业",
        RELATIVES,
        width=11,
    ),
    FormQuestion(
        Question.SPECIFIC_RELATED_BUSINESS.value,
        N_("Does a specific-related person of yours run a business or enterprise?"),
        "特定关系人是否经商办企业",
        "特定关系人经商办企业",
        frozenset({Relation.SPECIFIC_RELATED}),
    ),
)

#: The roles version 1 offers, in its order (one per interest).
ROLES: tuple[InterestRole, ...] = (
    InterestRole.INVESTOR,
    InterestRole.LEGAL_REPRESENTATIVE,
    InterestRole.SHAREHOLDER,
    InterestRole.MANAGER,
    InterestRole.PART_TIME,
    InterestRole.NOMINEE,
    InterestRole.OTHER,
)

OFFICER_COLUMNS: tuple[Column, ...] = (
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
)

SIGNATURE_COLUMNS: tuple[Column, ...] = (
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


LEADING_COLUMNS: tuple[Column, ...] = (
    Column("declaration_id", "登记表编号", Kind.IDENTIFIER, 34),
    Column("version", "版本", Kind.INTEGER, 6),
    Column("campaign_id", "专项登记编号", Kind.IDENTIFIER, 34),
    *OFFICER_COLUMNS,
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

TEXT_FIELDS = MappingProxyType(
    {
        "officer": ("police_number", "name", "id_number", "unit_code", "position", "rank_level"),
        "declaration": ("unit_name", "remarks"),
        "interest": (
            "holder_name",
            "holder_id_number",
            "enterprise_name",
            "uscc",
            "trade_code",
            "rectification",
            "note",
        ),
        "family_member": (),
    }
)

#: The most business interests a declaration lists under all its questions (经商办企业情况; decision 234): far more
#: than any officer holds, generously. Not in the signed bytes (a field of the form, as form 2's most family members,
#: decision 222): a bound the form sets, so that no officer signs a declaration a workbook could not carry, and a
#: reader can refuse the interest rows past it.
MAX_INTERESTS = 200

FORM = FormVersion(
    number=1,
    shape=1,
    questions=QUESTIONS,
    roles=ROLES,
    family_relations=frozenset(),
    text_fields=TEXT_FIELDS,
    leading_columns=LEADING_COLUMNS,
    trailing_columns=SIGNATURE_COLUMNS,
    interest_columns=INTEREST_COLUMNS,
    max_interests=MAX_INTERESTS,
)

#: The declaration sheet's columns (for readers of this module; the form's property makes them).
DECLARATION_COLUMNS: tuple[Column, ...] = FORM.declaration_columns
