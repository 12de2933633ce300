"""What the officer's page shows about the declaration besides its content: the campaign, the status, the newest
return and the signatures, read through the services (no store access from the GUI)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import DeclarationStatus
from desktop.services.session.session import Session
from desktop.services.workflow.carry_over import CarriedOverSource, carried_over_source
from desktop.services.workflow.declaring import EDITABLE, start_draft
from desktop.services.workflow.history import history
from desktop.services.workflow.records import OFFICER_KIND, DeclarationRecord, ReturnRow, SignatureRow


@dataclass(frozen=True)
class DeclarationState:
    campaign: Campaign
    record: DeclarationRecord
    last_return: ReturnRow | None  # the newest return of this version, if it was ever returned
    officer_signature: SignatureRow | None  # in force (not void)
    countersignature: SignatureRow | None  # in force
    carried_over: CarriedOverSource | None = None  # the previous declaration the draft was pre-filled from

    @property
    def status(self) -> DeclarationStatus:
        return self.record.status

    @property
    def editable(self) -> bool:
        return self.record.status in EDITABLE


def open_declaration(session: Session, campaign_id: str | None = None) -> DeclarationState:
    """The officer's declaration in the campaign (the newest when None): a new draft, pre-filled from the last
    campaign, if there is none yet."""
    record = start_draft(session, campaign_id)
    return read_state(session, record.campaign_id)


def read_state(session: Session, campaign_id: str) -> DeclarationState:
    """The newest version of the officer's declaration in the campaign, as stored now."""
    number = session.account.police_number or ""
    found = history(session, number, campaign_id)
    current = found.versions[-1]
    in_force = [s for s in current.signatures if not s.void]
    return DeclarationState(
        campaign=found.campaign,
        record=current.record,
        last_return=current.returns[-1] if current.returns else None,
        officer_signature=next((s for s in reversed(in_force) if s.kind == OFFICER_KIND), None),
        countersignature=next((s for s in reversed(in_force) if s.kind != OFFICER_KIND), None),
        carried_over=carried_over_source(session, campaign_id),
    )
