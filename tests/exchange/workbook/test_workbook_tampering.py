"""Tampering with an exported workbook: every single-cell edit of signed content is caught and names the declaration
(police number, declaration id, sheet row) with the right failure code; rows added, deleted or swapped break the
batch or a declaration's signatures; reordering rows without editing still verifies; cells shown for people but not
signed must agree with the signed data; trust comes only from the heads' fingerprints.

Real stores and keys (the demo store of tests/conftest.py), real .xlsx files edited with openpyxl as a person would
in Excel."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from desktop.crypto.payloads import countersign_payload_for, officer_payload_for
from desktop.crypto.signing import SigningKey
from desktop.exchange.workbook.model import WorkbookContent, batch_payload
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import WorkbookVerdict, verify_workbook
from desktop.exchange.workbook.writer import write_workbook
from desktop.services.workflow import countersigning
from desktop.services.workflow.export import export_unit
from tests.conftest import DEMO_STORE_PASSWORD, INSPECTOR, RICH_OFFICER, ROOT_UNIT, declare_everything
from tests.exchange.workbook.cells import cell_of

DECLARATIONS, INTERESTS, COVER, KEYS, MISSING = "情况登记表", "经商办企业情况", "封面", "签名公钥", "未登记人员"
FAMILY = "家庭成员"  # form version 2 and later
BOTH = {"officer.signature_invalid", "countersignature.invalid"}
COUNTER = {"countersignature.invalid"}


@pytest.fixture
def exported(demo_world, tmp_path: Path) -> Path:
    """The whole tree exported by an inspector: 14 countersigned declarations of several heads, RICH_OFFICER's
    with six interests, and the officers who have not declared."""
    path = export_unit(demo_world.login(INSPECTOR), tmp_path / "all.xlsx", unit_code=ROOT_UNIT).path
    assert verify_workbook(read_workbook(path)).valid
    return path


class Book:
    """An exported workbook opened with openpyxl, addressed by the machine keys of row 2."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.workbook = openpyxl.load_workbook(path)

    def column(self, sheet: str, key: str) -> int:
        keys = [cell.value for cell in self.workbook[sheet][2]]
        return keys.index(key) + 1

    def rows(self, sheet: str, key: str, value: str) -> list[int]:
        column = self.column(sheet, key)
        return [
            row
            for row in range(3, self.workbook[sheet].max_row + 1)
            if self.workbook[sheet].cell(row, column).value == value
        ]

    def row_of(self, police_number: str) -> int:
        [row] = self.rows(DECLARATIONS, "police_number", police_number)
        return row

    def get(self, sheet: str, row: int, key: str) -> object:
        return self.workbook[sheet].cell(row, self.column(sheet, key)).value

    def set(self, sheet: str, row: int, key: str, value: object) -> None:
        self.workbook[sheet].cell(row, self.column(sheet, key)).value = value

    def cover_row(self, key: str) -> int:
        return next(
            row for row in range(1, self.workbook[COVER].max_row + 1) if self.workbook[COVER].cell(row, 2).value == key
        )

    def values(self, sheet: str, row: int) -> list[object]:
        return [cell.value for cell in self.workbook[sheet][row]]

    def put_row(self, sheet: str, row: int, values: list[object]) -> None:
        for column, value in enumerate(values, start=1):
            self.workbook[sheet].cell(row, column).value = value

    def save(self, name: str = "edited.xlsx") -> Path:
        target = self.path.with_name(name)
        self.workbook.save(target)
        return target


def verify(path: Path, trusted: set[str] | None = None) -> WorkbookVerdict:
    return verify_workbook(read_workbook(path), trusted)


def failing(verdict: WorkbookVerdict) -> dict[str, tuple[str, int, set[str]]]:
    """police number → (declaration id, sheet row, failure codes) of every declaration that does not verify."""
    return {
        d.police_number: (d.declaration_id, d.row, {f.code for f in d.result.failures})
        for d in verdict.declarations
        if not d.valid
    }


def problem_codes(verdict: WorkbookVerdict) -> set[str]:
    return {p.code for p in verdict.problems}


