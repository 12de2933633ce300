"""Accounts: create, list, change a password, reset a password, change roles."""

from __future__ import annotations

from sqlalchemy import Connection

from desktop.crypto.kdf import KdfParams
from desktop.crypto.signing import SigningKey
from desktop.domain.accounts import Account
from desktop.domain.password_policy import check_password
from desktop.domain.roles import Role
from desktop.i18n import N_
from desktop.services.auditing import audited_transaction
from desktop.services.clock import timestamp
from desktop.services.errors import AccountExists, InvalidInput, NotAllowed, UnknownAccount
from desktop.services.session.kdf_policy import cost_for_new_password
from desktop.services.session.login import check_login
from desktop.services.session.session import Session
from desktop.store import audit
from desktop.store.errors import WrongPassword
from desktop.store.keyfile import AccountSlot, KeyFile
from desktop.store.repositories import accounts as repo
from desktop.store.repositories.officers import get_officer, names_and_units
from desktop.store.repositories.units import get_unit
from desktop.store.store import Store, make_slot, open_slot


def add_account(
    session: Session,
    *,
    login: str,
    password: str,
    roles: frozenset[Role],
    police_number: str | None = None,
    unit_code: str | None = None,
) -> Account:
    """Create an account with its own Ed25519 key pair, wrapped under its password. Administrators only."""
    session.require(Role.ADMIN)
    return create_account(
        session.store,
        login=login,
        password=password,
        roles=roles,
        police_number=police_number,
        unit_code=unit_code,
        now=timestamp(session.clock),
        actor=session.account.login,
    )


def create_account(
    store: Store,
    *,
    login: str,
    password: str,
    roles: frozenset[Role],
    police_number: str | None,
    unit_code: str | None,
    now: str,
    actor: str = "system",
) -> Account:
    """The work of add_account without the role check, for set-up paths (demo) that act as the system."""
    check_login(login)
    if not roles:
        raise NotAllowed(N_("An account needs at least one role."))
    if login in store.key_file.accounts:
        raise AccountExists(login)
    signing_key = SigningKey.generate()
    with store.transaction() as connection:
        if repo.get_account(connection, login) is not None:
            raise AccountExists(login)
        display_name, unit_code = _person(connection, login, police_number, unit_code)
        unit_name = _unit_name(connection, unit_code)
        problems = check_password(password, login, (police_number or "", display_name, unit_code or "", unit_name))
        if problems:
            raise InvalidInput(problems)
        _check_roles(roles, police_number, unit_code)
        repo.insert_account(
            connection,
            login=login,
            roles=roles,
            police_number=police_number,
            unit_code=unit_code,
            display_name=display_name,
            public_key=signing_key.public_key,
            now=now,
        )
        cost = cost_for_new_password(connection, store.demo)
        slot = make_slot(store.store_id, login, password, store.data_key, signing_key, KdfParams.fresh(cost))
        audit.append(
            connection,
            at=now,
            actor=actor,
            action="account_created",
            subject=login,
            details={"roles": sorted(r.value for r in roles), "fingerprint": signing_key.fingerprint},
        )
        store.update_key_file(lambda current: current.with_account(login, slot))
        account = repo.get_account(connection, login)
        head = audit.head(connection)
    store.publish_audit_head(head.to_json())
    assert account is not None
    return account


def _person(
    connection: Connection, login: str, police_number: str | None, unit_code: str | None
) -> tuple[str, str | None]:
    """The new account's display name and unit: the officer's on the roster (the unit unless one is given), or the
    login and the unit given for an account of no officer. The officer must have no account yet."""
    if police_number is None:
        return login, unit_code
    officer = get_officer(connection, police_number)
    if officer is None:
        raise NotAllowed(N_("No officer with police number {number} is on the roster."), number=police_number)
    taken = [a.login for a in repo.list_accounts(connection) if a.police_number == police_number]
    if taken:
        raise NotAllowed(
            N_("The officer {number} already has the account {login}."), number=police_number, login=taken[0]
        )
    return officer.name, unit_code or officer.unit_code


def _unit_name(connection: Connection, unit_code: str | None) -> str:
    """The name of the new account's unit, which must exist; "" for an account of no unit."""
    if unit_code is None:
        return ""
    unit = get_unit(connection, unit_code)
    if unit is None:
        raise NotAllowed(N_("There is no unit with the code {code}."), code=unit_code)
    return unit.name


def _check_roles(roles: frozenset[Role], police_number: str | None, unit_code: str | None) -> None:
    if Role.OFFICER in roles and police_number is None:
        raise NotAllowed(N_("An officer's account must name the officer's police number."))
    if Role.UNIT_HEAD in roles and unit_code is None:
        raise NotAllowed(N_("A unit head's account must name the unit."))


