"""Campaigns: created by an administrator with a deadline and the commitment text officers sign."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Connection

from desktop.domain.campaigns import Campaign
from desktop.domain.roles import Role
from desktop.domain.text import clean_text
from desktop.errors import DeclareError
from desktop.form import NEWEST_FORM_VERSION, known_form_versions
from desktop.i18n import N_
from desktop.resources import resource_path
from desktop.services.auditing import audited_transaction
from desktop.services.clock import campaign_today, timestamp
from desktop.services.errors import refuse_invisible_characters
from desktop.services.session.session import Session
from desktop.store.repositories import campaigns as repo

#: The commitment new campaigns get. 2026.2 (commitment-v2) no longer claims that there is no prohibited involvement:
#: it says that whatever exists is declared on the form and will be rectified as declared, which is true of a form that
#: declares some (issue 13, defect 5). Campaigns made with 2026.1 keep their text: signatures cover its hash.
DEFAULT_COMMITMENT_VERSION = "2026.2"
DEFAULT_COMMITMENT_FILE = "commitment-v2.zh_CN.txt"

#: The form version a new campaign uses unless told otherwise: the newest the program knows (the form registry's),
#: which the whole chain (the officer's pages, workbook format 2, the printed form) carries (issue 11; decisions 45
#: and 94). A campaign keeps the version it was made with; a new version takes effect for campaigns made after it.
NEW_CAMPAIGN_FORM_VERSION = NEWEST_FORM_VERSION


class UnknownFormVersionChosen(DeclareError):
    def __init__(self, number: int) -> None:
        super().__init__(
            N_("There is no form version {number}; the versions are {known}."),
            number=number,
            known=", ".join(str(n) for n in known_form_versions()),
        )


class NoCampaign(DeclareError):
    def __init__(self) -> None:
        super().__init__(N_("There is no campaign yet; an administrator creates one with 'campaign create'."))


class UnknownCampaign(DeclareError):
    def __init__(self, campaign_id: str) -> None:
        super().__init__(N_("There is no campaign {id}; 'campaign list' shows them."), id=campaign_id)


def default_commitment_text() -> str:
    """The Chinese commitment (承诺书) template shipped in resources/commitment/."""
    return clean_text(resource_path("commitment", DEFAULT_COMMITMENT_FILE).read_text(encoding="utf-8"))


def create_campaign(
    session: Session,
    *,
    name: str,
    deadline: dt.date,
    start_date: dt.date | None = None,
    commitment_text: str | None = None,
    commitment_version: str | None = None,
    form_version: int | None = None,
) -> Campaign:
    session.require(Role.ADMIN)
    version = NEW_CAMPAIGN_FORM_VERSION if form_version is None else form_version
    if version not in known_form_versions():
        raise UnknownFormVersionChosen(version)
    start = start_date or session.clock.now().date()
    if not name.strip():
        raise DeclareError(N_("A campaign needs a name."))
    if deadline < start:
        raise DeclareError(
            N_("The deadline {deadline} is before the start {start}."),
            deadline=deadline,  # shown as the reader's language writes a date
            start=start,
        )
    # The text as it travels (NFC, one form of line end, trimmed): its SHA-256 is what officers sign.
    text = clean_text(commitment_text if commitment_text is not None else default_commitment_text())
    if not text.strip():
        raise DeclareError(N_("The commitment text is empty."))
    refuse_invisible_characters(name=name, commitment_text=text)
    campaign = Campaign(
        id=uuid.uuid4().hex,
        name=name.strip(),
        start_date=start,
        deadline=deadline,
        commitment_text=text,
        commitment_version=commitment_version or (DEFAULT_COMMITMENT_VERSION if commitment_text is None else "custom"),
        form_version=version,
    )
    with audited_transaction(session.store, session.account.login, session.clock) as audit:
        repo.insert_campaign(audit.connection, campaign, now=timestamp(session.clock), created_by=session.account.login)
        audit.record(
            "campaign_created",
            campaign.id,
            deadline=deadline.isoformat(),
            commitment_sha256=campaign.commitment_sha256,
            **({"form_version": campaign.form_version} if campaign.form_version != 1 else {}),
        )
    return campaign


def list_campaigns(session: Session) -> list[Campaign]:
    with session.store.transaction() as connection:
        return repo.list_campaigns(connection)


def open_campaigns(session: Session) -> list[Campaign]:
    """The campaigns officers are declaring in today (started, deadline not passed), newest first."""
    today = campaign_today(session.clock)
    return [c for c in list_campaigns(session) if c.is_open(today)]


def resolve_campaign(connection: Connection, campaign_id: str | None) -> Campaign:
    """The named campaign (an id or a unique prefix of one), or the newest one."""
    campaigns = repo.list_campaigns(connection)
    if not campaigns:
        raise NoCampaign
    if campaign_id is None:
        return campaigns[0]
    matches = [c for c in campaigns if c.id.startswith(campaign_id)]
    if len(matches) != 1:
        raise UnknownCampaign(campaign_id)
    return matches[0]
