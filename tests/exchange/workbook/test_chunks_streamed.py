"""The import pipeline's chunks are the same whichever reader read a re-saved workbook's large sheets: the streamed
reader (decision 129) or python-calamine, as before it (the chunks carry the raw values, so equal chunks mean the
workers convert, verify and store the same)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.exchange.workbook import reader, streamed_sheets
from desktop.exchange.workbook.chunks import plan_chunks
from desktop.exchange.workbook.reader import read_workbook_as
from tests.exchange.workbook.form2_workbook import form2_content, golden_declaration, signed_entry, write_form2_workbook
from tests.exchange.workbook.oversized import as_shared_strings

UNIT = Path(__file__).resolve().parents[2] / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"


def _plan(path: Path) -> tuple[object, ...]:
    def planned(opened: reader.OpenedWorkbook) -> tuple[object, ...]:
        plan = plan_chunks(opened, per_chunk=3)
        assert plan is not None
        return (plan.context, plan.keys, plan.missing, plan.batch_signature, plan.declarations, list(plan.chunks))

    return read_workbook_as(path, planned)


def _form2(tmp_path: Path) -> Path:
    entries = [signed_entry(golden_declaration(), declaration_id=f"{index:032x}") for index in range(8)]
    return write_form2_workbook(tmp_path / "form2.xlsx", form2_content(entries))


@pytest.mark.parametrize("source", ["unit", "form2"])
def test_a_re_saved_workbook_s_chunks_are_the_same_from_either_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    own = UNIT if source == "unit" else _form2(tmp_path)
    shared = as_shared_strings(own, tmp_path / "shared.xlsx")
    taken: list[str] = []
    streamed_reader = streamed_sheets.read_plain_sheet

    def counting(*args: object) -> object:
        rows = streamed_reader(*args)  # type: ignore[arg-type]
        taken.append(str(args[2]))
        assert rows is not None
        return rows

    monkeypatch.setattr(streamed_sheets, "read_plain_sheet", counting)
    streamed = _plan(shared)
    assert len(taken) == (3 if source == "form2" else 2)  # every large sheet read as a stream
    monkeypatch.setattr(streamed_sheets, "read_plain_sheet", lambda *args: None)  # as before: python-calamine
    assert streamed == _plan(shared)
    assert streamed[4] == _plan(own)[4]


def test_the_calling_process_parses_the_shared_strings_once_for_all_its_sheets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.exchange.xlsx import plain_sheets

    shared = as_shared_strings(_form2(tmp_path), tmp_path / "shared.xlsx")
    parsed: list[int] = []
    original = plain_sheets._shared_strings

    def counted(*args: object) -> list[str]:
        strings = original(*args)  # type: ignore[arg-type]
        parsed.append(len(strings))
        return strings

    monkeypatch.setattr(plain_sheets, "_shared_strings", counted)
    read = reader.read_workbook(shared)
    assert read.problems == []
    assert len(parsed) == 1
