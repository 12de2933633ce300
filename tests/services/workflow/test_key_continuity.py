"""Key continuity of officers in the head's store (issue 12, finding 5): an administrator who resets an officer's
password can sign in the officer's name; the head's queue marks the changed key and countersigning it needs a
deliberate confirmation, recorded in the audit log. Before, the queue, countersign and check showed nothing."""

from __future__ import annotations

import pytest

from desktop.domain.declarations import DeclarationStatus
from desktop.services.administration import accounts
from desktop.services.errors import OfficerKeyNotConfirmed
from desktop.services.session.login import log_in
from desktop.services.workflow import countersigning, declaring
from desktop.services.workflow.key_continuity import OfficerKey
from desktop.store import audit
from tests.cli.support import lines, run
from tests.conftest import DEMO_STORE_PASSWORD, DemoWorld, declare_everything

OFFICER, HEAD = "000007", "000005"
IMPOSTOR_PASSWORD = "Impostor-pass-8841"


def _reset_and_sign_as_the_officer(world: DemoWorld) -> str:
    """The administrator resets the officer's password and signs in the officer's name; returns the new key."""
    accounts.admin_reset_password(world.login("admin"), OFFICER, IMPOSTOR_PASSWORD)
    impostor = log_in(world.paths, OFFICER, IMPOSTOR_PASSWORD, clock=world.clock, throttle=world.throttle)
    world.sessions.append(impostor)
    declare_everything(impostor, IMPOSTOR_PASSWORD)
    assert impostor.signing_key is not None
    return impostor.signing_key.fingerprint


def _queue_item(world: DemoWorld, police_number: str) -> countersigning.QueueItem:
    return next(i for i in countersigning.queue(world.login(HEAD)) if i.officer.police_number == police_number)


def test_a_key_from_an_administrators_reset_is_marked_and_needs_a_confirmation(demo_world: DemoWorld):
    new_key = _reset_and_sign_as_the_officer(demo_world)
    head = demo_world.login(HEAD)

    item = _queue_item(demo_world, OFFICER)
    assert item.key_unconfirmed
    assert item.officer_key is not None
    assert (item.officer_key.standing, item.officer_key.fingerprint) == (OfficerKey.CHANGED, new_key)
    assert item.officer_key.others  # the key the account was created with
    others = [i for i in countersigning.queue(head) if i.officer_key is not None and i.officer.police_number != OFFICER]
    assert all(not i.key_unconfirmed for i in others)  # keys from the accounts' creation are known

    with pytest.raises(OfficerKeyNotConfirmed) as refused:
        countersigning.countersign(head, OFFICER, "同意。", DEMO_STORE_PASSWORD)
    assert "WARNING" in str(refused.value)
    assert new_key in str(refused.value)
    assert _queue_item(demo_world, OFFICER).status == "signed"  # nothing countersigned

    record = countersigning.countersign(head, OFFICER, "已当面核对指纹。", DEMO_STORE_PASSWORD, confirm_new_key=True)

    assert record.status is DeclarationStatus.COUNTERSIGNED
    with head.store.transaction() as connection:
        [confirmed] = [e for e in audit.entries(connection) if e.action == "officer_key_confirmed"]
    assert (confirmed.actor, confirmed.subject) == (HEAD, record.id)
    assert confirmed.details["fingerprint"] == new_key
    assert confirmed.details["standing"] == "changed"
    assert confirmed.details["others"] == list(item.officer_key.others)


def test_once_confirmed_the_key_is_known_for_the_officers_next_version(demo_world: DemoWorld):
    _reset_and_sign_as_the_officer(demo_world)
    head = demo_world.login(HEAD)
    countersigning.countersign(head, OFFICER, "已核对。", DEMO_STORE_PASSWORD, confirm_new_key=True)
    officer = log_in(demo_world.paths, OFFICER, IMPOSTOR_PASSWORD, clock=demo_world.clock, throttle=demo_world.throttle)
    demo_world.sessions.append(officer)
    current = declaring.start_draft(officer)
    declaring.save_draft(officer, current.declaration.with_changes(remarks="补充说明。"))
    declaring.sign(officer, IMPOSTOR_PASSWORD)

    item = _queue_item(demo_world, OFFICER)
    assert item.officer_key is not None
    assert item.officer_key.standing is OfficerKey.KNOWN
    countersigning.countersign(head, OFFICER, "同意。", DEMO_STORE_PASSWORD)  # no confirmation needed


def test_the_cli_refuses_without_new_key_and_shows_the_mark_in_the_queue(demo_world: DemoWorld):
    new_key = _reset_and_sign_as_the_officer(demo_world)
    demo_world.close()
    base = ["--lang", "en", "--data-dir", str(demo_world.paths.folder), "--user", HEAD]

    listed = run([*base, "queue", "--json", "--password-stdin"], lines(DEMO_STORE_PASSWORD))
    assert listed.code == 0, listed.err
    [row] = [r for r in listed.json() if r["officer"] == OFFICER]
    assert row["officer_key"] == "changed"
    plain = run([*base, "queue", "--password-stdin"], lines(DEMO_STORE_PASSWORD))
    assert "NEW OR CHANGED KEY" in next(line for line in plain.out.splitlines() if OFFICER in line)

    countersign = [*base, "countersign", OFFICER, "--opinion", "同意", "--password-stdin"]
    refused = run(countersign, lines(DEMO_STORE_PASSWORD))
    assert refused.code == 1
    assert new_key in refused.err
    assert "--new-key" in refused.err
    done = run([*countersign, "--new-key"], lines(DEMO_STORE_PASSWORD))
    assert done.code == 0, done.err
