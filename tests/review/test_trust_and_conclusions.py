"""The trust workflow for heads' keys, conclusions and leads — on the encrypted store and on PostgreSQL, each act in
the audit log."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop.services.inspection.conclusions import (
    AmbiguousSubject,
    BadKind,
    UnknownLead,
    UnknownSubject,
    conclude,
    latest_conclusions,
    list_leads,
    update_lead,
)
from desktop.services.inspection.review import run_review
from desktop.services.inspection.trust import KeyChanged, UnknownKey, distrust_key, list_head_keys, trust_key
from desktop.store import schema


def _audit(session, action: str) -> list[tuple[str, str, dict]]:
    a = schema.audit_log
    with session.store.transaction() as connection:
        rows = connection.execute(
            select(a.c.actor, a.c.subject, a.c.details).where(a.c.action == action).order_by(a.c.seq)
        ).all()
    return [(r.actor, r.subject, json.loads(r.details)) for r in rows]


def _changed_key(session):
    keys = list_head_keys(session)
    return next(k for k in keys if not k.trusted and k.other_keys)


def test_the_demo_leaves_two_keys_waiting_a_heads_new_key_and_the_signer_of_a_put_back_file(inspector):
    keys = list_head_keys(inspector)
    waiting = [k for k in keys if not k.trusted]
    assert len(waiting) == 2
    (new,) = [k for k in waiting if k.other_keys]
    assert all(k.trusted for k in keys if k.fingerprint in new.other_keys)
    (put_back,) = [k for k in waiting if not k.other_keys]
    assert put_back.role == "exporter"  # it signed the batch of the officer's own file, and countersigned nothing


def test_a_different_key_for_a_head_with_a_trusted_key_is_refused_loudly_without_new_key(inspector):
    new = _changed_key(inspector)
    with pytest.raises(KeyChanged) as refused:
        trust_key(inspector, new.fingerprint)
    assert refused.value.exit_code == 1
    assert "DIFFERENT" in str(refused.value)
    assert all(details["fingerprint"] != new.fingerprint for _a, _s, details in _audit(inspector, "key_trusted"))
    rules = {f.rule for f in run_review(inspector).review.findings}
    assert {"key_changed", "key_untrusted"} <= rules


def test_confirming_the_new_key_in_person_clears_key_changed_and_is_audited(inspector):
    new = _changed_key(inspector)
    trusted = trust_key(inspector, new.fingerprint.replace(":", "").upper(), note="当面核对", new_key=True)
    assert trusted.trusted
    assert trusted.trusted_by == "jijian01"
    rules = {f.rule for f in run_review(inspector).review.findings}
    assert not rules & {"key_changed", "key_untrusted"}
    actor, subject, details = _audit(inspector, "key_trusted")[-1]
    assert (actor, subject, details["fingerprint"]) == ("jijian01", new.fingerprint.replace(":", ""), new.fingerprint)
    assert details["note"] == "当面核对"
    assert details["replaces"] == list(new.other_keys)


def test_withdrawing_trust_makes_the_key_untrusted_again(inspector):
    trusted = next(k for k in list_head_keys(inspector) if k.trusted and k.countersigned)
    assert distrust_key(inspector, trusted.fingerprint) is True
    assert distrust_key(inspector, trusted.fingerprint) is False
    findings = run_review(inspector).review.findings
    assert any(f.rule == "key_untrusted" for f in findings)
    assert _audit(inspector, "key_distrusted")[-1][2] == {"fingerprint": trusted.fingerprint}


@pytest.mark.parametrize("fingerprint", ["abc", "0" * 64])
def test_an_unknown_or_malformed_fingerprint_is_refused(inspector, fingerprint):
    with pytest.raises(UnknownKey):
        trust_key(inspector, fingerprint)


def test_a_conclusion_is_recorded_with_inspector_note_and_time_and_audited(inspector):
    finding = next(f for f in run_review(inspector).review.findings if f.rule == "regulated_trade")
    done = conclude(inspector, finding.declaration_id[:8], "needs_checking", "  需向工商部门核实经营情况。 ")
    assert (done.declaration_id, done.police_number, done.kind) == (
        finding.declaration_id,
        finding.police_number,
        "needs_checking",
    )
    assert done.note == "需向工商部门核实经营情况。"
    assert done.inspector == "jijian01"
    assert done.concluded_at == "2027-01-20T09:00:00Z"
    assert done.lead_id is None
    actor, subject, details = _audit(inspector, "concluded")[-1]
    assert (actor, subject) == ("jijian01", finding.declaration_id)
    assert details["kind"] == "needs_checking"
    assert details["note"] == "需向工商部门核实经营情况。"


def test_the_latest_conclusion_counts_and_earlier_ones_stay(inspector):
    finding = next(f for f in run_review(inspector).review.findings if f.rule == "key_person")
    conclude(inspector, finding.declaration_id, "needs_checking", "待核实")
    conclude(inspector, finding.declaration_id, "truthful", "经核实，如实填报")
    with inspector.store.transaction() as connection:
        latest = latest_conclusions(connection, run_review(inspector).review.campaign.id)
    assert latest[finding.declaration_id].kind == "truthful"
    assert len(_audit(inspector, "concluded")) == 2


def test_a_lead_opens_a_follow_up_that_moves_through_its_states(inspector):
    finding = next(f for f in run_review(inspector).review.findings if f.rule == "own_jurisdiction")
    done = conclude(inspector, finding.declaration_id, "lead", "辖区内宾馆由配偶经营，移交线索。")
    assert done.lead_id is not None
    with inspector.store.transaction() as connection:
        (lead,) = list_leads(connection)
    assert (lead.id, lead.state, lead.police_number) == (done.lead_id, "open", finding.police_number)
    moved = update_lead(inspector, lead.id, "in_progress", "已约谈")
    assert (moved.state, moved.note) == ("in_progress", "已约谈")
    closed = update_lead(inspector, lead.id, "closed")
    assert closed.note == "已约谈"
    with inspector.store.transaction() as connection:
        assert [le.state for le in list_leads(connection, state="closed")] == ["closed"]
        assert list_leads(connection, state="open") == []
    assert [d["state"] for _a, _s, d in _audit(inspector, "lead_updated")] == ["in_progress", "closed"]
    with pytest.raises(UnknownLead):
        update_lead(inspector, 999, "closed")
    with pytest.raises(BadKind):
        update_lead(inspector, lead.id, "forgotten")


def test_an_officer_without_a_declaration_can_be_concluded_by_police_number(inspector):
    missing = next(f for f in run_review(inspector).review.findings if f.rule == "missing_declaration")
    done = conclude(inspector, missing.police_number, "omission", "未按要求登记")
    assert (done.declaration_id, done.police_number) == (None, missing.police_number)
    assert _audit(inspector, "concluded")[-1][1] == f"officer:{missing.police_number}"


def test_an_officer_with_two_declarations_must_be_named_by_declaration(inspector):
    duplicate = next(f for f in run_review(inspector).review.findings if f.rule == "duplicate_declaration")
    rows = [
        f
        for f in run_review(inspector).review.findings
        if f.rule == "duplicate_declaration" and f.police_number == duplicate.police_number
    ]
    if len({r.declaration_id for r in rows}) > 1:
        with pytest.raises(AmbiguousSubject):
            conclude(inspector, duplicate.police_number, "truthful", "")
    else:  # the same declaration in two workbooks: one declaration, so the police number names it
        assert conclude(inspector, duplicate.police_number, "truthful", "").declaration_id == rows[0].declaration_id


def test_unknown_subjects_and_kinds_are_refused_and_nothing_is_recorded(inspector):
    with pytest.raises(UnknownSubject):
        conclude(inspector, "zzzzzz", "truthful", "")
    with pytest.raises(BadKind):
        conclude(inspector, "000002", "innocent", "")
    assert _audit(inspector, "concluded") == []
