"""The officer signs: validation first, then the password, then Ed25519 over every field of the declaration."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from desktop.crypto.verification import verify_declaration
from desktop.domain.declarations import Declaration, DeclarationStatus
from desktop.domain.officers import Officer
from desktop.domain.questions import Question
from desktop.domain.roles import Role
from desktop.domain.signed import SignedDeclaration
from desktop.domain.units import Unit
from desktop.services.administration.campaigns import create_campaign
from desktop.services.errors import InvalidInput, NotEditable, NotSignable
from desktop.services.workflow.completeness import completeness
from desktop.services.workflow.countersigning import return_declaration
from desktop.services.workflow.declaring import save_draft, sign, start_draft
from desktop.services.workflow.verification import verify
from desktop.store.errors import WrongPassword
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.officers import save_officers
from desktop.store.repositories.units import save_units
from tests.conftest import USER_PASSWORD
from tests.domain import builders
from tests.services.workflow.support import (
    UNIT_A,
    UNIT_B,
    World,
    all_keys,
    build_world,
    clean_declaration,
    full_declaration,
    latest,
    standalone_world,
    state,
)

WARNING_KEY = "interests[0].uscc:uscc.check_character"


@pytest.fixture
def world(admin_session, add_user, paths, clock, throttle) -> World:
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=("hB", "o1", "o2"))
    yield world
    world.close()


@dataclasses.dataclass(frozen=True)
class Sample:
    """o1's full declaration as signed and stored, with every public key of the store."""

    signed: SignedDeclaration
    keys: dict[str, bytes]
    commitment_sha256: str
    other_fingerprint: str  # o2's key

    def check(self, signed: SignedDeclaration, *, with_campaign: bool = True):
        return verify_declaration(
            signed,
            self.keys.get,
            require_countersignature=False,
            expected_commitment_sha256=self.commitment_sha256 if with_campaign else None,
        )


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Sample:
    """Signed once for the tables of alterations below, which only read it."""
    world = standalone_world(tmp_path_factory.mktemp("signed"), logins=("o1", "o2"))
    try:
        save_draft(world["o1"], full_declaration())
        record = sign(world["o1"], USER_PASSWORD)
        with world.admin.store.transaction() as connection:
            signed = repo.signed_declaration(connection, record)
        return Sample(signed, all_keys(world.admin), world.campaign.commitment_sha256, world["o2"].account.fingerprint)
    finally:
        world.close()


def repo_signatures(world: World, declaration_id: str):
    with world.admin.store.transaction() as connection:
        return repo.current_signatures(connection, declaration_id)


def test_save_draft_then_sign_gives_a_signed_declaration_that_verifies(world):
    o1 = world["o1"]
    saved = save_draft(o1, full_declaration())
    assert saved.record.status is DeclarationStatus.DRAFT
    assert saved.problems == []

    signed = sign(o1, USER_PASSWORD)

    assert signed.status is DeclarationStatus.SIGNED
    assert signed.id == saved.record.id
    assert signed.version == 1
    verified = verify(o1, world.number("o1"))
    assert verified.result.valid, verified.result.failures
    assert verified.result.officer_valid
    assert not verified.result.countersignature_valid  # not countersigned yet, and not required yet
    officer_row, counter_row = repo_signatures(world, signed.id)
    assert counter_row is None
    assert officer_row.signer_fingerprint == o1.account.fingerprint
    assert officer_row.commitment_sha256 == world.campaign.commitment_sha256
    assert officer_row.is_late is False


def test_the_stored_signature_verifies_unchanged(sample):
    result = sample.check(sample.signed)
    assert result.valid
    assert result.officer_valid


def _content(change):
    def apply(signed: SignedDeclaration) -> SignedDeclaration:
        return dataclasses.replace(signed, declaration=change(signed.declaration))

    return apply


def _with_interest(declaration: Declaration, index: int, **changes: object) -> Declaration:
    interests = list(declaration.interests)
    interests[index] = interests[index].with_changes(**changes)
    return declaration.with_changes(interests=tuple(interests))


def _interest(index: int, **changes: object):
    return _content(lambda d: _with_interest(d, index, **changes))


def _officer(**changes: object):
    return _content(lambda d: d.with_changes(officer=dataclasses.replace(d.officer, **changes)))


