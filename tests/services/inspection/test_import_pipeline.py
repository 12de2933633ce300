"""The import pipeline (workers convert, assemble and verify chunk by chunk; the calling process inserts) stores
exactly what the careful path stores (read whole, then verified), and leaves to the careful path every workbook
with a problem to locate (issue 16, item 1).

Each test imports one workbook twice into two copies of the same demo store: with an executor (the pipeline, in
chunks of 3 declarations, so that a whole-tree export makes more chunks than are in flight at once) and without one
(the careful path), and compares every imported table row for row."""

from __future__ import annotations

import re
import shutil
import zipfile
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop.exchange.workbook import chunks
from desktop.exchange.workbook.columns import FAMILY_SHEET, FORMAT_VERSION, INTERESTS_SHEET, layout
from desktop.form import NEWEST_FORM_VERSION
from desktop.services.errors import InvalidWorkbook
from desktop.services.inspection.packed_chunks import CHUNKS_IN_FLIGHT
from desktop.services.inspection.workbook_import import import_workbook
from tests.conftest import INSPECTOR, DemoWorld
from tests.exchange.workbook.oversized import DECLARATIONS_PART, as_shared_strings
from tests.services.inspection.test_import_paths_agree import _rows  # every imported table but the file's SHA-256

#: The interests' sheet of the demo's current campaign, on the newest form version (form 2 puts the family members'
#: sheet before it): the cover is sheet1, then the form's sheets in order.
INTERESTS_PART = (
    f"xl/worksheets/sheet{list(layout(FORMAT_VERSION, NEWEST_FORM_VERSION).sheets).index(INTERESTS_SHEET) + 2}.xml"
)
FAMILY_PART = (
    f"xl/worksheets/sheet{list(layout(FORMAT_VERSION, NEWEST_FORM_VERSION).sheets).index(FAMILY_SHEET) + 2}.xml"
)


#: The export (``exported``), small chunks and the ``pipelined`` spy: tests/services/inspection/conftest.py.
pytestmark = pytest.mark.usefixtures("small_chunks")


def _import(template: Path, folder: Path, path: Path, executor: Executor | None):
    folder.mkdir()
    world = DemoWorld(Path(shutil.copytree(template, folder / "store")), folder / "throttle.json")
    try:
        inspector = world.login(INSPECTOR)
        result = import_workbook(inspector, path, executor=executor)
        return result, _rows(inspector)
    finally:
        world.close()


def _edited(source: Path, target: Path, part: str, key: str, prefix: str = "改") -> Path:
    """``source`` with ``prefix`` put in front of the text of the first data row (row 3) in ``part``'s column
    ``key`` (XML-escaped)."""
    with zipfile.ZipFile(source) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    sheet = parts[part]
    letter = re.search(rb'<c r="([A-Z]+)2"[^>]*><is><t>' + key.encode() + b"</t>", sheet)[1]  # type: ignore[index]
    start = sheet.index(b"<t>", sheet.index(b'<c r="' + letter + b'3"')) + 3
    escaped = prefix.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    parts[part] = sheet[:start] + escaped.encode() + sheet[start:]
    target.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return target


def test_a_whole_tree_export_is_stored_by_the_pipeline_as_the_careful_path_stores_it(
    exported: Path, demo_store_template: Path, tmp_path: Path, pipelined: list[bool]
) -> None:
    with ProcessPoolExecutor(2) as pool:
        fast, fast_rows = _import(demo_store_template, tmp_path / "fast", exported, pool)
    careful, careful_rows = _import(demo_store_template, tmp_path / "careful", exported, None)
    assert pipelined == [True]
    assert fast.declarations > CHUNKS_IN_FLIGHT * chunks.DECLARATIONS_PER_CHUNK
    assert (fast.workbook_id, fast.valid, fast.invalid, fast.workbook_valid, fast.duplicates) == (
        careful.workbook_id,
        careful.valid,
        careful.invalid,
        careful.workbook_valid,
        careful.duplicates,
    )
    assert fast_rows == careful_rows


