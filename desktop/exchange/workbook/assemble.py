"""A declaration workbook's content assembled from its sheets' values: each declaration with its interests and
family members, the keys, the missing officers and the batch signature, with every problem located."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.family import FamilyMember
from desktop.domain.interests import BusinessInterest
from desktop.exchange.problems import CappedProblems, SheetProblem
from desktop.exchange.vocabulary import DECLARATION_STATUS_WORDS
from desktop.exchange.workbook.cells import CellError, parse
from desktop.exchange.workbook.columns import (
    COVER_SHEET,
    DECLARATIONS_SHEET,
    FAMILY_SHEET,
    INTERESTS_SHEET,
    KEYS_SHEET,
    MISSING_SHEET,
    Kind,
    Layout,
)
from desktop.exchange.workbook.family import form_version_problems, orphan_members, read_members, shown_v2_problems
from desktop.exchange.workbook.model import (
    DeclarationEntry,
    KeyEntry,
    MissingEntry,
    SignatureTriple,
    WorkbookContent,
    row_triple,
)
from desktop.exchange.workbook.per_declaration import RowsPerDeclaration
from desktop.exchange.workbook.rows import interest_from_row, signed_from_rows
from desktop.exchange.workbook.rows_v2 import interest_from_row_v2, with_form_v2
from desktop.exchange.workbook.shown import STATUS_CODES, shown_problems
from desktop.exchange.workbook.table import read_table
from desktop.exchange.xlsx.safety import cell_reference
from desktop.i18n import N_

_MAX_LOCATED = 20  # problems of one kind located per sheet; more add nothing a person can act on


@dataclass
class ReadWorkbook:
    name: str
    content: WorkbookContent
    problems: list[SheetProblem] = field(default_factory=list)
    #: Sheet rows of each declaration, to name the row when its signature fails.
    declaration_rows: dict[str, int] = field(default_factory=dict)
    #: Cells shown for people but not signed that disagree with the signed data (findings of verification, not
    #: reasons to refuse the file).
    shown_problems: list[SheetProblem] = field(default_factory=list)


Table = list[tuple[int, dict[str, object]]]
#: The interests of each declaration id: (row_no, sheet row, interest).
Interests = dict[str, list[tuple[int, int, BusinessInterest]]]


def assemble(
    file: str,
    sheets: dict[str, list[list[object]]],
    problems: list[SheetProblem],
    cover: dict[str, str],
    shape: Layout,
    seen: list[SheetProblem],
) -> ReadWorkbook:
    """The workbook's content from its sheets' values; ``seen``: what people see that disagrees with the format
    (a heading, a label), found so far."""
    positions: dict[str, dict[str, int]] = {}
    # A hostile workbook's junk rows: counted, not all described (decision 152), and refused past a bound that no
    # real workbook reaches (decision 164).
    problems = CappedProblems(problems, file=file)
    # Each sheet's raw values are dropped as soon as its cells are converted (peak memory of a large import).
    tables: dict[str, Table] = {}
    read: dict[str, int] = {}  # the rows of each table, with any left out past the cap on problems (decision 164)
    for name, columns in shape.sheets.items():
        table = read_table(name, sheets.pop(name), columns, problems, positions, seen)
        tables[name], read[name] = table, table.read
    most = shape.form.max_family_members
    members = read_members(tables.get(FAMILY_SHEET, []), problems, most) if shape.family else {}
    interests = interests_by_declaration(
        tables[INTERESTS_SHEET], problems, shape.form.number >= 2, shape.form.max_interests
    )
    rows_of: dict[str, int] = {}
    refused: list[SignatureTriple] = []
    entries = declaration_entries(tables[DECLARATIONS_SHEET], interests, members, shape, problems, rows_of, refused)
    problems += orphan_members(members)
    problems += orphan_interests(interests)
    keys = key_entries(tables[KEYS_SHEET])
    missing = missing_entries(tables[MISSING_SHEET])
    batch_signature = batch_signature_of(cover, problems)
    content = WorkbookContent(cover, entries, keys, missing, batch_signature, refused)
    problems += key_role_problems(tables[KEYS_SHEET], positions.get(KEYS_SHEET, {}))
    counts = {
        "declarations": read[DECLARATIONS_SHEET],
        "interests": read[INTERESTS_SHEET],
        "missing": read[MISSING_SHEET],
    }
    if shape.family:
        counts["family_members"] = read[FAMILY_SHEET]
    shown = [
        *seen,
        *cover_count_problems(cover, counts),
        *shown_problems(tables, positions, cover, keys),
        *shown_v2_problems(tables, positions, shape),
    ]
    return ReadWorkbook(file, content, problems.listed(), rows_of, CappedProblems(shown).listed())


def declaration_entries(
    rows: Table,
    interests: Interests,
    members: dict[str, list[tuple[int, FamilyMember]]],
    shape: Layout,
    problems: list[SheetProblem],
    rows_of: dict[str, int],
    refused: list[SignatureTriple] | None = None,
) -> list[DeclarationEntry]:
    """The declarations of ``rows`` with their interests and family members (taken out of ``interests`` and
    ``members``: what is left belongs to no declaration); ``rows_of`` receives each declaration's sheet row, and
    ``refused`` the signature triple of each row that is not read as a declaration (``declaration.duplicate``,
    ``declaration.invalid``): every row keeps its place in the batch, as docs A.6 say; a row that cannot be read
    still has its interest and family rows (decision 238)."""
    version_2 = shape.form.number >= 2
    entries: list[DeclarationEntry] = []
    for row_number, row in rows:
        declaration_id = str(row.get("declaration_id") or "")
        if declaration_id in rows_of:
            problems.append(
                row_problem(
                    DECLARATIONS_SHEET,
                    row_number,
                    "declaration.duplicate",
                    N_("The declaration {id} appears twice (also in row {other})."),
                    id=declaration_id,
                    other=rows_of[declaration_id],
                )
            )
            if refused is not None:
                refused.append(row_triple(row))  # a row the exporter did not sign twice: the batch fails
            continue
        rows_of[declaration_id] = row_number
        own = sorted(interests.pop(declaration_id, []), key=lambda item: item[0])
        numbers = [n for n, _r, _i in own]
        if numbers != list(range(1, len(own) + 1)):
            problems.append(
                row_problem(
                    DECLARATIONS_SHEET,
                    row_number,
                    "interests.numbering",
                    N_("The interest rows of this declaration are not numbered 1, 2, 3 …: a row was added or deleted."),
                )
            )
        family = [m for _r, m in members.pop(declaration_id, [])] if version_2 else []
        try:
            signed = signed_from_rows(row, [i for _n, _r, i in own])
            if version_2:
                signed = with_form_v2(signed, row, shape.form, family)
                problems += form_version_problems(row, row_number, shape.form.number)
        except ValueError as exc:
            problems.append(
                row_problem(
                    DECLARATIONS_SHEET,
                    row_number,
                    "declaration.invalid",
                    N_("This declaration row cannot be read: {reason}"),
                    reason=str(exc),
                )
            )
            if refused is not None:
                refused.append(row_triple(row))
            continue
        shown_status = str(row.get("status") or "")
        status = STATUS_CODES.get(shown_status, shown_status)
        countersigner = str(row.get("countersigner_name") or "")
        entries.append(DeclarationEntry(signed, status, bool(row.get("late")), countersigner))
    return entries


def orphan_interests(interests: Interests) -> list[SheetProblem]:
    """The interest rows left after every declaration took its own."""
    return [
        row_problem(
            INTERESTS_SHEET,
            row_number,
            "interest.orphan",
            N_("This interest row belongs to no declaration in the workbook ({id})."),
            id=declaration_id,
        )
        for declaration_id, orphans in interests.items()
        for _n, row_number, _i in orphans
    ]


def key_entries(rows: Table) -> list[KeyEntry]:
    return [
        KeyEntry(
            str(r.get("fingerprint") or ""),
            r.get("public_key") or b"",  # type: ignore[arg-type]  # a BASE64 column: bytes
            str(r.get("role") or ""),
            str(r.get("login") or ""),
            str(r.get("police_number") or ""),
            str(r.get("name") or ""),
            str(r.get("unit_code") or ""),
        )
        for _n, r in rows
    ]


def missing_entries(rows: Table) -> list[MissingEntry]:
    return [
        MissingEntry(
            str(r.get("police_number") or ""),
            str(r.get("name") or ""),
            str(r.get("unit_code") or ""),
            str(r.get("unit_name") or ""),
            next((c for c, w in DECLARATION_STATUS_WORDS.items() if w == r.get("status")), str(r.get("status") or "")),
        )
        for _n, r in rows
    ]


def batch_signature_of(cover: dict[str, str], problems: list[SheetProblem]) -> bytes | None:
    """The batch signature, taken off the cover (it signs every other cover field)."""
    batch = cover.pop("batch_signature", "")
    try:
        return parse(Kind.BASE64, batch) if batch else None  # type: ignore[return-value]  # BASE64: bytes
    except CellError:
        problems.append(
            SheetProblem(
                COVER_SHEET, 0, "", "cover.batch_signature", N_("The batch signature on the cover is damaged.")
            )
        )
        return None


#: The values of the keys sheet's role cell: what the exporter says a key is. Checked, never believed: a key is a
#: head's because it countersigned (docs/workbook-format.md, "Consistent is not trusted").
KEY_ROLES = frozenset({"unit_head", "officer", "exporter"})


def key_role_problems(rows: list[tuple[int, dict[str, object]]], positions: dict[str, int]) -> list[SheetProblem]:
    position = positions.get("role")
    return [
        SheetProblem(
            KEYS_SHEET,
            number,
            cell_reference(number, position + 1) if position is not None else "",
            "key.role",
            N_("The role of a key must be unit_head, officer or exporter, not {role}."),
            {"role": str(values.get("role"))},
        )
        for number, values in rows
        if "role" in values and values["role"] not in KEY_ROLES
    ][:_MAX_LOCATED]


def cover_count_problems(cover: dict[str, str], counts: dict[str, int]) -> list[SheetProblem]:
    """The cover's counts are what people read first; each must equal the rows of its sheet."""
    return [
        SheetProblem(
            COVER_SHEET,
            0,
            "",
            "cover.count",
            N_("The cover says {shown} for {field}, but the workbook has {actual} rows."),
            {"shown": cover.get(key, ""), "field": key, "actual": actual},
        )
        for key, actual in counts.items()
        if key in cover and cover[key] != str(actual)
    ]


