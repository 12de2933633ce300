"""Checking a declaration's signatures: valid, or which signature fails and why.

The payloads are rebuilt from the record's fields (never from a stored copy of the payload), so any change to the
content, the commitment digest, a time, the opinion or a key after signing is caught.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field

from desktop.crypto.payloads import (
    UnknownPayloadFormat,
    content_bytes,
    countersign_payload_for,
    fast_countersign_payload,
    fast_officer_payload,
    officer_payload_for,
)
from desktop.crypto.signing import fingerprint, verify_signature
from desktop.domain.declarations import Declaration
from desktop.domain.signed import Countersignature, OfficerSignature, SignedDeclaration
from desktop.form import UnknownFormVersion
from desktop.i18n import N_, Translator

#: Finds a public key by its fingerprint among the keys the verifier knows (store, workbook, trusted list).
KeyLookup = Callable[[str], bytes | None]

OFFICER = "officer"
COUNTERSIGNATURE = "countersignature"

_MESSAGES = {
    "officer.missing": N_("The officer has not signed this declaration."),
    "officer.key_unknown": N_("The officer's signing key is not known here, so the signature cannot be checked."),
    "officer.key_mismatch": N_("The officer's key does not match the fingerprint named in the signature."),
    "officer.commitment_mismatch": N_("The commitment signed is not this campaign's commitment text."),
    "officer.signature_invalid": N_(
        "The officer's signature does not match the declaration: something was changed after signing."
    ),
    "countersignature.missing": N_("The unit head has not countersigned this declaration."),
    "countersignature.key_unknown": N_(
        "The unit head's key is not known here, so the countersignature cannot be checked."
    ),
    "countersignature.self": N_("The declaration is countersigned with the officer's own key."),
    "countersignature.format_unknown": N_(
        "The countersignature uses a format this program does not know; update the program to check it."
    ),
    "officer.form_version_unknown": N_(
        "The declaration was made on a form version this program does not know; update the program to check it."
    ),
    "countersignature.invalid": N_(
        "The countersignature does not match: the declaration, the officer's signature, the opinion or the time "
        "was changed after countersigning."
    ),
}


@dataclass(frozen=True, slots=True)
class SignatureFailure:
    which: str  # OFFICER or COUNTERSIGNATURE
    code: str

    @property
    def message(self) -> str:
        return _MESSAGES[self.code]

    def render(self, translate: Translator) -> str:
        return translate(self.message)


@dataclass(frozen=True, slots=True)
class VerificationResult:
    failures: tuple[SignatureFailure, ...] = field(default_factory=tuple)
    officer_valid: bool = False
    countersignature_valid: bool = False

    @property
    def valid(self) -> bool:
        return not self.failures

    @property
    def first_failure(self) -> SignatureFailure | None:
        return self.failures[0] if self.failures else None


def verify_declaration(
    signed: SignedDeclaration,
    keys: KeyLookup,
    *,
    expected_commitment_sha256: str | None = None,
    require_countersignature: bool = True,
    _check: Callable[[bytes, bytes, bytes], bool] = verify_signature,
) -> VerificationResult:
    """Check the officer's signature and, if present or required, the head's countersignature."""
    return _verify(
        signed,
        keys,
        expected_commitment_sha256,
        require_countersignature,
        _check,
        fingerprint,
        _defined_officer_payload,
        countersign_payload_for,
        None,
    )


def _defined_officer_payload(declaration: Declaration, signature: OfficerSignature, _contents: object) -> bytes:
    return officer_payload_for(declaration, signature)


def _verify(
    item: SignedDeclaration,
    keys: KeyLookup,
    expected: str | None,
    require: bool,
    check: Callable[[bytes, bytes, bytes], bool],
    fingerprint_of: Callable[[bytes], str],
    officer_payload: Callable[[Declaration, OfficerSignature, list[bytes] | None], bytes],
    countersign_payload: Callable[[bytes, OfficerSignature, Countersignature], bytes],
    contents: list[bytes] | None,
) -> VerificationResult:
    """The checks of verify_declaration, with the payload builders, the fingerprint function and (when
    ``contents`` is given) the collection of each content's canonical bytes chosen by the caller."""
    officer_sig = item.officer_signature
    if officer_sig is None:
        officer_failure: str | None = "officer.missing"
        officer_bytes = b""
        if contents is not None:
            contents.append(content_bytes(item.declaration))
    else:
        try:
            officer_bytes = officer_payload(item.declaration, officer_sig, contents)
        except UnknownFormVersion:  # made on a form this program does not know: nothing to check it against
            officer_bytes, officer_failure = b"", "officer.form_version_unknown"
            if contents is not None:
                contents.append(b"")
        else:
            officer_failure = _officer_failure(item, officer_sig, officer_bytes, keys, expected, check, fingerprint_of)
    counter_failure = _countersignature_failure(
        item, officer_bytes, keys, require, check, fingerprint_of, countersign_payload
    )
    failures = []
    if officer_failure is not None:
        failures.append(SignatureFailure(OFFICER, officer_failure))
    if counter_failure is not None:
        failures.append(SignatureFailure(COUNTERSIGNATURE, counter_failure))
    return result_of(
        tuple(failures), countersigned=item.countersignature is not None, officer_signed=officer_sig is not None
    )