def other_digit(text: str, index: int) -> str:
    digit = text[index]
    return text[:index] + ("1" if digit != "1" else "2") + text[index + 1 :]


# -- single-cell edits of signed content -------------------------------------------------------------------------

Edit = Callable[[object], object]

#: (sheet, column key, which interest row of the declaration (None: the declaration row), new value from old, codes)
SINGLE_CELL_EDITS: dict[str, tuple[str, str, int | None, Edit, set[str]]] = {
    "name": (DECLARATIONS, "name", None, lambda old: f"{old}某", BOTH),
    "one digit of the ID number": (DECLARATIONS, "id_number", None, lambda old: other_digit(str(old), 10), BOTH),
    "the unit name": (DECLARATIONS, "unit_name", None, lambda old: f"{old}(已撤销)", BOTH),
    "an answer 是 → 否": (DECLARATIONS, "answer_own_business", None, lambda old: "否", BOTH),
    "the opinion": (DECLARATIONS, "opinion", None, lambda old: "不同意。", COUNTER),
    "the officer's signing time": (DECLARATIONS, "signed_at", None, lambda old: "2026-11-20T09:30:00Z", BOTH),
    "the countersigning time": (DECLARATIONS, "countersigned_at", None, lambda old: "2026-11-22T09:30:00Z", COUNTER),
    "the remarks": (DECLARATIONS, "remarks", None, lambda old: "", BOTH),
    "an enterprise name": (INTERESTS, "enterprise_name", 1, lambda old: "龙山区另一家餐馆", BOTH),
    "a share percentage": (INTERESTS, "share_percent", 2, lambda old: "0.5", BOTH),
    "the start date of an interest": (INTERESTS, "start_date", 1, lambda old: "2016-03-01", BOTH),
    "a credit code": (INTERESTS, "uscc", 1, lambda old: other_digit(str(old), 5), BOTH),
    "a holder's ID number": (INTERESTS, "holder_id_number", 5, lambda old: other_digit(str(old), 16), BOTH),
    "within the officer's jurisdiction": (INTERESTS, "within_jurisdiction", 4, lambda old: "否", BOTH),
    "a relation": (INTERESTS, "relation", 5, lambda old: "兄弟姐妹", BOTH),
}


@pytest.mark.parametrize("what", list(SINGLE_CELL_EDITS))
def test_a_single_cell_edit_of_signed_content_fails_and_names_the_declaration(exported, what):
    sheet, key, interest, change, codes = SINGLE_CELL_EDITS[what]
    book = Book(exported)
    row = book.row_of(RICH_OFFICER)
    declaration_id = book.get(DECLARATIONS, row, "declaration_id")
    if interest is not None:
        row = sorted(
            book.rows(INTERESTS, "declaration_id", declaration_id), key=lambda r: int(book.get(INTERESTS, r, "row_no"))
        )[interest - 1]
    old = book.get(sheet, row, key)
    new = change(old)
    assert new != old
    book.set(sheet, row, key, new)

    verdict = verify(book.save())

    assert not verdict.valid
    found = failing(verdict)
    assert set(found) == {RICH_OFFICER}, found
    assert found[RICH_OFFICER] == (declaration_id, book.row_of(RICH_OFFICER), codes)
    assert "batch.invalid" not in problem_codes(verdict)  # the batch covers signatures, not the signed content


def test_an_edited_cell_of_another_declaration_names_that_declaration_and_row(exported):
    book = Book(exported)
    row = book.row_of("000034")
    book.set(DECLARATIONS, row, "name", "某某")

    verdict = verify(book.save())

    declaration = next(d for d in verdict.declarations if d.row == row)
    assert (declaration.police_number, declaration.name, declaration.valid) == ("000034", "某某", False)
    assert declaration.declaration_id == book.get(DECLARATIONS, row, "declaration_id")
    assert set(failing(verdict)) == {"000034"}


# -- rows added, deleted, swapped, reordered ---------------------------------------------------------------------


