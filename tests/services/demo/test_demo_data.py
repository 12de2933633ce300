"""Demo data is a pure function of the seed and the demo's clock. Its ID numbers are made by the project's own
seeded code from the demo's date, never by Faker's date-dependent ``ssn``: valid by python-stdnum without a warning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from stdnum.cn import ric

from desktop.domain.identifiers import check_id_number
from desktop.services.clock import FixedClock
from desktop.services.demo.identities import REGION_CODES, IdNumbers
from desktop.services.demo.store import build_roster, create_demo_store
from desktop.services.session.login import log_in
from desktop.services.session.throttle import LoginThrottle
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.campaigns import list_campaigns
from desktop.store.store import StorePaths
from tests.domain.builders import id_number

#: Far from the machine's date on both sides, a leap day, and the end of a year.
DATES = (dt.date(1995, 6, 30), dt.date(2026, 11, 21), dt.date(2028, 2, 29), dt.date(2040, 12, 31), dt.date(2060, 1, 1))


def age_on(day: dt.date, birth: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@pytest.mark.parametrize("today", DATES, ids=str)
def test_demo_id_numbers_pass_every_check_without_a_warning_and_give_the_ages_asked(today):
    numbers = IdNumbers(seed=1)
    ages = set()
    for _ in range(1000):
        number = numbers.id_number(today, min_age=23, max_age=59)
        assert check_id_number(number, "id_number", today) == [], number
        assert ric.validate(number) == number  # stdnum's own check, including the region code's period
        ages.add(age_on(today, ric.get_birth_date(number)))
    assert ages == set(range(23, 60))


def test_every_region_code_of_the_demo_is_known_to_stdnum_for_every_birth_year():
    for region in REGION_CODES:
        for year in range(1900, 2101):
            assert ric.get_birth_place(id_number(region, f"{year}0101", "001")), (region, year)


def test_the_same_seed_and_date_give_the_same_numbers_and_another_seed_other_numbers():
    def numbers(seed: int) -> list[str]:
        made = IdNumbers(seed=seed)
        return [made.id_number(dt.date(2026, 11, 21), min_age=20, max_age=70) for _ in range(50)]

    assert numbers(5) == numbers(5)
    assert numbers(5) != numbers(6)


@pytest.mark.parametrize("today", [dt.date(1995, 6, 30), dt.date(2060, 1, 1)], ids=str)
def test_the_roster_follows_the_date_it_is_given_not_the_machines(today):
    _units, officers = build_roster(300, 11, today=today)

    for officer in officers:
        assert check_id_number(officer.id_number, "id_number", today) == [], officer
        age = age_on(today, ric.get_birth_date(officer.id_number))
        assert (40 if officer.is_unit_head else 23) <= age <= 59, officer
    assert len({o.id_number for o in officers}) == len(officers)


def test_the_roster_is_a_pure_function_of_the_seed_and_the_date():
    day = dt.date(2026, 11, 21)
    assert build_roster(120, 3, today=day) == build_roster(120, 3, today=day)
    _u, later = build_roster(120, 3, today=day.replace(year=2031))
    _u, now = build_roster(120, 3, today=day)
    # Five years on, the same people (names, units, ranks) are five years older: only the ID numbers differ.
    assert [(o.police_number, o.name, o.unit_code, o.rank_level) for o in later] == [
        (o.police_number, o.name, o.unit_code, o.rank_level) for o in now
    ]


def _demo_content(folder: Path, at: dt.datetime) -> list[tuple[object, ...]]:
    """What a demo store holds, without what is random by design (ids, keys, the store id)."""
    clock = FixedClock(at)
    create_demo_store(StorePaths(folder), officer_count=25, seed=9, clock=clock, password="demo-pass-1357")
    session = log_in(
        StorePaths(folder), "admin", "demo-pass-1357", clock=clock, throttle=LoginThrottle(folder.parent / "t.json")
    )
    try:
        with session.store.transaction() as connection:
            campaigns = sorted(list_campaigns(connection), key=lambda c: c.deadline)
            found: list[tuple[object, ...]] = [(c.name, c.start_date, c.deadline) for c in campaigns]
            for number, campaign in enumerate(campaigns):
                for police_number, record in sorted(repo.latest_in_campaign(connection, campaign.id).items()):
                    content = record.declaration.to_dict()
                    content["campaign_id"] = number
                    found.append((police_number, record.version, record.status, record.updated_at, repr(content)))
    finally:
        session.lock()
    return found


def test_the_demo_store_is_a_pure_function_of_the_seed_and_the_clock(tmp_path):
    at = dt.datetime(2033, 5, 17, 3, 0, tzinfo=dt.UTC)

    first, second = _demo_content(tmp_path / "a" / "store", at), _demo_content(tmp_path / "b" / "store", at)

    assert len(first) > 20
    assert first == second