def test_the_same_content_written_with_shared_strings_takes_the_pipeline_too(
    exported: Path, demo_store_template: Path, tmp_path: Path, pipelined: list[bool]
) -> None:
    (tmp_path / "shared").mkdir()
    shared = as_shared_strings(exported, tmp_path / "shared" / exported.name)  # the same name: the rows name it
    with ProcessPoolExecutor(2) as pool:
        fast, fast_rows = _import(demo_store_template, tmp_path / "fast", shared, pool)
    careful, careful_rows = _import(demo_store_template, tmp_path / "careful", exported, None)
    assert pipelined == [True]
    assert fast.workbook_id == careful.workbook_id
    assert fast_rows == careful_rows


def test_a_declaration_altered_after_signing_is_stored_flagged_by_the_pipeline_as_by_the_careful_path(
    exported: Path, demo_store_template: Path, tmp_path: Path, pipelined: list[bool]
) -> None:
    # An enterprise's name: signed, and shown nowhere else, so the workbook has no problem, one bad declaration.
    altered = _edited(exported, tmp_path / "altered" / exported.name, INTERESTS_PART, "enterprise_name")
    with ProcessPoolExecutor(2) as pool:
        fast, fast_rows = _import(demo_store_template, tmp_path / "fast", altered, pool)
    careful, careful_rows = _import(demo_store_template, tmp_path / "careful", altered, None)
    assert pipelined == [True]
    assert fast.invalid == careful.invalid == 1
    assert fast_rows == careful_rows


@pytest.mark.parametrize(
    ("part", "key", "prefix"),
    [
        (FAMILY_PART, "name", "e\u0301 "),  # decomposed: NFC where the text enters, so the content changes
        (FAMILY_PART, "id_number", "x"),  # an identifier in lower case: read in upper case
        (FAMILY_PART, "work_unit", "  =1+1 <&> "),  # surrounding space stripped; looks like a formula
        (INTERESTS_PART, "roles", "股东\n股东\n \n"),  # a role twice and a blank line: each role once
        (INTERESTS_PART, "registered_address", "\U0001f600 𠀀"),  # beyond the BMP
    ],
)
def test_form_2_cells_of_awkward_text_are_stored_by_the_pipeline_as_by_the_careful_path(
    exported: Path,
    demo_store_template: Path,
    tmp_path: Path,
    pipelined: list[bool],
    part: str,
    key: str,
    prefix: str,
) -> None:
    """Form 2's family members and interests built straight from converted cells, and their payloads written by
    the fast builders, store what the careful path stores (verification results included)."""
    altered = _edited(exported, tmp_path / "altered" / exported.name, part, key, prefix)
    with ProcessPoolExecutor(2) as pool:
        fast, fast_rows = _import(demo_store_template, tmp_path / "fast", altered, pool)
    careful, careful_rows = _import(demo_store_template, tmp_path / "careful", altered, None)
    assert pipelined == [True]
    assert (fast.workbook_id, fast.valid, fast.invalid) == (careful.workbook_id, careful.valid, careful.invalid)
    assert fast_rows == careful_rows


def test_a_workbook_with_a_problem_to_locate_is_left_to_the_careful_path(
    exported: Path, demo_store_template: Path, tmp_path: Path, pipelined: list[bool]
) -> None:
    # A name changed on the declarations sheet also disagrees with the name shown on its interest rows: a problem
    # of the workbook, which the careful path locates and stores with it.
    altered = _edited(exported, tmp_path / "altered" / exported.name, DECLARATIONS_PART, "name")
    with ThreadPoolExecutor(2) as threads:  # as the window imports
        fast, fast_rows = _import(demo_store_template, tmp_path / "fast", altered, threads)
    _careful, careful_rows = _import(demo_store_template, tmp_path / "careful", altered, None)
    assert pipelined == [False]
    assert not fast.workbook_valid
    assert fast_rows == careful_rows


