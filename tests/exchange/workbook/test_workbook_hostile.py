"""Hostile and broken declaration workbooks: each is refused with a clear error, or read with every problem located
by sheet, row and cell; nothing of it is imported. The files are built from a real export (the demo store's
RICH_HEAD unit export: RICH_OFFICER's declaration in row 3, its six interests in rows 3-8).

tests/cli/test_workbook_cli.py runs ``officer-declare verify`` and ``import`` on the same files (build_hostile_files)
and measures the memory each verify takes."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import shutil
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from desktop.exchange.workbook.reader import DECLARATION_LIMITS, read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.exchange.xlsx.encryption import encrypt_workbook
from desktop.exchange.xlsx.safety import WorkbookError
from desktop.services.errors import InvalidWorkbook
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.workflow.export import export_unit
from desktop.store import schema
from tests.conftest import INSPECTOR, RICH_HEAD, DemoWorld
from tests.exchange.workbook.cells import cell_of

DECLARATIONS, INTERESTS = "情况登记表", "经商办企业情况"
DECLARATIONS_PART = "xl/worksheets/sheet2.xml"  # the writer's order: cover, declarations, interests, keys, missing
FILE_PASSWORD = "File-pass-2931"


@dataclass(frozen=True)
class Case:
    """How a hostile file must end: refused whole (``refused``: the error's code) or read with located problems
    (``located``: (sheet, cell, code) that must be among the problems; cell '' when the problem has no cell)."""

    refused: str | tuple[str, ...] = ()
    located: tuple[tuple[str, str, str], ...] = ()
    password: str | None = None


# -- building the files --------------------------------------------------------------------------------------------


def _rezip(source: Path, target: Path, change, extra: dict[str, bytes] | None = None, stored: bool = False) -> Path:
    """A copy of the workbook with ``change(name, data)`` applied to each part (None drops it); ``stored``: the
    changed parts uncompressed."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            original = old.read(info)
            data = change(info.filename, original)
            if data is not None:
                new.writestr(
                    info.filename, data, compress_type=zipfile.ZIP_STORED if stored and data != original else None
                )
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def _in_sheet(transform):
    return lambda name, data: transform(data) if name == DECLARATIONS_PART else data


def _with_doctype(doctype: bytes, use: bytes | None = None):
    """The declarations sheet with a document type declaration, and an entity used in the name cell."""

    def transform(data: bytes) -> bytes:
        if use is not None:
            data = re.sub(rb'(<c r="E3" t="inlineStr"><is><t>)', rb"\1" + use, data, count=1)
            assert use in data
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + data.split(b"?>", 1)[-1]

    return _in_sheet(transform)


BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10) for n in range(1, 10))
    + b"]>"
)
EXTERNAL_ENTITY = b'<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


