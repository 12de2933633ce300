"""The declaration being edited: answers, detail rows and confirmed warnings, with the problems they have now.

Detail rows carry their own confirmations (``uscc:uscc.check_character``) rather than the index-bearing keys of the
stored form (``interests[3].uscc:...``), so that adding or removing a row never moves a confirmation onto another
row. The stored keys are rebuilt when the declaration is assembled, and only for warnings that still apply: the
confirmations are part of the signed content, so they must say exactly what the officer accepted.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, Signal

from desktop.domain.carry_over import CARRIED_OVER, carried_over_key, carried_over_problems
from desktop.domain.declarations import Declaration
from desktop.domain.family import FamilyMember
from desktop.domain.interests import BusinessInterest
from desktop.domain.officers import PoliticalStatus
from desktop.domain.problems import Problem, Severity
from desktop.domain.questions import Question
from desktop.domain.text import clean_text
from desktop.domain.trades import TradeCatalog
from desktop.domain.validation import blocking
from desktop.form.validation import validate_declaration
from desktop.gui.officer.family_state import renumbered, repointed

_INTEREST_KEY = re.compile(r"^interests\[(\d+)\]\.(.+)$")
_INTEREST_PATH = re.compile(r"^interests\[(\d+)\](?:\.(.+))?$")
_ids = itertools.count(1)

#: The steps of the guided form, in order: personal data, one page per question, review, commitment.
PERSONAL_STEP = 0
QUESTION_STEPS: dict[Question, int] = {q: 1 + i for i, q in enumerate(Question)}
REVIEW_STEP = 1 + len(Question)
COMMITMENT_STEP = REVIEW_STEP + 1
STEP_COUNT = COMMITMENT_STEP + 1


@dataclass(frozen=True)
class InterestEntry:
    """One detail row as edited, with the keys (``field:code``) of the warnings confirmed on it."""

    interest: BusinessInterest
    acknowledged: frozenset[str] = frozenset()
    id: int = field(default_factory=lambda: next(_ids))


class DeclarationForm(QObject):
    """The content of the form. ``changed`` fires after every edit; ``problems`` is what validation says now."""

    changed = Signal()

    def __init__(
        self,
        declaration: Declaration,
        catalog: TradeCatalog,
        today: dt.date,
        parent: QObject | None = None,
        *,
        previous: Declaration | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.today = today
        #: The declaration this one was pre-filled from: its sections still unchanged must be confirmed.
        self.previous: Declaration | None = previous
        self._problems: list[Problem] | None = None
        self._declaration: Declaration | None = None
        self.load(declaration, notify=False, previous=previous)

    # -- loading and assembling ----------------------------------------------------------------------------------

    def load(self, declaration: Declaration, *, notify: bool = True, previous: Declaration | None = None) -> None:
        """Take over a stored declaration and the one it was pre-filled from (if any); its rows are grouped by
        question, in the order of the form."""
        self.previous = previous
        self._base = declaration
        self._answers: dict[Question, bool] = dict(declaration.answers)
        self._remarks = declaration.remarks
        self._political_status = declaration.officer.political_status
        self._mobile = declaration.officer.mobile
        self._members: list[FamilyMember] = list(declaration.family_members)
        per_row: dict[int, set[str]] = {}
        self._acknowledged: set[str] = set()
        for key in declaration.acknowledged_warnings:
            match = _INTEREST_KEY.match(key)
            if match:
                per_row.setdefault(int(match.group(1)), set()).add(match.group(2))
            else:
                self._acknowledged.add(key)
        indexed = list(enumerate(declaration.interests))
        self._entries: list[InterestEntry] = [
            InterestEntry(interest, frozenset(per_row.get(index, ())))
            for question in Question
            for index, interest in indexed
            if interest.question is question
        ]
        self._touch(notify)

    def declaration(self) -> Declaration:
        """The declaration as it would be saved: rows in form order, confirmations only of warnings that apply."""
        if self._declaration is None:
            self._declaration = self._assemble()
        return self._declaration

    def _assemble(self) -> Declaration:
        entries = self._ordered()
        keys = set(self._acknowledged)
        for index, entry in enumerate(entries):
            keys.update(f"interests[{index}].{key}" for key in entry.acknowledged)
        draft = self._base.with_changes(
            answers=dict(self._answers),
            interests=tuple(e.interest for e in entries),
            acknowledged_warnings=(),
            remarks=self._remarks,
        )
        if draft.form_version >= 2:
            officer = replace(draft.officer, political_status=self._political_status, mobile=self._mobile)
            draft = draft.with_changes(officer=officer, family_members=tuple(self._members))
        present = {p.key for p in self._validate(draft) if p.severity is Severity.WARNING}
        return draft.with_changes(acknowledged_warnings=tuple(sorted(keys & present)))

    # -- reading ------------------------------------------------------------------------------------------------

    @property
    def officer_declaration(self) -> Declaration:
        """The declaration the form was loaded from (its officer snapshot comes from the roster)."""
        return self._base

    def answer(self, question: Question) -> bool | None:
        return self._answers.get(question)

    def entries(self, question: Question) -> list[InterestEntry]:
        return [e for e in self._entries if e.interest.question is question]

    def all_entries(self) -> list[InterestEntry]:
        return self._ordered()

    @property
    def remarks(self) -> str:
        return self._remarks

    @property
    def form_version(self) -> int:
        return self._base.form_version

    @property
    def political_status(self) -> PoliticalStatus | None:
        return self._political_status

    @property
    def mobile(self) -> str:
        return self._mobile

    @property
    def family_members(self) -> tuple[FamilyMember, ...]:
        """The listed family members (form version 2), numbered F1, F2, … in order."""
        return tuple(self._members)

    def is_acknowledged(self, key: str) -> bool:
        """Whether a warning of the whole declaration (its path as in Problem.key) is confirmed."""
        match = _INTEREST_KEY.match(key)
        if not match:
            return key in self._acknowledged
        entries = self._ordered()
        index = int(match.group(1))
        return index < len(entries) and match.group(2) in entries[index].acknowledged

    def awaits_confirmation(self, section: str) -> bool:
        """Whether ``section`` (e.g. ``answers.own_business``) still holds what the previous declaration said and the
        officer has not yet confirmed it or chosen to change it."""
        key = carried_over_key(section)
        return any(p.key == key for p in self.problems) and not self.is_acknowledged(key)

    def carried_over_sections(self) -> list[str]:
        """Every section still carried over from the previous declaration, confirmed or not."""
        return [p.path for p in self.problems if p.code == CARRIED_OVER]

    # -- problems -----------------------------------------------------------------------------------------------

    @property
    def problems(self) -> list[Problem]:
        if self._problems is None:
            self._problems = self._validate(self.declaration())
        return self._problems

    def blocking(self) -> list[Problem]:
        """What stops signing: every error and every warning not yet confirmed."""
        return blocking(self.problems, self.declaration().acknowledged_warnings)

    def problems_of_entry(self, entry_id: int) -> list[Problem]:
        index = self.index_of(entry_id)
        prefix = f"interests[{index}]"
        return [p for p in self.problems if p.path == prefix or p.path.startswith(prefix + ".")]

    def step_of(self, problem: Problem) -> int:
        """The step of the form where a problem is fixed."""
        if problem.path.startswith("answers."):
            return QUESTION_STEPS[Question(problem.path.removeprefix("answers."))]
        match = _INTEREST_PATH.match(problem.path)
        if match:
            entries = self._ordered()
            index = int(match.group(1))
            if index < len(entries):
                return QUESTION_STEPS[entries[index].interest.question]
        if problem.path == "interests" and self._entries:  # too many of them (decision 234): the first row's page
            return QUESTION_STEPS[self._ordered()[0].interest.question]
        if problem.path == "remarks":
            return REVIEW_STEP
        return PERSONAL_STEP

    def entry_of(self, problem: Problem) -> InterestEntry | None:
        match = _INTEREST_PATH.match(problem.path)
        entries = self._ordered()
        if match and int(match.group(1)) < len(entries):
            return entries[int(match.group(1))]
        return None

    def index_of(self, entry_id: int) -> int:
        for index, entry in enumerate(self._ordered()):
            if entry.id == entry_id:
                return index
        raise KeyError(entry_id)

    # -- editing ------------------------------------------------------------------------------------------------

    def set_answer(self, question: Question, answer: bool) -> None:
        if self._answers.get(question) is answer:
            return
        self._answers[question] = answer
        if not answer:
            self._entries = [e for e in self._entries if e.interest.question is not question]
        self._touch()

    def add_entry(self, entry: InterestEntry) -> None:
        self._entries.append(entry)
        self._answers[entry.interest.question] = True
        self._touch()

    def replace_entry(self, entry: InterestEntry) -> None:
        self._entries = [entry if e.id == entry.id else e for e in self._entries]
        self._touch()

    def remove_entry(self, entry_id: int) -> None:
        self._entries = [e for e in self._entries if e.id != entry_id]
        self._touch()

    def set_acknowledged(self, key: str, confirmed: bool) -> None:
        """Confirm (or take back) a warning, named by its key in the whole declaration."""
        match = _INTEREST_KEY.match(key)
        if match:
            entries = self._ordered()
            entry = entries[int(match.group(1))]
            keys = set(entry.acknowledged)
            (keys.add if confirmed else keys.discard)(match.group(2))
            self.replace_entry(replace(entry, acknowledged=frozenset(keys)))
            return
        (self._acknowledged.add if confirmed else self._acknowledged.discard)(key)
        self._touch()

    def set_political_status(self, status: PoliticalStatus | None) -> None:
        if status is not self._political_status:
            self._political_status = status
            self._touch()

    def set_mobile(self, text: str) -> None:
        text = clean_text(text)
        if text != self._mobile:
            self._mobile = text
            self._touch()

    def add_member(self, member: FamilyMember) -> None:
        self._set_members([*self._members, member])

    def replace_member(self, index: int, member: FamilyMember) -> None:
        members = list(self._members)
        members[index] = replace(member, member_id=members[index].member_id)
        self._set_members(members)

    def remove_member(self, index: int) -> None:
        self._set_members([m for i, m in enumerate(self._members) if i != index])

    def _set_members(self, members: list[FamilyMember]) -> None:
        """Take the new list, numbered in order; rows pointing at a member follow it (see family_state)."""
        numbered, moved = renumbered(members)
        self._members = numbered
        self._entries = [
            replace(e, interest=repointed(e.interest, moved, numbered)) if e.interest.holder_member_id else e
            for e in self._entries
        ]
        self._touch()

    def set_remarks(self, text: str) -> None:
        text = clean_text(text)
        if text != self._remarks:
            self._remarks = text
            self._touch()

    # -- helpers ------------------------------------------------------------------------------------------------

    def _ordered(self) -> list[InterestEntry]:
        return [e for question in Question for e in self._entries if e.interest.question is question]

    def _validate(self, declaration: Declaration) -> list[Problem]:
        found = validate_declaration(declaration, self.catalog, self.today)
        return found + carried_over_problems(declaration, self.previous)

    def _touch(self, notify: bool = True) -> None:
        self._problems = None
        self._declaration = None
        if notify:
            self.changed.emit()
