"""What signing and countersigning look up (one account's keys, the unit heads, one signer's key) is found through an
index, so their cost does not grow with the number of accounts or signatures (schema version 6)."""

from __future__ import annotations

from sqlalchemy import Select, select

from desktop.domain.roles import Role
from desktop.store import schema


def _plan(connection, query: Select) -> str:  # type: ignore[no-untyped-def,type-arg]
    compiled = query.compile(connection, compile_kwargs={"literal_binds": True})
    rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return " / ".join(str(row[-1]) for row in rows)


def test_the_lookups_of_a_signature_search_an_index_and_scan_no_table(admin_session):
    k, r, a, s = schema.account_keys, schema.account_roles, schema.accounts, schema.signatures
    queries = {
        "one account's keys": select(k.c.public_key).where(k.c.account_id == 7).order_by(k.c.id),
        "the unit heads": select(a.c.unit_code, a.c.police_number)
        .join(r, r.c.account_id == a.c.id)
        .where(r.c.role == Role.UNIT_HEAD.value),
        "an account key": select(k.c.public_key).where(k.c.fingerprint == "ab:cd"),
        "a received key": select(s.c.officer_public_key).where(s.c.signer_fingerprint == "ab:cd"),
    }
    with admin_session.store.transaction() as connection:
        for what, query in queries.items():
            plan = _plan(connection, query)
            assert "SCAN" not in plan.replace("SCAN CONSTANT", ""), f"{what}: {plan}"
            assert "USING" in plan, f"{what}: {plan}"


def test_the_key_continuity_lookups_of_a_countersignature_search_an_index(admin_session):
    """desktop.services.workflow.key_continuity: an officer's accounts by login, their keys, the officer's
    declarations by campaign and police number, their signatures (issue 12, finding 5)."""
    a, k, d, s = schema.accounts, schema.account_keys, schema.declarations, schema.signatures
    queries = {
        "accounts by login": select(a.c.id, a.c.police_number).where(a.c.login.in_(["000101"])),
        "their keys": select(k.c.account_id, k.c.fingerprint).where(k.c.account_id.in_([7])),
        "the officer's declarations": select(d.c.id).where(
            d.c.campaign_id.in_(["c1", "c2"]), d.c.police_number.in_(["000101"])
        ),
        "their signatures": select(s.c.kind, s.c.officer_public_key).where(s.c.declaration_id.in_(["x"])),
    }
    with admin_session.store.transaction() as connection:
        for what, query in queries.items():
            plan = _plan(connection, query)
            assert "SCAN" not in plan.replace("SCAN CONSTANT", ""), f"{what}: {plan}"
            assert "USING" in plan, f"{what}: {plan}"
