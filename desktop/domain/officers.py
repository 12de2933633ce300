"""An officer on the roster, with the key-person flags the inspectors look at first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.identifiers import birth_date_from_id_number, sex_from_id_number
from desktop.domain.text import clean_text, parse_flag


class PoliticalStatus(StrEnum):
    """政治面貌, asked in form version 2."""

    CPC_MEMBER = "cpc_member"  # 中共党员
    CPC_PROBATIONARY = "cpc_probationary"  # 中共预备党员
    LEAGUE_MEMBER = "league_member"  # 共青团员
    DEMOCRATIC_PARTY = "democratic_party"  # 民主党派成员
    NO_PARTY = "no_party"  # 无党派人士
    MASSES = "masses"  # 群众


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
    # Form version 2 only: not part of a version 1 declaration's content.
    political_status: PoliticalStatus | None = None  # 政治面貌
    mobile: str = ""  # 手机号码

    @property
    def sex(self) -> str | None:
        """ "male" or "female", read from the ID number (shown on the form, never typed)."""
        return sex_from_id_number(self.id_number)

    @property
    def date_of_birth(self) -> dt.date | None:
        """Read from the ID number (shown on the form, never typed)."""
        return birth_date_from_id_number(self.id_number)

    @property
    def is_key_person(self) -> bool:
        """Division-level cadres, leadership members and unit heads are verified first."""
        return self.is_leadership_member or self.is_unit_head or self.is_division_level

    def to_dict(self, form_version: int = 1) -> dict[str, object]:
        """The officer as plain JSON values; form version 2 adds political status and mobile phone."""
        data: dict[str, object] = {
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
        if form_version >= 2:
            data["political_status"] = self.political_status._value_ if self.political_status else None
            data["mobile"] = self.mobile
        return data

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
            political_status=_political_status(data.get("political_status")),
            mobile=clean_text(data.get("mobile")),
        )


def _political_status(value: object) -> PoliticalStatus | None:
    if value is None or value == "":
        return None
    try:
        return PoliticalStatus(str(value))
    except ValueError:
        raise ValueError(f"political_status: {value!r} is not one of {[s.value for s in PoliticalStatus]}") from None
