"""The Chinese words a workbook uses for coded values. Part of the workbook format (docs/workbook-format.md), not a
translation: a reader maps each word (or the English code) back to the value, whatever the user's language."""

from __future__ import annotations

from enum import StrEnum

from desktop.domain.interests import InterestRole, InterestStatus
from desktop.domain.officers import PoliticalStatus
from desktop.domain.questions import Question, Relation
from desktop.form import form_for, known_form_versions

YES, NO = "是", "否"
_STANDARD = frozenset(q.value for q in Question)

#: The question of an interest row, by the words of the forms (desktop/form/): the standard questions only.
QUESTION_WORDS: dict[Question, str] = {
    Question(q.key): q.word for n in known_form_versions() for q in form_for(n).questions if q.key in _STANDARD
}
RELATION_WORDS: dict[Relation, str] = {
    Relation.SELF: "本人",
    Relation.SPOUSE: "配偶",
    Relation.CHILD: "子女",
    Relation.CHILD_SPOUSE: "子女配偶",
    Relation.PARENT: "父母",
    Relation.SIBLING: "兄弟姐妹",
    Relation.SPECIFIC_RELATED: "特定关系人",
    Relation.OTHER: "其他人员",
}
ROLE_WORDS: dict[InterestRole, str] = {
    InterestRole.INVESTOR: "出资人",
    InterestRole.LEGAL_REPRESENTATIVE: "法定代表人",
    InterestRole.SHAREHOLDER: "股东",
    InterestRole.MANAGER: "经营管理者",
    InterestRole.SENIOR_MANAGER: "高管",  # form version 2
    InterestRole.ACTUAL_CONTROLLER: "实际控制人",  # form version 2
    InterestRole.PART_TIME: "兼职",
    InterestRole.NOMINEE: "代持或挂名",
    InterestRole.OTHER: "其他",
}
STATUS_WORDS: dict[InterestStatus, str] = {
    InterestStatus.OPERATING: "经营中",
    InterestStatus.RECTIFYING: "整改中",
    InterestStatus.EXITED: "已退出",
    InterestStatus.DEREGISTERED: "已注销",
}
#: 政治面貌 (form version 2).
POLITICAL_STATUS_WORDS: dict[PoliticalStatus, str] = {
    PoliticalStatus.CPC_MEMBER: "中共党员",
    PoliticalStatus.CPC_PROBATIONARY: "中共预备党员",
    PoliticalStatus.LEAGUE_MEMBER: "共青团员",
    PoliticalStatus.DEMOCRATIC_PARTY: "民主党派成员",
    PoliticalStatus.NO_PARTY: "无党派人士",
    PoliticalStatus.MASSES: "群众",
}
#: The sex read from the ID number (form version 2, shown only).
SEX_WORDS = {"male": "男", "female": "女"}
DECLARATION_STATUS_WORDS = {
    "not_started": "未填报",
    "draft": "草稿",
    "signed": "已签字待背书",
    "returned": "已退回",
    "countersigned": "已签字背书",
    "superseded": "已更正",
}


def word_table(words: dict) -> dict[str, object]:  # type: ignore[type-arg]  # words maps members to words
    """Word or English code → member, as word_to_member finds it (the first member whose word or code it is)."""
    table: dict[str, object] = {}
    for member, word in words.items():
        table.setdefault(word, member)
        table.setdefault(member.value, member)
    return table


# The ignore below: words maps members (or codes) to words
def word_to_member(kind: type[StrEnum], words: dict, text: str) -> StrEnum:  # type: ignore[type-arg]
    """The member for a Chinese word or an English code; ValueError naming what is accepted."""
    for member, word in words.items():
        if text in (word, member.value):
            return member  # type: ignore[no-any-return]  # a key of words: a member
    raise ValueError(f"{text!r}: expected one of {'、'.join(words.values())}")
