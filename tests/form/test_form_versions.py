"""The form as data (desktop/form/): version 1 is frozen (its canonical bytes and workbook columns pinned by files
made by the code before the form became data, commit 0ad7df7), version 2's content is pinned likewise, and the
signed content, the workbook columns, the review digest and validation all read the form."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from desktop.crypto.canonical import canonical_bytes, reference_canonical_bytes
from desktop.crypto.payloads import (
    _quick_content,
    content_bytes,
    countersign_payload_for,
    form_content,
    officer_payload_for,
)
from desktop.domain.declarations import Declaration
from desktop.domain.questions import Question, Relation
from desktop.exchange.vocabulary import QUESTION_WORDS
from desktop.exchange.workbook import columns
from desktop.form import (
    NEWEST_FORM_VERSION,
    UnknownFormVersion,
    form_for,
    known_form_versions,
    newest_form,
    registered,
)
from desktop.form.labels import RELATION_LABELS, question_wording
from desktop.review import digest

GOLDEN = Path(__file__).parent / "golden"


def _golden(name: str) -> Declaration:
    return Declaration.from_dict(json.loads((GOLDEN / f"{name}_declaration.json").read_text(encoding="utf-8")))


def test_version_1_content_bytes_never_change():
    declaration = _golden("v1")
    expected = (GOLDEN / "v1_content.json").read_bytes()
    assert declaration.form_version == 1
    assert canonical_bytes(form_content(declaration)) == expected
    assert reference_canonical_bytes(form_content(declaration)) == expected
    assert _quick_content(declaration) == expected  # the hand-written fast path
    assert content_bytes(declaration) == expected
    assert canonical_bytes(declaration.to_dict()) == expected  # what the store keeps


def test_version_1_ignores_the_fields_only_later_versions_sign():
    declaration = _golden("v1")
    v2 = _golden("v2")
    mixed = declaration.with_changes(
        officer=dataclasses.replace(declaration.officer, political_status=v2.officer.political_status, mobile="1"),
        family_members=v2.family_members,
        interests=tuple(i.with_changes(roles=v2.interests[0].roles) for i in declaration.interests),
    )
    assert content_bytes(mixed) == (GOLDEN / "v1_content.json").read_bytes()


def test_version_2_content_bytes_never_change():
    declaration = _golden("v2")
    expected = (GOLDEN / "v2_content.json").read_bytes()
    assert declaration.form_version == 2
    assert _quick_content(declaration) == expected  # the fast path writes version 2 too (decision 156)
    assert content_bytes(declaration) == expected
    assert reference_canonical_bytes(form_content(declaration)) == expected
    assert canonical_bytes(declaration.to_dict()) == expected


def test_version_1_workbook_columns_never_change():
    expected = json.loads((GOLDEN / "v1_columns.json").read_text(encoding="utf-8"))
    form = form_for(1)
    for name, found in (("declarations", form.declaration_columns), ("interests", form.interest_columns)):
        assert [[c.key, c.heading, c.kind.value, c.width, c.signed] for c in found] == expected[name]
    assert form.declaration_columns == columns.DECLARATION_COLUMNS
    assert form.interest_columns == columns.INTEREST_COLUMNS


def test_the_questions_everywhere_are_the_forms():
    form = form_for(1)
    assert form.question_keys == tuple(q.value for q in Question)
    assert form.question_keys == digest.QUESTIONS
    assert {q.value: w for q, w in QUESTION_WORDS.items()} == {q.key: q.word for q in form.questions}
    assert [c.key for c in form.declaration_columns if c.key.startswith("answer_")] == [
        f"answer_{k}" for k in form.question_keys
    ]
    assert form_for(2).question_keys == form.question_keys
    assert question_wording("own_business").startswith("Do you yourself run")
    assert set(RELATION_LABELS) == set(Relation)


def test_relations_allowed_per_question():
    form = form_for(1)
    assert form.allowed_relations("own_business") == {Relation.SELF}
    assert Relation.SELF not in form.allowed_relations("disguised_involvement")
    assert form.allowed_relations("no_such_question") == frozenset()


def test_version_2_columns_have_the_new_fields_and_keep_version_1s_signed_ones():
    form = form_for(2)
    keys = {c.key for c in form.declaration_columns}
    assert {"form_version", "political_status", "mobile", "sex", "date_of_birth"} <= keys
    assert {c.key for c in form.declaration_columns if not c.signed} >= {"sex", "date_of_birth"}
    interest_keys = [c.key for c in form.interest_columns]
    assert "roles" in interest_keys
    assert "role" not in interest_keys
    assert {"holder_member_id", "registered_address", "business_scope", "registered_capital_wan"} <= set(interest_keys)
    assert [c.key for c in form.family_columns][:2] == ["declaration_id", "member_id"]
    for column in (*form.declaration_columns, *form.interest_columns, *form.family_columns):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in column.heading), column


def test_the_newest_version_and_unknown_ones():
    assert newest_form().number == NEWEST_FORM_VERSION == max(known_form_versions())
    for bad in (0, 3, -1, True, "1", None, 1.0):
        with pytest.raises(UnknownFormVersion):
            form_for(bad)
    with pytest.raises(UnknownFormVersion):
        form_content(_golden("v1").with_changes(form_version=7))


def test_a_registered_version_is_known_only_inside_its_block():
    v3 = dataclasses.replace(form_for(2), number=3)
    with registered(v3):
        assert form_for(3) is v3
        with pytest.raises(ValueError, match="already exists"), registered(v3):
            pass
    with pytest.raises(UnknownFormVersion):
        form_for(3)


def _signed_golden():
    from desktop.crypto.signing import SigningKey
    from desktop.domain.signed import Countersignature, OfficerSignature, SignedDeclaration

    officer_key, head_key = SigningKey.from_raw(bytes(range(32))), SigningKey.from_raw(bytes(range(1, 33)))
    declaration = _golden("v1")
    unsigned = OfficerSignature("d" * 32, 2, "a" * 64, officer_key.fingerprint, "2026-11-21T09:30:00Z", b"")
    officer = dataclasses.replace(unsigned, signature=officer_key.sign(officer_payload_for(declaration, unsigned)))
    counter = Countersignature(
        officer_key.public_key, "属实", head_key.fingerprint, "2026-11-22T09:30:00Z", b"", 2, "e" * 32
    )
    payload = countersign_payload_for(officer_payload_for(declaration, officer), officer, counter)
    counter = dataclasses.replace(counter, signature=head_key.sign(payload))
    keys = {officer_key.fingerprint: officer_key.public_key, head_key.fingerprint: head_key.public_key}
    return SignedDeclaration(declaration, officer, counter), keys


def test_countersignature_formats_fast_and_defined_alike_and_unknown_ones_named():
    from desktop.crypto.payloads import fast_countersign_payload
    from desktop.crypto.verification import verify_declaration, verify_many

    signed, keys = _signed_golden()
    assert signed.officer_signature is not None
    assert signed.countersignature is not None
    officer_bytes = officer_payload_for(signed.declaration, signed.officer_signature)
    for payload_format in (1, 2):
        counter = dataclasses.replace(signed.countersignature, payload_format=payload_format)
        assert fast_countersign_payload(officer_bytes, signed.officer_signature, counter) == countersign_payload_for(
            officer_bytes, signed.officer_signature, counter
        )
    assert verify_declaration(signed, keys.get).valid
    assert verify_many([signed], keys.get)[0].valid
    for changed in (
        dataclasses.replace(signed.countersignature, supersedes=None),
        dataclasses.replace(signed.countersignature, payload_format=1),
    ):
        result = verify_declaration(dataclasses.replace(signed, countersignature=changed), keys.get)
        assert [f.code for f in result.failures] == ["countersignature.invalid"]
    for bad in (3, 0, True, "2"):
        odd = dataclasses.replace(
            signed, countersignature=dataclasses.replace(signed.countersignature, payload_format=bad)
        )
        for result in (verify_declaration(odd, keys.get), verify_many([odd], keys.get)[0]):
            assert [f.code for f in result.failures] == ["countersignature.format_unknown"]
    unknown_form = dataclasses.replace(signed, declaration=signed.declaration.with_changes(form_version=5))
    for result in (verify_declaration(unknown_form, keys.get), verify_many([unknown_form], keys.get)[0]):
        assert [f.code for f in result.failures] == ["officer.form_version_unknown"]
