"""Everything the printed registration form (情况登记表) shows for one declaration, gathered without Qt.

The same visibility rules as the history (services.verification.may_see): officers print their own declaration,
unit heads those they countersign, inspectors and administrators any.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.crypto.verification import VerificationResult
from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import Declaration, DeclarationStatus
from desktop.services.session.session import Session
from desktop.services.workflow.history import history
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.declarations import COUNTERSIGN_KIND, OFFICER_KIND, DeclarationRecord, SignatureRow


@dataclass(frozen=True)
class PrintableDeclaration:
    campaign: Campaign
    record: DeclarationRecord
    officer_signature: SignatureRow | None
    countersignature: SignatureRow | None
    verification: VerificationResult
    handwritten_png: bytes | None

    @property
    def declaration(self) -> Declaration:
        return self.record.declaration

    @property
    def status(self) -> DeclarationStatus:
        return self.record.status

    @property
    def commitment_text(self) -> str:
        return self.campaign.commitment_text


def printable_declaration(
    session: Session, reference: str | None = None, campaign_id: str | None = None
) -> PrintableDeclaration:
    """The newest version of the declaration ``reference`` names (a police number or an id; the session's own
    declaration when None). Raises NotAllowed for a declaration the account may not see, NoDeclaration if none."""
    found = history(session, reference or session.account.police_number or "", campaign_id)
    latest = found.versions[-1]
    current = [row for row in latest.signatures if not row.void]
    with session.store.transaction() as connection:
        image = repo.handwritten(connection, latest.record.id)
    return PrintableDeclaration(
        campaign=found.campaign,
        record=latest.record,
        officer_signature=next((row for row in current if row.kind == OFFICER_KIND), None),
        countersignature=next((row for row in current if row.kind == COUNTERSIGN_KIND), None),
        verification=latest.verification,
        handwritten_png=image,
    )
