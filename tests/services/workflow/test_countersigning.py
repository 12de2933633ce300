"""The unit head countersigns (签字背书) or returns, level by level; amendments make new versions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable

import pytest
from sqlalchemy import text

from desktop.crypto.payloads import officer_payload_for
from desktop.crypto.signing import SigningKey
from desktop.crypto.verification import verify_declaration
from desktop.domain.declarations import DeclarationStatus
from desktop.domain.signed import SignedDeclaration
from desktop.services.administration.campaigns import create_campaign
from desktop.services.errors import BrokenSignature, NotAllowed, NotCountersignable, NotYourOfficer, ReasonRequired
from desktop.services.workflow.completeness import completeness
from desktop.services.workflow.countersigning import countersign, queue, return_declaration
from desktop.services.workflow.declaring import save_draft, sign
from desktop.services.workflow.history import history
from desktop.services.workflow.verification import verify
from desktop.store.errors import WrongPassword
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.declarations import DeclarationRecord
from tests.conftest import ADMIN_PASSWORD, USER_PASSWORD
from tests.services.workflow.support import (
    PEOPLE,
    UNIT_A,
    UNIT_B,
    UNIT_C,
    World,
    all_keys,
    build_world,
    clean_declaration,
    full_declaration,
    latest,
    standalone_world,
    state,
)

OPINION = "经审核,情况属实。"


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> World:
    world = build_world(admin_session, add_user, paths, clock, throttle)
    yield world
    world.close()


@dataclasses.dataclass(frozen=True)
class Sample:
    """o1's declaration countersigned by hB, as stored, with every public key of the store."""

    signed: SignedDeclaration
    keys: dict[str, bytes]
    head_fingerprint: str
    other_fingerprint: str  # o2's key

    def failures(self, signed: SignedDeclaration, keys: Callable[[str], bytes | None] | None = None) -> list[str]:
        return [f.code for f in verify_declaration(signed, keys or self.keys.get).failures]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Sample:
    """Countersigned once for the tables of alterations below, which only read it."""
    world = standalone_world(tmp_path_factory.mktemp("countersigned"), logins=("hB", "o1", "o2"))
    try:
        record = _countersigned(world, "o1", "hB")
        with world.admin.store.transaction() as connection:
            signed = repo.signed_declaration(connection, record)
        return Sample(signed, all_keys(world.admin), world["hB"].account.fingerprint, world["o2"].account.fingerprint)
    finally:
        world.close()


def _signed(world: World, login: str) -> DeclarationRecord:
    session = world[login]
    content = full_declaration() if login == "o1" else clean_declaration(PEOPLE[login][0])
    save_draft(session, content)
    return sign(session, USER_PASSWORD)


def _countersigned(world: World, login: str, head: str) -> DeclarationRecord:
    _signed(world, login)
    return countersign(world[head], world.number(login), OPINION, USER_PASSWORD)


def _refused(world: World, record_id: str | None, error: type[Exception], action: Callable[[], object]) -> None:
    """``action`` raises ``error`` and leaves the declaration, its signatures and the audit log as they were."""
    before = state(world.admin, record_id)
    with pytest.raises(error):
        action()
    assert state(world.admin, record_id) == before


def test_the_head_countersigns_and_both_signatures_verify(world):
    signed = _signed(world, "o1")

    record = countersign(world["hB"], world.number("o1"), OPINION, USER_PASSWORD)

    assert record.id == signed.id
    assert record.status is DeclarationStatus.COUNTERSIGNED
    result = verify(world["o1"], world.number("o1")).result
    assert result.valid
    assert result.officer_valid
    assert result.countersignature_valid
    with world.admin.store.transaction() as connection:
        officer_row, counter_row = repo.current_signatures(connection, record.id)
    assert counter_row is not None
    assert officer_row is not None
    assert counter_row.opinion == OPINION
    assert counter_row.signer_fingerprint == world["hB"].account.fingerprint
    assert counter_row.officer_public_key is not None
    assert counter_row.signer_fingerprint != officer_row.signer_fingerprint


def test_a_deputy_holding_the_unit_head_role_countersigns_the_units_officers(world):
    _signed(world, "o2")
    record = countersign(world["dB"], world.number("o2"), OPINION, USER_PASSWORD)
    assert verify(world["o2"], world.number("o2")).result.valid
    assert record.status is DeclarationStatus.COUNTERSIGNED


