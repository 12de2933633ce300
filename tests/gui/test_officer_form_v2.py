"""The officer's pages on form version 2 (issue 11, item 3): sex and date of birth read from the ID number and shown,
political status and mobile entered, family members listed whether or not they do business, a relative's row
pointing at a listed member with every role and the enterprise's registration details, signed and verified; a
version 1 declaration still shows the version 1 pages."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.domain.declarations import DeclarationStatus
from desktop.domain.interests import InterestRole
from desktop.domain.officers import PoliticalStatus
from desktop.domain.questions import Question, Relation
from desktop.gui.officer.form_state import PERSONAL_STEP, REVIEW_STEP, InterestEntry
from desktop.gui.officer.page import OfficerPage
from desktop.services.administration.campaigns import create_campaign
from desktop.services.workflow.verification import verify
from tests.conftest import USER_PASSWORD
from tests.domain import builders
from tests.gui.officer_fixtures import (
    RECTIFICATION,
    add_member,
    answer,
    answer_all_but_relatives_no,
    enter_password,
    go_to,
    open_editor,
    open_page,
    question_page,
    start_signing,
    tick,
    type_into,
    wait_until_signing_ends,
)
from tests.gui.test_head_fixtures import chinese  # noqa: F401  (fixture)
from tests.services.workflow.support import World, build_world

V2_CAMPAIGN = "2027年度经商办企业专项登记（第2版登记表）"


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> Iterator[World]:
    """The world's own campaign on form version 1 (the version 1 pages, last year's form); v2_campaign makes one on
    version 2."""
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1"), form_version=1)
    yield world
    world.close()


@pytest.fixture
def v2_campaign(world) -> str:
    campaign = create_campaign(
        world.admin, name=V2_CAMPAIGN, start_date=dt.date(2026, 11, 21), deadline=dt.date(2027, 1, 31), form_version=2
    )
    return campaign.id


def fill_in_v2(qtbot, page: OfficerPage) -> None:
    """Personal details, two family members (the child does no business), the spouse's hotel."""
    go_to(page, PERSONAL_STEP)
    details = page.form_view.personal.details
    details.political_status.setCurrentIndex(details.political_status.findData(PoliticalStatus.CPC_MEMBER.value))
    type_into(qtbot, details.mobile, "13904371234")
    add_member(qtbot, page, Relation.SPOUSE, "张丽", builders.SPOUSE_ID, "龙山区丽华宾馆")
    add_member(qtbot, page, Relation.CHILD, "王小明", builders.CHILD_ID, "吉林大学")
    names = [m.name for m in page.form.family_members]
    assert names[-2:] == ["张丽", "王小明"]
    assert page.form_view.personal.family.table.rowCount() == len(names)

    answer_all_but_relatives_no(qtbot, page)
    view = answer(qtbot, page, Question.RELATIVES_BUSINESS, True)
    editor = open_editor(qtbot, view)
    assert editor.registration.isVisibleTo(editor)
    assert not editor.role.isVisibleTo(editor)
    # Only the relatives the question allows are offered; choosing one fills in the relation, name and ID number.
    offered = ["", *(m.member_id for m in page.form.family_members)]
    assert [editor.member.itemData(i) for i in range(editor.member.count())] == offered
    spouse = next(m for m in page.form.family_members if m.relation is Relation.SPOUSE)
    editor.member.setCurrentIndex(editor.member.findData(spouse.member_id))
    assert editor.holder_name.text() == "张丽"
    assert editor.holder_name.isReadOnly()
    type_into(qtbot, editor.enterprise, "龙山区丽华宾馆")
    type_into(qtbot, editor.trade.search, "旅馆")
    tick(qtbot, editor.roles.boxes[InterestRole.INVESTOR])
    tick(qtbot, editor.roles.boxes[InterestRole.LEGAL_REPRESENTATIVE])
    type_into(qtbot, editor.registration.address, "辽源市龙山区向阳街12号")
    type_into(qtbot, editor.registration.scope, "住宿服务")
    type_into(qtbot, editor.registration.capital, "50")
    type_into(qtbot, editor.registration.authority, "辽源市龙山区市场监督管理局")
    type_into(qtbot, editor.capital, "20")
    editor.start.set_date(dt.date(2018, 5, 1))
    tick(qtbot, editor.within)
    type_into(qtbot, editor.rectification, RECTIFICATION)
    tick(qtbot, editor._feedback["within_jurisdiction"].confirm)
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 1


