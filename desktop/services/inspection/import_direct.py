"""A regular chunk of an import read straight from its converted cells: each declaration's payloads, signature checks
and stored rows, without the domain objects the careful path builds (issue 16, item 1; docs/decisions.md 180).

``read_directly`` gives the ChunkRows that import_chunks.read_chunk's careful path gives for the same converted
tables, or None whenever anything about the chunk is not plainly regular (a word that is not one of the format's,
a value not of its column's kind, interests or family members numbered otherwise, a cell shown for people that
disagrees, a declaration of another campaign, a form or format it does not write): read_chunk then goes on the
careful way, which decides. The payloads are the bytes desktop.crypto.payloads builds (the content by
chunk_content), the checks are verification._verify's in the same order with the same libsodium verifier, and the
tuples are import_rows'; tests/services/inspection/test_import_direct.py compares both paths chunk by chunk on
generated and hostile workbooks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import partial
from json.encoder import encode_basestring
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from desktop.crypto.canonical import canonical_bytes
from desktop.crypto.encoding import b64
from desktop.crypto.payloads import COUNTERSIGN_PAYLOAD_TYPE, OFFICER_PAYLOAD_TYPE, PAYLOAD_FORMAT_VERSION
from desktop.crypto.signing import fingerprint
from desktop.crypto.verification import bulk_verify_signature
from desktop.exchange.workbook.chunks import Chunk, ChunkContext
from desktop.exchange.workbook.columns import Layout
from desktop.exchange.workbook.family import shown_declaration_v2_problems
from desktop.exchange.workbook.model import KeyEntry
from desktop.exchange.workbook.shown import shown_declaration_problems, trade_shown, trades_shown
from desktop.exchange.workbook.table import Positional, Row
from desktop.services.inspection.chunk_content import (
    Amounts,
    Cells,
    DirectForm,
    InterestCells,
    MemberCells,
    NotRegular,
    content_json,
    member_number,
)

if TYPE_CHECKING:  # import_chunks calls this module
    from desktop.services.inspection.import_chunks import ChunkRows

_json_string = encode_basestring
_MAX_SAFE = 2**53 - 1
_FORMAT_VERSION = canonical_bytes(PAYLOAD_FORMAT_VERSION).decode()
_OFFICER_TYPE = canonical_bytes(OFFICER_PAYLOAD_TYPE).decode()
_COUNTERSIGN_TYPE = canonical_bytes(COUNTERSIGN_PAYLOAD_TYPE).decode()
_NO_FAILURES = "[]"


def read_directly(
    context: ChunkContext,
    shape: Layout,
    declarations: list[tuple[int, Row]],
    interests: Positional,
    members: Positional | None,
    chunk: Chunk,
    into: ChunkRows,
) -> bool:
    """Whether the chunk's rows were put ``into`` the (empty, regular) ChunkRows as the careful path would store
    them; False (``into`` then holds anything) for the careful path to read the chunk. The declaration rows are by
    column key, the interest and family rows by position (table.convert_columns; ``members`` None without family
    rows)."""
    try:
        return _read(context, shape, declarations, interests, members, chunk, into)
    except (NotRegular, KeyError, UnicodeEncodeError):
        return False


class _Fingerprints(dict[bytes, str]):
    """fingerprint() of each key once (as verification._Fingerprints)."""

    def __missing__(self, key: bytes) -> str:
        value = self[key] = fingerprint(key)
        return value


def _grouped(
    rows: list[Cells],
    at: dict[str, int],
    by_id: dict[str, Row],
    number_of: Callable[[Cells], int],
    shown: tuple[str, ...],
    none_agrees: bool,
) -> dict[str, list[Cells]] | None:
    """The rows by their declaration id, each list in number order; None unless each declaration's rows are
    numbered 1, 2, 3 … and every row names a declaration of the chunk (the careful path reports anything else), and
    each of the ``shown`` columns (police number, name: shown for people, signed on the declaration) shows what its
    declaration's row does, as the shown checks compare them (shown.shown_problems; family.shown_v2_problems, where
    a declaration's None agrees with any cell: ``none_agrees``)."""
    declaration_of = itemgetter(at["declaration_id"])
    compared = [(at[key], key) for key in shown if key in at]
    found: dict[str, list[tuple[int, Cells]]] = {}
    for row in rows:
        declaration_id = declaration_of(row)
        if type(declaration_id) is not str:
            raise NotRegular  # str() of something else: the careful path decides
        declaration = by_id.get(declaration_id)
        if declaration is None:
            return None
        for index, key in compared:
            if key in declaration:
                expected = declaration[key]
                if row[index] != expected and (expected is not None or not none_agrees):
                    return None
        found.setdefault(declaration_id, []).append((number_of(row), row))
    grouped: dict[str, list[Cells]] = {}
    for declaration_id, listed in found.items():
        listed.sort(key=itemgetter(0))  # stable: rows of one number stay in sheet order (and are refused below)
        if [n for n, _row in listed] != list(range(1, len(listed) + 1)):
            return None
        grouped[declaration_id] = [row for _n, row in listed]
    return grouped