def test_a_head_cannot_countersign_their_own_declaration(world):
    # dB holds the unit-head role and is an officer of unit B: the own declaration goes to hB instead.
    deputy = _signed(world, "dB")
    _refused(
        world, deputy.id, NotYourOfficer, lambda: countersign(world["dB"], world.number("dB"), OPINION, USER_PASSWORD)
    )
    _refused(world, deputy.id, NotYourOfficer, lambda: return_declaration(world["dB"], world.number("dB"), "自己退回"))
    # hB, the unit's head, cannot countersign their own either: that goes to the head of unit A.
    own = _signed(world, "hB")
    _refused(
        world, own.id, NotYourOfficer, lambda: countersign(world["hB"], world.number("hB"), OPINION, USER_PASSWORD)
    )
    # A deputy of unit B does not countersign the unit's head.
    _refused(
        world, own.id, NotYourOfficer, lambda: countersign(world["dB"], world.number("hB"), OPINION, USER_PASSWORD)
    )
    countersign(world["hB"], world.number("dB"), OPINION, USER_PASSWORD)
    assert verify(world["dB"], world.number("dB")).result.valid


def test_a_head_cannot_countersign_or_return_another_units_declaration(world):
    record = _signed(world, "o1")
    _refused(
        world, record.id, NotYourOfficer, lambda: countersign(world["hC"], world.number("o1"), OPINION, USER_PASSWORD)
    )
    _refused(world, record.id, NotYourOfficer, lambda: return_declaration(world["hC"], world.number("o1"), "不属实"))
    # Nor does the head of the unit above skip a level.
    _refused(
        world, record.id, NotYourOfficer, lambda: countersign(world["hA"], world.number("o1"), OPINION, USER_PASSWORD)
    )


def test_a_draft_cannot_be_countersigned_or_returned(world):
    save_draft(world["o2"], clean_declaration(PEOPLE["o2"][0]))
    draft = latest(world.admin, world.number("o2"), world.campaign.id)
    assert draft is not None
    _refused(
        world,
        draft.id,
        NotCountersignable,
        lambda: countersign(world["hB"], world.number("o2"), OPINION, USER_PASSWORD),
    )
    _refused(world, draft.id, NotCountersignable, lambda: return_declaration(world["hB"], world.number("o2"), "退回"))


def test_a_returned_declaration_cannot_be_countersigned(world):
    record = _signed(world, "o1")
    return_declaration(world["hB"], world.number("o1"), "请补充股份比例")
    _refused(
        world,
        record.id,
        NotCountersignable,
        lambda: countersign(world["hB"], world.number("o1"), OPINION, USER_PASSWORD),
    )


def test_a_countersigned_declaration_cannot_be_countersigned_again(world):
    record = _countersigned(world, "o1", "hB")
    _refused(
        world,
        record.id,
        NotCountersignable,
        lambda: countersign(world["dB"], world.number("o1"), OPINION, USER_PASSWORD),
    )
    _refused(world, record.id, NotCountersignable, lambda: return_declaration(world["hB"], world.number("o1"), "晚了"))


def test_a_wrong_password_refuses_countersigning(world):
    record = _signed(world, "o1")
    _refused(
        world,
        record.id,
        WrongPassword,
        lambda: countersign(world["hB"], world.number("o1"), OPINION, "wrong-pass-1234"),
    )
    _refused(
        world, record.id, WrongPassword, lambda: countersign(world["hB"], world.number("o1"), OPINION, ADMIN_PASSWORD)
    )  # another account's


def test_an_officer_without_the_unit_head_role_cannot_countersign_or_return(world):
    record = _signed(world, "o1")
    _refused(world, record.id, NotAllowed, lambda: countersign(world["o2"], world.number("o1"), OPINION, USER_PASSWORD))
    _refused(world, record.id, NotAllowed, lambda: return_declaration(world["o2"], world.number("o1"), "退回"))


