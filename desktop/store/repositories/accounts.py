"""Accounts, their roles and the history of their public keys."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from desktop.crypto.signing import fingerprint
from desktop.domain.accounts import Account
from desktop.domain.roles import Role
from desktop.store import schema
from desktop.store.inserted import inserted_id

_A, _R, _K = schema.accounts, schema.account_roles, schema.account_keys


def insert_account(
    connection: Connection,
    *,
    login: str,
    roles: frozenset[Role],
    police_number: str | None,
    unit_code: str | None,
    display_name: str,
    public_key: bytes,
    now: str,
) -> int:
    account_id = inserted_id(
        connection.execute(
            _A.insert().values(
                login=login,
                police_number=police_number,
                unit_code=unit_code,
                display_name=display_name,
                created_at=now,
                disabled=False,
                must_change_password=False,
            )
        )
    )
    connection.execute(_R.insert(), [{"account_id": account_id, "role": r.value} for r in sorted(roles)])
    add_key(connection, account_id, public_key, now)
    return account_id


@dataclass(frozen=True, slots=True)
class NewAccount:
    login: str
    roles: frozenset[Role]
    police_number: str | None
    unit_code: str | None
    display_name: str
    public_key: bytes


def insert_accounts(connection: Connection, accounts: Sequence[NewAccount], now: str) -> None:
    """Many new accounts at once (executemany: the demo's and a roster's thousands), as ``insert_account`` each."""
    if not accounts:
        return
    connection.execute(
        _A.insert(),
        [
            {
                "login": a.login,
                "police_number": a.police_number,
                "unit_code": a.unit_code,
                "display_name": a.display_name,
                "created_at": now,
                "disabled": False,
                "must_change_password": False,
            }
            for a in accounts
        ],
    )
    wanted = {a.login for a in accounts}
    ids = {login: i for i, login in connection.execute(select(_A.c.id, _A.c.login)) if login in wanted}
    connection.execute(
        _R.insert(), [{"account_id": ids[a.login], "role": r.value} for a in accounts for r in sorted(a.roles)]
    )
    connection.execute(
        _K.insert(),
        [
            {
                "account_id": ids[a.login],
                "public_key": a.public_key,
                "fingerprint": fingerprint(a.public_key),
                "created_at": now,
            }
            for a in accounts
        ],
    )


def add_key(connection: Connection, account_id: int, public_key: bytes, now: str) -> None:
    """Make ``public_key`` the account's current key; the previous one is kept, retired, to verify old signatures."""
    connection.execute(
        _K.update().where(_K.c.account_id == account_id, _K.c.retired_at.is_(None)).values(retired_at=now)
    )
    connection.execute(
        _K.insert().values(
            account_id=account_id, public_key=public_key, fingerprint=fingerprint(public_key), created_at=now
        )
    )


def set_disabled(connection: Connection, login: str, disabled: bool) -> None:
    connection.execute(_A.update().where(_A.c.login == login).values(disabled=disabled))


def disabled_logins(connection: Connection) -> set[str]:
    return set(connection.execute(select(_A.c.login).where(_A.c.disabled.is_(True))).scalars())


def set_roles(connection: Connection, account_id: int, roles: frozenset[Role]) -> None:
    connection.execute(_R.delete().where(_R.c.account_id == account_id))
    connection.execute(_R.insert(), [{"account_id": account_id, "role": r.value} for r in sorted(roles)])


def list_accounts(connection: Connection, login: str | None = None) -> list[Account]:
    """Every account by login, or the one with ``login``."""
    account_query = select(_A).order_by(_A.c.login)
    role_query = select(_R.c.account_id, _R.c.role)
    key_query = select(_K.c.account_id, _K.c.fingerprint).where(_K.c.retired_at.is_(None))
    if login is not None:
        account_query = account_query.where(_A.c.login == login)
        ids = select(_A.c.id).where(_A.c.login == login).scalar_subquery()
        role_query = role_query.where(_R.c.account_id == ids)
        key_query = key_query.where(_K.c.account_id == ids)
    roles: dict[int, set[Role]] = {}
    for account_id, role in connection.execute(role_query):
        roles.setdefault(account_id, set()).add(Role(role))
    keys = dict(connection.execute(key_query).all())
    return [
        Account(
            id=row["id"],
            login=row["login"],
            roles=frozenset(roles.get(row["id"], ())),
            police_number=row["police_number"],
            unit_code=row["unit_code"],
            display_name=row["display_name"],
            fingerprint=keys.get(row["id"], ""),
            disabled=bool(row["disabled"]),
        )
        for row in connection.execute(account_query).mappings()
    ]


def get_account(connection: Connection, login: str) -> Account | None:
    found = list_accounts(connection, login)
    return found[0] if found else None


def key_history(connection: Connection, account_id: int) -> list[tuple[bytes, str, str, str | None]]:
    """(public key, fingerprint, created, retired) for every key the account has had, oldest first."""
    query = (
        select(_K.c.public_key, _K.c.fingerprint, _K.c.created_at, _K.c.retired_at)
        .where(_K.c.account_id == account_id)
        .order_by(_K.c.id)
    )
    return [tuple(r) for r in connection.execute(query)]