def test_deleting_a_declaration_row_breaks_the_batch_signature(exported):
    book = Book(exported)
    row = book.row_of("000011")  # a declaration without interests
    declaration_id = book.get(DECLARATIONS, row, "declaration_id")
    # On form version 2 (the demo's current campaign) its family members' rows stay behind, naming it.
    members = book.rows(FAMILY, "declaration_id", declaration_id) if FAMILY in book.workbook.sheetnames else []
    book.workbook[DECLARATIONS].delete_rows(row)

    verdict = verify(book.save())

    assert not verdict.valid
    # The cover's count no longer matches the rows either (cover.count, since format 2's description).
    orphans = [(FAMILY, "family.orphan")] * len(members)
    assert [(p.sheet, p.code) for p in verdict.problems] == [
        *orphans,
        ("封面", "cover.count"),
        (DECLARATIONS, "batch.invalid"),
    ]
    assert failing(verdict) == {}
    assert "000011" not in {d.police_number for d in verdict.declarations}


def test_deleting_a_declaration_with_interests_also_reports_its_orphaned_interest_rows(exported):
    book = Book(exported)
    row = book.row_of(RICH_OFFICER)
    book.workbook[DECLARATIONS].delete_rows(row)

    verdict = verify(book.save())

    codes = [p.code for p in verdict.problems]
    assert "batch.invalid" in codes
    assert codes.count("interest.orphan") == 6


def test_adding_a_copy_of_a_declaration_row_is_reported_as_a_duplicate(exported):
    book = Book(exported)
    copy = book.values(DECLARATIONS, book.row_of("000009"))
    book.workbook[DECLARATIONS].append(copy)
    last = book.workbook[DECLARATIONS].max_row

    verdict = verify(book.save())

    assert not verdict.valid
    assert [(p.sheet, p.row, p.code) for p in verdict.problems] == [
        (DECLARATIONS, last, "declaration.duplicate"),
        ("封面", 0, "cover.count"),  # 27 rows where the cover says 26 (checked since format 2's description)
        (DECLARATIONS, 0, "batch.invalid"),  # the batch holds every row (docs A.6): the exporter signed it once
    ]


def test_adding_a_copied_declaration_row_under_a_new_id_breaks_its_signatures_and_the_batch(exported):
    book = Book(exported)
    copy = book.values(DECLARATIONS, book.row_of("000009"))
    copy[book.column(DECLARATIONS, "declaration_id") - 1] = "f" * 32
    book.workbook[DECLARATIONS].append(copy)
    last = book.workbook[DECLARATIONS].max_row

    verdict = verify(book.save())

    assert "batch.invalid" in problem_codes(verdict)
    forged = next(d for d in verdict.declarations if d.declaration_id == "f" * 32)
    assert (forged.row, forged.valid) == (last, False)
    assert {f.code for f in forged.result.failures} == BOTH


def rich_interest_rows(book: Book) -> list[int]:
    declaration_id = book.get(DECLARATIONS, book.row_of(RICH_OFFICER), "declaration_id")
    return sorted(
        book.rows(INTERESTS, "declaration_id", declaration_id), key=lambda r: int(book.get(INTERESTS, r, "row_no"))
    )


def test_deleting_an_interest_row_in_the_middle_breaks_the_numbering_and_the_signatures(exported):
    book = Book(exported)
    book.workbook[INTERESTS].delete_rows(rich_interest_rows(book)[2])

    verdict = verify(book.save())

    assert (DECLARATIONS, book.row_of(RICH_OFFICER), "interests.numbering") in {
        (p.sheet, p.row, p.code) for p in verdict.problems
    }
    assert failing(verdict)[RICH_OFFICER][2] == BOTH


def test_deleting_the_last_interest_row_breaks_the_signatures(exported):
    book = Book(exported)
    book.workbook[INTERESTS].delete_rows(rich_interest_rows(book)[-1])

    verdict = verify(book.save())

    assert set(failing(verdict)) == {RICH_OFFICER}
    assert failing(verdict)[RICH_OFFICER][2] == BOTH


