"""The printed registration form: the data gathered for it (with the history's visibility rules), and a real PDF
checked with poppler's pdftotext. OFFICER_DECLARE_SCREENSHOTS=docs/screenshots also renders print_form.png."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QFileDialog, QPushButton

from desktop.domain.times import person_date
from desktop.exchange.vocabulary import RELATION_WORDS, ROLE_WORDS, STATUS_WORDS
from desktop.gui.head.declaration_view import DeclarationView
from desktop.gui.officer.page import OfficerPage
from desktop.gui.pages import PageContext
from desktop.gui.printing.form_document import TITLE, form_html
from desktop.gui.printing.print import build_document, save_pdf
from desktop.i18n import Translator
from desktop.services.clock import FixedClock
from desktop.services.demo.store import create_demo_store
from desktop.services.errors import NotAllowed
from desktop.services.session.login import log_in
from desktop.services.session.session import Session
from desktop.services.session.throttle import LoginThrottle
from desktop.services.workflow import countersigning
from desktop.services.workflow.printable import PrintableDeclaration, printable_declaration
from desktop.store.store import StorePaths
from tests.gui.conftest import a_runner

PASSWORD = "demo-pass-6154"
START = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)
# Qt writes each glyph's Unicode value from the font's reverse map, so a glyph shared with a CJK radical comes back
# from pdftotext as the radical (⺠ for 民, ⾹ for 香). NFKC maps the Kangxi radicals; this table the others.
RADICALS = str.maketrans(
    {
        "⺠": "民",
        "⻓": "长",
        "⻔": "门",
        "⻬": "齐",
        "⻜": "飞",
        "⻢": "马",
        "⻚": "页",
        "⻛": "风",
        "⻥": "鱼",
        "⻄": "西",
        "⻘": "青",
        "⻝": "食",
        "⻅": "见",
        "⻆": "角",
        "⻉": "贝",
        "⻋": "车",
        "⻰": "龙",
        "⻳": "龟",
        "⻩": "黄",
        "⻨": "麦",
        "⻙": "韦",
        "⻦": "鸟",
        "⻮": "齿",
        "⺟": "母",
        "⻈": "讠",
        "⻁": "虎",
    }
)


@dataclass
class World:
    paths: StorePaths
    clock: FixedClock
    throttle: LoginThrottle
    logins: dict[str, list[str]]
    sessions: list[Session]

    def login(self, login: str) -> Session:
        session = log_in(self.paths, login, PASSWORD, clock=self.clock, throttle=self.throttle)
        self.sessions.append(session)
        return session


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    root = tmp_path_factory.mktemp("print-template")
    demo = create_demo_store(
        StorePaths(root / "store"), officer_count=15, seed=3, clock=FixedClock(START), password=PASSWORD
    )
    return root / "store", demo.logins


@pytest.fixture
def world(template: tuple[Path, dict[str, list[str]]], tmp_path: Path) -> Iterator[World]:
    folder = Path(shutil.copytree(template[0], tmp_path / "store"))
    found = World(StorePaths(folder), FixedClock(START), LoginThrottle(tmp_path / "t.json"), template[1], [])
    yield found
    for session in found.sessions:
        session.lock()


def countersigned(world: World) -> tuple[Session, str]:
    """A head's session and the police number of a countersigned declaration they countersigned, the one with
    the most detail rows."""
    best: tuple[int, Session, str] | None = None
    for login in world.logins["unit_head"]:
        session = world.login(login)
        for item in countersigning.queue(session):
            if item.status == "countersigned":
                found = printable_declaration(session, item.officer.police_number)
                count = len(found.declaration.interests)
                if best is None or count > best[0]:
                    best = (count, session, item.officer.police_number)
    assert best is not None, "the demo store has no countersigned declaration"
    return best[1], best[2]


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is missing on CI")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", text).translate(RADICALS)


def test_printable_declaration_has_the_answers_the_commitment_and_both_fingerprints(world):
    head, number = countersigned(world)
    officer = world.login(number)
    for session in (head, officer):
        found = printable_declaration(session, None if session is officer else number)
        assert found.record.police_number == number
        assert found.status.value == "countersigned"
        assert found.officer_signature is not None
        assert found.countersignature is not None
        assert found.verification.valid
        html = form_html(found)
        assert TITLE in html
        assert found.declaration.officer.name in html
        lines = [line.strip() for line in found.commitment_text.splitlines() if line.strip()]
        assert len(lines) > 3
        assert all(escape(line) in html for line in lines)
        assert found.officer_signature.signer_fingerprint in html
        assert found.countersignature.signer_fingerprint in html
        assert found.officer_signature.signer_fingerprint != found.countersignature.signer_fingerprint
        assert html.count("<b>是</b>") + html.count("<b>否</b>") == 6
        for interest in found.declaration.interests:
            assert interest.enterprise_name in html


def test_an_officer_may_not_print_another_officers_declaration(world):
    _head, number = countersigned(world)
    other = next(login for login in world.logins["officer"] if login != number)
    with pytest.raises(NotAllowed):
        printable_declaration(world.login(other), number)


def _signature_png() -> bytes:
    image = QImage(360, 120, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#102060"), 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    points = [QPoint(20 + x * 8, 60 + int(30 * ((-1) ** x) * (x % 5) / 5)) for x in range(40)]
    for start, end in itertools.pairwise(points):
        painter.drawLine(start, end)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def test_save_pdf_writes_the_form(world, qapp, tmp_path):
    head, number = countersigned(world)
    found: PrintableDeclaration = printable_declaration(head, number)
    found = replace(found, handwritten_png=found.handwritten_png or _signature_png())
    path = save_pdf(form_html(found), tmp_path / "form.pdf", title=TITLE)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 5_000
    text = pdf_text(path)
    assert TITLE in text
    assert found.declaration.officer.name in text
    assert "承诺书" in text
    folder = os.environ.get("OFFICER_DECLARE_SCREENSHOTS")
    if folder and shutil.which("pdftoppm"):
        target = Path(folder) / "print_form"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path), str(target)], check=True
        )
        assert Path(f"{target}.png").stat().st_size > 10_000


def _save_through(qtbot, button, monkeypatch, target: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target.with_suffix("")), ""))
    assert button.text() == "Print / save as PDF…" or button.text() == "打印/导出PDF"
    save = next(action for action in button.menu().actions() if action.objectName() == "printSavePdf")
    save.trigger()
    qtbot.waitUntil(lambda: target.is_file() and target.stat().st_size > 5_000 and button.isEnabled(), timeout=20_000)
    assert target.read_bytes().startswith(b"%PDF")


def test_the_officer_page_and_the_heads_view_save_the_form(world, qtbot, monkeypatch, tmp_path):
    head, number = countersigned(world)
    runner = a_runner()
    page = OfficerPage(PageContext(session=world.login(number), translate=Translator("zh_CN"), runner=runner))
    qtbot.addWidget(page)
    _save_through(qtbot, page.findChild(QPushButton, "printButton"), monkeypatch, tmp_path / "own.pdf")
    found = printable_declaration(head, number)
    view = DeclarationView(head, Translator("zh_CN"), runner, found.record.id)
    qtbot.addWidget(view)
    _save_through(qtbot, view.print_button, monkeypatch, tmp_path / "head.pdf")


def _lines_of(document, text: str) -> set[int]:
    """The lines of the laid-out document that ``text`` is on; of all its places, the one spread over most lines
    (a name is printed in the family table and again beside the interest)."""
    spreads = []
    cursor = document.find(text)
    assert not cursor.isNull(), text
    while not cursor.isNull():
        block = cursor.block()
        layout = block.layout()
        first, last = cursor.selectionStart() - block.position(), cursor.selectionEnd() - 1 - block.position()
        spreads.append({layout.lineForTextPosition(first).lineNumber(), layout.lineForTextPosition(last).lineNumber()})
        cursor = document.find(text, cursor)
    return max(spreads, key=len)


def test_the_printed_form_keeps_each_code_date_name_and_word_of_a_row_on_one_line(world, qapp):
    head, number = countersigned(world)
    found: PrintableDeclaration = printable_declaration(head, number)
    interests = [i for i in found.declaration.interests if i.uscc]
    assert interests
    document = build_document(form_html(found))  # laid out as save_pdf lays it out (A4, the document's own width)
    document.size()

    words = [i.uscc for i in interests] + [person_date(i.start_date) for i in interests if i.start_date]
    members = [found.declaration.member(i.holder_member_id) for i in interests if i.holder_member_id]
    names = [i.holder_name for i in interests] + [member.name for member in members if member is not None]
    words += [name for name in names if 0 < len(name) <= 3]  # a short name is not split either
    words += [w for i in interests for w in (RELATION_WORDS[i.relation], ROLE_WORDS[i.role], STATUS_WORDS[i.status])]

    assert {word: len(_lines_of(document, word)) for word in words} == dict.fromkeys(words, 1)


def _fits(document, text: str) -> bool:
    """Whether ``text`` is laid out within its line's width (a <nobr> word wider than its cell overflows it)."""
    cursor = document.find(text)
    assert not cursor.isNull(), text
    line = cursor.block().layout().lineForTextPosition(cursor.selectionStart() - cursor.block().position())
    return line.naturalTextWidth() <= line.width() + 0.5