def _flip_answer(declaration: Declaration) -> Declaration:
    """Answer 'no' to the part-time question and drop its row: a consistent, still valid declaration."""
    answers = {**declaration.answers, Question.PAID_PART_TIME: False}
    rows = tuple(i for i in declaration.interests if i.question is not Question.PAID_PART_TIME)
    assert len(rows) == len(declaration.interests) - 1
    return declaration.with_changes(answers=answers, interests=rows)


def _one_digit(number: str) -> str:
    digit = "1" if number[10] != "1" else "2"
    return number[:10] + digit + number[11:]


def _signature(**changes: object):
    def apply(signed: SignedDeclaration) -> SignedDeclaration:
        assert signed.officer_signature is not None
        return dataclasses.replace(signed, officer_signature=dataclasses.replace(signed.officer_signature, **changes))

    return apply


FIELD_CHANGES = {
    "officer name": _officer(name="王建军"),
    "one digit of the ID number": _officer(id_number=_one_digit(builders.OFFICER_ID)),
    "police number": _officer(police_number="200009"),
    "officer position": _officer(position="所长"),
    "key-person flag": _officer(is_unit_head=True),
    "enterprise name": _interest(0, enterprise_name="龙山区建国饭店"),
    "share": _interest(1, share_percent=Decimal("5.01")),
    "capital amount": _interest(0, capital_wan=Decimal("125")),
    "within jurisdiction": _interest(0, within_jurisdiction=True),
    "answer flipped with its row removed": _content(_flip_answer),
    "start date": _interest(0, start_date=dt.date(2015, 3, 2)),
    "end date": _interest(3, end_date=dt.date(2024, 2, 2)),
    "unit name": _content(lambda d: d.with_changes(unit_name="辽源市公安局龙山区分局北山派出所")),
    "acknowledged warnings": _content(lambda d: d.with_changes(acknowledged_warnings=(WARNING_KEY,))),
    "remarks": _content(lambda d: d.with_changes(remarks="无")),
    "campaign": _content(lambda d: d.with_changes(campaign_id="another-campaign")),
    "rows reordered": _content(lambda d: d.with_changes(interests=tuple(reversed(d.interests)))),
    "signed_at": _signature(signed_at="2026-11-21T09:30:01Z"),
    "declaration id": _signature(declaration_id="0" * 32),
    "version": _signature(version=2),
}


@pytest.mark.parametrize("change", list(FIELD_CHANGES), ids=list(FIELD_CHANGES))
def test_the_officer_signature_covers_every_field(sample, change):
    altered = FIELD_CHANGES[change](sample.signed)
    assert altered != sample.signed

    result = sample.check(altered)

    assert not result.valid
    assert [f.code for f in result.failures] == ["officer.signature_invalid"]


def test_the_commitment_digest_is_checked_against_the_campaign_and_covered_by_the_signature(sample):
    altered = _signature(commitment_sha256="f" * 64)(sample.signed)

    assert [f.code for f in sample.check(altered).failures] == ["officer.commitment_mismatch"]
    # A verifier that does not know the campaign's digest still catches it through the signature.
    without_campaign = sample.check(altered, with_campaign=False)
    assert [f.code for f in without_campaign.failures] == ["officer.signature_invalid"]


def test_a_signature_attributed_to_another_key_fails(sample):
    altered = _signature(signer_fingerprint=sample.other_fingerprint)(sample.signed)

    assert [f.code for f in sample.check(altered).failures] == ["officer.signature_invalid"]
    unknown = _signature(signer_fingerprint="0000:" * 15 + "0000")(sample.signed)
    assert [f.code for f in sample.check(unknown).failures] == ["officer.key_unknown"]


def test_signing_again_after_a_return_and_an_edit_makes_it_valid_again(world):
    o1, head = world["o1"], world["hB"]
    save_draft(o1, full_declaration())
    first = sign(o1, USER_PASSWORD)
    return_declaration(head, world.number("o1"), "股份比例请核实")
    assert verify(o1, world.number("o1")).result.failures[0].code == "officer.missing"

    edited = full_declaration().with_changes(remarks="已核实股份比例")
    saved = save_draft(o1, edited)
    assert saved.record.id == first.id
    assert saved.record.status is DeclarationStatus.RETURNED
    again = sign(o1, USER_PASSWORD)

    assert again.status is DeclarationStatus.SIGNED
    assert again.declaration.remarks == "已核实股份比例"
    assert verify(o1, world.number("o1")).result.valid
    with o1.store.transaction() as connection:
        rows = repo.signature_rows(connection, first.id)
    assert [(r.kind, r.void) for r in rows] == [("officer", True), ("officer", False)]


