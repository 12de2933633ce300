"""The rule set: stable ids, weights, and a description in Chinese and English that the catalog agrees with."""

from __future__ import annotations

import re

from desktop.i18n import Translator
from desktop.review.catalog import RULES, RULES_BY_ID


def test_rule_ids_are_unique_snake_case_and_weights_between_1_and_100():
    assert len(RULES_BY_ID) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", rule.id)
        assert 1 <= rule.weight <= 100


def test_the_chinese_catalog_says_what_each_rules_chinese_description_says():
    chinese = Translator("zh_CN")
    for rule in RULES:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.description_zh), rule.id
        assert chinese(rule.description) == rule.description_zh, rule.id


def test_the_issue_list_of_rules_is_covered():
    expected = {
        "signature_invalid",
        "key_untrusted",
        "self_countersigned",
        "countersigner_not_head",
        "missing_declaration",
        "duplicate_declaration",
        "regulated_trade",
        "own_jurisdiction",
        "related_to_duties",
        "key_person",
        "shared_enterprise",
        "answers_contradict",
        "identifier_invalid",
        "late_signature",
        "interest_vanished",
        "interest_new",
        "key_changed",
    }
    assert expected <= set(RULES_BY_ID)
