"""Last year's answers are never signed unnoticed: every section of a pre-filled draft that still says what the
previous declaration said must be confirmed ("still so") or changed before signing (issue 13, defect 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.carry_over import FAMILY_SECTION, PERSONAL_SECTION, carried_over_key, question_section
from desktop.domain.declarations import DeclarationStatus
from desktop.domain.questions import Question
from desktop.services.administration.campaigns import create_campaign
from desktop.services.errors import InvalidInput
from desktop.services.workflow.carry_over import carried_over_source
from desktop.services.workflow.declaring import save_draft, sign, start_draft
from tests.conftest import USER_PASSWORD
from tests.domain import builders
from tests.form.builders import on_form
from tests.services.workflow.support import PEOPLE, World, build_world, clean_declaration

QUESTION_SECTIONS = {carried_over_key(question_section(q)) for q in Question}
#: Form version 2 also carries over the officer's own details and the family members listed (decision 70).
FORM2_SECTIONS = {carried_over_key(PERSONAL_SECTION), carried_over_key(FAMILY_SECTION)}


@pytest.fixture(params=[1, 2], ids=["form1", "form2"])
def world(request, admin_session, add_user, paths, clock, throttle) -> World:
    """Both campaigns on form version 1, or both on version 2 (the newest, which new campaigns get)."""
    world = build_world(
        admin_session, add_user, paths, clock, throttle, logins=("hB", "o1"), form_version=request.param
    )
    yield world
    world.close()


def all_sections(world: World) -> set[str]:
    return QUESTION_SECTIONS | (FORM2_SECTIONS if world.campaign.form_version >= 2 else set())


def _last_year_then_new_campaign(world: World) -> str:
    """o1 signs a declaration with a spouse's shop; then a new campaign opens. Returns the new campaign's id."""
    me = world["o1"]
    version = world.campaign.form_version
    last = clean_declaration(PEOPLE["o1"][0], form_version=1).with_changes(
        answers={q: q is Question.RELATIVES_BUSINESS for q in Question},
        interests=(builders.interest(Question.RELATIVES_BUSINESS),),
    )
    save_draft(me, on_form(last, version))
    sign(me, USER_PASSWORD)
    world.clock.advance(days=1)
    campaign = create_campaign(
        world.admin,
        name="2027年度经商办企业专项登记",
        start_date=dt.date(2026, 11, 22),
        deadline=dt.date(2027, 1, 31),
        form_version=version,
    )
    return campaign.id


def test_a_prefilled_draft_cannot_be_signed_before_each_section_is_confirmed(world):
    campaign_id = _last_year_then_new_campaign(world)
    me = world["o1"]
    draft = start_draft(me, campaign_id)
    saved = save_draft(me, draft.declaration, campaign_id)
    assert {p.key for p in saved.problems} == all_sections(world)

    with pytest.raises(InvalidInput) as refused:
        sign(me, USER_PASSWORD, campaign_id)
    assert {p.key for p in refused.value.problems} == all_sections(world)

    # Confirming all but one is not enough.
    almost = draft.declaration.with_changes(acknowledged_warnings=tuple(sorted(all_sections(world)))[1:])
    save_draft(me, almost, campaign_id)
    with pytest.raises(InvalidInput) as still_refused:
        sign(me, USER_PASSWORD, campaign_id)
    assert [p.key for p in still_refused.value.problems] == [sorted(all_sections(world))[0]]

    confirmed = draft.declaration.with_changes(acknowledged_warnings=tuple(sorted(all_sections(world))))
    save_draft(me, confirmed, campaign_id)
    signed = sign(me, USER_PASSWORD, campaign_id)
    assert signed.status is DeclarationStatus.SIGNED
    # The signed content records that the officer confirmed each carried-over section.
    assert set(signed.declaration.acknowledged_warnings) == all_sections(world)


def test_a_changed_section_is_the_officers_own_and_needs_no_confirmation(world):
    campaign_id = _last_year_then_new_campaign(world)
    me = world["o1"]
    draft = start_draft(me, campaign_id)
    changed = draft.declaration.with_changes(
        answers={**draft.declaration.answers, Question.RELATIVES_BUSINESS: False}, interests=()
    )
    saved = save_draft(me, changed, campaign_id)
    relatives = carried_over_key(question_section(Question.RELATIVES_BUSINESS))
    assert {p.key for p in saved.problems} == all_sections(world) - {relatives}


def test_the_source_is_the_declaration_the_draft_was_prefilled_from(world):
    assert carried_over_source(world["o1"], world.campaign.id) is None
    campaign_id = _last_year_then_new_campaign(world)
    start_draft(world["o1"], campaign_id)
    source = carried_over_source(world["o1"], campaign_id)
    assert source is not None
    assert source.campaign_name == "2026年度经商办企业专项登记"
    assert source.declaration.answer(Question.RELATIVES_BUSINESS) is True
    # The older campaign's declaration was not pre-filled from the newer one, though it is "another campaign".
    assert carried_over_source(world["o1"], world.campaign.id) is None
