"""Full registration and timing: officers without a declaration, an officer declared twice, late signatures."""

from __future__ import annotations

from desktop.i18n import Translator
from desktop.review.model import MissingOfficer, RosterOfficer, Workbook
from tests.review.builders import (
    BUREAU,
    CURRENT,
    HEAD,
    HEAD_KEY,
    OTHER_STATION,
    STATION,
    WORKBOOK,
    declaration,
    fired,
    review,
)


def _missing(number: str, status: str = "not_started") -> MissingOfficer:
    return MissingOfficer(WORKBOOK, number, "李四", STATION, "城关派出所", status)


def test_an_officer_listed_as_missing_by_the_unit_fires_with_the_state():
    result = review(declaration(), missing=(_missing("000102", "returned"),))
    finding = next(f for f in result.findings if f.rule == "missing_declaration")
    assert (finding.police_number, finding.declaration_id, finding.subject) == ("000102", None, "officer:000102")
    assert "returned" in finding.render(Translator("en"))
    assert result.scores["officer:000102"].score == 50


def test_a_missing_officer_who_declared_in_another_workbook_does_not_fire():
    result = review(declaration("000102"), missing=(_missing("000102", "signed"),))
    assert "missing_declaration" not in fired(result, "000102")


def test_a_roster_officer_in_no_workbook_of_a_covered_unit_fires():
    roster = (
        RosterOfficer(HEAD, "所长甲", STATION, True),
        RosterOfficer("000101", "张三", STATION, False),
        RosterOfficer("000103", "王五", STATION, False),
    )
    result = review(declaration("000101"), roster=roster)
    assert {f.police_number for f in result.findings if f.rule == "missing_declaration"} == {HEAD, "000103"}


def test_roster_officers_of_units_no_workbook_speaks_for_do_not_fire():
    roster = (
        RosterOfficer("000101", "张三", STATION, False),
        RosterOfficer("000300", "赵六", OTHER_STATION, False),
        RosterOfficer("000400", "钱七", BUREAU, False),
    )
    result = review(declaration("000101"), roster=roster)
    assert "missing_declaration" not in fired(result)


def test_a_bureau_workbook_covers_the_stations_below_it():
    roster = (RosterOfficer("000101", "张三", STATION, False), RosterOfficer("000300", "赵六", OTHER_STATION, False))
    bureau_book = Workbook(
        WORKBOOK, "unit", BUREAU, "东城区分局", CURRENT.id, HEAD_KEY, "2027-01-05T00:00:00Z", True, ()
    )
    result = review(declaration("000101"), roster=roster, workbooks={WORKBOOK: bureau_book})
    assert {f.police_number for f in result.findings if f.rule == "missing_declaration"} == {"000300"}


def test_the_same_officer_in_two_workbooks_fires_duplicate_for_both_rows():
    first = declaration("000101")
    second = declaration("000101", workbook_id="x" * 64, unit_code=OTHER_STATION)
    result = review(
        first,
        second,
        workbooks={
            WORKBOOK: Workbook(WORKBOOK, "unit", STATION, "", CURRENT.id, HEAD_KEY, "", True, ()),
            "x" * 64: Workbook("x" * 64, "unit", OTHER_STATION, "", CURRENT.id, HEAD_KEY, "", True, ()),
        },
    )
    duplicates = [f for f in result.findings if f.rule == "duplicate_declaration"]
    assert {f.declaration_row for f in duplicates} == {first.row_id, second.row_id}
    assert duplicates[0].params["units"] == f"{STATION}, {OTHER_STATION}"


def test_different_officers_are_no_duplicate():
    assert "duplicate_declaration" not in fired(review(declaration("000101"), declaration("000102")))


def test_signed_after_the_deadline_in_china_time_fires_late():
    # 2027-01-01 00:30 in Beijing is 2026-12-31 16:30 UTC: one day after the deadline 2026-12-31? No: the same
    # instant is 2027-01-01 in China, so it is late.
    result = review(declaration(signed_at="2026-12-31T16:30:00Z"))
    finding = next(f for f in result.findings if f.rule == "late_signature")
    assert finding.params == {"date": "2027-01-01", "deadline": "2026-12-31", "days": 1}


def test_signed_on_the_deadline_day_in_china_time_is_on_time():
    assert "late_signature" not in fired(review(declaration(signed_at="2026-12-31T15:59:59Z")))


def test_the_shown_only_late_column_is_not_trusted():
    """The workbook's 'late' cell is not signed: only the signed time against the deadline counts."""
    assert "late_signature" not in fired(review(declaration(signed_at="2026-12-01T02:00:00Z")))
