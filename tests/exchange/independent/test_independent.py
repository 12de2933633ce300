"""A verifier and a generator written from docs/workbook-format.md alone (no import from desktop in
tests/exchange/independent/verifier.py, generator.py, spec.py): the verifier agrees with this program on files this
program wrote (formats 1 and 2, forms 1 and 2, altered ones too), and this program accepts what the generator makes.
Where they disagree, the document is incomplete (issue 11, item 4)."""

from __future__ import annotations

import ast
import importlib
import shutil
from pathlib import Path

import openpyxl
import pytest

from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from tests.exchange.independent import generator, verifier
from tests.exchange.workbook.form2_workbook import HEAD_KEY, write_form2_workbook

HERE = Path(__file__).parent
FIXTURES = HERE.parents[1] / "fixtures" / "made_by_9e47914"
OFFICER = generator.Signer(b"independent-officer", "000123", "000123", "王五", "220402510000")
HEAD = generator.Signer(b"independent-head", "200001", "200001", "陈所长", "220402510000")


def ours(path: Path) -> tuple[bool, set[str]]:
    """This program's verdict: consistent as a whole, and the ids of the declarations whose signatures fail."""
    verdict = verify_workbook(read_workbook(path))
    return verdict.valid, {d.declaration_id for d in verdict.declarations if not d.result.valid}


def theirs(path: Path) -> tuple[bool, set[str]]:
    verdict = verifier.verify(path)
    return verdict.consistent, {i for i, failures in verdict.failures.items() if failures}


def test_the_independent_code_imports_nothing_from_desktop() -> None:
    for name in ("spec.py", "verifier.py", "generator.py"):
        tree = ast.parse((HERE / name).read_text(encoding="utf-8"))
        modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in modules if m and m.split(".")[0] == "desktop"], name


@pytest.mark.parametrize("name", ["unit_1311.xlsx", "own_000010.xlsx", "own_000019.xlsx"])
def test_format_1_files_made_by_older_code_get_the_same_verdict(name: str) -> None:
    path = FIXTURES / name
    assert theirs(path) == ours(path)


def test_a_format_2_form_2_workbook_of_ours_verifies_independently(tmp_path: Path) -> None:
    path = write_form2_workbook(tmp_path / "ours.xlsx")
    verdict = verifier.verify(path)
    assert verdict.consistent, (verdict.problems, verdict.failures)
    assert (verdict.format_version, verdict.form_version) == (2, 2)
    assert verdict.trusted_by({HEAD_KEY.fingerprint})
    assert not verdict.trusted_by(set())


@pytest.mark.parametrize(
    ("cap_tests", "most", "said"),
    [("test_family_cap", 50, "too many family members"), ("test_interest_cap", 200, "too many interests")],
    ids=["family members", "interests"],
)
def test_both_verifiers_leave_out_the_rows_past_the_forms_most(
    tmp_path: Path, cap_tests: str, most: int, said: str
) -> None:
    """C.3 step 1 (decision 222) and B.2 step 1 (decision 234): a declaration signed with 3 family members or
    interests past the form's most (50, 200) is read with its first ones, so its signature fails in both, and each row
    past the most is a problem of the file; one of the most reads as before in both."""
    listing = importlib.import_module(f"tests.exchange.workbook.{cap_tests}").listing

    path = listing(most + 3, tmp_path / "many.xlsx")
    assert theirs(path) == ours(path) == (False, {"d" * 32})
    assert verifier.verify(path).problems.count(f"{'d' * 32}: {said}") == 3
    at_most = listing(most, tmp_path / "at-most.xlsx")
    assert theirs(at_most) == ours(at_most) == (True, set())


def test_a_format_2_form_1_unit_export_of_ours_verifies_independently(tmp_path: Path, monkeypatch) -> None:
    from tests.exchange.workbook.test_workbook_golden import make_small_export

    path = make_small_export(tmp_path, monkeypatch)
    assert theirs(path) == ours(path) == (True, set())
    assert verifier.verify(path).format_version == 2


