"""The fast paths of an import give exactly what the careful paths give (issue 16, item 1).

A whole-tree export of the demo store, with one signed cell edited (so that some declarations fail), is imported
two ways into two copies of the same store: as our own XML with a process pool (the strict sheet reader in the
workers, libsodium's Ed25519 checks in the workers while the rows are written), and with every text a shared
string, in one process (python-calamine's general path, no pool). The stored rows of every imported table are the
same, and each declaration's verification result is what verify_declaration (OpenSSL, one declaration at a time)
says of it."""

from __future__ import annotations

import shutil
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from desktop.crypto.canonical import canonical_bytes
from desktop.crypto.verification import verify_declaration
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.workflow.export import export_unit
from desktop.store import schema
from tests.conftest import INSPECTOR, ROOT_UNIT, DemoWorld
from tests.exchange.workbook.cells import cell_of
from tests.exchange.workbook.oversized import DECLARATIONS_PART, as_shared_strings

TABLES = ("imported_workbooks", "imported_declarations", "imported_interests", "imported_keys", "imported_missing")


def _edited(source: Path, target: Path) -> Path:
    """``source`` with the name in row 4 of the declarations sheet changed, our own XML kept."""
    with zipfile.ZipFile(source) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    sheet = parts[DECLARATIONS_PART]
    name = cell_of(openpyxl.load_workbook(source, read_only=False)["情况登记表"], "name", 4)
    start = sheet.index(b"<t>", sheet.index(f'<c r="{name}"'.encode())) + 3
    parts[DECLARATIONS_PART] = sheet[:start] + "改".encode() + sheet[start:]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return target


