"""Every record knows its form version (issue 11, item 2) and a new countersignature can cover the declaration's
version and the id of the version it supersedes (issue 12's "this is the latest version", decision 46): through the
real services, in a real store with real keys."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import select

from desktop.crypto.payloads import countersign_payload_for, officer_payload_for
from desktop.domain.carry_over import CARRIED_OVER
from desktop.domain.declarations import DeclarationStatus
from desktop.domain.questions import Question
from desktop.form import NEWEST_FORM_VERSION
from desktop.services.administration import campaigns
from desktop.services.administration.campaigns import (
    NEW_CAMPAIGN_FORM_VERSION,
    UnknownFormVersionChosen,
    create_campaign,
)
from desktop.services.workflow import countersigning
from desktop.services.workflow.countersigning import countersign
from desktop.services.workflow.declaring import save_draft, sign
from desktop.services.workflow.verification import verify
from desktop.store import schema
from desktop.store.repositories import declarations as repo
from tests.conftest import USER_PASSWORD
from tests.form.builders import v2_declaration
from tests.services.workflow.support import DEADLINE, PEOPLE, World, build_world, full_declaration

OPINION = "经核对，填报属实。"


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> World:
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1", "o2"))
    yield world
    world.close()


def _v2_campaign(world: World):
    return create_campaign(world.admin, name="2027年度经商办企业专项登记", deadline=DEADLINE, form_version=2)


def _stored(world: World, declaration_id: str):
    d = schema.declarations
    with world.admin.store.transaction() as connection:
        return connection.execute(select(d.c.form_version, d.c.content).where(d.c.id == declaration_id)).one()


def test_a_campaign_names_its_form_version(world: World) -> None:
    assert world.campaign.form_version == NEW_CAMPAIGN_FORM_VERSION
    assert NEW_CAMPAIGN_FORM_VERSION <= NEWEST_FORM_VERSION
    made = _v2_campaign(world)
    assert made.form_version == 2
    listed = {c.id: c.form_version for c in campaigns.list_campaigns(world.admin)}
    assert listed == {world.campaign.id: NEW_CAMPAIGN_FORM_VERSION, made.id: 2}
    before = len(campaigns.list_campaigns(world.admin))
    with pytest.raises(UnknownFormVersionChosen):
        create_campaign(world.admin, name="x", deadline=DEADLINE, form_version=9)
    assert len(campaigns.list_campaigns(world.admin)) == before  # nothing half-made


def test_a_declaration_takes_its_campaigns_form_version(world: World) -> None:
    o1 = world["o1"]
    older = create_campaign(world.admin, name="2026年度（第1版登记表）", deadline=DEADLINE, form_version=1)
    v1 = save_draft(o1, full_declaration(form_version=1), older.id).record
    assert v1.declaration.form_version == 1
    assert _stored(world, v1.id).form_version == 1
    assert "form_version" not in json.loads(_stored(world, v1.id).content)  # version 1's content is frozen

    campaign = _v2_campaign(world)
    content = v2_declaration(dataclasses.replace(full_declaration(form_version=1), officer=PEOPLE["o1"][0]))
    saved = save_draft(o1, content.with_changes(form_version=1), campaign.id)  # whatever the content said
    assert saved.record.declaration.form_version == 2
    # The sections that still say what o1's draft in the first campaign says are carried over (decision 70).
    assert [p for p in saved.problems if p.code != CARRIED_OVER] == []
    row = _stored(world, saved.record.id)
    assert row.form_version == 2
    assert json.loads(row.content)["form_version"] == 2
    assert saved.record.declaration.officer.political_status is not None  # typed by the officer, kept


def test_a_version_2_declaration_is_signed_countersigned_and_verified_on_version_2(world: World) -> None:
    campaign = _v2_campaign(world)
    o1 = world["o1"]
    content = v2_declaration(dataclasses.replace(full_declaration(form_version=1), officer=PEOPLE["o1"][0]))
    # The holder chosen from the list is enough: name and ID number are copied from the listed member.
    rows = tuple(
        i.with_changes(holder_name="", holder_id_number="") if i.question is Question.RELATIVES_BUSINESS else i
        for i in content.interests
    )
    save_draft(o1, content.with_changes(interests=rows), campaign.id)
    signed = sign(o1, USER_PASSWORD, campaign.id)
    assert signed.status is DeclarationStatus.SIGNED
    relatives = next(i for i in signed.declaration.interests if i.question is Question.RELATIVES_BUSINESS)
    assert relatives.holder_name == "张丽"
    record = countersign(world["hB"], world.number("o1"), OPINION, USER_PASSWORD, campaign.id)
    verified = verify(world["hB"], world.number("o1"), campaign.id)
    assert verified.result.valid, verified.result.failures
    with world.admin.store.transaction() as connection:
        stored = repo.signed_declaration(connection, record)
    assert stored.officer_signature is not None
    payload = json.loads(officer_payload_for(stored.declaration, stored.officer_signature))
    assert payload["declaration"]["form_version"] == 2
    assert payload["declaration"]["family_members"][0]["name"] == "张丽"
    # Read back as version 1 it would not verify: the version is part of what was signed.
    as_v1 = dataclasses.replace(stored, declaration=stored.declaration.with_changes(form_version=1))
    assert officer_payload_for(as_v1.declaration, stored.officer_signature) != officer_payload_for(
        stored.declaration, stored.officer_signature
    )


def _amend_and_countersign(world: World) -> tuple[str, str]:
    """o1 signs, hB countersigns, o1 amends and signs again, hB countersigns the amendment: (first id, second id)."""
    o1, head = world["o1"], world["hB"]
    save_draft(o1, full_declaration())
    first = sign(o1, USER_PASSWORD)
    countersign(head, world.number("o1"), OPINION, USER_PASSWORD)
    amended = save_draft(o1, full_declaration().with_changes(remarks="补充说明。"))
    assert amended.amended
    sign(o1, USER_PASSWORD)
    second = countersign(head, world.number("o1"), OPINION, USER_PASSWORD)
    assert second.supersedes == first.id
    return first.id, second.id


def test_a_format_2_countersignature_covers_the_version_and_the_superseded_id(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(countersigning, "NEW_COUNTERSIGN_FORMAT", 2)
    first_id, second_id = _amend_and_countersign(world)
    with world.admin.store.transaction() as connection:
        record = repo.get(connection, second_id)
        assert record is not None
        signed = repo.signed_declaration(connection, record)
        _officer_row, counter_row = repo.current_signatures(connection, second_id)
    assert counter_row is not None
    assert counter_row.payload_format == 2
    assert signed.countersignature is not None
    assert signed.countersignature.supersedes == first_id
    assert signed.officer_signature is not None
    payload = json.loads(
        countersign_payload_for(
            officer_payload_for(signed.declaration, signed.officer_signature),
            signed.officer_signature,
            signed.countersignature,
        )
    )
    assert payload["format_version"] == 2
    assert payload["declaration_version"] == 2
    assert payload["supersedes"] == first_id
    assert verify(world["hB"], second_id).result.valid

    # The superseded id is signed: a record claiming to supersede another version no longer verifies.
    d = schema.declarations
    with world.admin.store.transaction() as connection:
        connection.execute(d.update().where(d.c.id == second_id).values(supersedes=None))
    codes = [f.code for f in verify(world["hB"], second_id).result.failures]
    assert codes == ["countersignature.invalid"]


def test_format_1_countersignatures_verify_as_before(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # Format 1 as before workbook format 2 made format 2 the default (old countersignatures keep format 1).
    monkeypatch.setattr(countersigning, "NEW_COUNTERSIGN_FORMAT", 1)
    first_id, second_id = _amend_and_countersign(world)
    with world.admin.store.transaction() as connection:
        _officer_row, counter_row = repo.current_signatures(connection, second_id)
    assert counter_row is not None
    assert counter_row.payload_format == 1
    assert verify(world["hB"], second_id).result.valid
    assert verify(world["hB"], first_id).result.valid
