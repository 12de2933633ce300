"""The inspectors' page over a real demo store and real exported workbooks: importing many files (file dialog and
drag and drop) with a report per file, a tampered copy flagged in the table, a refused file's problems located,
password-protected files, cancelling between files, and the detail of one declaration."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QInputDialog, QLineEdit, QPushButton, QTreeWidget
from sqlalchemy import func, select

from desktop.crypto.verification import OFFICER, SignatureFailure
from desktop.exchange.problems import more_problems
from desktop.gui.inspector.detail_view import InspectorDetail
from desktop.gui.inspector.page import InspectorPage
from desktop.gui.inspector.table_data import POLICE_NUMBER, STATE, WORKBOOK
from desktop.gui.inspector.table_model import ROW_ID_ROLE, STATE_ROLE
from desktop.i18n import Translator
from desktop.services.inspection.views import RowState
from desktop.services.workflow.export import export_unit
from desktop.store import schema
from tests.exchange.workbook.cells import cell_of
from tests.gui import test_head_fixtures as support
from tests.gui.test_head_fixtures import INSPECTOR, ReviewWorld, show

review_template, review_world, page_context = support.review_template, support.review_world, support.page_context

LEFT = Qt.MouseButton.LeftButton
ZH = Translator("zh_CN")
FORGED_NAME = "张三"


@pytest.fixture
def inspector_page(qtbot, review_world: ReviewWorld, page_context) -> InspectorPage:
    page = InspectorPage(page_context(review_world.login(INSPECTOR)))
    show(qtbot, page)
    return page


def tampered_copy(source: Path, folder: Path) -> Path:
    """The workbook with one signed cell edited (the first officer's name), saved by openpyxl."""
    workbook = openpyxl.load_workbook(source)
    sheet = workbook["情况登记表"]
    sheet[cell_of(sheet, "name", 3)] = FORGED_NAME
    target = folder / f"tampered-{source.name}"
    workbook.save(target)
    return target


def import_with_dialog(qtbot, page: InspectorPage, monkeypatch, files: list[Path]) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(f) for f in files], ""))
    qtbot.mouseClick(page.findChild(QPushButton, "importButton"), LEFT)
    wait_for_import(qtbot, page)


def wait_for_import(qtbot, page: InspectorPage) -> None:
    qtbot.waitUntil(lambda: not page.batch.running, timeout=60_000)
    qtbot.waitUntil(lambda: not page.loading, timeout=15_000)


def table_rows(page: InspectorPage) -> list[dict[str, object]]:
    model = page.model
    return [
        {
            "police_number": model.index(r, POLICE_NUMBER).data(),
            "state": model.index(r, STATE).data(STATE_ROLE),
            "workbook": model.index(r, WORKBOOK).data(),
            "row_id": model.index(r, STATE).data(ROW_ID_ROLE),
        }
        for r in range(model.rowCount())
    ]


def workbooks_in_store(world: ReviewWorld) -> int:
    with world.sessions[0].store.transaction() as connection:
        return connection.execute(select(func.count()).select_from(schema.imported_workbooks)).scalar_one()


def test_an_exported_and_a_tampered_workbook_import_and_the_tampered_declaration_is_flagged(
    qtbot, inspector_page, review_world, monkeypatch, tmp_path
):
    good = review_world.template.workbooks[0]
    tampered = tampered_copy(good, tmp_path)
    import_with_dialog(qtbot, inspector_page, monkeypatch, [good, tampered])

    report = inspector_page.findChild(QTreeWidget, "importReport")
    assert inspector_page.report.outcomes() == {good.name: "imported", tampered.name: "flagged"}
    assert report.topLevelItemCount() == 2
    rows = table_rows(inspector_page)
    from_good = [r for r in rows if r["workbook"] == good.name]
    from_tampered = [r for r in rows if r["workbook"] == tampered.name]
    assert from_good
    assert len(from_good) == len(from_tampered)
    assert all(r["state"] == RowState.VALID for r in from_good)
    forged = [r for r in from_tampered if r["state"] == RowState.OFFICER]
    assert len(forged) == 1  # the edited declaration: its officer's signature fails
    # the others are intact, but came in a workbook that no longer verifies as a whole
    assert all(r["state"] == RowState.BATCH for r in from_tampered if r is not forged[0])
    assert rows[0] == forged[0]  # sorted by state: what fails first
    tooltip = inspector_page.model.index(0, STATE).data(Qt.ItemDataRole.ToolTipRole)
    assert SignatureFailure(OFFICER, "officer.signature_invalid").render(ZH) in tooltip  # the reason, in Chinese