def test_adding_an_interest_row_breaks_the_signatures(exported):
    book = Book(exported)
    added = book.values(INTERESTS, rich_interest_rows(book)[0])
    added[book.column(INTERESTS, "row_no") - 1] = "7"
    added[book.column(INTERESTS, "enterprise_name") - 1] = "后来添加的企业"
    book.workbook[INTERESTS].append(added)

    verdict = verify(book.save())

    assert set(failing(verdict)) == {RICH_OFFICER}
    assert failing(verdict)[RICH_OFFICER][2] == BOTH


def test_adding_a_duplicate_interest_row_breaks_the_numbering_and_the_signatures(exported):
    book = Book(exported)
    book.workbook[INTERESTS].append(book.values(INTERESTS, rich_interest_rows(book)[0]))

    verdict = verify(book.save())

    assert "interests.numbering" in problem_codes(verdict)
    assert failing(verdict)[RICH_OFFICER][2] == BOTH


def test_moving_an_interest_row_to_another_declaration_breaks_both(exported):
    book = Book(exported)
    other = book.get(DECLARATIONS, book.row_of("000009"), "declaration_id")  # 000009 declared no interest
    moved = rich_interest_rows(book)[-1]
    book.set(INTERESTS, moved, "declaration_id", other)
    book.set(INTERESTS, moved, "row_no", "1")

    verdict = verify(book.save())

    assert set(failing(verdict)) == {RICH_OFFICER, "000009"}


@pytest.mark.parametrize("key", ["officer_signature", "countersignature"])
def test_swapping_two_declarations_signature_cells_fails_both(exported, key):
    book = Book(exported)
    first, second = book.row_of("000006"), book.row_of(RICH_OFFICER)
    a, b = book.get(DECLARATIONS, first, key), book.get(DECLARATIONS, second, key)
    book.set(DECLARATIONS, first, key, b)
    book.set(DECLARATIONS, second, key, a)

    verdict = verify(book.save())

    assert set(failing(verdict)) == {"000006", RICH_OFFICER}
    assert {row for _id, row, _codes in failing(verdict).values()} == {first, second}
    assert "batch.invalid" in problem_codes(verdict)


def test_swapping_two_whole_declaration_rows_still_verifies(exported):
    book = Book(exported)
    first, second = book.row_of("000006"), book.row_of(RICH_OFFICER)
    a, b = book.values(DECLARATIONS, first), book.values(DECLARATIONS, second)
    book.put_row(DECLARATIONS, first, b)
    book.put_row(DECLARATIONS, second, a)

    verdict = verify(book.save())

    assert verdict.valid, (verdict.problems, failing(verdict))
    assert next(d.row for d in verdict.declarations if d.police_number == RICH_OFFICER) == first


def test_reordering_every_table_without_editing_still_verifies(exported):
    book = Book(exported)
    for sheet in (DECLARATIONS, INTERESTS, KEYS, MISSING):
        last = book.workbook[sheet].max_row
        rows = [book.values(sheet, row) for row in range(3, last + 1)]
        for row, values in zip(range(3, last + 1), reversed(rows), strict=True):
            book.put_row(sheet, row, values)

    verdict = verify(book.save())

    assert verdict.valid, (verdict.problems, failing(verdict))
    assert len(verdict.declarations) == 14


# -- the batch: cover, keys, missing officers --------------------------------------------------------------------

BATCH_EDITS: dict[str, tuple[str, str, Callable[[Book], int], object]] = {
    "the cover's unit name": (COVER, "C", lambda book: book.cover_row("unit_name"), "清河市公安局(另一个)"),
    "the cover's export time": (COVER, "C", lambda book: book.cover_row("exported_at"), "2026-11-01T00:00:00Z"),
    "the cover's count of declarations": (COVER, "C", lambda book: book.cover_row("declarations"), "13"),
    "a missing officer's name": (MISSING, "B", lambda book: 3, "某某"),
    "a missing officer's status": (MISSING, "E", lambda book: 3, "已签字背书"),
    "a key's name": (KEYS, "F", lambda book: 3, "某某"),
}


