"""The declaration a draft was pre-filled from, so that the sections still carried over from it are confirmed one
by one before signing (desktop.domain.carry_over)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from desktop.domain.carry_over import carried_over_problems
from desktop.domain.declarations import Declaration
from desktop.domain.problems import Problem
from desktop.domain.roles import Role
from desktop.services.administration.campaigns import resolve_campaign
from desktop.services.session.session import Session
from desktop.store.repositories import campaigns as campaigns_repo
from desktop.store.repositories import declarations as repo


@dataclass(frozen=True)
class CarriedOverSource:
    """The previous declaration a draft was pre-filled from, and the name of its campaign."""

    declaration: Declaration
    campaign_name: str


def source_of(connection: Connection, police_number: str, campaign_id: str) -> CarriedOverSource | None:
    """What the officer's declaration in the campaign was pre-filled from: the newest declaration in another campaign
    made no later than the first version in this one (a campaign started later does not count)."""
    before = repo.first_created_at(connection, campaign_id, police_number)
    previous = repo.previous_declaration(connection, police_number, campaign_id, before=before)
    if previous is None:
        return None
    campaign = campaigns_repo.get_campaign(connection, previous.campaign_id)
    return CarriedOverSource(previous.declaration, campaign.name if campaign else "")


def carried_over_in(connection: Connection, declaration: Declaration, campaign_id: str) -> list[Problem]:
    """The warnings for the sections of the officer's declaration still carried over from the previous one."""
    source = source_of(connection, declaration.officer.police_number, campaign_id)
    return carried_over_problems(declaration, source.declaration if source else None)


def carried_over_source(session: Session, campaign_id: str | None = None) -> CarriedOverSource | None:
    """For the officer's page: what the own declaration in the campaign was pre-filled from, if anything."""
    session.require(Role.OFFICER)
    number = session.account.police_number or ""
    with session.store.transaction() as connection:
        campaign = resolve_campaign(connection, campaign_id)
        return source_of(connection, number, campaign.id)
