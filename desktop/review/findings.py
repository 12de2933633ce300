"""What a rule is and what it finds.

A rule has a stable id, a description in English (the source string, translated by the catalog) and in Chinese (the
wording of the report), a weight, and a check over the campaign view. A finding says which rule fired for which
declaration (or, for an officer without one, which officer), and why, as a translatable template with its fields.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.i18n import Translator

if TYPE_CHECKING:
    from desktop.review.view import CampaignView

#: A part of a reason that is itself translated: (English template, its fields).
Note = tuple[str, dict[str, object]]


@dataclass(slots=True)  # not frozen: a frozen dataclass is built field by field, slowly, 100,000 times a review
class Finding:
    rule: str
    subject: str  # "row:<imported declaration row>" or "officer:<police number>" for an officer with none
    declaration_row: int | None
    declaration_id: str | None
    police_number: str
    name: str
    unit_code: str
    weight: int
    message: str  # English template marked with N_
    params: dict[str, object] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()

    def render(self, translate: Translator) -> str:
        """The reason in the reader's language: the message, then each note."""
        parts = [translate(self.message, **_shown(self.params))]
        parts += [translate(template, **_shown(fields)) for template, fields in self.notes]
        text = parts[0]
        for previous, part in itertools.pairwise(parts):
            # A note that is a sentence follows with a space; a phrase after a colon or another phrase with '; '.
            text += (" " if previous.endswith((".", "。", ":", "：")) else "; ") + part
        return text


#: The fields of a reason that hold a day, kept as ISO 8601 text ('2026-12-31': a stored finding keeps text and
#: numbers only, the same in every language). They are shown as a person reads a date in the reader's language
#: ('2026年12月31日'; desktop.domain.times), as the window, the printout and the command line show dates.
DATE_FIELDS = frozenset({"date", "deadline", "birth"})


def _shown(fields: dict[str, object]) -> dict[str, object]:
    """``fields`` with each day of DATE_FIELDS as a date, which the translator writes in its language's form."""
    if fields.keys().isdisjoint(DATE_FIELDS):
        return fields
    return {name: _day(value) if name in DATE_FIELDS else value for name, value in fields.items()}


def _day(value: object) -> object:
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return value  # not a day (a register's free text): shown as it is


Check = Callable[["CampaignView", "Rule"], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    weight: int
    description: str  # English, marked with N_; the Chinese catalog entry equals ``description_zh``
    description_zh: str
    check: Check
    #: The oldest form version whose declarations hold what the rule reads: declarations on an older one are not
    #: checked by it, and the report says how many (a rule on family members needs form version 2).
    needs_form_version: int = 1

    def run(self, view: CampaignView) -> Iterator[Finding]:
        return self.check(view, self)


@dataclass(frozen=True)
class ShownFinding:
    """A finding as a report or a listing shows it: the finding, its subject's score and whether that was cleared."""

    finding: Finding
    score: int
    cleared: bool


def listing(names: list[str], limit: int = 3) -> str:
    """'甲、乙、丙 …': the first few different names of a list, for a reason."""
    if len(names) == 1:
        return names[0]
    parts = [n for n in dict.fromkeys(names) if n]
    return "、".join(parts[:limit]) + (" …" if len(parts) > limit else "")