@pytest.mark.parametrize("what", list(BATCH_EDITS))
def test_editing_the_cover_a_missing_officer_or_a_key_breaks_the_batch_signature(exported, what):
    sheet, column, row_of, value = BATCH_EDITS[what]
    book = Book(exported)
    cell = book.workbook[sheet][f"{column}{row_of(book)}"]
    assert cell.value != value
    cell.value = value

    verdict = verify(book.save())

    assert "batch.invalid" in problem_codes(verdict)
    assert failing(verdict) == {}


def test_deleting_a_missing_officer_row_breaks_the_batch_signature(exported):
    book = Book(exported)
    book.workbook[MISSING].delete_rows(3)

    assert "batch.invalid" in problem_codes(verify(book.save()))


def test_changing_the_commitment_text_on_the_cover_is_caught(exported):
    book = Book(exported)
    book.workbook[COVER][f"C{book.cover_row('commitment_text')}"].value = "本人承诺:无。"

    assert {"cover.commitment", "batch.invalid"} <= problem_codes(verify(book.save()))


# -- cells shown for people, not signed, checked against the signed data -----------------------------------------

SHOWN_EDITS: dict[str, tuple[str, str, int | None, object]] = {
    "the officer's police number on an interest row": (INTERESTS, "police_number", 1, "000009"),
    "the officer's name on an interest row": (INTERESTS, "name", 1, "某某"),
    "the number of interests": (DECLARATIONS, "interest_count", None, "0"),
    "the status": (DECLARATIONS, "status", None, "已退回"),
    "lateness": (DECLARATIONS, "late", None, "是"),
    "the countersigner's name": (DECLARATIONS, "countersigner_name", None, "某某"),
    # Derived from the signed trade code through the trade catalogue (decision 239; decision 228's forgery (2)):
    "the trade's name over a hotel's code": (INTERESTS, "trade_name", 4, "信息技术服务"),
    "a hotel's trade said not police-regulated": (INTERESTS, "regulated", 4, "否"),
    "a restaurant's trade said police-regulated": (INTERESTS, "regulated", 1, "是"),
}


@pytest.mark.parametrize("what", list(SHOWN_EDITS))
def test_an_edited_cell_shown_for_people_is_caught_and_located_though_signatures_hold(exported, what):
    sheet, key, interest, value = SHOWN_EDITS[what]
    book = Book(exported)
    row = book.row_of(RICH_OFFICER) if interest is None else rich_interest_rows(book)[interest - 1]
    assert book.get(sheet, row, key) != value
    book.set(sheet, row, key, value)
    cell = f"{openpyxl.utils.get_column_letter(book.column(sheet, key))}{row}"

    verdict = verify(book.save())

    assert not verdict.valid
    assert [(p.sheet, p.row, p.cell, p.code) for p in verdict.problems] == [(sheet, row, cell, "shown.mismatch")]
    assert failing(verdict) == {}  # the signed content is intact: an import keeps every declaration valid


def test_a_late_signature_is_shown_as_late_and_verifies(demo_world, tmp_path):
    """Deadlines are dates in China Standard Time: 16:00 UTC on the deadline is the next day there."""
    deadline = dt.date(2026, 12, 21)  # the demo campaign's deadline
    demo_world.clock.current = dt.datetime(2026, 12, 21, 15, 59, 59, tzinfo=dt.UTC)
    declare_everything(demo_world.login("000015"), DEMO_STORE_PASSWORD)  # on the deadline, in China
    demo_world.clock.current = dt.datetime(2026, 12, 21, 16, 0, 0, tzinfo=dt.UTC)
    declare_everything(demo_world.login("000008"), DEMO_STORE_PASSWORD)  # the next day, in China
    for officer, countersigner in (("000015", "000014"), ("000008", "000005")):
        countersigning.countersign(demo_world.login(countersigner), officer, "同意。", DEMO_STORE_PASSWORD)
    path = export_unit(demo_world.login(INSPECTOR), tmp_path / "late.xlsx", unit_code=ROOT_UNIT).path
    book = Book(path)
    assert book.workbook[COVER][f"C{book.cover_row('campaign_deadline')}"].value == deadline.isoformat()

    assert (
        book.get(DECLARATIONS, book.row_of("000015"), "late"),
        book.get(DECLARATIONS, book.row_of("000008"), "late"),
    ) == ("否", "是")
    assert verify(path).valid

    book.set(DECLARATIONS, book.row_of("000008"), "late", "否")
    assert [p.code for p in verify(book.save()).problems] == ["shown.mismatch"]


