"""Logging in after a key rotation (``users revoke``) was stopped between two of its steps tells whoever logged in
what the opening did about it, and the audit log keeps it (issue: the opening finished or undid the rotation
silently, so its new recovery key was lost without anyone knowing). Decision 118.

The rotation is stopped by a fault injected through its progress hook, as in test_rotation_interrupted.py: a real
store, real keys, a real rekey."""

from __future__ import annotations

import pytest

from desktop.services.administration.revocation import revoke_and_rotate
from desktop.services.session.interrupted_rotation import rotation_notice
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.store import audit
from desktop.store.keyfile import KeyFile
from desktop.store.rotation import Interrupted
from desktop.store.store import Store, StorePaths
from tests.cli.support import run
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD
from tests.services.administration.test_revocation import (  # noqa: F401  (fixtures)
    _Rotation,
    big_store,
    store_with_people,
)
from tests.services.administration.test_rotation_interrupted import OUTCOME, Stopped, _stop_at, _stopped_rotation


@pytest.mark.parametrize("step", list(OUTCOME))
def test_the_login_that_settles_an_interrupted_rotation_says_so_and_logs_it(
    store_with_people: Session,  # noqa: F811
    clock,
    throttle,
    step: str,
) -> None:
    paths = store_with_people.store.paths
    _stopped_rotation(store_with_people, step)

    session = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    try:
        assert session.store.interrupted_rotation is OUTCOME[step]
        with session.store.transaction() as connection:
            last = audit.entries(connection)[-1]
        assert (last.action, last.details) == ("data_key_rotation_settled", {"outcome": OUTCOME[step].value})
    finally:
        session.lock()
    # Told once: the next login finds nothing left to settle.
    again = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    assert again.store.interrupted_rotation is Interrupted.NONE
    again.lock()


def test_a_login_with_nothing_interrupted_says_nothing(store_with_people: Session, clock, throttle) -> None:  # noqa: F811
    paths = store_with_people.store.paths
    store_with_people.lock()
    session = log_in(paths, "jijian01", USER_PASSWORD, clock=clock, throttle=throttle)
    assert session.store.interrupted_rotation is Interrupted.NONE
    assert rotation_notice(session.store.interrupted_rotation, admin=False) is None
    session.lock()


@pytest.mark.parametrize(
    ("step", "login", "password", "said"),
    [
        ("rekeyed", "admin", ADMIN_PASSWORD, "its new recovery key was never shown and the old one no longer opens"),
        ("saved", "admin", ADMIN_PASSWORD, "run 'users revoke' now and write down the recovery key"),
        ("prepared", "admin", ADMIN_PASSWORD, "the database keeps its old key: run 'users revoke' again"),
        ("rekeyed", "jijian01", USER_PASSWORD, "tell an administrator to run 'users revoke' again"),
    ],
)
def test_the_command_that_logs_in_tells_what_became_of_the_rotation(
    store_with_people: Session,  # noqa: F811
    step: str,
    login: str,
    password: str,
    said: str,
) -> None:
    paths = store_with_people.store.paths
    _stopped_rotation(store_with_people, step)
    what = ["users", "list", "--json"] if login == "admin" else ["info"]
    command = ["--data-dir", str(paths.folder), "--user", login, "--password-stdin", *what]

    result = run(["--lang", "en", *command], password + "\n")

    assert result.code == 0, result.err
    assert said in result.err
    assert said not in result.out  # the output (--json: machine output) stays what the command prints
    assert run(["--lang", "en", *command], password + "\n").err == ""  # said once


def test_the_sentence_is_in_chinese_by_default(store_with_people: Session) -> None:  # noqa: F811
    paths = store_with_people.store.paths
    _stopped_rotation(store_with_people, "rekeyed")
    result = run(
        ["--data-dir", str(paths.folder), "--user", "admin", "--password-stdin", "users", "list"], ADMIN_PASSWORD + "\n"
    )
    assert result.code == 0, result.err
    assert "users revoke" in result.err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.err)


def test_after_a_finished_rotation_a_new_revoke_gives_a_recovery_key_that_opens_the_store(
    store_with_people: Session,  # noqa: F811
    clock,
    throttle,
) -> None:
    """What the sentence asks for works: the recovery slot in place is the stopped rotation's (whose key nobody
    saw); 'users revoke' replaces it with one whose key is shown and opens the store."""
    paths = store_with_people.store.paths
    before = KeyFile.load(paths.key_file).recovery
    _stopped_rotation(store_with_people, "rekeyed")
    session = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    try:
        assert session.store.interrupted_rotation is Interrupted.FINISHED
        assert KeyFile.load(paths.key_file).recovery != before
        rotation = revoke_and_rotate(session)
    finally:
        session.lock()
    Store.unlock_with_recovery_key(paths, rotation.recovery_key).lock()


@pytest.mark.slow
@pytest.mark.parametrize("killed_at", ["during the rekey", "rekeyed"])
def test_the_login_after_a_rotation_killed_says_what_it_did(
    big_store: StorePaths,  # noqa: F811
    clock,
    throttle,
    killed_at: str,
) -> None:
    """A real child process killed with SIGKILL in the middle of the rekey (the hot journal rolls it back: undone)
    or just after it (finished), as in test_rotation_interrupted.py."""
    paths = big_store
    child = _Rotation(paths, "never" if killed_at == "during the rekey" else killed_at)
    child.wait_for("ready")
    if killed_at == "during the rekey":
        child.kill_during_rekey(paths)
        outcome = Interrupted.UNDONE
    else:
        child.wait_for(killed_at)
        child.kill()
        outcome = Interrupted.FINISHED

    session = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    try:
        assert session.store.interrupted_rotation is outcome
    finally:
        session.lock()


def test_recovering_with_the_recovery_key_after_an_undone_rotation_says_so(tmp_path, clock, throttle) -> None:
    """Opening with the recovery key settles the rotation as a login does, and 'recover' says so too. (After a
    finished rotation the old recovery key opens nothing: that is why the sentence asks for 'users revoke'.)"""
    from desktop.domain.units import Unit
    from desktop.services.session.setup import create_store

    paths = StorePaths(tmp_path / "store")
    created = create_store(
        paths, unit=Unit("220402", "龙山区分局", None, "龙山区"), admin_login="admin",
        admin_password=ADMIN_PASSWORD, clock=clock, demo=True,
    )  # fmt: skip
    with pytest.raises(Stopped):
        revoke_and_rotate(created.session, None, _stop_at("prepared"))
    created.session.lock()
    stdin = f"{created.recovery_key}\nNew-pass-83317\nNew-pass-83317\n"

    result = run(["--lang", "en", "--data-dir", str(paths.folder), "--password-stdin", "recover", "admin"], stdin)

    assert result.code == 0, result.err
    assert "was undone while logging in; tell an administrator to run 'users revoke' again" in result.err
    assert not paths.rotation_file.exists()
