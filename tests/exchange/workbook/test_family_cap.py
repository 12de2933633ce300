"""At most 50 family members per declaration (decision 222): the form's number, which bounds a workbook's family rows
per declaration without changing a signed byte. The careful reading reports each family row past the 50th of its
declaration (``family.too_many``, located by its row) and leaves it out; a declaration of 50 reads as before."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sized
from pathlib import Path

import pytest

from bench.bench_junk_rows import build_family
from desktop.domain.declarations import Declaration
from desktop.domain.family import member_id_for
from desktop.exchange.problems import TooManyProblems
from desktop.exchange.workbook import reader as reader_module
from desktop.exchange.workbook.columns import FAMILY_SHEET, layout
from desktop.exchange.workbook.read_floor import floors_for
from desktop.exchange.workbook.reader import read_workbook
from desktop.form import form_for
from desktop.i18n import Translator
from tests.exchange.workbook.caps_support import (
    FIRST_ROW,
    careful_row,
    never_converted,
    past_the_most,
    read_as_before,
    read_bounded,
)
from tests.exchange.workbook.form2_workbook import form2_content, golden_declaration, signed_entry, write_form2_workbook
from tests.exchange.workbook.test_read_floor import BOUND, _Held, reading_refused
from tests.exchange.workbook.test_read_floor import watched as _watched  # noqa: F401  # the fixture, by its name

MOST = 50


def listing(count: int, target: Path) -> Path:
    """The form 2 workbook whose one declaration lists ``count`` family members (copies of its first, numbered on),
    signed as such: what a signer that knew no bound would make."""
    declaration = golden_declaration()
    first = declaration.family_members[0]
    members = tuple(first.with_changes(member_id=member_id_for(n)) for n in range(count))
    entry = signed_entry(declaration.with_changes(family_members=members))
    return write_form2_workbook(target, form2_content([entry]))


def test_the_form_bounds_the_family_members() -> None:
    assert form_for(2).max_family_members == MOST


def _members(declaration: Declaration) -> Sized:
    return declaration.family_members


def test_each_family_row_past_the_fiftieth_of_its_declaration_is_one_problem(tmp_path: Path) -> None:
    read = read_workbook(listing(MOST + 3, tmp_path / "many.xlsx"))
    first = past_the_most(read, "family.too_many", FAMILY_SHEET, MOST, _members)
    assert first.render(Translator("en")) == (
        f"Declaration {'d' * 32} lists more than 50 family members: this row is one too many."
    )
    assert "50" in first.render(Translator("zh_CN"))
    assert first.render(Translator("zh_CN")) != first.render(Translator("en"))


def test_fifty_family_members_read_as_before(tmp_path: Path) -> None:
    read_as_before(read_workbook(listing(MOST, tmp_path / "fifty.xlsx")), MOST, _members)


# -- the reading floor (decision 222): the rows past the 50th of an id counted while they are read, in every reader

#: Family rows appended in the test files (several of the readers' 1 MB pieces).
FAMILY_ROWS = 30_000
#: The workbook's own two family rows are rows 3 and 4; its 50th family row of its declaration is row 52.
OWN_PAST = FIRST_ROW + MOST
#: Rows naming ``orphan`` start at row 5; the 51st of them is row 55.
ORPHAN_PAST = FIRST_ROW + 2 + MOST


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, bool], Path]:
    """The signed form 2 workbook with FAMILY_ROWS family rows naming its own declaration or ``orphan``, as shared
    strings (the streamed reader) or in our own XML (the strict reader)."""
    made = {}
    for named in ("own", "orphan"):
        for shared in (True, False):
            folder = tmp_path_factory.mktemp(f"family-{named}-{shared}")
            made[named, shared] = build_family(folder / "family.xlsx", FAMILY_ROWS, named == "orphan", shared)
    return made


@pytest.mark.usefixtures("_watched")
@pytest.mark.parametrize("workers", [False, True])
@pytest.mark.parametrize("shared", [True, False])
def test_family_rows_of_one_declaration_are_refused_while_they_are_read(
    family: dict[tuple[str, bool], Path], monkeypatch: pytest.MonkeyPatch, shared: bool, workers: bool
) -> None:
    """Failed before decision 222: such rows were read, converted and assembled whole (each a valid member row), at
    1,256 MB for a million. Now the floor of the family sheet counts each row past the 50th of its id, in this
    process and in a worker, and stops the reading at the row where the careful path's count passes the bound."""
    path = family["own", shared]
    assert careful_row(path, monkeypatch, workers) == (FAMILY_SHEET, OWN_PAST + BOUND)
    never_converted(monkeypatch, FAMILY_SHEET)
    error = reading_refused(path, workers)
    assert (error.code, error.exit_code, error.fields["limit"]) == ("too_many_problems", 2, BOUND)
    assert (error.fields["sheet"], int(error.fields["row"])) == (FAMILY_SHEET, OWN_PAST + BOUND)
    if not workers and shared:  # read as a stream here: stopped before the end
        assert 0 < _Held.most < FAMILY_ROWS // 2


