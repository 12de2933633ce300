"""The workbook commands of the CLI: export (also --own and --encrypt), verify (exit 0 / 1 / 2, --trust, --json) and
import, on real stores and files. Hostile files end with a clear message and no traceback, nothing imported, and
``officer-declare verify`` stays within 300 MB of memory on each of them (measured in a subprocess)."""

from __future__ import annotations

import io
import json
import os
import resource  # noqa: F401 - used by the measuring subprocess; imported here so a platform without it fails early
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest
from sqlalchemy import func, select

from desktop.crypto.signing import SigningKey
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.services.clock import FixedClock
from desktop.services.workflow.export import export_own, export_unit
from desktop.store import schema
from tests.cli.support import assert_one_clear_line, clean_env, console_script, find_plaintext, lines, run
from tests.conftest import (
    DEMO_STORE_PASSWORD,
    INSPECTOR,
    RICH_HEAD,
    RICH_OFFICER,
    RICH_OFFICER_ID,
    ROOT_UNIT,
    DemoWorld,
    declare_everything,
    roster_officer,
)
from tests.exchange.workbook.cells import cell_of
from tests.exchange.workbook.test_workbook_hostile import HOSTILE_NAMES, Case, build_hostile_files
from tests.exchange.workbook.test_workbook_tampering import other_digit

FILE_PASSWORD = "File-pass-2931"
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
MAX_RSS_MB = 300


@pytest.fixture
def cli(demo_world: DemoWorld, monkeypatch: pytest.MonkeyPatch):
    """``cli(user, *argv)``: the CLI in-process on the demo store copy, in English, as ``user`` (None: no store)."""
    monkeypatch.setenv("OFFICER_DECLARE_PASSWORD", DEMO_STORE_PASSWORD)
    monkeypatch.delenv("OFFICER_DECLARE_FILE_PASSWORD", raising=False)

    def call(user: str | None, *argv: str):
        prefix = ["--lang", "en"] + (["--data-dir", str(demo_world.paths.folder), "--user", user] if user else [])
        return run([*prefix, *argv], clock=FixedClock(demo_world.clock.current))

    return call


def imported_rows(demo_world: DemoWorld) -> dict[str, int]:
    session = demo_world.login(INSPECTOR)
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


def shows_place(line: str, sheet: str, cell: str) -> bool:
    """Whether a problem's line names its sheet and cell ('  S, cell C5: …', '  S, row 5, heading (C5): …') or, for
    a problem in no one cell, its sheet and row ('  S, row 5: …')."""
    if not cell:
        return line.startswith(f"  {sheet}, row ")
    return line.startswith(f"  {sheet}, cell {cell}:") or (
        line.startswith(f"  {sheet}, row ") and f" ({cell}): " in line
    )


def no_traceback(result) -> None:
    assert "Traceback" not in result.out + result.err
    assert "Unexpected error" not in result.out + result.err


# -- export, verify, import --------------------------------------------------------------------------------------


def test_export_verify_and_import_through_the_cli(cli, demo_world, tmp_path):
    out = tmp_path / "unit.xlsx"

    exported = cli(RICH_HEAD, "export", "--out", str(out))
    assert exported.code == 0, exported.err
    assert exported.out.strip() == (
        f"Exported 1 declarations (6 interests) and 2 officers without a countersigned declaration to {out}."
    )

    verified = cli(None, "verify", str(out))
    assert (verified.code, verified.err) == (4, "")  # consistent, but no key was given to trust
    assert verified.out.splitlines()[0] == "unit.xlsx: 1 of 1 declarations verify."
    assert verified.out.splitlines()[-1].startswith("The signatures are consistent, but no key is trusted")

    as_json = cli(None, "verify", "--json", str(out))
    assert as_json.code == 4
    [report] = as_json.json()
    assert (report["valid"], report["consistent"], report["trusted"], report["problems"]) == (False, True, False, [])
    assert [(d["officer"], d["valid"], d["row"]) for d in report["declarations"]] == [(RICH_OFFICER, True, 3)]

    trusting = [arg for fingerprint in report["head_fingerprints"] for arg in ("--trust", fingerprint)]
    trusted = cli(None, "verify", *trusting, str(out))
    assert (trusted.code, trusted.out.splitlines()[-1]) == (0, "Everything verifies.")
    [report] = cli(None, "verify", "--json", *trusting, str(out)).json()
    assert (report["valid"], report["consistent"], report["trusted"]) == (True, True, True)

    imported = cli(INSPECTOR, "import", str(out))
    assert imported.code == 1, imported.err  # the exporter's key is not trusted yet: the workbook is flagged
    lines = imported.out.strip().splitlines()
    assert lines[0] == "unit.xlsx: imported 1 declarations; 1 verify, 0 do not."
    assert lines[1].startswith("  It was exported with the key ")
    assert "no inspector has confirmed as trusted" in lines[1]
    rows = imported_rows(demo_world)
    assert (rows["imported_declarations"], rows["imported_interests"]) == (1, 6)

    again = cli(INSPECTOR, "import", str(out))
    assert again.code == 0
    assert again.out.strip() == "unit.xlsx: already imported; nothing changed."
    assert imported_rows(demo_world) == rows


