"""The campaign each page opens on when several are open (docs/decisions.md, decision 41)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.administration.campaigns import create_campaign, open_campaigns
from desktop.services.workflow.campaign_choice import head_choice, officer_choice
from desktop.services.workflow.countersigning import return_declaration
from desktop.services.workflow.declaring import save_draft, sign, start_draft
from tests.conftest import USER_PASSWORD
from tests.services.workflow.support import PEOPLE, World, build_world, clean_declaration


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> World:
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1", "o2"))
    yield world
    world.close()


def _signed(world: World, login: str, campaign_id: str | None = None) -> None:
    save_draft(world[login], clean_declaration(PEOPLE[login][0]), campaign_id)
    sign(world[login], USER_PASSWORD, campaign_id)


def test_an_officer_opens_on_the_open_campaign_with_the_nearest_deadline_when_nothing_else_calls(world):
    later = create_campaign(world.admin, name="补充登记", deadline=world.campaign.deadline + dt.timedelta(days=20))
    choice = officer_choice(world["o1"])
    assert {c.id for c in choice.campaigns} == {later.id, world.campaign.id}
    assert choice.default.id == world.campaign.id
    assert choice.open_ids == {later.id, world.campaign.id}


def test_a_returned_declaration_comes_before_a_draft_and_a_new_campaign(world):
    _signed(world, "o1")
    return_declaration(world["hB"], world.number("o1"), "请补充。")
    nearer = create_campaign(world.admin, name="补充登记", deadline=world.campaign.deadline - dt.timedelta(days=5))
    start_draft(world["o1"], nearer.id)
    assert officer_choice(world["o1"]).default.id == world.campaign.id


def test_a_draft_comes_before_a_campaign_the_officer_has_signed_in(world):
    _signed(world, "o1")
    later = world.campaign.deadline + dt.timedelta(days=9)
    supplementary = create_campaign(world.admin, name="补充登记", deadline=later)
    assert officer_choice(world["o1"]).default.id == supplementary.id  # not started beats signed


def test_a_head_opens_on_the_campaign_with_declarations_waiting_for_the_countersignature(world):
    _signed(world, "o2")
    nearer = create_campaign(world.admin, name="补充登记", deadline=world.campaign.deadline - dt.timedelta(days=5))
    choice = head_choice(world["hB"])
    assert choice.default.id == world.campaign.id
    assert choice.waiting == {world.campaign.id: 1, nearer.id: 0}


def test_without_anything_waiting_a_head_opens_on_the_nearest_open_deadline(world):
    nearer = create_campaign(world.admin, name="补充登记", deadline=world.campaign.deadline - dt.timedelta(days=5))
    assert head_choice(world["hB"]).default.id == nearer.id


def test_a_campaign_is_open_from_its_first_day_to_its_deadline(world):
    create_campaign(world.admin, name="明年", deadline=dt.date(2027, 12, 31), start_date=dt.date(2027, 1, 1))
    assert [c.id for c in open_campaigns(world.admin)] == [world.campaign.id]
