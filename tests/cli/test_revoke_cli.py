"""users disable / users revoke on a demo store: the disabled account cannot log in; after revoke, a copy of the
key file made before no longer opens the database, the others keep their passwords, and a new recovery key is
printed once (issue 12, finding 6)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.support import DEMO_PASSWORD, RECOVERY_KEY, assert_one_clear_line, copy_store, lines, make_demo, run


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory, 8, 7)


@pytest.fixture
def demo_dir(demo_master: Path, tmp_path: Path) -> Path:
    return copy_store(demo_master, tmp_path)


def as_user(store: Path, user: str, *argv: str, password: str = DEMO_PASSWORD):  # type: ignore[no-untyped-def]
    return run(["--lang", "en", "--data-dir", str(store), "--user", user, *argv, "--password-stdin"], lines(password))


def test_users_disable_removes_the_login_and_says_how_to_revoke(demo_dir: Path) -> None:
    result = as_user(demo_dir, "admin", "users", "disable", "jijian02")

    assert result.code == 0, result.err
    assert "users revoke" in result.out
    refused = as_user(demo_dir, "jijian02", "info")
    assert refused.code == 2
    assert "Wrong login name or password" in assert_one_clear_line(refused.err)


def test_users_revoke_ends_old_key_file_copies_and_prints_a_new_recovery_key(demo_dir: Path, tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    kept.mkdir()
    for path in demo_dir.glob("keys*.json"):
        shutil.copy2(path, kept / path.name)

    result = as_user(demo_dir, "admin", "users", "revoke", "jijian02")

    assert result.code == 0, result.err
    assert RECOVERY_KEY.search(result.out)
    assert as_user(demo_dir, "jijian01", "info").code == 0  # the others keep their passwords
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in demo_dir.glob("declarations.db*"):
        shutil.copy2(path, copy / path.name)
    for path in kept.iterdir():
        shutil.copy2(path, copy / path.name)
    old = as_user(copy, "jijian02", "info")
    assert old.code == 2
    assert "Traceback" not in old.err


def test_an_inspector_cannot_disable_or_revoke(demo_dir: Path) -> None:
    for command in (["users", "disable", "jijian02"], ["users", "revoke", "jijian02"]):
        result = as_user(demo_dir, "jijian01", *command)
        assert result.code == 2
        assert_one_clear_line(result.err)
    assert as_user(demo_dir, "jijian02", "info").code == 0
