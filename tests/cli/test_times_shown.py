"""Times a person reads in the CLI's text output are local (the machine's zone, pinned here with TZ) and in the form
the window uses: '2026年11月21日 17:30' in Chinese, '2026-11-21 17:30' in English. Machine output (--json) keeps the
stored ISO 8601 UTC. The demo store and every command run on the fixed clock 2026-11-21 09:30 UTC: 17:30 in Shanghai,
04:30 in New York."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.domain.times import person_date, person_time
from desktop.services.clock import FixedClock
from tests.cli.support import (
    DEMO_PASSWORD,
    DEMO_TIME,
    Result,
    assert_one_clear_line,
    copy_store,
    lines,
    make_demo,
    run,
)

ISO_TIME = "T09:30:00Z"


@pytest.fixture
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The machine's zone is the parameter (Asia/Shanghai unless a test says otherwise)."""
    name = getattr(request, "param", "Asia/Shanghai")
    monkeypatch.setenv("TZ", name)
    time.tzset()
    yield name
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory, 40, 2026)  # 40 officers: enough for the inspectors' part (findings, leads)


@pytest.fixture
def store(demo_master: Path, tmp_path: Path) -> Path:
    return copy_store(demo_master, tmp_path)


def cli(store: Path, language: str, user: str | None, *command: str) -> Result:
    who = ["--user", user, "--password-stdin"] if user else []
    return run(
        ["--lang", language, "--data-dir", str(store), *command, *who],
        lines(DEMO_PASSWORD),
        clock=FixedClock(DEMO_TIME),
    )


def test_info_shows_when_the_store_was_made_in_local_time_and_chinese_form(store: Path, zone: str) -> None:
    result = cli(store, "zh_CN", None, "info")
    assert result.code == 0, result.err
    assert "2026年11月21日 17:30" in result.out
    assert ISO_TIME not in result.out


def test_info_in_english_shows_the_same_local_time_in_the_window_s_english_form(store: Path, zone: str) -> None:
    result = cli(store, "en", None, "info")
    assert result.code == 0, result.err
    assert "created 2026-11-21 17:30" in result.out


@pytest.mark.parametrize("zone", ["America/New_York"], indirect=True)
def test_the_time_follows_the_machine_s_zone(store: Path, zone: str) -> None:
    assert "2026年11月21日 04:30" in cli(store, "zh_CN", None, "info").out


def test_info_json_keeps_the_stored_utc_time(store: Path, zone: str) -> None:
    result = cli(store, "zh_CN", None, "info", "--json")
    assert result.json()["created_at"] == "2026-11-21" + ISO_TIME


def test_campaign_list_and_status_show_dates_in_chinese_form(store: Path, zone: str) -> None:
    listed = cli(store, "zh_CN", "admin", "campaign", "list")
    assert listed.code == 0, listed.err
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 → \d{4}年\d{1,2}月\d{1,2}日", listed.out), listed.out
    status = cli(store, "zh_CN", "admin", "status")
    assert status.code == 0, status.err
    deadline = dt.date.fromisoformat(cli(store, "en", "admin", "status", "--json").json()["deadline"])
    assert person_date(deadline, "zh_CN") in status.out
    assert deadline.isoformat() not in status.out
    assert deadline.isoformat() in cli(store, "en", "admin", "status").out  # English: the window's form


def test_history_shows_its_audit_times_local_and_in_chinese_form(store: Path, zone: str) -> None:
    accounts = cli(store, "en", "admin", "users", "list", "--json").json()
    head = next(a["name"] for a in accounts if "unit_head" in a["roles"])
    queue = cli(store, "en", head, "queue", "--json").json()
    declaration = next(item["declaration"] for item in queue if item["declaration"])
    result = cli(store, "zh_CN", head, "history", declaration)
    assert result.code == 0, result.err
    audit_lines = [line for line in result.out.splitlines() if line.startswith("    ")]
    assert audit_lines
    assert all(re.match(r"    2026年11月2?\d日 \d\d:\d\d ", line) for line in audit_lines), audit_lines
    assert not re.search(r"T\d\d:\d\d:\d\dZ", result.out)
    assert "创建草稿" in result.out  # what happened, in words: not the audit log's code (draft_created)
    assert "draft_created" not in result.out


def test_leads_list_shows_the_lead_s_time_local_while_its_json_keeps_utc(store: Path, zone: str) -> None:
    findings = cli(store, "en", "jijian01", "findings", "--json").json()["findings"]
    finding = next(f for f in findings if f["declaration"])
    concluded = cli(store, "en", "jijian01", "conclude", finding["declaration"][:10], "--as", "lead", "--note", "移交")
    assert concluded.code == 0, concluded.err
    text = cli(store, "zh_CN", "jijian01", "leads", "list")
    assert "2026年11月21日 17:30" in text.out
    assert ISO_TIME not in text.out
    english = cli(store, "en", "jijian01", "leads", "list")
    assert person_time(DEMO_TIME, language="en") in english.out
    assert cli(store, "en", "jijian01", "leads", "list", "--json").json()[0]["updated_at"] == "2026-11-21" + ISO_TIME


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh_CN", "截止日期 2026年11月1日 早于开始日期 2026年11月20日。"),
        ("en", "The deadline 2026-11-01 is before the start 2026-11-20."),
    ],
)
def test_a_date_in_an_error_is_in_the_reader_s_form(store: Path, language: str, said: str) -> None:
    dates = ["--deadline", "2026-11-01", "--start", "2026-11-20"]
    result = cli(store, language, "admin", "campaign", "create", "--name", "X", *dates)
    assert result.code == 2
    assert assert_one_clear_line(result.err) == said


@pytest.mark.parametrize(("language", "shown"), [("zh_CN", "2026年11月21日 17:30"), ("en", "2026-11-21 17:30")])
def test_every_command_shows_a_time_as_the_window_does(language: str, shown: str) -> None:
    """The one formatter (desktop.domain.times) in the language of the output, in the zone the context is given."""
    import argparse
    import io

    from desktop.commands.context import CommandContext, PasswordSource
    from desktop.i18n import Translator

    translate = Translator(language)
    ctx = CommandContext(
        args=argparse.Namespace(),
        translate=translate,
        passwords=PasswordSource(False, io.StringIO(), translate),
        out=io.StringIO(),
        err=io.StringIO(),
        zone=dt.timezone(dt.timedelta(hours=8)),
    )
    assert ctx.time("2026-11-21T09:30:00Z") == shown == person_time(DEMO_TIME, ctx.zone, language)
    assert ctx.date(dt.date(2026, 12, 1)) == person_date(dt.date(2026, 12, 1), language)
    assert ctx.date(None) == "-"


def test_registers_list_shows_when_each_register_was_imported_local_and_in_chinese_form(store: Path, zone: str) -> None:
    result = cli(store, "zh_CN", "jijian01", "registers", "list")
    assert result.code == 0, result.err
    rows = result.out.splitlines()
    assert rows
    assert all(re.search(r"  \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d 由 ", row) for row in rows), rows
    assert not re.search(r"T\d\d:\d\d:\d\dZ", result.out)
