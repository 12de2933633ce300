"""A form version 2 declaration as the unit head reads it and as it is printed (issue 11, item 3): the personal part
with sex, birth date, political status and mobile, the family members, every role and the registration details of
each interest; the PDF with signature and date lines for the officer and the unit head and a place for the unit's
seal (checked with poppler's pdftotext). Version 1 declarations keep their layout."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.domain.declarations import Declaration
from desktop.domain.family import FamilyMember
from desktop.domain.interests import InterestRole
from desktop.domain.officers import PoliticalStatus
from desktop.domain.questions import Question, Relation
from desktop.domain.validation import PROHIBITED_IN_JURISDICTION
from desktop.gui.head.declaration_html import DeclarationHtml
from desktop.gui.head.declaration_view import DeclarationView
from desktop.gui.printing.form_document import TITLE, form_html
from desktop.gui.printing.print import save_pdf
from desktop.i18n import Translator
from desktop.services.administration.campaigns import create_campaign
from desktop.services.workflow.countersigning import countersign
from desktop.services.workflow.declaring import save_draft, sign
from desktop.services.workflow.printable import printable_declaration
from tests.conftest import USER_PASSWORD
from tests.domain import builders
from tests.gui.conftest import a_runner
from tests.gui.test_head_fixtures import chinese  # noqa: F401  (fixture)
from tests.gui.test_printing import pdf_text
from tests.services.workflow.support import PEOPLE, World, build_world, clean_declaration

HOTEL_KEY = f"interests[0].within_jurisdiction:{PROHIBITED_IN_JURISDICTION}"


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> Iterator[World]:
    # The world's own campaign on form version 1 (the version 1 layouts); the tests make their version 2 campaigns.
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1"), form_version=1)
    yield world
    world.close()


def v2_content() -> Declaration:
    officer = dataclasses.replace(PEOPLE["o1"][0], political_status=PoliticalStatus.CPC_MEMBER, mobile="13904371234")
    spouse = FamilyMember("F1", Relation.SPOUSE, "张丽", builders.SPOUSE_ID, "龙山区丽华宾馆", "经理")
    child = FamilyMember("F2", Relation.CHILD, "王小明", builders.CHILD_ID, "吉林大学", "学生")
    hotel = builders.interest(
        Question.RELATIVES_BUSINESS,
        holder_member_id="F1",
        enterprise_name="龙山区丽华宾馆",
        trade_code="hotel",
        roles=(InterestRole.INVESTOR, InterestRole.ACTUAL_CONTROLLER),
        role=InterestRole.INVESTOR,
        registered_address="辽源市龙山区向阳街12号",
        business_scope="住宿服务",
        registered_capital_wan=Decimal(50),
        registration_authority="辽源市龙山区市场监督管理局",
        within_jurisdiction=True,
        rectification="2027年3月底前转让全部股份",
    )
    return clean_declaration(officer).with_changes(
        answers={q: q is Question.RELATIVES_BUSINESS for q in Question},
        interests=(hotel,),
        family_members=(spouse, child),
        form_version=2,
        acknowledged_warnings=(HOTEL_KEY,),
    )


@pytest.fixture
def v2_signed(world) -> str:
    """o1's version 2 declaration, signed and countersigned by hB; returns the campaign's id."""
    campaign = create_campaign(
        world.admin,
        name="2027年度（第2版）",
        start_date=dt.date(2026, 11, 21),
        deadline=dt.date(2027, 1, 31),
        form_version=2,
    )
    saved = save_draft(world["o1"], v2_content(), campaign.id)
    assert [p.key for p in saved.problems] == [HOTEL_KEY]
    sign(world["o1"], USER_PASSWORD, campaign.id)
    countersign(world["hB"], world.number("o1"), "经核对，填报属实。", USER_PASSWORD, campaign.id)
    return campaign.id


def test_the_heads_view_shows_the_version_2_sections(
    qtbot,
    world,
    v2_signed,
    chinese,  # noqa: F811
):
    found = printable_declaration(world["hB"], world.number("o1"), v2_signed)
    html = DeclarationHtml(Translator("zh_CN")).render(found.declaration)
    for text in (
        "家庭成员及主要社会关系",
        "张丽",
        "王小明",
        "吉林大学",
        "中共党员",
        "13904371234",
        "1970年3月15日",
        "注册地址",
        "辽源市龙山区向阳街12号",
        "辽源市龙山区市场监督管理局",
        "出资人、实际控制人",
    ):
        assert text in html, text
    view = DeclarationView(world["hB"], Translator("zh_CN"), a_runner(), found.record.id)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: "张丽" in view.text.toPlainText(), timeout=15_000)
    assert "家庭成员及主要社会关系" in view.text.toPlainText()


def test_a_version_1_declaration_is_shown_as_before(qtbot, world, chinese):  # noqa: F811
    html = DeclarationHtml(Translator("zh_CN")).render(builders.declaration())
    assert "家庭成员" not in html
    assert "注册地址" not in html


def test_the_printed_version_2_form_has_its_sections_signature_lines_and_seal(world, v2_signed, qapp, tmp_path):
    found = printable_declaration(world["hB"], world.number("o1"), v2_signed)
    path = save_pdf(form_html(found), tmp_path / "form_v2.pdf", title=TITLE)
    text = pdf_text(path)
    compact = "".join(text.split())
    for expected in (
        TITLE,
        "性别",
        "男",
        "出生日期",
        "1970年3月15日",
        "政治面貌",
        "中共党员",
        "13904371234",
        "家庭成员及主要社会关系",
        "王小明",
        "吉林大学",
        "出资人",
        "实际控制人",  # the roles' cell wraps between them
        "注册地址：辽源市龙山区向阳街12号",
        "登记机关：辽源市龙山区市场监督管理局",
        "整改情况：2027年3月底前转让全部股份",
        "承诺书",
        "民警本人（签字）",
        "单位主要负责人（签字）",
        "日期",
        "单位（盖章）",
        "经核对，填报属实。",
    ):
        assert "".join(unicodedata.normalize("NFKC", expected).split()) in compact, expected
    folder = os.environ.get("OFFICER_DECLARE_SCREENSHOTS")
    if folder and shutil.which("pdftoppm"):
        target = Path(folder) / "print_form_v2"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(path), str(target)], check=True)
        assert Path(f"{target}.png").stat().st_size > 10_000


def test_a_printed_version_1_form_keeps_its_layout(world, qapp, tmp_path):
    save_draft(world["o1"], clean_declaration(PEOPLE["o1"][0]))
    found = printable_declaration(world["o1"], None, world.campaign.id)
    html = form_html(found)
    assert "家庭成员及主要社会关系" not in html
    assert "单位（盖章）" not in html
    assert "<h2>四、承诺书</h2>" in html


def test_the_printed_form_speaks_the_workbook_s_words_for_every_role_and_political_status(world, v2_signed):
    """One vocabulary (desktop.exchange.vocabulary) for the workbook and the paper: each role and each political
    status is printed in the very word the workbook writes for it."""
    from desktop.domain.trades import default_catalog
    from desktop.exchange.vocabulary import POLITICAL_STATUS_WORDS, ROLE_WORDS
    from desktop.gui.printing.form_v2 import form_html_v2

    found = printable_declaration(world["hB"], world.number("o1"), v2_signed)
    declaration = found.declaration
    every_role = declaration.interests[0].with_changes(roles=tuple(InterestRole))
    for status in PoliticalStatus:
        officer = dataclasses.replace(declaration.officer, political_status=status)
        changed = declaration.with_changes(officer=officer, interests=(every_role,))
        printed = dataclasses.replace(found, record=dataclasses.replace(found.record, declaration=changed))
        html = form_html_v2(printed, default_catalog())
        assert POLITICAL_STATUS_WORDS[status] in html, status
        for role in InterestRole:
            assert ROLE_WORDS[role] in html, role


def test_the_printing_code_keeps_no_word_list_of_its_own() -> None:
    """The paper's words come from the vocabulary only: no dict in desktop/gui/printing/ spells vocabulary words (the
    version 2 form kept its own copies of the roles, the political statuses and the sexes)."""
    import ast

    from desktop.exchange import vocabulary

    words = {
        word
        for table in (vocabulary.ROLE_WORDS, vocabulary.POLITICAL_STATUS_WORDS, vocabulary.SEX_WORDS)
        for word in table.values()
    }
    folder = Path(vocabulary.__file__).parents[1] / "gui" / "printing"
    copies = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                spelled = {v.value for v in node.values if isinstance(v, ast.Constant) and v.value in words}
                if len(spelled) >= 2:
                    copies.append(f"{path.name}:{node.lineno}: {sorted(spelled)}")
    assert copies == []


def test_the_two_printed_forms_build_their_questions_with_one_function() -> None:
    """Forms 1 and 2 differed only in the section's number and the detail table: one function builds the questions
    of both, given the detail table's builder (each printout had its own copy)."""
    import ast

    from desktop.gui.printing import form_document

    folder = Path(form_document.__file__).parent
    builders_of_questions = [
        f"{path.name}:{node.name}"
        for path in sorted(folder.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and "questions" in node.name
    ]
    assert builders_of_questions == ["form_document.py:questions"]
