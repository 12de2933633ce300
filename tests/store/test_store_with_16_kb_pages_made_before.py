"""A store made by the code of commit 2a70a49, the first committed one with 16 kB pages (key file format 4, decision
196): it opens with its password, holds what the demo put in it, and keeps its 16 kB pages (tests/fixtures/
made_by_2a70a49/README.md says how it was made)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import func, select, text

from desktop.services.administration.audit_check import verify_audit_log
from desktop.services.session.integrity import check_integrity
from desktop.services.session.login import log_in
from desktop.services.workflow.verification import verify
from desktop.store import schema
from desktop.store.keyfile import KeyFile
from desktop.store.migrations import current_version, latest_version
from desktop.store.rotation import opens
from desktop.store.store import StorePaths

MADE = Path(__file__).resolve().parents[1] / "fixtures" / "made_by_2a70a49" / "store"
PASSWORD = "demo-pass-2026"


def _copy(into: Path) -> StorePaths:
    return StorePaths(Path(shutil.copytree(MADE, into)))  # never opened in place


def test_the_fixture_was_written_in_key_file_format_4_with_16_kb_pages() -> None:
    header = json.loads((MADE / "keys.json").read_bytes())
    assert (header["version"], header["page_size"], header["demo"]) == (4, 16384, True)
    assert KeyFile.load(MADE / "keys.json").page_size == 16384
    size = (MADE / "declarations.db").stat().st_size
    assert size % 16384 == 0
    assert not (MADE / "declarations.db-wal").exists()


def test_it_opens_with_its_password_and_holds_what_the_demo_made(tmp_path: Path, clock, throttle) -> None:
    paths = _copy(tmp_path / "store")
    session = log_in(paths, "admin", PASSWORD, clock=clock, throttle=throttle)
    try:
        assert opens(paths.database, session.store.data_key, 16384)
        assert not opens(paths.database, session.store.data_key, 4096)
        with session.store.transaction() as connection:
            assert int(connection.execute(text("PRAGMA cipher_page_size")).scalar_one()) == 16384
            assert current_version(connection) == latest_version()
            counts = {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in (
                    schema.units,
                    schema.officers,
                    schema.accounts,
                    schema.campaigns,
                    schema.declarations,
                    schema.signatures,
                )
            }
            statuses = dict(
                connection.execute(
                    select(schema.declarations.c.status, func.count()).group_by(schema.declarations.c.status)
                ).all()
            )
            countersigned = connection.execute(
                select(schema.declarations.c.id, schema.declarations.c.campaign_id).where(
                    schema.declarations.c.status == "countersigned"
                )
            ).all()
        assert counts == {
            "units": 13,
            "officers": 5,
            "accounts": 8,
            "campaigns": 2,
            "declarations": 8,
            "signatures": 12,
        }
        assert statuses == {"countersigned": 6, "draft": 2}
        for declaration_id, campaign_id in countersigned:
            assert verify(session, declaration_id, campaign_id).result.valid, declaration_id
        assert verify_audit_log(session).ok
    finally:
        session.lock()

    log_in(paths, "000001", PASSWORD, clock=clock, throttle=throttle).lock()  # an officer's own slot opens too
    assert KeyFile.load(paths.key_file).page_size == 16384
    assert check_integrity(paths, "admin", PASSWORD, throttle=throttle).whole
