"""What matching against registers finds, as the rules read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

#: How strongly a register person is the declared person: the same full ID number; a masked ID number that agrees
#: wherever it shows a character, and the same name; the same name and birth date where the register has no ID.
EXACT, PROBABLE, NAME_ONLY = "exact", "probable", "name_only"
STRENGTHS = (EXACT, PROBABLE, NAME_ONLY)


@dataclass(frozen=True, slots=True)
class DeclaredPerson:
    declaration_row: int
    seq: int  # 0 is the officer
    relation: str  # "self" for the officer
    member_id: str  # a version 2 family member's id, else ""
    name: str
    id_number: str


@dataclass(frozen=True, slots=True)
class RegisterEnterprise:
    extract_id: str
    number: int
    source: str  # the extract's file name
    kind: str  # enterprise, licence, other
    name: str
    uscc: str
    status: str
    active: bool
    trade_code: str
    licence_number: str
    police_unit: str
    address: str
    keys: tuple[str, ...]  # review.enterprises.enterprise_keys


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """One person of a register in one enterprise: the evidence a finding shows."""

    extract_id: str
    number: int
    row_no: int
    name: str
    id_number: str  # as the register shows it (masked positions as '*')
    id_kind: str
    birth_date: str | None
    role: str  # legal_representative, shareholder, manager, operator, other
    role_text: str
    position: str
    share_percent: Decimal | None
    enterprise: RegisterEnterprise


@dataclass(frozen=True, slots=True)
class RegisterMatch:
    person: DeclaredPerson
    entry: RegisterEntry
    strength: str


@dataclass(frozen=True, slots=True)
class DeclaredInterest:
    """An interest as declared, with what the comparison with a register needs."""

    question: str
    relation: str
    holder_name: str
    holder_id_number: str
    holder_member_id: str
    keys: tuple[str, ...]
    roles: frozenset[str]
    share_percent: Decimal | None
    status: str


@dataclass(frozen=True, slots=True)
class ExtractSummary:
    """An imported extract as the report lists it."""

    id: str
    kind: str
    source: str
    label: str
    imported_at: str
    rows: int
    people: int


@dataclass
class RegisterEvidence:
    """The matches of one campaign's declarations against every imported register."""

    extracts: tuple[str, ...] = ()  # the extracts' ids (what a review depends on)
    matches: dict[int, list[RegisterMatch]] = field(default_factory=dict)  # declaration row → matches
    interests: dict[int, list[DeclaredInterest]] = field(default_factory=dict)  # of the matched declarations
    units: dict[str, tuple[str, str]] = field(default_factory=dict)  # unit code → (name, jurisdiction)
    people_checked: int = 0
    register_people: int = 0
    summaries: tuple[ExtractSummary, ...] = ()
