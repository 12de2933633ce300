"""The parts of reading a workbook of format 2 that only form version 2 and later have: the family members sheet
(家庭成员), each declaration's form version, and the columns shown for people that the signed data determines (sex
and birth date from the ID number, the number of family members, the officer on a family row)."""

from __future__ import annotations

import re

from desktop.domain.family import FamilyMember
from desktop.domain.identifiers import birth_date_from_id_number, sex_from_id_number
from desktop.exchange.problems import SheetProblem
from desktop.exchange.vocabulary import SEX_WORDS
from desktop.exchange.workbook.cells import to_text
from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, FAMILY_SHEET, Layout
from desktop.exchange.workbook.per_declaration import RowsPerDeclaration
from desktop.exchange.workbook.rows_v2 import member_from_row
from desktop.exchange.workbook.shown import shown_mismatch
from desktop.i18n import N_

Row = dict[str, object]
Table = list[tuple[int, Row]]
_MEMBER_ID = re.compile(r"^F([1-9][0-9]{0,3})$")


def read_members(
    rows: Table, problems: list[SheetProblem], most: int | None = None
) -> dict[str, list[tuple[int, FamilyMember]]]:
    """The family members by declaration id, each list in member order (F1, F2, …, which must be complete);
    (sheet row, member) pairs. ``most``: the form's most members a declaration lists (decision 222): each row of a
    declaration id past that many rows (in sheet order, read or not) is one problem, ``family.too_many``, and left
    out (the reading floor counts these too: desktop.exchange.workbook.read_floor)."""
    found: dict[str, list[tuple[int, int, FamilyMember]]] = {}
    counted = RowsPerDeclaration(most)
    for row_number, row in rows:
        declaration_id = str(row.get("declaration_id") or "")
        if counted.one_too_many(declaration_id):
            problems.append(
                SheetProblem(
                    FAMILY_SHEET,
                    row_number,
                    "",
                    "family.too_many",
                    N_("Declaration {id} lists more than {most} family members: this row is one too many."),
                    {"id": declaration_id, "most": most},
                )
            )
            continue
        try:
            member = member_from_row(row)
        except ValueError as exc:
            problems.append(_problem(row_number, "family.invalid", N_("This family row cannot be read: {reason}"), exc))
            continue
        match = _MEMBER_ID.match(member.member_id)
        number = int(match[1]) if match else 0
        found.setdefault(declaration_id, []).append((number, row_number, member))
    members: dict[str, list[tuple[int, FamilyMember]]] = {}
    for declaration_id, listed in found.items():
        listed.sort(key=lambda item: (item[0], item[1]))
        if [n for n, _r, _m in listed] != list(range(1, len(listed) + 1)):
            problems.append(
                SheetProblem(
                    FAMILY_SHEET,
                    listed[0][1],
                    "",
                    "family.numbering",
                    N_(
                        "The family members of declaration {id} are not numbered F1, F2, F3 …: a row was added "
                        "or deleted."
                    ),
                    {"id": declaration_id},
                )
            )
        members[declaration_id] = [(r, m) for _n, r, m in listed]
    return members


def orphan_members(members: dict[str, list[tuple[int, FamilyMember]]]) -> list[SheetProblem]:
    """The family rows left once every declaration took its own: they belong to no declaration of the workbook."""
    return [
        SheetProblem(
            FAMILY_SHEET,
            row_number,
            "",
            "family.orphan",
            N_("This family row belongs to no declaration in the workbook ({id})."),
            {"id": declaration_id},
        )
        for declaration_id, listed in members.items()
        for row_number, _m in listed
    ]


def form_version_problems(row: Row, row_number: int, form_version: int) -> list[SheetProblem]:
    """A declaration row's form version must be the cover's: a workbook carries one campaign, on one form version."""
    if "form_version" not in row or row["form_version"] == form_version:
        return []
    return [
        SheetProblem(
            DECLARATIONS_SHEET,
            row_number,
            "",
            "declaration.form_version",
            N_("This declaration is on form version {found}, but the cover says {cover}."),
            {"found": row["form_version"], "cover": form_version},
        )
    ]


def shown_v2_problems(
    tables: dict[str, Table], positions: dict[str, dict[str, int]], shape: Layout
) -> list[SheetProblem]:
    """The shown-only columns of form version 2 against the signed data: sex and birth date read from the ID number,
    the count of family rows, and the officer's police number on each family row."""
    if not shape.family:
        return []
    found: list[SheetProblem] = []
    counts: dict[object, int] = {}
    police_numbers = {v.get("declaration_id"): v.get("police_number") for _n, v in tables[DECLARATIONS_SHEET]}
    for row_number, values in tables[FAMILY_SHEET]:
        declaration_id = values.get("declaration_id")
        counts[declaration_id] = counts.get(declaration_id, 0) + 1
        expected = police_numbers.get(declaration_id)
        if expected is not None and "police_number" in values and values["police_number"] != expected:
            found.append(_mismatch(positions, shape, FAMILY_SHEET, row_number, "police_number", expected))
    found.extend(shown_declaration_v2_problems(tables[DECLARATIONS_SHEET], counts, positions, shape))
    return found


def shown_declaration_v2_problems(
    declarations: Table, counts: dict[object, int], positions: dict[str, dict[str, int]], shape: Layout
) -> list[SheetProblem]:
    """shown_v2_problems' checks of the declaration rows, given the count of family rows naming each declaration
    id (the family rows' own check is the caller's)."""
    found: list[SheetProblem] = []
    for row_number, values in declarations:
        id_number = str(values.get("id_number") or "")
        expected_values = {
            "sex": SEX_WORDS.get(sex_from_id_number(id_number) or "", ""),
            "date_of_birth": birth_date_from_id_number(id_number),
            "family_member_count": counts.get(values.get("declaration_id"), 0),
        }
        for key, expected in expected_values.items():
            if key in values and values[key] != expected:
                found.append(_mismatch(positions, shape, DECLARATIONS_SHEET, row_number, key, expected))
    return found


def _mismatch(
    positions: dict[str, dict[str, int]], shape: Layout, sheet: str, row_number: int, key: str, expected: object
) -> SheetProblem:
    column = next(c for c in shape.sheets[sheet] if c.key == key)
    return shown_mismatch(positions, sheet, row_number, column, to_text(column.kind, expected))


def _problem(row_number: int, code: str, message: str, exc: ValueError) -> SheetProblem:
    return SheetProblem(FAMILY_SHEET, row_number, "", code, message, {"reason": str(exc)})
