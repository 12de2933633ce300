"""``officer-declare receive`` and the officer's key: a known key, a first (new) key, and a changed key refused with
exit code 1 and one loud line, then taken in with --new-key and a warning. On real stores and real workbooks: the
officer's computer is a copy of the demo store (see tests/services/workflow/test_receive.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.services.clock import FixedClock
from desktop.services.workflow.export import export_own
from tests.cli.support import assert_one_clear_line, run
from tests.conftest import DEMO_STORE_PASSWORD, DemoWorld, declare_everything
from tests.services.workflow.test_receive import (
    HEAD,
    NEWCOMER,
    OFFICER,
    account_fingerprints,
    add_newcomer,
    received_entries,
    sign_with_a_new_key,
    store_state,
)


@pytest.fixture
def cli(demo_world: DemoWorld, monkeypatch: pytest.MonkeyPatch):
    """``cli(*argv, lang="en")``: the unit head runs the CLI in-process on the head's store (the demo store copy)."""
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", DEMO_STORE_PASSWORD)
    monkeypatch.delenv("OFFICER_DECLARE_FILE_PASSWORD", raising=False)

    def call(*argv: str, lang: str | None = "en"):
        prefix = (["--lang", lang] if lang else []) + ["--data-dir", str(demo_world.paths.folder), "--user", HEAD]
        return run([*prefix, "receive", *argv], clock=FixedClock(demo_world.clock.current))

    return call


@pytest.fixture
def officer_computer(demo_world: DemoWorld, tmp_path: Path) -> DemoWorld:
    copy = DemoWorld(
        Path(shutil.copytree(demo_world.paths.folder, tmp_path / "officer-computer")),
        tmp_path / "officer-throttle.json",
    )
    copy.clock = demo_world.clock
    yield copy
    copy.close()


def test_a_known_key_is_named_in_the_success_line(cli, officer_computer, tmp_path):
    officer = officer_computer.login(OFFICER)
    declare_everything(officer, DEMO_STORE_PASSWORD)
    path = export_own(officer, tmp_path / "own.xlsx").path

    result = cli(str(path))

    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"Received the declaration of {OFFICER} (version 1), signed with the key {officer.signing_key.fingerprint}: "
        "a key this store already knows for the officer."
    ]


def test_a_first_key_is_new_and_the_head_is_told_to_compare_it(cli, demo_world, officer_computer, tmp_path):
    add_newcomer(demo_world, officer_computer)
    newcomer = officer_computer.login(NEWCOMER)
    declare_everything(newcomer, DEMO_STORE_PASSWORD)
    path = export_own(newcomer, tmp_path / "own.xlsx").path

    result = cli(str(path))

    assert result.code == 0, result.err
    [line] = result.out.splitlines()
    assert line.startswith(
        f"Received the declaration of {NEWCOMER} (version 1), signed with the key "
        f"{newcomer.signing_key.fingerprint}: a NEW key, the first this store has for the officer."
    )
    assert "Compare the fingerprint with the officer in person or by phone" in line


def test_a_changed_key_is_refused_then_accepted_with_new_key(cli, demo_world, officer_computer, tmp_path):
    path, new_key = sign_with_a_new_key(officer_computer, tmp_path)
    [known] = account_fingerprints(demo_world, OFFICER)
    before = store_state(demo_world)

    refused = cli(str(path))

    assert refused.code == 1
    assert refused.out == ""
    line = assert_one_clear_line(refused.err)
    assert line.startswith("WARNING: the declaration of ")
    for needed in (new_key, known, "NOT a key this store knows", "nothing was received", "in person", "--new-key"):
        assert needed in line
    assert store_state(demo_world) == before

    accepted = cli(str(path), "--new-key")

    assert accepted.code == 0, accepted.err
    success, warning = accepted.out.splitlines()
    assert success == (
        f"Received the declaration of {OFFICER} (version 1), signed with the key {new_key}: "
        "a CHANGED key, accepted with --new-key."
    )
    assert warning.startswith("WARNING: this store knew other keys for ")
    assert f"({OFFICER}): {known}." in warning
    assert new_key in warning
    [entry] = received_entries(demo_world)
    assert (entry.details["key"], entry.details["fingerprint"], entry.details["known_keys"]) == (
        "changed",
        new_key,
        [known],
    )


def test_the_lines_are_in_chinese_by_default(cli, demo_world, officer_computer, tmp_path):
    path, new_key = sign_with_a_new_key(officer_computer, tmp_path)
    [known] = account_fingerprints(demo_world, OFFICER)

    refused = cli(str(path), lang=None)

    assert refused.code == 1
    line = assert_one_clear_line(refused.err)
    assert line.startswith("警告：")
    for needed in (new_key, known, "未予接收", "当面", "--new-key"):
        assert needed in line

    accepted = cli(str(path), "--new-key", lang=None)

    assert accepted.code == 0, accepted.err
    success, warning = accepted.out.splitlines()
    assert success.startswith(f"已接收民警 {OFFICER} 的登记表（第 1 版），签名密钥指纹为 {new_key}：")
    assert "已变更" in success
    assert warning.startswith("警告：")
    assert known in warning
