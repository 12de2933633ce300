"""Accounts created in bulk (the demo, a roster's set-up) are the same as accounts created one by one, in one
transaction and one key-file write, whatever their number (issue 16: the key file was rebuilt once per account)."""

from __future__ import annotations

import pytest

from desktop.crypto.signing import fingerprint
from desktop.domain.officers import Officer
from desktop.domain.roles import Role
from desktop.services.administration.accounts import create_accounts_in_bulk
from desktop.services.errors import AccountExists
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.store.keyfile import KeyFile
from desktop.store.repositories.accounts import list_accounts
from desktop.store.repositories.officers import save_officers
from tests.conftest import USER_PASSWORD
from tests.store.support import id_number

UNIT = "220402"


def _officers(count: int) -> list[Officer]:
    return [
        Officer(f"1{n:05d}", f"民警{n}", id_number("220402", "19850101", n), UNIT, is_unit_head=n == 0)
        for n in range(count)
    ]


def test_bulk_accounts_carry_the_officers_details_and_open_with_the_password(admin_session: Session, clock, throttle):
    officers = _officers(40)
    with admin_session.store.transaction() as connection:
        save_officers(connection, officers)
    specs = [
        (
            o.police_number,
            frozenset({Role.OFFICER} | ({Role.UNIT_HEAD} if o.is_unit_head else set())),
            o.police_number,
            None,
        )
        for o in officers
    ]
    specs.append(("inspector9", frozenset({Role.INSPECTOR}), None, UNIT))

    assert create_accounts_in_bulk(admin_session.store, specs, USER_PASSWORD, "2026-11-21T09:30:00Z") == 41

    with admin_session.store.transaction() as connection:
        accounts = {a.login: a for a in list_accounts(connection)}
    key_file = KeyFile.load(admin_session.store.paths.key_file)
    for officer in officers:
        account = accounts[officer.police_number]
        assert account.display_name == officer.name
        assert account.unit_code == UNIT
        assert account.police_number == officer.police_number
        assert (Role.UNIT_HEAD in account.roles) == officer.is_unit_head
        assert account.fingerprint == fingerprint(key_file.accounts[officer.police_number].public_key)
    assert accounts["inspector9"].display_name == "inspector9"
    assert accounts["inspector9"].roles == frozenset({Role.INSPECTOR})
    session = log_in(admin_session.store.paths, "100007", USER_PASSWORD, clock=clock, throttle=throttle)
    try:
        assert session.signing_key is not None
        assert session.signing_key.public_key == key_file.accounts["100007"].public_key
    finally:
        session.lock()


def test_a_login_given_twice_or_already_present_adds_no_account(admin_session: Session):
    officers = _officers(3)
    with admin_session.store.transaction() as connection:
        save_officers(connection, officers)
    before = KeyFile.load(admin_session.store.paths.key_file).accounts
    twice = [(o.police_number, frozenset({Role.OFFICER}), o.police_number, None) for o in [*officers, officers[0]]]
    with pytest.raises(AccountExists):
        create_accounts_in_bulk(admin_session.store, twice, USER_PASSWORD, "2026-11-21T09:30:00Z")
    with pytest.raises(AccountExists):
        create_accounts_in_bulk(
            admin_session.store,
            [("admin", frozenset({Role.OFFICER}), None, UNIT)],
            USER_PASSWORD,
            "2026-11-21T09:30:00Z",
        )
    assert KeyFile.load(admin_session.store.paths.key_file).accounts.keys() == before.keys()
    with admin_session.store.transaction() as connection:
        assert [a.login for a in list_accounts(connection)] == ["admin"]
