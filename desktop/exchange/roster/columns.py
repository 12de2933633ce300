"""The columns of the roster workbook (花名册): headings as administrators know them, kinds, widths, notes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

ROSTER_SHEET = "花名册"
NOTES_SHEET = "说明"
HEADING_SEARCH_ROWS = 10
TEMPLATE_TEXT_ROWS = 5000  # rows below the heading pre-formatted as text in the template


class ColumnKind(Enum):
    TEXT = "text"
    IDENTIFIER = "identifier"  # must be a text cell: a number cell may have lost digits
    YES_NO = "yes_no"  # 是 or 否


@dataclass(frozen=True, slots=True)
class RosterColumn:
    key: str
    heading: str
    required: bool
    kind: ColumnKind
    width: int  # in the template, in characters
    explanation: str  # for the 说明 sheet of the template (Chinese: the template is a Chinese document)
    aliases: tuple[str, ...] = ()
    blank_allowed: bool = False  # a required column whose cells may still be left empty


_T, _ID, _YN = ColumnKind.TEXT, ColumnKind.IDENTIFIER, ColumnKind.YES_NO

COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn(
        "police_number", "警号", True, _ID, 12, "民警警号，按文本填写，开头的0会保留。每名民警一行，警号不得重复。"
    ),
    RosterColumn("name", "姓名", True, _T, 12, "民警姓名。"),
    RosterColumn(
        "id_number",
        "身份证号",
        True,
        _ID,
        22,
        "18位公民身份号码，最后一位可以是X。请按文本填写：按数字输入会丢失末尾数字。",
        ("公民身份号码", "身份证号码"),
    ),
    RosterColumn(
        "unit_code", "单位代码", True, _ID, 12, "民警所在单位的代码，按文本填写。同一单位代码只能对应一个单位名称。"
    ),
    RosterColumn("unit_name", "单位名称", True, _T, 28, "民警所在单位的全称。"),
    RosterColumn("position", "职务", True, _T, 14, "例如：所长、教导员、科员。可以空着。", blank_allowed=True),
    RosterColumn("rank_level", "职级", True, _T, 14, "例如：一级警长、四级高级警长。可以空着。", blank_allowed=True),
    RosterColumn("is_leadership_member", "是否班子成员", True, _YN, 14, "填“是”或“否”。"),
    RosterColumn("is_unit_head", "是否单位主要负责人", True, _YN, 18, "单位主要负责人（一把手）填“是”，其他人填“否”。"),
    RosterColumn(
        "is_division_level",
        "是否处级以上",
        False,
        _YN,
        14,
        "处级及以上干部填“是”，其他人填“否”。此列可以没有。",
        ("是否处级以上干部", "是否处级干部"),
    ),
    RosterColumn(
        "parent_code",
        "上级单位代码",
        False,
        _ID,
        14,
        "本单位的上级单位代码，按文本填写。上级单位须在本表中或已在系统中。此列可以没有。",
    ),
    RosterColumn("jurisdiction", "辖区", False, _T, 20, "本单位管辖的区域，例如：龙山区。此列可以没有。"),
)
