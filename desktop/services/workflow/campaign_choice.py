"""Which campaign a page is about when several are open at once (an annual 专项登记 and a supplementary 补充登记):
every campaign to choose from, and the one the person most needs first (docs/decisions.md, decision 41)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import DeclarationStatus
from desktop.domain.roles import Role
from desktop.services.clock import campaign_today
from desktop.services.session.session import Session
from desktop.services.workflow.responsibility import Responsibility
from desktop.store.repositories import campaigns as campaign_repo
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.officers import list_officers


@dataclass(frozen=True)
class CampaignChoice:
    campaigns: tuple[Campaign, ...]  # newest first
    default: Campaign | None  # None only when there is no campaign at all
    open_ids: frozenset[str]
    waiting: dict[str, int]  # campaign id → what waits for this person (a head: signed, not countersigned)

    def find(self, campaign_id: str | None) -> Campaign | None:
        return next((c for c in self.campaigns if c.id == campaign_id), None)


def _nearest_open_first(campaigns: list[Campaign], today: dt.date) -> list[Campaign]:
    """Open campaigns by nearest deadline, then the others newest first (the list comes newest first)."""
    opened = sorted((c for c in campaigns if c.is_open(today)), key=lambda c: c.deadline)
    return opened + [c for c in campaigns if not c.is_open(today)]


# An officer's own declaration: what needs the officer most comes first.
_OFFICER_URGENCY = {
    DeclarationStatus.RETURNED: 0,  # the head asked for a correction, with a reason to read
    DeclarationStatus.DRAFT: 1,
    None: 2,  # not started
    DeclarationStatus.SIGNED: 3,
    DeclarationStatus.COUNTERSIGNED: 3,
    DeclarationStatus.SUPERSEDED: 3,
}


def officer_choice(session: Session) -> CampaignChoice:
    """For an officer: a returned declaration first, then a draft, then a campaign not yet declared in, then one
    already signed; among equals the open campaign with the nearest deadline, then the newest. A campaign whose
    deadline has passed counts only for a returned declaration or a draft (a late signature is still possible)."""
    today = campaign_today(session.clock)
    number = session.account.police_number or ""
    with session.store.transaction() as connection:
        campaigns = campaign_repo.list_campaigns(connection)
        states = {}
        for campaign in campaigns:
            record = repo.latest(connection, campaign.id, number) if number else None
            states[campaign.id] = record.status if record is not None else None
    ordered = _nearest_open_first(campaigns, today)

    def urgency(campaign: Campaign) -> int:
        rank = _OFFICER_URGENCY[states[campaign.id]]
        return rank if today <= campaign.deadline or rank <= 1 else 4

    default = min(ordered, key=lambda c: (urgency(c), ordered.index(c))) if ordered else None
    waiting = {c.id: 1 for c in campaigns if states[c.id] in (DeclarationStatus.RETURNED, DeclarationStatus.DRAFT)}
    return CampaignChoice(tuple(campaigns), default, frozenset(c.id for c in ordered if c.is_open(today)), waiting)


def head_choice(session: Session) -> CampaignChoice:
    """For a unit head: the campaign with declarations waiting for this head's countersignature (nearest open
    deadline first when several have), else the open campaign with the nearest deadline, else the newest."""
    session.require(Role.UNIT_HEAD)
    today = campaign_today(session.clock)
    account = session.account
    with session.store.transaction() as connection:
        campaigns = campaign_repo.list_campaigns(connection)
        responsibility = Responsibility(connection)
        mine = {
            officer.police_number
            for officer in list_officers(connection)
            if responsibility.may_countersign(account.unit_code, account.police_number, officer)
        }
        waiting = {}
        for campaign in campaigns:
            states = repo.latest_states_in_campaign(connection, campaign.id)
            waiting[campaign.id] = sum(
                1 for number, (_id, status) in states.items() if number in mine and status is DeclarationStatus.SIGNED
            )
    ordered = _nearest_open_first(campaigns, today)
    default = next((c for c in ordered if waiting[c.id]), ordered[0] if ordered else None)
    return CampaignChoice(tuple(campaigns), default, frozenset(c.id for c in ordered if c.is_open(today)), waiting)
