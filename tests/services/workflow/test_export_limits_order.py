"""Decision 252: the declarations past the forms' limits are named in export order (the unit's roster), not in the
order the store's query returns them; here the query's order (by id) is the roster's reversed."""

from __future__ import annotations

import itertools
import types
from pathlib import Path

import pytest

from desktop.services.workflow import countersigning, declaring
from desktop.services.workflow.export import export_unit
from desktop.services.workflow.export_limits import PastTheFormsLimits
from tests.conftest import DEMO_STORE_PASSWORD
from tests.services.workflow.limits_support import sign_with, without_the_limits

HEAD = "000005"
#: Two officers of the head's unit, in export order, who can sign here.
OFFICERS = ("000006", "000008")


def test_the_declarations_past_the_limits_are_named_in_export_order(
    demo_world, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    put_back = without_the_limits(monkeypatch)
    # A new draft's id from the top down: 000006's draft is new, 000008's is the demo's (a random, lower id)
    descending = (types.SimpleNamespace(hex=f"{(1 << 128) - n:032x}") for n in itertools.count(1))
    monkeypatch.setattr(declaring, "uuid", types.SimpleNamespace(uuid4=lambda: next(descending)))
    for number in OFFICERS:
        sign_with(demo_world.login(number), DEMO_STORE_PASSWORD, 201)
        countersigning.countersign(demo_world.login(HEAD), number, "属实", DEMO_STORE_PASSWORD)
    put_back()
    with pytest.raises(PastTheFormsLimits) as raised:
        export_unit(demo_world.login(HEAD), tmp_path / "unit.xlsx")
    found = raised.value.found
    assert sorted(declaration_id for declaration_id, *_rest in found) != [i for i, *_rest in found]  # not id order
    assert [police_number for _id, police_number, *_rest in found] == list(OFFICERS)
