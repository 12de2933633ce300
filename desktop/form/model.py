"""The shape of a form version: its questions, the relations each allows, its detail fields with their kinds and
checks, its workbook columns with their Chinese headings, and its labels (English source, Chinese in the catalog).

A version is data. Everything that depends on the form (validation, the signed content, the workbook's columns, the
review digest, the pages) reads it from a ``FormVersion``; nothing else lists the questions or the fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.domain.declarations import CONTENT_VERSION, Declaration
from desktop.domain.interests import InterestRole
from desktop.domain.problems import Problem
from desktop.domain.questions import Relation
from desktop.domain.trades import TradeCatalog


class Kind(StrEnum):
    """How a field's value is typed, and so how a workbook cell's text maps to it."""

    TEXT = "text"  # any text, NFC-normalised
    IDENTIFIER = "identifier"  # digits and letters that must stay text (ID numbers, police numbers, codes)
    YES_NO = "yes_no"  # 是 / 否
    DECIMAL = "decimal"  # decimal text, empty when absent
    DATE = "date"  # YYYY-MM-DD, empty when absent
    TIME = "time"  # ISO 8601 UTC, e.g. 2026-11-21T09:30:00Z
    INTEGER = "integer"
    BASE64 = "base64"
    WORD = "word"  # one of a fixed list of Chinese words (desktop/exchange/vocabulary.py)
    WORDS = "words"  # several such words, one per line (form version 2: the roles of an interest)


#: The kinds whose text people type: checked for invisible format characters and length.
TYPED_TEXT = frozenset({Kind.TEXT, Kind.IDENTIFIER})


@dataclass(frozen=True, slots=True)
class Column:
    """A workbook column: machine key (row 2), Chinese heading as on the official form (row 1), kind, width."""

    key: str
    heading: str
    kind: Kind
    width: int = 14
    signed: bool = True  # covered by a signature; False: shown for people, checked against the signed data


@dataclass(frozen=True, slots=True)
class FormQuestion:
    """One yes/no question of the form and the detail rows a "yes" needs."""

    key: str  # the answer's key in the signed content ("own_business")
    text: str  # the wording on the form: English source, marked with N_, Chinese in the catalog
    heading: str  # the Chinese heading of its answer column in the workbook
    word: str  # the Chinese word naming it in an interest row of the workbook
    #: Who may hold an interest declared under it; empty: a plain yes/no question without detail rows.
    relations: frozenset[Relation] = frozenset()
    width: int = 9


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What a version's checks may need besides the declaration."""

    catalog: TradeCatalog
    today: dt.date


#: A version's own rule: every problem it finds in a declaration, each with its field path.
Check = Callable[["FormVersion", Declaration, CheckContext], list[Problem]]

ANSWER_PREFIX = "answer_"


@dataclass(frozen=True, slots=True)
class FormVersion:
    """One version of the registration form. Frozen once anything has been signed on it."""

    number: int
    #: Which shape of the officer, interest and family-member dicts the content uses (1 or 2): the shape of the
    #: domain's ``to_dict(shape)``. Version 1 uses shape 1; versions 2 and later shape 2 (with ``form_version``).
    shape: int
    questions: tuple[FormQuestion, ...]
    #: The roles an interest's holder may have, in the form's order.
    roles: tuple[InterestRole, ...]
    #: The relations a listed family member may have; empty: the version lists no family members.
    family_relations: frozenset[Relation]
    #: The typed text fields of each record, by record ("officer", "declaration", "interest", "family_member"):
    #: where text enters, checked for invisible characters and length.
    text_fields: Mapping[str, tuple[str, ...]]
    #: The declaration sheet's columns before and after the answers (one 是/否 column per question, made from
    #: ``questions``: see ``declaration_columns``).
    leading_columns: tuple[Column, ...]
    trailing_columns: tuple[Column, ...]
    interest_columns: tuple[Column, ...]
    family_columns: tuple[Column, ...] = ()
    #: Rules of this version beyond the shared ones (desktop/form/validation.py).
    checks: tuple[Check, ...] = ()
    #: Labels of this version's fields (English source marked with N_), by field key.
    labels: Mapping[str, str] = field(default_factory=dict)
    #: The most family members one declaration lists (decision 222): a number of the form, not of the signed bytes,
    #: so that a workbook's family rows are bounded per declaration; None where the version lists none.
    max_family_members: int | None = None
    #: The most business interests one declaration lists, under all its questions (decision 234): like
    #: ``max_family_members``, a number of the form, not of the signed bytes; None: no bound.
    max_interests: int | None = None

    @property
    def declaration_columns(self) -> tuple[Column, ...]:
        """The declaration sheet's columns: the leading ones, an answer column per question, the trailing ones."""
        return (*self.leading_columns, *answer_columns(self.questions), *self.trailing_columns)

    @property
    def question_keys(self) -> tuple[str, ...]:
        return tuple(q.key for q in self.questions)

    def question(self, key: str) -> FormQuestion | None:
        return next((q for q in self.questions if q.key == key), None)

    def allowed_relations(self, key: str) -> frozenset[Relation]:
        """Who may hold an interest under the question ``key`` (nothing for a question the version lacks)."""
        question = self.question(key)
        return question.relations if question is not None else frozenset()

    @property
    def lists_family_members(self) -> bool:
        return bool(self.family_relations)

    def content(self, declaration: Declaration) -> dict[str, object]:
        """The declaration's content as this version signs it: plain JSON values in a fixed shape, the input of the
        canonical signed payload (RFC 8785). Version 1's bytes are frozen (tests/form/golden/)."""
        shape = self.shape
        answers = declaration.answers
        data: dict[str, object] = {
            "content_version": CONTENT_VERSION,
            "campaign_id": declaration.campaign_id,
            "officer": declaration.officer.to_dict(shape),
            "unit_name": declaration.unit_name,
            "answers": {key: answers.get(key) for key in self.question_keys},  # type: ignore[call-overload]
            "interests": [i.to_dict(shape) for i in declaration.interests],
            "acknowledged_warnings": sorted(declaration.acknowledged_warnings),
            "remarks": declaration.remarks,
        }
        if shape >= 2:
            data["form_version"] = self.number
            data["family_members"] = [m.to_dict() for m in declaration.family_members]
        return data


def answer_columns(questions: tuple[FormQuestion, ...]) -> tuple[Column, ...]:
    """One 是/否 column per question, in the form's order, keyed ``answer_<question>``."""
    return tuple(Column(ANSWER_PREFIX + q.key, q.heading, Kind.YES_NO, q.width) for q in questions)
