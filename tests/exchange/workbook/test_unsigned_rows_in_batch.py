"""A declaration row without an officer signature enters the batch payload with the id "" (docs/workbook-format.md
A.6, decision 238), so its id cell is covered by no signature. Decision 253 checks that this cannot be abused: no
exporter writes such a row, so in a batch an honest exporter signed any such row fails the batch, whatever ids it
names (two of them, or one naming a real row's id above or below it), in this program and in the outsider's
verifier; and in a batch a foreign exporter signed over such a row, moving its id onto a real row's does not make
the workbook valid: the real row is then the id's second row (`declaration.duplicate`). Every case starts from a
base both verifiers find valid (the fixture less its two rows that fail their countersignatures), so that "not
valid" is the edit's doing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from desktop.exchange.workbook.model import DeclarationEntry
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from tests.exchange.independent import verifier
from tests.exchange.workbook.test_cover_counts_and_key_roles import FIXTURE, re_signed

Edit = Callable[[openpyxl.worksheet.worksheet.Worksheet, list[str]], None]


def _edited(source: Path, target: Path, edit: Edit) -> Path:
    book = openpyxl.load_workbook(source)
    sheet = book["情况登记表"]
    edit(sheet, [cell.value for cell in sheet[2]])
    book.save(target)
    return target


def _unsigned(*rows: int) -> Edit:
    def edit(sheet, keys: list[str]) -> None:
        for row in rows:
            sheet.cell(row, keys.index("officer_signature") + 1).value = None

    return edit


def _unsigned_with_the_id_of(row: int, other: int) -> Edit:
    def edit(sheet, keys: list[str]) -> None:
        _unsigned(row)(sheet, keys)
        column = keys.index("declaration_id") + 1
        sheet.cell(row, column).value = sheet.cell(other, column).value

    return edit


def _counted(declarations: list[DeclarationEntry]) -> dict[str, str]:
    interests = sum(len(e.signed.declaration.interests) for e in declarations)
    return {"declarations": str(len(declarations)), "interests": str(interests)}


def _valid_only(declarations: list[DeclarationEntry]) -> list[DeclarationEntry]:
    """The fixture's declarations without the rows that fail their countersignatures (rows 16 and 20)."""
    failing = {d.declaration_id for d in verify_workbook(read_workbook(FIXTURE)).declarations if not d.result.valid}
    signed = [(e, e.signed.officer_signature) for e in declarations]
    return [e for e, officer in signed if officer is None or officer.declaration_id not in failing]


def _valid_base(target: Path, change: Callable[[list[DeclarationEntry]], list[DeclarationEntry]] | None = None) -> Path:
    """The fixture without its failing rows (then changed), batch-signed again with the cover's counts matching, so
    that "not valid" after an edit is the edit's doing."""
    kept = _valid_only(read_workbook(FIXTURE).content.declarations)
    if change is not None:
        kept = change(kept)
    return re_signed(target, _counted(kept), change_declarations=lambda _all: kept)


def _verdicts(path: Path) -> tuple[list[tuple[int, str]], bool, list[str]]:
    verdict = verify_workbook(read_workbook(path))
    return [(p.row, p.code) for p in verdict.problems], verdict.valid, verifier.verify(path).problems


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_unsigned(3, 4), [(0, "batch.invalid")]),
        (_unsigned_with_the_id_of(3, 4), [(4, "declaration.duplicate"), (3, "shown.mismatch"), (0, "batch.invalid")]),
        (
            _unsigned_with_the_id_of(4, 3),
            [(4, "declaration.duplicate"), (3, "interest.orphan"), (4, "shown.mismatch"), (0, "batch.invalid")],
        ),
    ],
    ids=["two rows unsigned", "one unsigned above a real row of its id", "one unsigned below a real row of its id"],
)
def test_an_unsigned_row_in_a_batch_an_exporter_signed_fails_the_batch_in_both_verifiers(
    tmp_path: Path, edit: Edit, expected: list[tuple[int, str]]
) -> None:
    base = _valid_base(tmp_path / "base.xlsx")
    assert _verdicts(base) == ([], True, [])
    assert verifier.verify(base).consistent
    problems, valid, outsider = _verdicts(_edited(base, tmp_path / "edited.xlsx", edit))
    assert problems == expected
    assert not valid
    assert "batch signature" in outsider


