"""On a database server the report is made from the stored run, a range of officers at a time, and streamed into
the file (decision 132): every sheet of it is byte for byte the sheet the report of the review in memory has, on
the demo's campaign (registers, conclusions, leads) and on 400 generated officers of many units with hostile
values, whatever the size of the ranges."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import msoffcrypto
import pytest
from sqlalchemy import select

from bench.province_data import fill_province
from desktop.i18n import Translator
from desktop.review.engine import DetachedReview, review_campaign
from desktop.review.loading import load_campaigns
from desktop.review.report_workbook import build_report, leads_by_unit, write_report_book
from desktop.services.clock import FixedClock, timestamp
from desktop.services.inspection import report, review_reuse
from desktop.services.inspection.conclusions import conclude, conclusions, list_leads
from desktop.services.inspection.listing import FindingsListing, findings_listing
from desktop.services.inspection.report_stored import stored_content
from desktop.services.inspection.review import run_review
from desktop.services.inspection.review_store import server_session
from desktop.store import schema

ZONE = dt.timezone(dt.timedelta(hours=8))
CLOCK = FixedClock(dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC))


def _sheets(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {n: package.read(n) for n in package.namelist() if n.startswith("xl/") and n.endswith(".xml")}


def _in_memory_report(session, threshold: int) -> bytes:
    with session.store.transaction() as connection:
        review = review_campaign(connection, threshold=threshold)
        concluded = conclusions(connection, review.campaign.id)
        leads = list_leads(connection, review.campaign.id)
    return build_report(
        review,
        concluded,
        leads,
        generated_at=timestamp(session.clock),
        generated_by=session.account.login,
        translate=Translator("zh_CN"),
        zone=ZONE,
    )


def _ranged_report(session, run_id: int, chunk: int) -> bytes:
    target = io.BytesIO()
    with session.store.transaction() as connection:
        runs = schema.review_runs
        campaign_id, threshold = connection.execute(
            select(runs.c.campaign_id, runs.c.threshold).where(runs.c.id == run_id)
        ).one()
        concluded = conclusions(connection, campaign_id)
        leads = list_leads(connection, campaign_id)
        content = stored_content(connection, run_id, campaign_id, threshold, leads_by_unit(leads), chunk=chunk)
        write_report_book(
            target,
            content,
            concluded,
            leads,
            generated_at=timestamp(session.clock),
            generated_by=session.account.login,
            translate=Translator("zh_CN"),
            zone=ZONE,
        )
    return target.getvalue()


def _assert_same_sheets(made: bytes, expected: bytes) -> None:
    made_sheets, expected_sheets = _sheets(made), _sheets(expected)
    assert sorted(made_sheets) == sorted(expected_sheets)
    for name, xml in expected_sheets.items():
        assert made_sheets[name] == xml, name


def test_the_report_on_a_server_equals_the_report_of_the_review_in_memory(
    server_inspector, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    session = server_inspector
    run = run_review(session)
    finding = next(f for f in run.review.findings if f.declaration_id)
    conclude(session, finding.declaration_id, kind="lead", note="移交线索")
    expected = _in_memory_report(session, run.review.threshold)
    monkeypatch.setattr(report, "build_report", None)  # not the report of a review in memory
    monkeypatch.setattr(DetachedReview, "data", property(pytest.fail))  # nor any of the campaign's data at once
    summary = report.write_report(session, tmp_path / "report.xlsx", zone=ZONE)
    made = (tmp_path / "report.xlsx").read_bytes()
    _assert_same_sheets(made, expected)
    assert (summary.findings, summary.conclusions, summary.leads) == (len(run.review.findings), 1, 1)
    assert "未导入登记信息".encode() not in _sheets(made)["xl/worksheets/sheet8.xml"]  # registers were matched
    for chunk in (1, 7):
        _assert_same_sheets(_ranged_report(session, run.run_id, chunk), expected)


@pytest.fixture
def province_inspector(postgres_schema_url: str):
    session = server_session(postgres_schema_url, None, CLOCK)
    fill_province(session.store.engine, 400, seed=11, hostile=True)
    yield session
    session.lock()


@pytest.mark.parametrize("chunk", [13, 100_000])
def test_a_generated_province_s_report_from_ranges_equals_the_one_in_memory(province_inspector, chunk):
    session = province_inspector
    run = run_review(session)
    assert run.recorded
    expected = _in_memory_report(session, run.review.threshold)
    _assert_same_sheets(_ranged_report(session, run.run_id, chunk), expected)
    assert _sheets(expected)["xl/worksheets/sheet4.xml"].count(b"<row ") > 100  # the findings
    units = _sheets(expected)["xl/worksheets/sheet2.xml"].count(b"<row ")
    assert units >= 4  # a heading and several units, which the ranges cut across


def _as_earlier_code_kept_it(session, run_id: int) -> None:
    """The run put back as a06ae54's code recorded it: its findings one document, no rows."""
    with session.store.transaction() as connection:
        stored = review_reuse.load_findings(connection, run_id, *_campaign_and_threshold(connection, run_id), None)
        assert stored is not None
        connection.execute(schema.review_run_findings.delete().where(schema.review_run_findings.c.run_id == run_id))
        connection.execute(schema.review_findings.delete().where(schema.review_findings.c.run_id == run_id))
        review_reuse.save_document(connection, run_id, stored)


def _campaign_and_threshold(connection, run_id: int):
    runs = schema.review_runs
    campaign_id, threshold = connection.execute(
        select(runs.c.campaign_id, runs.c.threshold).where(runs.c.id == run_id)
    ).one()
    return next(c for c in load_campaigns(connection).values() if c.id == campaign_id), threshold


def test_a_run_kept_as_one_document_is_reported_and_listed_on_a_server_as_before(server_inspector, tmp_path: Path):
    session = server_inspector
    run = run_review(session)
    expected = _in_memory_report(session, run.review.threshold)
    _as_earlier_code_kept_it(session, run.run_id)
    report.write_report(session, tmp_path / "report.xlsx", zone=ZONE)
    _assert_same_sheets((tmp_path / "report.xlsx").read_bytes(), expected)
    listing = findings_listing(session, Translator("en"))
    assert isinstance(listing, FindingsListing)
    assert (listing.run_id, len(listing.rows)) == (run.run_id, len(run.review.findings))


def test_an_encrypted_report_on_a_server_opens_with_its_password(server_inspector, tmp_path: Path):
    session = server_inspector
    run = run_review(session)
    expected = _in_memory_report(session, run.review.threshold)
    summary = report.write_report(session, tmp_path / "report.xlsx", password="报告-pass-1", zone=ZONE)
    assert summary.encrypted
    with (tmp_path / "report.xlsx").open("rb") as source:
        office = msoffcrypto.OfficeFile(source)
        assert office.is_encrypted()
        office.load_key(password="报告-pass-1")
        plain = io.BytesIO()
        office.decrypt(plain)
    _assert_same_sheets(plain.getvalue(), expected)
