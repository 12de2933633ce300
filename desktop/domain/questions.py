"""The keys of the registration form's standard questions and the relations a holder may have.

What a form version asks, its wording and which relations each question allows are the form's (desktop/form/).
"""

from __future__ import annotations

from enum import StrEnum


class Question(StrEnum):
    OWN_BUSINESS = "own_business"
    SHAREHOLDING = "shareholding"
    PAID_PART_TIME = "paid_part_time"
    DISGUISED_INVOLVEMENT = "disguised_involvement"
    RELATIVES_BUSINESS = "relatives_business"
    SPECIFIC_RELATED_BUSINESS = "specific_related_business"


class Relation(StrEnum):
    SELF = "self"
    SPOUSE = "spouse"
    CHILD = "child"
    CHILD_SPOUSE = "child_spouse"
    PARENT = "parent"
    SIBLING = "sibling"
    SPECIFIC_RELATED = "specific_related"
    OTHER = "other"  # a person with no such tie, e.g. the name a business is run under


RELATIVES = frozenset({Relation.SPOUSE, Relation.CHILD, Relation.CHILD_SPOUSE, Relation.PARENT, Relation.SIBLING})
