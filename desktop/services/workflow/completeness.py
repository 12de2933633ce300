"""Completeness (全员登记) per unit and campaign: who has not started, drafted, signed, been returned, countersigned."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from desktop.domain.campaigns import Campaign
from desktop.domain.roles import Role
from desktop.domain.units import descendants
from desktop.i18n import N_
from desktop.services.administration.campaigns import resolve_campaign
from desktop.services.clock import campaign_today
from desktop.services.errors import NotAllowed
from desktop.services.session.session import Session
from desktop.store import schema
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.officers import list_officers
from desktop.store.repositories.units import list_units

STATES = ("not_started", "draft", "signed", "returned", "countersigned", "superseded")


@dataclass
class UnitCompleteness:
    unit_code: str
    unit_name: str
    roster: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    late: int = 0  # officer signatures made after the deadline

    @property
    def declared(self) -> int:
        """Officers whose newest declaration is signed or countersigned."""
        return self.counts["signed"] + self.counts["countersigned"]

    def to_json(self) -> dict[str, object]:
        return {
            "unit": self.unit_code,
            "unit_name": self.unit_name,
            "roster": self.roster,
            "declared": self.declared,
            "late": self.late,
            **self.counts,
        }


@dataclass
class CompletenessReport:
    campaign: Campaign
    days_left: int
    units: list[UnitCompleteness]

    def to_json(self) -> dict[str, object]:
        return {
            "campaign": self.campaign.id,
            "campaign_name": self.campaign.name,
            "deadline": self.campaign.deadline.isoformat(),
            "days_left": self.days_left,
            "units": [u.to_json() for u in self.units],
        }


def completeness(session: Session, campaign_id: str | None = None, unit_code: str | None = None) -> CompletenessReport:
    """Administrators and inspectors see every unit; a unit head sees the unit and the units below it."""
    account = session.account
    with session.store.transaction() as connection:
        campaign = resolve_campaign(connection, campaign_id)
        units = list_units(connection)
        visible = {u.code for u in units}
        if not (account.has(Role.ADMIN) or account.has(Role.INSPECTOR)):
            if not account.has(Role.UNIT_HEAD) or account.unit_code is None:
                raise NotAllowed(N_("Completeness is shown to unit heads, inspectors and administrators."))
            visible = {account.unit_code} | descendants(account.unit_code, units)
        if unit_code is not None:
            visible &= {unit_code} | descendants(unit_code, units)
        report = {u.code: UnitCompleteness(u.code, u.name) for u in units if u.code in visible}
        latest = repo.latest_in_campaign(connection, campaign.id)
        for officer in list_officers(connection):
            unit = report.get(officer.unit_code)
            if unit is None:
                continue
            unit.roster += 1
            record = latest.get(officer.police_number)
            unit.counts[record.status.value if record else "not_started"] += 1
        d, s = schema.declarations, schema.signatures
        superseded = (
            select(d.c.police_number, func.count())
            .where(d.c.campaign_id == campaign.id, d.c.status == "superseded")
            .group_by(d.c.police_number)
        )
        late = (
            select(d.c.police_number, func.count())
            .join(s, s.c.declaration_id == d.c.id)
            .where(
                d.c.campaign_id == campaign.id,
                s.c.kind == repo.OFFICER_KIND,
                s.c.is_late.is_(True),
                s.c.void.is_(False),
            )
            .group_by(d.c.police_number)
        )
        unit_of = {o.police_number: o.unit_code for o in list_officers(connection)}
        for police_number, count in connection.execute(superseded):
            if unit_of.get(police_number) in report:
                report[unit_of[police_number]].counts["superseded"] += count
        for police_number, count in connection.execute(late):
            if unit_of.get(police_number) in report:
                report[unit_of[police_number]].late += count
    return CompletenessReport(
        campaign,
        campaign.days_left(campaign_today(session.clock)),
        [u for u in report.values() if u.roster or u.unit_code == unit_code],
    )
