"""On a database server the findings listing reads the stored run's rows as it is iterated (decision 133): the same
lines in the same order as the listing of the review in memory, with every filter, the reasons in the reader's
language; without loading the run's outcome or any declaration, and nothing kept beside the run."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from desktop.i18n import Translator
from desktop.review.engine import DetachedReview, review_campaign
from desktop.services.inspection import review_reuse
from desktop.services.inspection.listing import ListedFinding, findings_listing
from desktop.services.inspection.listing_stored import StoredListing
from desktop.services.inspection.review import run_review, select_findings
from desktop.store import schema

CHINESE_DAY = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _expected(session, threshold: int, translate: Translator, **filters) -> list[ListedFinding]:
    with session.store.transaction() as connection:
        review = review_campaign(connection, threshold=threshold)
    scores = review.scores
    return [
        ListedFinding(
            f.rule,
            f.subject,
            f.declaration_row,
            f.declaration_id,
            f.police_number,
            f.name,
            f.unit_code,
            f.weight,
            scores[f.subject].score,
            scores[f.subject].cleared,
            f.render(translate),
        )
        for f in select_findings(review, **filters)
    ]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_listing_on_a_server_reads_the_run_s_rows_in_the_listing_s_order(
    server_inspector, language: str, monkeypatch: pytest.MonkeyPatch
):
    session, translate = server_inspector, Translator(language)
    first = run_review(session)
    monkeypatch.setattr(review_reuse, "load_findings", None)  # the run's outcome is never loaded whole
    monkeypatch.setattr(DetachedReview, "data", property(pytest.fail))  # nor the declarations
    listing = findings_listing(session, translate)
    assert isinstance(listing, StoredListing)
    assert (listing.run_id, listing.findings) == (first.run_id, len(first.review.findings))
    assert listing.declarations == first.review.declaration_count
    unit = next(iter(sorted({f.unit_code for f in first.review.findings})))[:4]
    for filters in (
        {},
        {"rule": "key_untrusted"},
        {"unit": unit},
        {"min_score": 60},
        {"unit": unit, "rule": "late_signature"},
    ):
        expected = _expected(session, first.review.threshold, translate, **filters)
        assert list(listing.select(**filters)) == expected, filters
        assert listing.tally(**filters) == (len(expected), any(not line.cleared for line in expected))
    with session.store.transaction() as connection:
        kept = connection.execute(select(func.count()).select_from(schema.review_listings)).scalar_one()
    assert kept == 0


def test_the_listing_on_a_server_shows_days_as_the_reader_s_language_writes_them(server_inspector):
    listing = findings_listing(server_inspector, Translator("zh_CN"))
    late = [line.reason for line in listing.select(rule="late_signature")]
    assert late
    assert all(CHINESE_DAY.search(reason) and not ISO_DAY.search(reason) for reason in late)