def test_the_personal_part_shows_sex_and_birth_date_from_the_id_number(
    qtbot,
    world,
    v2_campaign,
    chinese,  # noqa: F811
):
    page = open_page(qtbot, world, campaign_id=v2_campaign)
    assert page.form.form_version == 2
    details = page.form_view.personal.details
    assert details.isVisibleTo(page)
    assert details.sex.text() == "男"
    assert details.sex.isReadOnly()
    assert details.birth.text() == "1970年3月15日"  # a date a person reads, in the window's form (not ISO)
    assert page.form_view.personal.family.title() == "家庭成员及主要社会关系"


def test_an_officer_fills_in_a_version_2_form_and_signs_it(qtbot, world, v2_campaign):
    page = open_page(qtbot, world, campaign_id=v2_campaign)
    fill_in_v2(qtbot, page)
    assert page.form.blocking() == []

    dialog = start_signing(qtbot, page)
    enter_password(qtbot, dialog, USER_PASSWORD)
    wait_until_signing_ends(qtbot, page)
    assert page.state.status is DeclarationStatus.SIGNED
    signed = page.state.record.declaration
    assert signed.form_version == 2
    assert (signed.officer.political_status, signed.officer.mobile) == (PoliticalStatus.CPC_MEMBER, "13904371234")
    assert [(m.member_id, m.name) for m in signed.family_members] == [("F1", "张丽"), ("F2", "王小明")]
    (hotel,) = signed.interests
    assert hotel.holder_member_id == "F1"
    assert hotel.roles == (InterestRole.INVESTOR, InterestRole.LEGAL_REPRESENTATIVE)
    assert hotel.registered_capital_wan is not None
    assert hotel.registration_authority == "辽源市龙山区市场监督管理局"
    assert verify(world["o1"], world.number("o1"), v2_campaign).result.valid


def test_removing_a_family_member_keeps_rows_pointing_at_the_right_person(qtbot, world, v2_campaign):
    page = open_page(qtbot, world, campaign_id=v2_campaign)
    add_member(qtbot, page, Relation.PARENT, "王德福", builders.id_number("220402", "19450101", "015"), "退休")
    fill_in_v2(qtbot, page)  # the parent is F1, the spouse F2, the child F3
    (row,) = page.form.all_entries()
    assert row.interest.holder_member_id == "F2"
    page.form.remove_member(0)  # the parent goes; the spouse becomes F1, and the row follows her
    (row,) = page.form.all_entries()
    assert (row.interest.holder_member_id, row.interest.holder_name) == ("F1", "张丽")
    assert [m.member_id for m in page.form.family_members] == ["F1", "F2"]
    page.form.remove_member(0)  # the spouse goes: the row names nobody, and the form asks for a listed member
    (row,) = page.form.all_entries()
    assert row.interest.holder_member_id == ""
    assert any(p.code == "holder_member.missing" for p in page.form.blocking())


def test_a_version_1_declaration_shows_the_version_1_pages(qtbot, world):
    page = open_page(qtbot, world)
    assert page.form.form_version == 1
    assert not page.form_view.personal.details.isVisibleTo(page)
    assert not page.form_view.personal.family.isVisibleTo(page)
    view = answer(qtbot, page, Question.RELATIVES_BUSINESS, True)
    editor = open_editor(qtbot, view)
    assert editor.role.isVisibleTo(editor)
    assert not editor.registration.isVisibleTo(editor)


def test_a_version_2_draft_prefilled_from_last_year_asks_to_confirm_the_personal_details_and_family(
    qtbot, world, v2_campaign
):
    page = open_page(qtbot, world, campaign_id=v2_campaign)
    fill_in_v2(qtbot, page)
    dialog = start_signing(qtbot, page)
    enter_password(qtbot, dialog, USER_PASSWORD)
    wait_until_signing_ends(qtbot, page)
    page.close()
    world.clock.advance(days=1)
    later = create_campaign(
        world.admin, name="2028年度", start_date=dt.date(2026, 11, 22), deadline=dt.date(2027, 2, 28), form_version=2
    )

    page = open_page(qtbot, world, campaign_id=later.id)
    go_to(page, PERSONAL_STEP)
    personal = page.form_view.personal
    assert personal.details.carried_over.isVisible()
    assert not personal.details.political_status.isEnabled()
    assert personal.family.carried_over.isVisible()
    assert not personal.family.add_button.isEnabled()
    qtbot.mouseClick(personal.family.carried_over.still_so_button, Qt.MouseButton.LeftButton)
    assert not personal.family.carried_over.isVisible()
    assert personal.family.add_button.isEnabled()
    qtbot.mouseClick(personal.details.carried_over.change_button, Qt.MouseButton.LeftButton)
    assert personal.details.political_status.isEnabled()
    blocking = {p.path for p in page.form.blocking()}
    # The questions are still to be confirmed, and the hotel's warning again (confirmations start afresh).
    assert blocking == {f"answers.{q.value}" for q in Question} | {"interests[0].within_jurisdiction"}


