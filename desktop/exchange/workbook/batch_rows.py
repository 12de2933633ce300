"""The batch payload built without holding the declarations' triples as lists: from compact rows (a streamed
export) or from triples already in order (an import's staged rows) (docs/decisions.md).

batch_payload_of sorts a list of ``[id, officer, countersignature]`` lists (base64 texts) and serialises the whole
payload at once: at 200,000 declarations the signature triples, the lists and the JSON text held ≈ 230 MB at once,
most of an export's peak. Here each declaration is kept as its canonical JSON row, as bytes (≈ 0.27 kB), and the
payload is joined once from them: the same bytes as batch_payload_of, about half the memory (measured with
tracemalloc at 200,000: 232 MB before, 115 MB here, rows and payload; 7.4 s CPU before, 3 s here).

Sorting the rows' bytes sorts them as batch_payload_of sorts the lists whenever no text holds a character that JSON
escapes or that sorts before the closing quote (``"``, ``\\``, control characters and space, ``!``): base64 never
does, nor do the store's declaration ids. A row that does is kept as its list, and then the payload is built as
batch_payload_of builds it.

batch_payload_in_order takes the triples in the order of their ids (code point order: Python's order of texts, and
SQLite's BINARY order of the same texts in UTF-8) and writes each declaration's row as it comes, so that neither the
triples nor their rows are held (decision 216).
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterable, Mapping

from desktop.crypto.canonical import canonical_bytes
from desktop.exchange.workbook.model import (
    BATCH_PAYLOAD_TYPE,
    KeyEntry,
    MissingEntry,
    SignatureTriple,
    batch_payload_of,
    cover_format_version,
)

#: Texts whose JSON form is themselves, quoted, and whose characters all sort after the closing quote.
_SAFE = re.compile(r"[#-\[\]-~]*")


class BatchRows:
    """The declarations' part of the batch payload, one compact row per declaration, in any order."""

    def __init__(self) -> None:
        self._rows: list[bytes] = []
        self._odd: list[list[str]] = []

    def __len__(self) -> int:
        return len(self._rows) + len(self._odd)

    def add(self, declaration_id: str, officer: bytes | None, counter: bytes | None) -> None:
        officer_text = base64.b64encode(officer).decode("ascii") if officer else ""
        counter_text = base64.b64encode(counter).decode("ascii") if counter else ""
        if _SAFE.fullmatch(declaration_id):
            # Each row carries the comma before it (the same in every row, so the order is the rows'): the payload
            # is then one join of the rows, without a separator between each two (a join holds 80 bytes per item).
            self._rows.append(f',["{declaration_id}","{officer_text}","{counter_text}"]'.encode("ascii"))
        else:
            self._odd.append([declaration_id, officer_text, counter_text])

    def payload(self, cover: Mapping[str, str], keys: Iterable[KeyEntry], missing: Iterable[MissingEntry]) -> bytes:
        """batch_payload_of(cover, the added triples, keys, missing), byte for byte."""
        if self._odd:
            return batch_payload_of(cover, self._triples(), keys, missing)
        head, tail = _around(cover, keys, missing)
        self._rows.sort()
        rows = self._rows
        first = [rows[0][1:]] if rows else []
        return b"".join([head, *first, *rows[1:], tail])

    def _triples(self) -> Iterable[tuple[str, bytes | None, bytes | None]]:
        import json

        for row in self._rows:
            declaration_id, officer, counter = json.loads(row[1:])
            yield declaration_id, _raw(officer), _raw(counter)
        for declaration_id, officer, counter in self._odd:
            yield declaration_id, _raw(officer), _raw(counter)


def batch_payload_in_order(
    cover: Mapping[str, str],
    signatures: Iterable[SignatureTriple],
    keys: Iterable[KeyEntry],
    missing: Iterable[MissingEntry],
) -> bytes:
    """batch_payload_of(cover, signatures, keys, missing), byte for byte, from ``signatures`` given in the order of
    their ids (ValueError otherwise): each row is written as its triple comes. Triples of one id (never in a
    workbook: its ids are once each) may come in any order among themselves: they are sorted as batch_payload_of
    sorts them."""
    head, tail = _around(cover, keys, missing)
    out = io.BytesIO()
    out.write(head)
    separator = b""
    same: list[list[str]] = []  # the rows of the id being read
    for declaration_id, officer, counter in signatures:
        if same and declaration_id != same[0][0]:
            if declaration_id < same[0][0]:
                raise ValueError("the signature triples are not in the order of their ids")
            separator = _write_rows(out, same, separator)
            same = []
        same.append([declaration_id, _text(officer), _text(counter)])
    _write_rows(out, same, separator)
    out.write(tail)
    return out.getvalue()


def _write_rows(out: io.BytesIO, rows: list[list[str]], separator: bytes) -> bytes:
    """Write ``rows`` (one id's, usually one) as batch_payload_of orders them; the separator for the next."""
    for row in sorted(rows) if len(rows) > 1 else rows:
        declaration_id, officer, counter = row
        out.write(separator)
        if _SAFE.fullmatch(declaration_id):  # its JSON form is itself, quoted (base64 always is)
            out.write(f'["{declaration_id}","{officer}","{counter}"]'.encode("ascii"))
        else:
            out.write(canonical_bytes(row))
        separator = b","
    return separator


def _around(cover: Mapping[str, str], keys: Iterable[KeyEntry], missing: Iterable[MissingEntry]) -> tuple[bytes, bytes]:
    """The batch payload's bytes before its declarations' first row and after their last."""
    key_rows = sorted(
        [k.fingerprint, _text(k.public_key), k.role, k.login, k.police_number, k.name, k.unit_code] for k in keys
    )
    missing_rows = sorted([m.police_number, m.name, m.unit_code, m.unit_name, m.status] for m in missing)
    # The payload's keys in order: cover, declarations, format_version, keys, missing, type.
    head = canonical_bytes({"cover": dict(sorted(cover.items()))})
    tail = canonical_bytes(
        {
            "format_version": cover_format_version(cover),
            "keys": key_rows,
            "missing": missing_rows,
            "type": BATCH_PAYLOAD_TYPE,
        }
    )
    return head[:-1] + b',"declarations":[', b"]," + tail[1:]


def _text(value: bytes | None) -> str:
    return base64.b64encode(value).decode("ascii") if value else ""


def _raw(text: str) -> bytes | None:
    return base64.b64decode(text) if text else None