def test_verify_names_the_altered_declaration_and_exits_1(cli, demo_world, tmp_path):
    path = export_unit(demo_world.login(INSPECTOR), tmp_path / "all.xlsx", unit_code=ROOT_UNIT).path
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["情况登记表"]
    police = cell_of(sheet, "police_number", 1)[:-1]  # the column's letter
    row = next(r for r in range(3, sheet.max_row + 1) if sheet[f"{police}{r}"].value == RICH_OFFICER)
    declaration_id = sheet[cell_of(sheet, "declaration_id", row)].value
    id_cell = cell_of(sheet, "id_number", row)
    sheet[id_cell] = other_digit(sheet[id_cell].value, 10)  # one digit of the ID number
    altered = tmp_path / "altered.xlsx"
    workbook.save(altered)

    result = cli(None, "verify", str(path), str(altered))

    assert result.code == 1
    no_traceback(result)
    lines = result.out.splitlines()
    assert "all.xlsx: 14 of 14 declarations verify." in lines
    assert "altered.xlsx: 13 of 14 declarations verify." in lines
    [named] = [line for line in lines if line.startswith(f"  row {row}:")]
    name = roster_officer(demo_world.paths, RICH_OFFICER).name
    assert f"{RICH_OFFICER} {name} ({declaration_id})" in named
    assert "The officer's signature does not match the declaration" in named
    assert lines[-1] == "Something does not verify; see above."

    [_, report] = cli(None, "verify", "--json", str(path), str(altered)).json()
    [failed] = [d for d in report["declarations"] if not d["valid"]]
    assert (failed["officer"], failed["declaration"], failed["row"]) == (RICH_OFFICER, declaration_id, row)
    assert {f["code"] for f in failed["failures"]} == {"officer.signature_invalid", "countersignature.invalid"}


def test_verify_with_the_fingerprint_of_a_stranger_marks_the_heads_untrusted(cli, demo_world, tmp_path):
    path = export_unit(demo_world.login(RICH_HEAD), tmp_path / "unit.xlsx").path
    stranger = SigningKey.from_raw(b"s" * 32).fingerprint

    result = cli(None, "verify", "--trust", stranger, str(path))

    assert result.code == 1
    assert "countersigned with an untrusted key" in result.out
    assert "is not among the trusted keys" in result.out
    [report] = cli(None, "verify", "--json", "--trust", stranger, str(path)).json()
    assert [d["untrusted_head"] for d in report["declarations"]] == [True]

    heads = cli(None, "verify", "--json", str(path)).json()[0]["head_fingerprints"]
    trusted = cli(None, "verify", *[arg for fp in heads for arg in ("--trust", fp)], str(path))
    assert trusted.code == 0, trusted.out


def test_verify_with_the_real_heads_trusted_exits_1_on_a_false_column_headed_like_a_signed_one(
    cli, demo_world, tmp_path
):
    """Decision 229: the real 本人是否经商办企业 column hidden, a column with the same heading and no key beside it
    saying 否 for everyone. Every signature holds and every key is trusted; before, exit 0."""
    path = export_unit(demo_world.login(RICH_HEAD), tmp_path / "unit.xlsx").path
    heads = cli(None, "verify", "--json", str(path)).json()[0]["head_fingerprints"]
    trust = [arg for fp in heads for arg in ("--trust", fp)]
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["情况登记表"]
    real = next(c.column for c in sheet[2] if c.value == "answer_own_business")
    shadow = sheet.max_column + 1
    sheet.cell(1, shadow).value = sheet.cell(1, real).value
    for row in range(3, sheet.max_row + 1):
        sheet.cell(row, shadow).value = "否"
    sheet.column_dimensions[openpyxl.utils.get_column_letter(real)].hidden = True
    shadowed = tmp_path / "shadowed.xlsx"
    workbook.save(shadowed)

    result = cli(None, "verify", *trust, str(shadowed))
    letter = openpyxl.utils.get_column_letter(shadow)

    assert result.code == 1
    no_traceback(result)
    assert f"{sheet.cell(1, real).value} ({letter}1): Headed like the column answer_own_business" in result.out
    [report] = cli(None, "verify", "--json", *trust, str(shadowed)).json()
    assert not report["valid"]
    assert [(p["code"], p["cell"]) for p in report["problems"]] == [("sheet.heading_reused", f"{letter}1")]


