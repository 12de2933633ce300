"""Creating a store: the first unit, the administrator, and the recovery key shown once."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.crypto.kdf import DEMO_COST, KdfCost, KdfParams, tune_cost
from desktop.crypto.signing import SigningKey
from desktop.domain.password_policy import check_password
from desktop.domain.roles import Role
from desktop.domain.units import Unit
from desktop.i18n import N_
from desktop.services.clock import Clock, timestamp
from desktop.services.errors import InvalidInput, NotAllowed
from desktop.services.session.kdf_policy import save_cost
from desktop.services.session.login import check_login
from desktop.services.session.session import Session
from desktop.store import audit
from desktop.store.repositories.accounts import get_account, insert_account
from desktop.store.repositories.units import save_units
from desktop.store.store import Store, StorePaths, discard_new_store, make_slot


@dataclass(frozen=True)
class NewStore:
    session: Session
    recovery_key: str  # show once; it is not stored anywhere in readable form


def create_store(
    paths: StorePaths,
    *,
    unit: Unit,
    admin_login: str,
    admin_password: str,
    clock: Clock,
    demo: bool = False,
    cost: KdfCost | None = None,
) -> NewStore:
    """Create a store whose first account is an administrator of ``unit``.

    A real store (demo=False) always uses a production-strength cost, tuned to this machine when none is given.
    """
    check_login(admin_login)
    if not unit.code.strip() or not unit.name.strip():
        raise NotAllowed(N_("The first unit needs a code and a name."))
    problems = check_password(admin_password, admin_login, (unit.code, unit.name))
    if problems:
        raise InvalidInput(problems)
    if demo:
        cost = cost or DEMO_COST
    else:
        cost = cost or tune_cost()
        if not cost.is_production_strength:
            raise ValueError("a real store needs a production-strength key-derivation cost")
    now = timestamp(clock)
    store, recovery_key = Store.create(paths, created_at=now, demo=demo)
    try:
        signing_key = SigningKey.generate()
        with store.transaction() as connection:
            save_cost(connection, cost)
            save_units(connection, [unit])
            insert_account(
                connection,
                login=admin_login,
                roles=frozenset({Role.ADMIN}),
                police_number=None,
                unit_code=unit.code,
                display_name=admin_login,
                public_key=signing_key.public_key,
                now=now,
            )
            slot = make_slot(
                store.store_id, admin_login, admin_password, store.data_key, signing_key, KdfParams.fresh(cost)
            )
            entry = audit.append(
                connection,
                at=now,
                actor=admin_login,
                action="store_created",
                subject=store.store_id,
                details={"demo": demo, "admin_fingerprint": signing_key.fingerprint},
            )
            # The key file is written last, inside the transaction: if it fails, the database rolls back.
            head = audit.ChainHead(entry.seq, entry.hash).to_json()
            store.write_first_key_file(store.key_file.with_account(admin_login, slot).with_audit_head(head))
            account = get_account(connection, admin_login)
    except BaseException:
        store.lock()
        discard_new_store(paths)
        raise
    assert account is not None
    return NewStore(Session(store, account, signing_key, clock), recovery_key)