@pytest.mark.parametrize("form_version", [1, 2])
def test_the_printed_form_writes_an_interest_s_period_as_a_person_reads_a_date(world, qapp, form_version):
    """Times people read are local and in Chinese form: 2019年12月31日, never 2019-12-31, on either form's paper;
    each date on one line of its cell and within it."""
    head, number = countersigned(world)
    found: PrintableDeclaration = printable_declaration(head, number)
    first, *others = found.declaration.interests
    dated = (
        first.with_changes(start_date=dt.date(2019, 12, 31), end_date=dt.date(2024, 11, 30)),
        *(other.with_changes(start_date=dt.date(2020, 1, 1), end_date=None) for other in others),
    )
    changed = found.declaration.with_changes(interests=dated, form_version=form_version)
    printed = replace(found, record=replace(found.record, declaration=changed))
    document = build_document(form_html(printed))
    document.size()
    text = " ".join(document.toPlainText().split())  # the cell's lines (U+2028) as spaces

    assert "2019年12月31日 至 2024年11月30日" in text
    assert not others or "2020年1月1日 起" in text
    assert re.findall(r"\d{4}-\d{2}-\d{2}", text) == []
    for day in ("2019年12月31日", "2024年11月30日"):
        assert len(_lines_of(document, day)) == 1, day
        assert _fits(document, day), day
