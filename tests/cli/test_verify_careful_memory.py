"""What the careful ``verify`` holds per declaration (decision 250): a workbook that leaves the chunked path (decision
241) is verified from its declarations as objects, and its verdict is all ``verify`` keeps beside them. The report
needs no declaration's content bytes (only an import stores them), and every declaration with the same failures
can point at one result: at 200,000 junk declarations of a `--unique --raise-counts` batch these were about 95 and
40 MB. The reports are the same as before: the chunked/careful equality tests (test_verify_chunked.py), and below."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_junk_rows import build
from desktop.commands import exchange as exchange_commands
from desktop.crypto.verification import VerificationResult
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.exchange.xlsx.errors import WorkbookError
from tests.cli.support import run
from tests.cli.test_workbook_cli import hostile  # noqa: F401 - the module's fixture of hostile files
from tests.exchange.workbook.test_workbook_hostile import HOSTILE_NAMES


@pytest.fixture(scope="module")
def junk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unit's export with 300 junk declarations of their own ids (bench_junk_rows --unique --raise-counts)."""
    folder = tmp_path_factory.mktemp("junk")
    return build(folder / "junk.xlsx", 300, False, raise_counts=True, unique=True)


def test_the_careful_verify_keeps_no_content_bytes(junk: Path) -> None:
    verdict = exchange_commands._verified(junk, None, None, None, False)

    assert verdict.total == 298
    assert verdict.contents == []  # failed before: one content's canonical bytes per declaration


def test_declarations_with_the_same_failures_share_one_result(junk: Path) -> None:
    verdict = verify_workbook(read_workbook(junk))
    results = [d.result for d in verdict.declarations]

    assert len({id(r) for r in results}) == len(set(results))  # failed before: one result per declaration
    unsigned = [r for r in results if [f.code for f in r.failures] == ["officer.missing", "countersignature.missing"]]
    assert len(unsigned) == 272
    assert all(r is unsigned[0] and isinstance(r, VerificationResult) for r in unsigned)


def test_a_verdict_without_contents_is_the_same_verdict(junk: Path, hostile) -> None:  # noqa: F811 - the fixture
    paths = [junk, *(hostile[name][0] for name in HOSTILE_NAMES if not hostile[name][1].password)]
    for path in paths:
        try:
            read = read_workbook(path)
        except WorkbookError:  # a file refused whole: nothing to verify
            continue
        kept, left = verify_workbook(read), verify_workbook(read, keep_contents=False)
        assert left.contents == [], path.name
        assert len(kept.contents) == len(read.content.declarations), path.name
        assert (left.declarations, left.problems, left.valid) == (kept.declarations, kept.problems, kept.valid)


def test_the_junk_batch_s_report(junk: Path) -> None:
    result = run(["--lang", "en", "verify", str(junk)])

    lines = result.out.splitlines()
    assert result.code == 1, result.err
    assert lines[0] == "junk.xlsx: 24 of 298 declarations verify."
    assert sum("not signed" in line for line in lines) == 272