#: One result for each outcome (decision 250): a workbook's declarations share a few, not one object each (at
#: 200,000 unsigned junk declarations about 40 MB). Bounded: the codes are this module's, the flags bools.
_RESULTS: dict[tuple[tuple[SignatureFailure, ...], bool, bool], VerificationResult] = {}


def result_of(
    failures: tuple[SignatureFailure, ...], *, countersigned: bool, officer_signed: bool
) -> VerificationResult:
    """The (shared, frozen) result of a declaration's checks from their failures: the officer's signature is good
    when no failure is the officer's; a countersignature only when there is one, over an officer's signature, and no
    failure is its own (else nothing was checked). Also what ``verify`` in chunks rebuilds from a worker's failure
    codes."""
    key = (failures, countersigned, officer_signed)
    result = _RESULTS.get(key)
    if result is None:
        officer_valid = all(f.which != OFFICER for f in failures)
        counter_valid = countersigned and officer_signed and all(f.which != COUNTERSIGNATURE for f in failures)
        result = _RESULTS[key] = VerificationResult(failures, officer_valid, counter_valid)
    return result


def _officer_failure(
    item: SignedDeclaration,
    officer_sig: OfficerSignature,
    officer_bytes: bytes,
    keys: KeyLookup,
    expected: str | None,
    check: Callable[[bytes, bytes, bytes], bool],
    fingerprint_of: Callable[[bytes], str],
) -> str | None:
    """The code of what is wrong with the officer's signature, None when it verifies."""
    counter = item.countersignature
    key = keys(officer_sig.signer_fingerprint)
    if key is None and counter is not None:
        key = counter.officer_public_key  # vouched for by the countersignature, checked below
    if key is None:
        return "officer.key_unknown"
    if fingerprint_of(key) != officer_sig.signer_fingerprint or (
        counter is not None and counter.officer_public_key != key
    ):
        return "officer.key_mismatch"
    if expected is not None and officer_sig.commitment_sha256 != expected:
        return "officer.commitment_mismatch"
    if not check(key, officer_sig.signature, officer_bytes):
        return "officer.signature_invalid"
    return None


def _countersignature_failure(
    item: SignedDeclaration,
    officer_bytes: bytes,
    keys: KeyLookup,
    require: bool,
    check: Callable[[bytes, bytes, bytes], bool],
    fingerprint_of: Callable[[bytes], str],
    countersign_payload: Callable[[bytes, OfficerSignature, Countersignature], bytes],
) -> str | None:
    """The code of what is wrong with the countersignature, None when it verifies or there is none to check (a
    countersignature without an officer signature below it is not checked: the officer's failure says why)."""
    officer_sig, counter = item.officer_signature, item.countersignature
    if counter is None:
        return "countersignature.missing" if require else None
    if officer_sig is None or not officer_bytes:
        return None
    head_key = keys(counter.countersigner_fingerprint)
    if counter.countersigner_fingerprint == officer_sig.signer_fingerprint:
        return "countersignature.self"
    if head_key is None or fingerprint_of(head_key) != counter.countersigner_fingerprint:
        return "countersignature.key_unknown"
    try:
        payload = countersign_payload(officer_bytes, officer_sig, counter)
    except UnknownPayloadFormat:
        return "countersignature.format_unknown"
    if not check(head_key, counter.signature, payload):
        return "countersignature.invalid"
    return None


# -- many at once ---------------------------------------------------------------------------------------------

#: One Ed25519 check as plain bytes (public key, signature, message): cheap to send to another process.
RawCheck = tuple[bytes, bytes, bytes]


def _libsodium_verifier() -> Callable[[bytes, bytes, bytes], bool]:
    """Ed25519 verification by libsodium (PyNaCl): ≈2× faster than OpenSSL's here, and stricter (it also refuses
    small-order and non-canonical public keys and R values, which no honest key or signature has). Keys and signing
    stay with ``cryptography``; tests/crypto/test_bulk_verifier.py shows both agree. See docs/decisions.md."""
    try:
        from nacl.bindings import crypto_sign_open
        from nacl.exceptions import BadSignatureError
    except ImportError:  # pragma: no cover - PyNaCl is a dependency; without it, the reference verifier
        return verify_signature

    def check(public_key: bytes, signature: bytes, message: bytes) -> bool:
        if len(public_key) != 32 or len(signature) != 64:  # libsodium reads exactly 32 and 64 bytes
            return False
        try:
            crypto_sign_open(signature + message, public_key)
        except BadSignatureError:
            return False
        return True

    return check