@pytest.fixture(scope="module")
def workbooks(demo_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("paths")
    world = DemoWorld(Path(shutil.copytree(demo_store_template, folder / "store")), folder / "throttle.json")
    try:
        exported = export_unit(world.login(INSPECTOR), folder / "all.xlsx", unit_code=ROOT_UNIT).path
    finally:
        world.close()
    (folder / "own").mkdir()
    (folder / "shared").mkdir()
    own = _edited(exported, folder / "own" / "unit.xlsx")  # the same file name: the stored rows name the file
    return {"own": own, "shared": as_shared_strings(own, folder / "shared" / "unit.xlsx")}


#: The one column that differs by design: the SHA-256 of the file's bytes (the two files' bytes differ).
FILE_BYTES = {"imported_workbooks": {"file_sha256"}}


def _rows(session) -> dict[str, list[tuple]]:
    with session.store.transaction() as connection:
        found = {}
        for name in TABLES:
            table = getattr(schema, name)
            columns = [c for c in table.columns if c.name not in FILE_BYTES.get(name, set())]
            found[name] = sorted(tuple(row) for row in connection.execute(select(*columns)))
        return found


def _import(
    template: Path, folder: Path, path: Path, pool: ProcessPoolExecutor | None, deflated: bool = False
) -> dict[str, list[tuple]]:
    world = DemoWorld(Path(shutil.copytree(template, folder / "store")), folder / "throttle.json")
    try:
        inspector = world.login(INSPECTOR)
        result = import_workbook(inspector, path, executor=pool, deflated=deflated)
        assert 0 < result.invalid < result.declarations
        return _rows(inspector)
    finally:
        world.close()


def test_the_two_workbooks_take_the_two_paths(workbooks: dict[str, Path]) -> None:
    with zipfile.ZipFile(workbooks["own"]) as archive:
        assert b't="inlineStr"' in archive.read(DECLARATIONS_PART)
    with zipfile.ZipFile(workbooks["shared"]) as archive:
        assert b't="inlineStr"' not in archive.read(DECLARATIONS_PART)
        assert "xl/sharedStrings.xml" in archive.namelist()


@pytest.mark.parametrize("deflated", [False, True], ids=["texts", "deflated"])
def test_the_fast_and_the_general_path_store_the_same_rows(
    workbooks: dict[str, Path], demo_store_template: Path, tmp_path: Path, deflated: bool
) -> None:
    """With the contents staged as texts (the command line) and deflated (the window, decision 251)."""
    (tmp_path / "fast").mkdir()
    (tmp_path / "general").mkdir()
    with ProcessPoolExecutor(2) as pool:
        fast = _import(demo_store_template, tmp_path / "fast", workbooks["own"], pool, deflated)
    general = _import(demo_store_template, tmp_path / "general", workbooks["shared"], None)
    assert {name: len(rows) for name, rows in fast.items()} == {name: len(rows) for name, rows in general.items()}
    assert fast == general


def test_verification_in_workers_equals_verify_declaration_one_by_one(workbooks: dict[str, Path]) -> None:
    with ProcessPoolExecutor(2) as pool:
        read = read_workbook(workbooks["own"], executor=pool)
        verdict = verify_workbook(read, executor=pool)
    keys = {k.fingerprint: k.public_key for k in read.content.keys}.get
    commitment = read.content.cover["commitment_sha256"]
    careful = [
        verify_declaration(entry.signed, keys, expected_commitment_sha256=commitment)
        for entry in read.content.declarations
    ]
    fast = [d.result for d in verdict.declarations]
    assert [(r.valid, r.failures) for r in fast] == [(r.valid, r.failures) for r in careful]
    assert not all(r.valid for r in careful)
    # The payloads' content bytes, built once for the checks, are the canonical bytes of each declaration, and the
    # general path reads the same declarations.
    assert verdict.contents == [canonical_bytes(e.signed.declaration.to_dict()) for e in read.content.declarations]
    general = read_workbook(workbooks["shared"])
    assert general.content == read.content
    assert verify_workbook(general).contents == verdict.contents


def _saved_again(source: Path, folder: Path, writer: str, request: pytest.FixtureRequest) -> Path:
    """``source`` opened and saved again, unedited, by openpyxl or LibreOffice, under the same file name."""
    folder.mkdir()
    if writer == "openpyxl":
        target = folder / source.name
        openpyxl.load_workbook(source).save(target)
        return target
    [resaved] = request.getfixturevalue("libreoffice")([source], folder)  # skipped without soffice, except on CI
    return resaved


@pytest.mark.parametrize("writer", ["openpyxl", "libreoffice"])
def test_a_workbook_saved_again_by_another_program_takes_the_pipeline_and_stores_the_same_rows(
    workbooks: dict[str, Path],
    demo_store_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    writer: str,
) -> None:
    """Decision 187: a copy saved again by openpyxl (read by the strict reader) or LibreOffice (shared strings, read
    as a stream) is imported by the pipeline, as our own export is, and stores the same rows with the same verdicts
    (some declarations of the edited export fail). The parts the strict reader did not take are scanned by the
    workers (every one of them here, the size that sends a part there lowered: decision 207)."""
    from desktop.exchange.workbook import reader
    from desktop.exchange.xlsx import part_scan_elsewhere
    from desktop.services.inspection import workbook_import

    resaved = _saved_again(workbooks["own"], tmp_path / writer, writer, request)
    taken = workbook_import.import_in_chunks
    paths: list[bool] = []
    scanned: list[int] = []

    def spy(*args: object, **kwargs: object) -> object:
        ready = taken(*args, **kwargs)  # type: ignore[arg-type]
        paths.append(ready is not None)
        return ready

    def scan_spy(*args: object, **kwargs: object) -> object:
        futures = part_scan_elsewhere.scan_elsewhere(*args, **kwargs)  # type: ignore[arg-type]
        scanned.append(len(futures))
        return futures

    monkeypatch.setattr(workbook_import, "import_in_chunks", spy)
    monkeypatch.setattr(part_scan_elsewhere, "LARGE_PART", 0)
    monkeypatch.setattr(reader, "scan_elsewhere", scan_spy)
    (tmp_path / "own").mkdir()
    (tmp_path / "again").mkdir()
    with ProcessPoolExecutor(2) as pool:
        own = _import(demo_store_template, tmp_path / "own", workbooks["own"], pool)
        again = _import(demo_store_template, tmp_path / "again", resaved, pool)
    assert paths == [True, True]  # both by the pipeline
    assert len(scanned) == 2
    assert scanned[1] > 2  # the copy's parts, by the workers
    assert {name: len(rows) for name, rows in again.items()} == {name: len(rows) for name, rows in own.items()}
    assert again == own
