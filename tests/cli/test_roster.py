"""`roster template` and `roster import` through the CLI: all rows or none, problems located, administrators only."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

pytest.importorskip("desktop.services.administration.roster")

from openpyxl import Workbook, load_workbook

from desktop.services.demo.store import build_roster
from tests.cli.support import (
    ADMIN_PASSWORD,
    DEMO_PASSWORD,
    assert_one_clear_line,
    copy_store,
    encode,
    find_plaintext,
    isolated_env,
    lines,
    make_demo,
    run,
    snapshot,
)

HEADINGS = ("警号", "姓名", "身份证号", "单位代码", "单位名称", "职务", "职级", "是否班子成员", "是否单位主要负责人")
UNIT_CODE, UNIT_NAME = "220402", "辽源市公安局龙山区分局"
_UNITS, OFFICERS = build_roster(5, 99, today=dt.date(2026, 11, 21))  # well-formed names and ID numbers


def police_number(index: int) -> str:
    return f"88{index:04d}"  # not among the demo store's 000001, 000002


def rows(count: int = 5) -> list[list[object]]:
    return [
        [police_number(i), o.name, o.id_number, UNIT_CODE, UNIT_NAME, "民警", "一级警员", "否", "否"]
        for o, i in zip(OFFICERS[:count], range(count), strict=True)
    ]


def workbook(path: Path, body: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(list(HEADINGS))
    for row in body:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory, 2, 5)


@pytest.fixture
def demo_dir(demo_master: Path, tmp_path: Path) -> Path:
    """A small demo store: a cheap place to import into."""
    return copy_store(demo_master, tmp_path)


def import_as(store: Path, login: str, password: str, file: Path) -> object:
    return run(
        ["--lang", "en", "--data-dir", str(store), "--user", login, "--password-stdin", "roster", "import", str(file)],
        lines(password),
    )


def officer_count(store: Path, password: str = DEMO_PASSWORD) -> int:
    result = run(["--data-dir", str(store), "--user", "admin", "--password-stdin", "info", "--json"], lines(password))
    assert result.code == 0, result.err
    return int(result.json()["counts"]["officers"])


# -- template ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The template written through the CLI, once (openpyxl formats 5,000 rows, which takes a moment)."""
    folder = tmp_path_factory.mktemp("template")
    out = folder / "花名册模板.xlsx"
    with isolated_env(folder / "home"):
        result = run(["--lang", "en", "--data-dir", str(folder / "no-store"), "roster", "template", "--out", str(out)])
    return out, result


def test_roster_template_writes_a_workbook_with_the_heading_row_and_needs_no_store(
    template: tuple[Path, object],
) -> None:
    out, result = template

    assert result.code == 0, result.err
    assert str(out) in result.out
    sheet = load_workbook(out, read_only=True).worksheets[0]
    headings = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert set(HEADINGS) <= set(headings)
    assert not (out.parent / "no-store").exists()


def test_roster_template_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    out.write_bytes(b"a roster someone filled in")

    result = run(["--lang", "en", "roster", "template", "--out", str(out)])

    assert result.code == 2
    assert str(out) in assert_one_clear_line(result.err)
    assert out.read_bytes() == b"a roster someone filled in"


def test_roster_template_into_a_missing_folder_exits_2_with_one_line(tmp_path: Path) -> None:
    result = run(["--lang", "en", "roster", "template", "--out", str(tmp_path / "missing" / "roster.xlsx")])

    assert result.code == 2
    assert "missing" in assert_one_clear_line(result.err)


def test_a_filled_in_template_imports(demo_dir: Path, tmp_path: Path, template: tuple[Path, object]) -> None:
    out = tmp_path / "filled.xlsx"
    book = load_workbook(template[0])
    sheet = book.worksheets[0]
    positions = {cell.value: cell.column for cell in sheet[1]}
    for offset, row in enumerate(rows(2)):
        for heading, value in [*zip(HEADINGS, row, strict=True), ("是否处级以上", "否")]:
            sheet.cell(row=2 + offset, column=positions[heading], value=value)
    book.save(out)

    result = import_as(demo_dir, "admin", DEMO_PASSWORD, out)

    assert result.code == 0, result.err
    assert officer_count(demo_dir) == 2 + 2


# -- import ----------------------------------------------------------------------------------------------------------


def test_roster_import_adds_every_officer_and_a_second_import_updates_them(demo_dir: Path, tmp_path: Path) -> None:
    file = workbook(tmp_path / "roster.xlsx", rows())

    first = import_as(demo_dir, "admin", DEMO_PASSWORD, file)
    second = import_as(demo_dir, "admin", DEMO_PASSWORD, file)

    assert first.code == 0, first.err
    assert "5 officers added" in first.out
    assert second.code == 0, second.err
    assert "0 officers added, 5 updated" in second.out
    assert officer_count(demo_dir) == 2 + 5


