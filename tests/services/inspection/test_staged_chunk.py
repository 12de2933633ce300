"""The import's workers send each chunk's rows laid out as the calling process stages them (decision 245): the flags
as 1 and 0, each declaration's digest line, each interest naming its declaration's place in the chunk. The stored rows
are the careful path's (test_import_paths_agree, test_import_pipeline); these tests show what the layout promises."""

from __future__ import annotations

import pickle

import pytest
from sqlalchemy import Boolean

from desktop.services.inspection.import_chunks import ChunkRows
from desktop.services.inspection.import_staging import _DECLARATIONS, _INTERESTS, Staged
from desktop.services.inspection.row_values import (
    DECLARATION_FLAGS,
    DECLARATION_NAMES,
    INTEREST_FLAGS,
    INTEREST_NAMES,
    outcome_line,
)
from desktop.services.inspection.staged_chunk import StagedChunk, staged_chunk
from desktop.store.schema import imported_declarations, imported_interests
from tests.conftest import INSPECTOR, DemoWorld


def test_the_flags_named_are_the_stores_boolean_columns() -> None:
    # The workers import no SQLAlchemy (decision 224), so the flags are named, not read from the schema.
    assert (
        tuple(name for name in DECLARATION_NAMES if isinstance(imported_declarations.c[name].type, Boolean))
        == DECLARATION_FLAGS
    )
    assert (
        tuple(name for name in INTEREST_NAMES if isinstance(imported_interests.c[name].type, Boolean)) == INTEREST_FLAGS
    )


def _chunk(ids: list[str], interests_of: dict[str, int]) -> ChunkRows:
    def declaration(declaration_id: str) -> tuple[object, ...]:
        given = {"declaration_id": declaration_id, "version": 2, "valid": True, "failures": "[]", "late": False}
        return tuple(given.get(name, "x") for name in DECLARATION_NAMES)

    def interest(declaration_id: str, number: int) -> tuple[object, ...]:
        given = {"row_no": number, "holder_name": f"of {declaration_id}", "within_jurisdiction": True}
        return tuple(given.get(name) for name in INTEREST_NAMES[1:])

    return ChunkRows(
        regular=True,
        declarations=[declaration(i) for i in ids],
        interests=[[interest(i, n) for n in range(1, interests_of.get(i, 0) + 1)] for i in ids],
    )


def test_interests_point_at_their_declarations_across_chunks(demo_world: DemoWorld) -> None:
    # Chunks of different sizes, declarations without interests among them (first and last of a chunk too), staged
    # one after another as the workers send them and, for one, as read_chunk gives them: each staged interest names
    # the staged rowid of its own declaration, and the declarations take rowids 1, 2, … in the order written.
    chunks = [
        _chunk(["d01", "d02", "d03"], {"d02": 2, "d03": 1}),
        _chunk(["d04"], {}),
        _chunk(["d05", "d06", "d07", "d08"], {"d05": 3, "d08": 2}),
        _chunk(["d09", "d10"], {"d10": 1}),
    ]
    sent = [pickle.loads(pickle.dumps(staged_chunk(chunk))) for chunk in chunks[:3]]  # as the executor sends them
    inspector = demo_world.login(INSPECTOR)
    with inspector.store.engine.begin() as staging:
        staged = Staged(staging)
        for one in sent:
            staged.add(one)
        staged.add(chunks[3])
        declarations = [
            tuple(r) for r in staging.exec_driver_sql(f"SELECT rowid, declaration_id FROM temp.{_DECLARATIONS}")
        ]
        pointed = [
            tuple(r)
            for r in staging.exec_driver_sql(
                f"SELECT d.declaration_id, i.holder_name, i.row_no FROM temp.{_INTERESTS} AS i "
                f"JOIN temp.{_DECLARATIONS} AS d ON d.rowid = i.declaration_seq ORDER BY i.rowid"
            )
        ]
        interests = staging.exec_driver_sql(f"SELECT count(*) FROM temp.{_INTERESTS}").scalar_one()
        outcomes = list(staged.outcome_lines())
        staged.drop()
    assert declarations == [(k, f"d{k:02}") for k in range(1, 11)]
    assert staged.count == 10
    assert interests == len(pointed) == 9
    assert pointed == [
        ("d02", "of d02", 1),
        ("d02", "of d02", 2),
        ("d03", "of d03", 1),
        ("d05", "of d05", 1),
        ("d05", "of d05", 2),
        ("d05", "of d05", 3),
        ("d08", "of d08", 1),
        ("d08", "of d08", 2),
        ("d10", "of d10", 1),
    ]
    assert outcomes == [outcome_line(f"d{k:02}", 2, True, "[]") for k in range(1, 11)]


def test_a_chunk_for_the_careful_path_stays_one() -> None:
    assert staged_chunk(ChunkRows(regular=False)) == StagedChunk(regular=False)


def test_interests_not_one_group_a_declaration_are_refused() -> None:
    # Each declaration has its group of interests, empty or not; a chunk with one group too few is a defect, not a
    # chunk whose last declaration has no interests (review of decision 245).
    rows = _chunk(["d01", "d02"], {"d01": 1})
    rows.interests = rows.interests[:1]
    with pytest.raises(ValueError, match="argument 2 is shorter"):
        staged_chunk(rows)