def test_verify_without_trust_of_a_workbook_forged_with_fresh_keys_says_no_key_is_trusted(cli, demo_world, tmp_path):
    """Issue 12, finding 2: before, 'Everything verifies', exit 0 and valid: true for a workbook forged end to end."""
    from tests.exchange.workbook.test_workbook_tampering import forge

    genuine = export_unit(demo_world.login(INSPECTOR), tmp_path / "all.xlsx", unit_code=ROOT_UNIT).path
    forged, real_heads = forge(genuine, tmp_path / "forged.xlsx")
    forger = SigningKey.from_raw(b"h" * 32).fingerprint

    result = cli(None, "verify", str(forged))

    assert result.code == 4
    assert "Everything verifies." not in result.out
    assert "no key is trusted" in result.out
    [line] = [line for line in result.out.splitlines() if line.startswith(f"  key {forger}:")]
    assert "countersigned 1" in line
    assert "signed the batch" in line
    assert line.endswith("NOT trusted")
    [report] = cli(None, "verify", "--json", str(forged)).json()
    assert (report["valid"], report["trusted"]) == (False, False)
    assert forger in report["head_fingerprints"]

    against_real = cli(None, "verify", *[arg for fp in sorted(real_heads) for arg in ("--trust", fp)], str(forged))
    assert against_real.code == 1


def test_an_officer_exports_their_own_signed_declaration(cli, demo_world, tmp_path):
    out = tmp_path / "own.xlsx"

    result = cli(RICH_OFFICER, "export", "--own", "--out", str(out))

    assert result.code == 0, result.err
    verdict = verify_workbook(read_workbook(out))
    assert verdict.valid
    assert verdict.read.content.cover["kind"] == "single"
    assert [d.police_number for d in verdict.declarations] == [RICH_OFFICER]


def test_a_head_receives_an_officers_own_export_through_the_cli(cli, demo_world, tmp_path):
    officer_computer = DemoWorld(
        Path(shutil.copytree(demo_world.paths.folder, tmp_path / "officer-computer")),
        tmp_path / "officer-throttle.json",
    )
    try:
        officer = officer_computer.login("000007")
        declare_everything(officer, DEMO_STORE_PASSWORD)
        fingerprint = officer.signing_key.fingerprint
        path = export_own(officer, tmp_path / "own.xlsx").path
    finally:
        officer_computer.close()

    received = cli("000005", "receive", str(path))

    assert received.code == 0, received.err
    assert "Received the declaration of 000007 (version 1)" in received.out
    assert fingerprint in received.out
    assert "a key this store already knows for the officer" in received.out  # the same demo store: its account key
    again = cli("000005", "receive", str(path))
    assert again.code == 2
    assert "received already" in assert_one_clear_line(again.err)
    not_mine = cli(RICH_HEAD, "receive", str(path))
    assert not_mine.code == 2
    no_traceback(not_mine)


# -- encryption ----------------------------------------------------------------------------------------------------


