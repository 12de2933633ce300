"""A small organisation for the workflow tests, in a real store with real keys.

Unit A (220402, head hA) has a child unit B (head hB; deputy head dB, who holds the unit-head role but is not the
unit's head; officers o1, o2) and another child C (head hC; officer o3).
Every account is created before anyone logs in: each session keeps its own copy of the key file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import Declaration, DeclarationStatus
from desktop.domain.officers import Officer
from desktop.domain.questions import Question
from desktop.domain.roles import Role
from desktop.domain.units import Unit
from desktop.services.administration import accounts
from desktop.services.administration.campaigns import NEW_CAMPAIGN_FORM_VERSION, create_campaign
from desktop.services.clock import FixedClock
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.services.session.setup import create_store
from desktop.services.session.throttle import LoginThrottle
from desktop.store import audit, schema
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.declarations import DeclarationRecord, SignatureRow
from desktop.store.repositories.officers import save_officers
from desktop.store.repositories.units import save_units
from desktop.store.store import StorePaths
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD
from tests.domain import builders
from tests.form.builders import on_form

UNIT_A, UNIT_B, UNIT_C = "220402", "220402510000", "220402520000"
UNITS = [
    Unit(UNIT_B, "辽源市公安局龙山区分局向阳派出所", UNIT_A, "向阳街道"),
    Unit(UNIT_C, "辽源市公安局龙山区分局刑事侦查大队", UNIT_A, ""),
]
DEADLINE = dt.date(2026, 11, 30)

#: login → (officer, roles). o1 carries the builders' officer ID number, so builders.declaration() fits o1.
PEOPLE: dict[str, tuple[Officer, frozenset[Role]]] = {
    "hA": (
        Officer(
            "100001",
            "刘局长",
            builders.id_number("220402", "19680101", "011"),
            UNIT_A,
            position="局长",
            is_unit_head=True,
        ),
        frozenset({Role.OFFICER, Role.UNIT_HEAD}),
    ),
    "hB": (
        Officer(
            "200001",
            "陈所长",
            builders.id_number("220402", "19720505", "031"),
            UNIT_B,
            position="所长",
            is_unit_head=True,
        ),
        frozenset({Role.OFFICER, Role.UNIT_HEAD}),
    ),
    "dB": (
        Officer(
            "200004",
            "郑副所长",
            builders.id_number("220402", "19800404", "015"),
            UNIT_B,
            position="副所长",
            is_leadership_member=True,
        ),
        frozenset({Role.OFFICER, Role.UNIT_HEAD}),
    ),
    "o1": (builders.officer(police_number="200002", unit_code=UNIT_B), frozenset({Role.OFFICER})),
    "o2": (
        Officer("200003", "孙警官", builders.id_number("220402", "19880808", "052"), UNIT_B, position="民警"),
        frozenset({Role.OFFICER}),
    ),
    "hC": (
        Officer(
            "300001",
            "周大队长",
            builders.id_number("220402", "19750202", "071"),
            UNIT_C,
            position="大队长",
            is_unit_head=True,
        ),
        frozenset({Role.OFFICER, Role.UNIT_HEAD}),
    ),
    "o3": (
        Officer("300002", "吴警官", builders.id_number("220402", "19900909", "093"), UNIT_C, position="民警"),
        frozenset({Role.OFFICER}),
    ),
}


@dataclass
class World:
    admin: Session
    sessions: dict[str, Session]
    campaign: Campaign
    paths: StorePaths
    clock: FixedClock
    throttle: LoginThrottle

    def __getitem__(self, login: str) -> Session:
        return self.sessions[login]

    def number(self, login: str) -> str:
        return PEOPLE[login][0].police_number

    def login(self, login: str) -> Session:
        session = log_in(self.paths, login, USER_PASSWORD, clock=self.clock, throttle=self.throttle)
        self.sessions[login] = session
        return session

    def close(self) -> None:
        for session in self.sessions.values():
            session.lock()


def build_world(
    admin_session: Session,
    add_user: Callable[..., object],
    paths: StorePaths,
    clock: FixedClock,
    throttle: LoginThrottle,
    logins: tuple[str, ...] = tuple(PEOPLE),
    form_version: int | None = None,
) -> World:
    """The organisation, its accounts logged in, and a campaign on ``form_version`` (default: the newest)."""
    with admin_session.store.transaction() as connection:
        save_units(connection, UNITS)
        save_officers(connection, [officer for officer, _ in PEOPLE.values()])
    for login in logins:
        officer, roles = PEOPLE[login]
        add_user(login, set(roles), police_number=officer.police_number)
    campaign = create_campaign(
        admin_session, name="2026年度经商办企业专项登记", deadline=DEADLINE, form_version=form_version
    )
    world = World(admin_session, {}, campaign, paths, clock, throttle)
    for login in logins:
        world.login(login)
    return world


def standalone_world(folder: Path, logins: tuple[str, ...] = tuple(PEOPLE)) -> World:
    """The same world outside the function-scoped fixtures, for a module-scoped sample; close() it after use."""
    clock = FixedClock(dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC))
    paths = StorePaths(folder / "store")
    throttle = LoginThrottle(folder / "state" / "throttle.json")
    admin = create_store(
        paths,
        unit=Unit(UNIT_A, "辽源市公安局龙山区分局", None, "龙山区"),
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        clock=clock,
        demo=True,
    ).session

    def add_user(login: str, roles: set[Role], **kwargs: object) -> object:
        return accounts.add_account(admin, login=login, password=USER_PASSWORD, roles=frozenset(roles), **kwargs)  # type: ignore[arg-type]

    world = build_world(admin, add_user, paths, clock, throttle, logins)
    world.sessions["admin"] = admin
    return world


def all_keys(session: Session) -> dict[str, bytes]:
    """Every public key of the store by fingerprint, to check signatures after the store is locked."""
    with session.store.transaction() as connection:
        return dict(
            connection.execute(select(schema.account_keys.c.fingerprint, schema.account_keys.c.public_key)).all()
        )


def clean_declaration(officer: Officer, campaign_id: str = "", form_version: int | None = None) -> Declaration:
    """A declaration without problems for any officer: every question answered no, on ``form_version`` (default:
    the version new campaigns get, which build_world's campaign has)."""
    content = Declaration(
        campaign_id=campaign_id, officer=officer, unit_name="", answers=dict.fromkeys(Question, False)
    )
    return on_form(content, NEW_CAMPAIGN_FORM_VERSION if form_version is None else form_version)


def full_declaration(form_version: int | None = None) -> Declaration:
    """o1's declaration with a row under every question (builders.declaration), on ``form_version`` (default: the
    version new campaigns get, which build_world's campaign has)."""
    return on_form(builders.declaration(), NEW_CAMPAIGN_FORM_VERSION if form_version is None else form_version)


@dataclass(frozen=True)
class State:
    """What must not change when an action is refused."""

    status: DeclarationStatus | None
    signatures: tuple[SignatureRow, ...]
    audit_length: int
    declaration: Declaration | None


def state(session: Session, record_id: str | None) -> State:
    with session.store.transaction() as connection:
        record = repo.get(connection, record_id) if record_id else None
        rows = tuple(repo.signature_rows(connection, record_id)) if record_id else ()
        length = len(audit.entries(connection))
    return State(record.status if record else None, rows, length, record.declaration if record else None)


def latest(session: Session, police_number: str, campaign_id: str) -> DeclarationRecord | None:
    with session.store.transaction() as connection:
        return repo.latest(connection, campaign_id, police_number)
