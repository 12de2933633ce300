"""Translated names for coded values and form fields, as the officer's pages show them.

Questions, relations and declaration states have their wording in the core (``N_`` strings translated by
desktop.i18n.Translator, the same words the CLI prints); the names that only the GUI shows are Qt Linguist strings
of the context below.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from desktop.domain.declarations import STATUS_LABELS, DeclarationStatus
from desktop.domain.interests import InterestRole, InterestStatus
from desktop.domain.questions import Question, Relation
from desktop.domain.trades import Trade
from desktop.form.labels import RELATION_LABELS, question_wording
from desktop.gui.qt_typing import QT_TRANSLATE_NOOP
from desktop.i18n import Translator

CONTEXT = "OfficerLabels"

_ROLE: dict[InterestRole, str] = {
    InterestRole.INVESTOR: QT_TRANSLATE_NOOP("OfficerLabels", "Investor"),
    InterestRole.LEGAL_REPRESENTATIVE: QT_TRANSLATE_NOOP("OfficerLabels", "Legal representative"),
    InterestRole.SHAREHOLDER: QT_TRANSLATE_NOOP("OfficerLabels", "Shareholder"),
    InterestRole.MANAGER: QT_TRANSLATE_NOOP("OfficerLabels", "Manager"),
    InterestRole.SENIOR_MANAGER: QT_TRANSLATE_NOOP("OfficerLabels", "Senior manager"),
    InterestRole.ACTUAL_CONTROLLER: QT_TRANSLATE_NOOP("OfficerLabels", "Actual controller"),
    InterestRole.PART_TIME: QT_TRANSLATE_NOOP("OfficerLabels", "Part-time position"),
    InterestRole.NOMINEE: QT_TRANSLATE_NOOP("OfficerLabels", "Holds it for someone, or lends the name"),
    InterestRole.OTHER: QT_TRANSLATE_NOOP("OfficerLabels", "Other"),
}

_INTEREST_STATUS: dict[InterestStatus, str] = {
    InterestStatus.OPERATING: QT_TRANSLATE_NOOP("OfficerLabels", "Operating"),
    InterestStatus.RECTIFYING: QT_TRANSLATE_NOOP("OfficerLabels", "Being rectified"),
    InterestStatus.EXITED: QT_TRANSLATE_NOOP("OfficerLabels", "Exited"),
    InterestStatus.DEREGISTERED: QT_TRANSLATE_NOOP("OfficerLabels", "Deregistered"),
}

#: Short titles of the questions, for the step list and the review.
_QUESTION_TITLE: dict[Question, str] = {
    Question.OWN_BUSINESS: QT_TRANSLATE_NOOP("OfficerLabels", "Own business"),
    Question.SHAREHOLDING: QT_TRANSLATE_NOOP("OfficerLabels", "Shareholding"),
    Question.PAID_PART_TIME: QT_TRANSLATE_NOOP("OfficerLabels", "Paid part-time work"),
    Question.DISGUISED_INVOLVEMENT: QT_TRANSLATE_NOOP("OfficerLabels", "Disguised involvement"),
    Question.RELATIVES_BUSINESS: QT_TRANSLATE_NOOP("OfficerLabels", "Relatives' business"),
    Question.SPECIFIC_RELATED_BUSINESS: QT_TRANSLATE_NOOP("OfficerLabels", "Specific-related persons' business"),
}

#: The fields of a detail row and of the officer's data, by the last part of a problem's path.
_FIELD: dict[str, str] = {
    "relation": QT_TRANSLATE_NOOP("OfficerLabels", "Relation"),
    "holder_name": QT_TRANSLATE_NOOP("OfficerLabels", "Holder's name"),
    "holder_id_number": QT_TRANSLATE_NOOP("OfficerLabels", "Holder's ID number"),
    "enterprise_name": QT_TRANSLATE_NOOP("OfficerLabels", "Enterprise name"),
    "uscc": QT_TRANSLATE_NOOP("OfficerLabels", "Unified social credit code"),
    "trade_code": QT_TRANSLATE_NOOP("OfficerLabels", "Trade"),
    "role": QT_TRANSLATE_NOOP("OfficerLabels", "Role"),
    "share_percent": QT_TRANSLATE_NOOP("OfficerLabels", "Share (%)"),
    "capital_wan": QT_TRANSLATE_NOOP("OfficerLabels", "Capital (10,000 yuan)"),
    "income_wan": QT_TRANSLATE_NOOP("OfficerLabels", "Yearly income (10,000 yuan)"),
    "start_date": QT_TRANSLATE_NOOP("OfficerLabels", "Start date"),
    "end_date": QT_TRANSLATE_NOOP("OfficerLabels", "End date"),
    "status": QT_TRANSLATE_NOOP("OfficerLabels", "Status"),
    "within_jurisdiction": QT_TRANSLATE_NOOP("OfficerLabels", "Within own jurisdiction"),
    "related_to_duties": QT_TRANSLATE_NOOP("OfficerLabels", "Related to own duties"),
    "rectification": QT_TRANSLATE_NOOP("OfficerLabels", "Rectification"),
    "note": QT_TRANSLATE_NOOP("OfficerLabels", "Note"),
    "police_number": QT_TRANSLATE_NOOP("OfficerLabels", "Police number"),
    "name": QT_TRANSLATE_NOOP("OfficerLabels", "Name"),
    "id_number": QT_TRANSLATE_NOOP("OfficerLabels", "ID number"),
    "unit_code": QT_TRANSLATE_NOOP("OfficerLabels", "Unit"),
    "remarks": QT_TRANSLATE_NOOP("OfficerLabels", "Remarks"),
}


_PLACE = re.compile(r"%(\d)")


def fill(template: str, *values: object) -> str:
    """Put ``values`` in place of %1, %2 … of a translated template, in one pass (a value that itself contains
    '%2' stays as it is)."""
    return _PLACE.sub(
        lambda m: str(values[int(m.group(1)) - 1]) if 0 < int(m.group(1)) <= len(values) else m.group(0), template
    )


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def declaration_status(translate: Translator, status: DeclarationStatus) -> str:
    """The status as the core names it (the CLI and the head's queue say the same)."""
    return translate(STATUS_LABELS[status.value])


def role(value: InterestRole) -> str:
    return _tr(_ROLE[value])


def interest_status(value: InterestStatus) -> str:
    return _tr(_INTEREST_STATUS[value])


def question_title(question: Question) -> str:
    return _tr(_QUESTION_TITLE[question])


def field(name: str) -> str:
    return _tr(_FIELD[name]) if name in _FIELD else name


def question_text(translate: Translator, question: Question) -> str:
    """The question as on the official form, in the core's translation."""
    return translate(question_wording(question))


def relation(translate: Translator, value: Relation) -> str:
    return translate(RELATION_LABELS[value])


def trade(value: Trade | None, language: str) -> str:
    """A trade's name: Chinese first; in English the English name with the Chinese one beside it."""
    if value is None:
        return ""
    return value.name_zh if language != "en" else f"{value.name_en} ({value.name_zh})"


def yes_no(answer: bool | None) -> str:
    if answer is None:
        return _tr(QT_TRANSLATE_NOOP("OfficerLabels", "not answered"))
    return _tr(QT_TRANSLATE_NOOP("OfficerLabels", "Yes")) if answer else _tr(QT_TRANSLATE_NOOP("OfficerLabels", "No"))