def test_an_encrypted_export_is_standard_office_encryption_and_needs_the_password(
    cli, demo_world, tmp_path, monkeypatch
):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "unit.xlsx"
    monkeypatch.setenv("OFFICER_DECLARE_FILE_PASSWORD", FILE_PASSWORD)

    exported = cli(RICH_HEAD, "export", "--out", str(out), "--encrypt")

    assert exported.code == 0, exported.err
    assert "The file is protected by the file password." in exported.out
    assert sorted(p.name for p in folder.iterdir()) == ["unit.xlsx"]  # no unencrypted copy left behind
    data = out.read_bytes()
    assert data.startswith(OLE2)
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    assert office.is_encrypted()
    office.load_key(password=FILE_PASSWORD)
    plain = io.BytesIO()
    office.decrypt(plain)
    decrypted = tmp_path / "decrypted.xlsx"
    decrypted.write_bytes(plain.getvalue())
    assert zipfile.is_zipfile(decrypted)
    assert verify_workbook(read_workbook(decrypted)).valid

    workbook = openpyxl.load_workbook(decrypted)
    secrets = {
        str(cell.value)
        for sheet_name, keys in (
            ("情况登记表", ("name", "id_number")),
            ("经商办企业情况", ("holder_name", "holder_id_number", "enterprise_name")),
            ("未登记人员", ("name",)),
        )
        for sheet in [workbook[sheet_name]]
        for column in [[c.value for c in sheet[2]].index(k) + 1 for k in keys]
        for row in range(3, sheet.max_row + 1)
        for cell in [sheet.cell(row, column)]
        if cell.value
    }
    assert {roster_officer(demo_world.paths, RICH_OFFICER).name, RICH_OFFICER_ID} <= secrets
    assert find_plaintext(folder, secrets) == []

    verified = cli(None, "verify", str(out))
    assert verified.code == 4  # read and consistent; no key was given to trust
    assert "no key is trusted" in verified.out.splitlines()[-1]

    imported = cli(INSPECTOR, "import", str(out))
    assert imported.code == 1, imported.err  # imported; the exporter's key is not trusted yet: the workbook is flagged
    assert "imported 1 declarations; 1 verify, 0 do not." in imported.out

    monkeypatch.delenv("OFFICER_DECLARE_FILE_PASSWORD")
    without = cli(None, "verify", str(out))
    assert without.code == 2
    assert "unit.xlsx is protected by a password" in assert_one_clear_line(without.err)
    import_without = cli(INSPECTOR, "import", str(out))
    assert import_without.code == 2
    assert "protected by a password" in assert_one_clear_line(import_without.err)

    monkeypatch.setenv("OFFICER_DECLARE_FILE_PASSWORD", "Wrong-pass-1234")
    wrong = cli(None, "verify", str(out))
    assert wrong.code == 2
    assert "The file password for unit.xlsx is wrong" in assert_one_clear_line(wrong.err)


def test_export_encrypt_with_password_stdin_reads_the_login_password_first_then_the_file_password(
    demo_world, tmp_path, monkeypatch
):
    monkeypatch.delenv("OFFICER_DECLARE_PASSWORD", raising=False)
    monkeypatch.delenv("OFFICER_DECLARE_FILE_PASSWORD", raising=False)
    out = tmp_path / "unit.xlsx"
    folder = str(demo_world.paths.folder)

    exported = run(
        [
            "--lang",
            "en",
            "--data-dir",
            folder,
            "--user",
            RICH_HEAD,
            "--password-stdin",
            "export",
            "--out",
            str(out),
            "--encrypt",
        ],
        lines(DEMO_STORE_PASSWORD, FILE_PASSWORD),
        clock=FixedClock(demo_world.clock.current),
    )

    assert exported.code == 0, exported.err
    assert verify_workbook(read_workbook(out, FILE_PASSWORD)).valid


# -- hostile files -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(demo_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Case]]:
    folder = tmp_path_factory.mktemp("cli-hostile")
    world = DemoWorld(Path(shutil.copytree(demo_store_template, folder / "store")), folder / "throttle.json")
    try:
        exported = export_unit(world.login(RICH_HEAD), folder / "unit.xlsx").path
    finally:
        world.close()
    return build_hostile_files(exported, folder / "files")


#: The files where memory is at stake (sizes, ratios, entities, far cells, many formulas): each is verified by the
#: console script in a process of its own, whose peak memory is measured.
MEMORY_AT_STAKE = (
    "a zip bomb declaring gigabytes",
    "a sheet compressed far more than 200:1",
    "billion laughs in a sheet",
    "an external entity in a sheet",
    "tens of thousands of formulas",
)

MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, encoding="utf-8", timeout=120)
print(json.dumps({"code": done.returncode, "out": done.stdout, "err": done.stderr,
                  "max_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""

#: Every file verified by the CLI in one process, one ``verify`` command after another. Its peak memory, measured by
#: MEASURE around it, bounds every file's. (Not RUSAGE_SELF inside it: Linux keeps the peak of the process it was
#: forked from, here the test run itself.)
VERIFY_ALL = """
import io, json, os, sys
from desktop.cli import main
results = {}
for name, path, password in json.loads(sys.argv[1]):
    os.environ.pop("OFFICER_DECLARE_FILE_PASSWORD", None)
    if password:
        os.environ["OFFICER_DECLARE_FILE_PASSWORD"] = password
    out, err = io.StringIO(), io.StringIO()
    code = main(["--lang", "en", "verify", path], stdout=out, stderr=err)
    results[name] = {"code": code, "out": out.getvalue(), "err": err.getvalue()}
print(json.dumps(results))
"""


def _require_console_script() -> None:
    if not console_script().exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the console script {console_script()} is not installed")
        pytest.skip("the officer-declare console script is not installed")


def measured_verify(path: Path, password: str | None, home: Path) -> dict[str, object]:
    """``officer-declare verify path`` in a fresh process; its exit code, output and peak memory (the measuring
    process has no other child, so RUSAGE_CHILDREN is the verify's own peak)."""
    env = clean_env(home, OFFICER_DECLARE_LANG="en")
    if password:
        env["OFFICER_DECLARE_FILE_PASSWORD"] = password
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(console_script()), "verify", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=home,
        timeout=180,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def verified_one_by_one(hostile, tmp_path_factory) -> dict[str, dict[str, object]]:
    _require_console_script()
    home = tmp_path_factory.mktemp("verify-home")
    with ThreadPoolExecutor(max_workers=2) as pool:  # each measuring process has its own children
        return dict(
            pool.map(
                lambda name: (name, measured_verify(hostile[name][0], hostile[name][1].password, home)), MEMORY_AT_STAKE
            )
        )


@pytest.fixture(scope="module")
def verified_together(hostile, tmp_path_factory) -> tuple[dict[str, dict[str, object]], int]:
    """Each file's result, and the peak memory (KB) of the process that verified them all."""
    home = tmp_path_factory.mktemp("verify-all-home")
    files = [(name, str(hostile[name][0]), hostile[name][1].password) for name in HOSTILE_NAMES]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, sys.executable, "-c", VERIFY_ALL, json.dumps(files)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=clean_env(home, PYTHONPATH=str(Path(__file__).parents[2])),
        cwd=home,
        timeout=300,
        check=True,
    )
    measured = json.loads(done.stdout)
    assert measured["code"] == 0, measured["err"]
    return json.loads(measured["out"]), measured["max_rss_kb"]


@pytest.mark.parametrize("name", MEMORY_AT_STAKE)
def test_the_console_script_verifies_a_hostile_file_within_bounded_memory(hostile, verified_one_by_one, name):
    case = hostile[name][1]
    result = verified_one_by_one[name]

    assert result["max_rss_kb"] < MAX_RSS_MB * 1024, f"{name}: {result['max_rss_kb'] // 1024} MB"
    assert "Traceback" not in result["out"] + result["err"]
    assert result["code"] == (2 if case.refused else 1), result


def test_verifying_every_hostile_file_in_turn_stays_within_bounded_memory(verified_together):
    results, peak_kb = verified_together
    assert len(results) == len(HOSTILE_NAMES)
    assert peak_kb < MAX_RSS_MB * 1024, f"{peak_kb // 1024} MB"


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_verify_of_a_hostile_file_ends_clearly(hostile, verified_together, name):
    path, case = hostile[name]
    result = verified_together[0][name]

    assert "Traceback" not in result["out"] + result["err"]
    assert "Unexpected error" not in result["err"]
    if case.refused:
        assert result["code"] == 2, result
        assert result["out"] == ""
        assert path.name in assert_one_clear_line(result["err"])
    else:
        assert result["code"] == 1, result
        assert result["err"] == ""
        for sheet, cell, _code in case.located:
            assert any(shows_place(line, sheet, cell) for line in result["out"].splitlines()), (cell, result["out"])
        assert result["out"].splitlines()[-1] == "Something does not verify; see above."


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_import_of_a_hostile_file_imports_nothing_and_says_why(cli, demo_world, hostile, monkeypatch, name):
    path, case = hostile[name]
    if case.password:
        monkeypatch.setenv("OFFICER_DECLARE_FILE_PASSWORD", case.password)
    before = imported_rows(demo_world)

    result = cli(INSPECTOR, "import", str(path))

    assert result.code == 2
    no_traceback(result)
    assert imported_rows(demo_world) == before
    if case.refused:
        assert path.name in assert_one_clear_line(result.err)
        return
    summary, *located = result.err.splitlines()
    assert summary.startswith(f"{path.name}: nothing was imported; ")
    assert located
    assert all(line.startswith("  ") for line in located)
    for sheet, cell, _code in case.located:
        assert any(shows_place(line, sheet, cell) for line in located), (sheet, cell, located)


def test_verify_help_documents_the_exit_status_of_consistent_but_untrusted(capsys: pytest.CaptureFixture[str]):
    shown = run(["--lang", "en", "verify", "--help"])
    assert shown.code == 0
    text = " ".join((shown.out + capsys.readouterr().out).split())
    assert "4 every signature is consistent but no --trust fingerprint was given" in text
