"""Records made before the form became versioned data (the code of commit 9e47914: form version 1, workbook format 1,
schema version 6; tests/fixtures/made_by_9e47914/) open, verify and import after it: migration 7 marks every
campaign and declaration, stored or imported, as form version 1, and their signatures still verify."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.store import schema
from desktop.store.migrations import latest_version
from desktop.store.store import Store, StorePaths
from tests.cli.support import run

MADE = Path(__file__).resolve().parents[1] / "fixtures" / "made_by_9e47914"
PASSWORD = "demo-pass-2026"


@pytest.fixture
def store_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "store"
    shutil.copytree(MADE / "store", folder)  # never opened in place
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", PASSWORD)
    return folder


def _cli(folder: Path, user: str, *args: str):
    return run(["--lang", "en", "--data-dir", str(folder), "--user", user, *args])


def test_the_store_opens_migrated_with_every_record_on_form_version_1(store_folder: Path) -> None:
    info = _cli(store_folder, "admin", "info")
    assert info.code == 0, info.err
    assert f"Schema version {latest_version()} (this application: {latest_version()})" in info.out

    store, _key = Store.unlock(StorePaths(store_folder), "admin", PASSWORD)
    try:
        with store.transaction() as connection:
            for table in (schema.campaigns, schema.declarations, schema.imported_declarations):
                versions = dict(
                    connection.execute(select(table.c.form_version, func.count()).group_by(table.c.form_version)).all()
                )
                assert set(versions) == {1}, table.name
                assert versions[1] > 0, table.name
            formats = connection.execute(select(schema.signatures.c.payload_format).distinct()).scalars().all()
            assert formats == [1]
            contents = connection.execute(select(schema.declarations.c.content)).scalars().all()
            assert all("form_version" not in json.loads(c) for c in contents)  # the content itself is unchanged
    finally:
        store.lock()

    audit = _cli(store_folder, "admin", "audit", "verify")
    assert audit.code == 0, audit.out + audit.err


@pytest.mark.parametrize("police_number", ["000003", "000010"])
def test_stored_signatures_still_verify(store_folder: Path, police_number: str) -> None:
    checked = _cli(store_folder, "admin", "check", police_number)
    assert checked.code == 0, checked.out + checked.err
    assert "verifies" in checked.out


def test_the_workbooks_verify_as_they_did(tmp_path: Path) -> None:
    verified = run(["--lang", "en", "verify", "--json", str(MADE / "unit_1311.xlsx")])
    assert verified.json() == json.loads((MADE / "unit_1311.verify.json").read_text(encoding="utf-8"))
    [own] = run(["--lang", "en", "verify", "--json", str(MADE / "own_000010.xlsx")]).json()  # type: ignore[misc]
    assert own["consistent"] is True
    # The demo's officer 000019 was countersigned with the officer's own key: found then, found now.
    [own] = run(["--lang", "en", "verify", "--json", str(MADE / "own_000019.xlsx")]).json()  # type: ignore[misc]
    assert [f["code"] for d in own["declarations"] for f in d["failures"]] == ["countersignature.self"]


def test_the_unit_workbook_imports_after_the_migration(store_folder: Path) -> None:
    imported = _cli(store_folder, "jijian01", "import", str(MADE / "unit_1311.xlsx"))
    assert imported.code in (0, 1), imported.err
    assert "imported 26 declarations; 24 verify, 2 do not." in imported.out
    findings = _cli(store_folder, "jijian01", "findings")
    assert findings.code in (0, 1), findings.err
