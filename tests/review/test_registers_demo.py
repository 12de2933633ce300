"""The demo's registers: each register part fires its rules, with the match strength the demo set up, and the
known clean officer (whose name is in a register with a masked ID number that disagrees) fires none; the same on
PostgreSQL."""

from __future__ import annotations

import pytest

from desktop.services.inspection.review import run_review

EXPECTED = {
    "register_undeclared": ({"register_undeclared", "register_undeclared_regulated"}, "matched by ID number"),
    "register_family": ({"register_undeclared", "register_undeclared_regulated"}, "masked ID number and name"),
    "register_differs": ({"register_differs"}, "the register shows 60 %"),
    "register_role": ({"register_differs"}, "name and birth date only"),
}


def _register_findings(session, police_number: str):
    review = run_review(session).review
    return [f for f in review.findings if f.police_number == police_number and f.rule.startswith("register_")]


@pytest.mark.parametrize("where", ["encrypted", "server"])
def test_each_register_part_fires_its_rules_and_the_clean_officer_none(reviewed_demo, request, where):
    session = request.getfixturevalue("encrypted_inspector" if where == "encrypted" else "server_inspector")
    parts = reviewed_demo[1].review.register_parts
    assert set(parts) == {*EXPECTED, "clean"}
    review = run_review(session).review
    english = lambda text, **fields: text.format(**fields)  # noqa: E731
    for part, (rules, evidence) in EXPECTED.items():
        found = [f for f in review.findings if f.police_number == parts[part] and f.rule.startswith("register_")]
        assert {f.rule for f in found} == rules, part
        assert any(evidence in f.render(english) for f in found), part
    assert [f.rule for f in review.findings if f.police_number == parts["clean"]] == []
