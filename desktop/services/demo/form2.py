"""What form version 2 asks beyond version 1, for the demo's declarations: the officer's political status and
mobile, the family members (家庭成员及主要社会关系) listed whether or not they do business, every interest of a
listed relative pointing at its member, every role the holder has, and the enterprise's registered details.

It draws from its own seeded streams, never from the ones that decide the rest of the demo, so that the demo's
version 1 content and every officer's fate stay what they were; the result is a pure function of the seed, the
demo's date and the order of the calls.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from faker import Faker
from stdnum.cn import ric

from desktop.domain.declarations import Declaration
from desktop.domain.family import FAMILY_RELATIONS, FamilyMember, member_id_for
from desktop.domain.identifiers import normalise_id_number
from desktop.domain.interests import BusinessInterest, InterestRole
from desktop.domain.officers import Officer, PoliticalStatus
from desktop.domain.questions import Relation
from desktop.services.demo.identities import IdNumbers

#: Political statuses of police officers, and how often each is drawn.
_STATUSES = (
    PoliticalStatus.CPC_MEMBER,
    PoliticalStatus.CPC_PROBATIONARY,
    PoliticalStatus.LEAGUE_MEMBER,
    PoliticalStatus.MASSES,
)
_STATUS_WEIGHTS = (80, 4, 6, 10)
#: (work unit, position, public servant) of relatives who do not run the business they are listed for.
_WORK = (
    ("清河市第一中学", "教师", True),
    ("清河市人民医院", "护士", False),
    ("清河市自然资源局", "科员", True),
    ("清河市税务局", "副科长", True),
    ("清河市某某商贸有限公司", "职员", False),
    ("务农", "", False),
    ("退休", "", False),
    ("无业", "", False),
)
_AUTHORITIES = ("清河市市场监督管理局", "清河市东城区市场监督管理局", "清河县市场监督管理局")


def _age(officer: Officer, today: dt.date) -> int:
    birth = ric.get_birth_date(officer.id_number)
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


class Form2Details:
    """Completes demo declarations for the form version of their campaign (version 1: left as they are)."""

    def __init__(self, seed: int) -> None:
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed + 21)
        self.rng = random.Random(seed + 21)
        self.id_numbers = IdNumbers(seed + 21)

    def complete(self, declaration: Declaration, form_version: int, today: dt.date) -> Declaration:
        """``declaration`` as an officer fills it in on ``form_version``: version 1 unchanged; on version 2 the
        officer's own details and the family list are added where missing (a list already there is kept, and a new
        relative holding an interest is added to it), and each interest gets its member, roles and registration."""
        if form_version < 2:
            return declaration
        members = list(declaration.family_members)
        listed_before = bool(members)
        interests = tuple(self._interest(i, members) for i in declaration.interests)
        if not listed_before:
            members.extend(self._relatives_without_business(declaration.officer, members, today))
        return declaration.with_changes(
            form_version=form_version,
            officer=self._officer(declaration.officer),
            family_members=tuple(members),
            interests=interests,
        )

    def public_servant(self, member: FamilyMember) -> FamilyMember:
        """The member as a public servant (the demo's case of the rule that looks for them)."""
        return member.with_changes(work_unit="清河市住房和城乡建设局", position="副科长", public_servant=True)

    def _officer(self, officer: Officer) -> Officer:
        status = officer.political_status or self.rng.choices(_STATUSES, weights=_STATUS_WEIGHTS)[0]
        mobile = officer.mobile or f"1{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}"
        return dataclasses.replace(officer, political_status=status, mobile=mobile)

    def _interest(self, interest: BusinessInterest, members: list[FamilyMember]) -> BusinessInterest:
        roles = interest.roles  # an interest completed before (an amendment's older rows) keeps its roles
        if not roles:
            roles = (interest.role,)
            if interest.role is InterestRole.INVESTOR and self.rng.random() < 0.5:
                roles = (InterestRole.INVESTOR, InterestRole.LEGAL_REPRESENTATIVE)
        interest = interest.with_changes(
            roles=roles,
            registered_address=interest.registered_address or self.fake.street_address(),
            registered_capital_wan=interest.registered_capital_wan or interest.capital_wan,
            registration_authority=interest.registration_authority or self.rng.choice(_AUTHORITIES),
        )
        if interest.relation not in FAMILY_RELATIONS or interest.holder_member_id:
            return interest
        number = normalise_id_number(interest.holder_id_number)
        member = next((m for m in members if normalise_id_number(m.id_number) == number), None)
        if member is None:
            member = FamilyMember(
                member_id_for(len(members)),
                interest.relation,
                interest.holder_name,
                interest.holder_id_number,
                work_unit=interest.enterprise_name,
                position="经营者",
            )
            members.append(member)
        return interest.with_changes(holder_member_id=member.member_id)

    def _relatives_without_business(
        self, officer: Officer, members: list[FamilyMember], today: dt.date
    ) -> list[FamilyMember]:
        """A spouse, parents and a child, as the officer's age makes likely, unless already listed."""
        age = _age(officer, today)
        present = {m.relation for m in members}
        wanted: list[tuple[Relation, int, int]] = []
        if Relation.SPOUSE not in present and age >= 26 and self.rng.random() < 0.85:
            wanted.append((Relation.SPOUSE, max(20, age - 5), age + 5))
        if Relation.PARENT not in present:
            wanted.extend((Relation.PARENT, age + 22, age + 35) for _ in range(self.rng.choice((1, 2, 2))))
        if Relation.CHILD not in present and age >= 32 and self.rng.random() < 0.7:
            wanted.append((Relation.CHILD, 1, age - 25))
        found: list[FamilyMember] = []
        for relation, youngest, oldest in wanted:
            work_unit, position, servant = self.rng.choice(_WORK)
            if relation is Relation.CHILD:
                work_unit, position, servant = "在读学生", "", False
            name = self.fake.name() if relation is Relation.SPOUSE else officer.name[0] + self.fake.first_name()
            found.append(
                FamilyMember(
                    member_id_for(len(members) + len(found)),
                    relation,
                    name,
                    self.id_numbers.id_number(today, min_age=youngest, max_age=oldest),
                    work_unit=work_unit,
                    position=position,
                    public_servant=servant,
                )
            )
        return found