@functools.cache
def _spaces(chunks: int) -> bytes:
    """Raw deflate data of ``chunks`` × 16 MiB of spaces, made from one compressed chunk repeated (each ends with a
    full flush, so the pieces are independent): gigabytes in about a megabyte, built at once."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return (compressor.compress(b" " * CHUNK) + compressor.flush(zlib.Z_FULL_FLUSH)) * chunks


CHUNK = 16 * 1024 * 1024


def _zip_bomb(source: Path, target: Path, chunks: int = 80) -> Path:
    """The export with its declarations sheet padded, inside <sheetData>, by ``chunks`` × 16 MiB of white space:
    a real, well-formed member that compresses about 1000:1 and declares 1.25 GiB. Written by hand (zipfile cannot
    take data compressed elsewhere)."""
    with zipfile.ZipFile(source) as old:
        parts = [(info.filename, old.read(info)) for info in old.infolist()]
    members = []
    for name, data in parts:
        if name == DECLARATIONS_PART:
            head, tail = data.split(b"<sheetData>", 1)
            head += b"<sheetData>"
            first = zlib.compressobj(9, zlib.DEFLATED, -15)
            last = zlib.compressobj(9, zlib.DEFLATED, -15)
            raw = (
                first.compress(head)
                + first.flush(zlib.Z_FULL_FLUSH)
                + _spaces(chunks)
                + last.compress(tail)
                + last.flush()
            )
            crc, spaces = zlib.crc32(head), b" " * CHUNK
            for _ in range(chunks):
                crc = zlib.crc32(spaces, crc)
            crc = zlib.crc32(tail, crc)
            size = len(head) + chunks * CHUNK + len(tail)
        else:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            raw = compressor.compress(data) + compressor.flush()
            crc, size = zlib.crc32(data), len(data)
        members.append((name.encode(), raw, crc, size))
    out = io.BytesIO()
    directory = []
    for name, raw, crc, size in members:
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(raw), size, len(name), 0))
        out.write(name + raw)
        directory.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(raw),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = out.tell()
    out.write(b"".join(directory))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), out.tell() - start, start, 0))
    target.write_bytes(out.getvalue())
    return target


def _doctype_across_pieces(data: bytes) -> bytes:
    """The sheet with a long comment first, so that '<!DOCTYPE' starts 4 bytes before the 1 MiB boundary where the
    safety scan cuts a stored part into pieces."""
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>'
    # '>' now and then: a comment may hold it, and no text between two tags is longer than a cell may be
    length = 1024 * 1024 - len(declaration) - len(b"<!--") - len(b"-->") - 4
    filler = (b"x" * 999 + b">") * (length // 1000 + 1)
    filler = filler[:length]
    document = declaration + b"<!--" + filler + b"-->" + b'<!DOCTYPE x [<!ENTITY a "b">]>' + data.split(b"?>", 1)[-1]
    assert document.index(b"<!DOCTYPE") == 1024 * 1024 - 4
    return document


def _openpyxl(source: Path, target: Path, change) -> Path:
    workbook = openpyxl.load_workbook(source)
    change(workbook)
    workbook.save(target)
    return target


def _many_formulas(rows: int):
    columns = [openpyxl.utils.get_column_letter(n) for n in range(1, 31)]

    def transform(data: bytes) -> bytes:
        body = "".join(
            f'<row r="{r}">'
            + "".join(f'<c r="{c}{r}"><f>{r}*{n}+ROW()</f></c>' for n, c in enumerate(columns))
            + "</row>"
            for r in range(100, 100 + rows)
        )
        return data.replace(b"</sheetData>", body.encode() + b"</sheetData>")

    return _in_sheet(transform)


def build_hostile_files(exported: Path, folder: Path) -> dict[str, tuple[Path, Case]]:
    """Every hostile or broken file, built from ``exported`` in ``folder``, with how it must end."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, tuple[Path, Case]] = {}

    def add(name: str, path: Path, case: Case) -> None:
        files[name] = (path, case)

    columns = openpyxl.load_workbook(exported, read_only=False)

    def at(sheet: str, key: str, row: int) -> str:
        """The cell of ``key``'s column: the columns depend on the form version of the exported campaign."""
        return cell_of(columns[sheet], key, row)

    not_zip = folder / "not-a-zip.xlsx"
    not_zip.write_bytes(b"name,id_number\n" * 100)
    add("not a zip", not_zip, Case(refused="not_xlsx"))
    empty = folder / "empty.xlsx"
    empty.write_bytes(b"")
    add("an empty file", empty, Case(refused="empty"))
    add("an .xlsm workbook", Path(shutil.copy(exported, folder / "macros.xlsm")), Case(refused="macros"))
    add(
        "a VBA project inside an .xlsx",
        _rezip(exported, folder / "vba.xlsx", lambda n, d: d, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 512}),
        Case(refused="macros"),
    )
    add("an .xls workbook", Path(shutil.copy(exported, folder / "old.xls")), Case(refused="legacy_xls"))
    ole = folder / "ole2.xlsx"
    ole.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4096)
    add("an OLE2 file that is no encrypted workbook", ole, Case(refused=("legacy_xls", "not_xlsx")))
    encrypted = folder / "encrypted.xlsx"
    encrypted.write_bytes(encrypt_workbook(exported.read_bytes(), FILE_PASSWORD))
    add("encrypted, no password", encrypted, Case(refused="encrypted"))
    add("encrypted, a wrong password", encrypted, Case(refused="wrong_password", password="Wrong-pass-1234"))
    # Past the unpacked size a declaration workbook may declare (3.5 GB since decision 110: it was 1 GB and 80 chunks).
    bomb_chunks = DECLARATION_LIMITS.max_unpacked_bytes // CHUNK + 8
    add(
        "a zip bomb declaring gigabytes",
        _zip_bomb(exported, folder / "bomb.xlsx", bomb_chunks),
        Case(refused="unpacked_size"),
    )
    add(
        "a sheet compressed far more than 200:1",
        _rezip(
            exported,
            folder / "ratio.xlsx",
            _in_sheet(lambda d: d.replace(b"</sheetData>", b" " * (40 * 1024 * 1024) + b"</sheetData>")),
        ),
        Case(refused="ratio"),
    )
    add(
        "billion laughs in a sheet",
        _rezip(exported, folder / "laughs.xlsx", _with_doctype(BILLION_LAUGHS, b"&lol9;")),
        Case(refused="xml_entities"),
    )
    add(
        "an external entity in a sheet",
        _rezip(exported, folder / "external.xlsx", _with_doctype(EXTERNAL_ENTITY, b"&secret;")),
        Case(refused="xml_entities"),
    )
    formula_row = b'<row r="99"><c r="A99"><f>1+1</f></c></row></sheetData>'
    add(
        "an unused entity declaration beside a formula",
        _rezip(
            exported,
            folder / "entity-formula.xlsx",
            _in_sheet(
                lambda d: _with_doctype(b'<!DOCTYPE x [<!ENTITY a "b">]>')(
                    DECLARATIONS_PART, d.replace(b"</sheetData>", formula_row)
                )
            ),
        ),
        Case(refused="xml_entities"),
    )
    add(
        "an entity declaration cut across two pieces of the scan",
        _rezip(exported, folder / "doctype-across.xlsx", _in_sheet(_doctype_across_pieces), stored=True),
        Case(refused="xml_entities"),
    )
    add(
        "broken XML after a formula",
        _rezip(
            exported,
            folder / "broken-xml.xlsx",
            _in_sheet(
                lambda d: d.replace(b"</sheetData>", b'<row r="99"><c r="A99"><f>1+1</f></c></row></sheetData><oops')
            ),
        ),
        Case(refused="unusual_xml"),
    )
    add(
        "a cell in column XFD",
        _openpyxl(exported, folder / "xfd.xlsx", lambda wb: wb[DECLARATIONS].cell(row=3, column=16384, value="x")),
        Case(refused="sheet_size"),
    )
    add(
        "a cell in row 1048576",
        _openpyxl(exported, folder / "far-row.xlsx", lambda wb: wb[INTERESTS].cell(row=1048576, column=1, value="x")),
        Case(refused="sheet_size"),
    )
    add(
        "a missing sheet",
        _openpyxl(exported, folder / "no-keys-sheet.xlsx", lambda wb: wb.remove(wb["签名公钥"])),
        Case(refused="missing_sheet"),
    )

    def rename(wb: openpyxl.Workbook) -> None:
        wb[INTERESTS].title = "Sheet1"

    add("a renamed sheet", _openpyxl(exported, folder / "renamed-sheet.xlsx", rename), Case(refused="missing_sheet"))

    def set_cell(sheet: str, cell: str, value: object):
        def change(wb: openpyxl.Workbook) -> None:
            wb[sheet][cell].value = value

        return change

    id_key = at(DECLARATIONS, "id_number", 2)  # the column's machine-readable key
    add(
        "a missing column",
        _openpyxl(exported, folder / "no-id-column.xlsx", set_cell(DECLARATIONS, id_key, None)),
        Case(located=((DECLARATIONS, "", "sheet.missing_column"),)),
    )
    add(
        "a renamed column key",
        _openpyxl(exported, folder / "renamed-key.xlsx", set_cell(DECLARATIONS, id_key, "id_no")),
        Case(located=((DECLARATIONS, "", "sheet.missing_column"),)),
    )
    merged = f"{at(DECLARATIONS, 'unit_name', 3)}:{at(DECLARATIONS, 'rank_level', 3)}"
    add(
        "merged cells",
        _openpyxl(exported, folder / "merged.xlsx", lambda wb: wb[DECLARATIONS].merge_cells(merged)),
        Case(located=((DECLARATIONS, at(DECLARATIONS, "unit_name", 3), "merged_cells"),)),
    )
    add(
        "a formula in the name cell",
        _openpyxl(exported, folder / "formula.xlsx", set_cell(DECLARATIONS, at(DECLARATIONS, "name", 3), "=1+1")),
        Case(located=((DECLARATIONS, at(DECLARATIONS, "name", 3), "formula"),)),
    )
    add(
        "a date as text in a date column",
        _openpyxl(
            exported, folder / "date-text.xlsx", set_cell(INTERESTS, at(INTERESTS, "start_date", 3), "2020/01/02")
        ),
        Case(located=((INTERESTS, at(INTERESTS, "start_date", 3), "cell.date_text"),)),
    )
    add(
        "a real date in a text column",
        _openpyxl(
            exported,
            folder / "date-in-text.xlsx",
            set_cell(DECLARATIONS, at(DECLARATIONS, "remarks", 3), dt.date(2020, 1, 2)),
        ),
        Case(located=((DECLARATIONS, at(DECLARATIONS, "remarks", 3), "cell.date"),)),
    )

    id_cell = at(DECLARATIONS, "id_number", 3)

    def id_as_number(wb: openpyxl.Workbook) -> None:
        wb[DECLARATIONS][id_cell].value = int(wb[DECLARATIONS][id_cell].value[:17])

    add(
        "an ID number as a number",
        _openpyxl(exported, folder / "id-number.xlsx", id_as_number),
        Case(located=((DECLARATIONS, id_cell, "cell.number"),)),
    )
    add(
        "a police number as a number",
        _openpyxl(
            exported, folder / "police-number.xlsx", set_cell(DECLARATIONS, at(DECLARATIONS, "police_number", 3), 17)
        ),
        Case(located=((DECLARATIONS, at(DECLARATIONS, "police_number", 3), "cell.number"),)),
    )
    add(
        "a credit code as a number",
        _openpyxl(exported, folder / "uscc-number.xlsx", set_cell(INTERESTS, at(INTERESTS, "uscc", 4), 91220400)),
        Case(located=((INTERESTS, at(INTERESTS, "uscc", 4), "cell.number"),)),
    )
    add(
        # 27,000 formulas in 900 rows: within the rows the cover allows (decision 150 refuses 15,000 rows unread)
        "tens of thousands of formulas",
        _rezip(exported, folder / "formulas.xlsx", _many_formulas(900)),
        Case(located=((DECLARATIONS, "A100", "formula"),)),
    )
    return files


