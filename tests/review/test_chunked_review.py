"""The chunked review (a range of officers at a time, for a province on the team server) finds exactly what the
in-memory review finds: every finding field by field, and every score, on the encrypted store and on PostgreSQL,
whatever the size of the ranges (one officer each, a few, all at once)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text

from bench.province_data import fill_province
from desktop.review.chunked import NotDigested, review_in_chunks
from desktop.review.digest import Digest, pending_digests, store_digests
from desktop.review.engine import DetachedReview, Review, review_campaign
from desktop.review.findings import Finding
from desktop.review.registers.people import store_declared_people
from desktop.services.inspection.review import one_snapshot, run_review
from desktop.services.inspection.review_reuse import packed
from desktop.store import schema
from desktop.store.engine import open_engine
from desktop.store.store import NEW_STORE_PAGE_SIZE


def _digested(session) -> None:
    with session.store.transaction() as connection:
        store_declared_people(connection)
        store_digests(connection)


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.rule, f.subject))


def assert_same_review(chunked: Review, whole: Review) -> None:
    assert _ordered(chunked.findings) == _ordered(whole.findings)
    assert chunked.scores == whole.scores
    assert chunked.declaration_count == whole.declaration_count
    assert (chunked.campaign, chunked.units) == (whole.campaign, whole.units)
    assert {f.rule for f in chunked.findings} == {f.rule for f in whole.findings}


@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_the_chunked_review_finds_exactly_what_the_whole_review_finds(inspector, chunk):
    _digested(inspector)
    with inspector.store.transaction() as connection:
        whole = review_campaign(connection, threshold=20)
        chunked = review_in_chunks(connection, threshold=20, chunk=chunk)
        assert_same_review(chunked, whole)
        assert chunked.data.declarations == whole.data.declarations  # loaded only when asked for
    assert len(whole.findings) > 50
    assert len({f.rule for f in whole.findings}) >= 15  # the demo makes nearly every rule fire


def test_the_chunked_review_refuses_declarations_without_a_digest(encrypted_inspector):
    with encrypted_inspector.store.transaction() as connection:
        connection.execute(schema.review_digests.delete())
        with pytest.raises(NotDigested):
            review_in_chunks(connection)


def test_on_a_server_the_recorded_review_is_the_chunked_one_with_the_same_findings(inspector):
    run = run_review(inspector)
    with inspector.store.transaction() as connection:
        whole = review_campaign(connection, threshold=run.review.threshold)
        recorded = connection.execute(
            select(func.count()).select_from(schema.review_scores).where(schema.review_scores.c.run_id == run.run_id)
        ).scalar_one()
    on_server = inspector.store.engine.dialect.name == "postgresql"
    assert isinstance(run.review, DetachedReview) is on_server
    assert run.recorded
    assert_same_review(run.review, whole)
    assert recorded == len(whole.scores)
    assert not run_review(inspector).recorded  # nothing changed: the same data signature


@pytest.fixture(params=["encrypted", "postgresql"])
def hostile_province(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """400 generated officers with hostile values (quotes, wildcards, invisible and right-to-left characters, police
    numbers that sort differently by byte and by collation), digested as the first review does."""
    if request.param == "encrypted":
        engine = open_engine(tmp_path / "province.db", bytes(range(32)), page_size=NEW_STORE_PAGE_SIZE)
    else:
        engine = create_engine(request.getfixturevalue("postgres_schema_url"))
    fill_province(engine, 400, seed=11, hostile=True)
    with engine.begin() as connection:
        store_declared_people(connection)
        store_digests(connection)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("chunk", [13, 100_000])
def test_hostile_generated_values_give_the_same_findings_chunked_and_whole(hostile_province, chunk):
    with hostile_province.connect() as connection:
        whole = review_campaign(connection, threshold=20)
        chunked = review_in_chunks(connection, threshold=20, chunk=chunk)
    assert_same_review(chunked, whole)
    fired = {f.rule for f in whole.findings}
    assert {"shared_enterprise", "duplicate_declaration", "older_version", "missing_declaration"} <= fired
    assert {"interest_vanished", "identifier_invalid", "self_countersigned", "countersigner_not_head"} <= fired


def test_a_review_on_a_server_reads_one_snapshot(server_inspector):
    """A chunked review runs many queries; an import committed meanwhile must not be half seen."""
    with server_inspector.store.transaction() as connection:
        one_snapshot(connection)
        assert connection.execute(text("SHOW transaction_isolation")).scalar_one() == "repeatable read"


def test_digests_made_a_few_at_a_time_equal_those_made_at_once(inspector):
    with inspector.store.transaction() as connection:
        connection.execute(schema.review_digests.delete())
        at_once = sorted(pending_digests(connection))
        assert store_digests(connection, chunk=7) == len(at_once) > 50
        columns = [schema.review_digests.c[name] for name in Digest._fields]
        stored = [tuple(r) for r in connection.execute(select(*columns).order_by(columns[0]))]
    assert stored == [tuple(d) for d in at_once]


def test_a_run_s_findings_packed_a_field_at_a_time_read_back_as_one_json_document():
    content: dict[str, object] = {
        "declarations": 3,
        "scores": {"name": ["王\u200b伟", "O'Brien\"; --", "😀"], "subject": ["row:1", "row:2", "officer:a-1"]},
        "params": [0, [2, "100%_\\x", None, 1.5, True]],
        "texts": ["rule", "{enterprises} ({trades})", "\u202e"],
        "empty": [],
    }
    expected = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert zlib.decompress(packed(content)) == expected
    assert zlib.decompress(packed({})) == b"{}"
