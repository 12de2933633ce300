"""The signed payloads, rebuilt from a SignedDeclaration's fields. Their exact shape is part of the workbook format
(docs/workbook-format.md) and of docs/signatures.md; change it only with a new ``format_version``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from json.encoder import encode_basestring

from desktop.crypto.canonical import canonical_bytes
from desktop.crypto.encoding import b64
from desktop.domain.declarations import CONTENT_VERSION, Declaration
from desktop.domain.interests import BusinessInterest
from desktop.domain.officers import Officer
from desktop.domain.signed import Countersignature, OfficerSignature
from desktop.domain.text import decimal_text
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
# and hostile values) about three times faster, by writing the canonical JSON straight from the fields:
#   * the content mirrors Declaration.to_dict(), Officer.to_dict() and BusinessInterest.to_dict() expression by
#     expression (a change there must be made here too: those tests fail until it is), with the keys written in
#     RFC 8785's order (they are ASCII, so sorted by code unit as by code point);
#   * strings are escaped by the C function json.dumps(ensure_ascii=False) uses, whose escapes are RFC 8785's for
#     every character but a lone surrogate, which the strict UTF-8 encoding at the end refuses;
#   * anything but the exact built-in types the fields hold -- a subclass (of a domain class, str or bool), a
#     number, a lone surrogate -- raises _NotPlain inside, and the definition above decides.

_json_string: Callable[[str], str] = encode_basestring  # '"…"' with JSON escapes, non-ASCII kept as is
_MAX_SAFE_INTEGER = 2**53 - 1
_TEXTS = frozenset({str})
_ANSWERS = frozenset({bool, type(None)})
_CONSTANTS: dict[object, str] = {None: "null", True: "true", False: "false"}
_CONTENT_VERSION = canonical_bytes(CONTENT_VERSION).decode()
_FORMAT_VERSION = canonical_bytes(PAYLOAD_FORMAT_VERSION).decode()
_OFFICER_TYPE = canonical_bytes(OFFICER_PAYLOAD_TYPE).decode()
_COUNTERSIGN_TYPE = canonical_bytes(COUNTERSIGN_PAYLOAD_TYPE).decode()
#: Form version 1's questions in the order of their texts (the keys of the content's "answers"), and that object with
#: %s values: the fast path writes version 1's content only.
_SORTED_QUESTIONS = tuple(sorted(form_for(1).question_keys, key=lambda key: key.encode("utf-16-be")))
_ANSWER_TEXTS: dict[tuple[bool | None, ...], str] = {}
_ANSWERS_FORMAT = "{" + ",".join(_json_string(q).replace("%", "%%") + ":%s" for q in _SORTED_QUESTIONS) + "}"


class _NotPlain(Exception):
    """A value the fast builders do not write: the definition decides."""


def _text(value: object) -> str:
    if type(value) is not str:
        raise _NotPlain
    return _json_string(value)


def _flag(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    raise _NotPlain


def _officer_json(officer: Officer) -> str:
    """The canonical JSON of officer.to_dict()."""
    if type(officer) is not Officer:
        raise _NotPlain
    texts = (
        officer.id_number,
        officer.name,
        officer.police_number,
        officer.position,
        officer.rank_level,
        officer.unit_code,
    )
    if not _TEXTS.issuperset(map(type, texts)):
        raise _NotPlain
    id_number, name, police_number, position, rank_level, unit_code = map(_json_string, texts)
    return (
        f'{{"id_number":{id_number},"is_division_level":{_flag(officer.is_division_level)},'
        f'"is_leadership_member":{_flag(officer.is_leadership_member)},"is_unit_head":{_flag(officer.is_unit_head)},'
        f'"name":{name},"police_number":{police_number},"position":{position},"rank_level":{rank_level},'
        f'"unit_code":{unit_code}}}'
    )


def _interest_json(interest: BusinessInterest) -> str:
    """The canonical JSON of interest.to_dict()."""
    if type(interest) is not BusinessInterest:
        raise _NotPlain
    texts = (
        interest.enterprise_name,
        interest.holder_id_number,
        interest.holder_name,
        interest.note,
        interest.question._value_,
        interest.rectification,
        interest.relation._value_,
        interest.role._value_,
        interest.status._value_,
        interest.trade_code,
        interest.uscc,
    )
    if not _TEXTS.issuperset(map(type, texts)):
        raise _NotPlain
    enterprise, holder_id, holder, note, question, rectification, relation, role, status, trade, uscc = map(
        _json_string, texts
    )
    share, capital, income = interest.share_percent, interest.capital_wan, interest.income_wan
    start, end = interest.start_date, interest.end_date
    share_text = "null" if share is None else _text(decimal_text(share))
    capital_text = "null" if capital is None else _text(decimal_text(capital))
    income_text = "null" if income is None else _text(decimal_text(income))
    start_text = _text(start.isoformat()) if start else "null"
    end_text = _text(end.isoformat()) if end else "null"
    return (
        f'{{"capital_wan":{capital_text},"end_date":{end_text},"enterprise_name":{enterprise},'
        f'"holder_id_number":{holder_id},"holder_name":{holder},"income_wan":{income_text},"note":{note},'
        f'"question":{question},"rectification":{rectification},'
        f'"related_to_duties":{_flag(interest.related_to_duties)},"relation":{relation},"role":{role},'
        f'"share_percent":{share_text},"start_date":{start_text},"status":{status},"trade_code":{trade},'
        f'"uscc":{uscc},"within_jurisdiction":{_flag(interest.within_jurisdiction)}}}'
    )


def _answers_json(answers: tuple[bool | None, ...]) -> str:
    """The "answers" object for the answers in _SORTED_QUESTIONS' order (true, false or null each: a few hundred
    possible texts, each made once)."""
    if not _ANSWERS.issuperset(map(type, answers)):  # first: 1 == True, so an int would find a bool's text
        raise _NotPlain
    text = _ANSWER_TEXTS.get(answers)
    if text is None:
        text = _ANSWER_TEXTS[answers] = _ANSWERS_FORMAT % tuple(map(_CONSTANTS.__getitem__, answers))
    return text


def _content_json(declaration: Declaration) -> str:
    """The canonical JSON of declaration.to_dict() for form version 1 (other versions: the definition decides)."""
    if type(declaration) is not Declaration or declaration.form_version != 1:
        raise _NotPlain
    warnings = sorted(declaration.acknowledged_warnings)
    texts = (declaration.campaign_id, declaration.remarks, declaration.unit_name)
    if not (_TEXTS.issuperset(map(type, warnings)) and _TEXTS.issuperset(map(type, texts))):
        raise _NotPlain
    campaign_id, remarks, unit_name = map(_json_string, texts)
    answers = _answers_json(tuple(map(declaration.answers.get, _SORTED_QUESTIONS)))  # type: ignore[arg-type]
    interests = ",".join(map(_interest_json, declaration.interests))
    return (
        f'{{"acknowledged_warnings":[{",".join(map(_json_string, warnings))}],"answers":{answers},'
        f'"campaign_id":{campaign_id},"content_version":{_CONTENT_VERSION},"interests":[{interests}],'
        f'"officer":{_officer_json(declaration.officer)},"remarks":{remarks},"unit_name":{unit_name}}}'
    )


def _quick_content(declaration: Declaration) -> bytes | None:
    try:
        return _content_json(declaration).encode("utf-8")
    except (_NotPlain, UnicodeEncodeError):
        return None


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
    return countersign_payload_for(officer_payload_bytes, officer, counter)
