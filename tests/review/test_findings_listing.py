"""The findings listing is kept with its review run per language: with nothing changed, the next listing reads it
instead of rebuilding and translating every finding (issue 16: ≤ 0.5 s at 50,000 declarations), and it shows exactly
what a listing rendered from the review shows."""

from __future__ import annotations

import json
import zlib

import pytest
from sqlalchemy import select

from desktop.i18n import Translator
from desktop.services.inspection.kept_columns import MAGIC
from desktop.services.inspection.listing import findings_listing
from desktop.services.inspection.listing_kept import text_line
from desktop.services.inspection.review import UnknownRule, run_review, select_findings, set_threshold
from desktop.store import schema
from tests.review.kept_marks import mark_everything_kept

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
    mark_everything_kept(session, MARK)


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


def test_the_kept_lines_and_counts_are_what_the_review_s_listing_prints(encrypted_inspector) -> None:
    """The command prints the kept lines without making a line object; they are the lines of a rendered listing,
    filtered alike, with the same counts."""
    session, translate = encrypted_inspector, Translator("zh_CN")
    first = findings_listing(session, translate)
    kept = findings_listing(session, translate)
    assert (first.stored, kept.stored) == (False, True)
    units = sorted({row.unit_code for row in first.rows})
    for filters in ({}, {"unit": units[-1]}, {"rule": "regulated_trade"}, {"min_score": 40}, {"min_score": 101}):
        expected = [text_line(row) for row in first.select(**filters)]
        assert kept.lines(**filters) == first.lines(**filters) == expected, filters
        assert "".join(kept.printed(**filters)) == "".join(first.printed(**filters)) == "".join(expected), filters
        chosen = first.select(**filters)
        assert kept.tally(**filters) == first.tally(**filters) == (len(chosen), any(not r.cleared for r in chosen))
    assert kept.findings == first.findings == len(first.rows)
    assert kept.lines()[0] == (
        f"{'  ' if first.rows[0].cleared else '! '}{first.rows[0].score:3d}  {first.rows[0].rule:22s}  "
        f"{first.rows[0].police_number} {first.rows[0].name}  {first.rows[0].unit_code}  "
        f"{(first.rows[0].declaration_id or '-')[:12]}  {first.rows[0].reason}\n"
    )


def test_a_listing_kept_as_one_document_by_the_earlier_code_is_kept_again_as_columns(encrypted_inspector) -> None:
    """The code before kept a listing as one JSON document in the same format number: it is not read as columns,
    but rendered again and replaced."""
    session, translate = encrypted_inspector, Translator("zh_CN")
    first = findings_listing(session, translate)
    table = schema.review_listings
    document = zlib.compress(json.dumps({"reason": [MARK]}).encode("utf-8"))
    with session.store.transaction() as connection:
        connection.execute(table.update().where(table.c.language == "zh_CN").values(content=document))
    again = findings_listing(session, translate)
    assert not again.stored
    assert _lines(again.rows) == _lines(first.rows)
    kept = findings_listing(session, translate)
    assert kept.stored
    assert _lines(kept.rows) == _lines(first.rows)
    with session.store.transaction() as connection:
        assert connection.execute(select(table.c.content).where(table.c.language == "zh_CN")).scalar().startswith(MAGIC)
