"""Invisible format characters (Unicode category Cf) in typed text: refused before signing, ignored when enterprises
are matched, and shown visibly wherever a message names them (issue 12, finding 9)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop.domain.questions import Question
from desktop.domain.text import format_characters, without_format_characters
from desktop.exchange.roster.reader import ROSTER_SHEET, read_roster
from desktop.i18n import N_, Translator, shown
from desktop.services.errors import InvalidInput
from desktop.services.workflow.declaring import save_draft, sign
from tests.conftest import USER_PASSWORD
from tests.domain import builders
from tests.review.builders import declaration, fired, interest, review
from tests.services.workflow.support import World, build_world, full_declaration, latest

ZERO_WIDTH_SPACE = "\u200b"
RIGHT_TO_LEFT_OVERRIDE = "\u202e"


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> World:
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1"))
    yield world
    world.close()


def test_format_characters_are_found_removed_for_matching_and_shown_visibly() -> None:
    text = f"宏达{ZERO_WIDTH_SPACE}宾馆{RIGHT_TO_LEFT_OVERRIDE}"
    assert format_characters(text) == [ZERO_WIDTH_SPACE, RIGHT_TO_LEFT_OVERRIDE]
    assert without_format_characters(text) == "宏达宾馆"
    assert shown(text) == "宏达⟨U+200B⟩宾馆⟨U+202E⟩"
    assert shown("张三") == "张三"
    assert format_characters("张三 (有限公司)\n") == []


def test_every_format_character_is_shown_visibly_whatever_surrounds_it() -> None:
    # ``shown`` skips printable texts in one C call; every Cf character must be one that makes a text unprintable.
    import sys
    import unicodedata

    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)) == "Cf":
            assert shown(f"张{chr(code)}三") == f"张⟨U+{code:04X}⟩三"
    assert shown("第一行\n第二行") == "第一行\n第二行"


def test_a_zero_width_space_in_an_enterprise_name_is_refused_at_signing_and_nothing_is_signed(world) -> None:
    o1 = world["o1"]
    declaration_ = full_declaration()
    interests = list(declaration_.interests)
    interests[0] = interests[0].with_changes(enterprise_name=f"清河市宏达{ZERO_WIDTH_SPACE}宾馆")
    saved = save_draft(o1, declaration_.with_changes(interests=tuple(interests)))
    assert any(p.code == "text.invisible_character" for p in saved.problems)

    with pytest.raises(InvalidInput) as caught:
        sign(o1, USER_PASSWORD)

    [problem] = [p for p in caught.value.problems if p.code == "text.invisible_character"]
    assert problem.path == "interests[0].enterprise_name"
    assert "U+200B" in problem.render(Translator("en"))
    record = latest(world.admin, world.number("o1"), world.campaign.id)
    assert record is not None
    assert record.status.value == "draft"


def test_a_bidi_override_in_the_remarks_is_refused_too(world) -> None:
    o1 = world["o1"]
    save_draft(o1, full_declaration().with_changes(remarks=f"已{RIGHT_TO_LEFT_OVERRIDE}退出"))
    with pytest.raises(InvalidInput) as caught:
        sign(o1, USER_PASSWORD)
    assert ("remarks", "text.invisible_character") in {(p.path, p.code) for p in caught.value.problems}


def test_a_roster_name_with_a_right_to_left_override_is_refused_with_its_cell(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = ROSTER_SHEET
    sheet.append(
        ["警号", "姓名", "身份证号", "单位代码", "单位名称", "职务", "职级", "是否班子成员", "是否单位主要负责人"]
    )
    sheet.append(
        [
            "001234",
            f"张{RIGHT_TO_LEFT_OVERRIDE}三",
            builders.OFFICER_ID,
            "220402001",
            "北山派出所",
            "民警",
            "四级警长",
            "否",
            "否",
        ]
    )
    workbook.save(tmp_path / "roster.xlsx")

    roster = read_roster(tmp_path / "roster.xlsx", builders.TODAY)

    assert [(p.row, p.code) for p in roster.errors] == [(2, "text.invisible_character")]
    assert roster.officers == []


def test_a_zero_width_space_signed_before_the_refusal_does_not_hide_a_shared_enterprise() -> None:
    first = declaration("000101", interest(f"清河市宏达{ZERO_WIDTH_SPACE}宾馆"))
    second = declaration("000102", interest("清河市宏达宾馆"))
    assert "shared_enterprise" in fired(review(first, second), "000101")
    assert "shared_enterprise" in fired(review(first, second), "000102")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_message_shows_an_override_in_a_name_instead_of_obeying_it(language: str) -> None:
    message = Translator(language)(N_("{name} ({officer})"), name=f"张{RIGHT_TO_LEFT_OVERRIDE}三", officer="000101")
    assert RIGHT_TO_LEFT_OVERRIDE not in message
    assert "张⟨U+202E⟩三 (000101)" in message


def test_every_question_keeps_its_answer_when_text_is_clean(world) -> None:
    """The refusal is about the characters only: the same declaration without them signs."""
    o1 = world["o1"]
    save_draft(o1, full_declaration())
    record = sign(o1, USER_PASSWORD)
    assert record.declaration.answer(Question.OWN_BUSINESS) is True
