"""Safe opening of untrusted workbooks: every refusal is typed and says what to do; a plain .xlsx passes."""

from __future__ import annotations

import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from desktop.exchange.xlsx.first_sheet import read_first_sheet
from desktop.exchange.xlsx.safety import (
    EncryptedWorkbook,
    SheetTooLarge,
    UnreadableWorkbook,
    UnsafeWorkbook,
    WorkbookLimits,
    cell_reference,
    check_workbook_file,
    column_letter,
)
from desktop.i18n import Translator

SHEET = "xl/worksheets/sheet1.xml"
MB = 1024 * 1024


def plain_workbook(path: Path, rows: list[list[object]] | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    for row in rows if rows is not None else [["警号", "姓名"], ["001234", "张三"]]:
        sheet.append(row)
    workbook.save(path)
    return path


def rewritten(
    source: Path, target: Path, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None
) -> Path:
    """Copy a zip, passing each member through ``change`` (None drops it), then add ``extra`` members."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return target


def with_sheet_xml(tmp_path: Path, sheet_data: str, name: str = "custom.xlsx") -> Path:
    """A valid workbook whose first sheet's <sheetData> is replaced by ``sheet_data``."""
    base = plain_workbook(tmp_path / "base.xlsx")

    def change(member: str, data: bytes) -> bytes:
        if member != SHEET:
            return data
        text = data.decode()
        start, end = text.index("<sheetData>"), text.index("</sheetData>") + len("</sheetData>")
        return (text[:start] + f"<sheetData>{sheet_data}</sheetData>" + text[end:]).encode()

    return rewritten(base, tmp_path / name, change)


def shrink_declared_size(path: Path, member: str, size: int) -> None:
    """Make the zip's directory and local header claim that ``member`` unpacks to ``size`` bytes."""
    data = bytearray(path.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    entry = struct.unpack_from("<I", data, end + 16)[0]  # where the central directory starts
    while True:
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, entry + 28)
        if data[entry + 46 : entry + 46 + name_length] == member.encode():
            local_header = struct.unpack_from("<I", data, entry + 42)[0]
            struct.pack_into("<I", data, entry + 24, size)
            struct.pack_into("<I", data, local_header + 22, size)
            path.write_bytes(bytes(data))
            return
        entry += 46 + name_length + extra_length + comment_length


def refusal(path: Path, limits: WorkbookLimits = WorkbookLimits()) -> pytest.ExceptionInfo:  # noqa: B008
    with pytest.raises((UnreadableWorkbook, UnsafeWorkbook)) as caught:
        check_workbook_file(path, limits)
    return caught


# -- not a workbook --------------------------------------------------------------------------------------------------


def test_a_text_file_named_xlsx_is_refused_as_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_text("警号,姓名\n001234,张三\n", encoding="utf-8")
    caught = refusal(path)
    assert caught.type is UnreadableWorkbook
    assert caught.value.code == "not_xlsx"
    assert caught.value.exit_code == 2
    assert "名单.xlsx" in caught.value.render(Translator("en"))
    assert ".xlsx" in str(caught.value)


def test_an_empty_file_is_refused_and_called_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    caught = refusal(path)
    assert caught.type is UnreadableWorkbook
    assert caught.value.code == "empty"
    assert "empty" in str(caught.value)


def test_a_missing_file_is_an_unreadable_workbook_not_an_os_error(tmp_path: Path) -> None:
    caught = refusal(tmp_path / "nowhere.xlsx")
    assert caught.value.code == "io"


def test_a_zip_that_is_not_a_spreadsheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "document.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<document/>")
    assert refusal(path).value.code == "not_xlsx"


def test_an_ole2_file_that_is_not_encrypted_is_refused_as_old_or_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4096)
    caught = refusal(path)
    assert caught.type is UnreadableWorkbook
    assert caught.value.code in {"legacy_xls", "not_xlsx"}


def test_a_file_named_xls_is_refused_with_advice_to_save_as_xlsx(tmp_path: Path) -> None:
    path = plain_workbook(tmp_path / "名单.xlsx").rename(tmp_path / "名单.xls")
    caught = refusal(path)
    assert caught.value.code == "legacy_xls"
    assert "Excel workbook (*.xlsx)" in str(caught.value)