@pytest.mark.usefixtures("_watched")
@pytest.mark.parametrize("shared", [True, False])
def test_family_rows_of_one_orphan_id_are_refused_in_a_worker(
    family: dict[tuple[str, bool], Path], monkeypatch: pytest.MonkeyPatch, shared: bool
) -> None:
    """A worker's floor has no declaration ids (decision 217): it counts no orphan, but the rows past the 50th of the
    id, at the careful path's row (which reports those in the reading of the family rows, the orphans after). Here
    the family part is far larger than the declarations part: this process reads the family sheet after the
    declarations (read_here; as shared strings too since decision 235) and counts the orphans too, in sheet order:
    50 rows sooner, as without workers."""
    path = family["orphan", shared]
    assert careful_row(path, monkeypatch, True) == (FAMILY_SHEET, ORPHAN_PAST + BOUND)
    never_converted(monkeypatch, FAMILY_SHEET)
    error = reading_refused(path, True)
    assert (error.fields["sheet"], int(error.fields["row"])) == (FAMILY_SHEET, ORPHAN_PAST + BOUND - MOST)


@pytest.mark.usefixtures("_watched")
@pytest.mark.parametrize("shared", [False, True])
def test_family_rows_of_many_orphan_ids_are_refused_while_they_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: bool
) -> None:
    """Failed before (a reviewer's finding on decision 222): 600 ids, none of the workbook's, each named by 50 rows, so
    no id passes the form's most; the family sheet was read whole in a worker (whose floor has no ids) and refused
    only when counted again once held (386 MB for a million rows). Where the declarations part is far smaller than
    the family part, this process reads the declarations, then the family sheet with their ids (decision 226's rule,
    extended to the family sheet). As shared strings (another program's layout; decision 235, failed before it: read
    whole in a worker, 386 MB for a million), this process reads the family sheet after the interests sheet where
    the declarations part is that much smaller, its floor taking their ids from the worker that reads them, as the
    interests sheet's does (decision 217)."""
    path = build_family(tmp_path / "family.xlsx", FAMILY_ROWS, orphan=True, shared=shared, per_id=MOST)

    def held_whole(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the family sheet was read whole, refused only once held")

    monkeypatch.setattr(reader_module, "count_held", held_whole)
    never_converted(monkeypatch, FAMILY_SHEET)
    error = reading_refused(path, True)
    assert (error.code, error.fields["limit"], error.fields["sheet"]) == ("too_many_problems", BOUND, FAMILY_SHEET)
    assert int(error.fields["row"]) == FIRST_ROW + 2 + BOUND  # every appended row an orphan, counted in order


@pytest.mark.usefixtures("_watched")
def test_family_rows_of_one_orphan_id_are_refused_here(
    family: dict[tuple[str, bool], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the ids (read here, without workers) the floor counts the first 50 rows as orphans too, in sheet order:
    it passes the bound 50 rows before the careful path, which reports the orphans last; both refuse the file."""
    path = family["orphan", True]
    assert careful_row(path, monkeypatch, False) == (FAMILY_SHEET, ORPHAN_PAST + BOUND)
    never_converted(monkeypatch, FAMILY_SHEET)
    error = reading_refused(path, False)
    assert (error.fields["sheet"], int(error.fields["row"])) == (FAMILY_SHEET, ORPHAN_PAST + BOUND - MOST)
    assert 0 < _Held.most < FAMILY_ROWS // 2


@pytest.mark.parametrize("workers", [False, True])
@pytest.mark.parametrize("named", ["own", "orphan"])
def test_family_rows_past_the_most_within_the_bound_are_reported_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: str, workers: bool
) -> None:
    """Below the bound the floor changes nothing: every row is read and reported; at exactly the careful path's
    count the file is read, one less refuses it at the row where that count passes it."""
    path = build_family(tmp_path / "family.xlsx", 600, named == "orphan")

    read = functools.partial(read_bounded, path, monkeypatch, workers)

    found = read(100_000)
    codes = Counter(p.code for p in found.problems)
    past = [p.row for p in found.problems if p.code == "family.too_many"]
    if named == "own":
        assert codes == {"family.too_many": 600 + 2 - MOST, "family.numbering": 1}
        assert past == list(range(OWN_PAST, FIRST_ROW + 2 + 600))
    else:
        assert codes == {"family.orphan": MOST, "family.too_many": 600 - MOST, "family.numbering": 1}
        assert past == list(range(ORPHAN_PAST, FIRST_ROW + 2 + 600))
    total = sum(codes.values())
    assert read(total).problems == found.problems
    with pytest.raises(TooManyProblems) as caught:
        read(total - 1)
    assert caught.value.fields["sheet"] in (FAMILY_SHEET, "")


def test_what_the_floor_counts_past_the_most_members_is_what_the_assembly_reports() -> None:
    """Each row that is not empty counts toward the rows of the id it names; past the 50th, one problem, unless the
    row is counted already (its relation); an id is compared as the converter reads it, a text never with another
    value (counted less, never more, than the careful path)."""
    keys = [c.key for c in layout(2, 2).sheets[FAMILY_SHEET]]
    relation = keys.index("relation")

    def row(declaration_id: object, said: object = "配偶") -> list[object]:
        values: list[object] = [declaration_id, "F1"] + [""] * (len(keys) - 2)
        values[relation] = said
        return values

    [floor] = floors_for((FAMILY_SHEET,)).values()
    floor.bound = 1_000
    rows = [
        ["headings"],
        keys,
        *[row("d1")] * MOST,  # the most: nothing
        row("d1"),  # one too many: one
        row("d1", "妻子"),  # one too many, its relation none of the form's: one, not two
        [],  # empty: not a row
        *[row("d2")] * (MOST - 1),
        row(7),  # "7" converted: another id than the text "d2"
        row("d2"),  # the 50th of "d2": nothing
        *[row(7)] * MOST,  # the 51st of 7: one
        row("7"),  # a text: never one id with the number, though the careful path reads both as "7": nothing
    ]
    floor(rows)
    assert floor.located is not None
    assert [c for _first, _positions, c in floor.located] == [[3, 0]]
