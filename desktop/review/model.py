"""The imported data as the rules see it: plain objects loaded once, indexed in memory.

Only what a rule needs is kept; a declaration of the reviewed campaign carries its answers and interests, one of an
earlier campaign only its interests (for the comparison with the previous declaration).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
    role: str = ""  # filled only where a rule needs it (nominee)

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