def test_a_password_protected_xlsx_is_recognised_as_encrypted(tmp_path: Path) -> None:
    source = plain_workbook(tmp_path / "plain.xlsx")
    encrypted = tmp_path / "locked.xlsx"
    with source.open("rb") as plain, encrypted.open("wb") as out:
        OOXMLFile(plain).encrypt("secret-1234", out)
    caught = refusal(encrypted)
    assert caught.type is EncryptedWorkbook
    assert caught.value.code == "encrypted"
    assert "password" in str(caught.value)


# -- macros ----------------------------------------------------------------------------------------------------------


def test_a_workbook_with_a_vba_project_is_refused_whatever_its_name(tmp_path: Path) -> None:
    base = plain_workbook(tmp_path / "base.xlsx")
    path = rewritten(base, tmp_path / "innocent.xlsx", lambda _n, d: d, {"xl/vbaProject.bin": b"\xd0\xcf" * 100})
    caught = refusal(path)
    assert caught.type is UnsafeWorkbook
    assert caught.value.code == "macros"
    assert "macros" in str(caught.value)


def test_a_macro_enabled_content_type_is_refused(tmp_path: Path) -> None:
    base = plain_workbook(tmp_path / "base.xlsx")

    def macro_enabled(name: str, data: bytes) -> bytes:
        if name != "[Content_Types].xml":
            return data
        return data.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")

    assert refusal(rewritten(base, tmp_path / "m.xlsx", macro_enabled)).value.code == "macros"


def test_an_xlsm_file_is_refused_by_its_name(tmp_path: Path) -> None:
    path = plain_workbook(tmp_path / "base.xlsx").rename(tmp_path / "名单.xlsm")
    assert refusal(path).value.code == "macros"


# -- zip bombs and limits --------------------------------------------------------------------------------------------


def test_a_highly_compressed_member_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    base = plain_workbook(tmp_path / "base.xlsx")
    bomb = rewritten(base, tmp_path / "bomb.xlsx", lambda _n, d: d, {"xl/media/padding.xml": b"\0" * (8 * MB)})
    caught = refusal(bomb)
    assert caught.value.code == "ratio"
    assert caught.value.fields["part"] == "xl/media/padding.xml"


def test_a_workbook_declaring_more_than_the_unpacked_limit_is_refused(tmp_path: Path) -> None:
    base = plain_workbook(tmp_path / "base.xlsx")
    big = rewritten(base, tmp_path / "big.xlsx", lambda _n, d: d, {"xl/media/noise.bin": bytes(range(256)) * 8192})
    caught = refusal(big, WorkbookLimits(max_unpacked_bytes=1 * MB))
    assert caught.value.code == "unpacked_size"


def test_a_member_larger_than_its_directory_declares_is_refused(tmp_path: Path) -> None:
    """The Rust zip reader in calamine trusts the stream; a directory that understates a size must not pass."""
    base = plain_workbook(tmp_path / "base.xlsx")
    text = ("<!-- " + "".join(f"{i:x}" for i in range(200_000)) + " -->").encode()
    # A part the package refers to (a part nothing refers to is refused before anything is unpacked).
    path = rewritten(base, tmp_path / "liar.xlsx", lambda n, d: d + text if n == "docProps/app.xml" else d)
    shrink_declared_size(path, "docProps/app.xml", 1000)
    caught = refusal(path)
    assert caught.value.code == "size_mismatch"


def test_a_workbook_with_too_many_members_is_refused(tmp_path: Path) -> None:
    base = plain_workbook(tmp_path / "base.xlsx")
    extra = {f"xl/media/p{i}.txt": b"x" for i in range(10_001)}
    path = rewritten(base, tmp_path / "many.xlsx", lambda _n, d: d, extra)
    caught = refusal(path)
    assert caught.value.code == "members"
    assert caught.value.fields["limit"] == 10_000


def test_a_file_larger_than_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = plain_workbook(tmp_path / "a.xlsx")
    caught = refusal(path, WorkbookLimits(max_file_bytes=1000))
    assert caught.value.code == "file_size"


def test_xml_entity_declarations_are_refused(tmp_path: Path) -> None:
    base = plain_workbook(tmp_path / "base.xlsx")

    def laughs(name: str, data: bytes) -> bytes:
        if name != "[Content_Types].xml":
            return data
        return data.replace(b"<Types", b'<!DOCTYPE Types [<!ENTITY a "aaaa">]><Types', 1)

    assert refusal(rewritten(base, tmp_path / "dtd.xlsx", laughs)).value.code == "xml_entities"


