"""No name, ID number or unit name appears in plain text in any file of the store folder, open or locked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.domain.officers import Officer
from desktop.domain.roles import Role
from desktop.domain.units import Unit
from desktop.services.administration import accounts
from desktop.services.session.session import Session
from desktop.store.repositories.officers import save_officers
from desktop.store.repositories.units import save_units
from desktop.store.store import StorePaths
from tests.conftest import USER_PASSWORD
from tests.store.support import id_number

UNITS = [
    Unit("220402510000", "辽源市公安局龙山区分局向阳派出所", "220402", "向阳街道辖区"),
    Unit("220402520000", "龙山区分局刑事侦查大队", "220402", "龙山区全境"),
]
OFFICERS = [
    Officer(
        "018231",
        "欧阳建国",
        id_number("220402", "19790312", 231),
        "220402510000",
        "所长",
        "三级高级警长",
        is_unit_head=True,
    ),
    Officer("018232", "司马晓燕", id_number("220403", "19880521", 42), "220402510000", "民警", "一级警长"),
    Officer(
        "018233",
        "诸葛明远",
        id_number("220104", "19920708", 917),
        "220402520000",
        "大队长",
        "一级高级警长",
        is_leadership_member=True,
    ),
    Officer("018234", "慕容雪梅", id_number("220402", "19951130", 88), "220402520000", "民警", "二级警员"),
]
ADMIN_UNIT_NAME = "辽源市公安局龙山区分局"  # the unit the admin_session fixture creates


def _needles() -> dict[str, bytes]:
    """Every secret string in every encoding a program might write it in."""
    texts = [o.name for o in OFFICERS] + [o.id_number for o in OFFICERS]
    texts += [u.name for u in UNITS] + [ADMIN_UNIT_NAME] + [u.jurisdiction for u in UNITS]
    needles: dict[str, bytes] = {}
    for text in texts:
        encodings = ["utf-8", "utf-16-le", "utf-16-be"]
        if not text.isascii():
            encodings.append("gb18030")
        for encoding in encodings:
            needles[f"{text!r} in {encoding}"] = text.encode(encoding)
    return needles


def _found(folder: Path) -> list[str]:
    """'needle in file' for every needle found in any file under ``folder``."""
    hits = []
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files, f"no files under {folder}"
    for path in files:
        content = path.read_bytes()
        hits += [f"{label} in {path.name}" for label, needle in _needles().items() if needle in content]
    return hits


def _fill(session: Session) -> None:
    with session.store.transaction() as connection:
        save_units(connection, UNITS)
        save_officers(connection, OFFICERS)
    for officer in OFFICERS:
        roles = {Role.OFFICER, Role.UNIT_HEAD} if officer.is_unit_head else {Role.OFFICER}
        accounts.add_account(
            session,
            login=f"p{officer.police_number}",
            password=USER_PASSWORD,
            roles=frozenset(roles),
            police_number=officer.police_number,
        )
    # Updates too, so old and new versions of pages pass through the WAL.
    with session.store.transaction() as connection:
        save_officers(connection, [OFFICERS[1]])


def test_no_plaintext_in_any_store_file_while_open_and_after_lock(paths: StorePaths, admin_session: Session):
    _fill(admin_session)
    names = {p.name for p in paths.folder.iterdir()}
    assert "declarations.db-wal" in names  # the engine is open: the WAL is there and is searched too
    assert paths.folder.joinpath("declarations.db-wal").stat().st_size > 0
    assert _found(paths.folder) == []

    admin_session.lock()
    assert paths.database.exists()
    assert paths.key_file.exists()
    assert _found(paths.folder) == []


def test_the_search_finds_the_strings_in_an_unencrypted_database(tmp_path: Path):
    """Proves the search above can fail: the same rows in a plain SQLite database are all found."""
    folder = tmp_path / "plain"
    folder.mkdir()
    connection = sqlite3.connect(folder / "plain.db")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE units (name TEXT, jurisdiction TEXT)")
    connection.execute("CREATE TABLE officers (name TEXT, id_number TEXT)")
    connection.executemany("INSERT INTO units VALUES (?, ?)", [(u.name, u.jurisdiction) for u in UNITS])
    connection.execute("INSERT INTO units VALUES (?, '')", (ADMIN_UNIT_NAME,))
    connection.executemany("INSERT INTO officers VALUES (?, ?)", [(o.name, o.id_number) for o in OFFICERS])
    connection.commit()
    try:
        hits = _found(folder)
    finally:
        connection.close()
    # SQLite stores text as UTF-8: every string is found in that encoding.
    for officer in OFFICERS:
        assert any(hit.startswith(f"{officer.name!r} in utf-8") for hit in hits)
        assert any(hit.startswith(f"{officer.id_number!r} in utf-8") for hit in hits)
    for name in [u.name for u in UNITS] + [ADMIN_UNIT_NAME]:
        assert any(hit.startswith(f"{name!r} in utf-8") for hit in hits)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "gb18030"])
def test_the_search_finds_the_strings_in_other_encodings(tmp_path: Path, encoding: str):
    folder = tmp_path / encoding
    folder.mkdir()
    (folder / "dump.txt").write_bytes("\n".join(o.name for o in OFFICERS).encode(encoding))
    hits = _found(folder)
    for officer in OFFICERS:
        assert f"{officer.name!r} in {encoding} in dump.txt" in hits
