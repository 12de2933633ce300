"""Invisible format characters (Unicode category Cf) are refused wherever text enters before it is signed or stored,
not only in the declaration (issue 12, item 9): the head's signed opinion, a return's reason, a campaign's name and
commitment text. One clear message; nothing written."""

from __future__ import annotations

import pytest

from desktop.domain.declarations import DeclarationStatus
from desktop.i18n import Translator
from desktop.services.administration import campaigns
from desktop.services.administration.campaigns import create_campaign
from desktop.services.errors import InvalidInput
from desktop.services.workflow.countersigning import countersign, return_declaration
from desktop.services.workflow.declaring import save_draft, sign
from tests.conftest import USER_PASSWORD
from tests.services.workflow.support import DEADLINE, World, build_world, full_declaration, latest, state


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> World:
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1"))
    yield world
    world.close()


def _signed(world: World) -> str:
    save_draft(world["o1"], full_declaration())
    return sign(world["o1"], USER_PASSWORD).id


def test_an_override_in_the_heads_opinion_is_refused_and_nothing_is_countersigned(world: World) -> None:
    record_id = _signed(world)
    before = state(world.admin, record_id)
    with pytest.raises(InvalidInput) as caught:
        countersign(world["hB"], world.number("o1"), "经核对\u202e属实", USER_PASSWORD)
    [problem] = caught.value.problems
    assert (problem.path, problem.code) == ("opinion", "text.invisible_character")
    assert "U+202E" in caught.value.render(Translator("zh_CN"))
    assert state(world.admin, record_id) == before
    record = latest(world.admin, world.number("o1"), world.campaign.id)
    assert record is not None
    assert record.status is DeclarationStatus.SIGNED


def test_a_zero_width_space_in_a_return_reason_is_refused(world: World) -> None:
    record_id = _signed(world)
    before = state(world.admin, record_id)
    with pytest.raises(InvalidInput) as caught:
        return_declaration(world["hB"], world.number("o1"), "请补充\u200b配偶情况")
    assert [(p.path, p.code) for p in caught.value.problems] == [("reason", "text.invisible_character")]
    assert state(world.admin, record_id) == before


def test_a_campaign_name_or_commitment_with_a_format_character_is_refused(world: World) -> None:
    before = len(campaigns.list_campaigns(world.admin))
    with pytest.raises(InvalidInput):
        create_campaign(world.admin, name="2027年度\u200b专项登记", deadline=DEADLINE)
    with pytest.raises(InvalidInput):
        create_campaign(world.admin, name="2027年度专项登记", deadline=DEADLINE, commitment_text="本人承诺\u2066真实")
    assert len(campaigns.list_campaigns(world.admin)) == before
