"""The classes split out of a page as its base (issue: modules past 450 lines) keep their words translated: Qt looks a
message up under the class that wrote it, which is the base for the moved methods (the .ts holds them there)."""

from __future__ import annotations

import datetime as dt

from desktop.domain.questions import Question
from desktop.domain.trades import default_catalog
from desktop.gui.head.decisions import HeadDecisions
from desktop.gui.officer.interest_editor import InterestEditor
from desktop.gui.officer.interest_fields import InterestFields
from desktop.i18n import Translator
from tests.domain import builders
from tests.gui.test_head_fixtures import chinese  # noqa: F401  (a fixture)


def test_the_row_s_inputs_made_by_the_base_are_in_chinese(qtbot, chinese) -> None:  # noqa: F811
    editor = InterestEditor(
        Question.RELATIVES_BUSINESS,
        None,
        officer=builders.officer(),
        catalog=default_catalog(),
        today=dt.date(2026, 11, 21),
        translate=Translator("zh_CN"),
    )
    qtbot.addWidget(editor)
    assert isinstance(editor, InterestFields)
    assert editor.enterprise.placeholderText() == "与营业执照一致"
    assert editor.within.text() == "该企业在本人所在单位辖区内"
    assert editor.windowTitle().startswith("填报明细：")  # the dialog's own words stay in its own context


def test_the_head_s_decision_words_are_in_chinese_on_the_page(qtbot, chinese) -> None:  # noqa: F811
    # PySide6 looks a message up under the instance's class, then along its bases: a page (as HeadPage) finds the
    # words its base (HeadDecisions) wrote, under the base's context.
    class Page(HeadDecisions):
        pass

    page = Page()
    qtbot.addWidget(page)
    assert page.tr("No more declarations wait for your countersignature.") == "已没有待您签字背书的登记表。"
    assert page.tr("Countersigned the declaration of {name}.") == "已为 {name} 的登记表签字背书。"
