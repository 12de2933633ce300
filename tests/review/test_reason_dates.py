"""The days in a finding's reason are written as the reader's language writes a date ('2027年1月1日'), as the
window, the printout and the command line write them, not in ISO 8601 ('2027-01-01'); a listing kept with its run
in the old wording is rendered again (decision 119). The stored finding keeps ISO text, the same in every language."""

from __future__ import annotations

import json
import re
import time
import zlib

import openpyxl
import pytest
from sqlalchemy import select

from desktop.i18n import Translator
from desktop.review.findings import Finding
from desktop.review.report_workbook import build_report
from desktop.services.inspection.kept_columns import KeptColumns
from desktop.services.inspection.listing import FORMAT, findings_listing
from desktop.store import schema
from tests.review.builders import declaration, review

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
CHINESE_DAY = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
OLD = "Signed on 2026-12-01, after the deadline 2026-11-30 (1 days late)."


@pytest.fixture
def late():
    """Signed at 2026-12-31 16:30 UTC: 2027-01-01 00:30 in China, a day after the deadline 2026-12-31."""
    result = review(declaration(signed_at="2026-12-31T16:30:00Z"))
    return result, next(f for f in result.findings if f.rule == "late_signature")


@pytest.fixture
def far_zone(monkeypatch):
    """The machine in another zone than China's: the day the rule judged by (China's) is still the day shown."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_late_reason_says_the_days_in_chinese_form(late, far_zone) -> None:
    _result, finding = late
    assert finding.params == {"date": "2027-01-01", "deadline": "2026-12-31", "days": 1}  # stored as ISO text
    assert finding.render(Translator("zh_CN")) == "于2027年1月1日签字，晚于截止日期2026年12月31日（逾期1天）。"
    assert finding.render(Translator("en")) == "Signed on 2027-01-01, after the deadline 2026-12-31 (1 days late)."


def test_a_register_birth_date_in_a_note_is_shown_as_a_date_and_free_text_as_it_is() -> None:
    def note(birth: str) -> str:
        template = (
            "{source} row {row}: {person} ({relation}) is {role} of {enterprise} ({status}); born {birth}; matched "
            "by name and birth date only (needs checking)."
        )
        fields = {"source": "工商", "row": 3, "person": "张三", "relation": "配偶", "role": "股东",
                  "enterprise": "某酒店", "status": "存续", "birth": birth}  # fmt: skip
        finding = Finding("r", "row:1", 1, None, "000101", "李四", "220402", 10, "{count}", {"count": 1},
                          ((template, fields),))  # fmt: skip
        return finding.render(Translator("zh_CN"))

    assert "1970年3月5日" in note("1970-03-05")
    assert "1970年3月" in note("1970年3月")  # not an ISO day: as the register gave it
    assert not ISO_DAY.search(note("1970-03-05"))


def test_the_report_workbook_shows_the_same_words(late, tmp_path) -> None:
    result, finding = late
    data = build_report(
        result, [], [], generated_at="2027-01-20T09:00:00Z", generated_by="jijian01", translate=Translator("zh_CN")
    )
    (tmp_path / "r.xlsx").write_bytes(data)
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    reasons = [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    book.close()
    assert finding.render(Translator("zh_CN")) in reasons


def _late_reasons(listing) -> list[str]:
    return [row.reason for row in listing.rows if row.rule == "late_signature"]


def _kept_as_an_older_version_did(session, language: str) -> None:
    """The kept listing put back as the version before kept it: format 1, its reasons with ISO days."""
    table = schema.review_listings
    with session.store.transaction() as connection:
        run_id, packed = connection.execute(
            select(table.c.run_id, table.c.content).where(table.c.language == language)
        ).one()
        kept = KeptColumns(packed)  # as this version keeps it; put back in the layout of the version before
        content = {name: kept.column(name) for name in kept.names if name != "line_ends"} | kept.scalars
        content["reason"] = [OLD if rule == "late_signature" else text
                             for rule, text in zip(content["rule"], content["reason"], strict=True)]  # fmt: skip
        packed = zlib.compress(json.dumps(content, ensure_ascii=False).encode("utf-8"))
        connection.execute(
            table.update()
            .where(table.c.run_id == run_id, table.c.language == language)
            .values(format=1, content=packed)
        )


def test_a_listing_kept_in_the_old_wording_is_rendered_again_and_replaced(encrypted_inspector) -> None:
    """On the encrypted store (a server keeps no listing: it reads the run's rows, decision 133; its reasons are
    tests/review/test_stored_listing.py's)."""
    inspector = encrypted_inspector
    translate = Translator("zh_CN")
    first = findings_listing(inspector, translate)
    assert _late_reasons(first)
    assert all(CHINESE_DAY.search(r) and not ISO_DAY.search(r) for r in _late_reasons(first))
    _kept_as_an_older_version_did(inspector, "zh_CN")

    again = findings_listing(inspector, translate)
    assert not again.stored
    assert OLD not in _late_reasons(again)
    assert _late_reasons(again) == _late_reasons(first)
    kept = findings_listing(inspector, translate)  # the new wording was kept in place of the old
    assert kept.stored
    assert _late_reasons(kept) == _late_reasons(first)
    with inspector.store.transaction() as connection:
        formats = connection.execute(select(schema.review_listings.c.format)).scalars().all()
    assert set(formats) == {FORMAT}