# -- what people read beside what the verifier reads ---------------------------------------------------------------


def test_a_second_column_with_the_same_key_is_refused(exported):
    """The name column shows a false name; the true names sit in another 'name' column far to the right."""
    book = Book(exported)
    sheet = book.workbook[DECLARATIONS]
    extra = sheet.max_column + 1
    name = cell_of(sheet, "name", 3)
    column = sheet[name].column
    sheet.cell(1, extra).value, sheet.cell(2, extra).value = "姓名", "name"
    for row in range(3, sheet.max_row + 1):
        sheet.cell(row, extra).value = sheet.cell(row, column).value
    sheet[name] = "李鬼"
    extra_cell = f"{openpyxl.utils.get_column_letter(extra)}2"

    read = read_workbook(book.save())

    assert (DECLARATIONS, 2, extra_cell, "sheet.duplicate_column") in {
        (p.sheet, p.row, p.cell, p.code) for p in read.problems
    }
    assert not verify_workbook(read).valid


def test_a_second_cover_row_for_the_same_field_breaks_the_batch_signature(exported):
    """A row inserted at the top of the cover shows a false unit name above the true one."""
    book = Book(exported)
    cover = book.workbook[COVER]
    cover.insert_rows(2)
    cover["A2"], cover["B2"], cover["C2"] = "单位名称", "unit_name", "清河市公安局(另一个)"

    assert "batch.invalid" in problem_codes(verify(book.save()))


def test_swapped_headings_over_two_answer_columns_are_caught(exported):
    """The machine keys of row 2 stay, so every signature holds; a person reading the Chinese headings of row 1
    would read one question's answer as the other's."""
    book = Book(exported)
    first = book.column(DECLARATIONS, "answer_own_business")
    second = book.column(DECLARATIONS, "answer_relatives_business")
    sheet = book.workbook[DECLARATIONS]
    a, b = sheet.cell(1, first).value, sheet.cell(1, second).value
    sheet.cell(1, first).value, sheet.cell(1, second).value = b, a

    verdict = verify(book.save())

    assert not verdict.valid
    assert failing(verdict) == {}
    located = {(p.sheet, p.cell, p.code) for p in verdict.problems}
    assert located == {
        (DECLARATIONS, f"{openpyxl.utils.get_column_letter(column)}1", "sheet.heading") for column in (first, second)
    }


def test_an_edited_label_on_the_cover_is_caught(exported):
    book = Book(exported)
    book.workbook[COVER][f"A{book.cover_row('exporter_name')}"] = "单位主要负责人"

    verdict = verify(book.save())

    assert [(p.sheet, p.code) for p in verdict.problems] == [(COVER, "cover.label")]


# -- trust ------------------------------------------------------------------------------------------------------


def test_trusting_another_fingerprint_marks_every_head_untrusted(exported):
    stranger = SigningKey.from_raw(bytes(range(32))).fingerprint

    verdict = verify(exported, trusted={stranger})

    assert not verdict.valid
    assert verdict.declarations
    assert all(d.untrusted_head and not d.valid and d.result.valid for d in verdict.declarations)
    assert "batch.untrusted" in problem_codes(verdict)


def test_trusting_the_heads_and_the_exporter_verifies(exported):
    verdict = verify(exported)

    assert verify(exported, trusted=set(verdict.head_fingerprints)).valid


