"""Form version 2's content by the fast builders (desktop/crypto/content_json.py): exactly the bytes of the definition
(canonical_bytes of FormVersion.content, officer_payload_for, countersign_payload_for), or left to it, on generated
declarations completed as the demo completes them, on every field of version 2 (family members included) set to
awkward text, and on values the fast path must not write itself (subclasses, numbers where text or flags belong,
big integers, lone surrogates, control characters, form versions it does not know). The helpers and the hostile
values are those of tests/crypto/test_fast_payloads.py (version 1)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from bench.data import declarations
from desktop.crypto.canonical import canonical_bytes, reference_canonical_bytes
from desktop.crypto.payloads import _quick_content, fast_officer_payload, form_content, officer_payload_for
from desktop.domain.declarations import Declaration
from desktop.domain.family import FamilyMember
from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.officers import Officer, PoliticalStatus
from desktop.domain.questions import Question, Relation
from desktop.form import FormVersion, UnknownFormVersion, form_for, registered
from desktop.services.demo.form2 import Form2Details
from tests.crypto.test_fast_payloads import NOT_FLAGS, NOT_TEXTS, SIGNATURE, TEXTS, Day, Text, _check
from tests.crypto.test_fast_payloads import _left_to_the_definition as _declined
from tests.domain.builders import declaration, interest, officer

#: Awkward text beyond the shared list: every control character alone, and text around a NUL.
CONTROL_TEXTS = [chr(code) for code in range(0x20)] + ["a\x00b", "\x1f\x7f\x9f"]


def member(**changes: object) -> FamilyMember:
    fields: dict[str, object] = {
        "member_id": "F1",
        "relation": Relation.SPOUSE,
        "name": "张丽",
        "id_number": "220402199001011234",
        "work_unit": "清河市第一中学",
        "position": "教师",
        "public_servant": True,
    }
    fields.update(changes)
    return FamilyMember(**fields)  # type: ignore[arg-type]


def base_v2() -> Declaration:
    """A version 2 declaration with a listed member holding an interest of several roles, and every v2 detail."""
    held = interest(
        Question.RELATIVES_BUSINESS,
        holder_member_id="F1",
        roles=(InterestRole.INVESTOR, InterestRole.LEGAL_REPRESENTATIVE),
        registered_address="清河市东城区某路1号",
        business_scope="服装零售",
        registered_capital_wan=Decimal("10.50"),
        registration_authority="清河市市场监督管理局",
    )
    return declaration(
        form_version=2,
        officer=officer(political_status=PoliticalStatus.CPC_MEMBER, mobile="13900000000"),
        family_members=(member(), member(member_id="F2", relation=Relation.PARENT, public_servant=False)),
        interests=(held, interest(Question.OWN_BUSINESS)),
        acknowledged_warnings=("b:x", "a:y"),
    )


def _put(kind: str, name: str) -> Callable[[object], Declaration]:
    """How to put a value into field ``name`` of the base's declaration, officer, first interest or first member."""
    base = base_v2()

    def put(value: object) -> Declaration:
        if kind == "declaration":
            return dataclasses.replace(base, **{name: value})
        if kind == "officer":
            return dataclasses.replace(base, officer=dataclasses.replace(base.officer, **{name: value}))
        if kind == "interest":
            first = dataclasses.replace(base.interests[0], **{name: value})
            return dataclasses.replace(base, interests=(first, *base.interests[1:]))
        first_member = dataclasses.replace(base.family_members[0], **{name: value})
        return dataclasses.replace(base, family_members=(first_member, *base.family_members[1:]))

    return put


_TEXT_FIELDS = [
    *(("declaration", n) for n in ("campaign_id", "unit_name", "remarks")),
    *(("officer", n) for n in ("police_number", "name", "id_number", "unit_code", "position", "rank_level", "mobile")),
    *(
        ("interest", n)
        for n in (
            "holder_name",
            "holder_id_number",
            "enterprise_name",
            "uscc",
            "trade_code",
            "rectification",
            "note",
            "holder_member_id",
            "registered_address",
            "business_scope",
            "registration_authority",
        )
    ),
    *(("member", n) for n in ("member_id", "name", "id_number", "work_unit", "position")),
]
_FLAG_FIELDS = [
    *(("officer", n) for n in ("is_leadership_member", "is_unit_head", "is_division_level")),
    ("interest", "within_jurisdiction"),
    ("interest", "related_to_duties"),
    ("member", "public_servant"),
]


