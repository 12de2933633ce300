"""Zip oddities that let two readers see two different workbooks in one file are refused before any parser sees it
(issue 12, finding 12): duplicate member names, backslash, ``..``, absolute or drive names, and local file headers
that disagree with the central directory (name, sizes, compression method). Each file is built by hand from a real
workbook with zipfile and byte patching."""

from __future__ import annotations

import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.xlsx.safety import UnsafeWorkbook, check_workbook_file
from desktop.i18n import Translator
from desktop.services.workflow.export import export_unit
from tests.cli.support import assert_one_clear_line, run
from tests.conftest import RICH_HEAD
from tests.exchange.xlsx.test_safety import SHEET, plain_workbook

STYLES = "xl/styles.xml"


def _copy(source: Path, target: Path, extra: list[tuple[str, bytes]]) -> Path:
    """``source`` member by member, then the ``extra`` members (zipfile warns about a duplicate name, and writes it)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            for name, data in extra:
                zout.writestr(name, data)
    return target


def _local_header(data: bytes, member: str) -> int:
    """The offset of ``member``'s local file header, found through the central directory."""
    end = data.rindex(b"PK\x05\x06")
    entry = struct.unpack_from("<I", data, end + 16)[0]
    while data[entry : entry + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, entry + 28)
        if data[entry + 46 : entry + 46 + name_length] == member.encode():
            return struct.unpack_from("<I", data, entry + 42)[0]
        entry += 46 + name_length + extra_length + comment_length
    raise AssertionError(f"{member} is not in the central directory")


def _patched_local_header(source: Path, target: Path, member: str, offset: int, value: bytes) -> Path:
    """``source`` with ``value`` written at ``offset`` of ``member``'s local header only (the directory unchanged)."""
    data = bytearray(source.read_bytes())
    at = _local_header(bytes(data), member) + offset
    data[at : at + len(value)] = value
    target.write_bytes(bytes(data))
    return target


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = plain_workbook(tmp_path / "base.xlsx")
    check_workbook_file(path)  # the unchanged workbook passes
    return path


def _refused(path: Path, code: str) -> UnsafeWorkbook:
    with pytest.raises(UnsafeWorkbook) as refused:
        check_workbook_file(path)
    assert refused.value.code == code, refused.value
    assert path.name in str(refused.value)
    zh = refused.value.render(Translator("zh_CN"))
    assert path.name in zh
    assert zh != refused.value.render(Translator("en")), "the message has no Chinese translation"
    return refused.value


def test_a_second_member_with_the_name_of_a_sheet_is_refused(base: Path, tmp_path: Path) -> None:
    other = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
    refused = _refused(_copy(base, tmp_path / "twice.xlsx", [(SHEET, other)]), "zip_duplicate_name")
    assert refused.fields["part"] == SHEET


def test_two_members_whose_names_differ_only_in_case_are_refused(base: Path, tmp_path: Path) -> None:
    # Part names of an Office package compare without regard to case: a reader may take either.
    _refused(_copy(base, tmp_path / "case.xlsx", [(SHEET.upper(), b"<x/>")]), "zip_duplicate_name")


@pytest.mark.parametrize(
    "name",
    [
        "xl\\worksheets\\sheet9.xml",
        "../outside.xml",
        "xl/../../outside.xml",
        "xl/./styles2.xml",
        "/xl/absolute.xml",
        "C:/Windows/evil.xml",
        "xl//double.xml",
    ],
)
def test_a_member_name_a_file_system_would_take_elsewhere_is_refused(base: Path, tmp_path: Path, name: str) -> None:
    refused = _refused(_copy(base, tmp_path / "odd-name.xlsx", [(name, b"<x/>")]), "zip_unsafe_name")
    assert refused.fields["part"] == name


@pytest.mark.parametrize(
    ("what", "offset", "value"),
    [
        (
            "name",
            30 + STYLES.index("styles"),
            b"S",
        ),  # xl/Styles.xml in the local header, xl/styles.xml in the directory
        ("method", 8, struct.pack("<H", zipfile.ZIP_STORED)),
        ("compressed size", 18, struct.pack("<I", 7)),
        ("size", 22, struct.pack("<I", 123456)),
    ],
)
def test_a_local_header_that_disagrees_with_the_directory_is_refused(
    base: Path, tmp_path: Path, what: str, offset: int, value: bytes
) -> None:
    path = _patched_local_header(base, tmp_path / f"header-{what.replace(' ', '-')}.xlsx", STYLES, offset, value)
    refused = _refused(path, "zip_header_mismatch")
    assert refused.fields["part"] == STYLES


def test_a_workbook_written_with_zip64_local_headers_still_passes(tmp_path: Path) -> None:
    """The large sheets of our own export are written with force_zip64 (sizes in the local header's zip64 field)."""
    path = tmp_path / "zip64.xlsx"
    source = plain_workbook(tmp_path / "source.xlsx")
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            with zout.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(zin.read(info))
    check_workbook_file(path)


def test_a_declaration_workbook_with_a_second_declarations_sheet_is_refused_by_verify(
    demo_world, tmp_path: Path
) -> None:
    """The attack the rule stops: a second part under the declarations sheet's name, which one reader would take and
    another not. verify refuses the file with one clear line and exit code 2."""
    exported = export_unit(demo_world.login(RICH_HEAD), tmp_path / "unit.xlsx").path
    with zipfile.ZipFile(exported) as package:
        sheets = sorted(n for n in package.namelist() if n.startswith("xl/worksheets/sheet"))
        second = package.read(sheets[1])
    forged = _copy(exported, tmp_path / "forged.xlsx", [(sheets[1], second.replace(b"</sheetData>", b"</sheetData>"))])
    with pytest.raises(UnsafeWorkbook):
        read_workbook(forged)
    result = run(["--lang", "en", "verify", str(forged)])
    assert result.code == 2
    line = assert_one_clear_line(result.err)
    assert "forged.xlsx" in line
    assert sheets[1] in line