def test_a_wrong_password_refuses_signing_and_changes_nothing(world):
    o1 = world["o1"]
    saved = save_draft(o1, full_declaration())
    before = state(world.admin, saved.record.id)

    with pytest.raises(WrongPassword):
        sign(o1, "not-the-password-1")
    with pytest.raises(WrongPassword):
        sign(o1, "")

    assert state(world.admin, saved.record.id) == before
    assert before.status is DeclarationStatus.DRAFT
    assert before.signatures == ()


def test_a_declaration_with_errors_is_refused_with_every_problem_and_nothing_changes(world):
    o1 = world["o1"]
    broken = full_declaration().with_changes(
        answers={**full_declaration().answers, Question.OWN_BUSINESS: False},  # contradicts its row
    )
    answers = dict(broken.answers)
    del answers[Question.SPECIFIC_RELATED_BUSINESS]  # left unanswered, and its row contradicts that too
    interests = list(broken.interests)
    interests[1] = interests[1].with_changes(share_percent=None)  # a shareholding without a share
    broken = broken.with_changes(answers=answers, interests=tuple(interests))
    saved = save_draft(o1, broken)
    assert saved.problems  # a draft may be saved with problems
    before = state(world.admin, saved.record.id)

    with pytest.raises(InvalidInput) as caught:
        sign(o1, USER_PASSWORD)

    found = {(p.path, p.code) for p in caught.value.problems}
    assert found == {
        ("answers.own_business", "answer.contradicts_details"),
        ("answers.specific_related_business", "answer.missing"),
        ("interests[1].share_percent", "share.missing"),
    }
    assert state(world.admin, saved.record.id) == before


def test_an_unacknowledged_warning_blocks_signing_until_its_key_is_acknowledged(world):
    o1 = world["o1"]
    wrong_check = builders.credit_code("92220402MA0Y7K3L0")
    wrong_check = wrong_check[:-1] + ("0" if wrong_check[-1] != "0" else "1")
    declaration = _with_interest(full_declaration(), 0, uscc=wrong_check)
    saved = save_draft(o1, declaration)
    assert [p.key for p in saved.problems] == [WARNING_KEY]
    before = state(world.admin, saved.record.id)

    with pytest.raises(InvalidInput) as caught:
        sign(o1, USER_PASSWORD)
    assert [p.key for p in caught.value.problems] == [WARNING_KEY]
    assert state(world.admin, saved.record.id) == before

    save_draft(o1, declaration.with_changes(acknowledged_warnings=(WARNING_KEY,)))
    signed = sign(o1, USER_PASSWORD)

    assert signed.status is DeclarationStatus.SIGNED
    assert signed.declaration.acknowledged_warnings == (WARNING_KEY,)
    assert verify(o1, world.number("o1")).result.valid


def test_a_signed_declaration_cannot_be_edited_or_signed_again(world):
    o1 = world["o1"]
    save_draft(o1, full_declaration())
    signed = sign(o1, USER_PASSWORD)
    before = state(world.admin, signed.id)

    with pytest.raises(NotEditable):
        save_draft(o1, full_declaration().with_changes(remarks="签字后修改"))
    with pytest.raises(NotSignable):
        sign(o1, USER_PASSWORD)

    assert state(world.admin, signed.id) == before
    assert verify(o1, world.number("o1")).result.valid


def test_signing_without_a_draft_is_refused(world):
    with pytest.raises(NotSignable):
        sign(world["o2"], USER_PASSWORD)


def test_signing_after_the_deadline_is_recorded_late_and_counted_late(world):
    o1, o2 = world["o1"], world["o2"]
    save_draft(o2, clean_declaration(builders.officer()))  # the roster's data replaces the typed officer
    sign(o2, USER_PASSWORD)  # on time
    save_draft(o1, full_declaration())
    world.clock.advance(days=10)  # 2026-12-01, the day after the deadline

    record = sign(o1, USER_PASSWORD)

    on_time_row, _ = repo_signatures(world, latest(world.admin, world.number("o2"), world.campaign.id).id)
    late_row, _ = repo_signatures(world, record.id)
    assert late_row.is_late is True
    assert on_time_row.is_late is False
    assert verify(o1, world.number("o1")).result.valid  # late, but valid
    report = completeness(world.admin)
    unit_b = next(u for u in report.units if u.unit_code == UNIT_B)
    assert unit_b.late == 1
    assert unit_b.counts["signed"] == 2
    assert report.days_left == -1


