"""Answers carried over from the officer's previous declaration: each pre-filled section that still says what the
previous declaration said is a warning the officer confirms ("still so") or changes, so that last year's data is
never signed unnoticed (issue 13, defect 3).

A section counts as carried over while its content equals the previous declaration's; once the officer changes it,
it is the officer's own answer and needs no confirmation. The confirmation is an ordinary acknowledged warning, so
the signed content records that the officer confirmed each carried-over section.
"""

from __future__ import annotations

from desktop.domain.declarations import Declaration
from desktop.domain.problems import Problem, Severity
from desktop.domain.questions import Question
from desktop.i18n import N_

CARRIED_OVER = "carried_over"
#: The path of the family members' section (form version 2) and of the officer's own v2 details.
FAMILY_SECTION = "family_members"
PERSONAL_SECTION = "officer.personal_details"

_MESSAGE = N_(
    "Taken from your previous declaration: confirm that it is still so, or change it. You cannot sign until you do."
)


def question_section(question: Question) -> str:
    """The path of a question's section (its answer and its detail rows)."""
    return f"answers.{question.value}"


def carried_over_key(section: str) -> str:
    """The key an officer's confirmation of a carried-over section is stored under (see Problem.key)."""
    return f"{section}:{CARRIED_OVER}"


def _rows(declaration: Declaration, question: Question) -> list[dict[str, object]]:
    # Compared in version 2's shape: a version 1 row carried into a version 2 form is the same row.
    return [interest.to_dict(2) for interest in declaration.interests_for(question)]


def carried_over_sections(declaration: Declaration, previous: Declaration | None) -> list[str]:
    """The sections of ``declaration`` that still hold exactly what ``previous`` said, in the form's order."""
    if previous is None:
        return []
    sections = []
    if declaration.form_version >= 2 and previous.form_version >= 2:
        mine, theirs = declaration.officer, previous.officer
        if (theirs.political_status, theirs.mobile) != (None, "") and (mine.political_status, mine.mobile) == (
            theirs.political_status,
            theirs.mobile,
        ):
            sections.append(PERSONAL_SECTION)
        if previous.family_members and [m.to_dict() for m in declaration.family_members] == [
            m.to_dict() for m in previous.family_members
        ]:
            sections.append(FAMILY_SECTION)
    for question in Question:
        answer = previous.answer(question)
        if answer is None or declaration.answer(question) is not answer:
            continue
        if _rows(declaration, question) == _rows(previous, question):
            sections.append(question_section(question))
    return sections


def carried_over_problems(declaration: Declaration, previous: Declaration | None) -> list[Problem]:
    """A warning for every section still carried over from ``previous``; confirming it is the officer's "still so"."""
    sections = carried_over_sections(declaration, previous)
    return [Problem(section, CARRIED_OVER, Severity.WARNING, _MESSAGE) for section in sections]
