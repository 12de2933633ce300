"""A demo store with believable data (Faker zh_CN): a unit tree, a roster, and accounts for every role.

Demo stores use the cheap key-derivation cost and are marked as demo stores; the application says so.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass, field

from faker import Faker

from desktop.domain.officers import Officer
from desktop.domain.roles import Role
from desktop.domain.units import Unit
from desktop.services.administration.accounts import create_accounts_in_bulk
from desktop.services.clock import Clock, campaign_today, timestamp
from desktop.services.demo.declarations import populate
from desktop.services.demo.identities import IdNumbers
from desktop.services.demo.review import DemoReview, play_inspectors
from desktop.services.session.setup import create_store
from desktop.store.repositories.officers import save_officers
from desktop.store.repositories.units import save_units
from desktop.store.store import StorePaths

ADMIN_LOGIN = "admin"
INSPECTOR_LOGINS = ("jijian01", "jijian02")

# (code, name, parent, jurisdiction, kind); kind decides the head's title and how many officers it gets.
_UNITS: tuple[tuple[str, str, str | None, str, str], ...] = (
    ("1311", "清河市公安局", None, "清河市全域", "city"),
    ("131101", "清河市公安局治安管理支队", "1311", "清河市全域(治安管理)", "detachment"),
    ("131102", "清河市公安局刑事侦查支队", "1311", "清河市全域(刑事侦查)", "detachment"),
    ("131103", "清河市公安局交通警察支队", "1311", "清河市全域(道路交通)", "detachment"),
    ("131121", "清河市公安局东城区分局", "1311", "东城区", "county"),
    ("13112101", "东城区分局城关派出所", "131121", "东城区城关街道", "station"),
    ("13112102", "东城区分局新华派出所", "131121", "东城区新华街道", "station"),
    ("131122", "清河市公安局西城区分局", "1311", "西城区", "county"),
    ("13112201", "西城区分局解放路派出所", "131122", "西城区解放路街道", "station"),
    ("13112202", "西城区分局北关派出所", "131122", "西城区北关镇", "station"),
    ("131123", "清河县公安局", "1311", "清河县", "county"),
    ("13112301", "清河县公安局城南派出所", "131123", "清河县城南镇", "station"),
    ("13112302", "清河县公安局河口派出所", "131123", "清河县河口乡", "station"),
)
_WEIGHT = {"city": 3, "detachment": 3, "county": 3, "station": 5}
_HEAD_TITLE = {"city": "局长", "detachment": "支队长", "county": "局长", "station": "所长"}
_DEPUTY_TITLE = {"city": "副局长", "detachment": "副支队长", "county": "副局长", "station": "副所长"}
_RANKS = ("一级警员", "二级警员", "四级警长", "三级警长", "二级警长", "一级警长")
_SENIOR_RANKS = ("四级高级警长", "三级高级警长", "二级高级警长", "一级高级警长")


@dataclass
class DemoStore:
    paths: StorePaths
    password: str
    password_generated: bool
    units: int
    officers: int
    logins: dict[str, list[str]] = field(default_factory=dict)  # role → logins
    declarations: dict[str, int] = field(default_factory=dict)  # status → count in this year's campaign
    review: DemoReview | None = None  # the inspectors' part, when played


def build_roster(officer_count: int, seed: int, *, today: dt.date) -> tuple[list[Unit], list[Officer]]:
    """The unit tree and roster for ``seed`` on ``today`` (the officers' ages are counted to it): every unit has a
    head; bureaus have leadership teams. Names come from Faker, seeded; ID numbers from IdNumbers."""
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    id_numbers = IdNumbers(seed)
    units = [Unit(code, name, parent, area) for code, name, parent, area, _kind in _UNITS]
    kinds = {code: kind for code, _n, _p, _a, kind in _UNITS}
    counts = _spread(officer_count, [_WEIGHT[kind] for *_rest, kind in _UNITS], rng)
    officers: list[Officer] = []
    used_ids: set[str] = set()
    serial = 0
    for (code, _name, _parent, _area, kind), count in zip(_UNITS, counts, strict=True):
        for index in range(count):
            serial += 1
            head, deputy = index == 0, index in (1, 2)
            bureau = kinds[code] in {"city", "county"}
            id_number = id_numbers.id_number(today, min_age=40 if head else 23, max_age=59)
            while id_number in used_ids:
                id_number = id_numbers.id_number(today, min_age=40 if head else 23, max_age=59)
            used_ids.add(id_number)
            officers.append(
                Officer(
                    police_number=f"{serial:06d}",
                    name=fake.name(),
                    id_number=id_number,
                    unit_code=code,
                    position=_HEAD_TITLE[kind] if head else _DEPUTY_TITLE[kind] if deputy else "民警",
                    rank_level=rng.choice(_SENIOR_RANKS) if head or deputy else rng.choice(_RANKS),
                    is_leadership_member=bureau and (head or deputy),
                    is_unit_head=head,
                    is_division_level=(kind == "city" and (head or deputy)) or (kind == "detachment" and head),
                )
            )
    return units, officers


def _spread(total: int, weights: list[int], rng: random.Random) -> list[int]:
    """Split ``total`` officers over units by weight, at least one each while there are enough to go round."""
    counts = [1 if i < total else 0 for i in range(len(weights))]
    for _ in range(max(0, total - len(weights))):
        counts[rng.choices(range(len(weights)), weights=weights)[0]] += 1
    return counts


def create_demo_store(
    paths: StorePaths,
    *,
    officer_count: int,
    seed: int,
    clock: Clock,
    password: str | None,
    inspectors: bool = False,
    bulk: bool = True,
) -> DemoStore:
    """Create the demo store. Every account's password is ``password``, or one generated and returned.

    With ``inspectors``, the demo also plays the inspectors' part (desktop.services.demo.review): every unit's
    workbook exported and imported, the heads' keys confirmed, and declarations staged so that every review rule
    fires. It is off by default because it changes declarations that a plain demo store keeps as they are.
    The officers' and heads' acts are played in bulk unless ``bulk`` is False (through the workflow's services,
    one act at a time: the same rows, tests/services/demo/test_demo_bulk.py)."""
    generated = password is None
    password = password or f"demo-{secrets.token_hex(5)}"
    today = campaign_today(clock)
    units, officers = build_roster(officer_count, seed, today=today)
    root = units[0]
    created = create_store(paths, unit=root, admin_login=ADMIN_LOGIN, admin_password=password, clock=clock, demo=True)
    store = created.session.store
    now = timestamp(clock)
    try:
        with store.transaction() as connection:
            save_units(connection, units[1:])
            save_officers(connection, officers)
        specs: list[tuple[str, frozenset[Role], str | None, str | None]] = [
            (login, frozenset({Role.INSPECTOR}), None, root.code) for login in INSPECTOR_LOGINS
        ]
        for officer in officers:
            roles = {Role.OFFICER} | ({Role.UNIT_HEAD} if officer.is_unit_head else set())
            specs.append((officer.police_number, frozenset(roles), officer.police_number, officer.unit_code))
        create_accounts_in_bulk(store, specs, password, now)
        with store.batched_audit_head():
            declarations = populate(store, password, seed=seed, today=today, bulk=bulk)
            review = play_inspectors(store, password, seed=seed) if inspectors else None
    finally:
        store.lock()
    heads = [o.police_number for o in officers if o.is_unit_head]
    plain = [o.police_number for o in officers if not o.is_unit_head]
    return DemoStore(
        paths=paths,
        password=password,
        password_generated=generated,
        units=len(units),
        officers=len(officers),
        declarations=declarations.by_status,
        review=review,
        logins={
            Role.ADMIN.value: [ADMIN_LOGIN],
            Role.INSPECTOR.value: list(INSPECTOR_LOGINS),
            Role.UNIT_HEAD.value: heads,
            Role.OFFICER.value: plain,
        },
    )
