"""The demo's bulk path (desktop.services.demo.bulk) makes exactly what its workflow path makes: two demo stores of
the same seed and clock, one played through the workflow's services and one in bulk, hold the same rows in every
table. Only what is random by nature differs (ids, keys, signatures' bytes, the store id, the audit chain's hashes):
ids are compared by what they name, keys by whose they are, every signature by verifying it with the store's keys
(void ones too) and the chain by checking it; and the bulk store passes `integrity-check` and `audit verify`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, select

from desktop.crypto.verification import verify_declaration
from desktop.domain.declarations import DeclarationStatus
from desktop.services.clock import FixedClock
from desktop.services.demo.bulk import BulkActs
from desktop.services.demo.store import create_demo_store
from desktop.services.workflow.responsibility import Responsibility
from desktop.services.workflow.verification import store_keys
from desktop.store import audit, schema
from desktop.store.keyfile import KeyFile
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.accounts import list_accounts
from desktop.store.repositories.officers import list_officers
from desktop.store.store import Store, StorePaths
from tests.cli.support import run

AT = dt.datetime(2031, 3, 4, 2, 0, tzinfo=dt.UTC)
PASSWORD = "demo-pass-1357"
OFFICERS, SEED = 60, 11


def _demo(folder: Path, *, bulk: bool) -> Path:
    create_demo_store(
        StorePaths(folder), officer_count=OFFICERS, seed=SEED, clock=FixedClock(AT), password=PASSWORD, bulk=bulk
    )
    return folder


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("demo-bulk")
    return _demo(base / "workflow", bulk=False), _demo(base / "bulk", bulk=True)


def _names(connection: Connection, store_id: str) -> dict[object, str]:
    """What every random value of the store names: ids by what they identify, keys by whose they are."""
    names: dict[object, str] = {store_id: "the store"}
    campaigns = {row.id: row.name for row in connection.execute(select(schema.campaigns))}
    names.update({cid: f"campaign {name}" for cid, name in campaigns.items()})
    d = schema.declarations
    for row in connection.execute(select(d.c.id, d.c.campaign_id, d.c.police_number, d.c.version)):
        names[row.id] = f"declaration {campaigns[row.campaign_id]} {row.police_number} v{row.version}"
    logins = dict(connection.execute(select(schema.accounts.c.id, schema.accounts.c.login)).all())
    k = schema.account_keys
    for row in connection.execute(select(k)):
        owner = logins[row.account_id]
        names[row.fingerprint] = f"key of {owner}"
        names[bytes(row.public_key)] = f"public key of {owner}"
    return names


def _verified_signatures(connection: Connection) -> dict[int, bool]:
    """Every signature row's id → whether its signature verifies with the store's keys over what it signed: an
    officer signature alone (void ones too: a return leaves the content as it was signed), a countersignature
    over the officer signature before it."""
    keys = store_keys(connection)
    campaigns = {row.id: row.commitment_sha256 for row in connection.execute(select(schema.campaigns))}
    results: dict[int, bool] = {}
    for values in connection.execute(select(schema.declarations)).mappings():
        record = repo.get(connection, values["id"])
        assert record is not None
        officer_row = None
        for row in repo.signature_rows(connection, record.id):
            if row.kind == repo.OFFICER_KIND:
                officer_row = row
                signed = repo.signed_from_rows(record, row, None)
                required = False
            else:
                signed = repo.signed_from_rows(record, officer_row, row)
                required = True
            result = verify_declaration(
                signed,
                keys,
                expected_commitment_sha256=campaigns[record.campaign_id],
                require_countersignature=required,
            )
            results[row.id] = result.valid
    return results


def _stable(value: Any, names: dict[object, str]) -> Any:
    """``value`` with every random part replaced by what it names; JSON texts compared as their values."""
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes | str) and value in names:
        return names[value]
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return _stable(json.loads(value), names)
        except ValueError:
            return value
    if isinstance(value, dict):
        return {key: _stable(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_stable(item, names) for item in value]
    if isinstance(value, bytes):
        return f"{len(value)} random bytes"
    return value


def _tables(folder: Path) -> dict[str, list[list[Any]]]:
    """Every table's rows made stable, in one order; signatures by their verification."""
    store, _key = Store.unlock(StorePaths(folder), "admin", PASSWORD)
    try:
        with store.transaction() as connection:
            names = _names(connection, store.store_id)
            verified = _verified_signatures(connection)
            assert verified, "the demo made signatures"
            assert all(verified.values()), "every signature verifies"
            chain = audit.verify_chain(
                connection, audit.ChainHead.from_json(KeyFile.load(store.paths.key_file).audit_head)
            )
            assert chain.ok, chain
            tables: dict[str, list[list[Any]]] = {}
            for table in schema.metadata.sorted_tables:
                rows = connection.execute(select(table).order_by(*table.primary_key.columns)).mappings()
                stable = [
                    [
                        verified[row["id"]]
                        if (table is schema.signatures and column == "signature")
                        else "hash"
                        if (table is schema.audit_log and column in {"hash", "prev_hash"})
                        else _stable(value, names)
                        for column, value in row.items()
                    ]
                    for row in rows
                ]
                # In one order whatever the random ids: integer keys (signatures, the audit log) are in each row.
                tables[table.name] = sorted(stable, key=lambda r: json.dumps(r, ensure_ascii=False, default=str))
            return tables
    finally:
        store.lock()


def test_the_bulk_path_makes_the_rows_the_workflow_makes(stores: tuple[Path, Path]) -> None:
    workflow, bulk = (_tables(folder) for folder in stores)
    assert workflow.keys() == bulk.keys()
    for name in workflow:
        assert bulk[name] == workflow[name], name
    statuses = {row[4] for row in bulk["declarations"]}
    # Every path through the script was taken: returned, amended (superseded), signed, countersigned, drafts.
    assert {s.value for s in DeclarationStatus} <= statuses | {"not_started"}, statuses
    assert bulk["returns"], "a declaration was returned"


def test_the_bulk_store_passes_integrity_check_and_audit_verify(
    stores: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", PASSWORD)
    folder = str(stores[1])
    checked = run(["--lang", "en", "--data-dir", folder, "--user", "admin", "integrity-check"])
    assert checked.code == 0, checked.err
    verified = run(["--lang", "en", "--data-dir", folder, "--user", "admin", "audit", "verify"])
    assert verified.code == 0, verified.err + verified.out


def test_the_bulk_path_refuses_a_store_that_already_has_declarations(stores: tuple[Path, Path]) -> None:
    """It reads back only what it holds, so a store with declarations (the officers' earlier versions, the
    previous campaign's) would get rows the workflow would not make."""
    store, _key = Store.unlock(StorePaths(stores[1]), "admin", PASSWORD)
    try:
        with store.transaction() as connection:
            accounts = {a.login: a for a in list_accounts(connection)}
            officers = list_officers(connection)
            responsibility = Responsibility(connection)
        with pytest.raises(RuntimeError, match="without declarations"):
            BulkActs(store, PASSWORD, accounts, officers, {}, responsibility)
    finally:
        store.lock()
