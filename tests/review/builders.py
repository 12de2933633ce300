"""Small in-memory review data for the rule tests: a unit tree, a trusted head, and declarations that fire nothing
until a test changes them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

from desktop.review.engine import Review, evaluate
from desktop.review.enterprises import enterprise_keys
from desktop.review.model import (
    Campaign,
    EarlierDeclaration,
    ImportedDeclaration,
    Interest,
    KeyInfo,
    MissingOfficer,
    ReviewData,
    RosterOfficer,
    UnitInfo,
    Workbook,
)

CURRENT = Campaign("c" * 32, "2026年度专项登记", dt.date(2026, 12, 31))
PREVIOUS = Campaign("b" * 32, "2025年度专项登记", dt.date(2025, 12, 31))
STATION, OTHER_STATION, BUREAU = "13112101", "13112102", "131121"
HEAD, OTHER_HEAD, BUREAU_HEAD = "900001", "900002", "900003"
HEAD_KEY, OTHER_HEAD_KEY, BUREAU_HEAD_KEY = "aaaa:0001", "aaaa:0002", "aaaa:0003"
WORKBOOK = "w" * 64
# Valid identifiers (GB 11643 and GB 32100 check characters).
ID_NUMBERS = ("11010519491231002X", "110101199003070134", "110101198001010010", "220402197005060027")
USCC = ("91350100M000100Y43", "91110000600037341L", "9111000071093123XX")

_rows = itertools.count(1)


def interest(enterprise: str = "清河市福源酒家", **changes: object) -> Interest:
    fields: dict[str, object] = {
        "row_no": 1,
        "question": "relatives_business",
        "relation": "spouse",
        "holder_id_number": ID_NUMBERS[1],
        "enterprise_name": enterprise,
        "uscc": "",
        "trade_code": "catering",
        "status": "operating",
        "within_jurisdiction": False,
        "related_to_duties": False,
    }
    fields.update(changes)
    made = Interest(**fields)  # type: ignore[arg-type]
    made.keys = enterprise_keys(made.uscc, made.enterprise_name)
    return made


def declaration(police_number: str = "000101", *interests: Interest, **changes: object) -> ImportedDeclaration:
    """A valid, countersigned, on-time declaration by the station's head: every answer agrees with ``interests``."""
    rows = [dataclasses.replace(i, row_no=n) for n, i in enumerate(interests, start=1)]
    for row in rows:
        row.keys = enterprise_keys(row.uscc, row.enterprise_name)
    answers = {
        q: any(i.question == q for i in rows)
        for q in (
            "own_business",
            "shareholding",
            "paid_part_time",
            "disguised_involvement",
            "relatives_business",
            "specific_related_business",
        )
    }
    row_id = next(_rows)
    fields: dict[str, object] = {
        "row_id": row_id,
        "workbook_id": WORKBOOK,
        "declaration_id": f"{row_id:032x}",
        "version": 1,
        "campaign_id": CURRENT.id,
        "police_number": police_number,
        "name": "张三",
        "id_number": ID_NUMBERS[0],
        "unit_code": STATION,
        "unit_name": "城关派出所",
        "is_leadership_member": False,
        "is_unit_head": False,
        "is_division_level": False,
        "signed_at": "2026-12-01T02:00:00Z",
        "signer_fingerprint": f"officer-{police_number}",
        "countersigned_at": "2026-12-02T02:00:00Z",
        "countersigner_fingerprint": HEAD_KEY,
        "valid": True,
        "failures": (),
        "answers": answers,
        "interests": rows,
    }
    fields.update(changes)
    return ImportedDeclaration(**fields)  # type: ignore[arg-type]


def earlier(
    police_number: str, *interests: Interest, campaign_id: str = PREVIOUS.id, signer: str | None = None
) -> EarlierDeclaration:
    """``signer``: the officer's key then (default: the same key as ``declaration`` gives the officer now)."""
    keys = [enterprise_keys(i.uscc, i.enterprise_name) for i in interests]
    return EarlierDeclaration(
        next(_rows),
        campaign_id,
        police_number,
        STATION,
        False,
        frozenset(k for found in keys for k in found),
        [(found, i.enterprise_name) for found, i in zip(keys, interests, strict=True) if not i.ended],
        signer or f"officer-{police_number}",
    )


def data(
    *declarations: ImportedDeclaration,
    earlier_rows: tuple[EarlierDeclaration, ...] = (),
    missing: tuple[MissingOfficer, ...] = (),
    roster: tuple[RosterOfficer, ...] | None = None,
    trusted: dict[str, str] | None = None,
    keys: dict[str, KeyInfo] | None = None,
    workbooks: dict[str, Workbook] | None = None,
) -> ReviewData:
    units = {
        BUREAU: UnitInfo(BUREAU, "东城区分局", None),
        STATION: UnitInfo(STATION, "城关派出所", BUREAU),
        OTHER_STATION: UnitInfo(OTHER_STATION, "新华派出所", BUREAU),
    }
    default_keys = {
        HEAD_KEY: KeyInfo(HEAD_KEY, "unit_head", HEAD, HEAD, "所长甲", STATION, WORKBOOK),
        OTHER_HEAD_KEY: KeyInfo(OTHER_HEAD_KEY, "unit_head", OTHER_HEAD, OTHER_HEAD, "所长乙", OTHER_STATION, WORKBOOK),
        BUREAU_HEAD_KEY: KeyInfo(BUREAU_HEAD_KEY, "unit_head", BUREAU_HEAD, BUREAU_HEAD, "局长丙", BUREAU, WORKBOOK),
    }
    default_roster = (
        RosterOfficer(HEAD, "所长甲", STATION, True),
        RosterOfficer(OTHER_HEAD, "所长乙", OTHER_STATION, True),
        RosterOfficer(BUREAU_HEAD, "局长丙", BUREAU, True),
    )
    roster = (
        default_roster
        + tuple(RosterOfficer(d.police_number, d.name, d.unit_code, d.is_unit_head) for d in declarations)
        if roster is None
        else roster
    )
    workbooks = workbooks or {
        WORKBOOK: Workbook(
            WORKBOOK, "unit", STATION, "城关派出所", CURRENT.id, HEAD_KEY, "2027-01-05T00:00:00Z", True, ()
        ),
        "p" * 64: Workbook(
            "p" * 64, "unit", STATION, "城关派出所", PREVIOUS.id, HEAD_KEY, "2026-01-05T00:00:00Z", True, ()
        ),
    }
    heads = {(o.police_number, o.unit_code) for o in roster if o.is_unit_head}
    return ReviewData(
        CURRENT,
        {CURRENT.id: CURRENT, PREVIOUS.id: PREVIOUS},
        workbooks,
        list(declarations),
        list(earlier_rows),
        keys or default_keys,
        list(missing),
        list(roster),
        units,
        {HEAD_KEY: HEAD, OTHER_HEAD_KEY: OTHER_HEAD, BUREAU_HEAD_KEY: BUREAU_HEAD} if trusted is None else trusted,
        heads,
    )


def review(*declarations: ImportedDeclaration, threshold: int = 20, **kwargs: object) -> Review:
    return evaluate(data(*declarations, **kwargs), threshold=threshold)  # type: ignore[arg-type]


def fired(result: Review, police_number: str | None = None) -> set[str]:
    return {f.rule for f in result.findings if police_number is None or f.police_number == police_number}
