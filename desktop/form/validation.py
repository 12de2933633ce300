"""Validation of a whole declaration by its form version: the checks every version shares (the officer, the answers
against their detail rows, each row, invisible characters in every typed text field) and the version's own."""

from __future__ import annotations

import datetime as dt

from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest
from desktop.domain.officers import Officer
from desktop.domain.problems import Problem, prefixed
from desktop.domain.trades import TradeCatalog
from desktop.domain.validation import error, invisible_characters
from desktop.domain.validation import validate_interest as _shared_interest_checks
from desktop.domain.validation import validate_officer as _shared_officer_checks
from desktop.form.model import CheckContext, FormVersion
from desktop.form.registry import UnknownFormVersion, form_for
from desktop.i18n import N_


def validate_declaration(declaration: Declaration, catalog: TradeCatalog, today: dt.date) -> list[Problem]:
    """Every problem in the declaration, by the form version it is made on."""
    try:
        form = form_for(declaration.form_version)
    except UnknownFormVersion:
        return [
            error(
                "form_version",
                "form_version.unknown",
                N_("This declaration uses form version {number}, which this program does not know; update it."),
                number=declaration.form_version,
            )
        ]
    return validate_on(form, declaration, catalog, today)


def validate_on(form: FormVersion, declaration: Declaration, catalog: TradeCatalog, today: dt.date) -> list[Problem]:
    """Every problem in the declaration on ``form``."""
    problems = prefixed("officer", validate_officer(form, declaration.officer, today))
    problems += invisible_characters(declaration, form.text_fields["declaration"])
    problems += _answers(form, declaration)
    if form.max_interests is not None and len(declaration.interests) > form.max_interests:
        problems.append(
            error(
                "interests",
                "interests.too_many",
                N_("List at most {count} business interests."),
                count=form.max_interests,
            )
        )
    for index, interest in enumerate(with_members_copied(declaration).interests):
        found = validate_interest(form, interest, declaration.officer, catalog, today)
        problems.extend(prefixed(f"interests[{index}]", found))
    context = CheckContext(catalog, today)
    for check in form.checks:
        problems.extend(check(form, declaration, context))
    return problems


def with_members_copied(declaration: Declaration) -> Declaration:
    """The declaration with each interest that points at a listed family member given that member's name and ID
    number where the row leaves them empty: the officer chooses the member instead of typing them again. Saving
    stores (and signing signs) this form, so the interests carry the holder as every reader expects."""
    if not declaration.family_members:
        return declaration
    rows = []
    for interest in declaration.interests:
        member = declaration.member(interest.holder_member_id) if interest.holder_member_id else None
        if member is not None:
            interest = interest.with_changes(
                holder_name=interest.holder_name or member.name,
                holder_id_number=interest.holder_id_number or member.id_number,
            )
        rows.append(interest)
    return declaration.with_changes(interests=tuple(rows))


def validate_officer(form: FormVersion, officer: Officer, today: dt.date) -> list[Problem]:
    return _shared_officer_checks(officer, today, form.text_fields["officer"])


def validate_interest(
    form: FormVersion, interest: BusinessInterest, officer: Officer, catalog: TradeCatalog, today: dt.date
) -> list[Problem]:
    """The problems of one detail row on ``form``: the shared checks, then the version's roles."""
    problems = _shared_interest_checks(
        interest,
        officer,
        catalog,
        today,
        allowed=form.allowed_relations(interest.question),
        texts=form.text_fields["interest"],
    )
    if any(role not in form.roles for role in interest.all_roles):
        problems.append(
            error("roles", "role.not_on_form", N_("This role is not one the form offers; choose one from the list."))
        )
    return problems


def _answers(form: FormVersion, declaration: Declaration) -> list[Problem]:
    problems = []
    for question in form.questions:
        answer = declaration.answers.get(question.key)  # type: ignore[call-overload]  # Question is a str
        rows = [i for i in declaration.interests if i.question == question.key]
        path = f"answers.{question.key}"
        if answer is None:
            problems.append(error(path, "answer.missing", N_("This question has not been answered.")))
        elif answer and not rows and question.relations:
            problems.append(
                error(path, "answer.no_details", N_("The answer is yes, but no detail row has been entered."))
            )
        elif not answer and rows:
            problems.append(
                error(
                    path,
                    "answer.contradicts_details",
                    N_("The answer is no, but {count} detail rows have been entered for it."),
                    count=len(rows),
                )
            )
    for key in declaration.answers:
        if key not in form.question_keys:
            problems.append(
                error(
                    f"answers.{key}",
                    "answer.not_on_form",
                    N_("This question is not on the form version the declaration uses."),
                )
            )
    return problems
