"""Rules comparing a declaration with the same officer's previous one (the latest earlier imported campaign):
an interest that vanished without a recorded exit, an interest that is new, and a key that changed."""

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


def _officer_key_changed(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    """The officer signed with another key than in the previous campaign: a password reset gives a new key pair, and
    so does someone signing in the officer's name (issue 12, finding 5)."""
    previous = view.previous
    for row in view.data.declarations:
        before = previous.get(row.police_number)
        if before is None or not before.signer_fingerprint or not row.signer_fingerprint:
            continue
        if before.signer_fingerprint != row.signer_fingerprint:
            yield view.finding(
                rule,
                row,
                N_(
                    "Signed with a different key ({key}) than in {campaign} ({known}): after a password reset, or "
                    "by someone else in the officer's name. Ask the unit head how the new key was checked."
                ),
                key=row.signer_fingerprint[:19],
                campaign=_campaign_name(view, before.campaign_id),
                known=before.signer_fingerprint[:19],
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
    Rule(
        "officer_key_changed",
        40,
        N_("The officer signed with a different key than in the previous campaign"),
        "民警签字密钥与上次登记不同",
        _officer_key_changed,
    ),
)