def forge(path: Path, target: Path) -> tuple[Path, set[str]]:
    """Rewrite RICH_OFFICER's declaration (another name) and sign everything again with keys of the forger's own:
    officer, head and exporter. Returns the forged file and the real heads' fingerprints."""
    read = read_workbook(path)
    content = read.content
    real_heads = {k.fingerprint for k in content.keys}
    officer_key, head_key = SigningKey.from_raw(b"o" * 32), SigningKey.from_raw(b"h" * 32)
    exporter = next(k for k in content.keys if k.role == "exporter")
    entries = []
    for entry in content.declarations:
        signed = entry.signed
        if signed.declaration.officer.police_number == RICH_OFFICER:
            declaration = signed.declaration.with_changes(
                officer=dataclasses.replace(signed.declaration.officer, name="李鬼")
            )
            unsigned = dataclasses.replace(signed.officer_signature, signer_fingerprint=officer_key.fingerprint)
            payload = officer_payload_for(declaration, unsigned)
            officer_sig = dataclasses.replace(unsigned, signature=officer_key.sign(payload))
            counter = dataclasses.replace(
                signed.countersignature,
                officer_public_key=officer_key.public_key,
                countersigner_fingerprint=head_key.fingerprint,
            )
            counter = dataclasses.replace(
                counter, signature=head_key.sign(countersign_payload_for(payload, officer_sig, counter))
            )
            signed = dataclasses.replace(
                signed, declaration=declaration, officer_signature=officer_sig, countersignature=counter
            )
            entry = dataclasses.replace(entry, countersigner_name=exporter.name)
        entries.append(dataclasses.replace(entry, signed=signed))
    keys = [
        dataclasses.replace(exporter, fingerprint=head_key.fingerprint, public_key=head_key.public_key),
        *[k for k in content.keys if k.role != "exporter"],
    ]
    cover = {**content.cover, "exporter_fingerprint": head_key.fingerprint}
    unsigned_content = WorkbookContent(cover, entries, keys, content.missing)
    forged = dataclasses.replace(unsigned_content, batch_signature=head_key.sign(batch_payload(unsigned_content)))
    write_workbook(target, forged)
    return target, real_heads


def test_a_workbook_forged_with_the_forgers_own_keys_is_caught_only_by_trusting_the_real_heads(exported, tmp_path):
    forged, real_heads = forge(exported, tmp_path / "forged.xlsx")

    assert verify(forged).valid  # self-consistent: without trusted fingerprints nothing anchors the keys

    verdict = verify(forged, trusted=real_heads)
    assert not verdict.valid
    assert "batch.untrusted" in problem_codes(verdict)
    assert {d.police_number for d in verdict.declarations if not d.valid} == {RICH_OFFICER}
    assert next(d for d in verdict.declarations if d.police_number == RICH_OFFICER).untrusted_head


# -- what an outsider's verifier found (decision 228; fixed by decisions 229 and 238) --------------------------------


def shadow_column(book: Book, sheet_name: str, key: str, value: str, heading: str | None = None) -> str:
    """A column added right of the sheet's last, headed as ``key``'s column (or ``heading``), no key in row 2,
    ``value`` in every data row; returns its heading cell."""
    sheet = book.workbook[sheet_name]
    real = book.column(sheet_name, key)
    shadow = sheet.max_column + 1
    sheet.cell(1, shadow).value = sheet.cell(1, real).value if heading is None else heading
    for row in range(3, sheet.max_row + 1):
        sheet.cell(row, shadow).value = value
    return f"{openpyxl.utils.get_column_letter(shadow)}1"


def test_a_second_column_headed_like_a_signed_one_is_reported(exported):
    """A clerk hides the real 本人是否经商办企业 column and adds one with the same heading, no key in row 2, saying 否
    for everyone: a person reading the sheet sees 否 where the officers signed 是. Docs A.1 promise that what people
    read under a key's heading is what is verified (decision 229)."""
    book = Book(exported)
    real = book.column(DECLARATIONS, "answer_own_business")
    shadow = shadow_column(book, DECLARATIONS, "answer_own_business", "否")
    book.workbook[DECLARATIONS].column_dimensions[openpyxl.utils.get_column_letter(real)].hidden = True

    verdict = verify(book.save())

    assert not verdict.valid
    assert failing(verdict) == {}  # every signature holds: what is wrong is what people read
    assert [(p.sheet, p.row, p.cell, p.code) for p in verdict.problems] == [
        (DECLARATIONS, 1, shadow, "sheet.heading_reused")
    ]


