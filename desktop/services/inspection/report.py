"""Writing the verification report workbook for a campaign; recorded in the audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.roles import Role
from desktop.i18n import Translator
from desktop.review.report_workbook import build_report
from desktop.services.auditing import audited_transaction
from desktop.services.clock import timestamp
from desktop.services.inspection.conclusions import conclusions, list_leads
from desktop.services.inspection.review import run_review
from desktop.services.inspection.review_store import retrying
from desktop.services.session.session import Session
from desktop.store.atomic import write_atomic


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    campaign_id: str
    declarations: int
    findings: int
    flagged: int
    cleared: int
    conclusions: int
    leads: int
    encrypted: bool
    sha256: str


def write_report(
    session: Session,
    out: Path,
    *,
    campaign_id: str | None = None,
    threshold: int | None = None,
    password: str | None = None,
    translate: Translator | None = None,
    zone: dt.tzinfo | None = None,
) -> ReportSummary:
    """Review the campaign (recording the run if anything changed) and write the report to ``out``; with a
    ``password``, the file is protected with standard Office encryption."""
    session.require(Role.INSPECTOR)
    run = run_review(session, campaign_id=campaign_id, threshold=threshold)
    review = run.review
    with session.store.transaction() as connection:
        concluded = conclusions(connection, review.campaign.id)
        leads = list_leads(connection, review.campaign.id)
    data = build_report(
        review,
        concluded,
        leads,
        generated_at=timestamp(session.clock),
        generated_by=session.account.login,
        translate=translate or Translator("zh_CN"),
        zone=zone,
    )
    if password:
        from desktop.exchange.xlsx.encryption import encrypt_workbook

        data = encrypt_workbook(data, password)
    write_atomic(Path(out), data)
    digest = hashlib.sha256(data).hexdigest()
    flagged = len(review.flagged())

    def record() -> None:
        with audited_transaction(session.store, session.account.login, session.clock) as audit:
            audit.record(
                "report_exported",
                review.campaign.id,
                run=run.run_id,
                sha256=digest,
                encrypted=bool(password),
                findings=len(review.findings),
                flagged=flagged,
            )

    retrying(session, record)
    return ReportSummary(
        Path(out),
        review.campaign.id,
        len(review.data.declarations),
        len(review.findings),
        flagged,
        len(review.scores) - flagged,
        len(concluded),
        len(leads),
        bool(password),
        digest,
    )
