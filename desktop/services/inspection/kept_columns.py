"""A view kept with a review run as separately compressed columns, so that a reader decodes only the columns it uses.

A listing of 85,000 findings is about 20 MB of JSON; the command's text output needs only the printed lines and
whether each is cleared, a filter one or two columns more. Decoding the whole document took about a third of a
second at 50,000 declarations, and building a row object per finding as long again (decision 143).

Layout: ``MAGIC``, the header's length (4 bytes, big-endian), the header (UTF-8 JSON: the scalar values, and each
column's and text's name, offset and length in what follows), then each column (a JSON array) and each text (plain
UTF-8), compressed with zlib.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from desktop.services.session.session import Session
from desktop.store import schema

#: The layout's name and version: 2 keeps texts beside the columns (1, without them, is rendered again).
MAGIC = b"ODKC2\n"
_LENGTH = struct.Struct(">I")


class DamagedKeptColumns(ValueError):
    """The bytes are not kept columns (another layout, or cut short): the caller renders the view again."""


def pack(
    scalars: Mapping[str, Any], columns: Mapping[str, Sequence[Any]], texts: Mapping[str, str] | None = None
) -> bytes:
    """``scalars`` (JSON values), ``columns`` (lists of JSON values, of any lengths) and ``texts`` (plain text, read
    back without JSON decoding) as kept columns."""
    blocks: list[bytes] = []
    index: list[list[object]] = []  # [name, offset, length] of each column, then of each text
    text_index: list[list[object]] = []
    offset = 0
    encoded = [
        *(
            (name, index, json.dumps(list(values), ensure_ascii=False, separators=(",", ":")))
            for name, values in columns.items()
        ),
        *((name, text_index, text) for name, text in (texts or {}).items()),
    ]
    for name, where, text in encoded:
        block = zlib.compress(text.encode("utf-8", "surrogatepass"), 1)
        blocks.append(block)
        where.append([name, offset, len(block)])
        offset += len(block)
    header = {"scalars": dict(scalars), "columns": index, "texts": text_index}
    encoded_header = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return b"".join([MAGIC, _LENGTH.pack(len(encoded_header)), encoded_header, *blocks])


class KeptColumns:
    """Kept columns read back: the scalars at once, each column when first asked for (then remembered)."""

    def __init__(self, packed: bytes) -> None:
        if not packed.startswith(MAGIC) or len(packed) < len(MAGIC) + _LENGTH.size:
            raise DamagedKeptColumns("not kept columns")
        start = len(MAGIC) + _LENGTH.size
        (length,) = _LENGTH.unpack_from(packed, len(MAGIC))
        try:
            header = json.loads(packed[start : start + length])
        except ValueError as error:
            raise DamagedKeptColumns("the header is damaged") from error
        self._packed = memoryview(packed)
        self._base = start + length
        self.scalars: dict[str, Any] = header["scalars"]
        self._where: dict[str, tuple[int, int]] = {name: (at, size) for name, at, size in header["columns"]}
        self._text_where: dict[str, tuple[int, int]] = {name: (at, size) for name, at, size in header.get("texts", [])}
        self._decoded: dict[str, list[Any]] = {}

    @property
    def names(self) -> list[str]:
        return list(self._where)

    def column(self, name: str) -> list[Any]:
        """The values of column ``name`` (KeyError when there is none)."""
        found = self._decoded.get(name)
        if found is None:
            try:
                found = json.loads(self._block(name, *self._where[name]))
            except ValueError as error:
                raise DamagedKeptColumns(f"the column {name} is damaged") from error
            self._decoded[name] = found
        return found

    def text(self, name: str) -> str:
        """The text kept as ``name`` (KeyError when there is none); decoded at each call."""
        try:
            return self._block(name, *self._text_where[name]).decode("utf-8", "surrogatepass")
        except UnicodeDecodeError as error:
            raise DamagedKeptColumns(f"the text {name} is damaged") from error

    def utf8(self, name: str) -> bytes:
        """The text kept as ``name`` as it is kept: UTF-8 (``surrogatepass``), not decoded (KeyError when none)."""
        return self._block(name, *self._text_where[name])

    def _block(self, name: str, at: int, size: int) -> bytes:
        start = self._base + at
        if start + size > len(self._packed):
            raise DamagedKeptColumns(f"{name} is cut short")
        try:
            return zlib.decompress(self._packed[start : start + size])
        except zlib.error as error:
            raise DamagedKeptColumns(f"{name} is damaged") from error


def read_kept(session: Session, run_id: int, key: str, format_: int) -> KeptColumns | None:
    """The columns kept with run ``run_id`` under ``key`` in format ``format_``; None when there are none, or they
    were kept in another format or layout (by another version: the caller renders them again)."""
    table = schema.review_listings
    with session.store.transaction() as connection:
        row = connection.execute(
            select(table.c.format, table.c.content).where(table.c.run_id == run_id, table.c.language == key)
        ).first()
    if row is None or row.format != format_:
        return None
    try:
        return KeptColumns(bytes(row.content))
    except DamagedKeptColumns:
        return None


def keep(session: Session, run_id: int, key: str, format_: int, packed: bytes) -> None:
    """Keep ``packed`` (``pack``'s bytes) with run ``run_id`` under ``key``, once: another process may have kept the
    same derived data first. What was kept there in another format or layout is replaced."""
    table = schema.review_listings
    where = (table.c.run_id == run_id, table.c.language == key)
    try:
        with session.store.transaction() as connection:
            found = connection.execute(select(table.c.format, table.c.content).where(*where)).first()
            if found is None:
                connection.execute(table.insert().values(run_id=run_id, language=key, format=format_, content=packed))
            elif found.format != format_ or not bytes(found.content).startswith(MAGIC):
                connection.execute(table.update().where(*where).values(format=format_, content=packed))
    except IntegrityError:  # kept by another process in the meantime: the same content
        pass
