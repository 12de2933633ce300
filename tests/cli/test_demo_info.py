"""`demo` then `info`: a 200-officer demo store is reported right, and no file in its folder holds a name or an ID
number in any encoding a leak could take."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop.services.clock import FixedClock
from desktop.services.demo.store import build_roster
from desktop.services.session.login import log_in
from desktop.services.session.throttle import LoginThrottle
from desktop.store.repositories.officers import save_officers
from desktop.store.store import StorePaths
from tests.cli.support import (
    DEMO_DAY,
    DEMO_PASSWORD,
    assert_one_clear_line,
    copy_store,
    encode,
    find_plaintext,
    lines,
    make_demo,
    run,
    snapshot,
)

SEED = 4711
OFFICERS = 200

# A 2-character name in UTF-16 or GB18030 is only 4 bytes, and 4 bytes turn up by chance: keys.json is ~100 KB of
# base64, where 李浩 in UTF-16-LE is "Ngim". With this seed's 375 such needles, simulated random stores give a mean of
# 0.2 chance hits (never more than 2 in 200 runs; 5 or more has a probability of ~3e-6), while a leak of the roster
# would show 125 or more. Needles of 6 bytes or more (every ID number, every name in UTF-8 or as a JSON escape, every
# longer name) must never be found.
SHORT_NEEDLE = 6
CHANCE_HITS_TOLERATED = 4


def _secrets(seed: int, count: int) -> list[str]:
    _units, officers = build_roster(count, seed, today=DEMO_DAY)
    assert len(officers) == count
    return [o.name for o in officers] + [o.id_number for o in officers]


def _assert_no_leak(hits: list[tuple[str, str, str]]) -> None:
    long_hits = [h for h in hits if len(encode(h[1], h[2])) >= SHORT_NEEDLE]
    short_hits = [h for h in hits if len(encode(h[1], h[2])) < SHORT_NEEDLE]
    assert long_hits == []
    assert len(short_hits) <= CHANCE_HITS_TOLERATED, short_hits


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory, OFFICERS, SEED)


@pytest.fixture
def demo_dir(demo_master: Path, tmp_path: Path) -> Path:
    """A copy of the 200-officer demo store, every password DEMO_PASSWORD."""
    return copy_store(demo_master, tmp_path)


def test_demo_of_200_officers_then_info_as_admin_reports_200_officers(demo_dir: Path) -> None:
    result = run(
        ["--lang", "en", "--data-dir", str(demo_dir), "--user", "admin", "info", "--json", "--password-stdin"],
        lines(DEMO_PASSWORD),
    )

    assert result.code == 0, result.err
    info = result.json()
    assert info["demo"] is True
    assert info["counts"]["officers"] == OFFICERS
    assert info["counts"]["units"] == 13
    assert info["counts"]["accounts"] == OFFICERS + 3  # admin, two inspectors, every officer


def test_info_in_text_form_says_demo_and_counts_200_officers(demo_dir: Path) -> None:
    result = run(
        ["--lang", "en", "--data-dir", str(demo_dir), "--user", "admin", "--password-stdin", "info"],
        lines(DEMO_PASSWORD),
    )

    assert result.code == 0, result.err
    assert "DEMO" in result.out
    assert re.search(r"officers: 200\b", result.out), result.out


def test_info_in_the_default_language_exits_0(demo_dir: Path) -> None:
    result = run(["--data-dir", str(demo_dir), "--user", "admin", "--password-stdin", "info"], lines(DEMO_PASSWORD))

    assert result.code == 0, result.err
    assert str(demo_dir) in result.out


def test_info_without_a_login_describes_the_store_but_no_counts(demo_dir: Path) -> None:
    result = run(["--lang", "en", "--data-dir", str(demo_dir), "info", "--json"])

    assert result.code == 0, result.err
    info = result.json()
    assert info["counts"] is None
    assert info["account_slots"] == OFFICERS + 3


def test_no_file_of_the_demo_store_holds_a_name_or_id_number_in_any_encoding(demo_dir: Path) -> None:
    assert (
        run(["--data-dir", str(demo_dir), "--user", "admin", "--password-stdin", "info"], lines(DEMO_PASSWORD)).code
        == 0
    )
    assert (demo_dir / "declarations.db").stat().st_size > 50_000  # the roster is really in there

    _assert_no_leak(find_plaintext(demo_dir, _secrets(SEED, OFFICERS)))


def test_the_plaintext_search_finds_a_name_and_an_id_number_written_in_plain_files(tmp_path: Path) -> None:
    """The search above can fail: it finds what a leak would look like, in every encoding, in nested folders."""
    _units, officers = build_roster(OFFICERS, SEED, today=DEMO_DAY)
    name, id_number = officers[17].name, officers[42].id_number
    elsewhere = tmp_path / "elsewhere" / "nested"
    elsewhere.mkdir(parents=True)
    (elsewhere / "a.txt").write_bytes(b"header " + name.encode("gb18030") + b" trailer")
    (elsewhere / "b.log").write_bytes(id_number.encode("utf-16-be"))
    (tmp_path / "elsewhere" / "c.db-wal").write_bytes(b"\x00" * 100 + name.encode("utf-16-le"))
    (tmp_path / "elsewhere" / "keys.json").write_text(json.dumps({"who": officers[3].name}), encoding="utf-8")

    hits = find_plaintext(tmp_path / "elsewhere", _secrets(SEED, OFFICERS))

    assert ("nested/a.txt", name, "gb18030") in hits
    assert ("nested/b.log", id_number, "utf-16-be") in hits
    assert ("c.db-wal", name, "utf-16-le") in hits
    assert ("keys.json", officers[3].name, "json") in hits
    with pytest.raises(AssertionError):
        _assert_no_leak(hits)


def test_while_a_session_writes_the_wal_and_shm_hold_no_plaintext_either(
    demo_dir: Path, tmp_path: Path, clock: FixedClock
) -> None:
    _units, officers = build_roster(OFFICERS, SEED, today=DEMO_DAY)
    session = log_in(
        StorePaths(demo_dir), "admin", DEMO_PASSWORD, clock=clock, throttle=LoginThrottle(tmp_path / "throttle.json")
    )
    try:
        with session.store.transaction() as connection:
            save_officers(connection, officers)  # rewrites every roster row: pages with names go to the WAL
        wal = demo_dir / "declarations.db-wal"
        assert wal.exists()
        assert wal.stat().st_size > 0
        assert (demo_dir / "declarations.db-shm").exists()
        hits = find_plaintext(demo_dir, _secrets(SEED, OFFICERS))
    finally:
        session.lock()

    _assert_no_leak(hits)


def test_demo_without_a_password_in_the_environment_prints_a_generated_one_that_logs_in(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    made = run(["--lang", "en", "--data-dir", str(data_dir), "demo", "--officers", "5"])
    assert made.code == 0, made.err
    found = re.search(r"password: (\S+)", made.out)
    assert found, made.out

    info = run(
        ["--data-dir", str(data_dir), "--user", "jijian01", "--password-stdin", "info", "--json"], lines(found.group(1))
    )

    assert info.code == 0, info.err
    assert info.json()["counts"]["officers"] == 5


def test_demo_into_a_folder_with_a_store_exits_2_and_changes_nothing(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(demo_dir)
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", DEMO_PASSWORD)

    result = run(["--lang", "en", "--data-dir", str(demo_dir), "demo", "--officers", "3"])

    assert result.code == 2
    assert "already" in assert_one_clear_line(result.err)
    assert snapshot(demo_dir) == before


def test_info_shows_the_page_size_of_the_database_16_kb_for_a_new_store(demo_dir: Path) -> None:
    text = run(["--lang", "en", "--data-dir", str(demo_dir), "info"])
    chinese = run(["--lang", "zh_CN", "--data-dir", str(demo_dir), "info"])
    as_json = run(["--lang", "en", "--data-dir", str(demo_dir), "info", "--json"])

    assert (text.code, chinese.code, as_json.code) == (0, 0, 0), text.err + chinese.err + as_json.err
    assert "Database page size: 16384 bytes." in text.out
    assert "数据库页大小：16384 字节。" in chinese.out
    assert as_json.json()["page_size"] == 16384


def test_info_shows_4_kb_pages_for_a_store_whose_key_file_predates_format_4(tmp_path: Path) -> None:
    made_before = Path(__file__).parents[1] / "fixtures" / "made_by_a06ae54" / "store"  # key file format 3
    folder = copy_store(made_before, tmp_path)

    text = run(["--lang", "en", "--data-dir", str(folder), "info"])
    as_json = run(["--lang", "en", "--data-dir", str(folder), "info", "--json"])

    assert (text.code, as_json.code) == (0, 0), text.err + as_json.err
    assert "Key file format 3;" in text.out
    assert "Database page size: 4096 bytes." in text.out
    assert (as_json.json()["key_file_version"], as_json.json()["page_size"]) == (3, 4096)
