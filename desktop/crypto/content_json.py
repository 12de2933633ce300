"""A declaration's content as canonical JSON, written straight from its fields: the same bytes as
``canonical_bytes(form_for(version).content(declaration))`` (the definition, desktop/form/model.py), about three
times faster, for every form version whose content is FormVersion.content in shape 1 or 2.

Verifying a workbook rebuilds the content of tens of thousands of declarations; tests/crypto/test_fast_payloads.py
compares these writers with the definition on generated and hostile values:
  * each writer mirrors a ``to_dict`` expression by expression (Declaration's content in FormVersion.content,
    Officer.to_dict, BusinessInterest.to_dict, FamilyMember.to_dict: a change there must be made here too, and those
    tests fail until it is), with the keys written in RFC 8785's order (they are ASCII, so sorted by code unit as by
    code point);
  * strings are escaped by the C function json.dumps(ensure_ascii=False) uses, whose escapes are RFC 8785's for
    every character but a lone surrogate, which the strict UTF-8 encoding at the end refuses;
  * anything but the exact built-in types the fields hold -- a subclass (of a domain class, str or bool), a number
    where text belongs, a lone surrogate, a form version that is not a FormVersion of shape 1 or 2 -- gives None,
    and the definition decides (and raises what it raises).
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring

from desktop.crypto.canonical import canonical_bytes
from desktop.domain.declarations import CONTENT_VERSION, Declaration
from desktop.domain.family import FamilyMember
from desktop.domain.interests import BusinessInterest
from desktop.domain.officers import Officer
from desktop.domain.questions import Question
from desktop.domain.text import decimal_text
from desktop.form import FormVersion, form_for

json_string: Callable[[str], str] = encode_basestring  # '"…"' with JSON escapes, non-ASCII kept as is
_TEXTS = frozenset({str})
_ANSWERS = frozenset({bool, type(None)})
_CONSTANTS: dict[object, str] = {None: "null", True: "true", False: "false"}
_CONTENT_VERSION = canonical_bytes(CONTENT_VERSION).decode()
_MAX_SAFE_INTEGER = 2**53 - 1


class NotPlain(Exception):
    """A value the fast writers do not write: the definition decides."""


def text(value: object) -> str:
    if type(value) is not str:
        raise NotPlain
    return json_string(value)


def flag(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    raise NotPlain


def _texts(values: tuple[object, ...]) -> map[str]:
    if not _TEXTS.issuperset(map(type, values)):
        raise NotPlain
    return map(json_string, values)  # type: ignore[arg-type]  # checked: str each


_FLAG_TEXTS = {True: "true", False: "false"}  # looked up only for a value checked to be a bool


def _amount(value: object) -> str:
    """A present amount, as to_dict writes it (decimal_text decides what it takes)."""
    return text(decimal_text(value))  # type: ignore[arg-type]


def _day(value: object) -> str:
    """A present date, as to_dict writes it."""
    return text(value.isoformat())  # type: ignore[attr-defined]


# -- the officer ---------------------------------------------------------------------------------------------------


def _officer_json(officer: Officer, shape: int) -> str:
    """The canonical JSON of officer.to_dict(shape)."""
    if type(officer) is not Officer:
        raise NotPlain
    id_number, name, police_number, position, rank_level, unit_code = _texts(
        (
            officer.id_number,
            officer.name,
            officer.police_number,
            officer.position,
            officer.rank_level,
            officer.unit_code,
        )
    )
    division, leadership, head = (
        flag(officer.is_division_level),
        flag(officer.is_leadership_member),
        flag(officer.is_unit_head),
    )
    if shape < 2:
        return (
            f'{{"id_number":{id_number},"is_division_level":{division},"is_leadership_member":{leadership},'
            f'"is_unit_head":{head},"name":{name},"police_number":{police_number},"position":{position},'
            f'"rank_level":{rank_level},"unit_code":{unit_code}}}'
        )
    status = officer.political_status
    status_text = text(status._value_) if status else "null"
    return (
        f'{{"id_number":{id_number},"is_division_level":{division},"is_leadership_member":{leadership},'
        f'"is_unit_head":{head},"mobile":{text(officer.mobile)},"name":{name},"police_number":{police_number},'
        f'"political_status":{status_text},"position":{position},"rank_level":{rank_level},'
        f'"unit_code":{unit_code}}}'
    )


# -- an interest ---------------------------------------------------------------------------------------------------


def _interest_json(interest: BusinessInterest) -> str:
    """The canonical JSON of interest.to_dict(1)."""
    if type(interest) is not BusinessInterest:
        raise NotPlain
    enterprise, holder_id, holder, note, question, rectification, relation, role, status, trade, uscc = _texts(
        (
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
    )
    share, capital, income = interest.share_percent, interest.capital_wan, interest.income_wan
    start, end = interest.start_date, interest.end_date
    within, related = interest.within_jurisdiction, interest.related_to_duties
    if type(within) is not bool or type(related) is not bool:
        raise NotPlain
    # Absent amounts and dates (most of them) and the flags written inline: no call per value.
    return (
        f'{{"capital_wan":{"null" if capital is None else _amount(capital)},'
        f'"end_date":{_day(end) if end else "null"},'
        f'"enterprise_name":{enterprise},"holder_id_number":{holder_id},"holder_name":{holder},'
        f'"income_wan":{"null" if income is None else _amount(income)},"note":{note},"question":{question},'
        f'"rectification":{rectification},"related_to_duties":{_FLAG_TEXTS[related]},'
        f'"relation":{relation},"role":{role},"share_percent":{"null" if share is None else _amount(share)},'
        f'"start_date":{_day(start) if start else "null"},"status":{status},"trade_code":{trade},"uscc":{uscc},'
        f'"within_jurisdiction":{_FLAG_TEXTS[within]}}}'
    )


def _interest_json_2(interest: BusinessInterest) -> str:
    """The canonical JSON of interest.to_dict(2): version 1's keys without ``role``, with the holder's member id,
    every role and the enterprise's registered details."""
    if type(interest) is not BusinessInterest:
        raise NotPlain
    roles = [role._value_ for role in interest.roles or (interest.role,)]
    (
        address,
        authority,
        enterprise,
        holder_id,
        member_id,
        holder,
        note,
        question,
        rectification,
        relation,
        scope,
        status,
        trade,
        uscc,
    ) = _texts(
        (
            interest.registered_address,
            interest.registration_authority,
            interest.enterprise_name,
            interest.holder_id_number,
            interest.holder_member_id,
            interest.holder_name,
            interest.note,
            interest.question._value_,
            interest.rectification,
            interest.relation._value_,
            interest.business_scope,
            interest.status._value_,
            interest.trade_code,
            interest.uscc,
        )
    )
    share, capital, income = interest.share_percent, interest.capital_wan, interest.income_wan
    registered, start, end = interest.registered_capital_wan, interest.start_date, interest.end_date
    within, related = interest.within_jurisdiction, interest.related_to_duties
    if type(within) is not bool or type(related) is not bool:
        raise NotPlain
    return (
        f'{{"business_scope":{scope},"capital_wan":{"null" if capital is None else _amount(capital)},'
        f'"end_date":{_day(end) if end else "null"},"enterprise_name":{enterprise},'
        f'"holder_id_number":{holder_id},"holder_member_id":{member_id},"holder_name":{holder},'
        f'"income_wan":{"null" if income is None else _amount(income)},"note":{note},"question":{question},'
        f'"rectification":{rectification},"registered_address":{address},'
        f'"registered_capital_wan":{"null" if registered is None else _amount(registered)},'
        f'"registration_authority":{authority},"related_to_duties":{_FLAG_TEXTS[related]},'
        f'"relation":{relation},"roles":[{",".join(_texts(tuple(roles)))}],'
        f'"share_percent":{"null" if share is None else _amount(share)},'
        f'"start_date":{_day(start) if start else "null"},"status":{status},"trade_code":{trade},"uscc":{uscc},'
        f'"within_jurisdiction":{_FLAG_TEXTS[within]}}}'
    )


