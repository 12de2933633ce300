"""The registration form (情况登记表): a snapshot of the officer, the answers, and the detail rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from desktop.domain.family import FamilyMember
from desktop.domain.interests import BusinessInterest
from desktop.domain.officers import Officer
from desktop.domain.questions import Question
from desktop.domain.text import clean_text
from desktop.i18n import N_

#: The version of the declaration content as signed. Bump it when the content's fields change.
CONTENT_VERSION = 1


class DeclarationStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"  # signed by the officer, waiting for the unit head
    RETURNED = "returned"  # sent back by the unit head with a reason
    COUNTERSIGNED = "countersigned"
    SUPERSEDED = "superseded"  # an amendment replaced this version


#: How each state is named to people; "not_started" is the state of an officer without any declaration yet.
STATUS_LABELS: dict[str, str] = {
    "not_started": N_("not started"),
    DeclarationStatus.DRAFT.value: N_("draft"),
    DeclarationStatus.SIGNED.value: N_("signed, waiting for the unit head"),
    DeclarationStatus.RETURNED.value: N_("returned"),
    DeclarationStatus.COUNTERSIGNED.value: N_("countersigned"),
    DeclarationStatus.SUPERSEDED.value: N_("superseded by an amendment"),
}


#: The questions in the form's order, and their texts: the keys of to_dict()'s answers (computed once, not per call).
_QUESTIONS: tuple[Question, ...] = tuple(Question)
_ANSWER_KEYS: tuple[str, ...] = tuple(question.value for question in _QUESTIONS)
_ANSWER_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True, slots=True)
class Declaration:
    """What an officer declares in one campaign. Everything here is covered by the officer's signature."""

    campaign_id: str
    officer: Officer
    unit_name: str
    answers: dict[Question, bool] = field(default_factory=dict)
    interests: tuple[BusinessInterest, ...] = ()
    #: Warnings the officer looked at and confirmed, as ``path:code`` keys (see Problem.key).
    acknowledged_warnings: tuple[str, ...] = ()
    remarks: str = ""
    #: The version of the registration form this declaration was made on (a campaign names it).
    form_version: int = 1
    #: Form version 2: family members and main social relations, listed whether or not they do business.
    family_members: tuple[FamilyMember, ...] = ()

    def member(self, member_id: str) -> FamilyMember | None:
        """The listed family member with this id, or None."""
        return next((m for m in self.family_members if m.member_id == member_id), None)

    def answer(self, question: Question) -> bool | None:
        return self.answers.get(question)

    def interests_for(self, question: Question) -> list[BusinessInterest]:
        return [i for i in self.interests if i.question is question]

    def with_changes(self, **changes: object) -> Declaration:
        return replace(self, **changes)  # type: ignore[arg-type]  # the caller names real fields

    def to_dict(self) -> dict[str, object]:
        """The content as plain JSON values, in a fixed shape: the input of the canonical signed payload.

        Version 1's shape is frozen: signatures cover it. Version 2 adds ``form_version`` and the family members,
        and its officer and interests carry their v2 fields."""
        version = self.form_version
        data: dict[str, object] = {
            "content_version": CONTENT_VERSION,
            "campaign_id": self.campaign_id,
            "officer": self.officer.to_dict(version),
            "unit_name": self.unit_name,
            "answers": dict(zip(_ANSWER_KEYS, map(self.answers.get, _QUESTIONS), strict=True)),
            "interests": [i.to_dict(version) for i in self.interests],
            "acknowledged_warnings": sorted(self.acknowledged_warnings),
            "remarks": self.remarks,
        }
        if version >= 2:
            data["form_version"] = version
            data["family_members"] = [m.to_dict() for m in self.family_members]
        if version > 2 and len(self.answers) > len(_QUESTIONS):  # a later form's own questions (desktop/form/)
            extra = {str(key): value for key, value in self.answers.items() if key not in _ANSWER_KEYS}
            data["answers"] = {**data["answers"], **extra}  # type: ignore[dict-item]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Declaration:
        """Build from plain values (JSON, a workbook row); raises ValueError naming what cannot be read."""
        form_version = _form_version_from(data.get("form_version", 1))
        answers = _answers_from(data.get("answers") or {}, later_form=form_version > 2)
        interests = _interests_from(data.get("interests") or [])
        raw_officer = data.get("officer")
        if not isinstance(raw_officer, dict):
            raise ValueError("officer: expected an object")
        try:
            officer = Officer.from_dict(raw_officer)
        except ValueError as exc:
            raise ValueError(f"officer.{exc}") from None
        raw_warnings = data.get("acknowledged_warnings") or []
        if not isinstance(raw_warnings, list | tuple):
            raise ValueError("acknowledged_warnings: expected a list")
        return cls(
            campaign_id=clean_text(data.get("campaign_id")),
            officer=officer,
            unit_name=clean_text(data.get("unit_name")),
            answers=answers,
            interests=interests,
            acknowledged_warnings=tuple(str(w) for w in raw_warnings),
            remarks=clean_text(data.get("remarks")),
            form_version=form_version,
            family_members=_family_from(data.get("family_members") or []),
        )


def _form_version_from(raw: object) -> int:
    if type(raw) is not int or raw < 1:
        raise ValueError(f"form_version: expected a positive whole number, not {raw!r}")
    return raw


def _family_from(raw: object) -> tuple[FamilyMember, ...]:
    """The family members of Declaration.from_dict, each error named by its index."""
    if not isinstance(raw, list):
        raise ValueError("family_members: expected a list")
    members = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise ValueError(f"family_members[{index}]: expected an object")
        try:
            members.append(FamilyMember.from_dict(item))
        except (ValueError, KeyError) as exc:
            raise ValueError(f"family_members[{index}].{exc}") from None
    return tuple(members)


def _answers_from(raw: object, *, later_form: bool = False) -> dict[Question, bool]:
    """The answers of Declaration.from_dict; an unanswered question (None) is left out. Versions 1 and 2 ask the
    standard questions only; a later form (``later_form``) may ask its own, kept by their keys (its form version
    decides whether they belong: desktop/form/validation.py)."""
    if not isinstance(raw, dict):
        raise ValueError("answers: expected an object of question: true/false")
    answers: dict[Question, bool] = {}
    for key, value in raw.items():
        try:
            question = Question(key)
        except ValueError:
            if not (later_form and isinstance(key, str) and _ANSWER_KEY.match(key)):
                raise ValueError(f"answers: {key!r} is not a question of the form") from None
            question = key  # type: ignore[assignment]  # a later form's question: its key (Question is a str)
        if value is None:
            continue
        if not isinstance(value, bool):
            raise ValueError(f"answers.{key}: expected true or false, not {value!r}")
        answers[question] = value
    return answers


def _interests_from(raw: object) -> tuple[BusinessInterest, ...]:
    """The interests of Declaration.from_dict, each error named by its index."""
    if not isinstance(raw, list):
        raise ValueError("interests: expected a list")
    interests = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise ValueError(f"interests[{index}]: expected an object")
        try:
            interests.append(BusinessInterest.from_dict(item))
        except (ValueError, KeyError) as exc:
            raise ValueError(f"interests[{index}].{exc}") from None
    return tuple(interests)