bulk_verify_signature = _libsodium_verifier()


def _check_raw(batch: list[RawCheck]) -> list[bool]:
    check = bulk_verify_signature
    return [check(key, signature, message) for key, signature, message in batch]


def verify_many(
    items: list[SignedDeclaration],
    keys: KeyLookup,
    *,
    expected_commitment_sha256: str | None = None,
    require_countersignature: bool = True,
    executor: Executor | None = None,
    chunk_size: int = 4000,
    contents: list[bytes] | None = None,
) -> list[VerificationResult]:
    """Verify many declarations; the Ed25519 checks can run in ``executor`` (a process pool uses every core).

    The result is the same as verify_declaration on each item. ``contents``, when given, receives the canonical
    bytes of each declaration's content (Declaration.to_dict()), computed once here for the payload."""
    return start_verify_many(
        items,
        keys,
        expected_commitment_sha256=expected_commitment_sha256,
        require_countersignature=require_countersignature,
        executor=executor,
        chunk_size=chunk_size,
        contents=contents,
    ).settle()


@dataclass
class PendingChecks:
    """Results given as if every Ed25519 check succeeded (``optimistic``), while the checks run; settle() waits for
    them and gives the real results (the same list when every check succeeded)."""

    optimistic: list[VerificationResult]
    _items: list[SignedDeclaration]
    _redo: Callable[[SignedDeclaration, Callable[[bytes, bytes, bytes], bool]], VerificationResult]
    _pending: list[object]

    def settle(self) -> list[VerificationResult]:
        # The ignore below: a part is a list or a Future of one
        answers = [ok for part in self._pending for ok in (part if isinstance(part, list) else part.result())]  # type: ignore[attr-defined]
        if all(answers):
            return self.optimistic
        # Some signature failed: redo the items with the real answers, asked in the same order as before.
        replay = iter(answers)
        return [self._redo(item, lambda _k, _s, _m: next(replay)) for item in self._items]

    def cancel(self) -> None:
        for part in self._pending:
            if not isinstance(part, list):
                part.cancel()  # type: ignore[attr-defined]  # not a list: a Future


def start_verify_many(
    items: list[SignedDeclaration],
    keys: KeyLookup,
    *,
    expected_commitment_sha256: str | None = None,
    require_countersignature: bool = True,
    executor: Executor | None = None,
    chunk_size: int = 4000,
    contents: list[bytes] | None = None,
) -> PendingChecks:
    """verify_many, returning as soon as the payloads are built and sent (see PendingChecks).

    The payloads are rebuilt here, then only (key, signature, message) bytes travel to the workers, in chunks sent
    as soon as they are full, so the workers check while the payloads of the next chunk are built."""
    checks: list[RawCheck] = []  # the chunk being filled; a full chunk is sent off and forgotten here
    pending: list[object] = []  # futures, or lists of answers when there is no executor

    def send() -> None:
        batch = checks.copy()
        checks.clear()
        pending.append(executor.submit(_check_raw, batch) if executor is not None else _check_raw(batch))

    def record(key: bytes, signature: bytes, message: bytes) -> bool:
        checks.append((key, signature, message))
        if len(checks) >= chunk_size:
            send()
        return True  # optimistic: the real answers are looked at in settle()

    fingerprints = _Fingerprints()
    optimistic = [
        _verify_fast(item, keys, expected_commitment_sha256, require_countersignature, record, fingerprints, contents)
        for item in items
    ]
    if checks:
        send()

    def redo(item: SignedDeclaration, check: Callable[[bytes, bytes, bytes], bool]) -> VerificationResult:
        return _verify_fast(item, keys, expected_commitment_sha256, require_countersignature, check, fingerprints, None)

    return PendingChecks(optimistic, items, redo, pending)


class _Fingerprints(dict[bytes, str]):
    """fingerprint() of each key once (a head's key signs thousands of countersignatures)."""

    def __missing__(self, key: bytes) -> str:
        value = self[key] = fingerprint(key)
        return value


def _verify_fast(
    item: SignedDeclaration,
    keys: KeyLookup,
    expected: str | None,
    require: bool,
    check: Callable[[bytes, bytes, bytes], bool],
    fingerprints: _Fingerprints,
    contents: list[bytes] | None,
) -> VerificationResult:
    """verify_declaration with the payloads built by the fast builders (desktop.crypto.payloads, the same bytes) and
    fingerprints remembered."""
    return _verify(
        item,
        keys,
        expected,
        require,
        check,
        fingerprints.__getitem__,
        fast_officer_payload,
        fast_countersign_payload,
        contents,
    )
