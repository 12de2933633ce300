"""Excel's ``_xHHHH_`` escapes typed into a declaration: refused before signing, with one clear sentence in English and
Chinese, and nothing signed (decision 148: spreadsheet programs read ``_x000D_`` in a cell as a carriage return)."""

from __future__ import annotations

import pytest

from desktop.i18n import Translator
from desktop.services.errors import InvalidInput
from desktop.services.workflow.countersigning import countersign
from desktop.services.workflow.declaring import save_draft, sign
from tests.conftest import USER_PASSWORD
from tests.services.workflow.support import World, build_world, full_declaration, latest


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> World:
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1"))
    yield world
    world.close()


def test_an_escape_sequence_in_an_enterprise_name_is_refused_at_signing_and_nothing_is_signed(world) -> None:
    o1 = world["o1"]
    declaration = full_declaration()
    interests = list(declaration.interests)
    interests[0] = interests[0].with_changes(enterprise_name="清河市宏达_x000D_宾馆")
    saved = save_draft(o1, declaration.with_changes(interests=tuple(interests)))
    assert ("interests[0].enterprise_name", "text.escape_sequence") in {(p.path, p.code) for p in saved.problems}

    with pytest.raises(InvalidInput) as caught:
        sign(o1, USER_PASSWORD)

    [problem] = [p for p in caught.value.problems if p.code == "text.escape_sequence"]
    assert problem.render(Translator("en")) == (
        "This text holds _x000D_, which Excel and other spreadsheet programs read as a different character; write "
        "it another way (for example without the underscores)."
    )
    assert problem.render(Translator("zh_CN")) == (
        "此处文字含有 _x000D_，Excel 等电子表格程序会将其读作另一个字符；请换一种写法（例如去掉其中的下划线）。"
    )
    record = latest(world.admin, world.number("o1"), world.campaign.id)
    assert record is not None
    assert record.status.value == "draft"


def test_an_escape_sequence_in_the_remarks_and_in_a_heads_opinion_is_refused_too(world) -> None:
    o1 = world["o1"]
    save_draft(o1, full_declaration().with_changes(remarks="已退出_x0041_"))
    with pytest.raises(InvalidInput) as caught:
        sign(o1, USER_PASSWORD)
    assert ("remarks", "text.escape_sequence") in {(p.path, p.code) for p in caught.value.problems}

    save_draft(o1, full_declaration())
    sign(o1, USER_PASSWORD)
    with pytest.raises(InvalidInput) as opinion:
        countersign(world["hB"], world.number("o1"), "已核实_X000D_", USER_PASSWORD)
    assert [(p.path, p.code) for p in opinion.value.problems] == [("opinion", "text.escape_sequence")]