def _trades_agree(at: dict[str, int], rows: list[Cells]) -> bool:
    """Whether each interest row's trade_name and regulated cells show what the trade catalogue says of its trade
    code, as shown.trade_differences compares them (a code the catalogue does not know: not compared)."""
    code_at = at.get("trade_code")
    if code_at is None:
        return True
    compared = [(at[key], key) for key in ("trade_name", "regulated") if key in at]
    table = trades_shown()
    for row in rows:
        shows = trade_shown(row[code_at], table)
        if shows is not None:
            for index, key in compared:
                if row[index] != shows[key]:
                    return False
    return True


def _row_no(cells: InterestCells, row: Cells) -> int:
    value = cells.row_no(row) or 0
    if type(value) is not int:
        raise NotRegular  # int() of something else: the careful path decides
    return value


def _members(
    shape: Layout, member_rows: Positional | None, by_id: dict[str, Row]
) -> tuple[dict[str, list[Cells]] | None, MemberCells | None]:
    """The family rows grouped (None: the careful path decides) and where their cells are; none without them."""
    if not shape.family:
        return {}, None
    if member_rows is None:
        return None, None
    at, rows = member_rows
    cells = MemberCells(at)
    grouped = _grouped(rows, at, by_id, partial(member_number, cells), ("police_number",), True)
    most = shape.form.max_family_members
    if grouped is not None and most is not None and any(len(listed) > most for listed in grouped.values()):
        return None, cells  # more members than the form lists (decision 222): the careful path reports each row
    return grouped, cells


def _read(
    context: ChunkContext,
    shape: Layout,
    declarations: list[tuple[int, Row]],
    interest_rows: Positional,
    member_rows: Positional | None,
    chunk: Chunk,
    found: ChunkRows,
) -> bool:
    form = DirectForm(shape.form.number, shape.family)
    by_id: dict[str, Row] = {}
    rows_of: dict[str, int] = {}
    for number, row in declarations:
        own = str(row.get("declaration_id") or "")
        by_id[own] = row
        rows_of[own] = number
    if len(by_id) != len(declarations):
        return False
    interest_at, interest_list = interest_rows
    interest_cells = InterestCells(interest_at, form.version_2)
    number_of = partial(_row_no, interest_cells)
    interests = _grouped(interest_list, interest_at, by_id, number_of, ("police_number", "name"), False)
    most = shape.form.max_interests
    if interests is not None and most is not None and any(len(listed) > most for listed in interests.values()):
        return False  # more interests than the form lists (decision 234): the careful path reports each row
    members, member_cells = _members(shape, member_rows, by_id)
    if interests is None or members is None or not _trades_agree(interest_at, interest_list):
        return False
    keys = [KeyEntry(name, public_key, "", name=person) for name, (public_key, person) in chunk.keys.items()]
    interest_counts: dict[object, int] = {key: len(rows) for key, rows in interests.items()}
    member_counts: dict[object, int] = {key: len(rows) for key, rows in members.items()}
    if shown_declaration_problems(declarations, interest_counts, context.positions, context.cover, keys) or (
        shape.family and shown_declaration_v2_problems(declarations, member_counts, context.positions, shape)
    ):
        return False
    public_keys = {k.fingerprint: k.public_key for k in keys}
    reader = _Declarations(context, form, public_keys, rows_of, (interest_cells, member_cells))
    for _number, row in declarations:
        own = str(row.get("declaration_id") or "")
        reader.read(row, interests.get(own, []), members.get(own, []), found)
    return True


