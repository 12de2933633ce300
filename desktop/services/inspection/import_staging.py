"""The rows of an import's chunks written into temporary tables of the storing transaction as each chunk comes back
(SQLite), then copied under the workbook's identity by two statements once it is known (decision 125).

Every stored row names the workbook's identity (a SHA-256 over all of its declarations), known only after the last
chunk; inserting there and then kept the workers idle while the calling process bound and inserted every value.
Here the values are bound while the workers still read; what is left after the last chunk is SQLite copying rows
from one table to another. The temporary tables live in memory (the engine's temp_store=MEMORY: nothing reaches a
file), belong to the one connection, and take no lock on the store: other connections read and write meanwhile. A
large import's tables are in an encrypted file of its own instead, attached to the connection for the import alone
(desktop.services.inspection.staging_file, decision 212), so that memory does not grow with the rows.
Their columns have no declared type, so each value is kept exactly as given and takes the stored column's type only
when copied, as it would had it been inserted there directly; each declaration's content comes deflated by the
workers and is inflated as it is read back (desktop.services.inspection.staged_content, decision 247). A staged
interest names its declaration by the declaration's place among the staged ones (its staged rowid): the copied
declarations take consecutive row ids in that order, so each interest's parent row is found by adding, without
looking each one up (decision 209).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, CursorResult

from desktop.exchange.workbook.batch_rows import batch_payload_in_order
from desktop.exchange.workbook.model import KeyEntry, MissingEntry, SignatureTriple
from desktop.services.inspection.import_chunks import ChunkRows
from desktop.services.inspection.ready import identity_in_order
from desktop.services.inspection.row_values import DECLARATION_NAMES, INTEREST_NAMES
from desktop.services.inspection.staged_chunk import StagedChunk, staged_chunk
from desktop.services.inspection.staged_content import INFLATE_SQL, content_bytes, inflating
from desktop.services.inspection.staging_file import staging_schema

_DECLARATIONS = "import_pending_declarations"
_INTERESTS = "import_pending_interests"
_DECLARATION_COLUMNS = DECLARATION_NAMES[1:]  # all but the workbook's id
#: The parent's place among the staged declarations (its staged rowid, from 1), not its row id yet.
_INTEREST_COLUMNS = ("declaration_seq", *INTEREST_NAMES[1:])
#: Kept beside the rows and never copied: each declaration's line of the stored results' digest, made as its chunk
#: is staged (stored_checks.outcome_line), so that the calling process holds nothing per declaration (decision 161).
_OUTCOME = "outcome"
#: The page size of the connection's temporary database, which holds the staged rows (decision 161).
TEMP_PAGE_SIZE = 16384
#: The staged declarations' columns as the store takes them: each content inflated (staged_content, decision 247).
_COPIED_COLUMNS = ", ".join(f"{INFLATE_SQL}(content)" if name == "content" else name for name in _DECLARATION_COLUMNS)


class Staged:
    """The chunks' rows in ``connection``'s temporary tables (SQLite only), until ``insert`` or ``drop``."""

    def __init__(
        self, connection: Connection, declarations: int = 0, folder: Path | None = None, *, deflated: bool = False
    ) -> None:
        """``declarations``: how many the import will stage (the plan's count): past staging_file.IN_MEMORY_UP_TO
        they go to an encrypted staging file instead of memory (decision 212), in ``folder`` if given, else beside
        the store (staging_file.staging_schema). ``deflated``: the workers stage each content deflated
        (staged_content.read_staged_chunk, decisions 247 and 251): inflated wherever it is read back."""
        self.connection = connection
        self.count = 0  # declarations staged
        self.deflated = deflated
        self.schema = staging_schema(connection, declarations, folder)
        self._copied = _COPIED_COLUMNS if deflated else ", ".join(_DECLARATION_COLUMNS)
        if deflated:
            inflating(connection.connection.driver_connection)
        if self.schema == "temp":
            # A staged declaration with its content is about 2 kB: on SQLite's 4 kB pages most take a page each.
            # Larger pages hold them a quarter tighter (50,000: 128 MB instead of 171 MB). Taken when the
            # connection's temporary database is first made (only this module makes one), and kept by it after.
            connection.exec_driver_sql(f"PRAGMA temp.page_size = {TEMP_PAGE_SIZE}")
        self.drop()  # left by an earlier import on this connection whose transaction could not drop them
        at = self.schema
        connection.exec_driver_sql(f"CREATE TABLE {at}.{_DECLARATIONS} ({', '.join(_DECLARATION_COLUMNS)}, {_OUTCOME})")
        connection.exec_driver_sql(f"CREATE TABLE {at}.{_INTERESTS} ({', '.join(_INTEREST_COLUMNS)})")
        # The contents are read back in the order of their ids for the workbook's identity: kept once, here.
        connection.exec_driver_sql(f"CREATE INDEX {at}.{_DECLARATIONS}_id ON {_DECLARATIONS} (declaration_id)")

    def add(self, rows: ChunkRows | StagedChunk) -> None:
        """Write a chunk's rows (their workbook id is still unknown), each declaration at the next place. The
        import's workers send them staged (staged_chunk.stage_packed_chunk); rows as read_chunk gives them are
        staged here the same way."""
        chunk = rows if isinstance(rows, StagedChunk) else staged_chunk(rows)
        # The declarations' staged rowids are SQLite's: one past the largest (the table is made empty for each
        # import and only written here), so the declaration at place k of the chunk is count + k.
        _write(self.connection, f"{self.schema}.{_DECLARATIONS}", (*_DECLARATION_COLUMNS, _OUTCOME), chunk.declarations)
        _write(
            self.connection,
            f"{self.schema}.{_INTERESTS}",
            _INTEREST_COLUMNS,
            chunk.interests,
            first=f"{int(self.count)} + ?",  # an interest's place in the chunk, as its place among all staged
        )
        self.count += len(chunk.declarations)

    def triples(self) -> Iterator[SignatureTriple]:
        """Each staged declaration's signature triple (model.signature_triple: the id and both signatures, as the
        row holds them), in the order of their ids (the staged index's: SQLite's BINARY order of texts, which is
        Python's, see identity), one row at a time."""
        rows = self.connection.exec_driver_sql(
            f"SELECT declaration_id, officer_signature, countersignature FROM {self.schema}.{_DECLARATIONS} "
            "ORDER BY declaration_id"
        )
        yield from rows  # rows of three, unpacked as the triples are

    def batch_payload(self, cover: Mapping[str, str], keys: list[KeyEntry], missing: list[MissingEntry]) -> bytes:
        """model.batch_payload_of of the staged triples, written as they are read in the order of their ids
        (batch_rows.batch_payload_in_order): neither they nor their sorted lists are held (decision 216)."""
        return batch_payload_in_order(cover, self.triples(), keys, missing)

    def outcome_lines(self) -> Iterator[bytes]:
        """Each declaration's line of the stored results' digest, in the order of their ids (see identity)."""
        return iter(
            self.connection.exec_driver_sql(
                f"SELECT {_OUTCOME} FROM {self.schema}.{_DECLARATIONS} ORDER BY declaration_id"
            ).scalars()
        )

    def identity(self, batch_payload: bytes) -> str:
        """The workbook's identity (ready.identity_of) from the staged contents, read in the order of their ids:
        SQLite's BINARY order of texts is Python's (UTF-8 keeps the order of code points), and an id is once per
        workbook (chunks.plan_chunks)."""
        if self.deflated:  # each content inflated into its UTF-8, the encoding the identity hashes (decision 247)
            deflated = self.connection.exec_driver_sql(
                f"SELECT content FROM {self.schema}.{_DECLARATIONS} ORDER BY declaration_id"
            ).scalars()
            return identity_in_order(batch_payload, map(content_bytes, deflated))
        # As bytes: SQLite keeps a text in UTF-8, the encoding the identity hashes, so it is hashed as kept instead
        # of decoded and encoded again (half of this step's CPU at 50,000; decision 161).
        contents = self.connection.exec_driver_sql(
            f"SELECT CAST(content AS BLOB) FROM {self.schema}.{_DECLARATIONS} ORDER BY declaration_id"
        ).scalars()
        return identity_in_order(batch_payload, contents)

    def known(self, connection: Connection) -> set[str]:
        """The staged declaration ids already imported (from any workbook): import_rows.known_declarations, asked
        by one statement instead of 500 ids at a time."""
        return set(
            connection.exec_driver_sql(
                f"SELECT p.declaration_id FROM {self.schema}.{_DECLARATIONS} AS p WHERE EXISTS "
                "(SELECT 1 FROM imported_declarations AS d WHERE d.declaration_id = p.declaration_id)"
            ).scalars()
        )

    def declaration_rows(self) -> CursorResult[*tuple[Any, ...]]:
        """The staged declarations in the order written: each its place (from 1), then DECLARATION_NAMES but the
        workbook's id, as given, each content inflated if deflated (staging_server copies them into a store on another
        database)."""
        return self.connection.exec_driver_sql(
            f"SELECT rowid, {self._copied} FROM {self.schema}.{_DECLARATIONS} ORDER BY rowid"
        )

    def declaration_ids(self) -> Iterator[str]:
        """The staged declarations' ids, in the order written."""
        return iter(
            self.connection.exec_driver_sql(
                f"SELECT declaration_id FROM {self.schema}.{_DECLARATIONS} ORDER BY rowid"
            ).scalars()
        )

    def interest_rows(self) -> CursorResult[*tuple[Any, ...]]:
        """The staged interests in the order written (their declarations' order): each its declaration's place,
        then INTEREST_NAMES but the parent row's id, as given."""
        return self.connection.exec_driver_sql(
            f"SELECT {', '.join(_INTEREST_COLUMNS)} FROM {self.schema}.{_INTERESTS} ORDER BY rowid"
        )

    def insert(self, connection: Connection, workbook_id: str) -> None:
        """Copy the rows into the store under ``workbook_id``, in the order written (the careful path's row ids),
        each interest pointing at its declaration's new row. Called under the store's write lock."""
        before = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM imported_declarations").scalar_one()
        connection.exec_driver_sql(
            f"INSERT INTO imported_declarations ({', '.join(DECLARATION_NAMES)}) "
            f"SELECT ?, {self._copied} FROM {self.schema}.{_DECLARATIONS} ORDER BY rowid",
            (workbook_id,),
        )
        last = connection.exec_driver_sql("SELECT last_insert_rowid()").scalar_one()
        values = ", ".join("p." + name for name in INTEREST_NAMES[1:])
        if self.count and last == before + self.count:
            # An INTEGER PRIMARY KEY without AUTOINCREMENT: SQLite gives each new row the table's largest row id
            # plus one, unless that largest is 2**63 - 1, when it picks unused ones at random. Ending at before +
            # count, the first rule gave every copied row its id (the write lock keeps other writers out): before
            # + 1 … before + count in the staged order, so the declaration staged at place k is row before + k.
            # The random rule cannot end there (it would be past 2**63 - 1): then the parents are looked up below.
            connection.exec_driver_sql(
                f"INSERT INTO imported_interests ({', '.join(INTEREST_NAMES)}) "
                f"SELECT ? + p.declaration_seq, {values} FROM {self.schema}.{_INTERESTS} AS p ORDER BY p.rowid",
                (before,),
            )
        else:
            connection.exec_driver_sql(
                f"INSERT INTO imported_interests ({', '.join(INTEREST_NAMES)}) "
                f"SELECT d.id, {values} FROM {self.schema}.{_INTERESTS} AS p "
                f"JOIN {self.schema}.{_DECLARATIONS} AS s ON s.rowid = p.declaration_seq "
                "JOIN imported_declarations AS d ON d.workbook_id = ? AND d.declaration_id = s.declaration_id "
                "ORDER BY p.rowid",
                (workbook_id,),
            )
        self.drop()

    def drop(self) -> None:
        """Let the rows go (stored, or not wanted after all). After the transaction has ended there is nothing to
        do: a rollback took the rows with it, and the next import on the connection drops the empty tables."""
        if self.connection.closed or self.connection.invalidated:
            return
        for name in (_DECLARATIONS, _INTERESTS):
            self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS {self.schema}.{name}")


def _write(
    connection: Connection, table: str, columns: tuple[str, ...], rows: list[tuple[object, ...]], first: str = "?"
) -> None:
    """``rows`` inserted into ``table``; ``first``: the expression of the first column's value (of its ``?``)."""
    if rows:
        connection.exec_driver_sql(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join((first, *'?' * (len(columns) - 1)))})",
            rows,  # the driver's executemany on tuples
        )
