"""Loading the imported data into the rules' in-memory view, with SQLAlchemy Core only (SQLite or PostgreSQL).

Declarations of 50,000 officers must load in about a second, so the content JSON is not parsed whole: the
interests come from their own table, the answers are cut out of the JSON (a flat object of six answers, so the same
text recurs and is parsed once), and the interests' roles are found by a pattern. The large queries are compiled by
SQLAlchemy for the connection's dialect and fetched as plain tuples (``fetch_tuples``): building a Row per result
row costs more than reading it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict

from sqlalchemy import Connection, Select, select

from desktop.errors import DeclareError
from desktop.i18n import N_
from desktop.review.enterprises import enterprise_keys
from desktop.review.model import (
    Campaign,
    ImportedDeclaration,
    Interest,
    KeyInfo,
    MissingOfficer,
    ReviewData,
    RosterOfficer,
    UnitInfo,
    Workbook,
)
from desktop.store import schema

_W, _D, _I = schema.imported_workbooks, schema.imported_declarations, schema.imported_interests


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
    query = select(_W.c.id, _W.c.kind, _W.c.unit_code, _W.c.unit_name, _W.c.campaign_id, _W.c.exporter_fingerprint,
                   _W.c.imported_at, _W.c.valid, _W.c.problems)
    workbooks = {}
    for row in connection.execute(query):
        codes = tuple(p.get("code", "") for p in json.loads(row.problems or "[]"))
        workbooks[row.id] = Workbook(row.id, row.kind, row.unit_code, row.unit_name, row.campaign_id,
                                     row.exporter_fingerprint, row.imported_at, bool(row.valid), codes)
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


_answer_cache: dict[str, dict[str, bool | None]] = {}


def answers_of(content: str) -> dict[str, bool | None]:
    """The answers object of a declaration's content JSON, without parsing the rest."""
    start = content.find('"answers"')
    opening = content.find("{", start) if start >= 0 else -1
    closing = content.find("}", opening) if opening >= 0 else -1
    if closing < 0:
        return dict(json.loads(content).get("answers") or {})
    piece = content[opening:closing + 1]
    found = _answer_cache.get(piece)
    if found is None:
        found = json.loads(piece)
        if len(_answer_cache) < 4096:  # six yes/no/null answers: at most 729 different texts
            _answer_cache[piece] = found
    return dict(found)


def _campaign_rows(campaign_ids: list[str]) -> Select:  # type: ignore[type-arg]
    return select(_D.c.id).where(_D.c.campaign_id.in_(campaign_ids))


_ROLE = re.compile(r'"role":\s*"([a-z_]*)"')


def fetch_tuples(connection: Connection, query: Select) -> list[tuple]:  # type: ignore[type-arg]
    """Every row of ``query`` as a plain tuple, straight from the DB-API cursor. The SQL and its parameters are
    SQLAlchemy's for this connection's dialect, so this is as portable as ``connection.execute``; values come
    as the driver gives them (a boolean may be 0/1 on SQLite)."""
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params: object = compiled.params
    if compiled.positional:
        params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _interests(connection: Connection, campaign_ids: list[str]) -> dict[int, list[Interest]]:
    query = select(_I.c.declaration_row, _I.c.row_no, _I.c.question, _I.c.relation, _I.c.holder_id_number,
                   _I.c.enterprise_name, _I.c.uscc, _I.c.trade_code, _I.c.status, _I.c.within_jurisdiction,
                   _I.c.related_to_duties).where(_I.c.declaration_row.in_(_campaign_rows(campaign_ids)))
    found: dict[int, list[Interest]] = defaultdict(list)
    for r in fetch_tuples(connection, query):
        found[r[0]].append(Interest(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], bool(r[9]), bool(r[10]),
                                    enterprise_keys(r[6], r[5])))
    for rows in found.values():
        if len(rows) > 1:
            rows.sort(key=lambda i: i.row_no)
    return found


def _earlier_interests(connection: Connection, campaign_ids: list[str]) -> dict[int, list[Interest]]:
    """Only what the comparison with the previous declaration needs: the enterprise and its status."""
    query = select(_I.c.declaration_row, _I.c.row_no, _I.c.enterprise_name, _I.c.uscc, _I.c.status).where(
        _I.c.declaration_row.in_(_campaign_rows(campaign_ids)))
    found: dict[int, list[Interest]] = defaultdict(list)
    for row_id, row_no, name, uscc, status in fetch_tuples(connection, query):
        found[row_id].append(Interest(row_no, "", "", "", name, uscc, "", status, False, False,
                                      enterprise_keys(uscc, name)))
    return found


