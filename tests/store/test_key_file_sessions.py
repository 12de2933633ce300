"""Several sessions on one store: a key-file update never loses what another session wrote."""

from __future__ import annotations

from desktop.domain.roles import Role
from desktop.services.administration import accounts
from desktop.services.auditing import audited_transaction
from desktop.services.session.login import log_in
from desktop.store.keyfile import KeyFile
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD


def test_a_session_that_read_the_key_file_earlier_keeps_accounts_added_since(admin_session, paths, clock, throttle):
    accounts.add_account(admin_session, login="early", password=USER_PASSWORD, roles=frozenset({Role.INSPECTOR}))
    early = log_in(paths, "early", USER_PASSWORD, clock=clock, throttle=throttle)
    try:
        accounts.add_account(admin_session, login="late", password=USER_PASSWORD, roles=frozenset({Role.INSPECTOR}))
        # The early session writes the key file (the audit head) from its own, older view of it.
        with audited_transaction(early.store, "early", clock) as audit:
            audit.record("test_action", "subject")
    finally:
        early.lock()
    assert "late" in KeyFile.load(paths.key_file).accounts
    log_in(paths, "late", USER_PASSWORD, clock=clock, throttle=throttle).lock()


def test_a_password_changed_in_another_session_is_not_undone(admin_session, paths, clock, throttle):
    accounts.add_account(admin_session, login="officer1", password=USER_PASSWORD, roles=frozenset({Role.INSPECTOR}))
    other = log_in(paths, "officer1", USER_PASSWORD, clock=clock, throttle=throttle)
    try:
        accounts.change_own_password(other, USER_PASSWORD, "a-brand-new-pass-61")
    finally:
        other.lock()
    with audited_transaction(admin_session.store, "admin", clock) as audit:
        audit.record("test_action", "subject")
    log_in(paths, "officer1", "a-brand-new-pass-61", clock=clock, throttle=throttle).lock()


def test_the_audit_head_in_the_key_file_never_moves_backwards(admin_session, paths, clock, throttle):
    second = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    try:
        with audited_transaction(second.store, "admin", clock) as audit:
            audit.record("later", "subject")
            audit.record("later", "subject")
        ahead = KeyFile.load(paths.key_file).audit_head
        admin_session.store.publish_audit_head({"seq": 1, "hash": "0" * 64})
    finally:
        second.lock()
    assert KeyFile.load(paths.key_file).audit_head == ahead