def test_the_detail_names_each_signatures_state_and_reason(qtbot, inspector_page, review_world, monkeypatch, tmp_path):
    good = review_world.template.workbooks[0]
    import_with_dialog(qtbot, inspector_page, monkeypatch, [good, tampered_copy(good, tmp_path)])
    index = inspector_page.model.index(0, POLICE_NUMBER)
    rect = inspector_page.table.visualRect(index)
    qtbot.mouseClick(inspector_page.table.viewport(), LEFT, pos=rect.center())
    qtbot.mouseDClick(inspector_page.table.viewport(), LEFT, pos=rect.center())

    detail = inspector_page.detail
    assert isinstance(detail, InspectorDetail)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=15_000)
    states = detail.signature_states(detail.detail)
    assert states["officer"] == [SignatureFailure(OFFICER, "officer.signature_invalid").render(ZH)]
    assert states["countersignature"]  # it covers the officer's payload, so it fails too
    assert states["batch"]
    shown = detail.text.toPlainText()
    assert FORGED_NAME in shown  # what the workbook says now
    assert "Officer's signature" in shown
    assert "Batch signature and workbook" in shown
    assert detail.detail.also_in  # the same declaration came in the untouched workbook too


def test_workbooks_dropped_on_the_page_are_imported(qtbot, inspector_page, review_world):
    files = review_world.template.workbooks[:2]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files] + [QUrl.fromLocalFile("/etc/hostname")])
    with warnings.catch_warnings():  # PySide marks Qt's only QDragEnterEvent constructor as deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(40, 40), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(inspector_page, enter)  # dragged over the page: it accepts .xlsx files
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(40, 40), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(inspector_page, drop)
    assert drop.isAccepted()
    wait_for_import(qtbot, inspector_page)

    assert inspector_page.report.outcomes() == {f.name: "imported" for f in files}
    assert {r["workbook"] for r in table_rows(inspector_page)} == {f.name for f in files}


def test_a_workbook_imported_again_is_reported_as_already_imported(
    qtbot, inspector_page, review_world, monkeypatch, tmp_path
):
    good = review_world.template.workbooks[0]
    copy = Path(shutil.copy(good, tmp_path / "copy.xlsx"))
    import_with_dialog(qtbot, inspector_page, monkeypatch, [good, copy])

    assert inspector_page.report.outcomes() == {good.name: "imported", copy.name: "already"}
    assert workbooks_in_store(review_world) == 1


def test_a_workbook_whose_batch_signer_is_not_trusted_says_so_in_the_report(
    qtbot, inspector_page, review_world, monkeypatch
):
    """Issue 12, finding 1: the window's import summary says that the batch signer is untrusted, as the CLI does."""
    good = review_world.template.workbooks[0]
    import_with_dialog(qtbot, inspector_page, monkeypatch, [good])

    report = inspector_page.findChild(QTreeWidget, "importReport")
    item = report.topLevelItem(0)
    lines = [item.child(i) for i in range(item.childCount())]
    (signer,) = [c for c in lines if c.data(0, Qt.ItemDataRole.UserRole) == "untrusted_signer"]
    assert "no inspector has confirmed as trusted" in signer.text(1) or "未经纪检组确认可信" in signer.text(1)
    assert item.isExpanded()


def test_a_refused_workbook_reports_its_problems_by_sheet_and_cell_and_imports_nothing(
    qtbot, inspector_page, review_world, monkeypatch, tmp_path
):
    workbook = openpyxl.load_workbook(review_world.template.workbooks[0])
    sheet = workbook["情况登记表"]
    id_cell = cell_of(sheet, "id_number", 3)
    sheet[id_cell] = int(sheet[id_cell].value[:17])  # an ID number as a number
    broken = tmp_path / "broken.xlsx"
    workbook.save(broken)
    import_with_dialog(qtbot, inspector_page, monkeypatch, [broken])

    assert inspector_page.report.outcomes() == {broken.name: "refused"}
    item = inspector_page.report.topLevelItem(0)
    problems = [item.child(n).text(1) for n in range(item.childCount())]
    assert any("情况登记表" in text and id_cell in text for text in problems)
    assert workbooks_in_store(review_world) == 0
    assert inspector_page.model.rowCount() == 0


def test_a_password_protected_workbook_is_imported_with_the_file_password(
    qtbot, inspector_page, review_world, monkeypatch, tmp_path
):
    protected = tmp_path / "protected.xlsx"
    export_unit(review_world.login(review_world.head), protected, password="Lantern-Kaiju-9034")
    asked: list[str] = []

    def answer(parent, title, label, echo, *args, **kwargs):
        asked.append(label)
        assert echo == QLineEdit.EchoMode.Password
        return "Lantern-Kaiju-9034", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    import_with_dialog(qtbot, inspector_page, monkeypatch, [protected])
    wait_for_import(qtbot, inspector_page)  # the second batch, with the password

    assert len(asked) == 1
    assert inspector_page.report.outcomes() == {protected.name: "imported"}
    assert workbooks_in_store(review_world) == 1


