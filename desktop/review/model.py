"""The imported data as the rules see it: plain objects loaded once, indexed in memory.

Only what a rule needs is kept; a declaration of the reviewed campaign carries its answers and interests, one of an
earlier campaign only its interests (for the comparison with the previous declaration).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from desktop.review.registers.model import RegisterEvidence

ENDED = frozenset({"exited", "deregistered"})
#: The questions about the officer's own involvement (not a relative's or another person's business).
OWN_QUESTIONS = frozenset({"own_business", "shareholding", "paid_part_time", "disguised_involvement"})


@dataclass(frozen=True, slots=True)
class Campaign:
    id: str
    name: str
    deadline: dt.date | None


@dataclass(frozen=True, slots=True)
class Workbook:
    id: str
    kind: str
    unit_code: str
    unit_name: str
    campaign_id: str
    exporter_fingerprint: str
    imported_at: str
    valid: bool
    problems: tuple[str, ...]  # workbook-level verification problem codes


@dataclass(slots=True)
class Interest:
    row_no: int
    question: str
    relation: str
    holder_id_number: str
    enterprise_name: str
    uscc: str
    trade_code: str
    status: str
    within_jurisdiction: bool
    related_to_duties: bool
    keys: tuple[str, ...] = ()  # the enterprise's keys (credit code, normalised name): see review.enterprises
    role: str = ""  # filled only where a rule needs it (nominee); form version 2: every role, comma-separated

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(self.role.split(",")) if self.role else ()

    @property
    def ended(self) -> bool:
        return self.status in ENDED


@dataclass(slots=True)
class ImportedDeclaration:
    row_id: int  # imported_declarations.id
    workbook_id: str
    declaration_id: str
    version: int
    campaign_id: str
    police_number: str
    name: str
    id_number: str
    unit_code: str
    unit_name: str
    is_leadership_member: bool
    is_unit_head: bool
    is_division_level: bool
    signed_at: str | None
    signer_fingerprint: str | None
    countersigned_at: str | None
    countersigner_fingerprint: str | None
    valid: bool
    failures: tuple[str, ...]
    answers: dict[str, bool | None] = field(default_factory=dict)
    interests: list[Interest] = field(default_factory=list)
    subject: str = ""  # "row:<row_id>": what a score and a finding are about
    form_version: int = 1  # the form it was made on: whose questions ``answers`` holds (desktop/form/)

    def __post_init__(self) -> None:
        self.subject = f"row:{self.row_id}"

    @property
    def is_key_person(self) -> bool:
        return self.is_leadership_member or self.is_unit_head or self.is_division_level


@dataclass(slots=True)
class EarlierDeclaration:
    """A declaration of an earlier campaign: the officer, the enterprises declared then and the key that signed it
    (only what the comparison with it needs)."""

    row_id: int
    campaign_id: str
    police_number: str
    unit_code: str
    is_unit_head: bool
    keys: frozenset[str]  # every enterprise key declared then (see review.enterprises)
    running: list[tuple[tuple[str, ...], str]]  # (keys, enterprise name) of the interests not ended then
    signer_fingerprint: str | None = None  # the officer's key then (a change across campaigns is a finding)


@dataclass(frozen=True, slots=True)
class KeyInfo:
    fingerprint: str
    role: str
    login: str
    police_number: str
    name: str
    unit_code: str
    first_workbook_id: str

    @property
    def holder(self) -> str:
        """Who the key belongs to: the police number, or the login for an account without one."""
        return self.police_number or f"login:{self.login}"


@dataclass(frozen=True, slots=True)
class MissingOfficer:
    workbook_id: str
    police_number: str
    name: str
    unit_code: str
    unit_name: str
    status: str


@dataclass(frozen=True, slots=True)
class RosterOfficer:
    police_number: str
    name: str
    unit_code: str
    is_unit_head: bool


@dataclass(frozen=True, slots=True)
class UnitInfo:
    code: str
    name: str
    parent_code: str | None


@dataclass
class ReviewData:
    """Everything the rules read, for one campaign under review and the campaigns before it."""

    campaign: Campaign
    campaigns: dict[str, Campaign]
    workbooks: dict[str, Workbook]
    declarations: list[ImportedDeclaration]  # the reviewed campaign's, with answers and interests
    earlier: list[EarlierDeclaration]  # earlier campaigns' declarations, for the comparison
    keys: dict[str, KeyInfo]
    missing: list[MissingOfficer]  # the reviewed campaign's
    roster: list[RosterOfficer]
    units: dict[str, UnitInfo]
    trusted: dict[str, str]  # fingerprint → holder (police number or login:…) as confirmed
    head_flags: set[tuple[str, str]] = field(default_factory=set)  # (police number, unit) of known unit heads
    registers: RegisterEvidence = field(default_factory=RegisterEvidence)  # matches against imported registers
    #: Declaration ids a verified countersignature (payload format 2) names as superseded: superseded id → the id
    #: and version of the declaration that supersedes it (the head signed that it replaces the older one).
    superseded: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: The signed content (parsed JSON) of the reviewed declarations made on form version 2 or later, by row id:
    #: what only those versions hold (family members, several roles, registration details). Form version 1
    #: declarations are not in it.
    later_forms: dict[int, dict[str, Any]] = field(default_factory=dict)

    def form_version(self, row_id: int) -> int:
        content = self.later_forms.get(row_id)
        return int(content.get("form_version", 1)) if content is not None else 1
