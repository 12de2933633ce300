"""``without_the_limits`` puts back the forms' limits and nothing else: the autouse isolated home (tests/conftest.py)
stays in force for the rest of the test (review of decision 252)."""

from __future__ import annotations

import os

import pytest

from desktop.form.registry import form_for
from tests.services.workflow.limits_support import without_the_limits


def test_putting_the_limits_back_leaves_the_isolated_home(monkeypatch: pytest.MonkeyPatch) -> None:
    isolated = {name: os.environ[name] for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME")}
    put_back = without_the_limits(monkeypatch)
    assert (form_for(1).max_interests, form_for(2).max_family_members) == (None, None)
    put_back()
    assert (form_for(1).max_interests, form_for(2).max_interests, form_for(2).max_family_members) == (200, 200, 50)
    assert {name: os.environ.get(name) for name in isolated} == isolated
