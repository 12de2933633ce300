"""Declarations signed as the code before decisions 222 and 234 signed them: forms 1 and 2 without their limits of
200 business interests and 50 family members, nothing else changed (decision 252's tests, core and window)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from desktop.domain.questions import Question
from desktop.form import registry
from desktop.form.registry import form_for, known_form_versions
from desktop.services.session.session import Session
from desktop.services.workflow import declaring
from desktop.store.repositories.declarations import DeclarationRecord
from desktop.store.repositories.officers import get_officer
from tests.domain import builders
from tests.form.builders import v2_declaration


def without_the_limits(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Make forms 1 and 2 as they were before the limits; returns what puts them back (this program's forms) and
    nothing else: ``monkeypatch.undo`` would also undo the test's isolated home (tests/conftest.py)."""
    ours = {number: form_for(number) for number in known_form_versions()}
    for number, form in ours.items():
        monkeypatch.setitem(
            registry._KNOWN, number, dataclasses.replace(form, max_interests=None, max_family_members=None)
        )
    return lambda: registry._KNOWN.update(ours)


def sign_with(session: Session, password: str, interests: int, members: int = 2) -> DeclarationRecord:
    """The logged-in officer signs a declaration of ``interests`` business interests (copies of one) and, on form 2,
    ``members`` family members (the builder's two, then copies of the second under ID numbers of their own)."""
    record = declaring.start_draft(session)
    with session.store.transaction() as connection:
        me = get_officer(connection, record.police_number)
    assert me is not None
    row = builders.interest(holder_name=me.name, holder_id_number=me.id_number)
    answers = {question: question is Question.OWN_BUSINESS for question in Question}
    content = record.declaration.with_changes(answers=answers, interests=(row,) * interests, remarks="无")
    if record.declaration.form_version >= 2:
        first, second = v2_declaration().family_members
        number = second.id_number
        more = [
            second.with_changes(
                member_id=f"F{n}", id_number=builders.id_number(number[:6], number[6:14], f"{n + 10:02d}{number[16]}")
            )
            for n in range(3, members + 1)
        ]
        content = content.with_changes(family_members=(first, second, *more)[:members])
    saved = declaring.save_draft(session, content)
    warnings = tuple(f"{p.path}:{p.code}" for p in saved.problems)
    if warnings:
        declaring.save_draft(session, saved.record.declaration.with_changes(acknowledged_warnings=warnings))
    return declaring.sign(session, password)