# -- the tests ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(demo_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Case]]:
    folder = tmp_path_factory.mktemp("hostile")
    world = DemoWorld(Path(shutil.copytree(demo_store_template, folder / "store")), folder / "throttle.json")
    try:
        exported = export_unit(world.login(RICH_HEAD), folder / "unit.xlsx").path
    finally:
        world.close()
    assert verify_workbook(read_workbook(exported)).valid
    return build_hostile_files(exported, folder / "files")


HOSTILE_NAMES = [
    "not a zip",
    "an empty file",
    "an .xlsm workbook",
    "a VBA project inside an .xlsx",
    "an .xls workbook",
    "an OLE2 file that is no encrypted workbook",
    "encrypted, no password",
    "encrypted, a wrong password",
    "a zip bomb declaring gigabytes",
    "a sheet compressed far more than 200:1",
    "billion laughs in a sheet",
    "an external entity in a sheet",
    "an unused entity declaration beside a formula",
    "an entity declaration cut across two pieces of the scan",
    "broken XML after a formula",
    "a cell in column XFD",
    "a cell in row 1048576",
    "a missing sheet",
    "a renamed sheet",
    "a missing column",
    "a renamed column key",
    "merged cells",
    "a formula in the name cell",
    "a date as text in a date column",
    "a real date in a text column",
    "an ID number as a number",
    "a police number as a number",
    "a credit code as a number",
    "tens of thousands of formulas",
]


