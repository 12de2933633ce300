"""The bulk path of verification: libsodium (PyNaCl) checks Ed25519 signatures as cryptography (OpenSSL) does on
every valid and invalid signature an honest or careless program makes, and is stricter on the malleability edge
cases (small-order keys and R values, which OpenSSL accepts); the fast officer payload is byte for byte the
reference one (more in test_fast_payloads.py); verify_many gives what verify_declaration gives for every item, with
or without workers and across chunk boundaries."""

from __future__ import annotations

import dataclasses
import os
import random
from concurrent.futures import ThreadPoolExecutor

import pytest

from desktop.crypto.canonical import canonical_bytes
from desktop.crypto.payloads import (
    content_bytes,
    countersign_payload,
    fast_officer_payload,
    officer_payload,
    officer_payload_for,
)
from desktop.crypto.signing import SigningKey, verify_signature
from desktop.crypto.verification import bulk_verify_signature, verify_declaration, verify_many
from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest
from desktop.domain.officers import Officer
from desktop.domain.questions import Question, Relation
from desktop.domain.signed import Countersignature, OfficerSignature, SignedDeclaration

#: The order of the Ed25519 base point.
L = 2**252 + 27742317777372353535851937790883648493
#: Encodings of the points of small order (the identity, orders 2, 4 and 8).
SMALL_ORDER = [
    bytes.fromhex(h)
    for h in (
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    )
]


def test_both_verifiers_accept_every_valid_signature_and_refuse_every_altered_one() -> None:
    rng = random.Random(1)
    for _ in range(200):
        key = SigningKey.from_raw(rng.randbytes(32))
        message = rng.randbytes(rng.randint(0, 3000))
        signature = key.sign(message)
        public = key.public_key
        assert verify_signature(public, signature, message)
        assert bulk_verify_signature(public, signature, message)
        altered = [
            (public, signature, message + b"x"),
            (public, signature[:5] + bytes([signature[5] ^ 1]) + signature[6:], message),
            (public, signature[:40] + bytes([signature[40] ^ 0x10]) + signature[41:], message),
            (public[:3] + bytes([public[3] ^ 4]) + public[4:], signature, message),
            (SigningKey.from_raw(rng.randbytes(32)).public_key, signature, message),
        ]
        if message:
            altered.append((public, signature, bytes([message[0] ^ 1]) + message[1:]))
        for case in altered:
            assert verify_signature(*case) is False
            assert bulk_verify_signature(*case) is False


@pytest.mark.parametrize(("key_length", "signature_length"), [(0, 64), (31, 64), (33, 64), (32, 63), (32, 65), (32, 0)])
def test_wrong_lengths_are_refused_by_both(key_length: int, signature_length: int) -> None:
    key = SigningKey.from_raw(bytes(32))
    signature = key.sign(b"m")
    public = (key.public_key + bytes(8))[:key_length]
    signature = (signature + bytes(8))[:signature_length]
    assert verify_signature(public, signature, b"m") is False
    assert bulk_verify_signature(public, signature, b"m") is False


def test_a_non_canonical_s_is_refused_by_both() -> None:
    key = SigningKey.from_raw(bytes(range(32)))
    message = b"officer payload"
    signature = key.sign(message)
    s = int.from_bytes(signature[32:], "little")
    malleated = signature[:32] + (s + L).to_bytes(32, "little")
    assert verify_signature(key.public_key, malleated, message) is False
    assert bulk_verify_signature(key.public_key, malleated, message) is False


@pytest.mark.parametrize("point", SMALL_ORDER)
def test_small_order_keys_are_refused_by_libsodium(point: bytes) -> None:
    """The documented difference: with a small-order public key, R a small-order point and S = 0, the equation holds
    for every message without any private key. OpenSSL (cryptography) accepts some of these; libsodium refuses all.
    No generated key is of small order, so honest signatures are unaffected (tests above)."""
    for r in SMALL_ORDER:
        forged = r + bytes(32)
        for message in (b"", b"any declaration at all"):
            assert bulk_verify_signature(point, forged, message) is False
    accepted_by_openssl = any(verify_signature(point, r + bytes(32), b"x") for r in SMALL_ORDER)
    assert isinstance(accepted_by_openssl, bool)  # recorded, not required: see docs/decisions.md


def test_a_small_order_r_with_an_honest_key_is_refused_by_both() -> None:
    key = SigningKey.from_raw(bytes(range(1, 33)))
    for r in SMALL_ORDER:
        assert verify_signature(key.public_key, r + bytes(32), b"m") is False
        assert bulk_verify_signature(key.public_key, r + bytes(32), b"m") is False


# -- payloads and verify_many ---------------------------------------------------------------------------------------

OFFICER_KEY = SigningKey.from_raw(bytes(range(32)))
HEAD_KEY = SigningKey.from_raw(bytes(range(32, 64)))
KEYS = {OFFICER_KEY.fingerprint: OFFICER_KEY.public_key, HEAD_KEY.fingerprint: HEAD_KEY.public_key}
COMMITMENT = "a" * 64


def _declaration(index: int, remarks: str = "") -> Declaration:
    officer = Officer(
        f"{index:06d}",
        "张三" if index % 2 else "Zhang",
        "11010119900307001X",
        "1311",
        "科员",
        "一级警长",
        index % 3 == 0,
        False,
        index % 5 == 0,
    )
    interests = tuple(
        BusinessInterest(
            Question.RELATIVES_BUSINESS,
            Relation.SPOUSE,
            "李四",
            "110101199003070011",
            "清河旅馆",
            uscc="91110000MA01ABCD1X",
            trade_code="hotel",
            note="é\u0301 note",
        )
        for _ in range(index % 3)
    )
    answers = {q: q is Question.RELATIVES_BUSINESS and bool(interests) for q in Question}
    return Declaration("c" * 32, officer, "清河市公安局", answers, interests, ("interests[0].uscc:x",), remarks)


