"""Every rule, in the order the report lists them, and the version of the rule set."""

from __future__ import annotations

from desktop.review import (
    rules_batches,
    rules_changes,
    rules_consistency,
    rules_form2,
    rules_interests,
    rules_registers,
    rules_registration,
    rules_signatures,
)
from desktop.review.findings import Rule

#: Bump when a rule is added, removed or reweighted, or reads its data differently: a review run records the version
#: it used and its data signature covers it, so a run stored by other rules is not reused. 5: form 2's roles read
#: (decisions 95 and 122).
RULES_VERSION = "5"

RULES: tuple[Rule, ...] = (
    *rules_signatures.RULES,
    *rules_batches.RULES,
    *rules_registration.RULES,
    *rules_interests.RULES,
    *rules_consistency.RULES,
    *rules_changes.RULES,
    *rules_registers.RULES,
    *rules_form2.RULES,
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def rule(rule_id: str) -> Rule:
    return RULES_BY_ID[rule_id]