class _Declarations:
    """Reads one chunk's declarations, each into the ChunkRows given."""

    def __init__(
        self,
        context: ChunkContext,
        form: DirectForm,
        public_keys: dict[str, bytes],
        rows_of: dict[str, int],
        cells: tuple[InterestCells, MemberCells | None],
    ) -> None:
        self.cells = cells
        self.form = form
        self.campaign_id = context.cover.get("campaign_id")
        self.expected = context.cover.get("commitment_sha256", "")
        self.require = context.require_countersignature
        self.keys = public_keys.get
        self.rows_of = rows_of
        self.fingerprints = _Fingerprints()
        self.amounts = Amounts()

    def read(self, row: Row, interests: list[Cells], members: list[Cells], found: ChunkRows) -> None:
        form = self.form
        if "form_version" in row and row["form_version"] != form.layout_form:
            raise NotRegular  # a declaration on another form version than the cover's: a problem of the workbook
        campaign_id = str(row.get("campaign_id") or "")
        if campaign_id != self.campaign_id:
            raise NotRegular
        content, interest_values = content_json(form, row, interests, members, self.amounts, self.cells)
        counter = _countersignature(row)
        signed = _officer_signature(row, content)
        failures = self._failures(signed, counter)
        valid = not failures
        declaration_id = signed.declaration_id if signed else ""
        found.declarations.append(
            (
                "",
                declaration_id,
                signed.version if signed else 0,
                campaign_id,
                row.get("police_number") or "",
                row.get("name") or "",
                row.get("id_number") or "",
                row.get("unit_code") or "",
                str(row.get("unit_name") or ""),
                bool(row.get("is_leadership_member")),
                bool(row.get("is_unit_head")),
                bool(row.get("is_division_level")),
                content,
                signed.signed_at if signed else None,
                signed.signer if signed else None,
                signed.signature if signed else None,
                signed.commitment if signed else None,
                counter.countersigned_at if counter else None,
                counter.countersigner if counter else None,
                counter.opinion if counter else None,
                counter.public_key if counter else None,
                counter.signature if counter else None,
                bool(row.get("late")),
                valid,
                _NO_FAILURES if valid else json.dumps(failures),
                self.rows_of.get(declaration_id, 0),
                form.number,
                counter.payload_format if counter else 1,
                counter.supersedes if counter else None,
            )
        )
        found.interests.append(interest_values)
        found.triples.append(
            (declaration_id, signed.signature if signed else None, counter.signature if counter else None)
        )
        if counter:
            found.countersigners.add(counter.countersigner)
        found.valid += valid

    def _failures(self, signed: _Signed | None, counter: _Counter | None) -> list[str]:
        """The codes of verification._verify's failures, the officer's first, checked in its order."""
        failures = []
        officer = "officer.missing" if signed is None else self._officer_failure(signed, counter)
        if officer is not None:
            failures.append(officer)
        if counter is None:
            if self.require:
                failures.append("countersignature.missing")
        elif signed is not None:
            countersignature = self._countersignature_failure(signed, counter)
            if countersignature is not None:
                failures.append(countersignature)
        return failures

    def _officer_failure(self, signed: _Signed, counter: _Counter | None) -> str | None:
        """verification._officer_failure."""
        key = self.keys(signed.signer)
        if key is None and counter is not None:
            key = counter.public_key  # vouched for by the countersignature, checked below
        if key is None:
            return "officer.key_unknown"
        if self.fingerprints[key] != signed.signer or (counter is not None and counter.public_key != key):
            return "officer.key_mismatch"
        if signed.commitment != self.expected:
            return "officer.commitment_mismatch"
        if not bulk_verify_signature(key, signed.signature, signed.payload):
            return "officer.signature_invalid"
        return None

    def _countersignature_failure(self, signed: _Signed, counter: _Counter) -> str | None:
        """verification._countersignature_failure, for a countersignature over an officer's signature."""
        head_key = self.keys(counter.countersigner)
        if counter.countersigner == signed.signer:
            return "countersignature.self"
        if head_key is None or self.fingerprints[head_key] != counter.countersigner:
            return "countersignature.key_unknown"
        if not bulk_verify_signature(head_key, counter.signature, _countersign_payload(signed, counter)):
            return "countersignature.invalid"
        return None


