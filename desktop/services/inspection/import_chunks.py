"""One chunk of an import, in a worker process: its cells converted, its declarations assembled with their interests
and family members, their signatures checked (libsodium), and the rows the store takes built.

It converts the chunk's cells, then reads a regular chunk straight from them (import_direct: the payloads, checks and
stored rows without the domain objects, decision 180; the interest and family rows by position, decision 201), and
otherwise converts them again as the careful path reads them (convert_records) and runs the careful path's own
functions on the chunk's rows (declaration_entries, shown_problems, verify_many), so what it finds is what the careful
path finds for those rows. Anything the careful path would report as a problem of the workbook (a cell that does not
fit its column, a shown column that disagrees, a declaration of another campaign, a declaration id or key cell
written another way than grouped) makes the chunk irregular: the import then reads the whole workbook the careful
way, which locates each problem. A signature that does not verify is no problem of the workbook: the declaration is
stored, flagged, as the careful path stores it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.crypto.verification import verify_many
from desktop.exchange.problems import SheetProblem
from desktop.exchange.workbook.assemble import declaration_entries, interests_by_declaration
from desktop.exchange.workbook.chunks import Chunk, ChunkContext, Records
from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET, Column, layout
from desktop.exchange.workbook.family import read_members, shown_v2_problems
from desktop.exchange.workbook.model import KeyEntry, SignatureTriple, signature_triple
from desktop.exchange.workbook.shown import shown_problems
from desktop.exchange.workbook.table import Positional, Row, convert_columns, convert_records
from desktop.exchange.workbook.verify import DeclarationVerdict
from desktop.services.inspection.import_direct import read_directly
from desktop.services.inspection.row_values import declaration_row, interest_values

_KEY_CELLS = ("signer_fingerprint", "countersigner_fingerprint")
#: Whether a chunk is first read straight from its cells (import_direct: the same rows, without the domain objects),
#: the careful way below only when that declines (decision 180).
DIRECT = True


@dataclass
class ChunkRows:
    """What the store takes of a chunk, or ``regular=False``: the chunk needs the careful path."""

    regular: bool
    #: One tuple per declaration (row_values.DECLARATION_NAMES), its workbook id left empty: the workbook's
    #: identity is known only once every chunk is read.
    declarations: list[tuple[object, ...]] = field(default_factory=list)
    #: Each declaration's interest tuples (INTEREST_NAMES without the parent row's id).
    interests: list[list[tuple[object, ...]]] = field(default_factory=list)
    triples: list[SignatureTriple] = field(default_factory=list)
    countersigners: set[str] = field(default_factory=set)
    valid: int = 0


_IRREGULAR = ChunkRows(regular=False)


def read_chunk(context: ChunkContext, chunk: Chunk) -> ChunkRows:
    """The rows of ``chunk`` as the careful path would store them (see the module's docstring)."""
    shape = layout(context.format_version, context.form_version)
    problems: list[SheetProblem] = []
    declarations = _converted(
        DECLARATIONS_SHEET, chunk.declarations, context, shape.sheets[DECLARATIONS_SHEET], problems
    )
    if DIRECT and not problems and _as_grouped(declarations, chunk):
        # The interest and family rows by position, without a dict per row (decision 201); any cell that does not
        # fit leaves them to convert_records below, which reports it.
        by_position = _by_position(INTERESTS_SHEET, chunk.interests, context, shape.sheets[INTERESTS_SHEET])
        family = (
            _by_position(FAMILY_SHEET, chunk.members, context, shape.sheets[FAMILY_SHEET]) if shape.family else None
        )
        if (
            by_position is not None
            and (family is not None or not shape.family)
            and read_directly(
                context, shape, declarations, by_position, family, chunk, direct := ChunkRows(regular=True)
            )
        ):
            return direct
    tables: dict[str, list[tuple[int, Row]]] = {DECLARATIONS_SHEET: declarations}
    tables[INTERESTS_SHEET] = _converted(
        INTERESTS_SHEET, chunk.interests, context, shape.sheets[INTERESTS_SHEET], problems
    )
    if shape.family:
        tables[FAMILY_SHEET] = _converted(FAMILY_SHEET, chunk.members, context, shape.sheets[FAMILY_SHEET], problems)
    if problems or not _as_grouped(declarations, chunk):
        return _IRREGULAR
    ids = {str(raw) for raw in chunk.raw_ids}
    members = read_members(tables[FAMILY_SHEET], problems, shape.form.max_family_members) if shape.family else {}
    interests = interests_by_declaration(
        tables[INTERESTS_SHEET], problems, shape.form.number >= 2, shape.form.max_interests
    )
    if not set(members) <= ids or not set(interests) <= ids:
        return _IRREGULAR  # a row whose id was written another way than its declaration's
    rows_of: dict[str, int] = {}
    entries = declaration_entries(declarations, interests, members, shape, problems, rows_of)
    keys = [KeyEntry(name, public_key, "", name=person) for name, (public_key, person) in chunk.keys.items()]
    campaign_id = context.cover.get("campaign_id")
    if (
        problems
        or interests
        or members
        or len(entries) != len(declarations)
        or shown_problems(tables, context.positions, context.cover, keys)
        or shown_v2_problems(tables, context.positions, shape)
        or any(e.signed.declaration.campaign_id != campaign_id for e in entries)
    ):
        return _IRREGULAR
    contents: list[bytes] = []
    public_keys = {k.fingerprint: k.public_key for k in keys}
    results = verify_many(
        [e.signed for e in entries],
        public_keys.get,
        expected_commitment_sha256=context.cover.get("commitment_sha256", ""),
        require_countersignature=context.require_countersignature,
        contents=contents,
    )
    found = ChunkRows(regular=True)
    for entry, result, content in zip(entries, results, contents, strict=True):
        signed = entry.signed
        officer = signed.declaration.officer
        declaration_id = signed.officer_signature.declaration_id if signed.officer_signature else ""
        outcome = DeclarationVerdict(
            declaration_id,
            officer.police_number,
            officer.name,
            officer.unit_code,
            rows_of.get(declaration_id, 0),
            result,
        )
        # The content's canonical JSON travels once: as the text stored, or deflated where the window's import asks
        # (decision 251, import_pipeline.import_in_chunks(deflated=...)); the workbook's identity encodes it again.
        found.declarations.append(declaration_row("", entry, outcome, content.decode("utf-8")))
        found.interests.append(interest_values(entry))
        found.triples.append(signature_triple(entry))
        if signed.countersignature is not None:
            found.countersigners.add(signed.countersignature.countersigner_fingerprint)
        found.valid += outcome.valid
    return found


def _converted(
    name: str,
    records: Records,
    context: ChunkContext,
    columns: tuple[Column, ...],
    problems: list[SheetProblem],
) -> list[tuple[int, Row]]:
    numbers, rows = records
    return convert_records(name, numbers, rows, columns, context.positions[name], problems)


def _by_position(name: str, records: Records, context: ChunkContext, columns: tuple[Column, ...]) -> Positional | None:
    return convert_columns(records[1], columns, context.positions[name])


def _as_grouped(declarations: list[tuple[int, Row]], chunk: Chunk) -> bool:
    """Whether each declaration's converted id is the raw cell it was grouped by, and every key it names was
    looked up for the chunk."""
    if len(declarations) != len(chunk.raw_ids):
        return False
    for (_number, row), raw in zip(declarations, chunk.raw_ids, strict=True):
        if str(row.get("declaration_id") or "") != raw:
            return False
        for key in _KEY_CELLS:
            named = row.get(key)
            if named and named not in chunk.named:
                return False
    return True
