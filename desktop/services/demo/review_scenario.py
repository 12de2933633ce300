"""The cast and the props of the demo's review scenario (desktop.services.demo.review): which officer plays which
part, chosen from the roster by rule, never by random draw; the people behind the staged interests; and the
declarations' content, made for the form version of the campaign they are declared in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from faker import Faker
from stdnum.cn import uscc

from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.officers import Officer
from desktop.domain.questions import Question, Relation
from desktop.services.demo.form2 import Form2Details
from desktop.services.demo.identities import IdNumbers
from desktop.services.demo.staging import Cast, with_rectification
from desktop.services.workflow.responsibility import Responsibility, responsible_unit
from desktop.store.repositories.officers import list_officers
from desktop.store.store import Store

INSPECTOR = "jijian01"
SECOND_INSPECTOR = "jijian02"
ADMIN = "admin"
#: The parts, in the order they are cast (a part added later goes last, so that the others keep their officers).
PARTS = (
    "clean",
    "regulated",
    "shared",
    "identifier",
    "contradiction",
    "vanished",
    "late",
    "self_countersigned",
    "not_head",
    "altered",
    "missing",
    "replayed",
    "public_servant",
)


def credit_code(seed: int, region: str, valid: bool = True) -> str:
    body = "92" + region[:6] + f"{seed:09d}"[-9:]
    check = uscc.calc_check_digit(body)
    if not valid:
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        check = alphabet[(alphabet.index(check) + 7) % len(alphabet)]
    return body + check


@dataclass
class Holders:
    """The people behind the staged interests: names from Faker (seeded), ID numbers from IdNumbers, their ages
    counted to the day the campaign began."""

    fake: Faker
    id_numbers: IdNumbers

    def name(self) -> str:
        return self.fake.name()

    def id_number(self, campaign: Campaign) -> str:
        return self.id_numbers.id_number(campaign.start_date, min_age=25, max_age=70)


def at(day: dt.date, hour: int = 2) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), dt.UTC)


def after(campaign: Campaign, days: int) -> dt.datetime:
    """``days`` after the campaign's deadline: the inspectors verify once it has closed."""
    return at(campaign.deadline + dt.timedelta(days=days))


class Scenario:
    def __init__(self, store: Store, password: str, seed: int) -> None:
        self.store, self.cast = store, Cast(store, password)
        fake = Faker("zh_CN")
        fake.seed_instance(seed + 7)
        self.holders = Holders(fake, IdNumbers(seed + 7))
        self.details = Form2Details(seed + 7)
        with store.transaction() as connection:
            self.officers = list_officers(connection)
            responsibility = Responsibility(connection)
            self.units, self.heads = responsibility.units, responsibility.heads
        self.head_of = {o.unit_code: o.police_number for o in self.officers if o.is_unit_head}
        #: Files the inspectors import after the units' workbooks (an officer's superseded version, put back).
        self.late_files: list[Path] = []
        #: Keys the inspectors do not confirm: the batch signers of those files.
        self.unvouched: set[str] = set()

    def head_for(self, officer: Officer) -> str | None:
        unit = responsible_unit(officer, self.units, self.heads)
        return self.head_of.get(unit) if unit else None

    def interest(
        self,
        campaign: Campaign,
        question: Question,
        relation: Relation,
        name: str,
        trade: str,
        **changes: object,
    ) -> BusinessInterest:
        """A staged interest held since years before either campaign, by ``relation``."""
        own = relation is Relation.SELF
        fields: dict[str, object] = {
            "holder_name": "" if own else self.holders.name(),
            "holder_id_number": "" if own else self.holders.id_number(campaign),
            "role": InterestRole.SHAREHOLDER if question is Question.SHAREHOLDING else InterestRole.INVESTOR,
            "share_percent": Decimal(10) if question is Question.SHAREHOLDING else None,
            "capital_wan": Decimal(20),
            "start_date": dt.date(campaign.start_date.year - 7, 5, 1),  # years before either campaign
            "status": InterestStatus.OPERATING,
        }
        interest = BusinessInterest(
            question=question,
            relation=relation,
            enterprise_name=name,
            trade_code=trade,
            **{**fields, **changes},  # type: ignore[arg-type]  # each key's value is of its field's type, as set above
        )
        return with_rectification(interest, campaign.start_date)

    def content(self, officer: Officer, campaign: Campaign, *interests: BusinessInterest) -> Declaration:
        """The officer's declaration of ``interests`` (none: nothing to declare) on the campaign's form version."""
        answers = {q: any(i.question is q for i in interests) for q in Question}
        declaration = Declaration(campaign_id="", officer=officer, unit_name="", answers=answers, interests=interests)
        return self.details.complete(declaration, campaign.form_version, campaign.start_date)

    def cast_parts(self) -> dict[str, Officer]:
        """Plain officers (not key persons) with a head, one per part, spread over the units. The clean and the
        late officer share a head: the head's key changes between their countersignatures."""
        plain = [o for o in self.officers if not o.is_key_person and self.head_for(o) is not None]
        by_head: dict[str, list[Officer]] = {}
        for officer in plain:
            by_head.setdefault(self.head_for(officer) or "", []).append(officer)
        pair = next((officers for _head, officers in sorted(by_head.items()) if len(officers) >= 2), None)
        chosen: dict[str, Officer] = {}
        if pair is not None:
            chosen = {"clean": pair[0], "late": pair[1]}
            del pair[:2]
        by_unit: dict[str, list[Officer]] = {}
        for officer in plain:
            if officer not in chosen.values():
                by_unit.setdefault(officer.unit_code, []).append(officer)
        order: list[Officer] = []
        while any(by_unit.values()):  # round robin over units, so that one unit does not hold every case
            for unit in sorted(by_unit):
                if by_unit[unit]:
                    order.append(by_unit[unit].pop(0))
        rest = [part for part in PARTS if part not in chosen]
        chosen.update(zip(rest, order, strict=False))
        return chosen
