"""Loading the review data one range of police numbers at a time (the chunked review, review.chunked).

Every rule that compares declarations compares those of one officer (duplicates, older versions, the previous
campaign's declaration, the roster, the missing officers), except shared_enterprise, whose index is built once over
the whole campaign (review.shared_enterprises). So a range of police numbers holds everything those rules read about
its officers: its declarations, earlier declarations, roster and missing entries. What every range needs (the
campaigns, workbooks, units, trusted keys, the heads' keys, the known heads) is small and loaded once. Each range is
chosen in SQL and compared in SQL, so a row belongs to exactly one range whatever the server's collation.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, or_, select, union

from desktop.review.digest import FIELD, RECORD, Digest
from desktop.review.enterprises import enterprise_keys
from desktop.review.loading import (
    EARLIER_COLUMNS,
    declaration_of,
    earlier_campaigns,
    earlier_declaration,
    load_campaigns,
    load_trusted,
    load_units,
    load_workbooks,
    resolve_campaign,
    superseded,
)
from desktop.review.model import Campaign, KeyInfo, MissingOfficer, ReviewData, RosterOfficer, UnitInfo, Workbook
from desktop.review.registers.loading import load_register_evidence, stream_tuples
from desktop.review.shared_enterprises import Declared, SharedEnterprises, build
from desktop.review.tuples import fetch_tuples
from desktop.store import schema

_G, _D = schema.review_digests, schema.imported_declarations
_K, _M, _O = schema.imported_keys, schema.imported_missing, schema.officers
#: (lowest police number, first police number of the next range): None for no bound.
OfficerRange = tuple[str | None, str | None]


@dataclass(frozen=True)
class Common:
    """What every range of the chunked review reads: small tables, the heads' keys, and the shared enterprises."""

    campaign: Campaign
    campaigns: dict[str, Campaign]
    workbooks: dict[str, Workbook]
    before: list[str]  # the earlier campaigns compared with
    units: dict[str, UnitInfo]
    trusted: dict[str, str]
    keys: dict[str, KeyInfo]  # the keys of heads and exporters, and those that signed a workbook
    head_flags: set[tuple[str, str]]
    enterprises: SharedEnterprises
    #: Declarations a countersignature names as superseded (as many as amended declarations, not all of them).
    superseded: dict[str, tuple[str, int]]


_KEY_COLUMNS = (_K.c.fingerprint, _K.c.role, _K.c.login, _K.c.police_number, _K.c.name, _K.c.unit_code)


def _keys(connection: Connection, where: ColumnElement[bool]) -> dict[str, KeyInfo]:
    query = select(*_KEY_COLUMNS, _K.c.first_workbook_id).where(where)
    return {row[0]: KeyInfo(*row) for row in fetch_tuples(connection, query)}


def load_common(connection: Connection, campaign_id: str | None, *, shared: bool = True) -> Common:
    """What every range reads; ``shared``: also index the enterprises behind several officers (the review's rule
    needs them; the report's statistics do not)."""
    campaigns = load_campaigns(connection)
    campaign = resolve_campaign(campaigns, campaign_id)
    workbooks = load_workbooks(connection)
    before = earlier_campaigns(campaigns, campaign)
    exporters = select(schema.imported_workbooks.c.exporter_fingerprint)
    keys = _keys(connection, or_(_K.c.role.in_(("unit_head", "exporter")), _K.c.fingerprint.in_(exporters)))
    heads = union(
        select(_O.c.police_number, _O.c.unit_code).where(_O.c.on_roster.is_(True), _O.c.is_unit_head.is_(True)),
        select(_G.c.police_number, _G.c.unit_code).where(
            _G.c.campaign_id.in_([campaign.id, *before]), _G.c.is_unit_head.is_(True)
        ),
    )
    units = load_units(connection)
    trusted = load_trusted(connection)
    return Common(
        campaign,
        campaigns,
        workbooks,
        before,
        units,
        trusted,
        keys,
        {(number, unit) for number, unit in connection.execute(select(heads.subquery()))},
        shared_enterprises(connection, campaign.id) if shared else SharedEnterprises({}, {}),
        superseded(connection, campaign.id),
    )