def test_the_head_of_the_unit_above_countersigns_a_unit_head(world):
    _signed(world, "hB")
    _signed(world, "hC")

    countersign(world["hA"], world.number("hB"), OPINION, USER_PASSWORD)
    countersign(world["hA"], world.number("hC"), OPINION, USER_PASSWORD)

    for login in ("hB", "hC"):
        result = verify(world["hA"], world.number(login)).result
        assert result.valid
        assert result.countersignature_valid


def test_each_head_queues_exactly_the_declarations_they_countersign(world):
    def queued(login: str) -> set[str]:
        return {item.officer.police_number for item in queue(world[login])}

    numbers = {login: world.number(login) for login in PEOPLE}
    assert queued("hA") == {numbers["hB"], numbers["hC"]}  # hA has no head above: nobody countersigns hA here
    assert queued("hB") == {numbers["dB"], numbers["o1"], numbers["o2"]}
    assert queued("dB") == {numbers["o1"], numbers["o2"]}
    assert queued("hC") == {numbers["o3"]}


def test_return_needs_a_reason(world):
    record = _signed(world, "o1")
    for reason in ("", "   ", "\n"):
        _refused(
            world, record.id, ReasonRequired, lambda r=reason: return_declaration(world["hB"], world.number("o1"), r)
        )


def test_a_returned_declaration_is_seen_with_its_reason_edited_signed_and_countersigned(world):
    o1, head = world["o1"], world["hB"]
    first = _signed(world, "o1")

    returned = return_declaration(head, world.number("o1"), "第二行股份比例与工商登记不符")

    assert returned.status is DeclarationStatus.RETURNED
    seen = history(o1, world.number("o1"))
    assert [v.record.status for v in seen.versions] == [DeclarationStatus.RETURNED]
    [returned_row] = seen.versions[0].returns
    assert returned_row.reason == "第二行股份比例与工商登记不符"
    assert returned_row.returned_by == head.account.id
    assert "returned" in [e.action for e in seen.versions[0].audit]

    save_draft(o1, full_declaration().with_changes(remarks="已按工商登记更正"))
    sign(o1, USER_PASSWORD)
    record = countersign(head, world.number("o1"), OPINION, USER_PASSWORD)

    assert record.id == first.id
    assert record.version == 1
    assert verify(o1, world.number("o1")).result.valid
    after = history(o1, world.number("o1")).versions[0]
    assert after.verification.valid
    assert [(s.kind, s.void) for s in after.signatures] == [
        ("officer", True),
        ("officer", False),
        ("countersignature", False),
    ]
    assert [e.action for e in after.audit] == [
        "draft_created",
        "signed",
        "returned",
        "draft_saved",
        "signed",
        "countersigned",
    ]


# -- what the countersignature covers ---------------------------------------------------------------------


def _counter(**changes: object) -> Callable[[SignedDeclaration], SignedDeclaration]:
    def apply(signed: SignedDeclaration) -> SignedDeclaration:
        assert signed.countersignature is not None
        return dataclasses.replace(signed, countersignature=dataclasses.replace(signed.countersignature, **changes))

    return apply


COUNTER_CHANGES = {
    "opinion": (_counter(opinion="同意。"), "countersignature.invalid"),
    "opinion by one character": (_counter(opinion=OPINION[:-1]), "countersignature.invalid"),
    "time": (_counter(countersigned_at="2026-11-21T09:30:01Z"), "countersignature.invalid"),
    "officer key": (_counter(officer_public_key=SigningKey.from_raw(bytes(32)).public_key), "officer.key_mismatch"),
}


@pytest.mark.parametrize("change", list(COUNTER_CHANGES), ids=list(COUNTER_CHANGES))
def test_the_countersignature_covers_opinion_time_and_officer_key(sample, change):
    alter, code = COUNTER_CHANGES[change]
    assert sample.failures(sample.signed) == []

    failures = sample.failures(alter(sample.signed))

    assert code in failures


def test_swapping_the_officer_key_for_another_accounts_key_fails(sample):
    other_key = sample.keys[sample.other_fingerprint]

    swapped = _counter(officer_public_key=other_key)(sample.signed)
    assert sample.failures(swapped) == ["officer.key_mismatch", "countersignature.invalid"]

    # Also naming o2 as the signer: o2's key does not verify o1's signature, and the head vouched for o1's key.
    assert sample.signed.officer_signature is not None
    renamed = dataclasses.replace(
        swapped,
        officer_signature=dataclasses.replace(
            sample.signed.officer_signature, signer_fingerprint=sample.other_fingerprint
        ),
    )
    assert sample.failures(renamed) == ["officer.signature_invalid", "countersignature.invalid"]


