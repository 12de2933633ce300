"""Rules on the declaration's own consistency: answers against their detail rows, identifiers against their checks.

The application refuses to sign most of these, so they find declarations made by other tools, altered ones, and
the contradictions validation allows (a nominee role while 'disguised involvement' is answered no; a credit code
whose check character fails, confirmed by the officer as a warning).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from desktop.form import NEWEST_FORM_VERSION, UnknownFormVersion, form_for, known_form_versions
from desktop.i18n import N_
from desktop.review.findings import Finding, Note, Rule
from desktop.review.identifiers import id_number_problem, uscc_problem
from desktop.review.model import ImportedDeclaration
from desktop.review.view import CampaignView

#: The questions every imported declaration answers (versions 1 and 2 ask the same), and the relations each question
#: allows on any form version (they agree where versions share a question).
_QUESTIONS = form_for(1).question_keys
_ALLOWED = {
    q.key: frozenset(r.value for r in q.relations) for n in known_form_versions() for q in form_for(n).questions
}
_ALLOWED_PAIRS = frozenset((q, r) for q, relations in _ALLOWED.items() for r in relations)


def _questions(form_version: int) -> tuple[tuple[str, bool], ...]:
    """The questions of the row's form version, each with whether a "yes" needs detail rows (version 1's questions
    for a version this program does not know: the import says so elsewhere)."""
    found = _BY_VERSION.get(form_version)
    if found is None:
        try:
            form = form_for(form_version)
        except UnknownFormVersion:
            return _BY_VERSION[1]
        found = tuple((q.key, bool(q.relations)) for q in form.questions)
        if form_version <= NEWEST_FORM_VERSION:  # the program's own versions never change; a test's may
            _BY_VERSION[form_version] = found
    return found


_BY_VERSION: dict[int, tuple[tuple[str, bool], ...]] = {1: tuple((k, True) for k in _QUESTIONS)}


def contradictions(row: ImportedDeclaration) -> list[Note]:
    """Every way the answers and the detail rows disagree, as notes for the reason."""
    return [*_misplaced_rows(row), *_unmatched_answers(row), *_hidden_nominees(row)]


def _misplaced_rows(row: ImportedDeclaration) -> list[Note]:
    """Detail rows under a question the form does not have, or with a relation the question does not allow."""
    notes: list[Note] = []
    if all((i.question, i.relation) in _ALLOWED_PAIRS for i in row.interests):
        return notes
    for interest in row.interests:
        if interest.question not in _ALLOWED:
            notes.append(
                (
                    N_("row {row}: unknown question {question}"),
                    {"row": interest.row_no, "question": interest.question},
                )
            )
        elif (interest.question, interest.relation) not in _ALLOWED_PAIRS:
            notes.append(
                (
                    N_("row {row}: the relation '{relation}' does not fit the question '{question}'"),
                    {"row": interest.row_no, "relation": interest.relation, "question": interest.question},
                )
            )
    return notes


def _unmatched_answers(row: ImportedDeclaration) -> list[Note]:
    """Questions not answered, answered yes without a detail row, or answered no with detail rows."""
    answers, interests = row.answers, row.interests
    asked = {i.question for i in interests}
    notes: list[Note] = []
    for question, needs_rows in _questions(row.form_version):
        answer = answers.get(question)
        if answer is (question in asked) or (answer is not None and not needs_rows and question not in asked):
            continue
        if answer is None:
            notes.append((N_("'{question}' is not answered"), {"question": question}))
        elif answer:
            notes.append((N_("'{question}' is answered yes without a detail row"), {"question": question}))
        else:
            notes.append(
                (
                    N_("'{question}' is answered no, but {count} detail rows are given"),
                    {"question": question, "count": sum(1 for i in interests if i.question == question)},
                )
            )
    return notes


def _hidden_nominees(row: ImportedDeclaration) -> list[Note]:
    """Running interests held through a nominee while 'disguised involvement' is answered no."""
    if row.answers.get("disguised_involvement") is not False:
        return []
    return [
        (
            N_("row {row}: held through a nominee, but 'disguised_involvement' is answered no"),
            {"row": interest.row_no},
        )
        for interest in row.interests
        if "nominee" in interest.roles and not interest.ended
    ]


def _answers(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    for row in view.data.declarations:
        notes = contradictions(row)
        if notes:
            yield view.finding(rule, row, N_("The answers contradict the detail rows:"), tuple(notes))


def _identifiers(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    deadline = view.campaign.deadline
    for row in view.data.declarations:
        # A birth date after the campaign, or after the signature, is impossible; the machine's date says nothing.
        today = deadline or view.signing_day(row) or dt.date.max
        notes: list[Note] = []
        problem = id_number_problem(row.id_number, today)
        if problem:
            notes.append((N_("the officer's ID number ({code})"), {"code": problem}))
        for interest in row.interests:
            if interest.holder_id_number:
                problem = id_number_problem(interest.holder_id_number, today)
                if problem:
                    notes.append(
                        (N_("row {row}: the holder's ID number ({code})"), {"row": interest.row_no, "code": problem})
                    )
            problem = uscc_problem(interest.uscc)
            if problem:
                notes.append(
                    (
                        N_("row {row}: the credit code {uscc} ({code})"),
                        {"row": interest.row_no, "uscc": interest.uscc, "code": problem},
                    )
                )
        if notes:
            yield view.finding(rule, row, N_("An identifier fails its check:"), tuple(notes))


RULES = (
    Rule("answers_contradict", 50, N_("The answers contradict the detail rows"), "填报选项与明细不一致", _answers),
    Rule(
        "identifier_invalid",
        30,
        N_("An ID number or credit code fails its check"),
        "公民身份号码或统一社会信用代码校验未通过",
        _identifiers,
    ),
)