def test_the_list_of_hostile_files_is_complete(hostile):
    assert sorted(hostile) == sorted(HOSTILE_NAMES)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_or_broken_file_is_refused_or_its_problems_located(hostile, name):
    path, case = hostile[name]
    if case.refused:
        with pytest.raises(WorkbookError) as caught:
            read_workbook(path, case.password)
        codes = case.refused if isinstance(case.refused, tuple) else (case.refused,)
        assert caught.value.code in codes
        assert path.name in str(caught.value)  # the message names the file
        return
    read = read_workbook(path, case.password)
    located = {(p.sheet, p.cell, p.code) for p in read.problems}
    assert set(case.located) <= located, located
    assert all(p.sheet for p in read.problems)
    assert not verify_workbook(read).valid


def test_the_zip_bomb_is_a_real_one(hostile):
    path = hostile["a zip bomb declaring gigabytes"][0]
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(DECLARATIONS_PART)
        with archive.open(info) as member:
            start = member.read(64 * 1024 * 1024)

    assert path.stat().st_size < 4 * 1024 * 1024
    assert info.file_size > 1024**3
    assert info.file_size > 200 * info.compress_size
    assert start.startswith(b"<worksheet")
    assert start.endswith(b" " * 1024)


def test_a_missing_column_is_named_by_heading_and_key(hostile):
    read = read_workbook(hostile["a missing column"][0])
    [problem] = [p for p in read.problems if p.code == "sheet.missing_column"]
    assert (problem.row, problem.params) == (2, {"heading": "公民身份号码", "key": "id_number"})


