"""An officer on the roster, with the key-person flags the inspectors look at first."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.text import clean_text, parse_flag


@dataclass(frozen=True, slots=True)
class Officer:
    police_number: str  # 警号, kept as text: leading zeros matter
    name: str
    id_number: str  # 公民身份号码, 18 characters
    unit_code: str
    position: str = ""  # 职务
    rank_level: str = ""  # 职级
    is_leadership_member: bool = False  # 班子成员
    is_unit_head: bool = False  # 单位主要负责人
    is_division_level: bool = False  # 处级及以上

    @property
    def is_key_person(self) -> bool:
        """Division-level cadres, leadership members and unit heads are verified first."""
        return self.is_leadership_member or self.is_unit_head or self.is_division_level

    def to_dict(self) -> dict[str, object]:
        return {
            "police_number": self.police_number,
            "name": self.name,
            "id_number": self.id_number,
            "unit_code": self.unit_code,
            "position": self.position,
            "rank_level": self.rank_level,
            "is_leadership_member": self.is_leadership_member,
            "is_unit_head": self.is_unit_head,
            "is_division_level": self.is_division_level,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Officer:
        """Build from plain values; raises ValueError naming the field that is missing or cannot be read."""

        def required(key: str) -> str:
            if key not in data:
                raise ValueError(f"{key}: missing")
            return clean_text(data[key])

        return cls(
            police_number=required("police_number"),
            name=required("name"),
            id_number=required("id_number"),
            unit_code=required("unit_code"),
            position=clean_text(data.get("position")),
            rank_level=clean_text(data.get("rank_level")),
            is_leadership_member=parse_flag(data.get("is_leadership_member"), "is_leadership_member"),
            is_unit_head=parse_flag(data.get("is_unit_head"), "is_unit_head"),
            is_division_level=parse_flag(data.get("is_division_level"), "is_division_level"),
        )