def test_signing_on_the_deadline_day_in_beijing_is_on_time(world):
    o1 = world["o1"]
    save_draft(o1, full_declaration())
    # 2026-11-30 23:30 in Beijing is 15:30 UTC.
    world.clock.current = dt.datetime(2026, 11, 30, 15, 30, tzinfo=dt.UTC)
    record = sign(o1, USER_PASSWORD)
    row, _ = repo_signatures(world, record.id)
    assert row.is_late is False


def test_a_new_campaign_draft_is_prefilled_from_the_previous_declaration(world):
    o1 = world["o1"]
    acknowledged = full_declaration().with_changes(
        acknowledged_warnings=("interests[5].holder_id_number:x",), remarks="上年度备注"
    )
    save_draft(o1, acknowledged)
    first = sign(o1, USER_PASSWORD)
    world.clock.advance(days=30)
    second_campaign = create_campaign(world.admin, name="2027年度登记", deadline=dt.date(2027, 1, 31))

    draft = start_draft(o1, second_campaign.id)

    assert draft.campaign_id == second_campaign.id
    assert draft.id != first.id
    assert draft.status is DeclarationStatus.DRAFT
    assert draft.version == 1
    assert draft.declaration.campaign_id == second_campaign.id
    assert draft.declaration.interests == first.declaration.interests
    assert draft.declaration.answers == first.declaration.answers
    assert draft.declaration.remarks == "上年度备注"
    assert draft.declaration.acknowledged_warnings == ()
    assert draft.declaration.officer == first.declaration.officer
    # Asking again gives the same draft, not another one.
    assert start_draft(o1, second_campaign.id).id == draft.id
    # The first campaign's declaration is untouched and still valid.
    assert verify(o1, world.number("o1"), world.campaign.id).result.valid


def test_a_first_draft_starts_empty_with_the_roster_data(world):
    o2 = world["o2"]
    draft = start_draft(o2)
    assert draft.declaration.interests == ()
    assert draft.declaration.answers == {}
    assert draft.declaration.officer.police_number == world.number("o2")
    assert draft.declaration.unit_name == "辽源市公安局龙山区分局向阳派出所"


def test_the_roster_not_the_typed_text_decides_the_officer_and_unit_signed(world):
    o1 = world["o1"]
    full = full_declaration()
    typed = full.with_changes(  # what version 2 asks of the officer (political status, mobile) stays the typed one
        officer=dataclasses.replace(full.officer, name="冒名", police_number="999999"), unit_name="随便写的单位"
    )
    save_draft(o1, typed)
    record = sign(o1, USER_PASSWORD)
    assert record.declaration.officer.name == "王建国"
    assert record.declaration.officer.police_number == world.number("o1")
    assert record.declaration.unit_name == "辽源市公安局龙山区分局向阳派出所"


def test_roster_data_saved_in_another_unicode_form_still_signs_to_a_valid_signature(
    admin_session, add_user, paths, clock, throttle
):
    """The roster and unit names come from the store as saved; the declaration reads back NFC and trimmed."""
    world = build_world(admin_session, add_user, paths, clock, throttle, logins=())
    with admin_session.store.transaction() as connection:
        save_units(connection, [Unit("220402530000", " 辽源市公安局龙山区分局北山派出所\n", UNIT_A)])
        save_officers(
            connection,
            [
                Officer(
                    "400001",
                    "Jose\u0301 李",
                    builders.id_number("220402", "19900101", "111"),
                    "220402530000",
                    position=" 民警 ",
                )
            ],
        )
    add_user("o9", {Role.OFFICER}, police_number="400001")
    session = world.login("o9")
    try:
        save_draft(session, clean_declaration(builders.officer()))
        record = sign(session, USER_PASSWORD)

        assert record.declaration.officer.name == "Jos\u00e9 李"
        assert record.declaration.unit_name == "辽源市公安局龙山区分局北山派出所"
        assert verify(session, "400001").result.valid
    finally:
        world.close()


def test_a_wrong_password_while_signing_is_about_the_password_not_the_login(world):
    from desktop.i18n import Translator
    from desktop.services.errors import WrongSigningPassword

    o1 = world["o1"]
    save_draft(o1, full_declaration())

    with pytest.raises(WrongSigningPassword) as refused:
        sign(o1, "not-the-password-1")

    text = Translator("zh_CN")(refused.value.message)
    assert text == "密码错误，未签字。请输入您的登录密码。"
    assert "登录名" not in text  # issue 13, defect 7: the officer is logged in; only the password was wrong
