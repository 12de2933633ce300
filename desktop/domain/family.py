"""Family members and main social relations (家庭成员及主要社会关系), listed in form version 2 whether or not they do
business; a business interest then points at a listed member by ``member_id``."""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop.domain.questions import Relation
from desktop.domain.text import clean_text, parse_flag

#: The relations a listed family member may have to the officer.
FAMILY_RELATIONS = frozenset(
    {
        Relation.SPOUSE,
        Relation.CHILD,
        Relation.CHILD_SPOUSE,
        Relation.PARENT,
        Relation.SIBLING,
        Relation.SPECIFIC_RELATED,
    }
)


def member_id_for(index: int) -> str:
    """The id of the ``index``-th listed member (0-based): "F1", "F2", …"""
    return f"F{index + 1}"


@dataclass(frozen=True, slots=True)
class FamilyMember:
    member_id: str  # "F1", "F2", … unique within one declaration
    relation: Relation
    name: str
    id_number: str  # 公民身份号码, checked like the officer's
    work_unit: str = ""  # 工作单位
    position: str = ""  # 职务
    public_servant: bool = False  # 是否公职人员

    def to_dict(self) -> dict[str, object]:
        return {
            "member_id": self.member_id,
            "relation": self.relation._value_,
            "name": self.name,
            "id_number": self.id_number,
            "work_unit": self.work_unit,
            "position": self.position,
            "public_servant": self.public_servant,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> FamilyMember:
        """Build from plain values; raises ValueError naming the field that cannot be read."""
        raw_relation = data.get("relation")
        try:
            relation = Relation(str(raw_relation))
        except ValueError:
            raise ValueError(f"relation: {raw_relation!r} is not one of {[r.value for r in Relation]}") from None
        return cls(
            member_id=clean_text(data.get("member_id")),
            relation=relation,
            name=clean_text(data.get("name")),
            id_number=clean_text(data.get("id_number")).upper(),
            work_unit=clean_text(data.get("work_unit")),
            position=clean_text(data.get("position")),
            public_servant=parse_flag(data.get("public_servant"), "public_servant"),
        )

    def with_changes(self, **changes: object) -> FamilyMember:
        return replace(self, **changes)  # type: ignore[arg-type]  # the caller names real fields