# -- a family member -----------------------------------------------------------------------------------------------


def _member_json(member: FamilyMember) -> str:
    """The canonical JSON of member.to_dict()."""
    if type(member) is not FamilyMember:
        raise NotPlain
    id_number, member_id, name, position, relation, work_unit = _texts(
        (member.id_number, member.member_id, member.name, member.position, member.relation._value_, member.work_unit)
    )
    return (
        f'{{"id_number":{id_number},"member_id":{member_id},"name":{name},"position":{position},'
        f'"public_servant":{flag(member.public_servant)},"relation":{relation},"work_unit":{work_unit}}}'
    )


# -- the declaration -----------------------------------------------------------------------------------------------


class _Answers:
    """The "answers" object of one form version: its questions in the order of their texts (the object's keys), and
    each combination of answers written once (true, false or null each: a few hundred possible texts)."""

    def __init__(self, form: FormVersion) -> None:
        self.form = form
        keys = sorted(form.question_keys, key=lambda key: key.encode("utf-16-be"))
        # As Question members where they are one: the answers dicts are keyed by them, and a member finds its own
        # entry faster than its text (a text finds the member's entry too: the same hash, equal).
        self.keys = tuple(Question(key) if key in Question._value2member_map_ else key for key in keys)
        self.format = "{" + ",".join(json_string(key).replace("%", "%%") + ":%s" for key in keys) + "}"
        self.texts: dict[tuple[bool | None, ...], str] = {}

    def json(self, answers: dict[Question, bool]) -> str:
        values = tuple(map(answers.get, self.keys))  # type: ignore[arg-type]  # a key a Question or its text
        if not _ANSWERS.issuperset(map(type, values)):  # first: 1 == True, so an int would find a bool's text
            raise NotPlain
        found = self.texts.get(values)
        if found is None:
            found = self.texts[values] = self.format % tuple(map(_CONSTANTS.__getitem__, values))
        return found


