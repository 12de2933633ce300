"""Signing and countersigning in stores with many accounts: the store's work per signature must not grow with the
number of accounts (target ≤ 50 ms in a store of 50,000 accounts).

    .venv/bin/python bench/bench_accounts.py [--accounts 1000 5000 50000] [--runs 3] [--demo 5000]

Each store is built fast: the demo's cheap key-derivation cost, a few real accounts (officers and their heads,
created by the application's own code), and the rest as extra accounts written in bulk through the store's tables
and its key file (one wrapped slot shared by all of them: they are never opened). Then a few officers save a draft
(not timed), sign it and have it countersigned (timed: one officer a run, --runs runs; each figure line is the
median wall and CPU with the load average at the start and end, bench/measure.py). The
key derivation here is the cheap demo cost, so the figures are the store's own work; a real store adds its Argon2
cost (≈ 0.3 s by design) to every signature. ``--demo N`` also times ``create_demo_store`` with N officers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from bench.measure import Run, add_runs_argument, figure, median_cpu, timed, verdict
from desktop.crypto.kdf import DEMO_COST, KdfParams
from desktop.crypto.signing import SigningKey, fingerprint
from desktop.domain.roles import Role
from desktop.errors import DeclareError
from desktop.services.administration.accounts import create_accounts_in_bulk
from desktop.services.administration.campaigns import NEW_CAMPAIGN_FORM_VERSION, create_campaign
from desktop.services.clock import FixedClock, timestamp
from desktop.services.demo.declarations import _ContentMaker
from desktop.services.demo.form2 import Form2Details
from desktop.services.demo.store import build_roster, create_demo_store
from desktop.services.session.login import log_in
from desktop.services.session.setup import create_store
from desktop.services.session.throttle import LoginThrottle
from desktop.services.workflow import countersigning, declaring
from desktop.services.workflow.responsibility import Responsibility, responsible_unit
from desktop.store import schema
from desktop.store.keyfile import KeyFile
from desktop.store.repositories.officers import get_officer, save_officers
from desktop.store.repositories.units import save_units
from desktop.store.store import StorePaths, make_slot

TARGET_MS = 50.0
PASSWORD = "bench-pass-2026"
ROSTER = 60  # real officers (with their heads) behind the extra accounts
CLOCK = FixedClock(dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC))


def build(folder: Path, accounts: int) -> tuple[StorePaths, list[tuple[str, str]], str]:
    """A store with ``accounts`` accounts; returns it, (officer, head) logins to sign with, and the campaign."""
    paths = StorePaths(folder)
    units, officers = build_roster(ROSTER, seed=11, today=CLOCK.now().date())
    created = create_store(
        paths, unit=units[0], admin_login="admin", admin_password=PASSWORD, clock=CLOCK, demo=True, cost=DEMO_COST
    )
    store, admin = created.session.store, created.session
    now = timestamp(CLOCK)
    with store.transaction() as connection:
        save_units(connection, units[1:])
        save_officers(connection, officers)
    specs = [
        (
            o.police_number,
            frozenset({Role.OFFICER} | ({Role.UNIT_HEAD} if o.is_unit_head else set())),
            o.police_number,
            o.unit_code,
        )
        for o in officers
    ]
    create_accounts_in_bulk(store, specs, PASSWORD, now)
    _extra_accounts(store, accounts - len(specs) - 1, units[0].code, now)
    campaign = create_campaign(admin, name="bench", deadline=dt.date(2026, 12, 31), start_date=dt.date(2026, 11, 1))
    with store.transaction() as connection:
        responsibility = Responsibility(connection)
    heads = {o.unit_code: o.police_number for o in officers if o.is_unit_head}
    pairs = []
    for officer in officers:
        unit = responsible_unit(officer, responsibility.units, responsibility.heads)
        if not officer.is_unit_head and unit in heads:
            pairs.append((officer.police_number, heads[unit]))
    admin.lock()
    return paths, pairs, campaign.id


def _extra_accounts(store, count: int, unit_code: str, now: str) -> None:  # type: ignore[no-untyped-def]
    """``count`` more accounts in the tables and the key file, written in bulk."""
    if count <= 0:
        return
    key = SigningKey.generate()
    slot = make_slot(store.store_id, "extra", PASSWORD, store.data_key, key, KdfParams.fresh(DEMO_COST))
    logins = [f"extra{i:06d}" for i in range(count)]
    with store.transaction() as connection:
        first = int(connection.execute(select(func.max(schema.accounts.c.id))).scalar())
        ids = range(first + 1, first + 1 + count)
        connection.execute(
            schema.accounts.insert(),
            [
                {
                    "id": i,
                    "login": login,
                    "police_number": None,
                    "unit_code": unit_code,
                    "display_name": login,
                    "created_at": now,
                    "disabled": False,
                    "must_change_password": False,
                }
                for i, login in zip(ids, logins, strict=True)
            ],
        )
        connection.execute(schema.account_roles.insert(), [{"account_id": i, "role": "officer"} for i in ids])
        keys = [os.urandom(32) for _ in ids]
        connection.execute(
            schema.account_keys.insert(),
            [
                {"account_id": i, "public_key": k, "fingerprint": fingerprint(k), "created_at": now}
                for i, k in zip(ids, keys, strict=True)
            ],
        )

    def add(current: KeyFile) -> KeyFile:
        changed: dict[str, object] = {"accounts": {**current.accounts, **dict.fromkeys(logins, slot)}}
        if hasattr(current, "accounts_file"):  # format 2 (run on an older checkout, the bench measures format 1)
            changed["accounts_file"] = None
        return replace(current, **changed)  # type: ignore[arg-type]

    store.update_key_file(add)


def measure(folder: Path, accounts: int, repeat: int) -> dict[str, list[Run]]:
    started = time.perf_counter()
    paths, pairs, campaign_id = build(folder, accounts)
    size = sum(p.stat().st_size for p in paths.folder.glob("keys*.json"))
    print(
        f"{accounts:>6} accounts: store built in {time.perf_counter() - started:.1f} s (key files {size / 1e6:.1f} MB)"
    )
    throttle = LoginThrottle(folder / "state" / "throttle.json")
    maker, details = _ContentMaker(3), Form2Details(3)
    figures: dict[str, list[Run]] = {"sign": [], "countersign": []}
    for officer_login, head_login in pairs:
        if len(figures["sign"]) >= repeat:
            break
        officer = log_in(paths, officer_login, PASSWORD, clock=CLOCK, throttle=throttle)
        head = log_in(paths, head_login, PASSWORD, clock=CLOCK, throttle=throttle)
        try:
            with officer.store.transaction() as connection:
                me = get_officer(connection, officer_login)
            assert me is not None
            # The campaign is on the newest form version: the demo's content with what that version asks besides.
            day = CLOCK.now().date()
            content = details.complete(maker.declaration(me, day), NEW_CAMPAIGN_FORM_VERSION, day)
            try:
                saved = declaring.save_draft(officer, content, campaign_id)
            except DeclareError:
                continue  # made-up content the checks refuse: take the next officer
            if saved.problems:
                warnings = tuple(sorted(p.key for p in saved.problems if p.severity.value == "warning"))
                declaring.save_draft(
                    officer, saved.record.declaration.with_changes(acknowledged_warnings=warnings), campaign_id
                )
            figures["sign"].append(timed(partial(declaring.sign, officer, PASSWORD, campaign_id))[0])
            figures["countersign"].append(
                timed(partial(countersigning.countersign, head, officer_login, "属实。", PASSWORD, campaign_id))[0]
            )
        finally:
            officer.lock()
            head.lock()
    return figures


def report(accounts: int, figures: dict[str, list[Run]]) -> None:
    for kind, runs in figures.items():
        if not runs:
            print(f"  {kind}: no run")
            continue
        cpu_ms = median_cpu(runs) * 1000
        print(
            figure(
                f"{kind} in a store of {accounts} accounts",
                runs,
                f"target ≤ {TARGET_MS:.0f} ms CPU of store work: {cpu_ms:.1f} ms, {verdict(cpu_ms <= TARGET_MS)}",
            )
        )


def time_demo(officers: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        run, demo = timed(
            lambda: create_demo_store(
                StorePaths(Path(folder) / "demo"), officer_count=officers, seed=seed, clock=CLOCK, password=PASSWORD
            )
        )
    print(figure(f"demo store with {demo.officers} officers (seed {seed}) [once]", [run]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, nargs="*", default=[1_000, 5_000, 50_000])
    add_runs_argument(parser, "--repeat")
    parser.add_argument("--demo", type=int, default=0, help="also time a demo store with this many officers")
    parser.add_argument("--seed", type=int, default=2026, help="the demo's random seed")
    args = parser.parse_args()
    for accounts in args.accounts:
        with tempfile.TemporaryDirectory() as folder:
            report(accounts, measure(Path(folder), accounts, args.runs))
    if args.demo:
        time_demo(args.demo, args.seed)


if __name__ == "__main__":
    main()