def test_a_roster_with_errors_exits_1_lists_every_problem_by_row_and_imports_nothing(
    demo_dir: Path, tmp_path: Path
) -> None:
    body = rows()
    body[1][2] = body[1][2][:-1] + ("0" if body[1][2][-1] != "0" else "1")  # wrong check digit
    body[2][0] = body[0][0]  # duplicate police number
    body[3][1] = ""  # no name
    body[4][2] = body[0][2]  # the same ID number twice
    file = workbook(tmp_path / "roster.xlsx", body)
    before = snapshot(demo_dir)

    result = import_as(demo_dir, "admin", DEMO_PASSWORD, file)

    assert result.code == 1
    assert "Traceback" not in result.err
    problem_lines = result.err.splitlines()[1:]
    assert len(problem_lines) >= 4, result.err
    for row in (3, 4, 5, 6):
        assert any(f"row {row}" in line for line in problem_lines), (row, result.err)
    assert OFFICERS[0].id_number not in result.err  # a duplicate ID number is not repeated into messages
    assert snapshot(demo_dir) == before
    assert officer_count(demo_dir) == 2


def test_an_id_number_typed_as_a_number_is_an_error_not_a_silent_conversion(demo_dir: Path, tmp_path: Path) -> None:
    body = rows(1)
    body[0][2] = 110101199003070000  # what Excel keeps of an 18-digit number: no longer the ID
    file = workbook(tmp_path / "roster.xlsx", body)

    result = import_as(demo_dir, "admin", DEMO_PASSWORD, file)

    assert result.code == 1
    assert "C2" in result.err
    assert officer_count(demo_dir) == 2


def test_an_inspector_cannot_import_a_roster(demo_dir: Path, tmp_path: Path) -> None:
    file = workbook(tmp_path / "roster.xlsx", rows())
    before = snapshot(demo_dir)

    result = import_as(demo_dir, "jijian01", DEMO_PASSWORD, file)

    assert result.code == 2
    assert "administrator" in assert_one_clear_line(result.err)
    assert snapshot(demo_dir) == before


@pytest.mark.parametrize("content", [b"", b"name,id\n", b"PK\x03\x04 not really a zip"], ids=["empty", "csv", "zip"])
def test_a_file_that_is_not_a_workbook_exits_2_with_one_line(demo_dir: Path, tmp_path: Path, content: bytes) -> None:
    file = tmp_path / "roster.xlsx"
    file.write_bytes(content)
    before = snapshot(demo_dir)

    result = import_as(demo_dir, "admin", DEMO_PASSWORD, file)

    assert result.code == 2
    assert_one_clear_line(result.err)
    assert snapshot(demo_dir) == before


def test_a_missing_roster_file_exits_2_with_one_line(demo_dir: Path, tmp_path: Path) -> None:
    result = import_as(demo_dir, "admin", DEMO_PASSWORD, tmp_path / "nope.xlsx")

    assert result.code == 2
    assert "nope.xlsx" in assert_one_clear_line(result.err)


def test_a_wrong_password_for_roster_import_exits_2_before_the_file_is_read(demo_dir: Path, tmp_path: Path) -> None:
    file = workbook(tmp_path / "roster.xlsx", rows())
    before = snapshot(demo_dir)

    result = import_as(demo_dir, "admin", "wrong-pw-31", file)

    assert result.code == 2
    assert "Wrong" in assert_one_clear_line(result.err)
    assert snapshot(demo_dir) == before


def test_imported_names_and_id_numbers_are_in_no_file_of_the_store(demo_dir: Path, tmp_path: Path) -> None:
    assert import_as(demo_dir, "admin", DEMO_PASSWORD, workbook(tmp_path / "roster.xlsx", rows())).code == 0

    texts = [o.name for o in OFFICERS] + [o.id_number for o in OFFICERS]
    # 4-byte needles (a 2-character name in UTF-16 or GB18030) turn up by chance: see test_demo_info.
    hits = [h for h in find_plaintext(demo_dir, texts) if len(encode(h[1], h[2])) >= 6]
    assert hits == []


# -- on a real store: roster, then an officer's account -----------------------------------------------------------


@pytest.fixture(scope="module")
def real_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("real-roster") / "store"
    with isolated_env(tmp_path_factory.mktemp("real-roster-home")):
        result = run(
            [
                "--data-dir",
                str(folder),
                "--password-stdin",
                "init",
                "--unit-code",
                UNIT_CODE,
                "--unit-name",
                UNIT_NAME,
                "--admin",
                "admin",
            ],
            lines(ADMIN_PASSWORD),
        )
    assert result.code == 0, result.err
    return folder


def test_after_a_roster_import_admin_adds_an_officer_account_linked_to_the_roster(
    real_master: Path, tmp_path: Path
) -> None:
    store = copy_store(real_master, tmp_path)
    officer, number = OFFICERS[2], police_number(2)
    assert import_as(store, "admin", ADMIN_PASSWORD, workbook(tmp_path / "roster.xlsx", rows())).code == 0

    added = run(
        [
            "--data-dir",
            str(store),
            "--user",
            "admin",
            "--password-stdin",
            "users",
            "add",
            number,
            "--roles",
            "officer",
            "--officer",
            number,
        ],
        lines(ADMIN_PASSWORD, "Officer-pass-2291"),
    )
    listed = run(
        ["--data-dir", str(store), "--user", "admin", "--password-stdin", "users", "list", "--json"],
        lines(ADMIN_PASSWORD),
    )

    assert added.code == 0, added.err
    row = {r["name"]: r for r in json.loads(listed.out)}[number]
    assert row["roles"] == ["officer"]
    assert row["officer"] == number
    assert row["unit"] == UNIT_CODE
    assert row["display_name"] == officer.name
