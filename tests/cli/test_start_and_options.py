"""`start --demo`, where the global options may stand, passwords from the environment, and init's password policy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.support import DEMO_PASSWORD, assert_one_clear_line, copy_store, lines, make_demo, run, snapshot


def store_id(folder: Path) -> str:
    return json.loads((folder / "keys.json").read_text(encoding="utf-8"))["store_id"]


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory, 6, 3)


@pytest.fixture
def demo_dir(demo_master: Path, tmp_path: Path) -> Path:
    """A small demo store (admin, jijian01, jijian02, officers 000001…000006), every password DEMO_PASSWORD."""
    return copy_store(demo_master, tmp_path)


# -- start --demo ------------------------------------------------------------------------------------------------


def test_start_demo_on_an_empty_folder_creates_a_demo_store_and_a_second_run_keeps_it(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()

    first = run(["--lang", "en", "--data-dir", str(folder), "start", "--demo"])

    assert first.code == 0, first.err
    assert "DEMO" in first.out
    assert json.loads((folder / "keys.json").read_text(encoding="utf-8"))["demo"] is True
    assert (folder / "declarations.db").exists()
    first_id, before = store_id(folder), snapshot(folder)
    password = re.search(r"password: (\S+)", first.out)
    assert password, first.out

    again = run(["--lang", "en", "--data-dir", str(folder), "start", "--demo"])

    assert again.code == 0, again.err
    assert "Created" not in again.out
    assert store_id(folder) == first_id
    assert snapshot(folder) == before
    info = run(
        ["--data-dir", str(folder), "--user", "admin", "--password-stdin", "info", "--json"], lines(password.group(1))
    )
    assert info.json()["counts"]["officers"] == 60


def test_start_without_demo_on_an_empty_folder_exits_2_and_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "none"

    result = run(["--lang", "en", "--data-dir", str(folder), "start"])

    assert result.code == 2
    assert not folder.exists()


def test_start_on_a_real_store_does_not_touch_it(demo_dir: Path) -> None:
    before = snapshot(demo_dir)

    assert run(["--data-dir", str(demo_dir), "start", "--demo"]).code == 0
    assert snapshot(demo_dir) == before


# -- where options stand -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--data-dir", "{dir}", "--user", "admin", "--password-stdin", "users", "list", "--json"],
        ["users", "list", "--json", "--data-dir", "{dir}", "--user", "admin", "--password-stdin"],
        ["--data-dir", "{dir}", "users", "list", "--password-stdin", "--user", "admin", "--json"],
        ["--password-stdin", "users", "list", "--json", "--data-dir", "{dir}", "--user", "admin"],
        ["--lang", "en", "users", "list", "--data-dir={dir}", "--user=admin", "--password-stdin", "--json"],
    ],
    ids=["all-before", "all-after", "mixed", "stdin-before-rest-after", "equals-forms"],
)
def test_global_options_work_before_and_after_the_command_name(demo_dir: Path, argv: list[str]) -> None:
    result = run([a.replace("{dir}", str(demo_dir)) for a in argv], lines(DEMO_PASSWORD))

    assert result.code == 0, result.err
    assert {"admin", "jijian01", "jijian02"} <= {row["name"] for row in result.json()}


def test_an_option_after_the_command_overrides_the_same_option_before_it(demo_dir: Path, tmp_path: Path) -> None:
    result = run(
        [
            "--data-dir",
            str(tmp_path / "elsewhere"),
            "--user",
            "nobody",
            "info",
            "--json",
            "--data-dir",
            str(demo_dir),
            "--user",
            "admin",
            "--password-stdin",
        ],
        lines(DEMO_PASSWORD),
    )

    assert result.code == 0, result.err
    assert result.json()["folder"] == str(demo_dir)


def test_lang_en_after_the_command_gives_english_errors(tmp_path: Path) -> None:
    result = run(["info", "--data-dir", str(tmp_path), "--lang", "en"])

    assert result.code == 2
    assert "There is no store" in assert_one_clear_line(result.err)


# -- passwords from the environment ----------------------------------------------------------------------------------


def test_own_passwd_takes_current_and_new_passwords_from_the_environment(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setenv("OFFICER_DECLARE_NEW_PASSWORD", "Env-new-pass-5521")

    assert run(["--data-dir", str(demo_dir), "--user", "jijian01", "users", "passwd"]).code == 0

    monkeypatch.delenv("OFFICER_DECLARE_NEW_PASSWORD")
    argv = ["--data-dir", str(demo_dir), "--user", "jijian01", "--password-stdin", "info"]
    assert run(argv, lines("Env-new-pass-5521")).code == 0
    assert run(argv, lines(DEMO_PASSWORD)).code == 2


def test_an_officer_changes_their_own_password_with_password_stdin(demo_dir: Path) -> None:
    result = run(
        ["--lang", "en", "--data-dir", str(demo_dir), "--user", "000002", "users", "passwd", "--password-stdin"],
        lines(DEMO_PASSWORD, "Officer-new-4410"),
    )

    assert result.code == 0, result.err
    assert (
        run(
            ["--data-dir", str(demo_dir), "--user", "000002", "--password-stdin", "info"], lines("Officer-new-4410")
        ).code
        == 0
    )


def test_own_passwd_with_a_wrong_current_password_exits_2_and_changes_nothing(demo_dir: Path) -> None:
    before = snapshot(demo_dir)

    result = run(
        ["--data-dir", str(demo_dir), "--user", "jijian01", "users", "passwd", "--password-stdin"],
        lines("wrong-pw-31", "Officer-new-4410"),
    )

    assert result.code == 2
    assert snapshot(demo_dir) == before


def test_a_second_account_for_an_officer_who_already_has_one_is_refused(demo_dir: Path) -> None:
    before = snapshot(demo_dir)

    added = run(
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
            "p000003",
            "--roles",
            "officer",
            "--officer",
            "000003",
        ],
        lines(DEMO_PASSWORD, "Officer-pass-3318"),
    )

    assert added.code == 2
    assert "000003" in assert_one_clear_line(added.err)
    listed = run(
        ["--data-dir", str(demo_dir), "--user", "admin", "--password-stdin", "users", "list", "--json"],
        lines(DEMO_PASSWORD),
    )
    assert "p000003" not in {r["name"] for r in listed.json()}
    assert snapshot(demo_dir).keys() == before.keys()


# -- init's password policy ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("admin", "password"),
    [("admin", "short1"), ("admin", "password123"), ("admin", "12345678"), ("chief-01", "chief-01")],
    ids=["too-short", "common", "digits", "same-as-login"],
)
def test_init_with_a_weak_password_exits_1_with_a_clear_message_and_creates_no_files(
    tmp_path: Path, admin: str, password: str
) -> None:
    folder = tmp_path / "new"

    result = run(
        [
            "--lang",
            "en",
            "--data-dir",
            str(folder),
            "--password-stdin",
            "init",
            "--unit-code",
            "220402",
            "--unit-name",
            "龙山区分局",
            "--admin",
            admin,
        ],
        lines(password),
    )

    assert result.code == 1
    assert "Traceback" not in result.err
    assert "password" in result.err.lower()
    assert result.out == ""
    assert not folder.exists()


def test_init_with_a_weak_password_in_an_existing_empty_folder_leaves_it_empty(tmp_path: Path) -> None:
    result = run(
        [
            "--data-dir",
            str(tmp_path),
            "--password-stdin",
            "init",
            "--unit-code",
            "220402",
            "--unit-name",
            "龙山区分局",
            "--admin",
            "admin",
        ],
        lines("short1"),
    )

    assert result.code == 1
    assert list(tmp_path.iterdir()) == []


def test_init_with_a_chinese_name_as_admin_login_exits_2_and_creates_no_files(tmp_path: Path) -> None:
    folder = tmp_path / "new"

    result = run(
        [
            "--lang",
            "en",
            "--data-dir",
            str(folder),
            "--password-stdin",
            "init",
            "--unit-code",
            "220402",
            "--unit-name",
            "龙山区分局",
            "--admin",
            "张三",
        ],
        lines("Adm1n-pass-7731"),
    )

    assert result.code == 2
    assert_one_clear_line(result.err)
    assert not folder.exists() or list(folder.iterdir()) == []


# -- listings and the acting account -----------------------------------------------------------------------------


def test_users_list_in_text_form_shows_one_line_per_account(demo_dir: Path) -> None:
    result = run(
        ["--lang", "en", "--data-dir", str(demo_dir), "--user", "admin", "--password-stdin", "users", "list"],
        lines(DEMO_PASSWORD),
    )

    assert result.code == 0, result.err
    logins = [line.split()[0] for line in result.out.splitlines() if line.strip()]
    assert {"admin", "jijian01", "jijian02", "000001"} <= set(logins)
    assert len(logins) == 6 + 3


def test_the_acting_account_may_come_from_officer_declare_user(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFICER_DECLARE_USER", "admin")

    result = run(["--data-dir", str(demo_dir), "--password-stdin", "users", "list", "--json"], lines(DEMO_PASSWORD))

    assert result.code == 0, result.err


def test_without_user_on_a_store_of_many_accounts_a_command_that_logs_in_exits_2(demo_dir: Path) -> None:
    result = run(
        ["--lang", "en", "--data-dir", str(demo_dir), "--password-stdin", "users", "list"], lines(DEMO_PASSWORD)
    )

    assert result.code == 2
    assert "--user" in assert_one_clear_line(result.err)


@pytest.mark.parametrize("count", ["0", "-5"])
def test_demo_with_no_officers_exits_2_and_creates_nothing(tmp_path: Path, count: str) -> None:
    folder = tmp_path / "new"

    result = run(["--lang", "en", "--data-dir", str(folder), "demo", "--officers", count])

    assert result.code == 2
    assert "--officers" in assert_one_clear_line(result.err)
    assert not folder.exists()


@pytest.mark.parametrize(("code", "name"), [("", "龙山区分局"), ("220402", " ")], ids=["blank-code", "blank-name"])
def test_init_with_a_blank_unit_code_or_name_exits_2_and_creates_no_files(tmp_path: Path, code: str, name: str) -> None:
    folder = tmp_path / "new"

    result = run(
        [
            "--lang",
            "en",
            "--data-dir",
            str(folder),
            "--password-stdin",
            "init",
            "--unit-code",
            code,
            "--unit-name",
            name,
            "--admin",
            "admin",
        ],
        lines("Adm1n-pass-7731"),
    )

    assert result.code == 2
    assert not folder.exists()
