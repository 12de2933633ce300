"""`init` with the real key-derivation cost, then accounts: add, list, passwd, reset, recover.

One real store is made per module (each Argon2 run at the real cost takes ≈ 0.3 s) and copied for every test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.crypto.kdf import MIN_MEMORY_KIB, MIN_TIME_COST
from tests.cli.support import (
    ADMIN_PASSWORD,
    INSPECTOR_PASSWORD,
    RECOVERY_KEY,
    Result,
    assert_one_clear_line,
    copy_store,
    isolated_env,
    lines,
    run,
    snapshot,
)

UNIT_CODE = "220402"
UNIT_NAME = "辽源市公安局龙山区分局"
NEW_PASSWORD = "Fresh-pass-6618"


@dataclass(frozen=True)
class RealStore:
    folder: Path
    init: Result

    @property
    def recovery_key(self) -> str:
        found = RECOVERY_KEY.search(self.init.out)
        assert found, self.init.out
        return found.group(1)


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealStore]:
    folder = tmp_path_factory.mktemp("real") / "store"
    home = tmp_path_factory.mktemp("real-home")
    with isolated_env(home):
        result = run(
            [
                "--lang",
                "en",
                "--data-dir",
                str(folder),
                "--password-stdin",
                "init",
                "--unit-code",
                UNIT_CODE,
                "--unit-name",
                UNIT_NAME,
                "--admin",
                "admin",
            ],
            lines(ADMIN_PASSWORD),
        )
    assert result.code == 0, result.err
    return RealStore(folder, result)


@pytest.fixture
def store(real_store: RealStore, tmp_path: Path) -> Path:
    """A private copy of the real store for one test."""
    return copy_store(real_store.folder, tmp_path)


def cli(store: Path, *argv: str, stdin: str = "") -> Result:
    return run(["--lang", "en", "--data-dir", str(store), "--password-stdin", *argv], stdin)


def users(store: Path, password: str = ADMIN_PASSWORD) -> dict[str, dict[str, object]]:
    result = cli(store, "--user", "admin", "users", "list", "--json", stdin=lines(password))
    assert result.code == 0, result.err
    return {row["name"]: row for row in result.json()}


def logs_in(store: Path, login: str, password: str) -> int:
    return cli(store, "--user", login, "info", stdin=lines(password)).code


# -- init ----------------------------------------------------------------------------------------------------------


def test_init_exits_0_and_prints_a_recovery_key_of_eight_groups_of_six(real_store: RealStore) -> None:
    assert real_store.init.code == 0
    key = real_store.recovery_key
    assert len(key.split("-")) == 8
    assert all(len(group) == 6 for group in key.split("-"))
    assert str(real_store.folder) in real_store.init.out
    assert real_store.init.err == ""


def test_init_makes_a_real_store_with_a_production_strength_cost(real_store: RealStore) -> None:
    key_file = json.loads((real_store.folder / "keys.json").read_text(encoding="utf-8"))
    accounts = json.loads((real_store.folder / key_file["accounts_file"]).read_text(encoding="utf-8"))

    assert key_file["demo"] is False
    kdf = accounts["accounts"]["admin"]["kdf"]
    assert kdf["algorithm"] == "argon2id"
    assert kdf["memory_kib"] >= MIN_MEMORY_KIB
    assert kdf["time_cost"] >= MIN_TIME_COST


def test_the_recovery_key_is_in_no_file_of_the_store(real_store: RealStore) -> None:
    key = real_store.recovery_key
    for path in real_store.folder.rglob("*"):
        data = path.read_bytes()
        for form in (key, key.replace("-", ""), key.lower()):
            assert form.encode() not in data, path
            assert form.encode("utf-16-le") not in data, path


def test_info_after_init_shows_the_unit_and_the_admin(store: Path) -> None:
    result = cli(store, "--user", "admin", "info", "--json", stdin=lines(ADMIN_PASSWORD))

    assert result.code == 0, result.err
    info = result.json()
    assert info["demo"] is False
    assert info["counts"]["units"] == 1
    assert info["counts"]["accounts"] == 1


def test_init_into_a_folder_with_a_store_exits_2_and_leaves_every_file_byte_identical(store: Path) -> None:
    before = snapshot(store)

    result = cli(
        store,
        "init",
        "--unit-code",
        "999",
        "--unit-name",
        "别的单位",
        "--admin",
        "boss",
        stdin=lines("Other-pass-3390"),
    )

    assert result.code == 2
    assert "already" in assert_one_clear_line(result.err)
    assert snapshot(store) == before


def init_args(folder: Path) -> list[str]:
    """``init`` of a new store in ``folder``, in English, with no password on the command line."""
    return [
        "--lang",
        "en",
        "--data-dir",
        str(folder),
        "init",
        "--unit-code",
        UNIT_CODE,
        "--unit-name",
        UNIT_NAME,
        "--admin",
        "admin",
    ]


@pytest.mark.parametrize(
    "env",
    [
        {"OFFICER_DECLARE_PASSWORD": ADMIN_PASSWORD},
        {"OFFICER_DECLARE_NEW_PASSWORD": ADMIN_PASSWORD},
        {"OFFICER_DECLARE_PASSWORD": ADMIN_PASSWORD, "OFFICER_DECLARE_NEW_PASSWORD": NEW_PASSWORD},
    ],
    ids=["password", "new-password", "both: the acting account's password counts"],
)
def test_init_takes_the_password_given_as_the_new_administrators_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    result = run(init_args(tmp_path / "store"))

    assert result.code == 0, result.err
    assert logs_in(tmp_path / "store", "admin", ADMIN_PASSWORD) == 0


def test_init_without_any_password_and_no_terminal_names_officer_declare_password(tmp_path: Path) -> None:
    result = run(init_args(tmp_path / "store"))

    assert result.code == 2
    line = assert_one_clear_line(result.err)
    assert "--password-stdin" in line
    assert "OFFICER_DECLARE_PASSWORD" in line
    assert not (tmp_path / "store").exists()


def test_users_add_without_a_new_password_names_officer_declare_new_password(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", ADMIN_PASSWORD)  # the administrator's: given; the new one is not

    result = run(
        ["--lang", "en", "--data-dir", str(store), "--user", "admin", "users", "add", "jj02", "--roles", "inspector"]
    )

    assert result.code == 2
    assert "OFFICER_DECLARE_NEW_PASSWORD" in assert_one_clear_line(result.err)
    assert "jj02" not in users(store)


# -- users add / list ------------------------------------------------------------------------------------------------


def test_admin_adds_an_inspector_who_then_appears_in_users_list_json_with_role_and_unit(store: Path) -> None:
    added = cli(
        store,
        "--user",
        "admin",
        "users",
        "add",
        "jj01",
        "--roles",
        "inspector",
        "--unit",
        UNIT_CODE,
        stdin=lines(ADMIN_PASSWORD, INSPECTOR_PASSWORD),
    )
    assert added.code == 0, added.err
    assert "jj01" in added.out

    listed = users(store)

    assert set(listed) == {"admin", "jj01"}
    assert listed["jj01"]["roles"] == ["inspector"]
    assert listed["jj01"]["unit"] == UNIT_CODE
    assert listed["admin"]["roles"] == ["admin"]
    assert listed["admin"]["unit"] == UNIT_CODE
    assert listed["jj01"]["fingerprint"] != listed["admin"]["fingerprint"]
    assert logs_in(store, "jj01", INSPECTOR_PASSWORD) == 0


def test_users_add_an_officer_with_a_police_number_not_on_the_roster_exits_2_and_adds_nothing(store: Path) -> None:
    result = cli(
        store,
        "--user",
        "admin",
        "users",
        "add",
        "p123456",
        "--roles",
        "officer",
        "--officer",
        "123456",
        stdin=lines(ADMIN_PASSWORD, "Officer-pass-7720"),
    )

    assert result.code == 2
    assert "123456" in assert_one_clear_line(result.err)
    assert set(users(store)) == {"admin"}


def test_users_add_with_an_unknown_unit_exits_2(store: Path) -> None:
    result = cli(
        store,
        "--user",
        "admin",
        "users",
        "add",
        "jj02",
        "--roles",
        "inspector",
        "--unit",
        "000000",
        stdin=lines(ADMIN_PASSWORD, INSPECTOR_PASSWORD),
    )

    assert result.code == 2
    assert "000000" in assert_one_clear_line(result.err)


def test_users_add_with_a_common_new_password_exits_1_and_adds_nothing(store: Path) -> None:
    result = cli(
        store,
        "--user",
        "admin",
        "users",
        "add",
        "jj03",
        "--roles",
        "inspector",
        stdin=lines(ADMIN_PASSWORD, "password123"),
    )

    assert result.code == 1
    assert "Traceback" not in result.err
    assert "common" in result.err
    assert set(users(store)) == {"admin"}


# -- passwd ----------------------------------------------------------------------------------------------------------


def test_own_passwd_reads_current_then_new_and_afterwards_only_the_new_password_works(store: Path) -> None:
    fingerprint = users(store)["admin"]["fingerprint"]

    changed = cli(store, "--user", "admin", "users", "passwd", stdin=lines(ADMIN_PASSWORD, NEW_PASSWORD))
    assert changed.code == 0, changed.err

    before = snapshot(store)
    old = cli(store, "--user", "admin", "info", stdin=lines(ADMIN_PASSWORD))
    assert old.code == 2
    assert "Wrong" in assert_one_clear_line(old.err)
    assert snapshot(store) == before
    assert users(store, NEW_PASSWORD)["admin"]["fingerprint"] == fingerprint  # the signing key stays


def test_admin_resets_another_account_whose_fingerprint_changes_and_new_password_works(store: Path) -> None:
    assert (
        cli(
            store,
            "--user",
            "admin",
            "users",
            "add",
            "jj01",
            "--roles",
            "inspector",
            stdin=lines(ADMIN_PASSWORD, INSPECTOR_PASSWORD),
        ).code
        == 0
    )
    fingerprint = users(store)["jj01"]["fingerprint"]

    reset = cli(store, "--user", "admin", "users", "passwd", "jj01", stdin=lines(ADMIN_PASSWORD, NEW_PASSWORD))

    assert reset.code == 0, reset.err
    new_fingerprint = users(store)["jj01"]["fingerprint"]
    assert new_fingerprint != fingerprint
    assert str(new_fingerprint) in reset.out
    assert logs_in(store, "jj01", INSPECTOR_PASSWORD) == 2
    assert logs_in(store, "jj01", NEW_PASSWORD) == 0


# -- recover ---------------------------------------------------------------------------------------------------------


def test_recover_with_the_recovery_key_from_init_sets_a_new_password(store: Path, real_store: RealStore) -> None:
    result = cli(store, "recover", "admin", stdin=lines(real_store.recovery_key, NEW_PASSWORD))

    assert result.code == 0, result.err
    assert "admin" in result.out
    assert logs_in(store, "admin", ADMIN_PASSWORD) == 2
    assert logs_in(store, "admin", NEW_PASSWORD) == 0


def test_recover_accepts_the_key_in_lower_case_without_dashes(store: Path, real_store: RealStore) -> None:
    typed = real_store.recovery_key.replace("-", " ").lower()

    assert cli(store, "recover", "admin", stdin=lines(typed, NEW_PASSWORD)).code == 0


@pytest.mark.parametrize(
    "wrong",
    ["AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA", "not a key", ""],
    ids=["well-formed", "garbage", "empty"],
)
def test_recover_with_a_wrong_key_exits_2_and_changes_nothing(store: Path, wrong: str) -> None:
    before = snapshot(store)

    result = cli(store, "recover", "admin", stdin=lines(wrong, NEW_PASSWORD))

    assert result.code == 2
    assert_one_clear_line(result.err)
    assert result.out == ""
    assert snapshot(store) == before


def test_recover_for_an_unknown_account_exits_2_and_changes_nothing(store: Path, real_store: RealStore) -> None:
    before = snapshot(store)

    result = cli(store, "recover", "ghost", stdin=lines(real_store.recovery_key, NEW_PASSWORD))

    assert result.code == 2
    assert "ghost" in assert_one_clear_line(result.err)
    assert snapshot(store) == before
