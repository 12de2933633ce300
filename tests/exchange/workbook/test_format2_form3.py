"""The throw-away form version 3 of tests/form/test_throwaway_version_3.py (version 2 with one extra question,
defined in one place) through the workbook: written in format 2, read back, verified, its extra answer kept, and
an edit of that answer caught; the version 1 and 2 golden bytes are untouched (issue 11, "what it must show")."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.form import ANSWER_PREFIX, registered
from tests.exchange.workbook.form2_workbook import form2_content, golden_declaration, signed_entry, write_form2_workbook
from tests.form.test_throwaway_version_3 import EXTRA, V3, _goldens_unchanged


def test_a_form_3_declaration_travels_through_a_format_2_workbook(tmp_path: Path) -> None:
    with registered(V3):
        base = golden_declaration()
        declaration = base.with_changes(form_version=3, answers={**base.answers, EXTRA: True})
        path = write_form2_workbook(tmp_path / "form3.xlsx", form2_content([signed_entry(declaration)]))
        read = read_workbook(path)
        verdict = verify_workbook(read)
        assert verdict.valid, [(p.code, p.sheet, p.row) for p in verdict.problems]
        (entry,) = read.content.declarations
        assert entry.signed.declaration.form_version == 3
        assert entry.signed.declaration.answers[EXTRA] is True  # type: ignore[index]

        workbook = openpyxl.load_workbook(path)
        sheet = workbook["情况登记表"]
        column = next(c.column for c in sheet[2] if c.value == ANSWER_PREFIX + EXTRA)
        assert sheet[1][column - 1].value == "是否已向本单位报告"
        sheet.cell(3, column).value = "否"
        workbook.save(tmp_path / "edited.xlsx")
        (edited,) = verify_workbook(read_workbook(tmp_path / "edited.xlsx")).declarations
        assert not edited.valid
    assert "form_version" in read.content.cover
    _goldens_unchanged()
