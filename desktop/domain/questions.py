"""The standard questions of the registration form (情况登记表) and who may hold an interest under each."""

from __future__ import annotations

from enum import StrEnum

from desktop.i18n import N_


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

#: Which relations may hold an interest declared under each question.
ALLOWED_RELATIONS: dict[Question, frozenset[Relation]] = {
    Question.OWN_BUSINESS: frozenset({Relation.SELF}),
    Question.SHAREHOLDING: frozenset({Relation.SELF}),
    Question.PAID_PART_TIME: frozenset({Relation.SELF}),
    # Business run under another's name: the holder on paper is someone else, often a relative.
    Question.DISGUISED_INVOLVEMENT: frozenset(Relation) - {Relation.SELF},
    Question.RELATIVES_BUSINESS: RELATIVES,
    Question.SPECIFIC_RELATED_BUSINESS: frozenset({Relation.SPECIFIC_RELATED}),
}

#: The wording of each question as on the official form (English source; Chinese in the catalog).
QUESTION_TEXT: dict[Question, str] = {
    Question.OWN_BUSINESS: N_("Do you yourself run a business or enterprise (including an individual business)?"),
    Question.SHAREHOLDING: N_("Do you hold shares in a non-listed company or enterprise?"),
    Question.PAID_PART_TIME: N_("Do you hold a paid part-time position in an enterprise?"),
    Question.DISGUISED_INVOLVEMENT: N_(
        "Do you take part in business in disguise: under another person's name, or through shares held for you?"
    ),
    Question.RELATIVES_BUSINESS: N_(
        "Do your spouse, children and their spouses, parents or siblings run a business or enterprise?"
    ),
    Question.SPECIFIC_RELATED_BUSINESS: N_("Does a specific-related person of yours run a business or enterprise?"),
}

RELATION_LABELS: dict[Relation, str] = {
    Relation.SELF: N_("self"),
    Relation.SPOUSE: N_("spouse"),
    Relation.CHILD: N_("child"),
    Relation.CHILD_SPOUSE: N_("child's spouse"),
    Relation.PARENT: N_("parent"),
    Relation.SIBLING: N_("sibling"),
    Relation.SPECIFIC_RELATED: N_("specific-related person"),
    Relation.OTHER: N_("other person"),
}