def _declarations(connection: Connection, campaign_id: str) -> list[ImportedDeclaration]:
    query = select(_D.c.id, _D.c.workbook_id, _D.c.declaration_id, _D.c.version, _D.c.campaign_id,
                   _D.c.police_number, _D.c.name, _D.c.id_number, _D.c.unit_code, _D.c.unit_name,
                   _D.c.is_leadership_member, _D.c.is_unit_head, _D.c.is_division_level, _D.c.signed_at,
                   _D.c.signer_fingerprint, _D.c.countersigned_at, _D.c.countersigner_fingerprint, _D.c.valid,
                   _D.c.failures, _D.c.content).where(_D.c.campaign_id == campaign_id).order_by(_D.c.id)
    interests = _interests(connection, [campaign_id])
    result = []
    for r in fetch_tuples(connection, query):
        content = r[19]
        row = ImportedDeclaration(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], bool(r[10]), bool(r[11]), bool(r[12]),
            r[13], r[14], r[15], r[16], bool(r[17]), tuple(json.loads(r[18])) if r[18] != "[]" else (),
            answers_of(content), interests.get(r[0], []),
        )
        if '"nominee"' in content:  # the one role a rule reads; "role" is a key of interests only
            roles = _ROLE.findall(content)
            for interest in row.interests:
                if 0 < interest.row_no <= len(roles):
                    interest.role = roles[interest.row_no - 1]
        result.append(row)
    return result


def _earlier(connection: Connection, campaigns: list[str]) -> list[ImportedDeclaration]:
    """Earlier campaigns' declarations, read from the covering index (no content, no signatures)."""
    if not campaigns:
        return []
    query = select(_D.c.id, _D.c.campaign_id, _D.c.police_number, _D.c.unit_code, _D.c.is_unit_head).where(
        _D.c.campaign_id.in_(campaigns))
    interests = _earlier_interests(connection, campaigns)
    return [ImportedDeclaration(r[0], "", "", 0, r[1], r[2], "", "", r[3], "", False, bool(r[4]), False,
                                None, None, None, None, True, (), {}, interests.get(r[0], []))
            for r in fetch_tuples(connection, query)]


def load_review_data(connection: Connection, campaign_id: str | None = None) -> ReviewData:
    """The view of the imported data for reviewing ``campaign_id`` (default: the newest imported campaign)."""
    campaigns = load_campaigns(connection)
    campaign = resolve_campaign(campaigns, campaign_id)
    workbooks = load_workbooks(connection)
    before = [c.id for c in campaigns.values()
              if c.id != campaign.id and c.deadline and campaign.deadline and c.deadline < campaign.deadline]
    k, m, o, u, t = (schema.imported_keys, schema.imported_missing, schema.officers, schema.units,
                     schema.trusted_keys)
    keys = {r.fingerprint: KeyInfo(r.fingerprint, r.role, r.login, r.police_number, r.name, r.unit_code,
                                   r.first_workbook_id)
            for r in connection.execute(select(k.c.fingerprint, k.c.role, k.c.login, k.c.police_number, k.c.name,
                                               k.c.unit_code, k.c.first_workbook_id))}
    campaign_workbooks = [w for w in workbooks.values() if w.campaign_id == campaign.id]
    missing = [MissingOfficer(r.workbook_id, r.police_number, r.name, r.unit_code, r.unit_name, r.status)
               for r in connection.execute(select(m.c.workbook_id, m.c.police_number, m.c.name, m.c.unit_code,
                                                  m.c.unit_name, m.c.status)
                                           .where(m.c.workbook_id.in_([w.id for w in campaign_workbooks])))]
    roster = [RosterOfficer(r.police_number, r.name, r.unit_code, bool(r.is_unit_head))
              for r in connection.execute(select(o.c.police_number, o.c.name, o.c.unit_code, o.c.is_unit_head)
                                          .where(o.c.on_roster.is_(True)))]
    units = {r.code: UnitInfo(r.code, r.name, r.parent_code)
             for r in connection.execute(select(u.c.code, u.c.name, u.c.parent_code))}
    trusted = {r.fingerprint: r.police_number or f"login:{r.login}"
               for r in connection.execute(select(t.c.fingerprint, t.c.police_number, t.c.login))}
    declarations = _declarations(connection, campaign.id)
    earlier = _earlier(connection, before)
    heads = {(o.police_number, o.unit_code) for o in roster if o.is_unit_head}
    heads |= {(d.police_number, d.unit_code) for d in (*declarations, *earlier) if d.is_unit_head}
    return ReviewData(campaign, campaigns, workbooks, declarations, earlier, keys, missing, roster, units, trusted,
                      heads)
