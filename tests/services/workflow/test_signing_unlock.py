"""The head unlocks signing once for a working session (issue 13, the head's pace): countersignatures then need no
password, but each is still its own signature over the declaration the head opened, and the unlock ends with the
window's lock, the time chosen, or the idle-lock time."""

from __future__ import annotations

import pytest

from desktop.domain.declarations import DeclarationStatus
from desktop.services.errors import ChangedSinceOpened, NotOpened, SigningLocked
from desktop.services.workflow.countersigning import (
    countersign,
    lock_signing,
    read_of,
    return_declaration,
    signing_unlocked,
    unlock_signing,
)
from desktop.services.workflow.declaring import save_draft, sign
from desktop.services.workflow.history import history
from desktop.services.workflow.verification import verify
from desktop.store.errors import WrongPassword
from desktop.store.repositories import declarations as repo
from tests.conftest import USER_PASSWORD
from tests.services.workflow.support import PEOPLE, World, build_world, clean_declaration, state

OPINION = "经逐项核对，填报内容属实。"
IDLE = 600  # the window's idle lock, seconds


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> World:
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1", "o2"))
    for login in ("o1", "o2"):
        save_draft(world[login], clean_declaration(PEOPLE[login][0]))
        sign(world[login], USER_PASSWORD)
    yield world
    world.close()


def opened(world: World, login: str):
    """The mark of the declaration as the head's full view loads it."""
    mark = read_of(history(world["hB"], world.number(login)))
    assert mark is not None
    return mark


def test_without_an_unlock_a_countersignature_needs_the_password(world):
    head, mark = world["hB"], opened(world, "o1")
    before = state(world.admin, mark.declaration_id)

    with pytest.raises(SigningLocked):
        countersign(head, world.number("o1"), OPINION, None, read=mark)
    assert state(world.admin, mark.declaration_id) == before


def test_a_wrong_password_does_not_unlock(world):
    with pytest.raises(WrongPassword):
        unlock_signing(world["hB"], "not-the-password", idle_seconds=IDLE)
    assert not signing_unlocked(world["hB"])


def test_one_unlock_countersigns_several_each_with_its_own_signature(world):
    head = world["hB"]
    unlock_signing(head, USER_PASSWORD, idle_seconds=IDLE)

    for login in ("o1", "o2"):
        record = countersign(head, world.number(login), OPINION, None, read=opened(world, login))
        assert record.status is DeclarationStatus.COUNTERSIGNED
        result = verify(world[login], world.number(login)).result
        assert result.valid
        assert result.countersignature_valid
        world.clock.advance(minutes=1)
    with world.admin.store.transaction() as connection:
        signatures = [
            repo.current_signatures(connection, repo.latest(connection, world.campaign.id, world.number(x)).id)[1]
            for x in ("o1", "o2")
        ]
    assert signatures[0].signature != signatures[1].signature
    assert {s.signer_fingerprint for s in signatures} == {head.account.fingerprint}


def test_without_having_opened_the_declaration_nothing_is_countersigned(world):
    head = world["hB"]
    unlock_signing(head, USER_PASSWORD, idle_seconds=IDLE)
    mark = opened(world, "o1")
    before = state(world.admin, mark.declaration_id)

    with pytest.raises(NotOpened):
        countersign(head, world.number("o1"), OPINION, None)
    assert state(world.admin, mark.declaration_id) == before


def test_a_declaration_signed_again_after_it_was_opened_must_be_read_again(world):
    head = world["hB"]
    unlock_signing(head, USER_PASSWORD, idle_seconds=IDLE)
    mark = opened(world, "o1")
    return_declaration(head, world.number("o1"), "请补充。")  # meanwhile, in another window
    save_draft(world["o1"], clean_declaration(PEOPLE["o1"][0]).with_changes(remarks="已补充。"))
    sign(world["o1"], USER_PASSWORD)

    with pytest.raises(ChangedSinceOpened):
        countersign(head, world.number("o1"), OPINION, None, read=mark)
    with pytest.raises(ChangedSinceOpened):  # the password path checks what was read too
        countersign(head, world.number("o1"), OPINION, USER_PASSWORD, read=mark)
    record = countersign(head, world.number("o1"), OPINION, None, read=opened(world, "o1"))
    assert record.status is DeclarationStatus.COUNTERSIGNED


def test_a_chosen_time_ends_the_unlock_and_is_never_longer_than_the_idle_lock(world):
    head = world["hB"]
    unlock_signing(head, USER_PASSWORD, idle_seconds=IDLE, minutes=60)  # asked for an hour; the idle lock is 10 min
    world.clock.advance(minutes=9)
    countersign(head, world.number("o1"), OPINION, None, read=opened(world, "o1"))  # in use: still unlocked
    world.clock.advance(minutes=1)
    assert not signing_unlocked(head)
    with pytest.raises(SigningLocked):
        countersign(head, world.number("o2"), OPINION, None, read=opened(world, "o2"))


def test_until_the_window_locks_ends_after_the_idle_time_without_countersigning(world):
    head = world["hB"]
    unlock_signing(head, USER_PASSWORD, idle_seconds=IDLE)
    world.clock.advance(minutes=9)
    countersign(head, world.number("o1"), OPINION, None, read=opened(world, "o1"))
    world.clock.advance(minutes=9)  # 18 minutes after the unlock, but 9 after the last use
    assert signing_unlocked(head)
    world.clock.advance(minutes=1)
    assert not signing_unlocked(head)


def test_locking_signing_or_the_session_forgets_the_unlock(world):
    head = world["hB"]
    unlock_signing(head, USER_PASSWORD, idle_seconds=IDLE)
    lock_signing(head)
    assert not signing_unlocked(head)
    unlock_signing(head, USER_PASSWORD, idle_seconds=IDLE)
    head.lock()
    assert head.signing_unlock is None