def test_content_re_signed_with_another_key_does_not_carry_the_countersignature(sample):
    """An inspector who trusts only the head's key: a forger re-signs altered content with a key of their own."""
    signed = sample.signed
    head_key = sample.keys[sample.head_fingerprint]
    forger = SigningKey.from_raw(bytes(range(32)))
    assert signed.officer_signature is not None
    assert signed.countersignature is not None
    content = signed.declaration.with_changes(interests=signed.declaration.interests[1:])
    forged_sig = dataclasses.replace(signed.officer_signature, signer_fingerprint=forger.fingerprint, signature=b"")
    forged_sig = dataclasses.replace(forged_sig, signature=forger.sign(officer_payload_for(content, forged_sig)))
    forged = SignedDeclaration(
        content, forged_sig, dataclasses.replace(signed.countersignature, officer_public_key=forger.public_key)
    )

    def only_the_head(fp: str) -> bytes | None:
        return head_key if fp == sample.head_fingerprint else None

    result = verify_declaration(forged, only_the_head)
    assert result.officer_valid  # the forger's own signature is fine …
    assert [f.code for f in result.failures] == ["countersignature.invalid"]  # … but the head never vouched for it
    assert verify_declaration(signed, only_the_head).valid  # the original checks with the head's key alone


def test_a_countersignature_by_the_officers_own_key_is_refused_by_verification(sample):
    assert sample.signed.officer_signature is not None
    self_signed = _counter(countersigner_fingerprint=sample.signed.officer_signature.signer_fingerprint)(sample.signed)
    assert sample.failures(self_signed) == ["countersignature.self"]


# -- amendments ---------------------------------------------------------------------------------------------


def test_an_amendment_makes_version_two_that_is_signed_and_countersigned_again(world):
    o1, head = world["o1"], world["hB"]
    first = _countersigned(world, "o1", "hB")

    saved = save_draft(o1, full_declaration().with_changes(remarks="补充申报"))

    assert saved.amended
    second = saved.record
    assert second.id != first.id
    assert second.version == 2
    assert second.supersedes == first.id
    assert second.status is DeclarationStatus.DRAFT
    with world.admin.store.transaction() as connection:
        old = repo.get(connection, first.id)
    assert old is not None
    assert old.status is DeclarationStatus.SUPERSEDED
    # Saving the draft again keeps version 2.
    again = save_draft(o1, full_declaration().with_changes(remarks="补充申报(修改)"))
    assert not again.amended
    assert again.record.id == second.id
    # Version 2 is not valid until it is signed and countersigned.
    assert verify(o1, world.number("o1")).result.failures[0].code == "officer.missing"
    _refused(
        world, second.id, NotCountersignable, lambda: countersign(head, world.number("o1"), OPINION, USER_PASSWORD)
    )
    # Nor can the superseded version be countersigned or returned by its id.
    _refused(world, first.id, NotCountersignable, lambda: countersign(head, first.id, OPINION, USER_PASSWORD))
    _refused(world, first.id, NotCountersignable, lambda: return_declaration(head, first.id, "旧版本"))

    sign(o1, USER_PASSWORD)
    signed_only = verify(o1, world.number("o1")).result
    assert signed_only.valid
    assert not signed_only.countersignature_valid
    countersign(head, world.number("o1"), "同意更正。", USER_PASSWORD)

    versions = history(o1, world.number("o1")).versions
    assert [(v.record.version, v.record.status) for v in versions] == [
        (1, DeclarationStatus.SUPERSEDED),
        (2, DeclarationStatus.COUNTERSIGNED),
    ]
    for version in versions:
        assert version.verification.valid
        assert version.verification.countersignature_valid
    assert versions[0].record.declaration.remarks == ""
    assert versions[1].record.declaration.remarks == "补充申报(修改)"
    assert verify(o1, first.id).result.valid  # the old version is still verifiable by its id


