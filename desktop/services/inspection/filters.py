"""What a findings listing is filtered by: a unit with the units below it, and a rule (known by its id).

Apart from the review, so that a listing answered from its kept run imports no rule unless a rule is asked for."""

from __future__ import annotations

from desktop.errors import DeclareError
from desktop.i18n import N_
from desktop.review.model import UnitInfo


class UnknownRule(DeclareError):
    def __init__(self, rule: str) -> None:
        from desktop.review.catalog import RULES_BY_ID

        super().__init__(
            N_("There is no rule {rule}; the rules are: {rules}."), rule=rule, rules=", ".join(RULES_BY_ID)
        )


def check_rule(rule: str) -> None:
    from desktop.review.catalog import RULES_BY_ID  # every rule's module: only when a rule is named

    if rule not in RULES_BY_ID:
        raise UnknownRule(rule)


def unit_and_below(units: dict[str, UnitInfo], unit: str) -> set[str]:
    children: dict[str, list[str]] = {}
    for u in units.values():
        if u.parent_code:
            children.setdefault(u.parent_code, []).append(u.code)
    found, stack = set(), [unit]
    while stack:
        code = stack.pop()
        if code not in found:
            found.add(code)
            stack.extend(children.get(code, ()))
    return found