def test_thousands_of_formulas_are_reported_at_most_twenty_per_sheet(hostile):
    read = read_workbook(hostile["tens of thousands of formulas"][0])
    assert [p.code for p in read.problems].count("formula") == 20


def test_a_lying_sheet_dimension_is_not_trusted(hostile, tmp_path):
    """<dimension ref="A1:XFD1048576"/> claims the whole grid; the reader measures the cells instead."""
    exported = hostile["not a zip"][0].parent.parent / "unit.xlsx"
    lying = _rezip(
        exported,
        tmp_path / "dimension.xlsx",
        _in_sheet(lambda d: re.sub(rb"<sheetPr", b'<dimension ref="A1:XFD1048576"/><sheetPr', d, count=1)),
    )
    with zipfile.ZipFile(lying) as archive:
        assert b'<dimension ref="A1:XFD1048576"/>' in archive.read(DECLARATIONS_PART)

    assert verify_workbook(read_workbook(lying)).valid


def imported_rows(session) -> dict[str, int]:
    with session.store.transaction() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(getattr(schema, name))).scalar_one()
            for name in (
                "imported_workbooks",
                "imported_declarations",
                "imported_interests",
                "imported_keys",
                "imported_missing",
            )
        }


@pytest.fixture
def inspector(demo_world):
    return demo_world.login(INSPECTOR)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_nothing_of_a_hostile_or_broken_file_is_imported(hostile, inspector, name):
    path, case = hostile[name]
    before = imported_rows(inspector)

    with pytest.raises((WorkbookError, InvalidWorkbook)) as caught:
        import_workbook(inspector, path, password=case.password)

    assert caught.value.exit_code == 2
    if case.located:
        assert isinstance(caught.value, InvalidWorkbook)
        assert set(case.located) <= {(p.sheet, p.cell, p.code) for p in caught.value.workbook_problems}
    assert imported_rows(inspector) == before