def test_completeness_reports_each_state(world):
    _signed(world, "hB")
    return_declaration(world["hA"], world.number("hB"), "请补充配偶信息")  # hB: returned
    _countersigned(world, "o1", "hB")
    save_draft(world["o1"], full_declaration().with_changes(remarks="更正"))  # o1: v2 draft, v1 superseded
    _signed(world, "o2")  # o2: signed
    _countersigned(world, "hC", "hA")  # hC: countersigned
    save_draft(world["o3"], clean_declaration(PEOPLE["o3"][0]))  # o3: draft; hA and dB: not started

    report = completeness(world.admin)

    by_unit = {u.unit_code: u for u in report.units}
    assert set(by_unit) == {UNIT_A, UNIT_B, UNIT_C}
    zero = dict.fromkeys(("not_started", "draft", "signed", "returned", "countersigned", "superseded"), 0)
    assert by_unit[UNIT_A].counts == {**zero, "not_started": 1}
    assert by_unit[UNIT_B].counts == {**zero, "not_started": 1, "draft": 1, "signed": 1, "returned": 1, "superseded": 1}
    assert by_unit[UNIT_C].counts == {**zero, "draft": 1, "countersigned": 1}
    assert [(by_unit[c].roster, by_unit[c].declared, by_unit[c].late) for c in (UNIT_A, UNIT_B, UNIT_C)] == [
        (1, 0, 0),
        (4, 1, 0),
        (2, 1, 0),
    ]
    # A head sees the own unit and the units below it; an officer sees none.
    assert {u.unit_code for u in completeness(world["hB"]).units} == {UNIT_B}
    assert {u.unit_code for u in completeness(world["hA"]).units} == {UNIT_A, UNIT_B, UNIT_C}
    with pytest.raises(NotAllowed):
        completeness(world["o2"])


def test_a_declaration_named_by_id_is_checked_against_its_own_campaign(world):
    """Once a newer campaign with another commitment text exists, an older declaration named by its id still
    verifies, and is countersigned, against the commitment and deadline of the campaign it was signed in."""
    first = _signed(world, "o1")
    world.clock.advance(days=15)  # after the first campaign's deadline
    create_campaign(world.admin, name="2027年度登记", deadline=dt.date(2027, 1, 31), commitment_text="新的承诺书。\n")

    assert verify(world["o1"], first.id).result.valid
    assert history(world["o1"], first.id).campaign.id == world.campaign.id
    assert history(world["o1"], first.id).versions[0].verification.valid

    record = countersign(world["hB"], first.id, OPINION, USER_PASSWORD)

    assert record.status is DeclarationStatus.COUNTERSIGNED
    assert verify(world["hB"], first.id).result.valid
    with world.admin.store.transaction() as connection:
        _, counter_row = repo.current_signatures(connection, first.id)
    assert counter_row is not None
    assert counter_row.is_late


def test_content_changed_in_the_database_after_signing_is_refused_for_countersigning(world):
    record = _signed(world, "o1")
    with world.admin.store.transaction() as connection:
        content = json.loads(
            connection.execute(text("SELECT content FROM declarations WHERE id = :id"), {"id": record.id}).scalar_one()
        )
        content["interests"][1]["share_percent"] = "0.5"
        connection.execute(
            text("UPDATE declarations SET content = :c WHERE id = :id"),
            {"c": json.dumps(content, ensure_ascii=False), "id": record.id},
        )

    assert [f.code for f in verify(world["hB"], world.number("o1")).result.failures] == ["officer.signature_invalid"]
    _refused(
        world, record.id, BrokenSignature, lambda: countersign(world["hB"], world.number("o1"), OPINION, USER_PASSWORD)
    )
    # The head returns it instead.
    assert return_declaration(world["hB"], world.number("o1"), "内容与签名不符").status is DeclarationStatus.RETURNED


def test_a_wrong_password_while_countersigning_says_nothing_was_signed(world):
    from desktop.i18n import Translator
    from desktop.services.errors import WrongSigningPassword

    _signed(world, "o1")

    with pytest.raises(WrongSigningPassword) as refused:
        countersign(world["hB"], world.number("o1"), OPINION, "wrong-pass-1234")

    assert Translator("zh_CN")(refused.value.message) == "密码错误，未签字。请输入您的登录密码。"
