"""Rules on what is declared: the officer's own involvement, police-regulated trades, the officer's jurisdiction and
duties, key persons, and the same enterprise behind several officers."""

from __future__ import annotations

from collections.abc import Iterator

from desktop.i18n import N_
from desktop.review.findings import Finding, Note, Rule, listing
from desktop.review.model import ENDED, OWN_QUESTIONS
from desktop.review.view import CampaignView


def _own(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    for row in view.data.declarations:
        found = [i for i in row.interests if i.question in OWN_QUESTIONS and i.status not in ENDED]
        if found:
            yield view.finding(
                rule,
                row,
                N_("The officer personally runs, holds shares in, works for or is a nominee behind: {enterprises}."),
                enterprises=listing([i.enterprise_name for i in found]),
                count=len(found),
            )


def _regulated(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    regulated = view.regulated
    for row in view.data.declarations:
        found = [i for i in row.interests if i.trade_code in regulated and i.status not in ENDED]
        if found:
            yield view.finding(
                rule,
                row,
                N_("An interest in a police-regulated trade: {enterprises} ({trades})."),
                enterprises=listing([i.enterprise_name for i in found]),
                trades=listing([regulated[i.trade_code].name_zh for i in found]),
                count=len(found),
            )


def _jurisdiction(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    for row in view.data.declarations:
        found = [i for i in row.interests if i.within_jurisdiction and i.status not in ENDED]
        if found:
            yield view.finding(
                rule,
                row,
                N_("Within the officer's own jurisdiction: {enterprises}."),
                enterprises=listing([i.enterprise_name for i in found]),
                count=len(found),
            )


def _duties(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    for row in view.data.declarations:
        found = [i for i in row.interests if i.related_to_duties and i.status not in ENDED]
        if found:
            yield view.finding(
                rule,
                row,
                N_("Related to the officer's own duties: {enterprises}."),
                enterprises=listing([i.enterprise_name for i in found]),
                count=len(found),
            )


_KEY_KINDS = (
    ("is_division_level", N_("division-level cadre")),
    ("is_leadership_member", N_("leadership member")),
    ("is_unit_head", N_("unit head")),
)


def _key_person(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    for row in view.data.declarations:
        if row.is_key_person:
            notes: tuple[Note, ...] = tuple((label, {}) for flag, label in _KEY_KINDS if getattr(row, flag))
            yield view.finding(rule, row, N_("A key person, verified first:"), notes)


def _shared(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    index = view.enterprises
    if not index.shared:
        return
    for row in view.data.declarations:
        groups = [
            (interest.enterprise_name, people)
            for interest in row.interests
            if (people := index.officers(interest)) is not None
        ]
        if not groups:
            continue
        others = {p for _name, people in groups for p in people[:20]} - {row.police_number}
        count = max(len(others), *(len(people) - 1 for _name, people in groups))
        yield view.finding(
            rule,
            row,
            N_("The same enterprise ({enterprises}) is also declared by {count} other officers: {officers}."),
            enterprises=listing([name for name, _people in groups]),
            count=count,
            officers=listing(sorted(others), 5),
        )


RULES = (
    Rule(
        "own_involvement",
        40,
        N_("The officer personally runs a business, holds shares, works part-time for pay or takes part in disguise"),
        "本人经商办企业、持股、兼职取酬或变相参与经商",
        _own,
    ),
    Rule(
        "regulated_trade",
        40,
        N_("An interest in a police-regulated trade"),
        "涉及公安机关业务范围内的经营项目",
        _regulated,
    ),
    Rule(
        "own_jurisdiction",
        40,
        N_("A business within the officer's own jurisdiction"),
        "在本人辖区内经商办企业",
        _jurisdiction,
    ),
    Rule("related_to_duties", 40, N_("A business related to the officer's own duties"), "与本人职责相关", _duties),
    Rule(
        "key_person",
        15,
        N_("A key person: division-level cadre, leadership member or unit head"),
        "重点人员：处级以上干部、班子成员或单位主要负责人",
        _key_person,
    ),
    Rule(
        "shared_enterprise",
        30,
        N_("The same enterprise is declared by several officers"),
        "同一企业涉及多名民警",
        _shared,
    ),
)
