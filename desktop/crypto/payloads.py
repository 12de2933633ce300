"""The signed payloads, rebuilt from a SignedDeclaration's fields. Their exact shape is part of the workbook format
(docs/workbook-format.md) and of docs/signatures.md; change it only with a new ``format_version``."""

from __future__ import annotations

import hashlib

from desktop.crypto.canonical import canonical_bytes
from desktop.crypto.content_json import json_string, quick_content
from desktop.crypto.encoding import b64
from desktop.domain.declarations import Declaration
from desktop.domain.signed import Countersignature, OfficerSignature
from desktop.form import form_for

PAYLOAD_FORMAT_VERSION = 1
#: The countersignature payload formats: 1 (the officer's payload, key, opinion, time) and 2 (also the
#: declaration's version number and the id of the version it supersedes). Old countersignatures keep format 1.
COUNTERSIGN_FORMATS = (1, 2)


class UnknownPayloadFormat(ValueError):
    """A countersignature names a payload format this program does not know."""


OFFICER_PAYLOAD_TYPE = "officer-declare/declaration-signature"
COUNTERSIGN_PAYLOAD_TYPE = "officer-declare/countersignature"


def form_content(declaration: Declaration) -> dict[str, object]:
    """The declaration's content as its form version signs it (desktop/form/); UnknownFormVersion (a ValueError)
    for a version this program does not know."""
    return form_for(declaration.form_version).content(declaration)


def officer_payload(
    declaration: Declaration,
    *,
    declaration_id: str,
    version: int,
    commitment_sha256: str,
    signer_fingerprint: str,
    signed_at: str,
) -> bytes:
    """What the officer signs: format version, the whole declaration, the commitment digest, key and time."""
    return canonical_bytes(
        {
            "type": OFFICER_PAYLOAD_TYPE,
            "format_version": PAYLOAD_FORMAT_VERSION,
            "declaration_id": declaration_id,
            "version": version,
            "declaration": form_content(declaration),
            "commitment_sha256": commitment_sha256,
            "signer_fingerprint": signer_fingerprint,
            "signed_at": signed_at,
        }
    )


def officer_payload_for(declaration: Declaration, signature: OfficerSignature) -> bytes:
    return officer_payload(
        declaration,
        declaration_id=signature.declaration_id,
        version=signature.version,
        commitment_sha256=signature.commitment_sha256,
        signer_fingerprint=signature.signer_fingerprint,
        signed_at=signature.signed_at,
    )


def countersign_payload(
    officer_payload_bytes: bytes,
    officer_signature: bytes,
    *,
    officer_public_key: bytes,
    opinion: str,
    countersigner_fingerprint: str,
    countersigned_at: str,
    payload_format: int = 1,
    declaration_version: int | None = None,
    supersedes: str | None = None,
) -> bytes:
    """What the head signs: the officer's payload (by its SHA-256) and signature, the officer's key, opinion, time;
    in format 2 also the declaration's version number and the id of the version it supersedes (or null)."""
    data: dict[str, object] = {
        "type": COUNTERSIGN_PAYLOAD_TYPE,
        "format_version": PAYLOAD_FORMAT_VERSION,
        "officer_payload_sha256": hashlib.sha256(officer_payload_bytes).hexdigest(),
        "officer_signature": b64(officer_signature),
        "officer_public_key": b64(officer_public_key),
        "opinion": opinion,
        "countersigner_fingerprint": countersigner_fingerprint,
        "countersigned_at": countersigned_at,
    }
    if type(payload_format) is not int or payload_format not in COUNTERSIGN_FORMATS:
        raise UnknownPayloadFormat(f"countersignature payload format {payload_format!r}")
    if payload_format == 2:
        if type(declaration_version) is not int:
            raise UnknownPayloadFormat("a format 2 countersignature needs the declaration's version number")
        data |= {"format_version": 2, "declaration_version": declaration_version, "supersedes": supersedes}
    return canonical_bytes(data)


def countersign_payload_for(
    officer_payload_bytes: bytes, officer: OfficerSignature, counter: Countersignature
) -> bytes:
    return countersign_payload(
        officer_payload_bytes,
        officer.signature,
        officer_public_key=counter.officer_public_key,
        opinion=counter.opinion,
        countersigner_fingerprint=counter.countersigner_fingerprint,
        countersigned_at=counter.countersigned_at,
        payload_format=counter.payload_format,
        declaration_version=officer.version,
        supersedes=counter.supersedes,
    )


# -- the same bytes, fast ------------------------------------------------------------------------------------------
#
# Verifying a workbook rebuilds the payloads of tens of thousands of declarations. The functions above are the
# definition; the builders below give the same bytes (tests/crypto/test_fast_payloads.py compares them on generated
# and hostile values) about three times faster, by writing the canonical JSON straight from the fields: the content
# by desktop/crypto/content_json.py (every form version of shape 1 or 2), the wrappers here. Anything but the exact
# built-in types the fields hold -- a subclass, a number where text belongs, an integer beyond ±2^53, a lone
# surrogate -- is left to the definition above, which decides.

