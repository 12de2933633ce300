"""Finding a declaration from what a person types: a police number (newest version in the campaign) or an id."""

from __future__ import annotations

from sqlalchemy import Connection

from desktop.domain.campaigns import Campaign
from desktop.services.workflow_errors import NoDeclaration
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.declarations import DeclarationRecord

MIN_ID_PREFIX = 6


def resolve_declaration(connection: Connection, reference: str, campaign: Campaign) -> DeclarationRecord:
    reference = reference.strip()
    by_officer = repo.latest(connection, campaign.id, reference)
    if by_officer is not None:
        return by_officer
    if len(reference) >= MIN_ID_PREFIX:
        matches = repo.find_by_prefix(connection, reference.lower())
        if len(matches) == 1:
            return matches[0]
    raise NoDeclaration(reference)
