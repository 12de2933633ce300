"""The report's findings and scores are written as the export writes its sheets (decision 171): every cell of the
report reads back as the report openpyxl wrote cell by cell (the writer before this change, put back for the
comparison), on a generated province with hostile values on PostgreSQL and on the demo's encrypted store; and
LibreOffice opens it and reads the same cells."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import openpyxl
import pytest

from bench.province_data import fill_province
from desktop.exchange.xlsx.sheet_stream import IllegalCharacter, values_xml
from desktop.review import report_workbook
from desktop.services.clock import FixedClock
from desktop.services.inspection.report import write_report
from desktop.services.inspection.review_store import server_session

ZONE = dt.timezone(dt.timedelta(hours=8))
CLOCK = FixedClock(dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC))


def _through_openpyxl(sheet, width: int, rows: Iterable[Sequence[str | int]]) -> Iterator[str]:
    """The rows written as the report wrote them before: openpyxl cells, formula-like texts quote-prefixed."""
    for row in rows:
        sheet.append([report_workbook._cell(sheet, value) for value in row])
    return iter(())


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
    finally:
        book.close()


def _both(session, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    streamed, cell_by_cell = folder / "streamed.xlsx", folder / "openpyxl.xlsx"
    write_report(session, streamed, zone=ZONE)
    with monkeypatch.context() as patched:
        patched.setattr(report_workbook, "_streamed", _through_openpyxl)
        write_report(session, cell_by_cell, zone=ZONE)
    return streamed, cell_by_cell


def _assert_same_cells(streamed: Path, cell_by_cell: Path) -> dict[str, list[tuple[object, ...]]]:
    made, expected = _cells(streamed), _cells(cell_by_cell)
    assert list(made) == list(expected) == list(report_workbook.SHEETS)
    for title in expected:
        assert made[title] == expected[title], title
    return made


@pytest.fixture
def province(postgres_schema_url: str):
    session = server_session(postgres_schema_url, None, CLOCK)
    try:
        fill_province(session.store.engine, 300, seed=11, hostile=True)
        yield session
    finally:
        session.lock()


def test_a_generated_province_s_report_has_the_cells_openpyxl_wrote(province, tmp_path, monkeypatch):
    made = _assert_same_cells(*_both(province, tmp_path, monkeypatch))
    assert len(made["核查发现"]) > 100
    assert len(made["风险评分"]) > 300
    numbers = [row[0] for row in made["风险评分"][1:]]
    assert all(isinstance(n, int) for n in numbers)  # scores stay numbers, as openpyxl wrote them


def test_the_encrypted_store_s_report_has_the_cells_openpyxl_wrote(encrypted_inspector, tmp_path, monkeypatch):
    _assert_same_cells(*_both(encrypted_inspector, tmp_path, monkeypatch))


def test_rows_with_every_kind_of_text_read_back_as_written():
    texts = ["=1+1", "+86", "-3", "@x", " lead", "trail ", "   ", "\u3000全角", "a&b<c>", "_x0041_", "多\n行", ""]
    xml = "".join(values_xml(3, [[7, t, -2] for t in texts], 2, 5))
    assert "<f>" not in xml  # never a formula
    assert xml.count(' s="5"') == 4  # the formula-like texts, quote-prefixed
    with pytest.raises(IllegalCharacter):
        "".join(values_xml(1, [["bell\x07"]], 2, 5))


def _libreoffice_csv(workbook: Path, folder: Path) -> dict[str, list[list[str]]]:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is not installed; CI must install libreoffice-calc")
        pytest.skip("LibreOffice (soffice) is not installed")
    # Every sheet (the last field, -1) as UTF-8 (76) CSV, comma-separated, texts in double quotes.
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    done = subprocess.run(
        [
            program,
            f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            csv_filter,
            "--outdir",
            str(folder),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, (done.stdout, done.stderr)
    sheets = {}
    for title in report_workbook.SHEETS:
        path = folder / f"{workbook.stem}-{title}.csv"
        assert path.exists(), (sorted(p.name for p in folder.iterdir()), done.stdout, done.stderr)
        with path.open(encoding="utf-8", newline="") as stream:
            sheets[title] = list(csv.reader(stream))
    return sheets


def test_libreoffice_opens_the_report_and_reads_its_findings_and_scores(province, tmp_path, monkeypatch):
    streamed = tmp_path / "report.xlsx"
    write_report(province, streamed, zone=ZONE)
    read = _libreoffice_csv(streamed, tmp_path / "csv")
    cells = _cells(streamed)
    for title in ("核查发现", "风险评分"):
        expected = [["" if v is None else str(v) for v in row] for row in cells[title]]
        got = [row + [""] * (len(expected[0]) - len(row)) for row in read[title]]
        assert got == expected, title
