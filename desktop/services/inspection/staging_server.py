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
staged, each interest pointing at its declaration's new row, in the transaction that stores the workbook. The
connection is closed (and with it the file) once the rows are stored or not wanted.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from itertools import islice
from pathlib import Path

from sqlalchemy import URL, Connection, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry, NullPool

from desktop.exchange.workbook.model import KeyEntry, MissingEntry
from desktop.services.inspection.import_chunks import ChunkRows
from desktop.services.inspection.import_rows import bulk_insert, known_declarations
from desktop.services.inspection.import_staging import Staged
from desktop.services.inspection.row_values import DECLARATION_NAMES, INTEREST_NAMES
from desktop.store import schema

#: Declarations copied into the server at a time, with their interests (one chunk's worth: what the calling process
#: held of a chunk before it was staged).
DECLARATIONS_PER_COPY = 2000


def staging_folder() -> Path:
    """Where a server's import puts a staging file: the system's temporary folder."""
    return Path(tempfile.gettempdir())


class ServerStaged:
    """The chunks' rows staged in a SQLite connection of this process (import_staging.Staged) for a store on another
    database, until ``insert`` or ``drop``; then the connection is closed."""

    def __init__(self, declarations: int) -> None:
        """``declarations``: how many the import will stage (the plan's count; Staged)."""
        # The main database is in memory and stays empty; the key SQLCipher asks of every connection is random.
        url = URL.create("sqlite+pysqlcipher", password=f"x'{os.urandom(32).hex()}'")
        self._engine = create_engine(url, poolclass=NullPool, connect_args={"check_same_thread": False})
        event.listen(self._engine, "connect", _pragmas)
        self._connection = self._engine.connect()
        try:
            self._staged = Staged(self._connection, declarations, staging_folder())
        except BaseException:
            self.drop()
            raise

    @property
    def count(self) -> int:
        return self._staged.count

    @property
    def schema(self) -> str:
        return self._staged.schema

    def add(self, rows: ChunkRows) -> None:
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
        declarations and their interests at a time; then let them go."""
        try:
            interests = iter(self._staged.interest_rows())
            following = next(interests, None)
            declarations = self._staged.declaration_rows()
            for part in declarations.partitions(DECLARATIONS_PER_COPY):
                rows = _inserted(connection, [(workbook_id, *r[1:]) for r in part])
                row_of = {r[0]: row for r, row in zip(part, rows, strict=True)}  # a staged place: its new row
                last = part[-1][0]
                batch: list[tuple[object, ...]] = []
                while following is not None and following[0] <= last:
                    batch.append((row_of[following[0]], *following[1:]))
                    following = next(interests, None)
                bulk_insert(connection, schema.imported_interests, INTEREST_NAMES, batch)
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


def _inserted(connection: Connection, rows: list[tuple[object, ...]]) -> list[int]:
    """Insert ``rows`` (DECLARATION_NAMES) into the server; their new row ids, in the order of ``rows``. SQLAlchemy
    inserts them in that order and gives the ids back in it (``sort_by_parameter_order``), so that nothing is looked
    up: looking the ids up by declaration id, 500 at a time, took the server minutes at 200,000 (decision 227)."""
    d = schema.imported_declarations
    statement = d.insert().returning(d.c.id, sort_by_parameter_order=True)
    values = [dict(zip(DECLARATION_NAMES, row, strict=True)) for row in rows]
    return list(connection.execute(statement, values).scalars())
