"""The declarations the demo's review scenario stages (desktop.services.demo.review), one case per review rule:
what each part's officer declares, last year and this year, and the few things the application refuses to do on
purpose (a countersignature by the wrong person, an edit after countersigning), staged through
desktop.services.demo.staging."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest, InterestRole
from desktop.domain.officers import Officer
from desktop.domain.questions import Question, Relation
from desktop.services.administration.accounts import admin_reset_password
from desktop.services.demo.review_scenario import ADMIN, Scenario, after, at, credit_code
from desktop.services.demo.staging import Cast, alter_after_countersigning, declare, forge_countersignature, sign_only
from desktop.services.workflow.export import export_own
from desktop.store.repositories import declarations as repo


def last_campaign(scenario: Scenario, parts: dict[str, Officer], last: Campaign) -> None:
    """Last year: the clean officer and the regulated-trade officer had nothing; the 'vanished' officer's spouse
    ran a restaurant."""
    when = at(last.deadline - dt.timedelta(days=15))
    for part in ("clean", "regulated"):
        if part in parts:
            officer = parts[part]
            content = scenario.content(officer, last)
            declare(scenario.cast, officer.police_number, content, last.id, when, scenario.head_for(officer))
    if "vanished" in parts:
        officer = parts["vanished"]
        restaurant = scenario.interest(
            last,
            Question.RELATIVES_BUSINESS,
            Relation.SPOUSE,
            "清河市福源酒家",
            "catering",
            uscc=credit_code(881, officer.id_number),
        )
        content = scenario.content(officer, last, restaurant)
        declare(scenario.cast, officer.police_number, content, last.id, when, scenario.head_for(officer))


def current_campaign(scenario: Scenario, parts: dict[str, Officer], current: Campaign) -> tuple[str | None, str | None]:
    """This year's cases; returns the head whose key changed and the new key's fingerprint (see late_with_new_key)."""
    cast = scenario.cast
    when = at(current.deadline - dt.timedelta(days=5))

    def act(part: str, *interests: BusinessInterest, confirm_new_key: bool = False) -> str | None:
        officer = parts.get(part)
        if officer is None:
            return None
        return declare(
            cast,
            officer.police_number,
            scenario.content(officer, current, *interests),
            current.id,
            when,
            scenario.head_for(officer),
            confirm_new_key=confirm_new_key,
        )

    hotel_code = credit_code(551, "131121")
    act("clean")
    if "regulated" in parts:
        region = parts["regulated"].id_number
        act(
            "regulated",
            scenario.interest(
                current,
                Question.RELATIVES_BUSINESS,
                Relation.SPOUSE,
                "清河市宏达宾馆",
                "hotel",
                uscc=hotel_code,
                within_jurisdiction=True,
                related_to_duties=True,
            ),
            scenario.interest(
                current,
                Question.RELATIVES_BUSINESS,
                Relation.SIBLING,
                "清河市兴隆网吧",
                "internet_cafe",
                uscc=credit_code(552, region),
            ),
        )
    act(
        "shared",
        scenario.interest(
            current, Question.RELATIVES_BUSINESS, Relation.PARENT, "清河市宏达宾馆", "hotel", uscc=hotel_code
        ),
    )
    if "identifier" in parts:
        region = parts["identifier"].id_number
        act(
            "identifier",
            scenario.interest(
                current,
                Question.SHAREHOLDING,
                Relation.SELF,
                "清河市恒泰商贸有限公司",
                "retail",
                uscc=credit_code(553, region, valid=False),
            ),
        )
    act(
        "contradiction",
        scenario.interest(
            current,
            Question.RELATIVES_BUSINESS,
            Relation.SIBLING,
            "清河市顺发汽车修理厂",
            "vehicle_repair",
            role=InterestRole.NOMINEE,
            note="登记在兄弟名下，实际由本人出资",
        ),
    )
    _reset_password(cast, parts.get("vanished"), when - dt.timedelta(days=2))
    act("vanished", confirm_new_key=True)
    act("altered")
    if "altered" in parts:
        with scenario.store.transaction() as connection:
            record = repo.latest(connection, current.id, parts["altered"].police_number)
        assert record is not None
        alter_after_countersigning(scenario.store, record.id, when + dt.timedelta(hours=3))
    for part, signer in (("self_countersigned", "self"), ("not_head", "other head")):
        officer = parts.get(part)
        head = scenario.head_for(officer) if officer else None
        if officer is None or head is None:
            continue
        content = scenario.content(officer, current)
        declaration_id = sign_only(cast, officer.police_number, content, current.id, when, head)
        who = officer.police_number if signer == "self" else _other_head(scenario, officer)
        if who is not None:
            forge_countersignature(cast, declaration_id, who, when + dt.timedelta(hours=2))
    if "missing" in parts:
        officer = parts["missing"]
        content = scenario.content(officer, current)
        sign_only(cast, officer.police_number, content, current.id, when, scenario.head_for(officer) or "")
    _public_servant(scenario, parts, current, when)
    return _late_with_new_key(scenario, parts, current)


def _public_servant(scenario: Scenario, parts: dict[str, Officer], current: Campaign, when: dt.datetime) -> None:
    """A sibling listed as a public servant runs a farm restaurant (form version 2 and later: version 1 lists no
    family members, so the rule that needs them cannot fire on it, and the report says so)."""
    officer = parts.get("public_servant")
    if officer is None:
        return
    restaurant = scenario.interest(
        current, Question.RELATIVES_BUSINESS, Relation.SIBLING, "清河市安顺农家乐", "catering"
    )
    content = scenario.content(officer, current, restaurant)
    content = _holders_as_public_servants(scenario, content)
    declare(scenario.cast, officer.police_number, content, current.id, when, scenario.head_for(officer))


def _holders_as_public_servants(scenario: Scenario, content: Declaration) -> Declaration:
    holders = {i.holder_member_id for i in content.interests if i.holder_member_id}
    members = tuple(scenario.details.public_servant(m) if m.member_id in holders else m for m in content.family_members)
    return dataclasses.replace(content, family_members=members)


def _reset_password(cast: Cast, officer: Officer | None, when: dt.datetime) -> None:
    """The officer's password was reset since last year: a new key pair, which the head confirms when countersigning
    and the inspectors see as a changed key."""
    if officer is not None:
        cast.renew(admin_reset_password(cast.session(ADMIN, when), officer.police_number, cast.password))


def replay_an_older_version(scenario: Scenario, parts: dict[str, Officer], current: Campaign, out: Path) -> None:
    """The officer's first version, countersigned, saved as the officer's own file; then an amendment declaring the
    spouse's shop, countersigned. The inspectors later import the old file too: the older version is flagged."""
    officer = parts.get("replayed")
    head = scenario.head_for(officer) if officer else None
    if officer is None or head is None:
        return
    cast, when = scenario.cast, at(current.deadline - dt.timedelta(days=4))
    declare(cast, officer.police_number, scenario.content(officer, current), current.id, when, head)
    path = out / f"{current.id[:8]}-{officer.police_number}-v1.xlsx"
    me = cast.session(officer.police_number, when + dt.timedelta(hours=2))
    export_own(me, path, campaign_id=current.id)
    scenario.unvouched.add(me.account.fingerprint)
    shop = scenario.interest(current, Question.RELATIVES_BUSINESS, Relation.SPOUSE, "清河市惠民便利店", "retail")
    amended = scenario.content(officer, current, shop)
    declare(cast, officer.police_number, amended, current.id, when + dt.timedelta(days=1), head)
    scenario.late_files.append(path)


def _other_head(scenario: Scenario, officer: Officer) -> str | None:
    """A head of a unit that is neither the officer's nor above it: the wrong person to countersign."""
    above: set[str] = set()
    code: str | None = officer.unit_code
    while code is not None and code not in above:
        above.add(code)
        unit = scenario.units.get(code)
        code = unit.parent_code if unit else None
    strangers = sorted(number for unit, number in scenario.head_of.items() if unit not in above)
    return strangers[0] if strangers else None


def _late_with_new_key(
    scenario: Scenario, parts: dict[str, Officer], current: Campaign
) -> tuple[str | None, str | None]:
    """The late officer signs after the deadline; the head has meanwhile had the password reset (a new key pair)
    and countersigns with the new key, which the inspectors have not confirmed."""
    officer = parts.get("late")
    head = scenario.head_for(officer) if officer else None
    if officer is None or head is None:
        return None, None
    cast = scenario.cast
    admin = cast.session(ADMIN, after(current, days=1))
    renewed = admin_reset_password(admin, head, cast.password)
    cast.renew(renewed)
    content = scenario.content(officer, current)
    declare(cast, officer.police_number, content, current.id, after(current, days=2), head)
    return head, renewed.fingerprint
