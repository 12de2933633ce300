"""Loading the imported data into the rules' in-memory view, with SQLAlchemy Core only (SQLite or PostgreSQL).

Declarations of 50,000 officers must load in about a second: what the rules read comes from the declarations'
digests (desktop.review.digest), never from the signed content and its separate interest rows. The large queries
are compiled by SQLAlchemy for the connection's dialect and fetched as plain tuples (``fetch_tuples``): building a
Row per result row costs more than reading it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, select

from desktop.errors import DeclareError
from desktop.i18n import N_
from desktop.review.digest import FIELD, RECORD, Digest, answers_of, pending_digests
from desktop.review.enterprises import enterprise_keys
from desktop.review.model import (
    ENDED,
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
from desktop.review.registers.loading import load_register_evidence
from desktop.review.tuples import fetch_tuples
from desktop.store import schema

_W, _G = schema.imported_workbooks, schema.review_digests


class NothingImported(DeclareError):
    """No workbook has been imported (for this campaign): there is nothing to review."""

    def __init__(self, campaign_id: str | None = None) -> None:
        if campaign_id:
            super().__init__(N_("No workbook of the campaign {campaign} has been imported."), campaign=campaign_id)
        else:
            super().__init__(N_("No declaration workbook has been imported yet: import the units' workbooks first."))


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def load_workbooks(connection: Connection) -> dict[str, Workbook]:
    query = select(
        _W.c.id,
        _W.c.kind,
        _W.c.unit_code,
        _W.c.unit_name,
        _W.c.campaign_id,
        _W.c.exporter_fingerprint,
        _W.c.imported_at,
        _W.c.valid,
        _W.c.problems,
    )
    workbooks = {}
    for row in connection.execute(query):
        codes = tuple(p.get("code", "") for p in json.loads(row.problems or "[]"))
        workbooks[row.id] = Workbook(
            row.id,
            row.kind,
            row.unit_code,
            row.unit_name,
            row.campaign_id,
            row.exporter_fingerprint,
            row.imported_at,
            bool(row.valid),
            codes,
        )
    return workbooks


def load_campaigns(connection: Connection) -> dict[str, Campaign]:
    """The campaigns of the imported workbooks, as their covers name them."""
    rows = connection.execute(select(_W.c.campaign_id, _W.c.campaign_name, _W.c.campaign_deadline).distinct())
    return {r.campaign_id: Campaign(r.campaign_id, r.campaign_name, _date(r.campaign_deadline)) for r in rows}


def newest_campaign(campaigns: dict[str, Campaign]) -> Campaign:
    if not campaigns:
        raise NothingImported
    return max(campaigns.values(), key=lambda c: (c.deadline or dt.date.min, c.name, c.id))


def resolve_campaign(campaigns: dict[str, Campaign], campaign_id: str | None) -> Campaign:
    """The named campaign (an id or a unique prefix of one), or the newest imported one."""
    if campaign_id is None:
        return newest_campaign(campaigns)
    matches = [c for c in campaigns.values() if c.id.startswith(campaign_id)]
    if len(matches) != 1:
        raise NothingImported(campaign_id)
    return matches[0]


def earlier_campaigns(campaigns: dict[str, Campaign], campaign: Campaign) -> list[str]:
    """The ids of the campaigns whose deadline comes before ``campaign``'s: those it is compared with."""
    return [
        c.id
        for c in campaigns.values()
        if c.id != campaign.id and c.deadline and campaign.deadline and c.deadline < campaign.deadline
    ]


def load_units(connection: Connection) -> dict[str, UnitInfo]:
    """The units the inspectors' store knows, by code."""
    u = schema.units
    return {
        r.code: UnitInfo(r.code, r.name, r.parent_code)
        for r in connection.execute(select(u.c.code, u.c.name, u.c.parent_code))
    }


def load_trusted(connection: Connection) -> dict[str, str]:
    """The trusted keys' fingerprints, each with its holder's police number (or ``login:`` and the login)."""
    t = schema.trusted_keys
    return {
        r.fingerprint: r.police_number or f"login:{r.login}"
        for r in connection.execute(select(t.c.fingerprint, t.c.police_number, t.c.login))
    }


