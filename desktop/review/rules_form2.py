"""Rules that read what only form version 2 and later hold: the family members listed whether or not they do
business (家庭成员及主要社会关系). Declarations made on form version 1 are not checked by them; the report says how
many (Rule.needs_form_version)."""

from __future__ import annotations

from collections.abc import Iterator

from desktop.i18n import N_
from desktop.review.findings import Finding, Rule
from desktop.review.view import CampaignView


def _public_servant_relative_in_business(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    later = view.data.later_forms
    if not later:
        return
    for row in view.data.declarations:
        content = later.get(row.row_id)
        if content is None:
            continue
        servants = {
            m.get("member_id"): m.get("name", "") for m in content.get("family_members", []) if m.get("public_servant")
        }
        for interest in content.get("interests", []):
            member = interest.get("holder_member_id")
            if member in servants and interest.get("status") in ("operating", "rectifying"):
                yield view.finding(
                    rule,
                    row,
                    N_(
                        "{member}, a family member listed as a public servant, holds an interest in {enterprise} "
                        "that is still running."
                    ),
                    member=servants[member],
                    enterprise=interest.get("enterprise_name", ""),
                )


RULES = (
    Rule(
        "public_servant_relative_business",
        30,
        N_("A family member listed as a public servant holds a running business interest"),
        "所列公职人员家庭成员持有仍在经营的企业",
        _public_servant_relative_in_business,
        needs_form_version=2,
    ),
)
