"""An import stages each declaration's canonical content deflated and stores it inflated (decision 247). The stored
rows are the careful path's (test_import_pipeline.py, test_import_paths_agree.py, test_staging_server.py); these
tests show what the staging itself promises: the contents staged are the same bytes, in a fraction of the space."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop.exchange.workbook.chunks import BlockChunk, plan_chunks
from desktop.exchange.workbook.reader import read_workbook_as
from desktop.services.inspection import import_pipeline
from desktop.services.inspection.import_chunks import read_chunk
from desktop.services.inspection.import_staging import _DECLARATIONS
from desktop.services.inspection.packed_chunks import pack_chunks, read_packed_chunk
from desktop.services.inspection.row_values import DECLARATION_NAMES
from desktop.services.inspection.staged_content import (
    INFLATE_SQL,
    content_bytes,
    deflated,
    inflated,
    read_staged_chunk,
)
from tests.conftest import INSPECTOR, DemoWorld

_CONTENT = DECLARATION_NAMES.index("content")


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{}",
        '{"name":"张三","note":"Ünïcödé \\u0000 😀 \ue000 \uffff"}',
        '{"remarks":"' + "清河市公安局" * 20_000 + '"}',  # larger than zlib's window and than its dictionary
        '{"form_version":1,"interests":[]}',
    ],
)
def test_a_content_deflated_is_inflated_to_the_same_text_and_bytes(content: str) -> None:
    staged = deflated(content)
    assert isinstance(staged, bytes)
    assert inflated(staged) == content
    assert content_bytes(staged) == content.encode("utf-8")


def test_a_staged_content_cut_short_is_refused() -> None:
    staged = deflated('{"name":"张三","remarks":"' + "x" * 500 + '"}')
    with pytest.raises(ValueError, match="cut short"):
        content_bytes(staged[:-6])


def test_a_staged_content_with_bytes_past_its_end_is_refused() -> None:
    # Bytes after the deflated stream's end are no part of the content: a store that kept them would not hold what
    # was staged (review of decision 247).
    staged = deflated('{"name":"张三"}')
    assert isinstance(staged, bytes)
    with pytest.raises(ValueError, match="bytes past its end"):
        content_bytes(staged + b"extra")


def test_a_content_staged_as_a_text_is_read_back_as_it_is() -> None:
    assert inflated('{"名":1}') == '{"名":1}'
    assert content_bytes('{"名":1}') == '{"名":1}'.encode()


def test_a_worker_gives_the_chunk_s_rows_with_each_content_deflated(exported: Path) -> None:
    plan = read_workbook_as(exported, plan_chunks, None, packed=True)
    assert plan is not None
    packed = pack_chunks(plan.chunks)
    assert packed
    compared = 0
    for one in packed:
        chunk = one.chunk() if isinstance(one, BlockChunk) else None
        careful = read_chunk(plan.context, chunk) if chunk is not None else read_packed_chunk(plan.context, one)
        staged = read_staged_chunk(plan.context, one)
        assert staged.regular
        assert careful.regular
        assert len(staged.declarations) == len(careful.declarations)
        for kept, given in zip(staged.declarations, careful.declarations, strict=True):
            assert kept[:_CONTENT] == given[:_CONTENT]
            assert kept[_CONTENT + 1 :] == given[_CONTENT + 1 :]
            assert isinstance(kept[_CONTENT], bytes)
            assert inflated(kept[_CONTENT]) == given[_CONTENT]  # type: ignore[arg-type]
            compared += 1
        assert (staged.interests, staged.triples, staged.valid) == (careful.interests, careful.triples, careful.valid)
    assert compared == plan.declarations


def test_an_import_s_staged_contents_take_under_a_third_of_their_text(
    exported: Path, demo_world: DemoWorld, pipelined: list[bool]
) -> None:
    inspector = demo_world.login(INSPECTOR)
    with ThreadPoolExecutor(2) as pool, inspector.store.engine.begin() as staging:
        ready = import_pipeline.import_in_chunks(exported, None, pool, staging, deflated=True)
        assert ready is not None
        kinds, staged, texts, count = staging.exec_driver_sql(
            f"SELECT group_concat(DISTINCT typeof(content)), sum(length(content)), "
            f"sum(length(CAST({INFLATE_SQL}(content) AS BLOB))), count(*) FROM temp.{_DECLARATIONS}"
        ).one()
        ready.cancel()
    assert count == ready.declarations > 0
    assert kinds == "blob"
    assert staged < texts / 3


def test_an_import_not_asked_to_deflate_stages_each_content_as_its_text(
    exported: Path, demo_world: DemoWorld, pipelined: list[bool]
) -> None:
    """The command line's import (decision 251): no CPU spent deflating and inflating."""
    inspector = demo_world.login(INSPECTOR)
    with ThreadPoolExecutor(2) as pool, inspector.store.engine.begin() as staging:
        ready = import_pipeline.import_in_chunks(exported, None, pool, staging)
        assert ready is not None
        kinds, count = staging.exec_driver_sql(
            f"SELECT group_concat(DISTINCT typeof(content)), count(*) FROM temp.{_DECLARATIONS}"
        ).one()
        ready.cancel()
    assert count == ready.declarations > 0
    assert kinds == "text"
