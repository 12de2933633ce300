"""Canonical bytes (RFC 8785) of the signed payloads: stable, order-free, float-free, and pinned by a golden file.

Unicode decision (desktop/crypto/canonical.py): canonical_bytes itself does not normalise text; every text is
NFC-normalised where it enters the application (desktop.domain.text.clean_text, used by Declaration.from_dict and
the other readers), so the same visible text typed on two systems signs to the same bytes.

The golden file tests/crypto/golden/officer_payload.json pins the exact bytes of an officer's payload and its
Ed25519 signature (deterministic). If the payload format changes on purpose (with a new format_version), rewrite it
with ``python -m tests.crypto.test_canonical --write-golden`` and review the diff.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
import rfc8785

from desktop.crypto.canonical import canonical_bytes, canonical_sha256
from desktop.crypto.payloads import PAYLOAD_FORMAT_VERSION, officer_payload, officer_payload_for
from desktop.crypto.signing import SigningKey, verify_signature
from desktop.crypto.verification import verify_declaration
from desktop.domain.campaigns import commitment_digest
from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest
from desktop.domain.signed import OfficerSignature, SignedDeclaration

GOLDEN = Path(__file__).parent / "golden" / "officer_payload.json"

#: A declaration as plain values, written out here (not built from helpers that may change) so the golden bytes
#: depend only on the payload format.
GOLDEN_DECLARATION: dict[str, object] = {
    "campaign_id": "2026-longshan-1",
    "officer": {
        "police_number": "012345",
        "name": "王建国",
        "id_number": "220402197003150213",
        "unit_code": "220402",
        "position": "副所长",
        "rank_level": "一级警长",
        "is_leadership_member": False,
        "is_unit_head": False,
        "is_division_level": False,
    },
    "unit_name": "辽源市公安局龙山区分局",
    "answers": {
        "own_business": True,
        "shareholding": True,
        "paid_part_time": False,
        "disguised_involvement": False,
        "relatives_business": True,
        "specific_related_business": False,
    },
    "interests": [
        {
            "question": "own_business",
            "relation": "self",
            "holder_name": "王建国",
            "holder_id_number": "",
            "enterprise_name": "龙山区建国餐馆",
            "uscc": "92220402MA0Y7K3L0D",
            "trade_code": "catering",
            "role": "legal_representative",
            "capital_wan": "12.50",
            "start_date": "2015-03-01",
            "status": "operating",
        },
        {
            "question": "shareholding",
            "relation": "self",
            "holder_name": "王建国",
            "holder_id_number": "220402197003150213",
            "enterprise_name": "辽源市某某科技有限公司",
            "uscc": "91220400MA17WQ2X8H",
            "trade_code": "information_technology",
            "role": "shareholder",
            "share_percent": "5",
            "capital_wan": "50",
            "start_date": "2019-06-01",
            "within_jurisdiction": True,
        },
        {
            "question": "relatives_business",
            "relation": "spouse",
            "holder_name": "张丽",
            "holder_id_number": "220402197207080421",
            "enterprise_name": '龙山区丽丽服装店 "旗舰店"',
            "trade_code": "retail",
            "role": "investor",
            "capital_wan": "3",
            "start_date": "2010-09-01",
            "end_date": "2024-02-01",
            "status": "exited",
            "note": "已于2024年转让,附件见档案。\n第二行",
        },
    ],
    "acknowledged_warnings": ["interests[2].holder_id_number:x", "interests[0].uscc:uscc.check_character"],
    "remarks": "无其他需要说明的情况。",
}
GOLDEN_PRIVATE_KEY = bytes(range(32))
GOLDEN_DECLARATION_ID = "0123456789abcdef0123456789abcdef"
GOLDEN_SIGNED_AT = "2026-11-21T09:30:00Z"
GOLDEN_COMMITMENT = "本人承诺:以上填报内容真实、准确、完整,如有隐瞒、虚报,愿承担相应责任。\n"


def _golden_payload() -> tuple[Declaration, OfficerSignature, bytes, SigningKey]:
    key = SigningKey.from_raw(GOLDEN_PRIVATE_KEY)
    declaration = Declaration.from_dict(GOLDEN_DECLARATION)
    unsigned = OfficerSignature(
        declaration_id=GOLDEN_DECLARATION_ID,
        version=1,
        commitment_sha256=commitment_digest(GOLDEN_COMMITMENT),
        signer_fingerprint=key.fingerprint,
        signed_at=GOLDEN_SIGNED_AT,
        signature=b"",
    )
    payload = officer_payload_for(declaration, unsigned)
    return declaration, unsigned, payload, key


def golden_document() -> dict[str, object]:
    _declaration, signature, payload, key = _golden_payload()
    assert payload == rfc8785.dumps(json.loads(payload)), "the payload is not RFC 8785: do not pin it"
    return {
        "about": "Officer payload (RFC 8785) and Ed25519 signature for tests/crypto/test_canonical.py; see its "
        "docstring before rewriting.",
        "private_key_hex": GOLDEN_PRIVATE_KEY.hex(),
        "public_key_hex": key.public_key.hex(),
        "fingerprint": key.fingerprint,
        "commitment_sha256": signature.commitment_sha256,
        "payload": payload.decode("utf-8"),
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "signature_hex": key.sign(payload).hex(),
    }


def _load_golden() -> dict[str, object]:
    if not GOLDEN.exists():
        pytest.fail(
            f"{GOLDEN} is missing: it is never regenerated silently. Write it with "
            "'python -m tests.crypto.test_canonical --write-golden' and commit it after review."
        )
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


# -- the golden payload ---------------------------------------------------------------------------------------


def test_the_officer_payload_and_signature_match_the_golden_file():
    golden = _load_golden()
    declaration, unsigned, payload, key = _golden_payload()

    assert payload == str(golden["payload"]).encode("utf-8")
    assert hashlib.sha256(payload).hexdigest() == golden["payload_sha256"]
    assert canonical_sha256(json.loads(payload)) == golden["payload_sha256"]
    assert key.public_key.hex() == golden["public_key_hex"]
    assert key.fingerprint == golden["fingerprint"]
    assert key.sign(payload).hex() == golden["signature_hex"]  # Ed25519 is deterministic
    assert verify_signature(key.public_key, bytes.fromhex(str(golden["signature_hex"])), payload)
    signature = dataclasses.replace(unsigned, signature=bytes.fromhex(str(golden["signature_hex"])))
    result = verify_declaration(
        SignedDeclaration(declaration, signature),
        {key.fingerprint: key.public_key}.get,
        expected_commitment_sha256=str(golden["commitment_sha256"]),
        require_countersignature=False,
    )
    assert result.valid


def test_a_missing_golden_file_fails_instead_of_being_written(monkeypatch, tmp_path):
    monkeypatch.setattr(sys.modules[__name__], "GOLDEN", tmp_path / "officer_payload.json")
    with pytest.raises(pytest.fail.Exception, match="never regenerated silently"):
        _load_golden()
    assert not (tmp_path / "officer_payload.json").exists()


def test_the_golden_payload_has_the_documented_shape():
    payload = json.loads(str(_load_golden()["payload"]))
    assert list(payload) == sorted(payload)
    assert set(payload) == {
        "type",
        "format_version",
        "declaration_id",
        "version",
        "declaration",
        "commitment_sha256",
        "signer_fingerprint",
        "signed_at",
    }
    assert payload["format_version"] == PAYLOAD_FORMAT_VERSION
    assert payload["signed_at"] == GOLDEN_SIGNED_AT
    assert payload["declaration"]["interests"][0]["capital_wan"] == "12.5"  # one text form per amount
    assert payload["declaration"]["acknowledged_warnings"] == sorted(GOLDEN_DECLARATION["acknowledged_warnings"])


# -- canonical form ---------------------------------------------------------------------------------------------


def test_canonical_bytes_do_not_depend_on_key_order():
    forward = {"b": 1, "a": {"y": [1, {"q": True, "p": None}], "x": "文本"}, "c": []}
    backward = {}
    backward["c"] = []
    backward["a"] = {"x": "文本", "y": [1, {"p": None, "q": True}]}
    backward["b"] = 1
    assert list(forward) != list(backward)

    assert canonical_bytes(forward) == canonical_bytes(backward)
    expected = '{"a":{"x":"文本","y":[1,{"p":null,"q":true}]},"b":1,"c":[]}'.encode()
    assert canonical_bytes(forward) == expected


def test_a_declaration_canonicalises_the_same_whatever_order_its_dict_was_built_in():
    declaration = Declaration.from_dict(GOLDEN_DECLARATION)
    content = declaration.to_dict()
    reversed_content = _reverse_keys(content)
    assert json.dumps(reversed_content, ensure_ascii=False) != json.dumps(content, ensure_ascii=False)
    assert canonical_bytes(reversed_content) == canonical_bytes(content)
    assert Declaration.from_dict(_reverse_keys(GOLDEN_DECLARATION)) == declaration


def _reverse_keys(value: object) -> object:
    if isinstance(value, dict):
        return {k: _reverse_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reverse_keys(v) for v in value]
    return value


def test_equal_content_gives_equal_bytes_and_any_difference_different_bytes():
    content = Declaration.from_dict(GOLDEN_DECLARATION).to_dict()
    assert canonical_bytes(copy.deepcopy(content)) == canonical_bytes(content)
    changed = copy.deepcopy(content)
    changed["interests"][1]["share_percent"] = "5.1"  # type: ignore[index]
    assert canonical_bytes(changed) != canonical_bytes(content)
    reordered = copy.deepcopy(content)
    reordered["interests"] = list(reversed(reordered["interests"]))  # type: ignore[arg-type]
    assert canonical_bytes(reordered) != canonical_bytes(content)  # list order is content


def test_keys_sort_by_utf16_code_units_as_rfc8785_requires():
    """The example of RFC 8785 section 3.2.3: U+1F600 (a surrogate pair, D83D DE00) sorts before U+FB33."""
    value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O",
    }
    keys = list(json.loads(canonical_bytes(value)))
    assert keys == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


@pytest.mark.parametrize(
    "value",
    [
        {"text": 'quote " backslash \\ controls \b\f\n\r\t\x00\x1f del \x7f', "sep": "\u2028\u2029"},
        {"emoji": "😀 𠀀", "é": "key outside ASCII", "ö": {"nested": ["中文", 1, -1, True, False, None]}},
        {"big": 2**53 - 1, "small": -(2**53 - 1), "zero": 0},
        [],
        {},
        "just text",
    ],
)
def test_canonical_output_equals_rfc8785(value):
    assert canonical_bytes(value) == rfc8785.dumps(value)


def test_a_payload_equals_rfc8785_of_its_content():
    _declaration, _signature, payload, _key = _golden_payload()
    assert payload == rfc8785.dumps(json.loads(payload))


# -- Unicode --------------------------------------------------------------------------------------------------


def _decomposed(value: object) -> object:
    if isinstance(value, str):
        return unicodedata.normalize("NFD", value)
    if isinstance(value, dict):
        return {k: _decomposed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decomposed(v) for v in value]
    return value


def test_a_declaration_typed_decomposed_signs_to_the_same_bytes_as_composed():
    composed = copy.deepcopy(GOLDEN_DECLARATION)
    composed["remarks"] = "Café Noël 咖啡馆"
    composed["officer"]["name"] = "王建國é"  # type: ignore[index]
    composed["interests"][0]["enterprise_name"] = "Crème brûlée 餐馆"  # type: ignore[index]
    decomposed = _decomposed(composed)
    assert decomposed != composed  # the typed text really differs

    key = SigningKey.from_raw(GOLDEN_PRIVATE_KEY)

    def payload(data: dict[str, object]) -> bytes:
        return officer_payload(
            Declaration.from_dict(data),
            declaration_id=GOLDEN_DECLARATION_ID,
            version=1,
            commitment_sha256="0" * 64,
            signer_fingerprint=key.fingerprint,
            signed_at=GOLDEN_SIGNED_AT,
        )

    assert payload(decomposed) == payload(composed)  # type: ignore[arg-type]
    assert "Café Noël 咖啡馆".encode() in payload(decomposed)  # type: ignore[arg-type]
    assert key.sign(payload(decomposed)) == key.sign(payload(composed))  # type: ignore[arg-type]


def test_canonical_bytes_themselves_do_not_normalise_unicode():
    composed, decomposed = "Caf\u00e9", "Cafe\u0301"
    assert canonical_bytes({"name": composed}) != canonical_bytes({"name": decomposed})
    assert canonical_bytes({"name": decomposed}) == '{"name":"Cafe\u0301"}'.encode()


def test_a_cjk_compatibility_ideograph_is_read_as_its_unified_form():
    """A consequence of NFC worth knowing: U+F9DC (a compatibility 隆) is read as U+9686, so both sign alike."""
    data = copy.deepcopy(GOLDEN_DECLARATION)
    data["interests"][0]["holder_name"] = "\uf9dc"  # type: ignore[index]
    declaration = Declaration.from_dict(data)
    assert declaration.interests[0].holder_name == "\u9686"


def test_full_width_digits_are_not_folded_by_nfc():
    """NFC, not NFKC: full-width digits stay what they are, so they never silently become another ID number."""
    data = copy.deepcopy(GOLDEN_DECLARATION)
    data["interests"][1]["holder_id_number"] = "２２０４０２"  # type: ignore[index]
    assert Declaration.from_dict(data).interests[1].holder_id_number == "２２０４０２"


# -- no floats ------------------------------------------------------------------------------------------------


def _no_float(text: str) -> object:
    raise AssertionError(f"a float reached the payload: {text}")


def test_no_float_reaches_a_payload_amounts_travel_as_decimal_text():
    _declaration, _signature, payload, _key = _golden_payload()
    content = json.loads(payload, parse_float=_no_float)
    amounts = [
        (i.get("share_percent"), i.get("capital_wan"), i.get("income_wan")) for i in content["declaration"]["interests"]
    ]
    assert amounts == [(None, "12.5", None), ("5", "50", None), (None, "3", None)]


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        (0.1, "0.1"),
        (12.5, "12.5"),
        ("12.50", "12.5"),
        ("1,234.5", "1234.5"),
        (Decimal("1E+3"), "1000"),
        (3, "3"),
        ("0.000", "0"),
    ],
)
def test_an_amount_has_one_text_form_however_it_was_typed(typed, text):
    interest = BusinessInterest.from_dict({"question": "own_business", "relation": "self", "capital_wan": typed})
    assert interest.to_dict()["capital_wan"] == text
    assert b'capital_wan":"' + text.encode() + b'"' in canonical_bytes(interest.to_dict())


def test_canonical_bytes_refuse_a_decimal_rather_than_guess_its_form():
    with pytest.raises(rfc8785.CanonicalizationError):
        canonical_bytes({"amount": Decimal("12.5")})


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-golden"]:
        sys.exit("usage: python -m tests.crypto.test_canonical --write-golden")
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text(json.dumps(golden_document(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
