"""At most 200 business interests per declaration (decision 234): the form's number, which bounds a workbook's interest
rows per declaration without changing a signed byte, as decision 222 bounds the family rows. The careful reading
reports each interest row past the 200th of its declaration (``interest.too_many``, located by its row) and leaves it
out; the reading floor counts these rows in every reader, so a flood of interest rows naming one declaration stops
the reading where the careful path's count passes the bound; a declaration of 200 reads as before."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sized
from pathlib import Path

import pytest

from bench.bench_junk_rows import build
from desktop.domain.declarations import Declaration
from desktop.domain.interests import InterestStatus
from desktop.domain.questions import Relation
from desktop.exchange.problems import TooManyProblems
from desktop.exchange.vocabulary import QUESTION_WORDS, RELATION_WORDS, STATUS_WORDS
from desktop.exchange.workbook.columns import INTERESTS_SHEET, layout
from desktop.exchange.workbook.read_floor import floors_for
from desktop.exchange.workbook.reader import read_workbook
from desktop.form import form_for
from desktop.i18n import Translator
from tests.exchange.workbook.caps_support import (
    careful_row,
    never_converted,
    past_the_most,
    read_as_before,
    read_bounded,
)
from tests.exchange.workbook.form2_workbook import form2_content, golden_declaration, signed_entry, write_form2_workbook
from tests.exchange.workbook.test_read_floor import BOUND, _Held, reading_refused
from tests.exchange.workbook.test_read_floor import watched as _watched  # noqa: F401  # the fixture, by its name

MOST = 200


def listing(count: int, target: Path) -> Path:
    """The form 2 workbook whose one declaration lists ``count`` interests (its own, then copies of its first, each
    numbered on), signed as such: what a signer that knew no bound would make."""
    declaration = golden_declaration()
    rows = list(declaration.interests)
    rows += [rows[0]] * (count - len(rows))
    entry = signed_entry(declaration.with_changes(interests=tuple(rows[:count])))
    return write_form2_workbook(target, form2_content([entry]))


def test_every_form_bounds_the_interests() -> None:
    assert form_for(1).max_interests == form_for(2).max_interests == MOST


def _interests(declaration: Declaration) -> Sized:
    return declaration.interests


def test_each_interest_row_past_the_two_hundredth_of_its_declaration_is_one_problem(tmp_path: Path) -> None:
    read = read_workbook(listing(MOST + 3, tmp_path / "many.xlsx"))
    first = past_the_most(read, "interest.too_many", INTERESTS_SHEET, MOST, _interests)
    assert first.render(Translator("en")) == (
        f"Declaration {'d' * 32} lists more than 200 business interests: this row is one too many."
    )
    assert first.render(Translator("zh_CN")) == f"登记表 {'d' * 32} 填写的经商办企业情况超过200项：此行超出。"


def test_two_hundred_interests_read_as_before(tmp_path: Path) -> None:
    read_as_before(read_workbook(listing(MOST, tmp_path / "two-hundred.xlsx")), MOST, _interests)


# -- the reading floor: the rows past the 200th of an id counted while they are read, in every reader

#: Interest rows appended to the unit's export (several of the readers' 1 MB pieces), its counts raised and re-signed.
INTEREST_ROWS = 30_000


@pytest.fixture(scope="module")
def one_id(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    """The unit's export, its cover counting INTEREST_ROWS interests (re-signed), with INTEREST_ROWS interest rows
    appended, copies of its last naming that row's declaration: as shared strings (the streamed reader) or in our own
    XML (the strict reader)."""
    made = {}
    for shared in (True, False):
        folder = tmp_path_factory.mktemp(f"interests-{shared}")
        made[shared] = build(
            folder / "junk.xlsx", INTEREST_ROWS, False, raise_counts=True, orphans=True, own=not shared, one_id=True
        )
    return made


@pytest.mark.usefixtures("_watched")
@pytest.mark.parametrize("workers", [False, True])
@pytest.mark.parametrize("shared", [True, False])
def test_interest_rows_of_one_declaration_are_refused_while_they_are_read(
    one_id: dict[bool, Path], monkeypatch: pytest.MonkeyPatch, shared: bool, workers: bool
) -> None:
    """Failed before decision 234: such rows (each a valid interest row of a declaration of the workbook) were read,
    converted and assembled whole. Now the floor of the interests sheet counts each row past the 200th of its id, in
    this process and in a worker, and stops the reading at the row where the careful path's count passes the bound."""
    path = one_id[shared]
    sheet, row = careful_row(path, monkeypatch, workers)
    assert sheet == INTERESTS_SHEET
    never_converted(monkeypatch, INTERESTS_SHEET)
    error = reading_refused(path, workers)
    assert (error.code, error.exit_code, error.fields["limit"]) == ("too_many_problems", 2, BOUND)
    assert (error.fields["sheet"], int(error.fields["row"])) == (INTERESTS_SHEET, row)
    if not workers and shared:  # read as a stream here: stopped before the end
        assert 0 < _Held.most < INTEREST_ROWS // 2


@pytest.mark.parametrize("workers", [False, True])
def test_interest_rows_past_the_most_within_the_bound_are_reported_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: bool
) -> None:
    """Below the bound the floor changes nothing: every row is read and reported; at exactly the careful path's
    count the file is read, one less refuses it."""
    path = build(tmp_path / "junk.xlsx", 600, False, raise_counts=True, orphans=True, one_id=True)

    read = functools.partial(read_bounded, path, monkeypatch, workers)

    found = read(100_000)
    codes = Counter(p.code for p in found.problems)
    past = [p.row for p in found.problems if p.code == "interest.too_many"]
    assert codes["interest.too_many"] == len(past) > 0
    assert past == list(range(past[0], past[0] + len(past)))
    assert past[-1] == 2 + 17 + 600  # the unit's 17 interests, then the rows appended, the last one too many
    total = sum(codes.values())
    assert read(total).problems == found.problems
    with pytest.raises(TooManyProblems):
        read(total - 1)


def test_what_the_floor_counts_past_the_most_interests_is_what_the_assembly_reports() -> None:
    """Each row that is not empty counts toward the rows of the id it names; past the 200th, one problem, unless the
    row is counted already (its relation); a text is never one id with another value."""
    keys = [c.key for c in layout(2, 1).sheets[INTERESTS_SHEET]]
    words = {
        "question": next(iter(QUESTION_WORDS.values())),
        "relation": RELATION_WORDS[Relation.SELF],
        "status": STATUS_WORDS[InterestStatus.OPERATING],
    }

    def row(declaration_id: object, **changed: str) -> list[object]:
        values: list[object] = [""] * len(keys)
        values[keys.index("declaration_id")], values[keys.index("row_no")] = declaration_id, 1
        for key, word in {**words, **changed}.items():
            values[keys.index(key)] = word
        return values

    [floor] = floors_for((INTERESTS_SHEET,)).values()
    floor.bound = 1_000
    rows = [
        ["headings"],
        keys,
        *[row("d1")] * MOST,  # the most: nothing
        row("d1"),  # one too many: one
        row("d1", relation="妻子"),  # one too many, its relation none of the form's: one, not two
        [],  # empty: not a row
        *[row(7)] * MOST,
        row("7"),  # a text: never one id with the number: nothing
        row(7),  # the 201st of 7: one
    ]
    floor(rows)
    assert floor.located is not None
    assert {c[0] for _first, _positions, c in floor.located} == {3}