def shared_enterprises(connection: Connection, campaign_id: str) -> SharedEnterprises:
    """The enterprises behind several officers of the campaign, from two streamed passes over its digests."""
    query = (
        select(_G.c.police_number, _G.c.interests)
        .where(_G.c.campaign_id == campaign_id, _G.c.interests != "")
        .order_by(_G.c.declaration_row)
    )

    def declared() -> Iterator[Declared]:
        for number, packed in stream_tuples(connection, query):
            yield number, [_enterprise(record) for record in packed.split(RECORD)]

    return build(declared)


def _enterprise(record: str) -> tuple[str, tuple[str, ...]]:
    _question, _relation, _holder, name, uscc, _rest = record.split(FIELD, 5)
    return uscc, enterprise_keys(uscc, name)


def officer_ranges(connection: Connection, campaign_id: str, size: int) -> list[OfficerRange]:
    """Ranges of police numbers holding about ``size`` of the campaign's declarations each (every police number,
    also of earlier campaigns and the roster, falls in exactly one)."""
    number = func.row_number().over(order_by=_G.c.police_number).label("n")
    ranked = select(_G.c.police_number, number).where(_G.c.campaign_id == campaign_id).subquery()
    starts = connection.execute(
        select(ranked.c.police_number).where((ranked.c.n - 1) % size == 0).order_by(ranked.c.n)
    ).scalars()
    bounds = list(dict.fromkeys(starts))[1:]  # an officer declared twice at a boundary starts a range once
    lows: list[str | None] = [None, *bounds]
    highs: list[str | None] = [*bounds, None]
    return list(zip(lows, highs, strict=True))


def _within(column: Any, bounds: OfficerRange) -> list[ColumnElement[bool]]:
    low, high = bounds
    return [*([column >= low] if low is not None else []), *([column < high] if high is not None else [])]


def chunk_data(connection: Connection, common: Common, bounds: OfficerRange) -> ReviewData:
    """The review data of the officers whose police numbers fall in ``bounds``."""
    campaign = common.campaign
    in_range = (_G.c.campaign_id == campaign.id, *_within(_G.c.police_number, bounds))
    digests = select(*(_G.c[name] for name in Digest._fields)).where(*in_range).order_by(_G.c.declaration_row)
    declarations = [declaration_of(r) for r in fetch_tuples(connection, digests)]
    earlier = []
    if common.before:
        query = select(*(_G.c[name] for name in EARLIER_COLUMNS)).where(
            _G.c.campaign_id.in_(common.before), *_within(_G.c.police_number, bounds)
        )
        earlier = [earlier_declaration(r) for r in fetch_tuples(connection, query)]
    signers = select(_G.c.countersigner_fingerprint).where(*in_range)
    keys = {**common.keys, **_keys(connection, _K.c.fingerprint.in_(signers))}
    workbooks = select(schema.imported_workbooks.c.id).where(schema.imported_workbooks.c.campaign_id == campaign.id)
    missing = [
        MissingOfficer(*row)
        for row in fetch_tuples(
            connection,
            select(_M.c.workbook_id, _M.c.police_number, _M.c.name, _M.c.unit_code, _M.c.unit_name, _M.c.status)
            .where(_M.c.workbook_id.in_(workbooks), *_within(_M.c.police_number, bounds))
            .order_by(_M.c.id),
        )
    ]
    roster = [
        RosterOfficer(number, name, unit, bool(head))
        for number, name, unit, head in fetch_tuples(
            connection,
            select(_O.c.police_number, _O.c.name, _O.c.unit_code, _O.c.is_unit_head).where(
                _O.c.on_roster.is_(True), *_within(_O.c.police_number, bounds)
            ),
        )
    ]
    rows = select(_G.c.declaration_row).where(*in_range)
    return ReviewData(
        campaign,
        common.campaigns,
        common.workbooks,
        declarations,
        earlier,
        keys,
        missing,
        roster,
        common.units,
        common.trusted,
        common.head_flags,
        load_register_evidence(connection, campaign.id, rows),
        common.superseded,
        _later_forms(connection, [d.row_id for d in declarations if d.form_version >= 2]),
    )


def _later_forms(connection: Connection, rows: list[int]) -> dict[int, dict[str, Any]]:
    """The content of the range's declarations on form version 2 or later, by primary key."""
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(rows), 500):
        query = select(_D.c.id, _D.c.content).where(_D.c.id.in_(rows[start : start + 500]))
        found.update((row_id, json.loads(content)) for row_id, content in fetch_tuples(connection, query))
    return found