def test_generated_version_2_declarations_take_the_fast_path_and_give_the_reference_bytes() -> None:
    details = Form2Details(3)
    today = dt.date(2026, 11, 21)
    items = [details.complete(item, 2, today) for item in declarations(200, seed=13)]
    assert sum(len(item.family_members) for item in items) > 200  # the demo's relatives are listed
    assert any(len(i.roles) > 1 for item in items for i in item.interests)
    for item in items:
        quick = _quick_content(item)
        assert quick is not None
        assert quick == canonical_bytes(form_content(item)) == reference_canonical_bytes(form_content(item))
        _check(item)


@pytest.mark.parametrize(("kind", "name"), _TEXT_FIELDS)
def test_awkward_text_in_each_version_2_field_gives_the_reference_bytes(kind: str, name: str) -> None:
    put = _put(kind, name)
    for value in TEXTS + CONTROL_TEXTS:
        item = put(value)
        assert _quick_content(item) is not None, (kind, name, value)
        _check(item)


@pytest.mark.parametrize(("kind", "name"), _TEXT_FIELDS)
def test_version_2_values_that_are_not_plain_text_are_left_to_the_definition(kind: str, name: str) -> None:
    put = _put(kind, name)
    for value in NOT_TEXTS:
        item = put(value)
        assert _declined(item), (kind, name, value)
        _check(item)


@pytest.mark.parametrize(("kind", "name"), _FLAG_FIELDS)
def test_version_2_flags_are_true_or_false_or_left_to_the_definition(kind: str, name: str) -> None:
    put = _put(kind, name)
    for value in (True, False):
        assert _quick_content(put(value)) is not None
        _check(put(value))
    for value in NOT_FLAGS:
        assert _declined(put(value)), (kind, name, value)
        _check(put(value))


def test_political_status_roles_relations_and_amounts_of_version_2() -> None:
    status = _put("officer", "political_status")
    for value in (*PoliticalStatus, None):
        assert _quick_content(status(value)) is not None
        _check(status(value))
    for odd in ("masses", Text("masses"), 1, Relation.SPOUSE):  # a member of another enum: its text, as to_dict
        _check(status(odd))
    roles = _put("interest", "roles")
    for value in ((), tuple(InterestRole), (InterestRole.OTHER,) * 3, [InterestRole.NOMINEE], (Relation.CHILD,)):
        assert _quick_content(roles(value)) is not None, value  # () means the single role, as all_roles says
        _check(roles(value))
    for value in (("investor",), (None,), (InterestRole.OTHER, 1), None):
        _check(roles(value))
    relation = _put("member", "relation")
    for value in Relation:
        _check(relation(value))
    for value in ("spouse", None):
        _check(relation(value))
    capital = _put("interest", "registered_capital_wan")
    for value in (None, Decimal(0), Decimal("-0"), Decimal("1E+3"), Decimal(2**80), Decimal("NaN"), Decimal("sNaN")):
        _check(capital(value))
    for value in (3, 2**64, 1.5, "12"):
        _check(capital(value))
    for value in (None, dt.date(1, 1, 1), Day(2020, 1, 1), "2020-01-01"):
        _check(_put("interest", "start_date")(value))


def test_odd_members_and_containers_of_version_2_are_left_to_the_definition() -> None:
    base = base_v2()

    class OtherMember(FamilyMember):
        pass

    first = base.family_members[0]
    other = OtherMember(**{f.name: getattr(first, f.name) for f in dataclasses.fields(FamilyMember)})
    for item in (
        dataclasses.replace(base, family_members=(other,)),
        dataclasses.replace(base, family_members=(None,)),  # type: ignore[arg-type]
        dataclasses.replace(base, family_members=None),  # type: ignore[arg-type]
    ):
        assert _declined(item)
        _check(item)
    lists = dataclasses.replace(base, family_members=list(base.family_members))  # type: ignore[arg-type]
    assert _quick_content(lists) is not None  # the definition iterates a list as it would a tuple
    _check(lists)
    _check(dataclasses.replace(base, family_members=()))


@pytest.mark.parametrize("number", [0, 3, 99, -1, 2**64, True, 2.0, "2", None])
def test_a_form_version_this_program_does_not_know_is_left_to_the_definition(number: object) -> None:
    item = dataclasses.replace(base_v2(), form_version=number)
    assert _quick_content(item) is None
    with pytest.raises(UnknownFormVersion):
        fast_officer_payload(item, SIGNATURE)
    _check(item)