def _signed(index: int, declaration: Declaration | None = None) -> SignedDeclaration:
    declaration = declaration or _declaration(index)
    sig = OfficerSignature(f"{index:032x}", 1, COMMITMENT, OFFICER_KEY.fingerprint, "2026-11-21T09:30:00Z", b"")
    payload = officer_payload_for(declaration, sig)
    sig = dataclasses.replace(sig, signature=OFFICER_KEY.sign(payload))
    counter_payload = countersign_payload(
        payload,
        sig.signature,
        officer_public_key=OFFICER_KEY.public_key,
        opinion="属实",
        countersigner_fingerprint=HEAD_KEY.fingerprint,
        countersigned_at="2026-11-22T09:30:00Z",
    )
    counter = Countersignature(
        OFFICER_KEY.public_key, "属实", HEAD_KEY.fingerprint, "2026-11-22T09:30:00Z", HEAD_KEY.sign(counter_payload)
    )
    return SignedDeclaration(declaration, sig, counter)


@pytest.mark.parametrize(
    "remarks",
    [
        "",
        "plain",
        "中文备注",
        "e\u0301",
        "\U0001f600 emoji",
        'quote " and \\ and \n',
        "\x01 control",
        "\u2028 line separator",
    ],
)
def test_the_fast_officer_payload_is_the_reference_one(remarks: str) -> None:
    for index in range(6):
        declaration = _declaration(index, remarks)
        sig = OfficerSignature(f"{index:032x}", 7, COMMITMENT, "ab:cd", "2026-11-21T09:30:00Z", b"s")
        contents: list[bytes] = []
        assert fast_officer_payload(declaration, sig, contents) == officer_payload_for(declaration, sig)
        assert contents == [canonical_bytes(declaration.to_dict())]
        assert content_bytes(declaration) == canonical_bytes(declaration.to_dict())


def test_values_outside_the_fast_path_take_the_reference_path() -> None:
    declaration = _declaration(1, "lone \ud800 surrogate")
    sig = OfficerSignature("d" * 32, 1, COMMITMENT, "ab", "2026-11-21T09:30:00Z", b"s")
    try:
        expected: object = officer_payload_for(declaration, sig)
    except Exception as exc:  # the reference refuses it: the fast path must refuse it the same way
        with pytest.raises(type(exc)):
            fast_officer_payload(declaration, sig)
    else:
        assert fast_officer_payload(declaration, sig) == expected
    big = dataclasses.replace(sig, version=2**60)  # beyond JSON's safe integers: the reference decides
    try:
        expected = officer_payload(
            declaration,
            declaration_id=big.declaration_id,
            version=big.version,
            commitment_sha256=COMMITMENT,
            signer_fingerprint="ab",
            signed_at=big.signed_at,
        )
    except Exception as exc:
        with pytest.raises(type(exc)):
            fast_officer_payload(declaration, big)
    else:
        assert fast_officer_payload(declaration, big) == expected


def _tampered(items: list[SignedDeclaration]) -> list[SignedDeclaration]:
    result = []
    for index, item in enumerate(items):
        kind = index % 7
        if kind == 1:
            item = dataclasses.replace(item, declaration=item.declaration.with_changes(remarks="changed"))
        elif kind == 2:
            item = dataclasses.replace(
                item, countersignature=dataclasses.replace(item.countersignature, opinion="不属实")
            )
        elif kind == 3:
            item = dataclasses.replace(item, countersignature=None)
        elif kind == 4:
            item = dataclasses.replace(
                item, officer_signature=dataclasses.replace(item.officer_signature, commitment_sha256="b" * 64)
            )
        elif kind == 5:
            item = dataclasses.replace(item, officer_signature=None)
        result.append(item)
    return result


@pytest.mark.parametrize("workers", [0, 2])
@pytest.mark.parametrize("chunk_size", [1, 3, 4000])
def test_verify_many_is_verify_declaration_for_every_item(workers: int, chunk_size: int) -> None:
    items = [_signed(index) for index in range(20)]
    for case in (items, _tampered(items)):
        expected = [verify_declaration(item, KEYS.get, expected_commitment_sha256=COMMITMENT) for item in case]
        contents: list[bytes] = []
        if workers:
            with ThreadPoolExecutor(workers) as pool:
                got = verify_many(
                    case,
                    KEYS.get,
                    expected_commitment_sha256=COMMITMENT,
                    executor=pool,
                    chunk_size=chunk_size,
                    contents=contents,
                )
        else:
            got = verify_many(
                case, KEYS.get, expected_commitment_sha256=COMMITMENT, chunk_size=chunk_size, contents=contents
            )
        assert got == expected
        assert contents == [canonical_bytes(item.declaration.to_dict()) for item in case]
    assert all(result.valid for result in verify_many(items, KEYS.get, expected_commitment_sha256=COMMITMENT))


def test_verify_many_with_an_unknown_head_and_a_single_declaration() -> None:
    items = [_signed(index) for index in range(3)]
    only_officer = {OFFICER_KEY.fingerprint: OFFICER_KEY.public_key}.get
    assert verify_many(items, only_officer, require_countersignature=False) == [
        verify_declaration(item, only_officer, require_countersignature=False) for item in items
    ]
    assert verify_many([], KEYS.get) == []


def test_random_bytes_never_verify() -> None:
    for _ in range(50):
        assert bulk_verify_signature(os.urandom(32), os.urandom(64), os.urandom(100)) is False
