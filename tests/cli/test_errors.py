"""Refusals: each exits with its code and one clear line on stderr, and leaves every file of the store as it was."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.cli.support import DEMO_PASSWORD, assert_one_clear_line, copy_store, lines, make_demo, run, snapshot


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory, 8, 7)


@pytest.fixture
def demo_dir(demo_master: Path, tmp_path: Path) -> Path:
    """A small demo store (admin, jijian01, jijian02, officers 000001…000008), every password DEMO_PASSWORD."""
    return copy_store(demo_master, tmp_path)


# -- wrong passwords and unknown accounts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["info"], ["users", "list"], ["users", "passwd"], ["users", "add", "x9", "--roles", "inspector"]],
    ids=lambda c: " ".join(c),
)
def test_a_wrong_password_exits_2_with_one_line_and_leaves_every_file_byte_identical(
    demo_dir: Path, command: list[str]
) -> None:
    before = snapshot(demo_dir)

    result = run(
        ["--lang", "en", "--data-dir", str(demo_dir), "--user", "admin", *command, "--password-stdin"],
        lines("not-the-password-1", "Another-pass-2299", "Another-pass-2299"),
    )

    assert result.code == 2
    assert "Wrong login name or password" in assert_one_clear_line(result.err)
    assert result.out == ""
    assert snapshot(demo_dir) == before  # same names (no -wal, -shm, journal left) and same bytes


def test_a_wrong_password_in_the_default_language_exits_2_with_one_line(demo_dir: Path) -> None:
    before = snapshot(demo_dir)

    result = run(["--data-dir", str(demo_dir), "--user", "admin", "info", "--password-stdin"], lines("wrong-pw-31"))

    assert result.code == 2
    assert_one_clear_line(result.err)
    assert snapshot(demo_dir) == before


def test_an_unknown_user_exits_2_with_the_same_line_as_a_wrong_password_and_changes_nothing(demo_dir: Path) -> None:
    before = snapshot(demo_dir)

    unknown = run(
        ["--lang", "en", "--data-dir", str(demo_dir), "--user", "nobody", "info", "--password-stdin"],
        lines(DEMO_PASSWORD),
    )
    wrong = run(
        ["--lang", "en", "--data-dir", str(demo_dir), "--user", "admin", "info", "--password-stdin"],
        lines("wrong-pw-31"),
    )

    assert unknown.code == 2
    assert assert_one_clear_line(unknown.err) == assert_one_clear_line(wrong.err)  # tells nothing about logins
    assert snapshot(demo_dir) == before


def test_after_three_wrong_passwords_the_account_must_wait_even_with_the_right_one(demo_dir: Path) -> None:
    argv = ["--lang", "en", "--data-dir", str(demo_dir), "--user", "jijian01", "info", "--password-stdin"]
    for _ in range(3):
        assert run(argv, lines("wrong-pw-31")).code == 2
    before = snapshot(demo_dir)

    result = run(argv, lines(DEMO_PASSWORD))

    assert result.code == 2
    assert "Wait" in assert_one_clear_line(result.err)
    assert snapshot(demo_dir) == before


def test_another_state_folder_does_not_reset_the_wait(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, the count lived in XDG_STATE_HOME: a fresh one gave three more free attempts (issue 12, finding 11)."""
    argv = ["--lang", "en", "--data-dir", str(demo_dir), "--user", "jijian01", "info", "--password-stdin"]
    for _ in range(3):
        assert run(argv, lines("wrong-pw-31")).code == 2
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "another-state"))

    result = run(argv, lines(DEMO_PASSWORD))

    assert result.code == 2
    assert "Wait" in assert_one_clear_line(result.err)


def test_the_right_password_after_two_wrong_ones_still_logs_in(demo_dir: Path) -> None:
    argv = ["--lang", "en", "--data-dir", str(demo_dir), "--user", "jijian01", "info", "--password-stdin"]
    for _ in range(2):
        assert run(argv, lines("wrong-pw-31")).code == 2

    assert run(argv, lines(DEMO_PASSWORD)).code == 0


# -- missing passwords ----------------------------------------------------------------------------------------------


def test_password_stdin_with_no_line_for_the_acting_password_exits_2(demo_dir: Path) -> None:
    before = snapshot(demo_dir)

    result = run(["--lang", "en", "--data-dir", str(demo_dir), "--user", "admin", "--password-stdin", "info"], "")

    assert result.code == 2
    assert "--password-stdin" in assert_one_clear_line(result.err)
    assert snapshot(demo_dir) == before


def test_password_stdin_without_a_line_for_the_new_password_exits_2_and_adds_no_account(demo_dir: Path) -> None:
    result = run(
        [
            "--lang",
            "en",
            "--data-dir",
            str(demo_dir),
            "--user",
            "admin",
            "--password-stdin",
            "users",
            "add",
            "newbie",
            "--roles",
            "inspector",
        ],
        lines(DEMO_PASSWORD),
    )

    assert result.code == 2
    assert "--password-stdin" in assert_one_clear_line(result.err)
    listing = run(
        ["--data-dir", str(demo_dir), "--user", "admin", "--password-stdin", "users", "list", "--json"],
        lines(DEMO_PASSWORD),
    )
    assert "newbie" not in {row["name"] for row in listing.json()}


def test_init_with_an_empty_stdin_exits_2_and_creates_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "new"

    result = run(
        [
            "--lang",
            "en",
            "--data-dir",
            str(data_dir),
            "--password-stdin",
            "init",
            "--unit-code",
            "220402",
            "--unit-name",
            "龙山区分局",
            "--admin",
            "admin",
        ],
        "",
    )

    assert result.code == 2
    assert_one_clear_line(result.err)
    assert not data_dir.exists()