def _personal(account: Account) -> tuple[str, ...]:
    """What is known of an account besides its login, which its password must not be built from."""
    return tuple(text for text in (account.police_number, account.display_name, account.unit_code) if text)


def list_accounts(session: Session) -> list[Account]:
    with session.store.transaction() as connection:
        return repo.list_accounts(connection)


def change_own_password(session: Session, old_password: str, new_password: str) -> None:
    """Rewrap the data key and the same signing key under the new password; signatures stay valid."""
    store, login = session.store, session.account.login
    _data_key, signing_key = open_slot(store.store_id, login, store.current_slot(login), old_password)
    problems = check_password(new_password, login, _personal(session.account))
    if problems:
        raise InvalidInput(problems)
    if old_password == new_password:
        raise NotAllowed(N_("The new password is the same as the old one."))
    with store.transaction() as connection:
        cost = cost_for_new_password(connection, store.demo)
    new_slot = make_slot(store.store_id, login, new_password, store.data_key, signing_key, KdfParams.fresh(cost))
    store.update_key_file(lambda current: current.with_account(login, new_slot))
    with audited_transaction(store, login, session.clock) as auditor:
        auditor.record("password_changed", login)


def reset_password(store: Store, login: str, new_password: str, now: str, actor: str = "recovery-key") -> Account:
    """Give ``login`` a new password. Its old private key cannot be recovered without the old password, so the
    account gets a new key pair; the old public key stays in the key history to verify earlier signatures.

    Callers check that an administrator (or the recovery key) authorised this.
    """
    signing_key = SigningKey.generate()
    with store.transaction() as connection:
        account = repo.get_account(connection, login)
        if account is None:
            raise UnknownAccount(login)
        problems = check_password(new_password, login, _personal(account))
        if problems:
            raise InvalidInput(problems)
        repo.add_key(connection, account.id, signing_key.public_key, now)
        if account.disabled:  # a reset gives a disabled account a slot again: it is enabled with it
            repo.set_disabled(connection, login, False)
        cost = cost_for_new_password(connection, store.demo)
        slot = make_slot(store.store_id, login, new_password, store.data_key, signing_key, KdfParams.fresh(cost))
        audit.append(
            connection,
            at=now,
            actor=actor,
            action="password_reset",
            subject=login,
            details={"new_fingerprint": signing_key.fingerprint, **({"enabled": True} if account.disabled else {})},
        )
        store.update_key_file(lambda current: current.with_account(login, slot))
        updated = repo.get_account(connection, login)
        head = audit.head(connection)
    store.publish_audit_head(head.to_json())
    assert updated is not None
    return updated


def admin_reset_password(session: Session, login: str, new_password: str) -> Account:
    session.require(Role.ADMIN)
    if login == session.account.login:
        raise NotAllowed(N_("Change your own password with 'passwd' and your current password, not by a reset."))
    return reset_password(session.store, login, new_password, timestamp(session.clock), session.account.login)


__all__ = [
    "WrongPassword",
    "add_account",
    "admin_reset_password",
    "change_own_password",
    "create_account",
    "list_accounts",
    "reset_password",
]


def create_accounts_in_bulk(
    store: Store, specs: list[tuple[str, frozenset[Role], str | None, str | None]], password: str, now: str
) -> int:
    """Create many accounts (login, roles, police number, unit code) sharing one password, in one transaction and
    one key-file write. For the demo and for set-up from a roster; the caller has checked the password and roles."""
    problems = check_password(password)
    if problems:
        raise InvalidInput(problems)
    slots: dict[str, AccountSlot] = {}
    new: list[repo.NewAccount] = []
    with store.transaction() as connection:
        cost = cost_for_new_password(connection, store.demo)
        officers = names_and_units(connection)
        for login, roles, police_number, unit_code in specs:
            check_login(login)
            if login in store.key_file.accounts or login in slots:
                raise AccountExists(login)
            signing_key = SigningKey.generate()
            name, officer_unit = officers.get(police_number or "", (login, None))
            new.append(
                repo.NewAccount(
                    login=login,
                    roles=roles,
                    police_number=police_number,
                    unit_code=unit_code or officer_unit,
                    display_name=name,
                    public_key=signing_key.public_key,
                )
            )
            kdf = KdfParams.fresh(cost)
            slots[login] = make_slot(store.store_id, login, password, store.data_key, signing_key, kdf)
        repo.insert_accounts(connection, new, now)
        entry = audit.append(
            connection,
            at=now,
            actor="system",
            action="accounts_created",
            subject=store.store_id,
            details={"count": len(specs), "logins": [s[0] for s in specs]},
        )
        head = audit.ChainHead(entry.seq, entry.hash).to_json()

        def add_all(current: KeyFile) -> KeyFile:
            return current.with_accounts(slots).with_audit_head(head)

        store.update_key_file(add_all)
    return len(specs)