def test_filter_by_text_and_state_and_sort_in_the_model(qtbot, inspector_page, review_world, monkeypatch, tmp_path):
    files = list(review_world.template.workbooks)
    tampered = tampered_copy(files[0], tmp_path)
    import_with_dialog(qtbot, inspector_page, monkeypatch, [*files, tampered])
    rows = table_rows(inspector_page)
    total = len(rows)
    filter_edit = inspector_page.findChild(QLineEdit, "filterEdit")
    states = inspector_page.findChild(QComboBox, "stateFilter")

    one = rows[-1]["police_number"]
    qtbot.keyClicks(filter_edit, one)
    assert {r["police_number"] for r in table_rows(inspector_page)} == {one}
    filter_edit.clear()
    assert inspector_page.model.rowCount() == total

    qtbot.keyClicks(filter_edit, tampered.stem[:12].upper())  # case does not matter
    assert {r["workbook"] for r in table_rows(inspector_page)} == {tampered.name}
    filter_edit.clear()

    states.setCurrentIndex(states.findText("Not valid"))
    flagged = table_rows(inspector_page)
    assert flagged
    assert all(r["state"] != RowState.VALID for r in flagged)
    assert {r["workbook"] for r in flagged} == {tampered.name}
    assert f"{len(flagged)} of {total}" in inspector_page.count_label.text()
    states.setCurrentIndex(states.findText("Officer's signature fails"))
    assert [r["state"] for r in table_rows(inspector_page)] == [RowState.OFFICER]
    states.setCurrentIndex(0)

    header = inspector_page.table.horizontalHeader()
    seen = set()
    for _ in range(2):  # a click on the header sorts; a second click reverses
        qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(header.sectionViewportPosition(POLICE_NUMBER) + 20, 10))
        shown = [r["police_number"] for r in table_rows(inspector_page)]
        order = header.sortIndicatorOrder()
        assert header.sortIndicatorSection() == POLICE_NUMBER
        assert shown == sorted(shown, reverse=order == Qt.SortOrder.DescendingOrder)
        seen.add(order)
    assert len(seen) == 2


def test_cancel_stops_between_files_and_each_file_is_imported_whole(
    qtbot, inspector_page, review_world, monkeypatch, tmp_path
):
    files = [Path(shutil.copy(f, tmp_path / f"{n}-{f.name}")) for n, f in enumerate(review_world.template.workbooks)]
    files.append(tampered_copy(files[0], tmp_path))
    assert len(files) >= 4
    inspector_page.batch.file_done.connect(lambda _report: inspector_page.cancel_import())  # after the first file
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(f) for f in files], ""))
    qtbot.mouseClick(inspector_page.findChild(QPushButton, "importButton"), LEFT)
    assert inspector_page.findChild(QPushButton, "cancelImportButton").isEnabled()
    wait_for_import(qtbot, inspector_page)

    outcomes = inspector_page.report.outcomes()
    assert list(outcomes) == [f.name for f in files]  # every file is in the report
    done = [name for name, outcome in outcomes.items() if outcome != "cancelled"]
    assert 1 <= len(done) <= 2  # the first, and at most the one already under way when Cancel was clicked
    assert all(outcome == "cancelled" for name, outcome in outcomes.items() if name not in done)
    assert workbooks_in_store(review_world) == len(done)  # nothing of a cancelled file, all of an imported one
    assert {r["workbook"] for r in table_rows(inspector_page)} == set(done)
    assert not inspector_page.findChild(QPushButton, "cancelImportButton").isEnabled()
    assert inspector_page.findChild(QPushButton, "importButton").isEnabled()


def test_a_drag_without_any_xlsx_file_is_not_accepted(inspector_page, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("not a workbook", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(40, 40), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(inspector_page, enter)

    assert not enter.isAccepted()
    assert not inspector_page.batch.running


def test_a_workbook_s_stored_problems_cut_by_the_cap_end_with_how_many_more_in_the_detail(
    qtbot, inspector_page, review_world, monkeypatch, tmp_path
):
    """Decision 152: an imported workbook's stored problems may end with the cap's count; the detail says it in
    words with the number, never the bare code."""
    good = review_world.template.workbooks[0]
    import_with_dialog(qtbot, inspector_page, monkeypatch, [good])
    index = inspector_page.model.index(0, POLICE_NUMBER)
    session = inspector_page.session
    with session.store.transaction() as connection:
        connection.execute(
            schema.imported_workbooks.update().values(
                problems='[{"sheet": "情况登记表", "row": 3, "code": "batch.invalid"}, '
                '{"sheet": "", "row": 0, "code": "problems.more", "count": 12}]'
            )
        )
    rect = inspector_page.table.visualRect(index)
    qtbot.mouseClick(inspector_page.table.viewport(), LEFT, pos=rect.center())
    qtbot.mouseDClick(inspector_page.table.viewport(), LEFT, pos=rect.center())
    detail = inspector_page.detail
    assert isinstance(detail, InspectorDetail)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=15_000)
    shown = detail.signature_states(detail.detail)["batch"]
    assert shown[-1] == more_problems(12).describe(ZH), shown
    assert not any("problems.more" in line for line in shown), shown