_json_string = json_string
_MAX_SAFE_INTEGER = 2**53 - 1
_TEXTS = frozenset({str})
_FORMAT_VERSION = canonical_bytes(PAYLOAD_FORMAT_VERSION).decode()
_OFFICER_TYPE = canonical_bytes(OFFICER_PAYLOAD_TYPE).decode()
_COUNTERSIGN_TYPE = canonical_bytes(COUNTERSIGN_PAYLOAD_TYPE).decode()
_quick_content = quick_content


def content_bytes(declaration: Declaration) -> bytes:
    """canonical_bytes(form_content(declaration)): the content as the officer signs it."""
    quick = _quick_content(declaration)
    return quick if quick is not None else canonical_bytes(form_content(declaration))


def _officer_wrapper(signature: OfficerSignature) -> tuple[bytes, bytes] | None:
    """The officer's payload before and after its content, or None for the definition to decide."""
    texts = (signature.commitment_sha256, signature.declaration_id, signature.signed_at, signature.signer_fingerprint)
    version = signature.version
    if not (
        _TEXTS.issuperset(map(type, texts))
        and type(version) is int
        and -_MAX_SAFE_INTEGER <= version <= _MAX_SAFE_INTEGER
    ):
        return None
    commitment, declaration_id, signed_at, signer = map(_json_string, texts)
    try:
        return (
            f'{{"commitment_sha256":{commitment},"declaration":'.encode(),
            f',"declaration_id":{declaration_id},"format_version":{_FORMAT_VERSION},"signed_at":{signed_at},'
            f'"signer_fingerprint":{signer},"type":{_OFFICER_TYPE},"version":{version}}}'.encode(),
        )
    except UnicodeEncodeError:
        return None


def fast_officer_payload(
    declaration: Declaration, signature: OfficerSignature, contents: list[bytes] | None = None
) -> bytes:
    """officer_payload_for(declaration, signature), the same bytes; the content's canonical bytes (content_bytes)
    are appended to ``contents`` when given."""
    content = _quick_content(declaration)
    wrapper = _officer_wrapper(signature) if content is not None else None
    if content is None or wrapper is None:
        payload = officer_payload_for(declaration, signature)
        if contents is not None:
            contents.append(content if content is not None else canonical_bytes(form_content(declaration)))
        return payload
    if contents is not None:
        contents.append(content)
    return b"".join((wrapper[0], content, wrapper[1]))


def fast_countersign_payload(
    officer_payload_bytes: bytes, officer: OfficerSignature, counter: Countersignature
) -> bytes:
    """countersign_payload_for(officer_payload_bytes, officer, counter), the same bytes. The digest (hex) and the
    keys and signature (base64) are ASCII letters, digits and '+/=', which JSON writes as they are."""
    texts = (counter.countersigned_at, counter.countersigner_fingerprint, counter.opinion)
    if counter.payload_format == 1 and type(counter.payload_format) is int and _TEXTS.issuperset(map(type, texts)):
        countersigned_at, countersigner, opinion = map(_json_string, texts)
        digest = hashlib.sha256(officer_payload_bytes).hexdigest()
        text = (
            f'{{"countersigned_at":{countersigned_at},"countersigner_fingerprint":{countersigner},'
            f'"format_version":{_FORMAT_VERSION},"officer_payload_sha256":"{digest}",'
            f'"officer_public_key":"{b64(counter.officer_public_key)}",'
            f'"officer_signature":"{b64(officer.signature)}","opinion":{opinion},"type":{_COUNTERSIGN_TYPE}}}'
        )
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            pass
    elif counter.payload_format == 2 and type(counter.payload_format) is int:
        fast = _fast_countersign_2(officer_payload_bytes, officer, counter, texts)
        if fast is not None:
            return fast
    return countersign_payload_for(officer_payload_bytes, officer, counter)


def _fast_countersign_2(
    officer_payload_bytes: bytes, officer: OfficerSignature, counter: Countersignature, texts: tuple[object, ...]
) -> bytes | None:
    """Format 2 (every new countersignature since workbook format 2): format 1's keys with the declaration's version
    and the superseded id, in RFC 8785's order; None when a value is not plainly of its type."""
    supersedes, version = counter.supersedes, officer.version
    if not (
        _TEXTS.issuperset(map(type, texts))
        and (supersedes is None or type(supersedes) is str)
        and type(version) is int
        and -_MAX_SAFE_INTEGER <= version <= _MAX_SAFE_INTEGER
    ):
        return None
    countersigned_at, countersigner, opinion = map(_json_string, texts)  # type: ignore[arg-type]  # checked: str
    superseded = "null" if supersedes is None else _json_string(supersedes)
    digest = hashlib.sha256(officer_payload_bytes).hexdigest()
    text = (
        f'{{"countersigned_at":{countersigned_at},"countersigner_fingerprint":{countersigner},'
        f'"declaration_version":{version},"format_version":2,"officer_payload_sha256":"{digest}",'
        f'"officer_public_key":"{b64(counter.officer_public_key)}",'
        f'"officer_signature":"{b64(officer.signature)}","opinion":{opinion},"supersedes":{superseded},'
        f'"type":{_COUNTERSIGN_TYPE}}}'
    )
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return None
