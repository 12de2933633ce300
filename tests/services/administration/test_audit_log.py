"""The audit log is hash-chained and its head is kept in the key file: edits, deletions, reordering and a cut-off
tail are all found. Each tampering case runs on a fresh store."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from desktop.services.administration.audit_check import verify_audit_log
from desktop.services.errors import NotAllowed
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.services.workflow.countersigning import countersign, return_declaration
from desktop.services.workflow.declaring import save_draft, sign
from desktop.store import audit
from desktop.store.errors import WrongPassword
from desktop.store.keyfile import KeyFile
from desktop.store.store import StorePaths
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD
from tests.services.workflow.support import World, build_world, full_declaration

EXPECTED_ACTIONS = [
    "store_created",
    "account_created",
    "account_created",
    "campaign_created",
    "draft_created",
    "signed",
    "returned",
    "draft_saved",
    "signed",
    "countersigned",
]


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> World:
    """A fresh store in which o1 signs, hB returns, o1 corrects and signs again, hB countersigns."""
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1"))
    o1, head = world["o1"], world["hB"]
    save_draft(o1, full_declaration())
    sign(o1, USER_PASSWORD)
    return_declaration(head, world.number("o1"), "请核实")
    save_draft(o1, full_declaration().with_changes(remarks="已核实"))
    sign(o1, USER_PASSWORD)
    countersign(head, world.number("o1"), "同意", USER_PASSWORD)
    yield world
    world.close()


def _entries(session: Session) -> list[audit.AuditEntry]:
    with session.store.transaction() as connection:
        return audit.entries(connection)


def _fresh_admin(world: World) -> Session:
    """An administrator logging in now: the key file is read from disk, as after a restart."""
    session = log_in(world.paths, "admin", ADMIN_PASSWORD, clock=world.clock, throttle=world.throttle)
    world.sessions["admin-again"] = session
    return session


def _sql(world: World, *statements: str, **params: object) -> None:
    with world.admin.store.transaction() as connection:
        for statement in statements:
            connection.execute(text(statement), params)


def _seq_of(world: World, action: str, occurrence: int = 0) -> int:
    return [e.seq for e in _entries(world.admin) if e.action == action][occurrence]


def test_an_untouched_log_verifies_with_its_count_and_the_key_file_holds_its_head(world):
    entries = _entries(world.admin)
    assert [e.action for e in entries] == EXPECTED_ACTIONS
    assert [e.seq for e in entries] == list(range(1, len(EXPECTED_ACTIONS) + 1))
    assert entries[-1].actor == "hB"
    assert entries[5].details["fingerprint"] == world["o1"].account.fingerprint

    report = verify_audit_log(_fresh_admin(world))

    assert report.ok
    assert report.entries == len(EXPECTED_ACTIONS)
    assert (report.broken_at, report.reason) == (None, "")
    on_disk = KeyFile.load(world.paths.key_file).audit_head
    assert on_disk == {"seq": entries[-1].seq, "hash": entries[-1].hash}
    assert verify_audit_log(world.admin).ok


def test_only_administrators_and_inspectors_check_the_log(world):
    with pytest.raises(NotAllowed):
        verify_audit_log(world["hB"])


def test_an_edited_entry_breaks_the_chain_at_that_entry(world):
    seq = _seq_of(world, "returned")
    [entry] = [e for e in _entries(world.admin) if e.seq == seq]
    _sql(
        world,
        "UPDATE audit_log SET details = :details WHERE seq = :seq",
        details=json.dumps({**entry.details, "version": 2}),
        seq=seq,
    )

    report = verify_audit_log(_fresh_admin(world))

    assert not report.ok
    assert (report.broken_at, report.reason) == (seq, "hash_mismatch")


@pytest.mark.parametrize("column", ["at", "actor", "action", "subject"])
def test_editing_any_column_of_an_entry_breaks_the_chain(world, column):
    seq = _seq_of(world, "signed")
    _sql(world, f"UPDATE audit_log SET {column} = 'x' WHERE seq = :seq", seq=seq)

    report = verify_audit_log(_fresh_admin(world))

    assert (report.broken_at, report.reason) == (seq, "hash_mismatch")


def test_a_deleted_middle_entry_breaks_the_chain(world):
    seq = _seq_of(world, "returned")
    _sql(world, "DELETE FROM audit_log WHERE seq = :seq", seq=seq)

    report = verify_audit_log(_fresh_admin(world))

    assert not report.ok
    assert (report.broken_at, report.reason) == (seq, "seq_gap")
    assert report.entries == seq - 1


def test_a_deleted_entry_with_the_rest_renumbered_still_breaks_the_chain(world):
    seq = _seq_of(world, "returned")
    _sql(
        world, "DELETE FROM audit_log WHERE seq = :seq", "UPDATE audit_log SET seq = seq - 1 WHERE seq > :seq", seq=seq
    )

    report = verify_audit_log(_fresh_admin(world))

    assert (report.broken_at, report.reason) == (seq, "link_broken")


def test_two_swapped_entries_break_the_chain(world):
    first = _seq_of(world, "signed")
    second = first + 1
    _sql(
        world,
        "UPDATE audit_log SET seq = -1 WHERE seq = :first",
        "UPDATE audit_log SET seq = :first WHERE seq = :second",
        "UPDATE audit_log SET seq = :second WHERE seq = -1",
        first=first,
        second=second,
    )
    assert [e.action for e in _entries(world.admin)][first - 1 : second] == ["returned", "signed"]

    report = verify_audit_log(_fresh_admin(world))

    assert not report.ok
    assert (report.broken_at, report.reason) == (first, "link_broken")


def test_a_cut_off_tail_is_found_through_the_head_in_the_key_file(world):
    total = len(EXPECTED_ACTIONS)
    _sql(world, "DELETE FROM audit_log WHERE seq > :keep", keep=total - 2)
    with world.admin.store.transaction() as connection:
        assert audit.verify_chain(connection, None).ok  # the chain itself is consistent …

    report = verify_audit_log(_fresh_admin(world))

    assert not report.ok  # … but the key file remembers where it ended
    assert (report.entries, report.broken_at, report.reason) == (total - 2, total - 1, "tail_missing")


def test_a_cut_off_tail_is_found_by_an_administrator_logged_in_before_the_last_entries(world):
    """The head written by other sessions counts, not only the one this session knew when it logged in."""
    total = len(EXPECTED_ACTIONS)
    _sql(world, "DELETE FROM audit_log WHERE seq > :keep", keep=total - 2)

    report = verify_audit_log(world.admin)  # logged in before o1 and hB acted

    assert (report.broken_at, report.reason) == (total - 1, "tail_missing")


def test_a_rewritten_chain_is_found_through_the_head_in_the_key_file(world):
    """Whoever can write the database can recompute every hash after an edit; the head kept outside catches it."""
    seq = _seq_of(world, "returned")
    with world.admin.store.transaction() as connection:
        entries = audit.entries(connection)
        previous = entries[seq - 2].hash
        for entry in entries[seq - 1 :]:
            details = {**entry.details, "version": 7} if entry.seq == seq else entry.details
            digest = audit.entry_hash(entry.seq, entry.at, entry.actor, entry.action, entry.subject, details, previous)
            connection.execute(
                text("UPDATE audit_log SET details = :d, prev_hash = :p, hash = :h WHERE seq = :s"),
                {"d": json.dumps(details), "p": previous, "h": digest, "s": entry.seq},
            )
            previous = digest
        assert audit.verify_chain(connection, None).ok

    report = verify_audit_log(_fresh_admin(world))

    assert (report.broken_at, report.reason) == (len(EXPECTED_ACTIONS), "head_mismatch")


def test_failed_logins_are_recorded_at_the_next_successful_login(world, paths: StorePaths):
    before = len(_entries(world.admin))
    for _ in range(2):
        with pytest.raises(WrongPassword):
            log_in(paths, "o1", "wrong-pass-0000", clock=world.clock, throttle=world.throttle)
    assert len(_entries(world.admin)) == before  # a wrong password writes nothing into the store

    session = world.login("o1")

    entries = _entries(world.admin)
    assert len(entries) == before + 1
    last = entries[-1]
    assert (last.action, last.actor, last.subject, last.details) == ("failed_logins", "o1", "o1", {"count": 2})
    assert verify_audit_log(_fresh_admin(world)).ok
    # The count was reset: logging in again records nothing more.
    session.lock()
    world.login("o1")
    assert len(_entries(world.admin)) == before + 1


def test_entries_written_in_bulk_must_follow_the_head_and_then_verify(admin_session: Session) -> None:
    """audit.append_many (the demo's bulk path) stores entries made with audit.chained only after the log's head;
    entries made from an older head are refused and nothing is written."""
    store = admin_session.store
    with store.transaction() as connection:
        start = audit.head(connection)
    made, last = [], start
    for number in range(3):
        entry = audit.chained(
            last, at="2031-01-01T00:00:00Z", actor="system", action="bulk_test", subject=str(number), details={}
        )
        made.append(entry)
        last = audit.ChainHead(entry.seq, entry.hash)
    stale = audit.chained(
        audit.ChainHead(start.seq - 1, "0" * 64),
        at="2031-01-01T00:00:00Z",
        actor="x",
        action="y",
        subject="z",
        details={},
    )
    with pytest.raises(ValueError, match="do not follow"), store.transaction() as connection:
        audit.append_many(connection, [stale])
    with store.transaction() as connection:
        audit.append_many(connection, made)
    store.publish_audit_head(last.to_json())
    assert [e.action for e in _entries(admin_session)][-3:] == ["bulk_test"] * 3
    assert verify_audit_log(admin_session).ok
