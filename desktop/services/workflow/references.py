"""Finding a declaration from what a person types: a police number (newest version in the campaign) or an id."""

from __future__ import annotations

from sqlalchemy import Connection

from desktop.domain.campaigns import Campaign
from desktop.services.errors import NoDeclaration
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.campaigns import get_campaign
from desktop.store.repositories.declarations import DeclarationRecord

MIN_ID_PREFIX = 6


def resolve_declaration(connection: Connection, reference: str, campaign: Campaign) -> DeclarationRecord:
    """The declaration ``reference`` names. An id may name a declaration of another campaign than ``campaign``:
    check it against its own campaign (own_campaign), not the one used to look police numbers up."""
    reference = reference.strip()
    by_officer = repo.latest(connection, campaign.id, reference)
    if by_officer is not None:
        return by_officer
    if len(reference) >= MIN_ID_PREFIX:
        matches = repo.find_by_prefix(connection, reference.lower())
        if len(matches) == 1:
            return matches[0]
    raise NoDeclaration(reference)


def own_campaign(connection: Connection, record: DeclarationRecord, campaign: Campaign) -> Campaign:
    """The campaign ``record`` belongs to: its commitment digest and deadline are the ones that apply to it."""
    if record.campaign_id == campaign.id:
        return campaign
    found = get_campaign(connection, record.campaign_id)
    assert found is not None, "a declaration always belongs to a campaign (foreign key)"
    return found
