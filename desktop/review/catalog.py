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
from desktop.review.rules_version import RULES_VERSION as RULES_VERSION  # defined apart from the rules

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
