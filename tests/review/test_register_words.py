"""The register cross-check's evidence speaks the one vocabulary (desktop/exchange/vocabulary.py): a declared role
and a relation are written in the very word the workbook, the window, the printed form and the report use for them
(decision 120). Before, rules_registers.py kept its own ROLE_ZH and RELATION_ZH, and a declared 经营管理者 (manager)
was reported as 董事、监事或高管, the register's word for its own "manager" kind."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from desktop.domain.interests import InterestRole
from desktop.domain.questions import Relation
from desktop.exchange import vocabulary
from desktop.exchange.vocabulary import RELATION_WORDS, ROLE_WORDS
from desktop.i18n import Translator
from desktop.review.registers.model import EXACT, RegisterMatch
from desktop.review.rules_registers import REGISTER_ROLE_WORDS, register_role_word
from tests.review.test_rules_registers import declared, enterprise, entry, person, review_with

DESKTOP = Path(vocabulary.__file__).parents[1]


def test_a_declared_role_that_differs_is_named_in_the_form_s_word() -> None:
    firm = enterprise()
    match = RegisterMatch(person(0), entry(firm, role="legal_representative"), EXACT)
    rules, findings = review_with([match], [declared(roles=frozenset({"manager"}))])
    assert rules == {"register_differs"}
    reason = findings[0].render(Translator("zh_CN"))
    assert f"申报为{ROLE_WORDS[InterestRole.MANAGER]}" in reason
    assert f"登记信息为{ROLE_WORDS[InterestRole.LEGAL_REPRESENTATIVE]}" in reason
    assert REGISTER_ROLE_WORDS["manager"] not in reason


@pytest.mark.parametrize("relation", list(Relation))
def test_the_evidence_names_the_relation_in_the_workbook_s_word(relation: Relation) -> None:
    firm = enterprise("清河市悦来客栈")
    match = RegisterMatch(person(0, relation.value, "李娜"), entry(firm, role="legal_representative"), EXACT)
    _rules, findings = review_with([match], [])
    reason = findings[0].render(Translator("zh_CN"))
    assert f"（{RELATION_WORDS[relation]}）" in reason


def test_a_register_role_the_form_also_has_is_the_form_s_word() -> None:
    assert register_role_word("legal_representative") == ROLE_WORDS[InterestRole.LEGAL_REPRESENTATIVE]
    assert register_role_word("shareholder") == ROLE_WORDS[InterestRole.SHAREHOLDER]
    # The register's own kinds have no word on the form; none of them reuses a form word for something else.
    assert set(REGISTER_ROLE_WORDS.values()).isdisjoint(ROLE_WORDS.values())


def test_no_module_keeps_a_word_list_of_its_own() -> None:
    """Outside the vocabulary and the form definitions, no dict spells two or more of the vocabulary's words for
    relations, roles, statuses, political statuses or sexes: a copy would drift from the workbook's words."""
    words = {
        word
        for table in (
            vocabulary.RELATION_WORDS,
            vocabulary.ROLE_WORDS,
            vocabulary.STATUS_WORDS,
            vocabulary.POLITICAL_STATUS_WORDS,
            vocabulary.SEX_WORDS,
        )
        for word in table.values()
    }
    copies = []
    for path in sorted(DESKTOP.rglob("*.py")):
        if path == Path(vocabulary.__file__) or DESKTOP / "form" in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                spelled = {v.value for v in node.values if isinstance(v, ast.Constant) and v.value in words}
                if len(spelled) >= 2:
                    copies.append(f"{path.relative_to(DESKTOP)}:{node.lineno}: {sorted(spelled)}")
    assert copies == []