def test_screenshots_of_the_version_2_pages_in_chinese(
    qtbot,
    world,
    v2_campaign,
    tmp_path,
    chinese,  # noqa: F811
):
    """Rendered on every run; kept in OFFICER_DECLARE_SCREENSHOTS (e.g. docs/screenshots) when it is set."""
    folder = Path(os.environ.get("OFFICER_DECLARE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page = open_page(qtbot, world, campaign_id=v2_campaign, autosave_ms=60_000)
    page.resize(1280, 800)
    fill_in_v2(qtbot, page)
    view = question_page(page, Question.RELATIVES_BUSINESS)
    view.table.selectRow(0)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    editor = view.editor
    assert editor is not None
    qtbot.waitExposed(editor)
    editor.resize(1200, 760)
    qtbot.wait(50)
    shots = [folder / "officer_v2_detail_row.png"]
    assert editor.grab().toImage().save(str(shots[-1]))
    editor.reject()
    for step, name in ((PERSONAL_STEP, "officer_v2_personal"), (REVIEW_STEP, "officer_v2_review")):
        go_to(page, step)
        qtbot.wait(50)
        shots.append(folder / f"{name}.png")
        assert page.grab().toImage().save(str(shots[-1]))
    assert all(shot.stat().st_size > 10_000 for shot in shots)


def test_the_fifty_first_family_member_cannot_be_added(qtbot, world, v2_campaign):
    """Decision 222: the form lists at most 50 family members, so the window offers no 51st (the button off, the
    reason shown); removing one offers it again."""
    page = open_page(qtbot, world, campaign_id=v2_campaign)
    go_to(page, PERSONAL_STEP)
    family = page.form_view.personal.family
    add_member(qtbot, page, Relation.PARENT, "王德福", builders.id_number("220402", "19450101", "015"), "退休")
    assert family.add_button.isEnabled()
    assert not family.full.isVisible()
    first = page.form.family_members[0]
    for _ in range(49):
        page.form.add_member(first)
    assert len(page.form.family_members) == 50
    assert not family.add_button.isEnabled()
    assert family.full.isVisible()
    assert family.full.text() == "List at most 50 family members."
    assert family.add_button.toolTip() == family.full.text()
    qtbot.mouseClick(family.add_button, Qt.MouseButton.LeftButton)
    assert family.dialog is None
    page.form.remove_member(49)
    assert family.add_button.isEnabled()
    assert not family.full.isVisible()


@pytest.mark.parametrize("version", [1, 2])
def test_the_two_hundred_first_interest_cannot_be_added(qtbot, world, v2_campaign, version: int):
    """Decision 234: a form lists at most 200 business interests, so no question's page offers a 201st (its button
    off, the reason shown beside it and as its tooltip); removing one offers it again."""
    page = open_page(qtbot, world, **({"campaign_id": v2_campaign} if version == 2 else {}))
    view = answer(qtbot, page, Question.OWN_BUSINESS, True)
    other = question_page(page, Question.RELATIVES_BUSINESS)
    assert view.add_button.isEnabled()
    assert not view.full.isVisible()
    entry = InterestEntry(builders.declaration().interests[0])
    for _ in range(200):
        page.form.add_entry(InterestEntry(entry.interest))
    for shown in (view, other):
        assert not shown.add_button.isEnabled()
        assert shown.full.text() == "List at most 200 business interests."
        assert shown.add_button.toolTip() == shown.full.text()
    assert view.full.isVisible()
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert view.editor is None
    page.form.remove_entry(page.form.all_entries()[-1].id)
    assert view.add_button.isEnabled()
    assert not view.full.isVisible()