_ANSWERS_OF: dict[int, _Answers] = {}


def _form(number: object) -> tuple[FormVersion, _Answers]:
    """The form version ``number`` if its content is FormVersion.content in a shape written here."""
    form = form_for(number)  # UnknownFormVersion: the definition raises it too
    if type(form) is not FormVersion or form.shape not in (1, 2) or abs(form.number) > _MAX_SAFE_INTEGER:
        raise NotPlain
    answers = _ANSWERS_OF.get(form.number)
    if answers is None or answers.form is not form:  # a test's throw-away version may reuse a number
        answers = _ANSWERS_OF[form.number] = _Answers(form)
    return form, answers


def _content_json(declaration: Declaration) -> str:
    """The canonical JSON of the declaration's content as its form version signs it."""
    if type(declaration) is not Declaration:
        raise NotPlain
    form, answers = _form(declaration.form_version)
    shape = form.shape
    warnings = sorted(declaration.acknowledged_warnings)
    campaign_id, remarks, unit_name = _texts((declaration.campaign_id, declaration.remarks, declaration.unit_name))
    listed = ",".join(_texts(tuple(warnings)))
    answered = answers.json(declaration.answers)
    officer = _officer_json(declaration.officer, shape)
    if shape < 2:
        interests = ",".join(map(_interest_json, declaration.interests))
        return (
            f'{{"acknowledged_warnings":[{listed}],"answers":{answered},"campaign_id":{campaign_id},'
            f'"content_version":{_CONTENT_VERSION},"interests":[{interests}],"officer":{officer},'
            f'"remarks":{remarks},"unit_name":{unit_name}}}'
        )
    interests = ",".join(map(_interest_json_2, declaration.interests))
    members = ",".join(map(_member_json, declaration.family_members))
    return (
        f'{{"acknowledged_warnings":[{listed}],"answers":{answered},"campaign_id":{campaign_id},'
        f'"content_version":{_CONTENT_VERSION},"family_members":[{members}],"form_version":{form.number},'
        f'"interests":[{interests}],"officer":{officer},"remarks":{remarks},"unit_name":{unit_name}}}'
    )


def quick_content(declaration: Declaration) -> bytes | None:
    """canonical_bytes(form_content(declaration)), or None when the definition must decide."""
    try:
        return _content_json(declaration).encode("utf-8")
    except Exception:  # NotPlain, a lone surrogate, or a value the definition refuses (it raises its own error)
        return None
