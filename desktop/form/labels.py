"""Labels shared by every form version (English source marked with N_, Chinese in resources/i18n/zh_CN.json)."""

from __future__ import annotations

from desktop.domain.questions import Relation
from desktop.form.model import FormVersion
from desktop.form.registry import form_for
from desktop.i18n import N_

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


def question_wording(key: str, form: FormVersion | None = None) -> str:
    """The English wording of the question ``key`` on ``form`` (version 1 when not given), for a translator."""
    question = (form or form_for(1)).question(key)
    if question is None:
        raise KeyError(key)
    return question.text
