"""The problems a workbook can give are bounded (decision 152; issue 12 item 7): past the first ``MAX_LISTED`` they
are counted, not described, and one last problem says how many more there are; the count stays right, and
``verify`` still exits 1. Junk rows appended to the unit export's declarations sheet (within decision 150's margin)
give about four problems each."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench.bench_junk_rows import build
from desktop.exchange import problems as problems_module
from desktop.exchange.problems import MORE_CODE, CappedProblems, SheetProblem, capped, more_problems
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.i18n import Translator
from desktop.services.errors import InvalidWorkbook
from desktop.services.inspection.workbook_import import _stored
from tests.cli.support import clean_env
from tests.process_tree import run_measured

ROOT = Path(__file__).resolve().parents[3]


def _problem(row: int) -> SheetProblem:
    return SheetProblem("情况登记表", row, f"A{row}", "cell.identifier", "x")


def test_a_capped_list_keeps_the_first_and_counts_the_rest() -> None:
    kept = CappedProblems(limit=3)
    kept.append(_problem(1))
    kept += [_problem(2), _problem(3), _problem(4)]
    kept.extend(_problem(n) for n in range(5, 11))
    listed = kept.listed()
    assert [p.row for p in listed[:3]] == [1, 2, 3]
    assert (listed[-1].code, listed[-1].params["count"], len(listed)) == (MORE_CODE, 7, 4)


def test_a_cut_list_cut_again_carries_its_count_over() -> None:
    once = capped([_problem(n) for n in range(1, 11)], limit=4)  # 4 listed, 6 more
    twice = capped([*once, _problem(11)], limit=2)  # 2 listed; 2 + 6 + 1 more
    assert [p.row for p in twice[:2]] == [1, 2]
    assert twice[-1].params["count"] == 9
    assert len(twice) == 3
    assert capped([_problem(1)], limit=4) == [_problem(1)]  # nothing cut, nothing added


def test_the_last_problem_reads_as_one_sentence_in_both_languages() -> None:
    more = more_problems(3_999)
    assert more.describe(Translator("en")) == "… and 3999 more problems not listed."
    assert more.describe(Translator("zh_CN")) == "……另有 3999 个问题未列出。"


def test_a_workbook_with_many_problems_lists_the_first_and_counts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failed before decision 152: every problem of every junk row was described (687 here)."""
    path = build(tmp_path / "junk.xlsx", 200, far=False)
    monkeypatch.setattr(problems_module, "MAX_LISTED", 10**9)
    every = verify_workbook(read_workbook(path)).problems
    assert len(every) > 600
    assert MORE_CODE not in {p.code for p in every}
    monkeypatch.setattr(problems_module, "MAX_LISTED", 50)
    read = read_workbook(path)
    assert len(read.problems) == 51
    assert read.problems[-1].code == MORE_CODE
    verdict = verify_workbook(read)
    assert len(verdict.problems) == 51
    assert verdict.problems[:50] == every[:50]
    assert verdict.problems[-1].params["count"] == len(every) - 50
    assert not verdict.valid


def test_verify_lists_a_thousand_problems_then_their_count_and_exits_1(tmp_path: Path) -> None:
    """1,000 junk rows (within decision 150's margin): about 4,000 problems, of which 1,000 are printed."""
    path = build(tmp_path / "junk.xlsx", 1_028, far=False)
    env = clean_env(tmp_path, PYTHONPATH=str(ROOT), OFFICER_DECLARE_LANG="en")
    measured = run_measured([sys.executable, "-m", "desktop", "verify", str(path)], env, tmp_path, timeout=120)
    assert measured.code == 1, measured.err
    output = measured.out + measured.err
    assert "Traceback" not in measured.err
    assert "more problems not listed." in output
    assert len(output.strip().splitlines()) < 1_100


def test_a_refused_import_counts_every_problem_of_a_cut_list() -> None:
    """The import's refusal names the number of problems found, not the number listed."""
    error = InvalidWorkbook("junk.xlsx", capped([_problem(n) for n in range(1, 2_001)], limit=100))
    lines = error.render(Translator("en")).splitlines()
    assert lines[0] == "junk.xlsx: nothing was imported; 2000 problems found."
    assert lines[-1] == "  … and 1950 more."
    assert len(lines) == 52


def test_an_imported_workbooks_stored_problems_keep_the_count() -> None:
    assert _stored(more_problems(12)) == {"sheet": "", "row": 0, "code": MORE_CODE, "count": 12}
    assert _stored(_problem(3)) == {"sheet": "情况登记表", "row": 3, "code": "cell.identifier"}
