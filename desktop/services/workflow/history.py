"""A declaration's history: every version, signature, return and audit entry, oldest first."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.crypto.verification import VerificationResult
from desktop.domain.campaigns import Campaign
from desktop.i18n import N_
from desktop.services.administration.campaigns import resolve_campaign
from desktop.services.errors import NotAllowed
from desktop.services.session.session import Session
from desktop.services.workflow.references import own_campaign, resolve_declaration
from desktop.services.workflow.verification import may_see, verify_record
from desktop.store import audit
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.declarations import DeclarationRecord, ReturnRow, SignatureRow

#: What the audit entries of a declaration's version say happened, as a person reads it (an action not listed here is
#: shown by its code).
AUDIT_ACTION_LABELS: dict[str, str] = {
    "draft_created": N_("draft created"),
    "draft_saved": N_("draft saved"),
    "handwritten_signature_saved": N_("handwritten signature saved"),
    "signed": N_("signed by the officer"),
    "countersigned": N_("countersigned"),
    "returned": N_("returned"),
    "amended": N_("amended: a new version"),
    "received": N_("received from a file"),
    "demo_staged": N_("changed by the demo"),
}


@dataclass(frozen=True)
class VersionHistory:
    record: DeclarationRecord
    signatures: list[SignatureRow]
    returns: list[ReturnRow]
    verification: VerificationResult
    audit: list[audit.AuditEntry]


@dataclass(frozen=True)
class History:
    campaign: Campaign
    versions: list[VersionHistory]


def history(session: Session, reference: str, campaign_id: str | None = None) -> History:
    with session.store.transaction() as connection:
        campaign = resolve_campaign(connection, campaign_id)
        record = resolve_declaration(connection, reference, campaign)
        campaign = own_campaign(connection, record, campaign)
        if not may_see(session, connection, record):
            raise NotAllowed(N_("You may not see this declaration."))
        versions = []
        for version in repo.versions(connection, record.campaign_id, record.police_number):
            versions.append(
                VersionHistory(
                    record=version,
                    signatures=repo.signature_rows(connection, version.id),
                    returns=repo.returns_of(connection, version.id),
                    verification=verify_record(connection, version, campaign),
                    audit=audit.entries(connection, subject=version.id),
                )
            )
    return History(campaign, versions)
