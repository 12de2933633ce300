"""The findings listing is kept with its review run per language: with nothing changed, the next listing reads it
instead of rebuilding and translating every finding (issue 16: ≤ 0.5 s at 50,000 declarations), and it shows exactly
what a listing rendered from the review shows."""

from __future__ import annotations

import json
import zlib

import pytest
from sqlalchemy import select

from desktop.i18n import Translator
from desktop.services.inspection.listing import findings_listing
from desktop.services.inspection.review import UnknownRule, run_review, select_findings, set_threshold
from desktop.store import schema

MARK = "KEPT-LISTING"


def _fresh(session, translate: Translator, **filters):
    review = run_review(session).review
    scores = review.scores
    return [
        (f.rule, f.police_number, f.name, f.unit_code, scores[f.subject].score, f.render(translate))
        for f in select_findings(review, **filters)
    ]


def _lines(rows):
    return [(r.rule, r.police_number, r.name, r.unit_code, r.score, r.reason) for r in rows]


def _mark_the_kept_listings(session) -> None:
    table = schema.review_listings
    with session.store.transaction() as connection:
        for run_id, language, packed in connection.execute(
            select(table.c.run_id, table.c.language, table.c.content)
        ).all():
            content = json.loads(zlib.decompress(packed))
            content["reason"] = [MARK] * len(content["reason"])
            packed = zlib.compress(json.dumps(content, ensure_ascii=False).encode("utf-8"))
            connection.execute(
                table.update().where(table.c.run_id == run_id, table.c.language == language).values(content=packed)
            )


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_kept_listing_shows_exactly_what_the_review_renders(encrypted_inspector, language: str) -> None:
    session, translate = encrypted_inspector, Translator(language)
    first = findings_listing(session, translate)
    kept = findings_listing(session, translate)
    assert (first.stored, kept.stored) == (False, True)
    assert kept.run_id == first.run_id is not None
    expected = _fresh(session, translate)
    assert len(expected) > 20
    assert _lines(first.rows) == _lines(kept.rows) == expected
    assert (kept.declarations, kept.flagged, kept.cleared) == (first.declarations, first.flagged, first.cleared)
    assert any(not r.cleared for r in kept.rows)
    assert any(r.cleared for r in kept.rows)
    units = sorted({line[3] for line in expected})
    assert len(units) > 1
    for filters in (
        {"unit": units[-1]},
        {"rule": "regulated_trade"},
        {"min_score": 40},
        {"unit": units[-1], "min_score": 30},
    ):
        chosen = _lines(kept.select(**filters))
        assert chosen == _fresh(session, translate, **filters), filters
        assert 0 < len(chosen) < len(expected), filters  # a filter that keeps or drops all would prove little


def test_a_kept_listing_answers_only_while_nothing_changed(encrypted_inspector) -> None:
    session, translate = encrypted_inspector, Translator("zh_CN")
    findings_listing(session, translate)
    _mark_the_kept_listings(session)
    assert {r.reason for r in findings_listing(session, translate).rows} == {MARK}
    # Another language is rendered from the run, not taken from the kept Chinese listing.
    assert MARK not in {r.reason for r in findings_listing(session, Translator("en")).rows}
    set_threshold(session, 45)
    changed = findings_listing(session, translate)
    assert not changed.stored
    assert MARK not in {r.reason for r in changed.rows}
    assert changed.threshold == 45


def test_an_unknown_rule_is_refused_by_the_kept_listing_too(encrypted_inspector) -> None:
    session, translate = encrypted_inspector, Translator("zh_CN")
    findings_listing(session, translate)
    with pytest.raises(UnknownRule):
        findings_listing(session, translate).select(rule="no_such_rule")
