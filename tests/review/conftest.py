"""Fixtures for the review tests: the demo store with the inspectors' part played (built once), private copies of
it, and the same imported data on a PostgreSQL server when POSTGRES_URL is set (on CI it must be)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from desktop.services.clock import FixedClock
from desktop.services.inspection.review_store import server_session
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.services.session.throttle import LoginThrottle
from desktop.store import schema
from desktop.store.store import StorePaths

REVIEW_DEMO_PASSWORD = "demo-pass-3391"
REVIEW_DEMO_SEED = 2026
REVIEW_DEMO_OFFICERS = 60
INSPECTOR = "jijian01"
#: Copied to the server in this order (parents first), for a server that holds the same imported data.
SERVER_TABLES = (
    "units",
    "officers",
    "imported_workbooks",
    "imported_declarations",
    "imported_interests",
    "imported_keys",
    "imported_missing",
    "trusted_keys",
    "register_extracts",
    "register_enterprises",
    "register_people",
)


@pytest.fixture(scope="session")
def reviewed_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """Built once: a 60-officer demo store in which the inspectors' part was played (every rule fires)."""
    from desktop.services.demo.store import create_demo_store

    root = tmp_path_factory.mktemp("reviewed-demo")
    clock = FixedClock(dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC))
    with pytest.MonkeyPatch.context() as patch:
        for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(name, str(root / "home" / name.lower()))
        demo = create_demo_store(
            StorePaths(root / "store"),
            officer_count=REVIEW_DEMO_OFFICERS,
            seed=REVIEW_DEMO_SEED,
            clock=clock,
            password=REVIEW_DEMO_PASSWORD,
            inspectors=True,
        )
    return root / "store", demo


@pytest.fixture
def review_clock() -> FixedClock:
    return FixedClock(dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC))


@pytest.fixture
def encrypted_inspector(reviewed_demo, tmp_path: Path, review_clock: FixedClock) -> Iterator[Session]:
    """Inspector jijian01 logged in to a private copy of the reviewed demo store."""
    folder = Path(shutil.copytree(reviewed_demo[0], tmp_path / "demo-store"))
    session = log_in(
        StorePaths(folder),
        INSPECTOR,
        REVIEW_DEMO_PASSWORD,
        clock=review_clock,
        throttle=LoginThrottle(tmp_path / "throttle.json"),
    )
    yield session
    session.lock()


def postgres_url() -> str | None:
    """POSTGRES_URL, or None (the PostgreSQL tests are skipped; under CI=true they fail instead)."""
    url = os.environ.get("POSTGRES_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("POSTGRES_URL is not set: CI must start PostgreSQL (see .ci/run) and set it")
        pytest.skip("POSTGRES_URL is not set: the PostgreSQL variant of this test needs a server")
    return url


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A URL for a fresh, empty schema on the server, dropped afterwards (so tests never see each other's data)."""
    url = postgres_url()
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield (
            make_url(url).update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


@pytest.fixture
def server_inspector(
    reviewed_demo, tmp_path: Path, postgres_schema_url: str, review_clock: FixedClock
) -> Iterator[Session]:
    """Inspector jijian01 on a PostgreSQL server holding the same imported data as the reviewed demo store."""
    folder = Path(shutil.copytree(reviewed_demo[0], tmp_path / "demo-store"))
    local = log_in(
        StorePaths(folder),
        INSPECTOR,
        REVIEW_DEMO_PASSWORD,
        clock=review_clock,
        throttle=LoginThrottle(tmp_path / "throttle.json"),
    )
    owner = server_session(postgres_schema_url, None, review_clock)  # the schema's owner creates the tables
    session = None
    try:
        with local.store.transaction() as source, owner.store.transaction() as target:
            for name in SERVER_TABLES:
                table = getattr(schema, name)
                rows = [dict(r._mapping) for r in source.execute(select(table))]
                if rows:
                    target.execute(table.insert(), rows)
            for name in ("imported_declarations", "imported_interests", "imported_missing"):  # rows came with ids
                target.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"
                    )
                )
            # The inspector logs in as a database role of their own (the audit log names the authenticated role).
            target.execute(
                text(
                    f"DO $$ BEGIN CREATE ROLE {INSPECTOR} LOGIN; "
                    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
                )
            )
            schema_name = target.execute(text("SELECT current_schema()")).scalar_one()
            target.execute(text(f'GRANT ALL ON SCHEMA "{schema_name}" TO {INSPECTOR}'))
            target.execute(text(f'GRANT ALL ON ALL TABLES IN SCHEMA "{schema_name}" TO {INSPECTOR}'))
            target.execute(text(f'GRANT ALL ON ALL SEQUENCES IN SCHEMA "{schema_name}" TO {INSPECTOR}'))
        inspector_url = make_url(postgres_schema_url).set(username=INSPECTOR, password=None)
        session = server_session(inspector_url.render_as_string(hide_password=False), INSPECTOR, review_clock)
        yield session
    finally:
        local.lock()
        owner.lock()
        if session is not None:
            session.lock()


@pytest.fixture(params=["encrypted", "postgresql"])
def inspector(request: pytest.FixtureRequest) -> Session:
    """The same inspector's session on the encrypted store and, when a server is available, on PostgreSQL."""
    return request.getfixturevalue("encrypted_inspector" if request.param == "encrypted" else "server_inspector")
