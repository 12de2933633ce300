"""The Findings tab's data, with nothing changed since the last review run, is read back as kept with the run (issue
16: a listing with nothing changed answers from the stored run), and equals what the run itself gives; conclusions,
leads and keys are read afresh at every load."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.gui.inspector.findings.data import KEPT_KEY, REASON, RULE, load_findings
from desktop.i18n import Translator
from desktop.services.inspection.conclusions import conclude
from desktop.services.inspection.kept_columns import KeptColumns, pack
from desktop.services.inspection.review import set_threshold
from desktop.store import schema
from tests.gui.test_inspector_findings import inspector, reviewed_store  # noqa: F401  (fixtures)

MARK = "KEPT-TAB"


def _mark_the_kept_tab(session, language: str) -> None:
    table = schema.review_listings
    key = KEPT_KEY.format(language=language)
    with session.store.transaction() as connection:
        run_id, packed = connection.execute(
            select(table.c.run_id, table.c.content).where(table.c.language == key)
        ).one()
        kept = KeptColumns(packed)
        reasons = f"row.{REASON}."  # in pages: row.8.0, row.8.1 …
        packed = pack(
            kept.scalars,
            {
                name: [MARK] * len(kept.column(name)) if name.startswith(reasons) else kept.column(name)
                for name in kept.names
            },
        )
        connection.execute(
            table.update().where(table.c.run_id == run_id, table.c.language == key).values(content=packed)
        )


def test_the_kept_tab_data_equals_what_the_run_gives(inspector) -> None:  # noqa: F811
    translate = Translator("zh_CN")
    first = load_findings(inspector, translate)
    again = load_findings(inspector, translate)
    assert len(first.rows) > 10
    assert set(first.details) == {row[9] for row in first.rows}
    assert again == first
    _mark_the_kept_tab(inspector, "zh_CN")
    assert {row[REASON] for row in load_findings(inspector, translate).rows} == {MARK}
    assert MARK not in {row[REASON] for row in load_findings(inspector, Translator("en")).rows}


def test_a_conclusion_shows_at_once_and_a_new_threshold_reviews_again(inspector) -> None:  # noqa: F811
    translate = Translator("zh_CN")
    first = load_findings(inspector, translate)
    _mark_the_kept_tab(inspector, "zh_CN")
    detail = next(d for d in first.details.values() if d.reference and not d.conclusion)
    conclude(inspector, detail.reference, kind="omission", note="漏报一处")
    again = load_findings(inspector, translate)
    assert {row[REASON] for row in again.rows} == {MARK}  # from the kept tab
    assert "漏报一处" in again.details[detail.subject].conclusion
    set_threshold(inspector, 45)
    changed = load_findings(inspector, translate)
    assert changed.threshold == 45
    assert MARK not in {row[REASON] for row in changed.rows}


def test_a_tab_kept_by_an_older_version_is_built_again_with_days_in_the_window_s_form(inspector) -> None:  # noqa: F811
    """Decision 119: the tab kept with the run in the old format (ISO days in the reasons) is not shown; the one
    built again writes the late signature's days as the window writes dates, and is kept in its place."""
    import re

    translate = Translator("zh_CN")
    load_findings(inspector, translate)
    _mark_the_kept_tab(inspector, "zh_CN")
    table = schema.review_listings
    key = KEPT_KEY.format(language="zh_CN")
    with inspector.store.transaction() as connection:
        connection.execute(table.update().where(table.c.language == key).values(format=1))

    rebuilt = load_findings(inspector, translate)

    late = [row[REASON] for row in rebuilt.rows if row[RULE] == "late_signature"]
    assert late
    assert MARK not in {row[REASON] for row in rebuilt.rows}
    assert all(re.search(r"\d{4}年\d{1,2}月\d{1,2}日", r) and not re.search(r"\d{4}-\d{2}-\d{2}", r) for r in late)
    assert load_findings(inspector, translate) == rebuilt  # kept again, in the new format


@pytest.mark.parametrize("page", [7, 500])
def test_the_table_shows_the_kept_rows_as_it_shows_the_review_s_with_every_filter_and_order(
    qtbot,
    inspector,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    page: int,
) -> None:
    """The kept rows come in the table's first order and are shown without sorting them again (decision 168): what
    the table shows, filtered and sorted by any column either way, equals what it shows of the rows the review gives
    (sorted by the model, as before)."""
    from PySide6.QtCore import Qt

    from desktop.gui.inspector.findings import kept_view
    from desktop.gui.inspector.findings.data import SCORE, UNIT
    from desktop.gui.inspector.findings.kept_view import KeptRows
    from desktop.gui.inspector.findings.model import COLUMNS, FindingsTableModel

    monkeypatch.setattr(kept_view, "PAGE", page)  # kept in pages of 7 rows: a row on every page is read
    translate = Translator("zh_CN")
    first = load_findings(inspector, translate)
    kept = load_findings(inspector, translate)
    assert isinstance(kept.rows, KeptRows)
    assert len(kept.rows) == len(first.rows) > 3 * min(page, 15)
    table = schema.review_listings
    with inspector.store.transaction() as connection:
        packed = connection.execute(
            select(table.c.content).where(table.c.language == KEPT_KEY.format(language="zh_CN"))
        ).scalar_one()
    pages = [name for name in KeptColumns(packed).names if name.startswith(f"row.{REASON}.")]
    assert len(pages) == -(-len(first.rows) // page)
    assert list(kept.rows) == [kept.rows[i] for i in range(len(kept.rows))] == list(first.rows)
    assert kept.rows[-1] == first.rows[-1]
    assert kept.rows[1:4] == tuple(first.rows[1:4])
    assert len(kept.details) == len(first.details) > 2 * min(page, 10)
    assert dict(kept.details.items()) == dict(first.details.items())  # each detail from its pages
    assert not isinstance(first.rows, KeptRows)
    reviewed = list(first.rows)
    assert reviewed == sorted(reviewed, key=lambda r: (r[SCORE], r[3], r[1]), reverse=True)  # the first order
    fresh, quick = FindingsTableModel(), FindingsTableModel()
    unit = sorted({row[UNIT] for row in reviewed})[-1]
    scores = sorted({row[SCORE] for row in reviewed})
    filters = [
        (None, None, 0, ""),
        (unit, None, 0, ""),
        (None, "late_signature", 0, ""),
        (None, None, scores[len(scores) // 2], ""),
        (None, None, 0, reviewed[0][4][:1]),
    ]
    orders = [(0, Qt.SortOrder.DescendingOrder), (0, Qt.SortOrder.AscendingOrder)]
    orders += [(column, Qt.SortOrder.AscendingOrder) for column in range(1, len(COLUMNS))]
    for chosen in filters:
        fresh.set_rows(tuple(reviewed), first.unit_scope, chosen)  # sorted by the model, as before
        quick.set_rows(kept.rows, kept.unit_scope, chosen, in_first_order=True)
        for column, order in orders:
            fresh.sort(column, order)
            quick.sort(column, order)
            shown = [fresh.row(i) for i in range(fresh.rowCount())]
            assert shown, (chosen, column, order)
            assert [quick.row(i) for i in range(quick.rowCount())] == shown, (chosen, column, order)
            last = shown[-1][9]  # a subject's first row shown, found in the rows alone
            assert quick.first_row_of(last) == fresh.first_row_of(last) == [r[9] for r in shown].index(last)
        fresh.sort(0, Qt.SortOrder.DescendingOrder)
        quick.sort(0, Qt.SortOrder.DescendingOrder)
