"""Decision 252, at countersign time: a head does not countersign a declaration, signed before the forms limited
their rows, that the export would then refuse; the same check and words as the export's (review of decision 252)."""

from __future__ import annotations

import pytest

from desktop.domain.declarations import DeclarationStatus
from desktop.i18n import Translator
from desktop.services.workflow import countersigning
from desktop.services.workflow.export_limits import PastTheFormsLimits
from desktop.store.repositories import declarations as repo
from tests.conftest import DEMO_STORE_PASSWORD
from tests.services.workflow.limits_support import sign_with, without_the_limits

OFFICER, HEAD = "000006", "000005"


def test_a_declaration_past_the_limits_is_not_countersigned(demo_world, monkeypatch: pytest.MonkeyPatch) -> None:
    put_back = without_the_limits(monkeypatch)
    signed = sign_with(demo_world.login(OFFICER), DEMO_STORE_PASSWORD, 201)
    put_back()
    head = demo_world.login(HEAD)
    with pytest.raises(PastTheFormsLimits) as raised:
        countersigning.countersign(head, OFFICER, "属实", DEMO_STORE_PASSWORD)
    with head.store.transaction() as connection:
        record = repo.get(connection, signed.id)
    assert record is not None
    assert record.status is DeclarationStatus.SIGNED  # nothing countersigned
    [(_id, police_number, _name, interests, _members)] = raised.value.found
    assert (police_number, interests) == (OFFICER, 201)
    english = raised.value.render(Translator("en"))
    assert english.startswith("Not countersigned: this declaration, signed before the form limited it, lists more")
    assert "more than 200 business interests or more than 50 family members" in english
    chinese = raised.value.render(Translator("zh_CN"))
    assert chinese.startswith("未签字背书：该登记表在登记表设置上限之前签字")
    assert OFFICER in chinese


def test_a_declaration_at_the_limits_is_countersigned(demo_world) -> None:
    sign_with(demo_world.login(OFFICER), DEMO_STORE_PASSWORD, 200)
    record = countersigning.countersign(demo_world.login(HEAD), OFFICER, "属实", DEMO_STORE_PASSWORD)
    assert record.status is DeclarationStatus.COUNTERSIGNED