def test_a_workbook_whose_cell_cannot_be_read_is_refused_whole_and_nothing_is_stored(
    exported: Path, demo_store_template: Path, tmp_path: Path, pipelined: list[bool]
) -> None:
    broken = _edited(exported, tmp_path / "broken" / exported.name, INTERESTS_PART, "row_no")
    (tmp_path / "store").mkdir()
    world = DemoWorld(Path(shutil.copytree(demo_store_template, tmp_path / "store" / "s")), tmp_path / "t.json")
    try:
        inspector = world.login(INSPECTOR)
        before = _rows(inspector)
        with ProcessPoolExecutor(2) as pool, pytest.raises(InvalidWorkbook) as refused:
            import_workbook(inspector, broken, executor=pool)
        assert _rows(inspector) == before
    finally:
        world.close()
    assert pipelined == [False]
    assert {(p.sheet, p.row) for p in refused.value.workbook_problems} >= {("经商办企业情况", 3)}


def test_a_thread_pool_takes_the_pipeline_and_stores_the_same_rows(
    exported: Path, demo_store_template: Path, tmp_path: Path, pipelined: list[bool]
) -> None:
    with ThreadPoolExecutor(2) as threads:
        _fast, fast_rows = _import(demo_store_template, tmp_path / "fast", exported, threads)
    _careful, careful_rows = _import(demo_store_template, tmp_path / "careful", exported, None)
    assert pipelined == [True]
    assert fast_rows == careful_rows


def test_the_audit_record_of_a_pipelined_import_holds_the_digest_of_the_stored_results(
    exported: Path, demo_store_template: Path, tmp_path: Path, pipelined: list[bool]
) -> None:
    from desktop.services.inspection.stored_checks import check_stored, outcomes_digest
    from desktop.store import audit

    # An altered declaration too, so that the results are not all alike.
    altered = _edited(exported, tmp_path / "altered" / exported.name, INTERESTS_PART, "enterprise_name")
    (tmp_path / "store").mkdir()
    world = DemoWorld(Path(shutil.copytree(demo_store_template, tmp_path / "store" / "s")), tmp_path / "t.json")
    try:
        inspector = world.login(INSPECTOR)
        with ProcessPoolExecutor(2) as pool:
            result = import_workbook(inspector, altered, executor=pool)
        with inspector.store.transaction() as connection:
            recorded = [
                e.details["outcomes"]
                for e in audit.entries(connection)
                if e.action == "imported" and e.subject == result.workbook_id
            ]
            assert recorded == [outcomes_digest(connection, result.workbook_id)]
            assert check_stored(connection).ok
    finally:
        world.close()
    assert pipelined == [True]


def test_a_workbook_written_by_an_earlier_version_is_stored_by_the_pipeline_as_by_the_careful_path(
    demo_store_template: Path, tmp_path: Path, pipelined: list[bool]
) -> None:
    # Workbook format 1 (form version 1), two declarations that do not verify (a head's own key, content changed).
    older = Path(__file__).resolve().parents[2] / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"
    with ProcessPoolExecutor(2) as pool:
        fast, fast_rows = _import(demo_store_template, tmp_path / "fast", older, pool)
    careful, careful_rows = _import(demo_store_template, tmp_path / "careful", older, None)
    assert pipelined == [True]
    assert fast.workbook_id == careful.workbook_id
    assert fast.invalid == careful.invalid == 2
    assert fast_rows == careful_rows


def test_the_last_chunks_are_smaller_so_that_no_worker_checks_a_full_chunk_alone() -> None:
    sizes = list(chunks.chunk_sizes(10_000, 2000))
    assert sum(sizes) == 10_000
    assert max(sizes) == 2000
    assert min(sizes) >= 2000 // 8
    full = sizes.count(2000)
    assert sizes[:full] == [2000] * full  # full chunks first, then smaller ones
    assert sizes[-1] < 2000 // 4  # the last is far smaller than a full chunk
    assert list(chunks.chunk_sizes(5, 2000)) == [5]
    assert list(chunks.chunk_sizes(0, 2000)) == []
