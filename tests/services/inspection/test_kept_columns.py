"""Kept columns (a view kept with a review run, each column compressed on its own) give back exactly what was kept,
one column at a time, and refuse bytes of another layout or cut short."""

from __future__ import annotations

import pytest

from desktop.services.inspection.kept_columns import DamagedKeptColumns, KeptColumns, pack

COLUMNS = {
    "reason": ["已申报 \u200b 企业「甲」", "", "line\nbreak", "\x00 nul and \ud7ff", "e\u0301"],
    "score": [0, 100, -1, 2**40, 7],
    "cleared": [True, False, True, False, True],
    "declaration_id": [None, "a" * 32, None, "", "b"],
    "empty": [],
}


def test_every_column_comes_back_exactly() -> None:
    packed = pack({"declarations": 5, "campaign": "年度 2026", "flagged": 2}, COLUMNS)
    kept = KeptColumns(packed)
    assert kept.scalars == {"declarations": 5, "campaign": "年度 2026", "flagged": 2}
    assert kept.names == list(COLUMNS)
    for name, values in COLUMNS.items():
        assert kept.column(name) == values
        assert [type(v) for v in kept.column(name)] == [type(v) for v in values]


def test_a_column_is_decoded_only_when_asked_for() -> None:
    kept = KeptColumns(pack({}, COLUMNS))
    kept.column("score")
    assert set(kept._decoded) == {"score"}
    assert kept.column("score") is kept.column("score")
    with pytest.raises(KeyError):
        kept.column("no such column")


@pytest.mark.parametrize(
    "damage",
    [
        lambda packed: b'{"reason": []}',  # the earlier layout: one JSON document
        lambda packed: packed[:8],
        lambda packed: packed[:-10],
        lambda packed: packed[:-30] + b"x" * 30,
    ],
)
def test_other_or_damaged_bytes_are_refused(damage) -> None:
    packed = pack({"n": 1}, {"reason": ["x" * 200] * 50, "score": list(range(50))})

    def read_all() -> None:
        kept = KeptColumns(damage(packed))
        for name in kept.names:
            kept.column(name)

    with pytest.raises(DamagedKeptColumns):
        read_all()


def test_a_kept_text_comes_back_exactly_beside_the_columns() -> None:
    text = "! 100  规则  000001 张三  131101  d34e4f0ca5d0  理由\n  10  other\u200b\r\n" * 3
    kept = KeptColumns(pack({"n": 1}, {"score": [1, 2]}, {"lines": text, "empty": ""}))
    assert kept.text("lines") == text
    assert kept.text("empty") == ""
    assert kept.column("score") == [1, 2]
    with pytest.raises(KeyError):
        kept.text("score")  # a column is not a text
