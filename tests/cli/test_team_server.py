"""The inspectors' team server trusts the role the server authenticated, not a name typed on the command line; the
audit log is append-only for inspectors; trusted keys and stored verification results changed in the database
outside the program are found by 'audit verify' (issue 12, finding 8). Real PostgreSQL (POSTGRES_URL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from desktop.services.clock import FixedClock
from desktop.services.inspection.review_store import ServerUserMismatch, effective_url, server_session
from tests.cli.support import DEMO_PASSWORD, assert_one_clear_line, copy_store, lines, make_demo, run
from tests.cli.test_review_cli import server_url  # noqa: F401  # a fixture: a fresh schema on the server


@pytest.fixture(scope="module")
def reviewed_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory, 40, 2026)


@pytest.fixture
def store(reviewed_master: Path, tmp_path: Path) -> Path:
    return copy_store(reviewed_master, tmp_path)


@pytest.fixture
def owner_url(server_url: str) -> str:  # noqa: F811  # the server's owner (the test cluster's superuser), own schema
    return server_url


def as_role(url: str, role: str) -> str:
    return make_url(url).set(username=role, password=None).render_as_string(hide_password=False)


def server(url: str, *command: str, user: str | None = None) -> object:
    who = ["--user", user] if user else []
    return run(["--lang", "en", *who, *command, "--database-url", url])


def inspect(store: Path, *command: str) -> object:
    return run(
        ["--lang", "en", "--data-dir", str(store), "--user", "jijian01", *command, "--password-stdin"],
        lines(DEMO_PASSWORD),
    )


@pytest.fixture
def inspector_url(owner_url: str) -> str:
    assert server(owner_url, "server", "setup").code == 0
    added = server(owner_url, "server", "add-inspector", "jijian01")
    assert added.code == 0, added.err
    return as_role(owner_url, "jijian01")


def test_the_audit_log_names_the_authenticated_role_and_user_must_match_it(store, tmp_path, inspector_url):
    workbook = tmp_path / "all.xlsx"
    assert inspect(store, "export", "--unit", "1311", "--out", str(workbook)).code == 0
    refused = server(inspector_url, "import", str(workbook), user="jijian02")
    assert refused.code == 2
    assert "is not the database role jijian01" in assert_one_clear_line(refused.err)
    assert server(inspector_url, "import", str(workbook)).code == 1  # imported; two declarations do not verify
    engine = create_engine(inspector_url)
    with engine.connect() as connection:
        actors = set(connection.execute(text("SELECT DISTINCT actor FROM audit_log")).scalars())
    engine.dispose()
    assert actors == {"jijian01"}
    with pytest.raises(ServerUserMismatch):
        server_session(inspector_url, "postgres", FixedClock(dt.datetime(2026, 12, 6, 9, tzinfo=dt.UTC)))


def test_an_inspector_role_cannot_change_delete_or_forge_audit_entries(store, tmp_path, inspector_url):
    workbook = tmp_path / "all.xlsx"
    assert inspect(store, "export", "--unit", "1311", "--out", str(workbook)).code == 0
    assert server(inspector_url, "import", str(workbook)).code == 1
    engine = create_engine(inspector_url)
    try:
        for statement in (
            "UPDATE audit_log SET actor = 'someone' WHERE seq = 1",
            "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
            "TRUNCATE audit_log",
            "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) "
            "SELECT max(seq) + 1, 'x', 'jijian02', 'key_trusted', 's', '{}', 'p', 'h' FROM audit_log",
        ):
            with pytest.raises(DBAPIError), engine.begin() as connection:
                connection.execute(text(statement))
    finally:
        engine.dispose()
    verified = server(inspector_url, "audit", "verify")
    assert verified.code == 0, verified.out + verified.err
    assert "agree with the audit log" in verified.out


def test_audit_verify_finds_results_flipped_and_keys_trusted_in_the_database(store, tmp_path, inspector_url):
    workbook = tmp_path / "all.xlsx"
    assert inspect(store, "export", "--unit", "1311", "--out", str(workbook)).code == 0
    assert server(inspector_url, "import", str(workbook)).code == 1
    clean = server(inspector_url, "audit", "verify")
    assert clean.code == 0, clean.out + clean.err
    assert "a server keeps no head outside its database" in clean.out
    engine = create_engine(inspector_url)  # what a database user can do with the inspectors' rights
    with engine.begin() as connection:
        flipped = connection.execute(text("UPDATE imported_declarations SET valid = true WHERE NOT valid")).rowcount
        connection.execute(
            text(
                "INSERT INTO trusted_keys (fingerprint, police_number, login, name, unit_code, trusted_by, trusted_at,"
                " note) VALUES (:f, '', '', '', '', 'jijian01', '2026-12-06T09:00:00Z', '')"
            ),
            {"f": ":".join(["abcd"] * 16)},
        )
    engine.dispose()
    assert flipped == 2
    found = server(inspector_url, "audit", "verify")
    assert found.code == 1
    assert "1 trusted keys were added outside the program" in found.out
    assert "The stored verification results of 1 imported workbooks differ" in found.out


def test_a_remote_server_is_reached_over_tls_unless_the_url_says_otherwise() -> None:
    remote = "postgresql+psycopg://jijian01@db.example.org/officer_declare"
    assert make_url(effective_url(remote)).query["sslmode"] == "require"
    chosen = remote + "?sslmode=verify-full"
    assert effective_url(chosen) == chosen
    for local in (
        "postgresql+psycopg://jijian01@127.0.0.1:5432/db",
        "postgresql+psycopg://jijian01@localhost/db",
        "postgresql+psycopg://jijian01@/db?host=/var/run/postgresql",
    ):
        assert effective_url(local) == local