def test_a_column_headed_like_a_signed_one_is_reported_shown_or_hidden(exported):
    """Visibility does not matter: a hidden false column is reported as a shown one is (a person may show it)."""
    book = Book(exported)
    shadow = shadow_column(book, DECLARATIONS, "name", "李鬼")
    book.workbook[DECLARATIONS].column_dimensions[shadow.rstrip("1")].hidden = True

    assert [(p.cell, p.code) for p in verify(book.save()).problems] == [(shadow, "sheet.heading_reused")]


def test_a_column_headed_like_a_signed_one_on_the_interests_sheet_is_reported(exported):
    book = Book(exported)
    shadow = shadow_column(book, INTERESTS, "enterprise_name", "某某有限公司")

    verdict = verify(book.save())

    assert not verdict.valid
    assert [(p.sheet, p.cell, p.code) for p in verdict.problems] == [(INTERESTS, shadow, "sheet.heading_reused")]


def test_a_heading_reused_with_other_spaces_is_still_the_heading(exported):
    """Headings are compared as cleaned text (A.2), as the heading check compares them."""
    book = Book(exported)
    heading = book.workbook[DECLARATIONS].cell(1, book.column(DECLARATIONS, "answer_own_business")).value
    shadow = shadow_column(book, DECLARATIONS, "answer_own_business", "否", heading=f" {heading}\u00a0")

    assert [(p.cell, p.code) for p in verify(book.save()).problems] == [(shadow, "sheet.heading_reused")]


def test_an_extra_column_under_a_heading_of_its_own_is_still_ignored(exported):
    """A column of a clerk's own (核对意见, review notes) is no key's heading: the workbook verifies as before. Headed
    备注 it would be reported, since 备注 is the heading of both sheets' signed remarks column."""
    book = Book(exported)
    shadow_column(book, DECLARATIONS, "answer_own_business", "已核对", heading="核对意见")
    shadow_column(book, INTERESTS, "enterprise_name", "已核对", heading="核对意见")

    assert verify(book.save()).valid

    shadow = shadow_column(book, INTERESTS, "enterprise_name", "已核对", heading="备注")

    assert [(p.sheet, p.cell, p.code) for p in verify(book.save()).problems] == [
        (INTERESTS, shadow, "sheet.heading_reused")
    ]


def test_a_row_refused_as_invalid_keeps_its_place_in_the_batch(exported):
    """Docs A.6: the batch covers every declaration row's id and two signatures as read; an unsigned edit of the
    row's countersignature_format changes none of them, and its family rows are still its own (decision 238; every
    reader: tests/services/inspection/test_refused_row_import.py)."""
    book = Book(exported)
    book.set(DECLARATIONS, 3, "countersignature_format", "3")

    verdict = verify(book.save())

    assert [(p.sheet, p.row, p.code) for p in verdict.problems] == [(DECLARATIONS, 3, "declaration.invalid")]
    assert failing(verdict) == {}


# -- the cover's title, read by people and signed by nobody: it must be the format's (decision 239) ---------------


@pytest.mark.parametrize(
    ("cell", "value"),
    [("A1", "民警参与经商办企业情况登记汇总表(经核查无问题)"), ("A1", None), ("B1", "经核查无问题"), ("D1", "已核查")],
    ids=["the title edited", "the title deleted", "a verdict beside it", "a note far right of it"],
)
def test_an_edited_title_row_of_the_cover_is_caught_though_signatures_hold(exported, cell, value):
    book = Book(exported)
    assert book.workbook[COVER]["A1"].value == "民警参与经商办企业情况登记汇总表"
    book.workbook[COVER][cell].value = value

    verdict = verify(book.save())

    assert not verdict.valid
    assert [(p.sheet, p.row, p.cell, p.code) for p in verdict.problems] == [(COVER, 1, "A1", "cover.title")]
    assert failing(verdict) == {}


def test_the_title_is_compared_as_cleaned_text(exported):
    book = Book(exported)
    book.workbook[COVER]["A1"].value = " 民警参与经商办企业情况登记汇总表\u3000"

    assert verify(book.save()).valid
