"""receive: an officer's own export made on another form version than the campaign of the head's store names is
refused with one sentence, and nothing changes (issue 11, item 2: a declaration always carries its campaign's
form)."""

from __future__ import annotations

import pytest

from desktop.services.administration.campaigns import resolve_campaign
from desktop.services.workflow.receive import CannotReceive, receive
from desktop.store import schema
from tests.services.workflow.test_receive import (  # noqa: F401  # officer_computer: a fixture
    HEAD,
    officer_computer,
    sign_and_export_own,
    store_state,
)


def test_a_declaration_on_another_form_version_than_the_campaigns_is_refused(
    demo_world,
    officer_computer,  # noqa: F811
    tmp_path,
) -> None:
    path = sign_and_export_own(officer_computer, tmp_path)  # on the form version the officer's campaign names
    head = demo_world.login(HEAD)
    with head.store.transaction() as connection:  # the head's store set up the same campaign on another version
        campaign = resolve_campaign(connection, None)
        other = 1 if campaign.form_version != 1 else 2
        connection.execute(
            schema.campaigns.update().where(schema.campaigns.c.id == campaign.id).values(form_version=other)
        )
    before = store_state(demo_world)

    expected = f"form version {campaign.form_version}, but the campaign uses form version {other}"
    with pytest.raises(CannotReceive, match=expected):
        receive(head, path)

    assert store_state(demo_world) == before
