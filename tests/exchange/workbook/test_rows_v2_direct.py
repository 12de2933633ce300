"""Form version 2's interest and family rows built directly from converted cells (rows_v2.interest_from_row_v2,
member_from_row) give exactly what the domain's from_dict gives (the way they were read before: the reference
below), or the same error naming the same column: on rows of generated cells of every kind, hostile text, words and
codes, repeated and blank roles, and rows that lost cells to problems."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from desktop.domain.family import FamilyMember
from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.questions import Question, Relation
from desktop.exchange.vocabulary import QUESTION_WORDS, RELATION_WORDS, ROLE_WORDS, STATUS_WORDS, word_to_member
from desktop.exchange.workbook.converters import converter
from desktop.exchange.workbook.rows_v2 import interest_from_row_v2, member_from_row
from desktop.form import form_for

Row = dict[str, object]

_WORDS = {"question": QUESTION_WORDS, "relation": RELATION_WORDS, "status": STATUS_WORDS}
_KINDS = {"question": Question, "relation": Relation, "status": InterestStatus}
TEXTS = [
    "",
    "张三",
    "  padded  ",
    "x\r\ny",
    "a\x0bb",
    "e\u0301",
    "Å",
    "ß",
    "abc",
    "\u2028",
    "lone \ud800",
    "110101199003070011",
    "11010119900307001x",
    "F1",
    "=1+1",
]
RAWS: list[object] = [None, 7, 2.5, True, dt.date(2020, 1, 2), dt.datetime(2020, 1, 2, 3, 4), b"x"]
AMOUNTS: list[object] = ["", "12.50", "0", "-0", "1E+3", "1,000", "1E+400", "NaN", "abc", 7, 2.5]
DATES: list[object] = ["", "2020-05-01", "2020-02-30", "2020-W01-1", dt.date(2019, 1, 2), dt.datetime(2018, 3, 4)]


def _code(kind: type, words: dict, text: str, key: str) -> str:  # type: ignore[type-arg]
    try:
        return str(word_to_member(kind, words, text).value)
    except ValueError as exc:
        raise ValueError(f"{key}: {exc}") from None


def reference_interest(row: Row) -> BusinessInterest:
    """interest_from_row_v2 as it was: every row through BusinessInterest.from_dict."""
    roles = [
        _code(InterestRole, ROLE_WORDS, word.strip(), "roles")
        for word in str(row.get("roles") or "").split("\n")
        if word.strip()
    ]
    return BusinessInterest.from_dict(
        {
            **row,
            **{key: _code(_KINDS[key], _WORDS[key], str(row.get(key) or ""), key) for key in _WORDS},
            "roles": roles,
        }
    )


def reference_member(row: Row) -> FamilyMember:
    return FamilyMember.from_dict(
        {**row, "relation": _code(Relation, RELATION_WORDS, str(row.get("relation") or ""), "relation")}
    )


def _word(rng: random.Random, words: dict) -> object:  # type: ignore[type-arg]
    member = rng.choice(list(words))
    if rng.random() < 0.85:
        return rng.choice([words[member], member.value, f" {words[member]} "])
    return rng.choice(["邻居", "", None, 3])


def _roles(rng: random.Random) -> object:
    picked = [rng.choice([*ROLE_WORDS.values(), *(r.value for r in InterestRole)]) for _ in range(rng.randint(0, 4))]
    if rng.random() < 0.3 and picked:
        picked.append(picked[0])  # a role twice
    if rng.random() < 0.2:
        picked.insert(rng.randint(0, len(picked)), rng.choice(["", "  ", "董事长"]))
    return rng.choice(["\n".join(picked), "\r\n".join(picked), None])


def _raw(rng: random.Random, key: str, kind: str) -> object:
    if key in _WORDS:
        return _word(rng, _WORDS[key])
    if key == "roles":
        return _roles(rng)
    if kind == "yes_no":
        return rng.choice(["是", "否", True, False, "", None, "maybe"])
    if kind == "decimal":
        return rng.choice(AMOUNTS)
    if kind == "date":
        return rng.choice(DATES)
    if kind == "integer":
        return rng.choice(["1", "2", "x"])
    return rng.choice(TEXTS + RAWS) if rng.random() < 0.3 else rng.choice(TEXTS[:10])


def _row(rng: random.Random, columns: tuple) -> Row:  # type: ignore[type-arg]
    """A row as convert_records gives it: each cell converted by its column's converter; a cell that does not
    convert is left out (the reader reports it as a problem and the row is read without it)."""
    row: Row = {}
    for column in columns:
        try:
            row[column.key] = converter(column.kind)(_raw(rng, column.key, column.kind.value))
        except ValueError:
            continue
    if rng.random() < 0.05:
        row.pop(rng.choice(list(row)), None)
    return row


def _same(built: object, reference: object) -> None:
    assert built == reference
    assert type(built) is type(reference)
    if isinstance(built, BusinessInterest):
        assert built.to_dict(2) == reference.to_dict(2)  # type: ignore[union-attr]
        assert built.to_dict(1) == reference.to_dict(1)  # type: ignore[union-attr]
        for name in ("share_percent", "capital_wan", "income_wan", "registered_capital_wan", "start_date", "end_date"):
            assert repr(getattr(built, name)) == repr(getattr(reference, name)), name


def _outcome(read: object, row: Row) -> tuple[str, object]:
    try:
        return "value", read(row)  # type: ignore[operator]
    except ValueError as exc:
        return "error", str(exc)


@pytest.mark.parametrize("seed", range(4))
def test_interest_rows_built_directly_equal_from_dict(seed: int) -> None:
    rng = random.Random(seed)
    columns = form_for(2).interest_columns
    direct = 0
    for _ in range(600):
        row = _row(rng, columns)
        got, expected = _outcome(interest_from_row_v2, row), _outcome(reference_interest, row)
        assert got[0] == expected[0], row
        if got[0] == "value":
            _same(got[1], expected[1])
            direct += 1
        else:
            assert got[1] == expected[1], row  # the same column named, the same reason
    assert direct > 100


def test_an_interest_row_with_a_role_cell_or_odd_values_takes_from_dict() -> None:
    rng = random.Random(5)
    columns = form_for(2).interest_columns
    for _ in range(200):
        row = _row(rng, columns)
        for changes in (
            {"role": "股东"},
            {"role": None},
            {"capital_wan": 7},
            {"start_date": dt.datetime(2020, 1, 2)},
            {"within_jurisdiction": None},
            {"holder_name": None},
            {"registered_capital_wan": Decimal("1E+3")},
        ):
            changed = row | changes
            got, expected = _outcome(interest_from_row_v2, changed), _outcome(reference_interest, changed)
            assert got[0] == expected[0], changed
            if got[0] == "value":
                _same(got[1], expected[1])
            else:
                assert got[1] == expected[1], changed


@pytest.mark.parametrize("seed", range(3))
def test_family_rows_built_directly_equal_from_dict(seed: int) -> None:
    rng = random.Random(100 + seed)
    columns = form_for(2).family_columns
    direct = 0
    for _ in range(600):
        row = _row(rng, columns)
        if rng.random() < 0.5:  # most members are plain
            row["relation"] = rng.choice([*RELATION_WORDS.values(), *(r.value for r in Relation)])
        got, expected = _outcome(member_from_row, row), _outcome(reference_member, row)
        assert got[0] == expected[0], row
        if got[0] == "value":
            _same(got[1], expected[1])
            direct += 1
        else:
            assert got[1] == expected[1], row
    assert direct > 100


def test_the_first_unreadable_word_is_the_one_named() -> None:
    """Several bad cells: the roles are named first, then question, relation and status, as before."""
    rng = random.Random(9)
    row = _row(rng, form_for(2).interest_columns)
    bad = row | {"roles": "董事长", "question": "x", "relation": "y", "status": "z"}
    for key in ("roles", "question", "relation", "status"):
        with pytest.raises(ValueError, match=rf"^{key}: ") as raised:
            interest_from_row_v2(bad)
        with pytest.raises(ValueError, match=rf"^{key}: ") as expected:
            reference_interest(bad)
        assert str(raised.value) == str(expected.value)
        bad = bad | {
            key: {"roles": "shareholder", "question": "own_business", "relation": "self", "status": "operating"}[key]
        }


def reference_with_form_v2(signed: object, row: Row, form: object, members: list[FamilyMember]) -> object:
    """with_form_v2 as it was: dataclasses.replace of the version 1 reading."""
    import dataclasses

    from desktop.domain.officers import PoliticalStatus
    from desktop.exchange.vocabulary import POLITICAL_STATUS_WORDS
    from desktop.exchange.workbook.rows import later_answers_from_row

    declaration = signed.declaration  # type: ignore[attr-defined]
    text = str(row.get("political_status") or "")
    status = PoliticalStatus(_code(PoliticalStatus, POLITICAL_STATUS_WORDS, text, "political_status")) if text else None
    officer = dataclasses.replace(declaration.officer, political_status=status, mobile=str(row.get("mobile") or ""))
    answers = dict(declaration.answers)
    answers.update(later_answers_from_row(row, form))  # type: ignore[arg-type]
    changed = declaration.with_changes(
        answers=answers,
        form_version=form.number,
        officer=officer,
        family_members=tuple(members),  # type: ignore[attr-defined]
    )
    return dataclasses.replace(signed, declaration=changed)  # type: ignore[type-var]


def test_a_declaration_made_form_2_field_by_field_equals_the_replaced_one() -> None:
    """with_form_v2 builds the declaration and officer field by field: every field of a record with each field set
    (none at its default) is carried, and the personal part read as before (words, codes, errors)."""
    import dataclasses

    from desktop.domain.officers import Officer, PoliticalStatus
    from desktop.domain.signed import Countersignature, OfficerSignature, SignedDeclaration
    from desktop.exchange.vocabulary import POLITICAL_STATUS_WORDS
    from desktop.exchange.workbook.rows_v2 import with_form_v2
    from tests.domain.builders import declaration, officer

    full_officer = officer(is_leadership_member=True, is_unit_head=True, is_division_level=True)
    assert {f.name for f in dataclasses.fields(Officer)} - {"political_status", "mobile"} <= {
        name for name, value in full_officer.to_dict().items() if value not in ("", False)
    }
    base = declaration(
        officer=full_officer, acknowledged_warnings=("a:b",), remarks="r", form_version=1, family_members=()
    )
    signed = SignedDeclaration(
        base,
        OfficerSignature("d" * 32, 2, "a" * 64, "f", "2026-11-21T09:30:00Z", b"s" * 64),
        Countersignature(b"k" * 32, "o", "g", "2026-11-22T09:30:00Z", b"c" * 64, payload_format=2, supersedes="x"),
    )
    members = [FamilyMember("F1", Relation.SPOUSE, "张丽", "220402199001011234")]
    form = form_for(2)
    words = list(POLITICAL_STATUS_WORDS.values())
    for status in ["", None, *words, *(s.value for s in PoliticalStatus), "群众 ", "unknown"]:
        for mobile in ("", None, "13900000000"):
            row: Row = {"political_status": status, "mobile": mobile}
            got, expected = (
                _outcome(lambda r: with_form_v2(signed, r, form, members), row),
                _outcome(lambda r: reference_with_form_v2(signed, r, form, members), row),
            )
            assert got == expected, row