def interests_by_declaration(
    rows: list[tuple[int, dict[str, object]]],
    problems: list[SheetProblem],
    version_2: bool,
    most: int | None = None,
) -> dict[str, list[tuple[int, int, BusinessInterest]]]:
    """The interests by declaration id, as (row_no, sheet row, interest). ``most``: the form's most interests a
    declaration lists (decision 234): each row of a declaration id past that many rows (in sheet order, read or not)
    is one problem, ``interest.too_many``, and left out (the reading floor counts these too: read_floor.py)."""
    interests: dict[str, list[tuple[int, int, BusinessInterest]]] = {}
    counted = RowsPerDeclaration(most)
    for row_number, row in rows:
        declaration_id = str(row.get("declaration_id") or "")
        if counted.one_too_many(declaration_id):
            problems.append(
                row_problem(
                    INTERESTS_SHEET,
                    row_number,
                    "interest.too_many",
                    N_("Declaration {id} lists more than {most} business interests: this row is one too many."),
                    id=declaration_id,
                    most=most,
                )
            )
            continue
        try:
            interest = interest_from_row_v2(row) if version_2 else interest_from_row(row)
        except ValueError as exc:
            problems.append(
                row_problem(
                    INTERESTS_SHEET,
                    row_number,
                    "interest.invalid",
                    N_("This interest row cannot be read: {reason}"),
                    reason=str(exc),
                )
            )
            continue
        interests.setdefault(declaration_id, []).append(
            (int(row.get("row_no") or 0), row_number, interest)  # type: ignore[call-overload]  # an INTEGER column
        )
    return interests


def row_problem(sheet: str, row: int, code: str, message: str, **params: object) -> SheetProblem:
    return SheetProblem(sheet, row, "", code, message, params)