def test_a_new_form_version_of_shape_2_is_written_fast_and_a_different_kind_is_not() -> None:
    base = base_v2()
    with registered(dataclasses.replace(form_for(2), number=3)):
        item = dataclasses.replace(base, form_version=3)
        assert _quick_content(item) is not None
        assert b'"form_version":3' in fast_officer_payload(item, SIGNATURE)
        _check(item)

    @dataclasses.dataclass(frozen=True, slots=True)
    class OtherForm(FormVersion):
        def content(self, declaration: Declaration) -> dict[str, object]:
            return {"other": declaration.campaign_id}

    other = OtherForm(**{f.name: getattr(form_for(2), f.name) for f in dataclasses.fields(FormVersion)})
    with registered(dataclasses.replace(other, number=4)):
        item = dataclasses.replace(base, form_version=4)
        assert _declined(item)
        _check(item)
    with registered(dataclasses.replace(form_for(2), number=5, shape=3)):
        item = dataclasses.replace(base, form_version=5)
        assert _declined(item)
        _check(item)
    with registered(dataclasses.replace(form_for(1), number=6)):  # shape 1: version 1's content, number 6
        item = dataclasses.replace(base, form_version=6)
        assert _quick_content(item) is not None
        _check(item)


def test_every_field_of_a_version_2_content_is_signed_by_the_fast_payload() -> None:
    """Changing any one field changes the fast bytes as it changes the definition's: a field the fast builders
    forgot, or read in place of another, fails here. Every dataclass field must be listed (a new field too)."""
    base = base_v2()
    changed: dict[type, dict[str, object]] = {
        Declaration: {
            "campaign_id": "c2",
            "officer": officer(name="李四", political_status=PoliticalStatus.MASSES, mobile="1"),
            "unit_name": "u2",
            "answers": {Question.OWN_BUSINESS: False},
            "interests": (interest(),),
            "acknowledged_warnings": ("x:y",),
            "remarks": "r2",
            "form_version": 1,
            "family_members": (member(),),
        },
        Officer: {
            "police_number": "p2",
            "name": "n2",
            "id_number": "i2",
            "unit_code": "u2",
            "position": "p2",
            "rank_level": "r2",
            "is_leadership_member": True,
            "is_unit_head": True,
            "is_division_level": True,
            "political_status": PoliticalStatus.LEAGUE_MEMBER,
            "mobile": "m2",
        },
        BusinessInterest: {
            "question": Question.SHAREHOLDING,
            "relation": Relation.CHILD,
            "holder_name": "h2",
            "holder_id_number": "i2",
            "enterprise_name": "e2",
            "uscc": "u2",
            "trade_code": "t2",
            "role": InterestRole.MANAGER,  # signed only where the roles are empty: set with them below
            "share_percent": Decimal(2),
            "capital_wan": Decimal(33),
            "income_wan": Decimal(4),
            "start_date": dt.date(2001, 2, 3),
            "end_date": dt.date(2002, 3, 4),
            "status": InterestStatus.EXITED,
            "within_jurisdiction": True,
            "related_to_duties": True,
            "rectification": "r2",
            "note": "n2",
            "holder_member_id": "F2",
            "roles": (InterestRole.SENIOR_MANAGER,),
            "registered_address": "a2",
            "business_scope": "s2",
            "registered_capital_wan": Decimal(6),
            "registration_authority": "r2",
        },
        FamilyMember: {
            "member_id": "F9",
            "relation": Relation.SIBLING,
            "name": "n2",
            "id_number": "i2",
            "work_unit": "w2",
            "position": "p2",
            "public_servant": False,
        },
    }
    for kind, values in changed.items():
        assert set(values) == {f.name for f in dataclasses.fields(kind)}, f"list every field of {kind.__name__}"
    kinds = {Declaration: "declaration", Officer: "officer", BusinessInterest: "interest", FamilyMember: "member"}
    seen = {fast_officer_payload(base, SIGNATURE)}
    for kind, values in changed.items():
        for name, value in values.items():
            item = _put(kinds[kind], name)(value)
            if name == "role":
                item = _put("interest", "roles")(())
                item = dataclasses.replace(
                    item, interests=(dataclasses.replace(item.interests[0], role=value), *item.interests[1:])
                )
            fast = fast_officer_payload(item, SIGNATURE)
            assert _quick_content(item) is not None, name
            assert fast == officer_payload_for(item, SIGNATURE), name
            assert fast not in seen, name
            seen.add(fast)
