"""Conclusions (核查结论) per declaration, and leads (问题线索) with their follow-up state; all in the audit log.

A conclusion names a declaration by its id (or a unique prefix of it), or an officer by police number (for an
officer without a declaration, or the officer's one declaration in the campaign). The latest conclusion of a
declaration is the one that counts; earlier ones stay, as does every entry in the audit log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, or_, select

from desktop.domain.roles import Role
from desktop.domain.text import clean_text
from desktop.errors import DeclareError
from desktop.i18n import N_
from desktop.review.loading import load_campaigns, resolve_campaign
from desktop.services.auditing import audited_transaction
from desktop.services.clock import timestamp
from desktop.services.inspection.review_store import retrying
from desktop.services.session.session import Session
from desktop.store import schema
from desktop.store.inserted import inserted_id

KINDS: dict[str, str] = {
    "truthful": N_("truthful"),  # 如实填报
    "omission": N_("omission"),  # 漏报
    "concealment": N_("concealment"),  # 瞒报
    "needs_checking": N_("needs checking"),  # 需核实
    "lead": N_("lead"),  # 问题线索
}
LEAD_STATES: dict[str, str] = {"open": N_("open"), "in_progress": N_("in progress"), "closed": N_("closed")}
MAX_NOTE = 4000
_HEX = re.compile(r"[0-9a-fA-F]+")


class UnknownSubject(DeclareError):
    def __init__(self, reference: str) -> None:
        super().__init__(
            N_("No imported declaration or officer matches {reference} in this campaign."), reference=reference
        )


class AmbiguousSubject(DeclareError):
    def __init__(self, reference: str, ids: list[str]) -> None:
        super().__init__(
            N_("{reference} matches several declarations ({ids}); give the declaration id."),
            reference=reference,
            ids=", ".join(i[:12] for i in ids),
        )


class BadKind(DeclareError):
    def __init__(self, kind: str, kinds: dict[str, str]) -> None:
        super().__init__(N_("{kind} is not one of: {kinds}."), kind=kind, kinds=", ".join(kinds))


class UnknownLead(DeclareError):
    def __init__(self, lead: int) -> None:
        super().__init__(N_("There is no lead number {lead}."), lead=lead)


@dataclass(frozen=True)
class Subject:
    campaign_id: str
    declaration_id: str | None
    police_number: str
    name: str
    unit_code: str


@dataclass(frozen=True)
class Conclusion:
    id: int
    campaign_id: str
    declaration_id: str | None
    police_number: str
    unit_code: str
    kind: str
    note: str
    inspector: str
    concluded_at: str
    lead_id: int | None = None


@dataclass(frozen=True)
class Lead:
    id: int
    conclusion_id: int
    campaign_id: str
    declaration_id: str | None
    police_number: str
    unit_code: str
    state: str
    updated_at: str
    updated_by: str
    note: str


def resolve_subject(connection: Connection, reference: str, campaign_id: str | None = None) -> Subject:
    """The declaration (id or unique prefix of 4+ characters) or officer (police number) ``reference`` names."""
    campaign = resolve_campaign(load_campaigns(connection), campaign_id)
    reference = reference.strip()
    d = schema.imported_declarations
    conditions = [d.c.declaration_id == reference.lower(), d.c.police_number == reference]
    if len(reference) >= 4 and _HEX.fullmatch(reference):
        conditions.append(d.c.declaration_id.like(reference.lower() + "%"))
    rows = connection.execute(
        select(d.c.declaration_id, d.c.police_number, d.c.name, d.c.unit_code).where(
            d.c.campaign_id == campaign.id, or_(*conditions)
        )
    ).all()
    exact = [r for r in rows if r.declaration_id == reference.lower()]
    rows = exact or rows
    ids = sorted({r.declaration_id for r in rows})
    if len(ids) > 1:
        raise AmbiguousSubject(reference, ids)
    if rows:
        r = rows[0]
        return Subject(campaign.id, r.declaration_id, r.police_number, r.name, r.unit_code)
    return _officer_without_declaration(connection, campaign.id, reference)


def _officer_without_declaration(connection: Connection, campaign_id: str, number: str) -> Subject:
    m, w, o = schema.imported_missing, schema.imported_workbooks, schema.officers
    row = connection.execute(
        select(m.c.police_number, m.c.name, m.c.unit_code)
        .join(w, w.c.id == m.c.workbook_id)
        .where(w.c.campaign_id == campaign_id, m.c.police_number == number)
    ).first()
    if row is None:
        row = connection.execute(
            select(o.c.police_number, o.c.name, o.c.unit_code).where(
                o.c.police_number == number, o.c.on_roster.is_(True)
            )
        ).first()
    if row is None:
        raise UnknownSubject(number)
    return Subject(campaign_id, None, row.police_number, row.name, row.unit_code)


def conclude(session: Session, reference: str, kind: str, note: str, *, campaign_id: str | None = None) -> Conclusion:
    """Record a conclusion; a lead also opens a lead to follow up. Both go into the audit log with the note."""
    session.require(Role.INSPECTOR)
    if kind not in KINDS:
        raise BadKind(kind, KINDS)
    note = clean_text(note)[:MAX_NOTE]

    def work() -> Conclusion:
        now, actor = timestamp(session.clock), session.account.login
        with audited_transaction(session.store, actor, session.clock) as audit:
            connection = audit.connection
            subject = resolve_subject(connection, reference, campaign_id)
            values = {
                "campaign_id": subject.campaign_id,
                "declaration_id": subject.declaration_id,
                "police_number": subject.police_number,
                "unit_code": subject.unit_code,
            }
            conclusion_id = inserted_id(
                connection.execute(
                    schema.conclusions.insert().values(
                        **values, kind=kind, note=note, inspector=actor, concluded_at=now
                    )
                )
            )
            lead_id = None
            if kind == "lead":
                lead_id = inserted_id(
                    connection.execute(
                        schema.leads.insert().values(
                            **values,
                            conclusion_id=conclusion_id,
                            state="open",
                            updated_at=now,
                            updated_by=actor,
                            note=note,
                        )
                    )
                )
            audit.record(
                "concluded",
                subject.declaration_id or f"officer:{subject.police_number}",
                conclusion=conclusion_id,
                kind=kind,
                note=note,
                officer=subject.police_number,
                campaign=subject.campaign_id,
                lead=lead_id,
            )
        return Conclusion(
            conclusion_id,
            subject.campaign_id,
            subject.declaration_id,
            subject.police_number,
            subject.unit_code,
            kind,
            note,
            actor,
            now,
            lead_id,
        )

    return retrying(session, work)


def _conclusion(row: Row[Any], lead_id: int | None = None) -> Conclusion:
    r = row._mapping
    return Conclusion(
        r["id"],
        r["campaign_id"],
        r["declaration_id"],
        r["police_number"],
        r["unit_code"],
        r["kind"],
        r["note"],
        r["inspector"],
        r["concluded_at"],
        lead_id,
    )


def conclusions(connection: Connection, campaign_id: str) -> list[Conclusion]:
    """Every conclusion of the campaign, oldest first."""
    c = schema.conclusions
    rows = connection.execute(select(c).where(c.c.campaign_id == campaign_id).order_by(c.c.id)).all()
    return [_conclusion(r) for r in rows]


def latest_conclusions(connection: Connection, campaign_id: str) -> dict[str, Conclusion]:
    """The conclusion that counts for each declaration id (or 'officer:<police number>')."""
    latest: dict[str, Conclusion] = {}
    for conclusion in conclusions(connection, campaign_id):
        latest[conclusion.declaration_id or f"officer:{conclusion.police_number}"] = conclusion
    return latest


def list_leads(connection: Connection, campaign_id: str | None = None, state: str | None = None) -> list[Lead]:
    le = schema.leads
    query = select(le).order_by(le.c.id)
    if campaign_id is not None:
        query = query.where(le.c.campaign_id == campaign_id)
    if state is not None:
        query = query.where(le.c.state == state)
    return [Lead(**dict(r._mapping)) for r in connection.execute(query)]


def update_lead(session: Session, lead_id: int, state: str, note: str = "") -> Lead:
    """Move a lead to another follow-up state (open, in_progress, closed) with a note; in the audit log."""
    session.require(Role.INSPECTOR)
    if state not in LEAD_STATES:
        raise BadKind(state, LEAD_STATES)
    note = clean_text(note)[:MAX_NOTE]

    def work() -> Lead:
        le, now = schema.leads, timestamp(session.clock)
        with audited_transaction(session.store, session.account.login, session.clock) as audit:
            connection = audit.connection
            row = connection.execute(select(le).where(le.c.id == lead_id)).first()
            if row is None:
                raise UnknownLead(lead_id)
            changes = {"state": state, "updated_at": now, "updated_by": session.account.login}
            if note:
                changes["note"] = note
            connection.execute(le.update().where(le.c.id == lead_id).values(**changes))
            audit.record(
                "lead_updated",
                row.declaration_id or f"officer:{row.police_number}",
                lead=lead_id,
                old_state=row.state,
                state=state,
                note=note,
            )
            updated = connection.execute(select(le).where(le.c.id == lead_id)).one()
        return Lead(**dict(updated._mapping))

    return retrying(session, work)
