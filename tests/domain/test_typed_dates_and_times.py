"""What a person types as a date, and how a stored time is shown to a person (local time, Chinese form)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from desktop.domain.text import read_typed_date
from desktop.domain.times import person_clock, person_date, person_time

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    "typed",
    [
        "2019-05-01",
        "20190501",
        "2019年5月1日",
        "2019年05月01日",
        "2019.5.1",
        "2019/5/1",
        "2019-5-1",
        " 2019 - 05 - 01 ",
        "２０１９－０５－０１",  # full-width, as a Chinese input method may give it
        "2019年5月1号",
    ],
)
def test_every_usual_way_of_typing_a_date_gives_the_date(typed: str) -> None:
    assert read_typed_date(typed) == dt.date(2019, 5, 1)


@pytest.mark.parametrize("typed", ["", "   "])
def test_nothing_typed_is_no_date(typed: str) -> None:
    assert read_typed_date(typed) is None


@pytest.mark.parametrize(
    "typed", ["2019-02-30", "2019-13-01", "201905011", "05/01/2019", "yesterday", "2019", "19-5-1"]
)
def test_what_is_not_a_date_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        read_typed_date(typed)


def test_a_stored_utc_time_is_shown_in_the_given_zone_in_chinese_form() -> None:
    assert person_time("2026-12-06T01:21:18Z", SHANGHAI) == "2026年12月6日 09:21"
    assert person_time("2026-12-06T01:21:18Z", BERLIN) == "2026年12月6日 02:21"
    assert person_time(dt.datetime(2026, 12, 5, 23, 0, tzinfo=dt.UTC), SHANGHAI) == "2026年12月6日 07:00"


def test_a_time_is_shown_in_english_form_for_english() -> None:
    assert person_time("2026-12-06T01:21:18Z", SHANGHAI, language="en") == "2026-12-06 09:21"


def test_the_clock_time_of_a_save_is_local_with_seconds() -> None:
    assert person_clock(dt.datetime(2026, 12, 6, 1, 13, 24, tzinfo=dt.UTC), SHANGHAI) == "09:13:24"


def test_without_a_zone_the_machines_zone_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert person_time("2026-12-06T01:21:18Z") == "2026年12月6日 09:21"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_date_is_shown_in_chinese_form() -> None:
    assert person_date(dt.date(2026, 12, 21)) == "2026年12月21日"
    assert person_date(dt.date(2026, 12, 21), language="en") == "2026-12-21"


@pytest.mark.parametrize("value", ["", None, "not a time"])
def test_what_is_not_a_time_is_shown_as_it_is(value: str | None) -> None:
    assert person_time(value, SHANGHAI) == (value or "")
