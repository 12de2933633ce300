"""The suite's date-sensitive parts with the clock set years ahead: the demo built through the CLI with the clock
in 2031 and on 29 February 2040, every unit's workbook exported, verified and imported by the inspectors (the
demo's review part), campaign deadlines and lateness, and the ages in the ID numbers. Nothing here may depend on
the machine's date: the suite must pass on any day (run it under libfaketime to see)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from stdnum.cn import ric

from desktop.domain.declarations import DeclarationStatus
from desktop.domain.identifiers import check_id_number
from desktop.domain.trades import default_catalog
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.form.validation import validate_declaration
from desktop.review.catalog import RULES
from desktop.services.administration.campaigns import list_campaigns
from desktop.services.clock import FixedClock, campaign_today
from desktop.services.inspection.review import run_review
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.services.session.throttle import LoginThrottle
from desktop.services.workflow import countersigning
from desktop.services.workflow.export import export_unit
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.officers import list_officers
from desktop.store.store import StorePaths
from tests.cli.support import isolated_env, run
from tests.conftest import declare_everything

PASSWORD = "demo-pass-4402"
SEED = 2026
OFFICERS = 40
#: Years ahead of every date written into the tests, one of them on a leap day.
AHEAD = {
    "2031": dt.datetime(2031, 6, 15, 2, 0, tzinfo=dt.UTC),
    "2040-02-29": dt.datetime(2040, 2, 29, 2, 0, tzinfo=dt.UTC),
}
EDITABLE = {DeclarationStatus.DRAFT, DeclarationStatus.RETURNED}


def age_on(day: dt.date, birth: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class Ahead:
    """A demo store made through the CLI with the clock at ``at``, and logins to it at any later time."""

    def __init__(self, folder: Path, at: dt.datetime) -> None:
        self.paths, self.at = StorePaths(folder), at
        self.throttle = LoginThrottle(folder.parent / "throttle.json")
        self.sessions: list[Session] = []

    def login(self, login: str, at: dt.datetime) -> Session:
        session = log_in(self.paths, login, PASSWORD, clock=FixedClock(at), throttle=self.throttle)
        self.sessions.append(session)
        return session

    def campaigns(self):
        return sorted(list_campaigns(self.login("admin", self.at)), key=lambda c: c.deadline)

    def close(self) -> None:
        for session in self.sessions:
            session.lock()


@pytest.fixture(scope="module", params=list(AHEAD), ids=list(AHEAD))
def demo_made(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dt.datetime]:
    at = AHEAD[request.param]
    folder = tmp_path_factory.mktemp(f"ahead-{request.param}") / "store"
    with isolated_env(tmp_path_factory.mktemp("home")), pytest.MonkeyPatch.context() as patch:
        patch.setenv("OFFICER_DECLARE_PASSWORD", PASSWORD)
        made = run(
            ["--lang", "en", "--data-dir", str(folder), "demo", "--officers", str(OFFICERS), "--seed", str(SEED)],
            clock=FixedClock(at),
        )
    assert made.code == 0, made.err
    assert "every review rule fires" in made.out  # the inspectors' part was played
    return folder, at


@pytest.fixture
def ahead(demo_made: tuple[Path, dt.datetime], tmp_path: Path):
    import shutil

    folder, at = demo_made
    world = Ahead(Path(shutil.copytree(folder, tmp_path / "store")), at)
    yield world
    world.close()


def test_the_demo_campaigns_are_this_year_and_last_as_the_clock_says(ahead):
    last, current = ahead.campaigns()
    today = campaign_today(FixedClock(ahead.at))
    assert current.start_date <= today <= current.deadline
    assert str(today.year) in current.name
    assert last.deadline < current.start_date
    assert str(today.year - 1) in last.name
    assert current.days_left(today) == (current.deadline - today).days


def test_every_id_number_in_the_demo_is_valid_on_its_campaign_and_of_a_working_age(ahead):
    today = campaign_today(FixedClock(ahead.at))
    campaigns = ahead.campaigns()
    with ahead.login("jijian01", ahead.at).store.transaction() as connection:
        officers = list_officers(connection)
        contents = [
            record.declaration
            for campaign in campaigns
            for record in repo.latest_in_campaign(connection, campaign.id).values()
        ]
    assert len(officers) == OFFICERS
    for officer in officers:
        assert check_id_number(officer.id_number, "id_number", today) == [], officer
        assert 23 <= age_on(today, ric.get_birth_date(officer.id_number)) <= 59, officer
    holders = [i.holder_id_number for d in contents for i in d.interests if i.holder_id_number]
    assert len(holders) >= 5
    for number in holders:
        assert check_id_number(number, "holder_id_number", today) == [], number
        # 20 to 70 on the day of the declaration's campaign, last year's or this year's
        assert 20 <= age_on(today, ric.get_birth_date(number)) <= 71, number
    catalog = default_catalog()
    warnings = {
        (d.officer.police_number, p.key)
        for d in contents
        for p in validate_declaration(d, catalog, today)
        if p.severity.value == "warning" and p.key not in d.acknowledged_warnings
    }
    assert warnings == set()  # none that the demo did not confirm


def test_every_review_rule_fires_on_the_demo_made_years_ahead(ahead):
    _last, current = ahead.campaigns()
    inspector = ahead.login("jijian01", dt.datetime.combine(current.deadline, dt.time(2), dt.UTC) + dt.timedelta(30))

    findings = run_review(inspector).review.findings

    # This year's demo campaign is on form version 2: the rules that need version 2 data fire too.
    assert {f.rule for f in findings} == {rule.id for rule in RULES}


def test_a_declaration_signed_on_the_deadline_in_beijing_is_on_time_and_the_next_day_late(ahead):
    _last, current = ahead.campaigns()
    with ahead.login("admin", ahead.at).store.transaction() as connection:
        declared = repo.latest_states_in_campaign(connection, current.id)
        roster = list_officers(connection)
    heads = {o.unit_code: o.police_number for o in roster if o.is_unit_head}
    waiting = [
        o
        for o in roster
        if not o.is_unit_head
        and o.unit_code in heads
        and (o.police_number not in declared or declared[o.police_number][1] in EDITABLE)
    ]
    assert len(waiting) >= 2, "the demo leaves some officers with a draft or without a declaration"
    # 23:30 in Beijing on the deadline is 15:30 UTC; 00:30 the next day is 16:30 UTC.
    evening = dt.datetime.combine(current.deadline, dt.time(15, 30), dt.UTC)
    on_time, late = (waiting[0], evening), (waiting[1], evening + dt.timedelta(hours=1))
    for officer, at in (on_time, late):
        declare_everything(ahead.login(officer.police_number, at), PASSWORD)
        head = ahead.login(heads[officer.unit_code], at + dt.timedelta(hours=2))
        countersigning.countersign(head, officer.police_number, "经核对，填报内容属实。", PASSWORD)
    inspector = ahead.login("jijian01", late[1] + dt.timedelta(days=3))
    path = ahead.paths.folder.parent / "all.xlsx"

    export_unit(inspector, path, unit_code="1311", campaign_id=current.id)

    verdict = verify_workbook(read_workbook(path))  # the demo's staged cases fail; these two must not
    valid = {d.police_number: d.valid for d in verdict.declarations}
    assert (valid[on_time[0].police_number], valid[late[0].police_number]) == (True, True)
    sheet = openpyxl.load_workbook(path)["情况登记表"]
    keys = [cell.value for cell in sheet[2]]
    shown = {
        row[keys.index("police_number")]: row[keys.index("late")]
        for row in sheet.iter_rows(min_row=3, values_only=True)
    }
    assert (shown[on_time[0].police_number], shown[late[0].police_number]) == ("否", "是")
    import_workbook(inspector, path)
    flagged = {f.police_number for f in run_review(inspector).review.findings if f.rule == "late_signature"}
    assert late[0].police_number in flagged
    assert on_time[0].police_number not in flagged
