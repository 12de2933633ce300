"""Rules comparing a declaration with the same officer's previous one (the latest earlier imported campaign):
an interest that vanished without a recorded exit, and an interest that is new."""

from __future__ import annotations

from collections.abc import Iterator

from desktop.i18n import N_
from desktop.review.findings import Finding, Rule, listing
from desktop.review.view import CampaignView


def _campaign_name(view: CampaignView, campaign_id: str) -> str:
    campaign = view.data.campaigns.get(campaign_id)
    return campaign.name if campaign else campaign_id


def _vanished(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    previous = view.previous
    for row in view.data.declarations:
        before = previous.get(row.police_number)
        if before is None:
            continue
        if not before.running:
            continue
        now = {key for interest in row.interests for key in interest.keys}
        gone = [name for keys, name in before.running if now.isdisjoint(keys)]
        if gone:
            yield view.finding(
                rule,
                row,
                N_(
                    "Declared in {campaign} and still running then, now gone without a recorded exit or "
                    "deregistration: "
                    "{enterprises}."
                ),
                campaign=_campaign_name(view, before.campaign_id),
                enterprises=listing(gone),
                count=len(gone),
            )


def _new(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    previous = view.previous
    for row in view.data.declarations:
        before = previous.get(row.police_number)
        if before is None:
            continue
        if not row.interests:
            continue
        then = before.keys
        new = [i for i in row.interests if then.isdisjoint(i.keys)]
        if new:
            yield view.finding(
                rule,
                row,
                N_("New since {campaign}: {enterprises}."),
                campaign=_campaign_name(view, before.campaign_id),
                enterprises=listing([i.enterprise_name for i in new]),
                count=len(new),
            )


RULES = (
    Rule(
        "interest_vanished",
        50,
        N_("An interest of the previous declaration vanished without a recorded exit"),
        "上次登记的经商办企业情况无故消失（未登记退出或注销）",
        _vanished,
    ),
    Rule("interest_new", 10, N_("A new interest since the previous declaration"), "较上次登记新增经商办企业情况", _new),
)
