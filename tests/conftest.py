"""Shared fixtures: real SQLCipher stores in tmp_path, a fixed clock, a throttle file outside the store."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from desktop.domain.officers import Officer
from desktop.domain.roles import Role
from desktop.domain.units import Unit
from desktop.services.administration import accounts
from desktop.services.clock import FixedClock
from desktop.services.session.session import Session
from desktop.services.session.setup import create_store
from desktop.services.session.throttle import LoginThrottle
from desktop.store.store import StorePaths
from tests.domain.builders import id_number_ending_in_x

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ADMIN_PASSWORD = "admin-pass-8472"
USER_PASSWORD = "user-pass-5531"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every per-user folder (data, state, config) into a temporary home, so no test touches the real one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for name in (
        "OFFICER_DECLARE_HOME",
        "OFFICER_DECLARE_PASSWORD",
        "OFFICER_DECLARE_USER",
        "OFFICER_DECLARE_NEW_PASSWORD",
        "OFFICER_DECLARE_LANG",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC))


@pytest.fixture
def paths(tmp_path: Path) -> StorePaths:
    return StorePaths(tmp_path / "store")


@pytest.fixture
def throttle(tmp_path: Path) -> LoginThrottle:
    return LoginThrottle(tmp_path / "state" / "throttle.json")


@pytest.fixture
def admin_session(paths: StorePaths, clock: FixedClock) -> Session:
    """A demo-cost store with one unit (220402) and an administrator 'admin'."""
    created = create_store(
        paths,
        unit=Unit("220402", "辽源市公安局龙山区分局", None, "龙山区"),
        admin_login="admin",
        admin_password=ADMIN_PASSWORD,
        clock=clock,
        demo=True,
    )
    yield created.session
    created.session.lock()


@pytest.fixture
def add_user(admin_session: Session):
    def _add(login: str, roles: set[Role], **kwargs: object):
        return accounts.add_account(
            admin_session, login=login, password=USER_PASSWORD, roles=frozenset(roles), **kwargs
        )

    return _add


# -- a demo store for the workbook tests (export, verify, import, receive) -----------------------------------------

DEMO_STORE_PASSWORD = "demo-pass-6154"
DEMO_STORE_SEED = 7
#: In the demo roster of DEMO_STORE_SEED: an officer whose police number has leading zeros, and the head of the
#: officer's unit (131121), who countersigns the officer's declaration. Police numbers and units come from the demo's
#: own seeded code; names and ID numbers are generated, so no test pins them: read them with ``roster_officer``.
RICH_OFFICER, RICH_HEAD, RICH_UNIT = "000017", "000016", "131121"
#: RICH_OFFICER's ID number, which ends in X: the template's roster is given it before the officer declares.
RICH_OFFICER_ID = id_number_ending_in_x("110105", "19900307")
INSPECTOR = "jijian01"
ROOT_UNIT = "1311"


class DemoWorld:
    """A private copy of the demo store: log in as anyone (every password DEMO_STORE_PASSWORD)."""

    def __init__(self, folder: Path, throttle_path: Path) -> None:
        self.paths = StorePaths(folder)
        self.clock = FixedClock(dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC))
        self.throttle = LoginThrottle(throttle_path)
        self.password = DEMO_STORE_PASSWORD
        self.sessions: list[Session] = []

    def login(self, login: str) -> Session:
        from desktop.services.session.login import log_in

        session = log_in(self.paths, login, self.password, clock=self.clock, throttle=self.throttle)
        self.sessions.append(session)
        return session

    def close(self) -> None:
        for session in self.sessions:
            session.lock()


def roster_officer(paths: StorePaths, police_number: str, password: str = DEMO_STORE_PASSWORD) -> Officer:
    """The officer as the store's roster has it (read as the administrator 'admin')."""
    from desktop.services.session.login import log_in
    from desktop.store.repositories.officers import get_officer

    session = log_in(
        paths,
        "admin",
        password,
        clock=FixedClock(dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)),
        throttle=LoginThrottle(paths.folder.parent / "roster-throttle.json"),
    )
    try:
        with session.store.transaction() as connection:
            officer = get_officer(connection, police_number)
    finally:
        session.lock()
    assert officer is not None, police_number
    return officer


