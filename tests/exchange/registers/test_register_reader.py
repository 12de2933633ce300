"""Reading register extracts: each kind, each encoding, masked ID numbers, bad rows by row and column, hostile files."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from desktop.exchange.registers.columns import RegisterKind
from desktop.exchange.registers.ids import BadIdNumber, masked_agrees, parse_register_id
from desktop.exchange.registers.reader import ENTERPRISE_COLUMNS, PEOPLE_COLUMNS, ExtractReader
from desktop.exchange.registers.source import open_extract
from desktop.exchange.xlsx.errors import UnreadableWorkbook, UnsafeWorkbook
from tests.exchange.registers.support import (
    LI_ID,
    MASKED_LI,
    ZHANG_ID,
    enterprise_rows,
    licence_rows,
    write_csv,
    write_xlsx,
)


def read(path: Path, kind: RegisterKind, mapping: dict[str, str] | None = None):
    reader = ExtractReader(open_extract(path), kind, mapping or {})
    enterprises, people = [], []
    for batch_enterprises, batch_people in reader.batches():
        enterprises += [dict(zip(ENTERPRISE_COLUMNS, e, strict=True)) for e in batch_enterprises]
        people += [dict(zip(PEOPLE_COLUMNS, p, strict=True)) for p in batch_people]
    return reader, enterprises, people


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_enterprise_register_gives_enterprises_once_and_every_person(tmp_path, suffix):
    path = tmp_path / f"enterprises.{suffix}"
    (write_xlsx if suffix == "xlsx" else write_csv)(path, enterprise_rows())
    reader, enterprises, people = read(path, RegisterKind.ENTERPRISE)
    assert not reader.problems
    assert reader.rows == 3
    assert [e["name"] for e in enterprises] == ["清河市宏达宾馆有限公司", "清河市张记五金店"]
    hotel, shop = enterprises
    assert hotel["trade_code"] == "hotel"
    assert hotel["active"] is True
    assert hotel["established"] == "2015-03-01"
    assert shop["active"] is False
    assert shop["established"] == "2010-05-06"
    roles = [(p["name"], p["role"], p["enterprise"], p["id_kind"]) for p in people]
    assert roles == [
        ("张伟", "legal_representative", 1, "full"),
        ("李娜", "shareholder", 1, "masked"),
        ("王强", "manager", 1, "full"),
        ("张伟", "legal_representative", 2, "full"),
    ]
    assert people[1]["share_percent"] == "60"
    assert people[1]["id_number"] == MASKED_LI


def test_licence_register_names_the_operator_and_the_police_unit(tmp_path):
    reader, enterprises, people = read(write_xlsx(tmp_path / "licences.xlsx", licence_rows()), RegisterKind.LICENCE)
    assert not reader.problems
    assert enterprises[0]["licence_number"] == "公特旅字第0001号"
    assert enterprises[0]["police_unit"] == "龙山派出所"
    assert enterprises[0]["trade_code"] == "hotel"
    assert [(p["name"], p["role"], p["id_number"]) for p in people] == [("张伟", "operator", ZHANG_ID)]


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"), ("gbk", "GBK"), ("gb18030", "GB18030")],
)
def test_csv_encodings_are_detected_and_named(tmp_path, encoding, name):
    rows = enterprise_rows()
    if encoding == "gb18030":  # a character outside GBK makes the file GB18030 only
        rows[1][6] = "住宿服务😀"
    path = write_csv(tmp_path / "e.csv", rows, encoding)
    source = open_extract(path)
    assert source.encoding == name
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # also when UTF-8 failed part-way
    reader = ExtractReader(source, RegisterKind.ENTERPRISE, {})
    people = [p for _e, batch in reader.batches() for p in batch]
    assert not reader.problems
    assert people[0][3] == "张伟"


def test_a_file_in_no_known_encoding_is_refused_with_one_sentence(tmp_path):
    path = tmp_path / "e.csv"
    path.write_bytes("企业名称,姓名\n".encode() + b"\xff\xfe\xfa\x80\x81\n")
    with pytest.raises(UnreadableWorkbook) as refused:
        open_extract(path)
    assert refused.value.code == "encoding"


def test_a_binary_file_named_csv_is_refused(tmp_path):
    path = tmp_path / "e.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(UnreadableWorkbook) as refused:
        open_extract(path)
    assert refused.value.code == "not_text"


def test_bad_rows_are_reported_by_row_and_column(tmp_path):
    rows = enterprise_rows()
    rows[1][9] = "22040219800101"  # too short
    rows[2][14] = "150%"
    rows[3][4] = "去年"
    reader, _enterprises, people = read(write_csv(tmp_path / "e.csv", rows), RegisterKind.ENTERPRISE)
    places = [(p.row, p.column, p.cell, p.code) for p in reader.problems]
    assert places == [
        (2, "法定代表人身份证号", "J2", "register.bad_id_number"),
        (3, "持股比例", "O3", "register.bad_share"),
        (4, "成立日期", "E4", "register.bad_date"),
    ]
    assert reader.bad_rows == 3
    assert people == []


def test_an_id_number_in_a_number_cell_is_a_problem_not_a_guess(tmp_path):
    rows: list[list[object]] = [list(r) for r in enterprise_rows()[:2]]
    rows[1][9] = 220402198001010110.0
    reader, _enterprises, _people = read(write_xlsx(tmp_path / "e.xlsx", rows), RegisterKind.ENTERPRISE)
    assert [p.code for p in reader.problems] == ["register.number_cell"]


def test_other_list_is_read_through_its_mapping(tmp_path):
    rows = [["单位", "人员", "证件", "出生"], ["清河市某某网吧", "赵六", "", "1990-02-03"]]
    mapping = {"单位": "enterprise_name", "人员": "person_name", "证件": "person_id", "出生": "person_birth"}
    reader, enterprises, people = read(write_csv(tmp_path / "o.csv", rows), RegisterKind.OTHER, mapping)
    assert not reader.problems
    assert enterprises[0]["trade_code"] == "internet_cafe"
    assert (people[0]["name"], people[0]["birth_date"], people[0]["id_kind"]) == ("赵六", "1990-02-03", "")


def test_a_file_without_the_needed_columns_says_which(tmp_path):
    rows = [["企业名称", "统一社会信用代码", "住所"], ["某公司", "", "某地"]]
    reader, _e, _p = read(write_csv(tmp_path / "e.csv", rows), RegisterKind.ENTERPRISE)
    assert [p.code for p in reader.problems] == ["register.missing_column"]


def test_masked_and_old_id_numbers():
    assert parse_register_id("220402********0229") == ("220402********0229", "masked")
    assert parse_register_id("2204 02xxxx xxxx 022X") == ("220402********022X", "masked")
    assert parse_register_id(LI_ID.lower()) == (LI_ID, "full")
    assert parse_register_id("110105491231002") == ("11010519491231002X", "full")
    assert parse_register_id("") == ("", "")
    with pytest.raises(BadIdNumber):
        parse_register_id("2204**1234")
    assert masked_agrees(MASKED_LI, LI_ID)
    assert not masked_agrees(MASKED_LI, ZHANG_ID)


def test_hostile_workbooks_are_refused_as_workbooks_are(tmp_path):
    macro = tmp_path / "e.xlsm"
    macro.write_bytes(b"PK")
    with pytest.raises((UnsafeWorkbook, UnreadableWorkbook)):
        open_extract(macro)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<" + "a" * (20 * 1024 * 1024) + ">")
    with pytest.raises(UnsafeWorkbook):
        open_extract(bomb)
    legacy = tmp_path / "e.xls"
    legacy.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 512)
    with pytest.raises(UnreadableWorkbook):
        open_extract(legacy)


def test_a_csv_with_too_many_columns_is_refused(tmp_path):
    from desktop.exchange.xlsx.errors import SheetTooLarge

    path = write_csv(tmp_path / "wide.csv", [[f"列{n}" for n in range(201)], ["x"] * 201])
    source = open_extract(path)
    with pytest.raises(SheetTooLarge):
        list(source.rows)


def test_an_xlsx_extract_keeps_the_cell_bound_of_a_workbook(tmp_path):
    from desktop.exchange.xlsx.errors import SheetTooLarge

    # A value far out (column AZ): calamine would allocate the whole range; refused before it opens the file.
    path = write_xlsx(tmp_path / "far.xlsx", [["企业名称", "姓名", *([""] * 49), "x"]])
    with pytest.raises(SheetTooLarge):
        open_extract(path)


def test_an_xlsx_register_past_the_cap_is_told_to_come_as_csv(tmp_path, monkeypatch):
    from desktop.exchange.registers import source
    from desktop.exchange.xlsx.errors import SheetTooLarge, WorkbookLimits

    monkeypatch.setattr(source, "REGISTER_LIMITS", WorkbookLimits(max_rows=3, max_columns=40))
    path = write_xlsx(tmp_path / "大登记.xlsx", enterprise_rows() + enterprise_rows()[1:])
    with pytest.raises(SheetTooLarge) as refused:
        open_extract(path)
    assert refused.value.code == "register_xlsx_size"
    message = str(refused.value)
    assert "大登记.xlsx" in message
    assert "row 7" in message
    assert "CSV" in message
    assert "2000000 rows" in message


def cut_off(path: Path, cells: int) -> Path:
    """``path`` as a copy that stopped early: its last line ends after ``cells`` cells, with no line break."""
    lines = path.read_bytes().rstrip(b"\r\n").split(b"\r\n")
    lines[-1] = b",".join(lines[-1].split(b",")[:cells])
    path.write_bytes(b"\r\n".join(lines))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_csv_cut_off_in_its_last_line_is_refused_naming_the_line(tmp_path, encoding):
    rows = enterprise_rows()
    path = cut_off(write_csv(tmp_path / "e.csv", rows, encoding), cells=11)
    with pytest.raises(UnreadableWorkbook) as refused:
        read(path, RegisterKind.ENTERPRISE)
    assert refused.value.code == "csv_cut_off"
    assert refused.value.fields == {"file": "e.csv", "row": len(rows), "cells": 11, "columns": len(rows[0])}
    from desktop.i18n import Translator

    english = refused.value.render(Translator("en"))
    assert english == (
        f"The file e.csv ends in the middle of line {len(rows)}: that line has 11 of the {len(rows[0])} cells of the "
        "heading row and no line break after it, so the file was cut off; copy or export the extract again."
    )
    assert f"第 {len(rows)} 行" in refused.value.render(Translator("zh_CN"))
    assert ZHANG_ID not in english  # a row's values are never in the message


def test_a_csv_whose_last_line_is_whole_needs_no_line_break(tmp_path):
    path = write_csv(tmp_path / "e.csv", enterprise_rows())
    path.write_bytes(path.read_bytes().rstrip(b"\r\n"))
    reader, enterprises, people = read(path, RegisterKind.ENTERPRISE)
    assert (reader.rows, len(enterprises), len(people), reader.problems) == (3, 2, 4, [])


def test_a_short_last_line_that_ends_with_a_line_break_is_read_as_before(tmp_path):
    """A short line that ends is a line an exporter left short (its missing cells are empty), not a cut-off file."""
    path = cut_off(write_csv(tmp_path / "e.csv", enterprise_rows()), cells=12)
    path.write_bytes(path.read_bytes() + b"\r\n")
    reader, _enterprises, people = read(path, RegisterKind.ENTERPRISE)
    assert (reader.rows, len(people), reader.problems) == (3, 4, [])
