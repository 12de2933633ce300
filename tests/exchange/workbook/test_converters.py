"""The column converters of the reader give exactly what cells.parse(kind, cells.cell_text(kind, raw)) gives (the
same value or the same error) on ordinary and hostile cell values; interest and declaration rows built directly from
converted values equal those built through the domain's from_dict."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from desktop.domain.interests import BusinessInterest
from desktop.domain.officers import Officer
from desktop.exchange.workbook.cells import CellError, cell_text, parse
from desktop.exchange.workbook.columns import INTEREST_COLUMNS, Kind
from desktop.exchange.workbook.converters import clean, convert_column, converter
from desktop.exchange.workbook.rows import interest_from_row

RAW: list[object] = [
    None,
    "",
    " ",
    "\t\n",
    "是",
    " 否 ",
    "TRUE",
    "true",
    "=TRUE()",
    "=FALSE()",
    "FALSE",
    "false",
    "yes",
    "1",
    "12",
    "012",
    "123456789",
    "1234567890",
    "١٢",
    "²",
    "１２",
    "12.50",
    "1e3",
    "-0",
    "1,000",
    "nan",
    "Infinity",
    "2020-05-01",
    " 2020-05-01 ",
    "2020-5-1",
    "2020-02-30",
    "２０２０-０５-０１",
    "2020-05-01T00:00:00",
    "2026-11-21T09:30:00Z",
    "2026-11-21T09:30:00",
    "2026-13-21T09:30:00Z",
    "abc",
    "ABC:12.x-y_z",
    "a b",
    "a/b",
    "QUJD",
    "QUJD\n",
    "QUJ",
    "Q===",
    "@@@",
    "e\u0301",
    "line\r\nend\rx",
    "  张三  ",
    "A" * 50,
    "=1+2",
    "a\x0bb",
    "x\x7fy",
    "\x01",
    "12\x0b",
    "是\x00",
    "2020-05-01\x7f",
    "20261121",
    "+2020-05-01",
    "1\n2",
    "ab\ncd",
    True,
    False,
    0,
    1,
    12,
    1.0,
    12.5,
    1e20,
    float("nan"),
    -3,
    Decimal("1.5"),
    dt.date(2020, 5, 1),
    dt.datetime(2020, 5, 1, 8, 30),
    dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC),
    dt.time(8, 30),
    dt.timedelta(days=1),
    b"bytes",
]


def _outcome(function, raw: object) -> tuple[str, object]:
    try:
        return "value", function(raw)
    except CellError as exc:
        return "error", (exc.code, exc.expected)
    except Exception as exc:
        return "crash", type(exc)


@pytest.mark.parametrize("kind", list(Kind))
def test_converter_equals_parse_of_cell_text(kind: Kind) -> None:
    convert = converter(kind)
    for raw in RAW:
        expected = _outcome(lambda r: parse(kind, cell_text(kind, r)), raw)
        got = _outcome(convert, raw)
        if expected[0] == "value" and isinstance(expected[1], float):
            assert got[0] == "value", raw
            assert repr(got[1]) == repr(expected[1]), raw
        else:
            assert got == expected, raw
            assert type(got[1]) is type(expected[1]), raw


def test_clean_is_clean_text_and_idempotent() -> None:
    from desktop.domain.text import clean_text

    rng = random.Random(5)
    alphabet = [
        "a",
        "Z",
        "0",
        " ",
        "\t",
        "\n",
        "\r",
        "\r\n",
        "e\u0301",
        "\u0301",
        "张",
        "\u3000",
        "Å",
        "A\u030a",
        "\x0b",
        "\x7f",
        "\x00",
    ]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert clean(text) == clean_text(text)
        assert clean(clean(text)) == clean(text)


#: Cells typical of each kind as exported, to make columns that take the whole-column way.
TYPICAL: dict[Kind, list[str]] = {
    Kind.TEXT: ["张三", "福州金鑫KTV", "", "a b", "经核对，填报属实。", "第一行\n第二行", "=1+1", "Å"],
    Kind.WORD: ["配偶", "股东", "经营中", ""],
    Kind.WORDS: ["股东\n法定代表人", "出资人", ""],
    Kind.IDENTIFIER: ["110101199003070011", "11010119900307001X", "000123", "", "5647:5aa7:5463", "1311.2_a-b"],
    Kind.YES_NO: ["是", "否"],
    Kind.DECIMAL: ["", "20", "12.5", "100", "0", "1,000"],
    Kind.DATE: ["", "2020-05-01", "2019-12-31"],
    Kind.TIME: ["", "2026-11-21T09:30:00Z"],
    Kind.INTEGER: ["1", "2", "123456789"],
    Kind.BASE64: ["", "QUJD", "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="],
}


@pytest.mark.parametrize("kind", list(Kind))
def test_whole_column_equals_cell_by_cell(kind: Kind) -> None:
    """convert_column gives each cell's converter value, or None (then the reader goes cell by cell); typical
    columns take the whole-column way, and one odd cell anywhere sends the column the cell-by-cell way."""
    convert = converter(kind)
    rng = random.Random(kind.value)
    typical = TYPICAL[kind]
    assert convert_column(kind, []) == []
    for trial in range(400):
        column: list[object] = [rng.choice(typical) for _ in range(rng.randint(1, 12))]
        if trial % 2:
            column[rng.randrange(len(column))] = rng.choice(RAW)
        outcomes = [_outcome(convert, raw) for raw in column]
        got = convert_column(kind, column)
        if trial % 2 == 0:
            assert got is not None, column  # typical columns are converted whole
        if got is not None:
            assert all(o[0] == "value" for o in outcomes), column
            assert [(type(v), v) for v in got] == [(type(o[1]), o[1]) for o in outcomes], column


def _interest_row(rng: random.Random) -> dict[str, object]:
    texts = ["", "张三", "ab", "x\ny", "91110000MA01ABCD1X", "110101199003070011", "11010119900307001x"]
    row: dict[str, object] = {}
    for column in INTEREST_COLUMNS:
        convert = converter(column.kind)
        if column.kind is Kind.WORD:
            from desktop.exchange.vocabulary import QUESTION_WORDS, RELATION_WORDS, ROLE_WORDS, STATUS_WORDS

            words = {
                "question": QUESTION_WORDS,
                "relation": RELATION_WORDS,
                "role": ROLE_WORDS,
                "status": STATUS_WORDS,
            }[column.key]
            member = rng.choice(list(words))
            raw: object = rng.choice([words[member], member.value])
        elif column.kind is Kind.YES_NO:
            raw = rng.choice(["是", "否", True, False])
        elif column.kind is Kind.DECIMAL:
            raw = rng.choice(["", "12.50", "0", "1E+3", 7, 2.5])
        elif column.kind is Kind.DATE:
            raw = rng.choice(["", "2020-05-01", dt.date(2019, 1, 2), dt.datetime(2018, 3, 4)])
        elif column.kind is Kind.INTEGER:
            raw = str(rng.randint(1, 9))
        elif column.kind is Kind.IDENTIFIER:
            raw = rng.choice(["", "ab", "91110000MA01ABCD1X", "110101199003070011", "11010119900307001x"])
        else:
            raw = rng.choice(texts)
        row[column.key] = convert(raw)
    return row


def test_interest_rows_built_directly_equal_from_dict() -> None:
    from desktop.domain.interests import InterestRole, InterestStatus
    from desktop.domain.questions import Question, Relation
    from desktop.exchange.vocabulary import QUESTION_WORDS, RELATION_WORDS, ROLE_WORDS, STATUS_WORDS, word_to_member

    rng = random.Random(11)
    for _ in range(500):
        row = _interest_row(rng)
        reference = BusinessInterest.from_dict(
            {
                **row,
                "question": word_to_member(Question, QUESTION_WORDS, str(row["question"])).value,
                "relation": word_to_member(Relation, RELATION_WORDS, str(row["relation"])).value,
                "role": word_to_member(InterestRole, ROLE_WORDS, str(row["role"])).value,
                "status": word_to_member(InterestStatus, STATUS_WORDS, str(row["status"])).value,
            }
        )
        built = interest_from_row(row)
        assert built == reference
        assert built.to_dict() == reference.to_dict()
        partial = {k: v for k, v in row.items() if k != "note"}
        assert interest_from_row(partial) == reference.with_changes(note="")


def test_unknown_words_are_refused_with_the_column() -> None:
    rng = random.Random(3)
    row = _interest_row(rng) | {"relation": "邻居"}
    with pytest.raises(ValueError, match=r"^relation: "):
        interest_from_row(row)


def test_officer_built_directly_equals_from_dict() -> None:
    from desktop.exchange.workbook.rows import signed_from_rows

    row = {
        "police_number": "000123",
        "name": "张三",
        "id_number": "11010119900307001X",
        "unit_code": "1311",
        "position": "科员",
        "rank_level": "",
        "is_leadership_member": True,
        "is_unit_head": False,
        "is_division_level": False,
        "campaign_id": "c" * 32,
        "unit_name": "清河",
        "remarks": "",
        "acknowledged_warnings": "",
    }
    officer = signed_from_rows(row, []).declaration.officer
    assert officer == Officer.from_dict(row)
