"""The fast payload builders of desktop.crypto.payloads give exactly the bytes of the definitions (officer_payload_for,
countersign_payload_for, canonical_bytes of Declaration.to_dict()), or leave the value to them: on generated
declarations, on every field set to awkward text, and on values the fast path must not write itself (subclasses,
numbers where text or flags belong, integers beyond ±2^53, floats, lone surrogates)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from bench.data import declarations
from desktop.crypto.canonical import canonical_bytes, reference_canonical_bytes
from desktop.crypto.payloads import (
    _quick_content,
    content_bytes,
    countersign_payload_for,
    fast_countersign_payload,
    fast_officer_payload,
    form_content,
    officer_payload_for,
)
from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.officers import Officer, PoliticalStatus
from desktop.domain.questions import Question, Relation
from desktop.domain.signed import Countersignature, OfficerSignature
from tests.domain.builders import declaration, interest, officer

SIGNATURE = OfficerSignature("d" * 32, 3, "a" * 64, "5647:5aa7:5463", "2026-11-21T09:30:00Z", bytes(range(64)))
COUNTER = Countersignature(bytes(range(32)), "经核对，填报属实。", "24f6:ed6a:cbfe", "2026-11-22T09:30:00Z", b"s" * 64)


class Text(str):
    """A str subclass: encoded like a str by json, yet the fast path must leave it to the definition."""

    def __lt__(self, other: object) -> bool:  # sorts backwards, as a subclass may
        return str.__gt__(self, other)  # type: ignore[operator]


class Day(dt.date):
    """A date whose isoformat() is not plain text."""

    def isoformat(self) -> str:
        return Text(super().isoformat())


class Amount(Decimal):
    pass


class OtherDeclaration(Declaration):
    def to_dict(self) -> dict[str, object]:
        return {"é": 1.5, "k": [2**60]}


class OtherOfficer(Officer):
    pass


class OtherInterest(BusinessInterest):
    pass


#: Text that is plain for the fast path: escapes, non-ASCII, look-alikes of the payload's own syntax, % and braces.
TEXTS = [
    "",
    "plain",
    "中文名称",
    "e\u0301 decomposed",
    "emoji \U0001f600 𠀀",
    'quote " and backslash \\',
    "".join(chr(c) for c in range(0x20)),
    "\x7f del",
    "\u2028 line \u2029 para",
    "\ufeff bom",
    "/slash </script>",
    '"declaration":null',
    '","declaration":null,"x":"',
    "%s %d %% %(k)s {} {0} {{",
    "\u00a0nbsp",
]
#: Values where a text belongs that the fast path must leave to the definition (which may refuse them too).
NOT_TEXTS: list[object] = ["lone \ud800 surrogate", "\udfff", Text("sub"), None, 1, 1.5, 2**60, True, b"bytes"]
#: Values where a flag belongs.
NOT_FLAGS: list[object] = [1, 0, None, "true", 1.0, Text("x")]


def _same(fast: Callable[[], object], reference: Callable[[], object]) -> None:
    """Both give the same bytes, or both raise the same kind of error."""
    try:
        expected = reference()
    except Exception as exc:  # whatever the definition raises, the fast path must raise
        with pytest.raises(type(exc)):
            fast()
    else:
        assert fast() == expected


def _left_to_the_definition(item: Declaration) -> bool:
    """The fast path declines ``item``, or fails as the definition fails on it (e.g. sorting None and text)."""
    try:
        form_content(item)
    except Exception:  # _check compares the errors
        return True
    return _quick_content(item) is None


def _check(item: Declaration, signature: OfficerSignature = SIGNATURE, counter: Countersignature = COUNTER) -> None:
    """Content bytes, officer payload and countersign payload: fast and definition alike."""
    _same(lambda: content_bytes(item), lambda: canonical_bytes(form_content(item)))
    contents: list[bytes] = []
    _same(lambda: fast_officer_payload(item, signature, contents), lambda: officer_payload_for(item, signature))
    if contents:
        assert contents == [canonical_bytes(form_content(item))]
    try:
        payload = officer_payload_for(item, signature)
    except Exception:  # compared above
        return
    _same(
        lambda: fast_countersign_payload(payload, signature, counter),
        lambda: countersign_payload_for(payload, signature, counter),
    )


def test_generated_declarations_take_the_fast_path_and_give_the_reference_bytes() -> None:
    for item in declarations(300, seed=11):
        quick = _quick_content(item)
        assert quick is not None
        assert quick == canonical_bytes(item.to_dict()) == reference_canonical_bytes(item.to_dict())
        _check(item)


def test_every_question_and_optional_field_of_the_builders() -> None:
    rows = tuple(interest(question) for question in Question)
    full = interest(
        Question.SHAREHOLDING,
        share_percent=Decimal("12.50"),
        capital_wan=Decimal("1E+3"),
        income_wan=Decimal("-0"),
        end_date=dt.date(2025, 1, 2),
        rectification="已退出",
        note="注",
    )
    answers = {q: (True, False, None)[index % 3] for index, q in enumerate(Question)}
    for item in (
        declaration(),
        declaration(
            interests=(*rows, full), answers=answers, remarks="无", acknowledged_warnings=("b:x", "a:y", "é:z", "e:z")
        ),
    ):
        assert _quick_content(item) is not None
        _check(item)


def _declaration_fields() -> dict[str, Callable[[object], Declaration]]:
    """How to put a value into each text field of the content (declaration, officer, interest)."""
    base = declaration(interests=(interest(),))
    setters: dict[str, Callable[[object], Declaration]] = {}
    for name in ("campaign_id", "unit_name", "remarks"):
        setters[name] = lambda value, name=name: dataclasses.replace(base, **{name: value})
    for name in ("police_number", "name", "id_number", "unit_code", "position", "rank_level"):
        setters[f"officer.{name}"] = lambda value, name=name: dataclasses.replace(
            base, officer=dataclasses.replace(base.officer, **{name: value})
        )
    for name in ("holder_name", "holder_id_number", "enterprise_name", "uscc", "trade_code", "rectification", "note"):
        setters[f"interest.{name}"] = lambda value, name=name: dataclasses.replace(
            base, interests=(dataclasses.replace(base.interests[0], **{name: value}),)
        )
    setters["acknowledged_warnings"] = lambda value: dataclasses.replace(base, acknowledged_warnings=("w", value))
    return setters


@pytest.mark.parametrize("field", list(_declaration_fields()))
def test_awkward_text_in_each_field_gives_the_reference_bytes(field: str) -> None:
    put = _declaration_fields()[field]
    for text in TEXTS:
        item = put(text)
        assert _quick_content(item) is not None, (field, text)
        _check(item)


@pytest.mark.parametrize("field", list(_declaration_fields()))
def test_values_that_are_not_plain_text_are_left_to_the_definition(field: str) -> None:
    put = _declaration_fields()[field]
    for value in NOT_TEXTS:
        item = put(value)
        assert _left_to_the_definition(item), (field, value)
        _check(item)


def _flag_setters() -> dict[str, Callable[[object], Declaration]]:
    base = declaration(interests=(interest(),))
    setters: dict[str, Callable[[object], Declaration]] = {}
    for name in ("is_leadership_member", "is_unit_head", "is_division_level"):
        setters[f"officer.{name}"] = lambda value, name=name: dataclasses.replace(
            base, officer=dataclasses.replace(base.officer, **{name: value})
        )
    for name in ("within_jurisdiction", "related_to_duties"):
        setters[f"interest.{name}"] = lambda value, name=name: dataclasses.replace(
            base, interests=(dataclasses.replace(base.interests[0], **{name: value}),)
        )
    setters["answers"] = lambda value: dataclasses.replace(base, answers={**base.answers, Question.SHAREHOLDING: value})
    return setters


@pytest.mark.parametrize("field", list(_flag_setters()))
def test_flags_are_true_or_false_or_left_to_the_definition(field: str) -> None:
    put = _flag_setters()[field]
    plain = (True, False, None) if field == "answers" else (True, False)  # an answer may be missing: null
    for value in plain:
        assert _quick_content(put(value)) is not None
        _check(put(value))
    for value in NOT_FLAGS:
        if value is None and field == "answers":
            continue
        item = put(value)
        assert _left_to_the_definition(item), (field, value)
        _check(item)


def test_answers_keyed_by_text_or_missing_give_the_reference_bytes() -> None:
    base = declaration()
    for answers in (
        {},
        {q.value: True for q in Question},
        {Question.OWN_BUSINESS: None},
        {"unknown": True},
        {q: False for q in Question},
    ):
        _check(dataclasses.replace(base, answers=answers))  # type: ignore[arg-type]


def test_amounts_dates_and_enums_of_an_interest() -> None:
    base = declaration(interests=(interest(),))

    def put(**changes: object) -> Declaration:
        return dataclasses.replace(base, interests=(dataclasses.replace(base.interests[0], **changes),))

    for amount in (
        None,
        Decimal(0),
        Decimal("-0"),
        Decimal("12.50"),
        Decimal("1E+3"),
        Decimal("-0.000100"),
        Amount("7.5"),
    ):
        for name in ("share_percent", "capital_wan", "income_wan"):
            _check(put(**{name: amount}))
    for day in (None, dt.date(1, 1, 1), dt.date(2026, 12, 31), dt.datetime(2026, 1, 2, 3, 4, 5)):
        _check(put(start_date=day, end_date=day))
    for changes in (
        {"share_percent": 1.5},
        {"capital_wan": 3},
        {"capital_wan": "12"},
        {"start_date": Day(2020, 1, 1)},
        {"end_date": "2020-01-01"},
        {"question": "own_business"},
        {"relation": None},
    ):
        item = put(**changes)
        assert _left_to_the_definition(item) or changes.get("capital_wan") == "12", changes
        _check(item)
    for role in InterestRole:
        for status in InterestStatus:
            _check(put(role=role, status=status, relation=Relation.OTHER))
    _check(put(question=Relation.OTHER, relation=InterestRole.OTHER))  # members of other enums: their texts


def test_subclasses_and_odd_containers_are_left_to_the_definition() -> None:
    base = declaration(interests=(interest(),))
    odd = [
        OtherDeclaration(**{f.name: getattr(base, f.name) for f in dataclasses.fields(Declaration)}),
        dataclasses.replace(base, officer=OtherOfficer(**base.officer.to_dict())),  # type: ignore[arg-type]
        dataclasses.replace(
            base,
            interests=(
                OtherInterest(
                    **{f.name: getattr(base.interests[0], f.name) for f in dataclasses.fields(BusinessInterest)}
                ),
            ),
        ),
        dataclasses.replace(base, officer=None),  # type: ignore[arg-type]
        dataclasses.replace(base, interests=(None,)),  # type: ignore[arg-type]
        dataclasses.replace(base, acknowledged_warnings=(Text("b"), Text("a"))),
        dataclasses.replace(base, acknowledged_warnings=(1, 2)),  # type: ignore[arg-type]
    ]
    for item in odd:
        assert _left_to_the_definition(item)
        _check(item)
    lists = dataclasses.replace(
        base,
        interests=[base.interests[0]] * 3,  # type: ignore[arg-type]
        acknowledged_warnings=["z", "a"],
    )  # type: ignore[arg-type]
    assert _quick_content(lists) is not None  # to_dict() iterates and sorts them as it would tuples
    _check(lists)


@pytest.mark.parametrize("version", [0, 1, -1, 2**53 - 1, -(2**53 - 1), 2**53, -(2**53), 2**64, True, 1.5, "1", None])
def test_the_signature_version_beyond_safe_integers_is_left_to_the_definition(version: object) -> None:
    _check(declaration(), dataclasses.replace(SIGNATURE, version=version))


@pytest.mark.parametrize("name", ["declaration_id", "commitment_sha256", "signer_fingerprint", "signed_at"])
def test_awkward_signature_fields_give_the_reference_bytes(name: str) -> None:
    for value in TEXTS + NOT_TEXTS:
        _check(declaration(), dataclasses.replace(SIGNATURE, **{name: value}))


@pytest.mark.parametrize("name", ["opinion", "countersigner_fingerprint", "countersigned_at"])
def test_awkward_countersignature_fields_give_the_reference_bytes(name: str) -> None:
    for value in TEXTS + NOT_TEXTS:
        _check(declaration(), counter=dataclasses.replace(COUNTER, **{name: value}))


def test_keys_and_signatures_of_any_length_and_bytes_like_type() -> None:
    for key in (b"", bytes(32), bytes(range(33)), bytearray(b"k" * 32), memoryview(b"m" * 32), "not bytes", None):
        _check(declaration(), counter=dataclasses.replace(COUNTER, officer_public_key=key))  # type: ignore[arg-type]
    for signature in (b"", b"\xff" * 64, bytearray(3), "text"):
        _check(declaration(), dataclasses.replace(SIGNATURE, signature=signature))  # type: ignore[arg-type]


#: Fields that only form version 2 signs (tests/domain/test_form_v2_fields.py): a version 1 payload ignores them.
_VERSION_2_ONLY: dict[type, dict[str, object]] = {
    Declaration: {"form_version": 2, "family_members": ()},
    Officer: {"political_status": PoliticalStatus.MASSES, "mobile": "13900000000"},
    BusinessInterest: {
        "holder_member_id": "F1",
        "roles": (InterestRole.SHAREHOLDER, InterestRole.ACTUAL_CONTROLLER),
        "registered_address": "a2",
        "business_scope": "s2",
        "registered_capital_wan": Decimal(5),
        "registration_authority": "r2",
    },
}


def test_version_2_fields_leave_a_version_1_payload_alone_and_change_a_version_2_payload() -> None:
    base = declaration(interests=(interest(),), answers={Question.OWN_BUSINESS: True})
    version_2 = dataclasses.replace(base, form_version=2)
    seen = {officer_payload_for(version_2, SIGNATURE)}
    for kind, values in _VERSION_2_ONLY.items():
        for name, value in values.items():
            if kind is Declaration:
                if name == "form_version":
                    continue
                item = dataclasses.replace(base, **{name: value})
            elif kind is Officer:
                item = dataclasses.replace(base, officer=dataclasses.replace(base.officer, **{name: value}))
            else:
                item = dataclasses.replace(base, interests=(dataclasses.replace(base.interests[0], **{name: value}),))
            assert fast_officer_payload(item, SIGNATURE) == fast_officer_payload(base, SIGNATURE), name
            item_2 = dataclasses.replace(item, form_version=2)
            payload = fast_officer_payload(item_2, SIGNATURE)
            assert payload == officer_payload_for(item_2, SIGNATURE), name
            if name != "family_members":  # () is the default: the same payload
                assert payload not in seen, name
                seen.add(payload)


def test_every_field_of_the_content_is_signed_by_the_fast_payload() -> None:
    """Changing any one field changes the fast bytes as it changes the definition's: a field the fast builders
    forgot, or read in place of another, fails here. Every dataclass field must be listed (a new field too)."""
    changed: dict[type, dict[str, object]] = {
        Declaration: {
            "campaign_id": "c2",
            "officer": officer(name="李四"),
            "unit_name": "u2",
            "answers": {Question.OWN_BUSINESS: False},
            "interests": (interest(), interest()),
            "acknowledged_warnings": ("x:y",),
            "remarks": "r2",
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
        },
        BusinessInterest: {
            "question": Question.SHAREHOLDING,
            "relation": Relation.CHILD,
            "holder_name": "h2",
            "holder_id_number": "i2",
            "enterprise_name": "e2",
            "uscc": "u2",
            "trade_code": "t2",
            "role": InterestRole.MANAGER,
            "share_percent": Decimal(2),
            "capital_wan": Decimal(3),
            "income_wan": Decimal(4),
            "start_date": dt.date(2001, 2, 3),
            "end_date": dt.date(2002, 3, 4),
            "status": InterestStatus.EXITED,
            "within_jurisdiction": True,
            "related_to_duties": True,
            "rectification": "r2",
            "note": "n2",
        },
    }
    for kind, values in changed.items():
        listed = set(values) | set(_VERSION_2_ONLY.get(kind, {}))
        assert listed == {f.name for f in dataclasses.fields(kind)}, f"list every field of {kind.__name__}"
    base = declaration(interests=(interest(),), answers={Question.OWN_BUSINESS: True})
    seen = {fast_officer_payload(base, SIGNATURE)}
    for kind, values in changed.items():
        for name, value in values.items():
            if kind is Declaration:
                item = dataclasses.replace(base, **{name: value})
            elif kind is Officer:
                item = dataclasses.replace(base, officer=dataclasses.replace(base.officer, **{name: value}))
            else:
                item = dataclasses.replace(base, interests=(dataclasses.replace(base.interests[0], **{name: value}),))
            fast = fast_officer_payload(item, SIGNATURE)
            assert _quick_content(item) is not None
            assert fast == officer_payload_for(item, SIGNATURE), name
            assert fast not in seen, name
            seen.add(fast)
