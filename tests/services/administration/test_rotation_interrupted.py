"""A key rotation (``users revoke``) stopped between any two of its steps leaves a store that ``integrity-check``
finds whole: the check finishes the rotation or undoes what is left of it, as opening the store does, instead of
checking the database with a key it is no longer under (before, a rotation killed after its rekey made the check
call the store damaged and tell the administrator to restore a backup). Nothing is lost either way.

Two ways to stop it: a fault injected at each step (the rotation's progress hook raises), fast; and a real child
process killed with SIGKILL at each step, including in the middle of the rekey (slow: the store must be large enough
for the rekey to be caught)."""

from __future__ import annotations

import pytest

from desktop.services.administration.audit_check import verify_audit_log
from desktop.services.administration.revocation import revoke_and_rotate
from desktop.services.session.integrity import check_integrity
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.store.keyfile import KeyFile
from desktop.store.repositories.officers import count_officers
from desktop.store.rotation import Interrupted
from desktop.store.store import Store, StorePaths
from tests.cli.support import run
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD
from tests.services.administration.test_revocation import (  # noqa: F401  (fixtures)
    _Rotation,
    big_store,
    store_with_people,
)

#: The step the rotation was stopped after → what integrity-check then does about it.
OUTCOME = {
    "prepared": Interrupted.UNDONE,  # keys.rotating.json written, the database not yet touched
    "rekeyed": Interrupted.FINISHED,  # the database under the new key, keys.json still the old one
    "saved": Interrupted.FINISHED,  # keys.json replaced, keys.rotating.json not yet removed
}


class Stopped(Exception):
    """The fault injected between two steps of the rotation."""


def _stop_at(step: str):
    def progress(reached: str) -> None:
        if reached == step:
            raise Stopped(step)

    return progress


def _stopped_rotation(session: Session, step: str) -> None:
    """Revoke clerk01 in ``session`` with the rotation stopped after ``step``; the session is locked after it."""
    with pytest.raises(Stopped):
        revoke_and_rotate(session, "clerk01", _stop_at(step))
    session.lock()


def _officers(paths: StorePaths, clock, throttle, login: str = "admin", password: str = ADMIN_PASSWORD) -> int:
    """The officers in the store, after checking that its audit chain is whole and matches the key file's head."""
    session = log_in(paths, login, password, clock=clock, throttle=throttle)
    try:
        assert verify_audit_log(session).ok
        with session.store.transaction() as connection:
            return count_officers(connection)
    finally:
        session.lock()


def _assert_settled(paths: StorePaths, before: KeyFile, outcome: Interrupted) -> None:
    assert not paths.rotation_file.exists()
    after = KeyFile.load(paths.key_file)
    if outcome is Interrupted.FINISHED:  # the key file the rotation ends with: the revoked account is gone
        assert after.recovery != before.recovery
        assert "clerk01" not in after.accounts
    else:  # undone: the old key file still opens the database
        assert after.recovery == before.recovery
        Store.unlock(paths, "jijian01", USER_PASSWORD)[0].lock()


@pytest.mark.parametrize("step", list(OUTCOME))
def test_integrity_check_settles_a_rotation_stopped_after_each_step(
    store_with_people: Session,  # noqa: F811
    clock,
    throttle,
    step: str,
) -> None:
    paths = store_with_people.store.paths
    before = KeyFile.load(paths.key_file)
    _stopped_rotation(store_with_people, step)
    assert paths.rotation_file.exists()

    report = check_integrity(paths, "admin", ADMIN_PASSWORD, throttle=throttle)

    assert report.whole, report.problems
    assert report.rotation is OUTCOME[step]
    _assert_settled(paths, before, OUTCOME[step])
    assert _officers(paths, clock, throttle) == 200
    assert _officers(paths, clock, throttle, "jijian01", USER_PASSWORD) == 200
    # A second check finds nothing more to do.
    assert check_integrity(paths, "admin", ADMIN_PASSWORD, throttle=throttle).rotation is Interrupted.NONE


def test_a_check_with_no_rotation_interrupted_writes_nothing(store_with_people: Session, throttle) -> None:  # noqa: F811
    from tests.cli.support import snapshot

    paths = store_with_people.store.paths
    store_with_people.lock()
    before = snapshot(paths.folder)
    report = check_integrity(paths, "admin", ADMIN_PASSWORD, throttle=throttle)
    assert report.whole
    assert report.rotation is Interrupted.NONE
    assert snapshot(paths.folder) == before


@pytest.mark.parametrize(
    ("step", "said"),
    [("rekeyed", "it is finished now"), ("prepared", "what it had begun was undone")],
)
def test_the_integrity_check_command_says_what_it_did_about_the_rotation(
    store_with_people: Session,  # noqa: F811
    step: str,
    said: str,
) -> None:
    paths = store_with_people.store.paths
    _stopped_rotation(store_with_people, step)
    result = run(
        ["--lang", "en", "--data-dir", str(paths.folder), "integrity-check", "--user", "admin", "--password-stdin"],
        ADMIN_PASSWORD + "\n",
    )
    assert result.code == 0, result.err
    assert said in result.out
    assert "is whole" in result.out
    assert "users revoke" in result.out


@pytest.mark.slow
@pytest.mark.parametrize("killed_at", ["prepared", "during the rekey", "rekeyed", "saved"])
def test_integrity_check_settles_a_rotation_killed_at_each_step(
    big_store: StorePaths,  # noqa: F811
    clock,
    throttle,
    killed_at: str,
) -> None:
    paths = big_store
    before = KeyFile.load(paths.key_file)
    child = _Rotation(paths, "never" if killed_at == "during the rekey" else killed_at)
    child.wait_for("ready")
    if killed_at == "during the rekey":
        journal = child.kill_during_rekey(paths)
        assert journal.exists()  # killed in the middle: a hot journal is left
        outcome = Interrupted.UNDONE
    else:
        child.wait_for(killed_at)
        child.kill()
        outcome = OUTCOME[killed_at]
    assert paths.rotation_file.exists()

    report = check_integrity(paths, "admin", ADMIN_PASSWORD, throttle=throttle)

    assert report.whole, report.problems[:5]
    assert report.rotation is outcome
    _assert_settled(paths, before, outcome)
    assert _officers(paths, clock, throttle) == 60_200
