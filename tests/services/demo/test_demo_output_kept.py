"""What the demo produces for a seed and a clock is kept exactly while its work is made faster (issue 16, item 2:
`demo --officers 50000` in minutes): every declaration version with its content and status, every signature and
countersignature (who, when, on which commitment, void or not, late or not), every return, the accounts and their
roles, and the audit log's actions in order. Left out is only what is random by design: ids, keys, signatures'
bytes, the store id, hashes. Texts that Faker makes (names, enterprise names, addresses: every text with a Chinese
character) are kept as tokens numbered by first appearance, so that the file holds which texts are equal and where
they stand, never Faker's words, which a new Faker version may change.

The golden file was written by the demo as it was before the speed work (the branch's base, main at 556173d);
a change to what the demo makes on purpose (another helper's branch) rewrites it with

    PYTHONPATH=. .venv/bin/python -m tests.services.demo.test_demo_output_kept
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from desktop.services.clock import FixedClock
from desktop.services.demo.store import create_demo_store
from desktop.services.session.login import log_in
from desktop.services.session.throttle import LoginThrottle
from desktop.store import schema
from desktop.store.store import StorePaths

GOLDEN = Path(__file__).parent / "golden" / "demo_40_seed5.json"
AT = dt.datetime(2031, 3, 4, 2, 0, tzinfo=dt.UTC)
PASSWORD = "demo-pass-2468"


def demo_snapshot(folder: Path) -> dict[str, object]:
    """The demo store of 40 officers (seed 5, at AT, with the inspectors' part) as plain data."""
    clock = FixedClock(AT)
    create_demo_store(StorePaths(folder), officer_count=40, seed=5, clock=clock, password=PASSWORD, inspectors=True)
    session = log_in(StorePaths(folder), "admin", PASSWORD, clock=clock, throttle=LoginThrottle(folder.parent / "t"))
    try:
        with session.store.transaction() as connection:
            return _snapshot(connection)
    finally:
        session.lock()


def _snapshot(connection) -> dict[str, object]:  # type: ignore[no-untyped-def]
    c, d, s, r, a = schema.campaigns, schema.declarations, schema.signatures, schema.returns, schema.accounts
    campaigns = {row.id: row.name for row in connection.execute(select(c.c.id, c.c.name))}
    logins = {row.id: row.login for row in connection.execute(select(a.c.id, a.c.login))}
    # id -> (campaign name, police number, version): what names a declaration version across runs
    names = {
        row.id: (campaigns[row.campaign_id], row.police_number, row.version)
        for row in connection.execute(select(d.c.id, d.c.campaign_id, d.c.police_number, d.c.version))
    }
    rows = {
        "declarations": sorted(
            [
                *names[row.id],
                row.status,
                _content(row.content, campaigns),
                row.created_at,
                row.updated_at,
                list(names[row.supersedes]) if row.supersedes else None,
            ]
            for row in connection.execute(select(d))
        ),
        "signatures": sorted(
            [
                *names[row.declaration_id],
                row.kind,
                logins.get(row.signer_account_id),
                row.signed_at,
                row.commitment_sha256,
                row.opinion,
                bool(row.is_late),
                bool(row.void),
                row.payload_format,
            ]
            for row in connection.execute(select(s))
        ),
        "returns": sorted(
            [*names[row.declaration_id], row.reason, logins[row.returned_by], row.returned_at]
            for row in connection.execute(select(r))
        ),
        "accounts": sorted(
            [row.login, row.police_number, row.unit_code, row.display_name, row.created_at]
            for row in connection.execute(select(a))
        ),
        "roles": sorted([logins[row.account_id], row.role] for row in connection.execute(select(schema.account_roles))),
        "audit": [
            [row.at, row.actor, row.action]
            for row in connection.execute(
                select(schema.audit_log.c.at, schema.audit_log.c.actor, schema.audit_log.c.action).order_by(
                    schema.audit_log.c.seq
                )
            )
        ],
    }
    return _tokens(json.loads(json.dumps(rows, ensure_ascii=False, default=str)), {})


def _tokens(value: object, seen: dict[str, str]) -> object:
    """``value`` with every text holding a Chinese character replaced by its token ("text 1", "text 2" … by first
    appearance, walking keys in sorted order)."""
    if isinstance(value, str):
        if any("\u4e00" <= character <= "\u9fff" for character in value):
            return seen.setdefault(value, f"text {len(seen) + 1}")
        return value
    if isinstance(value, list):
        return [_tokens(item, seen) for item in value]
    if isinstance(value, dict):
        return {key: _tokens(value[key], seen) for key in sorted(value)}
    return value


def _content(text: str, campaigns: dict[str, str]) -> object:
    content = json.loads(text)
    content["campaign_id"] = campaigns.get(content.get("campaign_id", ""), "")
    return content


def test_the_demo_makes_what_it_made_before_it_was_made_faster(tmp_path: Path) -> None:
    found = demo_snapshot(tmp_path / "store")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for key in expected:
        assert found[key] == expected[key], key
    assert found.keys() == expected.keys()


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        snapshot = demo_snapshot(Path(folder) / "store")
    GOLDEN.parent.mkdir(exist_ok=True)
    lines = ",\n".join(
        f"{json.dumps(key)}: [\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n]"
        for key, rows in sorted(snapshot.items())
    )
    GOLDEN.write_text("{\n" + lines + "\n}\n", encoding="utf-8")  # a row a line: a change shows as its rows
    print(f"wrote {GOLDEN}")