@pytest.mark.parametrize(
    ("sheet", "key", "value"),
    [
        ("家庭成员", "name", "李四"),
        ("经商办企业情况", "registered_capital_wan", "51"),
        ("情况登记表", "supersedes", "f" * 32),
        ("情况登记表", "countersignature_format", "1"),
    ],
)
def test_both_verifiers_catch_the_same_edited_signed_cell(tmp_path: Path, sheet: str, key: str, value: str) -> None:
    path = write_form2_workbook(tmp_path / "ours.xlsx")
    workbook = openpyxl.load_workbook(path)
    table = workbook[sheet]
    column = next(c.column for c in table[2] if c.value == key)
    table.cell(3, column).value = value
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    assert theirs(edited) == ours(edited)
    assert theirs(edited)[1]  # a declaration fails


@pytest.mark.parametrize(
    ("heading", "consistent"), [("本人是否经商办企业", False), ("核对意见", True)], ids=["a key's", "of its own"]
)
def test_both_verifiers_judge_a_column_no_key_is_given_by_its_heading(
    tmp_path: Path, heading: str, consistent: bool
) -> None:
    """A.1 (decision 229): a column whose row-2 cell is no key, hidden, headed as a signed column, saying 否 for every
    officer, makes the file inconsistent in both; under a heading of no key's it is ignored by both."""
    path = write_form2_workbook(tmp_path / "ours.xlsx")
    workbook = openpyxl.load_workbook(path)
    table = workbook["情况登记表"]
    extra = table.max_column + 1
    table.cell(1, extra).value = heading
    for row in range(3, table.max_row + 1):
        table.cell(row, extra).value = "否"
    table.column_dimensions[openpyxl.utils.get_column_letter(extra)].hidden = True
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)

    assert theirs(edited) == ours(edited) == (consistent, set())


def test_an_officer_key_beside_no_countersignature_stands_for_nothing(tmp_path: Path) -> None:
    """docs/workbook-format.md A.5 (decision 228): the countersignature's officer_public_key stands in for a key the
    keys sheet lacks only when the row has a countersignature. A single file whose officer key is taken off the keys
    sheet and whose countersignature is removed keeps the key in officer_public_key: both verifiers fail the
    declaration (this program: officer.key_unknown) instead of checking the officer's signature with it."""
    workbook = openpyxl.load_workbook(FIXTURES / "own_000010.xlsx")
    keys, declarations = workbook["签名公钥"], workbook["情况登记表"]
    signer = next(c.column for c in declarations[2] if c.value == "signer_fingerprint")
    [officer_key_row] = [
        r for r in range(3, keys.max_row + 1) if keys.cell(r, 1).value == declarations.cell(3, signer).value
    ]
    keys.delete_rows(officer_key_row)
    declarations.cell(3, next(c.column for c in declarations[2] if c.value == "countersignature")).value = None
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)

    assert theirs(edited) == ours(edited)
    assert theirs(edited)[1]  # the declaration fails


def test_a_generated_workbook_is_accepted_and_verified_by_this_program(tmp_path: Path) -> None:
    path = generator.generate(tmp_path / "theirs.xlsx", OFFICER, HEAD)
    read = read_workbook(path)
    verdict = verify_workbook(read, {HEAD.fingerprint})
    assert not read.problems, [(p.code, p.sheet, p.row, p.cell) for p in read.problems]
    assert verdict.valid, [(p.code, p.sheet, p.row, p.cell) for p in verdict.problems]
    assert verdict.is_trusted
    (entry,) = read.content.declarations
    declaration = entry.signed.declaration
    assert declaration.form_version == 2
    assert [m.name for m in declaration.family_members] == ["李梅", "王乐"]
    assert [r.value for r in declaration.interests[0].all_roles] == ["investor", "legal_representative"]
    assert verifier.verify(path).consistent


def test_a_generated_workbook_with_an_edited_cell_fails_in_this_program(tmp_path: Path) -> None:
    path = generator.generate(tmp_path / "theirs.xlsx", OFFICER, HEAD)
    workbook = openpyxl.load_workbook(path)
    workbook["经商办企业情况"]["I3"].value = "别的宾馆"
    edited = Path(shutil.copy(path, tmp_path / "edited.xlsx"))
    workbook.save(edited)
    assert ours(edited)[1] == theirs(edited)[1] == {"e" * 32}
