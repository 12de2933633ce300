"""Writing the verification report workbook for a campaign; recorded in the audit log.

On the encrypted store (a city at most) the report is made from the review in memory. On a database server it is
made from the stored run, recorded as rows (decision 131): the declarations' statistics a range of officers at a
time, the findings and scores streamed from the database in the report's order, and the workbook written sheet by
sheet into the file as the rows come (decision 132), so the client's memory does not grow with the declarations. A
run recorded by earlier code (one document) is reported from memory, as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from desktop.domain.roles import Role
from desktop.i18n import Translator
from desktop.review.report_workbook import build_report, leads_by_unit, write_report_book
from desktop.services.auditing import audited_transaction
from desktop.services.clock import timestamp
from desktop.services.inspection.conclusions import conclusions, list_leads
from desktop.services.inspection.report_stored import stored_content
from desktop.services.inspection.review import one_snapshot, run_review
from desktop.services.inspection.review_ranges import current_run_id
from desktop.services.inspection.review_store import retrying
from desktop.services.inspection.run_rows import recorded_as_rows
from desktop.services.session.session import Session
from desktop.store import schema
from desktop.store.atomic import write_atomic, write_atomic_stream


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


@dataclass(frozen=True)
class _Request:
    """What the report is asked for, as ``write_report`` takes it."""

    out: Path
    campaign_id: str | None
    threshold: int | None
    password: str | None
    translate: Translator
    zone: dt.tzinfo | None


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
    request = _Request(Path(out), campaign_id, threshold, password, translate or Translator("zh_CN"), zone)
    with session.store.transaction() as connection:
        on_server = connection.dialect.name != "sqlite"
    if on_server:
        summary = _from_stored_run(session, request)
        if summary is not None:
            return summary
    return _from_memory(session, request)


def _from_memory(session: Session, request: _Request) -> ReportSummary:
    run = run_review(session, campaign_id=request.campaign_id, threshold=request.threshold)
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
        translate=request.translate,
        zone=request.zone,
    )
    if request.password:
        data = _encrypted(data, request.password)
    write_atomic(request.out, data)
    digest = hashlib.sha256(data).hexdigest()
    flagged = len(review.flagged())
    figures = _Figures(len(review.data.declarations), len(review.findings), flagged, len(review.scores) - flagged)
    _audit(session, review.campaign.id, run.run_id, digest, bool(request.password), figures)
    return _summary(request, review.campaign.id, figures, len(concluded), len(leads), digest)


def _from_stored_run(session: Session, request: _Request) -> ReportSummary | None:
    """The report of the campaign's current run, recorded now if anything changed; None when that run was
    recorded by earlier code (as one document)."""
    run_id = current_run_id(session, campaign_id=request.campaign_id, threshold=request.threshold)
    if run_id is None:
        return None
    runs = schema.review_runs
    with session.store.transaction() as connection:
        one_snapshot(connection)
        if not recorded_as_rows(connection, run_id):
            return None
        row = connection.execute(
            select(runs.c.campaign_id, runs.c.threshold, runs.c.findings, runs.c.flagged, runs.c.cleared).where(
                runs.c.id == run_id
            )
        ).one()
        concluded = conclusions(connection, row.campaign_id)
        leads = list_leads(connection, row.campaign_id)
        content = stored_content(connection, run_id, row.campaign_id, row.threshold, leads_by_unit(leads))

        def write(stream: BinaryIO) -> None:
            write_report_book(
                stream,
                content,
                concluded,
                leads,
                generated_at=timestamp(session.clock),
                generated_by=session.account.login,
                translate=request.translate,
                zone=request.zone,
            )

        if request.password:
            buffer = io.BytesIO()
            write(buffer)
            data = _encrypted(buffer.getvalue(), request.password)
            del buffer
            write_atomic(request.out, data)
            digest = hashlib.sha256(data).hexdigest()
        else:
            digest = write_atomic_stream(request.out, write)
    figures = _Figures(content.declarations, int(row.findings), int(row.flagged), int(row.cleared))
    _audit(session, row.campaign_id, run_id, digest, bool(request.password), figures)
    return _summary(request, row.campaign_id, figures, len(concluded), len(leads), digest)


def _summary(
    request: _Request, campaign_id: str, figures: _Figures, concluded: int, leads: int, digest: str
) -> ReportSummary:
    encrypted = bool(request.password)
    return ReportSummary(request.out, campaign_id, *figures.counts(), concluded, leads, encrypted, digest)


@dataclass(frozen=True)
class _Figures:
    declarations: int
    findings: int
    flagged: int
    cleared: int

    def counts(self) -> tuple[int, int, int, int]:
        return self.declarations, self.findings, self.flagged, self.cleared


def _encrypted(data: bytes, password: str) -> bytes:
    from desktop.exchange.xlsx.encryption import encrypt_workbook

    return encrypt_workbook(data, password)


def _audit(
    session: Session, campaign_id: str, run_id: int | None, digest: str, encrypted: bool, figures: _Figures
) -> None:
    def record() -> None:
        with audited_transaction(session.store, session.account.login, session.clock) as audit:
            audit.record(
                "report_exported",
                campaign_id,
                run=run_id,
                sha256=digest,
                encrypted=encrypted,
                findings=figures.findings,
                flagged=figures.flagged,
            )

    retrying(session, record)