def test_no_password_and_no_terminal_exits_2_with_a_hint(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class NotATerminal:
        def isatty(self) -> bool:
            return False

    monkeypatch.setattr(sys, "stdin", NotATerminal())
    before = snapshot(demo_dir)

    result = run(["--lang", "en", "--data-dir", str(demo_dir), "--user", "admin", "info"])

    assert result.code == 2
    line = assert_one_clear_line(result.err)
    assert "--password-stdin" in line
    assert "OFFICER_DECLARE_PASSWORD" in line
    assert snapshot(demo_dir) == before


def test_the_password_in_the_environment_is_used_when_stdin_is_not_asked(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", DEMO_PASSWORD)

    result = run(["--data-dir", str(demo_dir), "--user", "jijian02", "info", "--json"])

    assert result.code == 0, result.err
    assert result.json()["counts"]["officers"] == 8


# -- folders --------------------------------------------------------------------------------------------------------


def test_info_on_an_empty_folder_exits_2_with_one_line_and_creates_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()

    result = run(["--lang", "en", "--data-dir", str(empty), "info"])

    assert result.code == 2
    assert "no store" in assert_one_clear_line(result.err).lower()
    assert list(empty.iterdir()) == []


def test_a_login_on_a_folder_that_does_not_exist_exits_2_and_does_not_create_it(tmp_path: Path) -> None:
    missing = tmp_path / "missing"

    result = run(
        ["--lang", "en", "--data-dir", str(missing), "--user", "admin", "--password-stdin", "users", "list"],
        lines(DEMO_PASSWORD),
    )

    assert result.code == 2
    assert_one_clear_line(result.err)
    assert not missing.exists()


@pytest.mark.parametrize(
    "command",
    [
        ["init", "--unit-code", "220402", "--unit-name", "龙山区分局", "--admin", "admin"],
        ["demo", "--officers", "3"],
        ["start", "--demo"],
        ["info"],
        ["--user", "admin", "users", "list"],
        ["recover", "admin"],
    ],
    ids=lambda c: " ".join(c),
)
def test_a_data_dir_that_is_a_regular_file_is_refused_with_one_clear_line(
    tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", DEMO_PASSWORD)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")

    result = run(
        ["--lang", "en", "--data-dir", str(a_file), "--password-stdin", *command],
        lines(DEMO_PASSWORD, "ABCDEF-ABCDEF", DEMO_PASSWORD),
    )

    assert result.code == 2
    line = assert_one_clear_line(result.err)
    assert str(a_file) in line
    assert "not a folder" in line
    assert a_file.read_text(encoding="utf-8") == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_data_dir_inside_a_regular_file_is_refused_with_one_clear_line(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")

    result = run(
        [
            "--lang",
            "en",
            "--data-dir",
            str(a_file / "store"),
            "--password-stdin",
            "init",
            "--unit-code",
            "220402",
            "--unit-name",
            "龙山区分局",
            "--admin",
            "admin",
        ],
        lines("Adm1n-pass-7731"),
    )

    assert result.code == 2
    assert str(a_file) in assert_one_clear_line(result.err)


def test_the_data_dir_comes_from_officer_declare_home_when_not_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "from-env"
    monkeypatch.setenv("OFFICER_DECLARE_HOME", str(home))
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", DEMO_PASSWORD)

    assert run(["demo", "--officers", "2"]).code == 0

    assert (home / "keys.json").exists()
    assert (home / "declarations.db").exists()
    assert run(["--lang", "en", "info", "--json"]).json()["folder"] == str(home)


# -- roles ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["users", "add", "x9", "--roles", "inspector"],
        ["users", "list"],
        ["users", "list", "--json"],
        ["users", "passwd", "000002"],
    ],
    ids=lambda c: " ".join(c),
)
def test_an_inspector_is_refused_account_administration_with_exit_2(demo_dir: Path, command: list[str]) -> None:
    before = snapshot(demo_dir)

    # Only the inspector's own password on stdin: the refusal must come before any new password is asked.
    result = run(
        ["--lang", "en", "--data-dir", str(demo_dir), "--user", "jijian01", "--password-stdin", *command],
        lines(DEMO_PASSWORD),
    )

    assert result.code == 2
    line = assert_one_clear_line(result.err)
    assert "administrator" in line
    assert "jijian01" in line
    assert result.out == ""
    assert snapshot(demo_dir) == before


def test_an_officer_is_refused_users_add_with_exit_2(demo_dir: Path) -> None:
    result = run(
        [
            "--lang",
            "en",
            "--data-dir",
            str(demo_dir),
            "--user",
            "000002",
            "--password-stdin",
            "users",
            "add",
            "x9",
            "--roles",
            "admin",
        ],
        lines(DEMO_PASSWORD, "Some-pass-4821"),
    )

    assert result.code == 2
    assert "administrator" in assert_one_clear_line(result.err)


# -- bad arguments ----------------------------------------------------------------------------------------------


def test_unknown_roles_exit_2_before_any_password_is_asked(demo_dir: Path) -> None:
    result = run(
        [
            "--lang",
            "en",
            "--data-dir",
            str(demo_dir),
            "--user",
            "admin",
            "--password-stdin",
            "users",
            "add",
            "x9",
            "--roles",
            "officer,chief",
        ],
        "",
    )

    assert result.code == 2
    assert "--roles" in assert_one_clear_line(result.err)


def test_an_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["frobnicate"]).code == 2
    assert "Traceback" not in capsys.readouterr().err