def declare_everything(session: Session, password: str, **changes: object) -> object:
    """The logged-in officer saves a declaration with a row under every question (all answered yes), confirms every
    warning and signs it. ``changes`` alter the interests' fields (e.g. enterprise_name). Returns the signed record."""
    import dataclasses

    from desktop.domain.questions import Question, Relation
    from desktop.services.workflow import declaring
    from desktop.store.repositories.officers import get_officer
    from tests.domain import builders
    from tests.form.builders import on_form

    record = declaring.start_draft(session)
    with session.store.transaction() as connection:  # as the roster has the officer now, as saving takes it
        me = get_officer(connection, record.police_number)
    assert me is not None
    rows = []
    for question in Question:
        row = builders.interest(question, **changes)
        if row.relation is Relation.SELF:
            row = dataclasses.replace(
                row, holder_name=me.name, holder_id_number=me.id_number if row.holder_id_number else ""
            )
        rows.append(row)
    content = on_form(
        record.declaration.with_changes(answers=dict.fromkeys(Question, True), interests=tuple(rows), remarks="无"),
        record.declaration.form_version,  # the campaign's
    )
    saved = declaring.save_draft(session, content)
    warnings = tuple(f"{p.path}:{p.code}" for p in saved.problems)
    if warnings:
        declaring.save_draft(session, saved.record.declaration.with_changes(acknowledged_warnings=warnings))
    return declaring.sign(session, password)


@pytest.fixture(scope="session")
def demo_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: the demo store (40 officers, countersigned declarations in several units, heads, inspectors
    'jijian01' and 'jijian02'), plus RICH_OFFICER's declaration with six interests, countersigned by RICH_HEAD,
    made after the roster gave RICH_OFFICER the ID number RICH_OFFICER_ID. Copy it with the ``demo_world`` fixture;
    never change it."""
    from desktop.services.demo.store import create_demo_store
    from desktop.services.workflow import countersigning

    root = tmp_path_factory.mktemp("demo-template")
    folder = root / "store"
    clock = FixedClock(dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC))
    with pytest.MonkeyPatch.context() as patch:  # the per-test home of _isolated_home does not exist yet
        for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(name, str(root / "home" / name.lower()))
        create_demo_store(
            StorePaths(folder), officer_count=40, seed=DEMO_STORE_SEED, clock=clock, password=DEMO_STORE_PASSWORD
        )
        world = DemoWorld(folder, root / "throttle.json")
        world.clock = clock
        try:
            _give_id_number(world.login("admin"), RICH_OFFICER, RICH_OFFICER_ID)
            declare_everything(world.login(RICH_OFFICER), DEMO_STORE_PASSWORD)
            clock.advance(hours=1)
            countersigning.countersign(
                world.login(RICH_HEAD), RICH_OFFICER, "经核对，填报内容属实。", DEMO_STORE_PASSWORD
            )
        finally:
            world.close()
    return folder


def _give_id_number(admin: Session, police_number: str, id_number: str) -> None:
    """Correct an officer's ID number in the roster, as the administrator does."""
    import dataclasses

    from desktop.store.repositories.officers import get_officer, save_officers

    with admin.store.transaction() as connection:
        officer = get_officer(connection, police_number)
        assert officer is not None, police_number
        save_officers(connection, [dataclasses.replace(officer, id_number=id_number)])


@pytest.fixture
def demo_world(demo_store_template: Path, tmp_path: Path) -> DemoWorld:
    """A private copy of the demo store for one test."""
    import shutil

    folder = Path(shutil.copytree(demo_store_template, tmp_path / "demo-store"))
    world = DemoWorld(folder, tmp_path / "demo-throttle.json")
    yield world
    world.close()


@pytest.fixture
def libreoffice(tmp_path: Path):
    """``convert(files, out_dir)``: open each workbook in LibreOffice Calc and save it again as .xlsx, unedited, with
    a private LibreOffice profile for this test. Skipped where LibreOffice is missing, except on CI (CI=true), where
    a missing LibreOffice fails the test."""
    import shutil
    import subprocess

    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is not installed; CI must install libreoffice-calc")
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path / "lo-profile"

    def convert(files: list[Path], out_dir: Path) -> list[Path]:
        out_dir.mkdir(parents=True, exist_ok=True)
        completed = subprocess.run(
            [
                program,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--calc",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(out_dir),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        results = [out_dir / Path(f).with_suffix(".xlsx").name for f in files]
        missing = [str(p) for p in results if not p.exists()]
        assert completed.returncode == 0, (completed.stdout, completed.stderr)
        assert not missing, (missing, completed.stdout, completed.stderr)
        return results

    return convert
