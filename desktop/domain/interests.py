"""A business interest: who holds it, in which enterprise and trade, how, and since when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum, StrEnum
from typing import TypeVar

from desktop.domain.questions import Question, Relation
from desktop.domain.text import clean_text, decimal_text, parse_date, parse_decimal, parse_flag

_Choice = TypeVar("_Choice", bound=Enum)


class InterestRole(StrEnum):
    INVESTOR = "investor"  # 出资人
    LEGAL_REPRESENTATIVE = "legal_representative"  # 法定代表人
    SHAREHOLDER = "shareholder"  # 股东
    MANAGER = "manager"  # 经营管理者
    SENIOR_MANAGER = "senior_manager"  # 高管 (form version 2)
    ACTUAL_CONTROLLER = "actual_controller"  # 实际控制人 (form version 2)
    PART_TIME = "part_time"  # 兼职
    NOMINEE = "nominee"  # 代持或挂名
    OTHER = "other"


class InterestStatus(StrEnum):
    OPERATING = "operating"  # 经营中
    RECTIFYING = "rectifying"  # 整改中
    EXITED = "exited"  # 已退出
    DEREGISTERED = "deregistered"  # 已注销


ENDED_STATUSES = frozenset({InterestStatus.EXITED, InterestStatus.DEREGISTERED})


@dataclass(frozen=True, slots=True)
class BusinessInterest:
    question: Question
    relation: Relation
    holder_name: str
    holder_id_number: str
    enterprise_name: str
    uscc: str = ""  # 统一社会信用代码; empty when the business has none
    trade_code: str = ""  # a code from the trade catalog
    role: InterestRole = InterestRole.OTHER
    share_percent: Decimal | None = None
    capital_wan: Decimal | None = None  # capital contributed, in 10,000 yuan
    income_wan: Decimal | None = None  # yearly pay from a part-time position, in 10,000 yuan
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: InterestStatus = InterestStatus.OPERATING
    within_jurisdiction: bool = False  # inside the area the officer's unit polices
    related_to_duties: bool = False
    rectification: str = ""  # what was or will be done to end a prohibited involvement
    note: str = ""
    # Form version 2 only: not part of a version 1 declaration's content.
    holder_member_id: str = ""  # "" = the officer or an unlisted person; else a listed FamilyMember's member_id
    roles: tuple[InterestRole, ...] = ()  # every role the holder has (v2); v1 has the single ``role``
    registered_address: str = ""  # 注册地址
    business_scope: str = ""  # 经营范围
    registered_capital_wan: Decimal | None = None  # 注册资本, in 10,000 yuan
    registration_authority: str = ""  # 登记机关

    @property
    def all_roles(self) -> tuple[InterestRole, ...]:
        """Every role of the holder: the v2 list, or v1's single role."""
        return self.roles or (self.role,)

    def to_dict(self, form_version: int = 1) -> dict[str, object]:
        """The interest as plain JSON values: dates in ISO 8601, amounts as decimal text, absent values None.

        Version 1's shape is frozen (signatures cover it); version 2 replaces ``role`` by ``roles`` and adds the
        holder's member id and the enterprise's registration details."""
        if form_version >= 2:
            return self._to_dict_v2()
        # Speed (tens of thousands per workbook): an enum's ``_value_`` is the plain text ``.value`` returns, read
        # without the enum property's Python-level __get__; an absent amount skips the call to decimal_text.
        share, capital, income = self.share_percent, self.capital_wan, self.income_wan
        start, end = self.start_date, self.end_date
        return {
            "question": self.question._value_,
            "relation": self.relation._value_,
            "holder_name": self.holder_name,
            "holder_id_number": self.holder_id_number,
            "enterprise_name": self.enterprise_name,
            "uscc": self.uscc,
            "trade_code": self.trade_code,
            "role": self.role._value_,
            "share_percent": None if share is None else decimal_text(share),
            "capital_wan": None if capital is None else decimal_text(capital),
            "income_wan": None if income is None else decimal_text(income),
            "start_date": start.isoformat() if start else None,
            "end_date": end.isoformat() if end else None,
            "status": self.status._value_,
            "within_jurisdiction": self.within_jurisdiction,
            "related_to_duties": self.related_to_duties,
            "rectification": self.rectification,
            "note": self.note,
        }

    def _to_dict_v2(self) -> dict[str, object]:
        data = self.to_dict(1)
        del data["role"]
        capital = self.registered_capital_wan
        data.update(
            {
                "holder_member_id": self.holder_member_id,
                "roles": [role._value_ for role in self.all_roles],
                "registered_address": self.registered_address,
                "business_scope": self.business_scope,
                "registered_capital_wan": None if capital is None else decimal_text(capital),
                "registration_authority": self.registration_authority,
            }
        )
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> BusinessInterest:
        """Build from plain values; raises ValueError naming the field that cannot be read."""

        def enum(kind: type[_Choice], key: str, default: object = None) -> _Choice:
            value = data.get(key, default)
            try:
                return kind(value)
            except ValueError:
                raise ValueError(f"{key}: {value!r} is not one of {[m.value for m in kind]}") from None

        roles = _roles_from(data.get("roles"))
        return cls(
            question=enum(Question, "question"),
            relation=enum(Relation, "relation"),
            holder_name=clean_text(data.get("holder_name")),
            holder_id_number=clean_text(data.get("holder_id_number")).upper(),
            enterprise_name=clean_text(data.get("enterprise_name")),
            uscc=clean_text(data.get("uscc")).upper(),
            trade_code=clean_text(data.get("trade_code")),
            role=roles[0] if roles else enum(InterestRole, "role", InterestRole.OTHER.value),
            share_percent=parse_decimal(data.get("share_percent"), "share_percent"),
            capital_wan=parse_decimal(data.get("capital_wan"), "capital_wan"),
            income_wan=parse_decimal(data.get("income_wan"), "income_wan"),
            start_date=parse_date(data.get("start_date"), "start_date"),
            end_date=parse_date(data.get("end_date"), "end_date"),
            status=enum(InterestStatus, "status", InterestStatus.OPERATING.value),
            within_jurisdiction=parse_flag(data.get("within_jurisdiction"), "within_jurisdiction"),
            related_to_duties=parse_flag(data.get("related_to_duties"), "related_to_duties"),
            rectification=clean_text(data.get("rectification")),
            note=clean_text(data.get("note")),
            holder_member_id=clean_text(data.get("holder_member_id")),
            roles=roles,
            registered_address=clean_text(data.get("registered_address")),
            business_scope=clean_text(data.get("business_scope")),
            registered_capital_wan=parse_decimal(data.get("registered_capital_wan"), "registered_capital_wan"),
            registration_authority=clean_text(data.get("registration_authority")),
        )

    def with_changes(self, **changes: object) -> BusinessInterest:
        return replace(self, **changes)  # type: ignore[arg-type]  # the caller names real fields


def _roles_from(raw: object) -> tuple[InterestRole, ...]:
    """The v2 list of roles (absent in v1: empty), each once, in the order given."""
    if raw is None:
        return ()
    if not isinstance(raw, list | tuple):
        raise ValueError("roles: expected a list")
    roles: list[InterestRole] = []
    for value in raw:
        try:
            role = InterestRole(value)
        except ValueError:
            raise ValueError(f"roles: {value!r} is not one of {[m.value for m in InterestRole]}") from None
        if role not in roles:
            roles.append(role)
    return tuple(roles)
