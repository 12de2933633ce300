"""Checking a store's database page by page: SQLCipher's check of every page's HMAC, then SQLite's quick_check.

A connection of its own, keyed with the data key, that reads every page and changes nothing in the database. It
does not go through the engine: a store whose first page is damaged cannot be opened there, and the check must still
say what it found.
"""

from __future__ import annotations

from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

#: The problems listed in full; past these, only their number.
SHOWN_PROBLEMS = 20


def database_problems(database: Path, data_key: bytes, page_size: int) -> list[str]:
    """What is wrong with the database at ``database``, whose pages are ``page_size`` bytes (SQLite's and
    SQLCipher's own English lines: page numbers, table names, never a stored value); an empty list when every page
    is whole."""
    connection = sqlcipher.connect(str(database))
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        connection.execute(f"PRAGMA cipher_page_size = {int(page_size)}")
        try:
            problems = [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]
        except sqlcipher.Error as exc:
            return [str(exc)]
        if problems:
            return problems  # a connection that met a damaged page answers nothing else reliably
        try:
            found = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
        except sqlcipher.Error as exc:
            return [str(exc)]
        return [] if found == ["ok"] else found
    finally:
        connection.close()