# -- the used range of sheets --------------------------------------------------------------------------------------


def test_one_cell_far_away_is_refused_instead_of_crashing_the_process(tmp_path: Path) -> None:
    """python-calamine would allocate 1,048,576 x 16,384 cells and abort; the scan must stop it first."""
    path = with_sheet_xml(
        tmp_path,
        '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    )
    script = (
        "import sys\n"
        "from desktop.exchange.xlsx.first_sheet import read_first_sheet\n"
        "from desktop.exchange.xlsx.safety import SheetTooLarge\n"
        "try:\n"
        f"    read_first_sheet({str(path)!r})\n"
        "except SheetTooLarge as exc:\n"
        "    print(exc.code, exc.fields['rows'], exc.fields['columns'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["sheet_size", "1048576", "16384"]


def test_a_sheet_over_the_row_cap_is_reported_with_its_real_size(tmp_path: Path) -> None:
    path = plain_workbook(tmp_path / "rows.xlsx", [[f"{i:06d}"] for i in range(30)])
    caught = refusal(path, WorkbookLimits(max_rows=20))
    assert caught.type is SheetTooLarge
    assert caught.value.fields["rows"] == 30
    assert caught.value.fields["sheet"] == "名单"


def test_cells_without_references_are_counted_in_order(tmp_path: Path) -> None:
    cells = "".join("<c><v>1</v></c>" for _ in range(250))
    path = with_sheet_xml(tmp_path, f"<row>{cells}</row>")
    caught = refusal(path)
    assert caught.type is SheetTooLarge
    assert caught.value.fields["columns"] == 250


def test_a_small_sheet_without_references_reads_normally(tmp_path: Path) -> None:
    path = with_sheet_xml(
        tmp_path,
        '<row><c t="inlineStr"><is><t>警号</t></is></c></row><row><c t="inlineStr"><is><t>000123</t></is></c></row>',
    )
    assert read_first_sheet(path).rows == [["警号"], ["000123"]]


def test_a_reference_hidden_in_a_character_reference_is_refused(tmp_path: Path) -> None:
    path = with_sheet_xml(tmp_path, '<row r="1"><c r="&#88;FD1"><v>1</v></c></row>')
    assert refusal(path).value.code == "unusual_xml"


def test_a_sheet_in_utf16_is_refused(tmp_path: Path) -> None:
    base = plain_workbook(tmp_path / "base.xlsx")

    def utf16(name: str, data: bytes) -> bytes:
        if name != SHEET:
            return data
        return data.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")

    assert refusal(rewritten(base, tmp_path / "u16.xlsx", utf16)).value.code == "unusual_xml"


# -- a valid file ----------------------------------------------------------------------------------------------------


def test_a_plain_workbook_passes_and_reads_as_values_by_excel_position(tmp_path: Path) -> None:
    path = plain_workbook(tmp_path / "ok.xlsx", [[None, None], [None, "警号", 220402197003150010, True]])
    check_workbook_file(path)
    sheet = read_first_sheet(path)
    assert sheet.name == "名单"
    assert sheet.rows[0] == [None, None, None, None]  # row 1 is kept, so rows[i] is Excel row i + 1
    assert sheet.rows[1][1] == "警号"
    # A number stays a number, and an 18-digit one has already lost digits: callers must refuse it.
    assert isinstance(sheet.rows[1][2], float)
    assert sheet.rows[1][3] is True


def test_the_first_visible_sheet_is_read(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    hidden = workbook.active
    hidden.title = "hidden"
    hidden.sheet_state = "hidden"
    hidden["A1"] = "secret"
    workbook.create_sheet("shown")["A1"] = "警号"
    path = tmp_path / "h.xlsx"
    workbook.save(path)
    sheet = read_first_sheet(path)
    assert (sheet.name, sheet.rows) == ("shown", [["警号"]])


def test_cell_references_are_spelled_as_excel_shows_them() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 16384)] == ["A", "Z", "AA", "AZ", "XFD"]
    assert cell_reference(5, 3) == "C5"


def test_a_refusal_renders_with_its_fields_filled_in(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    message = refusal(path).value.render(Translator("en"))
    assert "x.xlsx" in message
    assert "{" not in message
