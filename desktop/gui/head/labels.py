"""Names the head's and the inspectors' pages show for coded values: states, risks, interest fields, times.

Declaration states and questions have their words in the core (``N_`` strings, translated by desktop.i18n.Translator,
the same words the CLI prints); the names only the window shows are Qt Linguist strings of the context below.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from desktop.domain.declarations import STATUS_LABELS
from desktop.domain.interests import InterestRole, InterestStatus
from desktop.domain.questions import Question
from desktop.gui.qt_typing import QT_TRANSLATE_NOOP
from desktop.i18n import Translator

CONTEXT = "ReviewLabels"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def status(translate: Translator, value: str) -> str:
    """A declaration state ('signed', 'not_started' …) in the window's language."""
    return translate(STATUS_LABELS.get(value, value))


@dataclass(frozen=True)
class Risk:
    """A reason to look twice at a declaration, shown as a coloured badge."""

    key: str
    short: str  # the badge's text (source string)
    explanation: str  # its tooltip (source string)
    colour: str


RISKS: tuple[Risk, ...] = (
    Risk(
        "regulated_trade",
        QT_TRANSLATE_NOOP("ReviewLabels", "Regulated trade"),
        QT_TRANSLATE_NOOP("ReviewLabels", "A declared business is in a trade within the police's regulatory scope."),
        "#b3261e",
    ),
    Risk(
        "own_jurisdiction",
        QT_TRANSLATE_NOOP("ReviewLabels", "Own jurisdiction"),
        QT_TRANSLATE_NOOP("ReviewLabels", "A declared business is within the jurisdiction of the officer's unit."),
        "#c25e00",
    ),
    Risk(
        "key_person",
        QT_TRANSLATE_NOOP("ReviewLabels", "Key person"),
        QT_TRANSLATE_NOOP("ReviewLabels", "A division-level cadre, leadership member or unit head: verified first."),
        "#6a3d9a",
    ),
    Risk(
        "late",
        QT_TRANSLATE_NOOP("ReviewLabels", "Late"),
        QT_TRANSLATE_NOOP("ReviewLabels", "Signed after the campaign's deadline."),
        "#5c6670",
    ),
    Risk(
        "officer_key",
        QT_TRANSLATE_NOOP("ReviewLabels", "New key"),
        QT_TRANSLATE_NOOP(
            "ReviewLabels",
            "Signed with a key no head of this store has endorsed for the officer: a first own-declaration file, or "
            "a new key after a password reset (possibly someone else signing in the officer's name). Compare the "
            "fingerprint with the officer before countersigning.",
        ),
        "#a4161a",
    ),
)
RISK_BY_KEY = {risk.key: risk for risk in RISKS}

_ROLE = {
    InterestRole.INVESTOR: QT_TRANSLATE_NOOP("ReviewLabels", "Investor"),
    InterestRole.LEGAL_REPRESENTATIVE: QT_TRANSLATE_NOOP("ReviewLabels", "Legal representative"),
    InterestRole.SHAREHOLDER: QT_TRANSLATE_NOOP("ReviewLabels", "Shareholder"),
    InterestRole.MANAGER: QT_TRANSLATE_NOOP("ReviewLabels", "Manager"),
    InterestRole.PART_TIME: QT_TRANSLATE_NOOP("ReviewLabels", "Part-time position"),
    InterestRole.NOMINEE: QT_TRANSLATE_NOOP("ReviewLabels", "Holds it for someone, or lends the name"),
    InterestRole.OTHER: QT_TRANSLATE_NOOP("ReviewLabels", "Other"),
}

_INTEREST_STATUS = {
    InterestStatus.OPERATING: QT_TRANSLATE_NOOP("ReviewLabels", "Operating"),
    InterestStatus.RECTIFYING: QT_TRANSLATE_NOOP("ReviewLabels", "Being rectified"),
    InterestStatus.EXITED: QT_TRANSLATE_NOOP("ReviewLabels", "Exited"),
    InterestStatus.DEREGISTERED: QT_TRANSLATE_NOOP("ReviewLabels", "Deregistered"),
}


def role(value: InterestRole) -> str:
    return tr(_ROLE[value])


def interest_status(value: InterestStatus) -> str:
    return tr(_INTEREST_STATUS[value])


def yes_no(answer: bool | None) -> str:
    if answer is None:
        return tr(QT_TRANSLATE_NOOP("ReviewLabels", "not answered"))
    return tr(QT_TRANSLATE_NOOP("ReviewLabels", "Yes")) if answer else tr(QT_TRANSLATE_NOOP("ReviewLabels", "No"))


_QUESTION_TITLE = {
    Question.OWN_BUSINESS: QT_TRANSLATE_NOOP("ReviewLabels", "Own business"),
    Question.SHAREHOLDING: QT_TRANSLATE_NOOP("ReviewLabels", "Shareholding"),
    Question.PAID_PART_TIME: QT_TRANSLATE_NOOP("ReviewLabels", "Paid part-time work"),
    Question.DISGUISED_INVOLVEMENT: QT_TRANSLATE_NOOP("ReviewLabels", "Disguised involvement"),
    Question.RELATIVES_BUSINESS: QT_TRANSLATE_NOOP("ReviewLabels", "Relatives' business"),
    Question.SPECIFIC_RELATED_BUSINESS: QT_TRANSLATE_NOOP("ReviewLabels", "Specific-related persons' business"),
}


def question_title(question: Question) -> str:
    return tr(_QUESTION_TITLE[question])