def _first_unsigned(declarations: list[DeclarationEntry]) -> list[DeclarationEntry]:
    """The first declaration without its officer signature: what only a foreign exporter could sign over."""
    first, *others = declarations
    return [dataclasses.replace(first, signed=dataclasses.replace(first.signed, officer_signature=None)), *others]


def test_an_unsigned_row_a_batch_covers_is_a_failing_declaration_and_its_id_cell_claims_nothing(
    tmp_path: Path,
) -> None:
    assert _verdicts(_valid_base(tmp_path / "base.xlsx")) == ([], True, [])
    signed_over = _valid_base(tmp_path / "signed_over.xlsx", _first_unsigned)
    problems, valid, outsider = _verdicts(signed_over)
    assert problems == []  # the batch holds: the row's triple is ["", "", countersignature] as signed
    assert not valid  # the row is officer.missing
    assert outsider == []
    assert verifier.verify(signed_over).failures[""][0] == "officer.missing"

    moved = _edited(signed_over, tmp_path / "moved.xlsx", _unsigned_with_the_id_of(3, 4))
    problems, valid, outsider = _verdicts(moved)
    assert problems == [(4, "declaration.duplicate"), (3, "shown.mismatch")]  # the batch still holds
    assert not valid
    assert outsider == [f"{_id_in_row(signed_over, 4)}: declaration.duplicate"]
    assert not verifier.verify(moved).consistent


def _id_in_row(path: Path, row: int) -> str:
    sheet = openpyxl.load_workbook(path)["情况登记表"]
    keys = [cell.value for cell in sheet[2]]
    return str(sheet.cell(row, keys.index("declaration_id") + 1).value)


@pytest.mark.parametrize(
    ("edit", "real_row", "unsigned_is_read"),
    [(_unsigned_with_the_id_of(3, 4), 4, True), (_unsigned_with_the_id_of(4, 3), 3, False)],
    ids=["unsigned above the real row", "unsigned below the real row"],
)
def test_the_outsider_reports_an_unsigned_rows_failure_under_the_id_nothing_and_blames_no_real_declaration(
    tmp_path: Path, edit: Edit, real_row: int, unsigned_is_read: bool
) -> None:
    base = _valid_base(tmp_path / "base.xlsx")
    assert _verdicts(base) == ([], True, [])
    outsider = verifier.verify(_edited(base, tmp_path / "edited.xlsx", edit))
    assert outsider.failures.get(_id_in_row(base, real_row), []) == []  # A.6: the id cell blames no real declaration
    assert any("declaration.duplicate" in problem for problem in outsider.problems)  # row 4 repeats row 3's id
    # above: the unsigned row is read, a failure under ""; below: it is the repeat, declaration.duplicate alone
    assert outsider.failures.get("", [""])[0] == ("officer.missing" if unsigned_is_read else "")


def test_a_repeated_row_in_a_batch_signed_over_it_is_a_duplicate_in_both_verifiers(tmp_path: Path) -> None:
    assert _verdicts(_valid_base(tmp_path / "base.xlsx")) == ([], True, [])
    repeated = _valid_base(tmp_path / "repeated.xlsx", lambda declarations: [declarations[0], *declarations])
    problems, valid, outsider = _verdicts(repeated)
    assert problems == [(4, "declaration.duplicate")]  # the batch holds: the foreign exporter signed the repeat
    assert not valid
    assert any("declaration.duplicate" in problem for problem in outsider)


def test_an_officer_signature_that_is_no_base64_is_taken_as_empty_by_the_outsider(tmp_path: Path) -> None:
    base = _valid_base(tmp_path / "base.xlsx")
    assert _verdicts(base) == ([], True, [])

    def not_base64(sheet, keys: list[str]) -> None:
        sheet.cell(3, keys.index("officer_signature") + 1).value = "%%%not-base64%%%"

    edited = _edited(base, tmp_path / "edited.xlsx", not_base64)
    problems, valid, _outsider = _verdicts(edited)
    assert (3, "cell.base64") in problems
    assert not valid
    outsider = verifier.verify(edited)  # no KeyError
    assert not outsider.consistent
    assert outsider.failures[""][0] == "officer.missing"
    assert "batch signature" in outsider.problems
