"""Each declaration's canonical content staged deflated, and inflated as it is read back (decision 247).

The calling process of a SQLite import stages its rows in the connection's temporary database until the workbook's
identity is known (import_staging); most of those bytes are the declarations' canonical contents (form 2 at 50,000:
124 MB of 183 MB of staged pages, decision 237), held through the import's peak. A worker now deflates each content
after reading its chunk (``read_staged_chunk``), with a preset dictionary of the contents' keys: texts of 1–5 kB
share most of their bytes with it, so they deflate to about a quarter of their size, where alone they deflate to
less than half. The calling process inflates each content where it is read back: for the workbook's identity
(``content_bytes``) and, through the SQL function ``INFLATE_SQL`` that ``inflating`` gives the staging connection,
as it is copied into the store, so that the stored rows are the text they always were.

The dictionary only helps the ratio: a content of any form or version deflates and inflates to the same bytes.
Changing it changes nothing stored (the deflated contents live for one import, in one process).
"""

from __future__ import annotations

import zlib
from typing import Any

from desktop.exchange.workbook.chunks import ChunkContext
from desktop.services.inspection.import_chunks import ChunkRows
from desktop.services.inspection.packed_chunks import Packed, read_packed_chunk
from desktop.services.inspection.row_values import DECLARATION_NAMES

#: zlib's fastest level: with the dictionary it deflates these texts about as tightly as level 6, faster.
LEVEL = 1
_CONTENT = DECLARATION_NAMES.index("content")
#: The SQL function that inflates a staged content into its text (``inflating``).
INFLATE_SQL = "inflated_content"

_MEMBER = (
    '{"id_number":"","member_id":"F1","name":"","position":"","public_servant":false,"relation":"spouse",'
    '"work_unit":""},{"id_number":"","member_id":"F2","name":"","position":"","public_servant":true,'
    '"relation":"parent","work_unit":""},{"id_number":"","member_id":"F3","name":"","position":"",'
    '"public_servant":false,"relation":"child","work_unit":""}'
)
_INTEREST = (
    '{"business_scope":"","capital_wan":"","end_date":null,"enterprise_name":"","holder_id_number":"",'
    '"holder_member_id":"","holder_name":"","income_wan":null,"note":"","question":"own_business",'
    '"rectification":"","registered_address":"","registered_capital_wan":"","registration_authority":"",'
    '"related_to_duties":false,"relation":"self","roles":["investor"],"share_percent":null,"start_date":"",'
    '"status":"operating","trade_code":"","uscc":"","within_jurisdiction":false}'
)
_OTHER_INTEREST = (
    _INTEREST.replace('"own_business"', '"specific_related_business"')
    .replace('"self"', '"other"')
    .replace('"investor"', '"nominee"')
    .replace("false", "true")
)
#: The preset dictionary: a declaration's canonical content (form 2, with members and interests) with every value
#: people write left empty; zlib finds its matches in the last 32 kB, the nearest cheapest, so the common keys last.
DICTIONARY = (
    '{"acknowledged_warnings":[],"answers":{"disguised_involvement":false,"own_business":true,'
    '"paid_part_time":false,"relatives_business":false,"shareholding":false,"specific_related_business":false},'
    f'"campaign_id":"","content_version":1,"family_members":[{_MEMBER}],"form_version":2,'
    f'"interests":[{_OTHER_INTEREST},{_INTEREST}],"officer":{{"id_number":"","is_division_level":false,'
    '"is_leadership_member":false,"is_unit_head":false,"mobile":"","name":"","police_number":"",'
    '"political_status":"cpc_member","position":"","rank_level":"","unit_code":""},"remarks":"","unit_name":""}'
).encode()


def deflated(content: str) -> bytes:
    """``content`` (a canonical content's text) in UTF-8, deflated with the dictionary."""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, zlib.MAX_WBITS, 8, zlib.Z_DEFAULT_STRATEGY, DICTIONARY)
    return packer.compress(content.encode("utf-8")) + packer.flush()


def content_bytes(staged: bytes | str) -> bytes:
    """A staged content inflated: its text in UTF-8, as the workbook's identity hashes it. A content staged as a
    text (by a caller that stages rows it made itself, as tests do) is that text."""
    if isinstance(staged, str):
        return staged.encode("utf-8")
    unpacker = zlib.decompressobj(zdict=DICTIONARY)
    found = unpacker.decompress(staged) + unpacker.flush()
    if not unpacker.eof:
        raise ValueError("a staged content is cut short")
    if unpacker.unused_data:
        raise ValueError("a staged content has bytes past its end")
    return found


def inflated(staged: bytes | str) -> str:
    """A staged content inflated into its text (``INFLATE_SQL``); a text staged as it is, given back as it is."""
    return staged if isinstance(staged, str) else content_bytes(staged).decode("utf-8")


def inflating(driver_connection: Any) -> None:
    """Give a SQLite driver connection the SQL function ``INFLATE_SQL`` (one argument: a staged content)."""
    driver_connection.create_function(INFLATE_SQL, 1, inflated, deterministic=True)


def read_staged_chunk(context: ChunkContext, packed: Packed) -> ChunkRows:
    """packed_chunks.read_packed_chunk, in a worker, each declaration's content then deflated (``deflated``)."""
    rows = read_packed_chunk(context, packed)
    rows.declarations = [_with_deflated_content(row) for row in rows.declarations]
    return rows


def _with_deflated_content(row: tuple[object, ...]) -> tuple[object, ...]:
    content = row[_CONTENT]
    if not isinstance(content, str):
        raise TypeError("a declaration's content is a text")
    return (*row[:_CONTENT], deflated(content), *row[_CONTENT + 1 :])