def _digests(connection: Connection, campaign_ids: list[str], columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """``columns`` of the campaigns' digests: those stored, and those not stored yet made now."""
    query = select(*(_G.c[name] for name in columns)).where(_G.c.campaign_id.in_(campaign_ids))
    found = fetch_tuples(connection, query)
    found += [tuple(getattr(d, name) for name in columns) for d in pending_digests(connection, campaign_ids)]
    return found


def _interests(packed: str) -> list[Interest]:
    found = []
    for number, record in enumerate(packed.split(RECORD), start=1):
        question, relation, holder, name, uscc, trade, status, jurisdiction, duties, role = record.split(FIELD)
        found.append(
            Interest(
                number,
                question,
                relation,
                holder,
                name,
                uscc,
                trade,
                status,
                jurisdiction == "1",
                duties == "1",
                enterprise_keys(uscc, name),
                role,
            )
        )
    return found


def declaration_of(r: tuple[Any, ...]) -> ImportedDeclaration:
    """The rules' declaration for a digest row (``Digest._fields`` in order)."""
    return ImportedDeclaration(
        r[0],
        r[2],
        r[3],
        r[4],
        r[1],
        r[5],
        r[6],
        r[7],
        r[8],
        r[9],
        bool(r[10]),
        bool(r[11]),
        bool(r[12]),
        r[14],
        r[15],
        r[16],
        r[17],
        bool(r[18]),
        tuple(json.loads(r[19])) if r[19] != "[]" else (),
        answers_of(r[13], r[21]),
        _interests(r[20]) if r[20] else [],
        form_version=r[21],
    )


def _declarations(connection: Connection, campaign_id: str) -> list[ImportedDeclaration]:
    result = [declaration_of(r) for r in _digests(connection, [campaign_id], Digest._fields)]
    result.sort(key=lambda row: row.row_id)
    return result


_NOTHING: frozenset[str] = frozenset()


def earlier_declaration(row: tuple[Any, ...]) -> EarlierDeclaration:
    row_id, campaign_id, police_number, unit_code, is_unit_head, packed, signer = row
    if not packed:  # most officers declare nothing
        return EarlierDeclaration(
            row_id, campaign_id, police_number, unit_code, bool(is_unit_head), _NOTHING, [], signer
        )
    keys: list[str] = []
    running = []
    for record in packed.split(RECORD) if packed else ():
        _question, _relation, _holder, name, uscc, _trade, status, _rest = record.split(FIELD, 7)
        found = enterprise_keys(uscc, name)
        keys += found
        if status not in ENDED:
            running.append((found, name))
    return EarlierDeclaration(
        row_id, campaign_id, police_number, unit_code, bool(is_unit_head), frozenset(keys), running, signer
    )


#: The digest columns an earlier campaign's declaration is made of (``earlier_declaration``).
EARLIER_COLUMNS = (
    "declaration_row",
    "campaign_id",
    "police_number",
    "unit_code",
    "is_unit_head",
    "interests",
    "signer_fingerprint",
)


def _earlier(connection: Connection, campaigns: list[str]) -> list[EarlierDeclaration]:
    """Earlier campaigns' declarations: the officer, the enterprises declared then and the officer's key."""
    if not campaigns:
        return []
    return [earlier_declaration(r) for r in _digests(connection, campaigns, EARLIER_COLUMNS)]


def load_review_data(connection: Connection, campaign_id: str | None = None) -> ReviewData:
    """The view of the imported data for reviewing ``campaign_id`` (default: the newest imported campaign)."""
    campaigns = load_campaigns(connection)
    campaign = resolve_campaign(campaigns, campaign_id)
    workbooks = load_workbooks(connection)
    before = earlier_campaigns(campaigns, campaign)
    k, m, o = (schema.imported_keys, schema.imported_missing, schema.officers)
    keys = {
        r.fingerprint: KeyInfo(
            r.fingerprint, r.role, r.login, r.police_number, r.name, r.unit_code, r.first_workbook_id
        )
        for r in connection.execute(
            select(
                k.c.fingerprint, k.c.role, k.c.login, k.c.police_number, k.c.name, k.c.unit_code, k.c.first_workbook_id
            )
        )
    }
    campaign_workbooks = [w for w in workbooks.values() if w.campaign_id == campaign.id]
    missing = [
        MissingOfficer(r.workbook_id, r.police_number, r.name, r.unit_code, r.unit_name, r.status)
        for r in connection.execute(
            select(m.c.workbook_id, m.c.police_number, m.c.name, m.c.unit_code, m.c.unit_name, m.c.status)
            .where(m.c.workbook_id.in_([w.id for w in campaign_workbooks]))
            .order_by(m.c.id)  # the first entry of an officer listed twice is the one reported: in import order
        )
    ]
    roster = [
        RosterOfficer(number, name, unit, bool(head))
        for number, name, unit, head in fetch_tuples(
            connection,
            select(o.c.police_number, o.c.name, o.c.unit_code, o.c.is_unit_head).where(o.c.on_roster.is_(True)),
        )
    ]
    units = load_units(connection)
    trusted = load_trusted(connection)
    declarations = _declarations(connection, campaign.id)
    earlier = _earlier(connection, before)
    heads = {(o.police_number, o.unit_code) for o in roster if o.is_unit_head}
    declared: tuple[ImportedDeclaration | EarlierDeclaration, ...] = (*declarations, *earlier)
    heads |= {(d.police_number, d.unit_code) for d in declared if d.is_unit_head}
    return ReviewData(
        campaign,
        campaigns,
        workbooks,
        declarations,
        earlier,
        keys,
        missing,
        roster,
        units,
        trusted,
        heads,
        load_register_evidence(connection, campaign.id),
        superseded(connection, campaign.id),
        _later_forms(connection, campaign.id),
    )


def _later_forms(connection: Connection, campaign_id: str) -> dict[int, dict[str, Any]]:
    """The content of the campaign's declarations on form version 2 or later (none in a version 1 campaign)."""
    d = schema.imported_declarations
    rows = connection.execute(select(d.c.id, d.c.content).where(d.c.campaign_id == campaign_id, d.c.form_version >= 2))
    return {row_id: json.loads(content) for row_id, content in rows}


def superseded(connection: Connection, campaign_id: str) -> dict[str, tuple[str, int]]:
    """Superseded declaration id → (id, version) of the verified declaration whose countersignature names it."""
    d = schema.imported_declarations
    rows = connection.execute(
        select(d.c.supersedes, d.c.declaration_id, d.c.version)
        .where(d.c.campaign_id == campaign_id, d.c.supersedes.is_not(None), d.c.valid.is_(True))
        .order_by(d.c.id)  # a declaration named by two: the one imported last, whichever way the rows are read
    )
    return {superseded: (declaration_id, version) for superseded, declaration_id, version in rows}