class _Signed(NamedTuple):
    """The officer's signature cells of a declaration row (OfficerSignature's fields), and its payload."""

    signature: bytes
    declaration_id: str
    version: int
    commitment: str
    signer: str
    signed_at: str
    payload: bytes


class _Counter(NamedTuple):
    """The countersignature cells of a declaration row (Countersignature's fields)."""

    signature: bytes
    public_key: bytes
    opinion: str
    countersigner: str
    countersigned_at: str
    payload_format: int
    supersedes: str | None


def _officer_signature(row: Row, content: str) -> _Signed | None:
    """As rows.signed_from_rows reads it, with the payload fast_officer_payload builds (the content in it)."""
    signature = row.get("officer_signature")
    if not signature:
        content.encode()  # a text the careful path cannot encode either (a lone surrogate): it decides
        return None
    version = row.get("version") or 0
    if type(signature) is not bytes or type(version) is not int or not -_MAX_SAFE <= version <= _MAX_SAFE:
        raise NotRegular
    declaration_id = str(row.get("declaration_id") or "")
    commitment = str(row.get("commitment_sha256") or "")
    signer = str(row.get("signer_fingerprint") or "")
    signed_at = str(row.get("signed_at") or "")
    payload = (
        f'{{"commitment_sha256":{_json_string(commitment)},"declaration":{content},'
        f'"declaration_id":{_json_string(declaration_id)},"format_version":{_FORMAT_VERSION},'
        f'"signed_at":{_json_string(signed_at)},"signer_fingerprint":{_json_string(signer)},'
        f'"type":{_OFFICER_TYPE},"version":{version}}}'
    ).encode()
    return _Signed(signature, declaration_id, version, commitment, signer, signed_at, payload)


def _countersignature(row: Row) -> _Counter | None:
    """As rows.signed_from_rows reads it; NotRegular where it refuses the row."""
    signature = row.get("countersignature")
    supersedes = row.get("supersedes")
    if not signature:
        if supersedes:
            raise NotRegular  # only a countersignature of format 2 names the version it supersedes
        return None
    payload_format = _countersignature_format(row)
    public_key = row.get("officer_public_key") or b""
    if (supersedes and payload_format != 2) or type(signature) is not bytes or type(public_key) is not bytes:
        raise NotRegular
    return _Counter(
        signature,
        public_key,
        str(row.get("opinion") or ""),
        str(row.get("countersigner_fingerprint") or ""),
        str(row.get("countersigned_at") or ""),
        payload_format,
        str(supersedes or "") or None,
    )


def _countersignature_format(row: Row) -> int:
    """rows._countersignature_format: 1 or 2; NotRegular where the careful path refuses the row."""
    text = str(row.get("countersignature_format") or "1")
    if text not in ("1", "2"):
        raise NotRegular
    return int(text)


def _countersign_payload(signed: _Signed, counter: _Counter) -> bytes:
    """payloads.fast_countersign_payload of the fields (format 1 or 2)."""
    digest = hashlib.sha256(signed.payload).hexdigest()
    texts = (
        f'{{"countersigned_at":{_json_string(counter.countersigned_at)},'
        f'"countersigner_fingerprint":{_json_string(counter.countersigner)},'
    )
    keys = f'"officer_public_key":"{b64(counter.public_key)}","officer_signature":"{b64(signed.signature)}",'
    if counter.payload_format == 1:
        text = (
            f'{texts}"format_version":{_FORMAT_VERSION},"officer_payload_sha256":"{digest}",{keys}'
            f'"opinion":{_json_string(counter.opinion)},"type":{_COUNTERSIGN_TYPE}}}'
        )
    else:
        superseded = "null" if counter.supersedes is None else _json_string(counter.supersedes)
        text = (
            f'{texts}"declaration_version":{signed.version},"format_version":2,"officer_payload_sha256":"{digest}",'
            f'{keys}"opinion":{_json_string(counter.opinion)},"supersedes":{superseded},"type":{_COUNTERSIGN_TYPE}}}'
        )
    return text.encode()
