"""The database's page size (decision 196): new stores are made with 16 kB pages and say so in their key file
(format 4); stores made by earlier code keep their 4 kB pages through every path that opens, rotates, checks, backs
up and restores them. Real SQLCipher files, real keys; the page size of a file is found by which size its key
opens it with (SQLCipher cannot read it from the encrypted header)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.domain.roles import Role
from desktop.i18n import Translator
from desktop.services.administration.backup import backup_store, restore_backup
from desktop.services.administration.revocation import revoke_and_rotate
from desktop.services.session.integrity import check_integrity
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.store.errors import KeyFileDamaged
from desktop.store.keyfile import PAGE_SIZE_BEFORE_FORMAT_4, KeyFile
from desktop.store.repositories.officers import count_officers, save_officers
from desktop.store.repositories.units import list_units
from desktop.store.rotation import opens
from desktop.store.store import NEW_STORE_PAGE_SIZE, Store, StorePaths
from tests.cli.support import snapshot
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD
from tests.store.support import officer

FIXTURES = Path(__file__).parent / "fixtures"
#: Stores made by earlier code, with 4 kB pages: key file format 2 (a rotated data key) and format 3.
FORMAT_2_SEALED = FIXTURES / "key_file_format_2_sealed"
FORMAT_3 = Path(__file__).parents[1] / "fixtures" / "made_by_a06ae54" / "store"


def _document(path: Path) -> dict[str, object]:
    return json.loads(path.read_bytes())


def _copy(fixture: Path, into: Path) -> StorePaths:
    shutil.copytree(fixture, into, ignore=shutil.ignore_patterns("README.md", "make.py"))
    return StorePaths(into)


def _page_size_on_disk(paths: StorePaths, data_key: bytes) -> int:
    """The one page size the data key opens the database with (4 kB and 16 kB tried)."""
    sizes = [size for size in (4096, 16384) if opens(paths.database, data_key, size)]
    assert len(sizes) == 1, sizes
    return sizes[0]


def _page_size_of_connection(session: Session) -> int:
    with session.store.transaction() as connection:
        return int(connection.execute(text("PRAGMA cipher_page_size")).scalar_one())


def _officers(session: Session) -> int:
    with session.store.transaction() as connection:
        return count_officers(connection)


def _checkpointed(session: Session) -> None:
    with session.store.transaction() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).fetchall()


def test_a_new_store_has_16_kb_pages_and_its_key_file_says_so(admin_session: Session, paths: StorePaths) -> None:
    with admin_session.store.transaction() as connection:
        save_officers(connection, [officer(n) for n in range(1, 301)])
    _checkpointed(admin_session)

    assert NEW_STORE_PAGE_SIZE == 16384
    assert _page_size_of_connection(admin_session) == 16384
    assert _page_size_on_disk(paths, admin_session.store.data_key) == 16384
    size = paths.database.stat().st_size
    assert size > 16384
    assert size % 16384 == 0
    header = _document(paths.key_file)
    assert (header["version"], header["page_size"]) == (4, 16384)
    assert KeyFile.load(paths.key_file).page_size == 16384


def test_a_new_store_reopens_and_survives_a_key_rotation_and_an_integrity_check(
    admin_session: Session, add_user, paths: StorePaths, clock, throttle
) -> None:
    add_user("jijian01", {Role.INSPECTOR})
    with admin_session.store.transaction() as connection:
        save_officers(connection, [officer(n) for n in range(1, 51)])
    admin_session.lock()
    session = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    old_key = session.store.data_key

    revoke_and_rotate(session, "jijian01")

    assert session.store.data_key != old_key
    assert _officers(session) == 50
    with session.store.transaction() as connection:
        save_officers(connection, [officer(51)])
    session.lock()
    assert KeyFile.load(paths.key_file).page_size == 16384
    again = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    try:
        assert _officers(again) == 51
        assert _page_size_of_connection(again) == 16384
        assert _page_size_on_disk(paths, again.store.data_key) == 16384
    finally:
        again.lock()
    assert check_integrity(paths, "admin", ADMIN_PASSWORD, throttle=throttle).whole


def test_the_integrity_check_reads_a_16_kb_store_page_by_page(admin_session: Session, paths: StorePaths, throttle):
    with admin_session.store.transaction() as connection:
        save_officers(connection, [officer(n) for n in range(1, 301)])
    _checkpointed(admin_session)
    admin_session.lock()
    assert check_integrity(paths, "admin", ADMIN_PASSWORD, throttle=throttle).whole

    with open(paths.database, "r+b") as handle:  # a byte in the middle of the second 16 kB page
        handle.seek(16384 + 8192)
        byte = handle.read(1)
        handle.seek(16384 + 8192)
        handle.write(bytes([byte[0] ^ 0x40]))

    report = check_integrity(paths, "admin", ADMIN_PASSWORD, throttle=throttle)
    assert not report.whole
    assert any("page 2" in problem for problem in report.problems), report.problems


def test_a_backup_of_a_16_kb_store_restores_to_a_working_16_kb_store(
    admin_session: Session, tmp_path: Path, clock, throttle
) -> None:
    with admin_session.store.transaction() as connection:
        save_officers(connection, [officer(n) for n in range(1, 101)])

    backup = backup_store(admin_session, tmp_path / "backups")

    assert _document(backup.folder / "keys.json")["page_size"] == 16384
    assert backup.database_bytes % 16384 == 0
    restored = restore_backup(backup.folder, tmp_path / "restored")
    session = log_in(restored, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    try:
        assert _officers(session) == 100
        assert _page_size_of_connection(session) == 16384
        assert _page_size_on_disk(restored, session.store.data_key) == 16384
        with session.store.transaction() as connection:
            save_officers(connection, [officer(101)])
    finally:
        session.lock()
    assert KeyFile.load(restored.key_file).page_size == 16384
    assert check_integrity(restored, "admin", ADMIN_PASSWORD, throttle=throttle).whole


@pytest.mark.parametrize(
    ("fixture", "login", "password"),
    [
        (FIXTURES / "key_file_format_1", "admin", ADMIN_PASSWORD),
        (FORMAT_2_SEALED, "admin", ADMIN_PASSWORD),
        (FORMAT_3, "admin", "demo-pass-2026"),
    ],
    ids=["format 1", "format 2", "format 3"],
)
def test_a_4_kb_store_made_by_earlier_code_opens_reads_writes_rotates_and_stays_4_kb(
    tmp_path: Path, clock, throttle, fixture: Path, login: str, password: str
) -> None:
    paths = _copy(fixture, tmp_path / "old")
    assert _document(paths.key_file)["version"] in (1, 2, 3)
    assert "page_size" not in _document(paths.key_file)
    assert KeyFile.load(paths.key_file).page_size == PAGE_SIZE_BEFORE_FORMAT_4 == 4096

    session = log_in(paths, login, password, clock=clock, throttle=throttle)
    try:
        assert _page_size_of_connection(session) == 4096
        before = _officers(session)
        with session.store.transaction() as connection:
            unit = list_units(connection)[0].code
            save_officers(connection, [officer(n, unit) for n in range(900, 950)])
        revoke_and_rotate(session)
        assert _officers(session) == before + 50
        assert _page_size_on_disk(paths, session.store.data_key) == 4096
    finally:
        session.lock()

    header = _document(paths.key_file)  # rewritten in format 4, naming the pages the database has
    assert (header["version"], header["page_size"]) == (4, 4096)
    again = log_in(paths, login, password, clock=clock, throttle=throttle)
    try:
        assert _officers(again) == before + 50
        assert _page_size_of_connection(again) == 4096
    finally:
        again.lock()
    assert check_integrity(paths, login, password, throttle=throttle).whole


def test_a_backup_of_a_4_kb_store_restores_to_a_working_4_kb_store(tmp_path: Path, clock, throttle) -> None:
    paths = _copy(FORMAT_2_SEALED, tmp_path / "old")
    session = log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
    try:
        before = _officers(session)
        backup = backup_store(session, tmp_path / "backups")
    finally:
        session.lock()

    assert _document(backup.folder / "keys.json")["page_size"] == 4096
    restored = restore_backup(backup.folder, tmp_path / "restored")
    session = log_in(restored, "inspector-1", USER_PASSWORD, clock=clock, throttle=throttle)
    try:
        assert _officers(session) == before
        assert _page_size_on_disk(restored, session.store.data_key) == 4096
    finally:
        session.lock()


def test_a_store_created_with_4_kb_pages_opens_with_them(tmp_path: Path) -> None:
    paths = StorePaths(tmp_path / "store")
    store, recovery_key = Store.create(paths, created_at="2026-11-21T09:30:00Z", demo=True, page_size=4096)
    try:
        store.write_first_key_file(store.key_file)
        assert _page_size_on_disk(paths, store.data_key) == 4096
    finally:
        store.lock()
    reopened = Store.unlock_with_recovery_key(paths, recovery_key)
    reopened.lock()
    assert KeyFile.load(paths.key_file).page_size == 4096


def test_a_page_size_sqlcipher_does_not_use_is_refused_when_a_store_is_made(tmp_path: Path) -> None:
    paths = StorePaths(tmp_path / "store")
    with pytest.raises(ValueError, match="5000"):
        Store.create(paths, created_at="2026-11-21T09:30:00Z", demo=True, page_size=5000)
    assert not paths.exists()


@pytest.mark.parametrize("page_size", [5000, 131072, 0, "16384", None, True])
def test_a_key_file_naming_an_unknown_page_size_is_damaged_and_changes_nothing(
    admin_session: Session, paths: StorePaths, clock, throttle, page_size: object
) -> None:
    admin_session.lock()
    document = _document(paths.key_file)
    document["page_size"] = page_size
    paths.key_file.write_bytes(json.dumps(document).encode())
    before = snapshot(paths.folder)

    with pytest.raises(KeyFileDamaged) as raised:
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)

    assert f"its page size {page_size!r} is not one SQLCipher uses" in raised.value.render(Translator("en"))
    assert snapshot(paths.folder) == before


def test_a_format_4_key_file_without_its_page_size_is_damaged(
    admin_session: Session, paths: StorePaths, clock, throttle
):
    admin_session.lock()
    document = _document(paths.key_file)
    del document["page_size"]
    paths.key_file.write_bytes(json.dumps(document).encode())

    with pytest.raises(KeyFileDamaged) as raised:
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)

    assert "it names no page size" in raised.value.render(Translator("en"))


def test_a_key_file_naming_the_wrong_page_size_says_the_database_cannot_be_read(
    admin_session: Session, paths: StorePaths, clock, throttle
) -> None:
    from desktop.store.errors import DatabaseDamaged

    admin_session.lock()
    document = _document(paths.key_file)
    document["page_size"] = 4096
    paths.key_file.write_bytes(json.dumps(document).encode())

    with pytest.raises(DatabaseDamaged):
        log_in(paths, "admin", ADMIN_PASSWORD, clock=clock, throttle=throttle)
