"""Where an import into the team server's PostgreSQL stages its rows: a SQLite database of this process alone, then
copied into the server in bounded batches inside the storing transaction (decision 227).

On the encrypted store the chunks' rows are staged in temporary tables of the storing connection (import_staging,
decision 125). A server's connection has no such tables that SQLite could fill and copy, so the pipeline held every
chunk's rows in the calling process until the workbook's identity was known: at 200,000 declarations, all of them.
Here they are staged by the same code (import_staging.Staged) in a SQLite connection this process opens for the
import alone: its main database in memory, empty; the staged rows in its temporary tables (in memory, as on the
store) up to staging_file.IN_MEMORY_UP_TO declarations, else in a staging file (staging_file: encrypted by
SQLCipher with a random key that exists only in this process, deleted as soon as it is attached where the system
allows, with a bounded page cache) in the system's temporary folder, since a server has no store folder. The batch
signature, the identity and the declarations already imported are read from the staging as on the store; the rows
are then copied into the server DECLARATIONS_PER_COPY declarations (and their interests) at a time, in the order
staged, by PostgreSQL's binary COPY (server_copy), the declarations' row ids taken from their sequence beforehand so
that each interest points at its declaration's new row (decision 236), in the transaction that stores the workbook.
The connection is closed (and with it the file) once the rows are stored or not wanted.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Connection, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry, NullPool

from desktop.exchange.workbook.model import KeyEntry, MissingEntry
from desktop.services.inspection.import_chunks import ChunkRows
from desktop.services.inspection.import_rows import known_declarations
from desktop.services.inspection.import_staging import Staged
from desktop.services.inspection.row_values import DECLARATION_NAMES, INTEREST_NAMES
from desktop.services.inspection.server_copy import copy_rows
from desktop.services.inspection.staged_chunk import StagedChunk
from desktop.store import schema

if TYPE_CHECKING:
    from psycopg import Cursor  # an optional dependency (the server extra): imported where a server is used

#: Declarations copied into the server at a time, with their interests (one chunk's worth: what the calling process
#: held of a chunk before it was staged).
DECLARATIONS_PER_COPY = 2000


def staging_folder() -> Path:
    """Where a server's import puts a staging file: the system's temporary folder."""
    return Path(tempfile.gettempdir())


class ServerStaged:
    """The chunks' rows staged in a SQLite connection of this process (import_staging.Staged) for a store on another
    database, until ``insert`` or ``drop``; then the connection is closed."""

    def __init__(self, declarations: int, *, deflated: bool = False) -> None:
        """``declarations``: how many the import will stage (the plan's count); ``deflated``: the contents come
        deflated (both as import_staging.Staged takes them)."""
        # The main database is in memory and stays empty; the key SQLCipher asks of every connection is random.
        url = URL.create("sqlite+pysqlcipher", password=f"x'{os.urandom(32).hex()}'")
        self._engine = create_engine(url, poolclass=NullPool, connect_args={"check_same_thread": False})
        event.listen(self._engine, "connect", _pragmas)
        self._connection = self._engine.connect()
        try:
            self._staged = Staged(self._connection, declarations, staging_folder(), deflated=deflated)
        except BaseException:
            self.drop()
            raise

    @property
    def count(self) -> int:
        return self._staged.count

    @property
    def schema(self) -> str:
        return self._staged.schema

    def add(self, rows: ChunkRows | StagedChunk) -> None:
        self._staged.add(rows)

    def batch_payload(self, cover: Mapping[str, str], keys: list[KeyEntry], missing: list[MissingEntry]) -> bytes:
        return self._staged.batch_payload(cover, keys, missing)

    def identity(self, batch_payload: bytes) -> str:
        return self._staged.identity(batch_payload)

    def outcome_lines(self) -> Iterator[bytes]:
        return self._staged.outcome_lines()

    def known(self, connection: Connection) -> set[str]:
        """The staged declaration ids already imported into the server (from any workbook)."""
        found: set[str] = set()
        ids = iter(self._staged.declaration_ids())
        while part := list(islice(ids, DECLARATIONS_PER_COPY)):
            found |= known_declarations(connection, part)
        return found

    def insert(self, connection: Connection, workbook_id: str) -> None:
        """Copy the rows into the server under ``workbook_id`` in the order staged (the careful path's, and the
        order the pipeline's rows were held in before decision 227: the same row ids), DECLARATIONS_PER_COPY
        declarations and their interests at a time; then let them go.

        Each part's declarations are given row ids taken beforehand from their table's sequence (``nextval``, as
        their column's default would take them, safe beside any other import's), then written with PostgreSQL's
        binary COPY, and so are their interests, each pointing at its declaration's row (decision 236)."""
        try:
            with _driver_cursor(connection) as cursor:
                interests = iter(self._staged.interest_rows())
                following = next(interests, None)
                declarations = self._staged.declaration_rows()
                for part in declarations.partitions(DECLARATIONS_PER_COPY):
                    ids = _reserved_ids(cursor, len(part))
                    row_of = {r[0]: row for r, row in zip(part, ids, strict=True)}  # a staged place: its new row
                    copy_rows(
                        cursor,
                        schema.imported_declarations,
                        ("id", *DECLARATION_NAMES),
                        ((row, workbook_id, *r[1:]) for r, row in zip(part, ids, strict=True)),
                    )
                    last = part[-1][0]
                    batch: list[tuple[object, ...]] = []
                    while following is not None and following[0] <= last:
                        batch.append((row_of[following[0]], *following[1:]))
                        following = next(interests, None)
                    copy_rows(cursor, schema.imported_interests, INTEREST_NAMES, batch)
        finally:
            self.drop()

    def drop(self) -> None:
        """Let the rows go: the staging connection closed (the staging file, if any, with it: staging_file)."""
        if not self._connection.closed:
            self._connection.close()  # the temporary tables go with it, and an attached file is detached
        self._engine.dispose()


def _pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    # As the store's connections (desktop.store.engine): staged rows in memory never reach a temporary file, and
    # SQLCipher prints nothing of its own.
    for pragma in ("PRAGMA cipher_log_level = NONE", "PRAGMA temp_store = MEMORY"):
        cursor.execute(pragma)
    cursor.close()


def _driver_cursor(connection: Connection) -> Cursor[Any]:
    """A cursor of the driver's own connection (psycopg 3), in the transaction of ``connection``."""
    import psycopg  # loaded already: the server's engine connects through it

    driver = connection.connection.driver_connection
    if not isinstance(driver, psycopg.Connection):
        raise TypeError(f"the team server's import copies with psycopg 3, not {type(driver).__name__}")
    return driver.cursor()


def _reserved_ids(cursor: Cursor[Any], count: int) -> list[int]:
    """``count`` new row ids of imported_declarations, ascending, taken from its sequence: each is this import's
    alone, whatever other imports take meanwhile (nextval is never rolled back nor given twice)."""
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence('imported_declarations', 'id')) AS id "
        "FROM generate_series(1, %s) ORDER BY id",
        (count,),
    )
    return [row[0] for row in cursor.fetchall()]
